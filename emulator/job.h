/*
 * A fine-tuning job inside the emulator, shared by the job files: jobs.c
 * (the API's routes), job_life.c (the life cycle in virtual time) and
 * control.c (the control API's advance, fail and delete).
 *
 * A job's progress is virtual time (vt_ms) that advances with the monotonic
 * clock except while paused or re-queued; its state, events, checkpoints and
 * results are produced for every milestone vt_ms has passed whenever the
 * job is brought up to now (emu_job_advance):
 *   0      validating_files   "Validating training file"
 *   10%    queued             (or failed: the validator's first error)
 *   20%    running            hyperparameters resolved from "auto"
 *   ...    metrics events per step, a checkpoint per epoch
 *   100%   succeeded          model, results file, trained_tokens
 */
#ifndef OFT_EMU_JOB_H
#define OFT_EMU_JOB_H

#include "emu.h"

enum {
    EMU_ST_VALIDATING,
    EMU_ST_QUEUED,
    EMU_ST_RUNNING,
    EMU_ST_SUCCEEDED,
    EMU_ST_FAILED,
    EMU_ST_CANCELLED
};

typedef struct emu_event {
    char id[EMU_ID_LEN];
    int64_t created_at;
    const char *level;
    char *message;
    const char *type;
    json_t *data;
} emu_event;

typedef struct emu_ckpt {
    char id[EMU_ID_LEN];
    int64_t created_at;
    char *name;
    int64_t step;
    json_t *metrics;
} emu_ckpt;

typedef struct emu_job {
    char id[EMU_ID_LEN];
    char tag[16]; /* the last part of the model name */
    int64_t created_at;
    char *model; /* the dated snapshot, as the API reports it */
    char *training_file;
    char *validation_file;
    char *suffix;
    json_t *method; /* {type, <type>:{hyperparameters:{...}}}, autos resolved at start */
    json_t *metadata; /* NULL: null */
    json_t *integrations;
    int64_t seed;
    int stage; /* EMU_ST_VALIDATING..EMU_ST_RUNNING while alive, then terminal */
    int paused;
    double vt_ms;
    int64_t last_mono;
    int64_t requeue_until; /* mono ms; 0: not re-queued */
    int64_t wall_floor;    /* no milestone is stamped before this (after a jump) */
    int64_t finished_at;
    char *fine_tuned_model;
    char *result_file;
    int64_t trained_tokens;
    char *err_code, *err_message, *err_param;
    /* From the validator, at creation. */
    char *invalid_message;
    const char *invalid_param;
    uint64_t examples, epoch_tokens;
    int default_epochs;
    /* Training, set at start. */
    int64_t n_epochs, batch_size, steps_per_epoch, total_steps, next_step;
    emu_vec events; /* emu_event*, oldest first */
    emu_vec ckpts;  /* emu_ckpt*, oldest first */
    char *csv;      /* results rows */
    size_t csv_len;
    char *stored;        /* its row in the kept state, without events (persist_db.c) */
    size_t saved_events; /* how many of its events are kept as rows */
    int events_unloaded; /* an ended job loaded without them: emu_db_job_events */
} emu_job;

/* job_life.c */
/* Brings the job up to now: emits every milestone its virtual time has passed. */
void emu_job_advance(oft_emu *emu, emu_job *j);
/* Moves the job's virtual time at once to the start of stage (EMU_ST_QUEUED,
 * EMU_ST_RUNNING or EMU_ST_SUCCEEDED), out of a pause or a re-queue, with every
 * milestone on the way. A bad training file ends it failed on the way. */
void emu_job_jump(oft_emu *emu, emu_job *j, int stage);
void emu_job_fail(oft_emu *emu, emu_job *j, const char *code, const char *param,
                  const char *message);
/* Pause, resume and cancel as the API's routes do them (the state allows it). */
void emu_job_pause(oft_emu *emu, emu_job *j);
void emu_job_resume(oft_emu *emu, emu_job *j);
void emu_job_cancel(oft_emu *emu, emu_job *j);
/* The job's status as the API names it ("paused", "queued" when re-queued). */
const char *emu_job_status(const emu_job *j);
void emu_job_add_event(emu_job *j, int64_t at, const char *level, const char *type,
                       json_t *data, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Logs a change of status from `from` (lifecycle lines). */
void emu_job_log_change(oft_emu *emu, const emu_job *j, const char *from);
const char *emu_job_method_type(const emu_job *j);

/* curves.c: one step's metrics (validation ones only with a validation file,
 * the full validation at the end of each epoch). */
typedef struct emu_step_values {
    double train_loss, train_acc, valid_loss, valid_acc, full_valid_loss, full_valid_acc;
    int has_valid, has_full;
} emu_step_values;
void emu_job_curves(const emu_job *j, int64_t step, emu_step_values *v);
/* The data of a metrics event; total_steps 0: left out. */
json_t *emu_step_values_json(int64_t step, int64_t total_steps, const emu_step_values *v);
/* The step-metrics CSV row of the step (with its newline). */
void emu_step_values_csv(int64_t step, const emu_step_values *v, char *line, size_t cap);
double emu_job_duration(const oft_emu *emu);
void emu_job_free(emu_job *j);

/* job_store.c: the job in the data dir's state (see store.c). */
/* The job without its events (rows of their own: emu_event_dump). */
json_t *emu_job_dump(const emu_job *j);
json_t *emu_event_dump(const emu_event *e);
/* Appends the events of a (as emu_event_dump wrote them) to the job's. */
int emu_job_events_restore(emu_job *j, json_t *a, char *err, size_t cap);
int emu_job_restore(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap);

/* jobs.c */
emu_job *emu_job_find(oft_emu *emu, const char *id);
json_t *emu_job_json(oft_emu *emu, const emu_job *j);
/* 409 in the API's error shape: the job has already ended (its status named). */
int emu_job_already_ended(emu_resp *r, const emu_job *j);
json_t *emu_event_json(const emu_event *e);
json_t *emu_ckpt_json(const emu_job *j, const emu_ckpt *c);

#endif
