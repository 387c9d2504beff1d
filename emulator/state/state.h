/*
 * The emulator's state: the object tables (files, uploads, models,
 * permissions, jobs, idempotency keys), a job's life in virtual time and its
 * curves, the note of what changed for the next save, and the gate: the lock,
 * taken by every entry point through emu_enter() (which brings every job up
 * to now: the one place where the clock advances) or emu_lock().
 */

#ifndef OFT_EMU_STATE_H
#define OFT_EMU_STATE_H

#include "base/base.h"

/* The state layer's part of oft_emu (emu->state): the object tables, the
 * lock and its conditions, the note of what changed for the next save. */
struct emu_state {
    pthread_mutex_t lock;   /* guards this, emu->store, emu->control, emu->server's
                             * draining, inflight, conns (emu_lock, emu_enter) */
    pthread_cond_t wake;    /* broadcast at stop, ends delays early */
    pthread_cond_t idle;    /* broadcast when the last request in flight ends */
    pthread_cond_t settled; /* broadcast when a handler working unlocked is done */
    int stopping;
    int unlocked_work; /* handlers that let go of the lock mid-way (reset waits) */
    int dirty;         /* the state changed since it was last saved */
    emu_vec trash;     /* names of bytes to unlink once the state is saved */
    emu_vec touched;   /* "K:ID" (K: EMU_ROW_*) of objects changed since then */
    int save_all;      /* the next save rewrites every row (a reset, a failed save) */
    emu_vec files;     /* emu_file*, oldest first */
    emu_vec uploads;   /* emu_upload* */
    emu_vec jobs;      /* emu_job*, oldest first */
    emu_vec models;    /* emu_model* */
    emu_vec perms;     /* emu_perm*, oldest first */
    emu_vec idem;      /* emu_idem* (idem_table.c) */
};

/*
 * A fine-tuning job inside the emulator, shared by the job files: routes/jobs.c
 * (the API's routes), job_life.c (the life cycle in virtual time),
 * job_table.c, and control/control.c (the control API's advance, fail and
 * delete).
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

/* job_table.c: the table of jobs. */
emu_job *emu_job_find(oft_emu *emu, const char *id);
/* The job id, or NULL and the API's 404 for an unknown job in r. */
emu_job *emu_job_of(oft_emu *emu, emu_resp *r, const char *id);
json_t *emu_job_json(oft_emu *emu, const emu_job *j);
/* 409 in the API's error shape: the job has already ended (its status named). */
int emu_job_already_ended(emu_resp *r, const emu_job *j);
json_t *emu_event_json(const emu_event *e);
json_t *emu_ckpt_json(const emu_job *j, const emu_ckpt *c);

/* The kinds of objects the kept state has a row of (emu_touch). */
#define EMU_ROW_FILE 'f'

#define EMU_ROW_UPLOAD 'u'

#define EMU_ROW_MODEL 'm'

#define EMU_ROW_PERM 'p'

#define EMU_ROW_JOB 'j' /* touched when deleted: saves find changed jobs themselves */

typedef struct emu_file {
    char id[EMU_ID_LEN];
    char *filename;
    char *purpose;
    int64_t bytes;
    int64_t created_at;
    int64_t expires_at; /* 0: none */
} emu_file;

typedef struct emu_part {
    char id[EMU_ID_LEN];
    int64_t bytes;
    int64_t created_at;
} emu_part;

typedef struct emu_upload {
    char id[EMU_ID_LEN];
    char *filename;
    char *purpose;
    char *mime_type;
    int64_t bytes;
    int64_t created_at;
    int64_t expires_at;
    int64_t file_expires_after; /* seconds, 0: none */
    int status;                 /* EMU_UP_* */
    emu_vec parts;              /* emu_part* */
    char file_id[EMU_ID_LEN];
} emu_upload;

enum { EMU_UP_PENDING, EMU_UP_COMPLETING, EMU_UP_COMPLETED, EMU_UP_CANCELLED };

typedef struct emu_model {
    char *id;
    int64_t created;
    char *owned_by;
    int fine_tuned;
} emu_model;

typedef struct emu_perm {
    char id[EMU_ID_LEN];
    char *checkpoint;
    char *project_id;
    int64_t created_at;
} emu_perm;

/* An idempotency key of POST /fine_tuning/jobs (idem_table.c; routes/idem.c
 * checks requests against it). */
typedef struct emu_idem {
    char *key;
    char *body; /* the first request's JSON body, keys sorted */
    char job[EMU_ID_LEN];
    int64_t created_at; /* wall clock, s */
    int pending;        /* its job is still being made (the lock let go) */
    int saved;          /* its row is in DIR/state.db */
} emu_idem;

/* Unlinks data_dir/name (a stored file or part); a missing one is no error. With
 * a kept state, only once the state without it has been saved. */
void emu_unlink_stored(oft_emu *emu, const char *name);

void emu_sleep_ms(oft_emu *emu, int ms); /* cut short at stop; takes the lock */

/* gate.c: enters the state (lock + every job brought up to now). */
void emu_enter(oft_emu *emu);

void emu_leave(oft_emu *emu);

/* The lock alone (the clock stays), and the clock advanced with the lock held
 * (the ticker); every other file takes the lock through these. */
void emu_lock(oft_emu *emu);

void emu_unlock(oft_emu *emu);

void emu_tick(oft_emu *emu);
/* The lock and its conditions (wake, idle, settled; CLOCK_MONOTONIC), made
 * and unmade with the emulator. */
void emu_gate_init(oft_emu *emu);
void emu_gate_destroy(oft_emu *emu);
/* Waits on one of emu's conditions, the lock held; until (CLOCK_MONOTONIC,
 * emu_deadline) NULL: no deadline. pthread_cond_timedwait's result. */
int emu_wait(oft_emu *emu, pthread_cond_t *cond, const struct timespec *until);

/* Around work done without the lock inside a handler (the lock is held
 * before and after): emu_reset waits for it to end. */
void emu_unlock_for_work(oft_emu *emu);

void emu_relock_after_work(oft_emu *emu);

/* file_table.c */
emu_file *emu_file_find(oft_emu *emu, const char *id);

json_t *emu_file_json(const emu_file *f);

/* Registers a file already written at data_dir/<id>. */
emu_file *emu_file_add(oft_emu *emu, const char *id, const char *filename,
                       const char *purpose, int64_t bytes, int64_t expires_at);

/* Forgets every file; with unlink_bytes, also removes their bytes. */
void emu_files_free(oft_emu *emu, int unlink_bytes);

/* upload_table.c */
json_t *emu_upload_json(oft_emu *emu, const emu_upload *u);

/* Forgets every upload; with unlink_bytes, also removes their parts' bytes. */
void emu_uploads_free(oft_emu *emu, int unlink_bytes);

/* model_table.c */
void emu_models_init(oft_emu *emu);

int emu_model_add(oft_emu *emu, const char *id, const char *owned_by);

emu_model *emu_model_find(oft_emu *emu, const char *id);

json_t *emu_model_json(const emu_model *m);

/* The dated snapshot a model alias stands for ("gpt-4o-mini" ->
 * "gpt-4o-mini-2024-07-18"); any other name unchanged. */
const char *emu_model_snapshot(const char *model);

void emu_models_free(oft_emu *emu);

/* perm_table.c */
json_t *emu_perm_json(const emu_perm *p);

void emu_perms_free(oft_emu *emu);

/* jobs (job.h has the rest) */
void emu_jobs_free(oft_emu *emu);

/* Brings every job up to now (models and checkpoints appear as they are due). */
void emu_jobs_advance_all(oft_emu *emu);

/* A name permissions can be granted on: a checkpoint of some job
 * ("ft:...:ckpt-step-N") or a fine-tuned model that exists ("ft:..."). */
int emu_checkpoint_exists(oft_emu *emu, const char *name);

int emu_idem_restore(oft_emu *emu, const char *key, const char *body, const char *job,
                     int64_t created_at);

void emu_idem_free_all(oft_emu *emu);

/* Notes that object id of kind (EMU_ROW_*) was added, changed or removed. */
void emu_touch(oft_emu *emu, char kind, const char *id);

void emu_trash(oft_emu *emu, const char *name);

/* The tables' own frees and lookups, used by their routes. */
void emu_file_free(emu_file *f);

void emu_perm_free(emu_perm *p);

void emu_model_free(emu_model *m);

void emu_upload_free(oft_emu *emu, emu_upload *u, int unlink_bytes);

void emu_upload_drop_parts(oft_emu *emu, emu_upload *u);

const char *emu_upload_status(const emu_upload *u);

emu_idem *emu_idem_find(oft_emu *emu, const char *key);

void emu_idem_drop(oft_emu *emu, emu_idem *k);

void emu_idem_free(emu_idem *k);

#endif
