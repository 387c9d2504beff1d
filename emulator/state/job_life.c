/*
 * The life cycle of a job in virtual time (see job.h): milestones, metrics
 * events, checkpoints, the results file and the model; pause, resume,
 * cancel, failure, and the jump the control API makes; a log line for each
 * change of status.
 */
#include "state/state.h"

#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_STEP_EVENTS 100 /* metrics events per job, spread over the steps */

static const char *const status_names[] = {"validating_files", "queued", "running",
                                           "succeeded",        "failed", "cancelled"};

void emu_job_add_event(emu_job *j, int64_t at, const char *level, const char *type,
                       json_t *data, const char *fmt, ...)
{
    emu_event *e = calloc(1, sizeof(*e));
    va_list ap;
    char msg[512];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!e || !(e->message = emu_strdup(msg)) || emu_vec_push(&j->events, e) != 0) {
        if (e)
            free(e->message);
        free(e);
        json_decref(data);
        return;
    }
    free(j->stored); /* the kept text of an ended job no longer says it all */
    j->stored = NULL;
    emu_random_id(e->id, sizeof(e->id), "ftevent-", 24);
    e->created_at = at;
    e->level = level;
    e->type = type;
    e->data = data;
}

double emu_job_duration(const oft_emu *emu)
{
    return emu->job_duration_ms;
}

/* Wall-clock second at which virtual time t_ms was (or will be) reached; never
 * before the job's floor (its creation, or the last jump). */
static int64_t wall_at(const emu_job *j, double t_ms)
{
    int64_t at = emu_now_wall() - (int64_t)floor((j->vt_ms - t_ms) / 1000.0);
    return at < j->wall_floor ? j->wall_floor : at;
}

static json_t *method_hp(const emu_job *j)
{
    return json_object_get(json_object_get(j->method, emu_job_method_type(j)),
                           "hyperparameters");
}

const char *emu_job_status(const emu_job *j)
{
    if (j->paused)
        return "paused";
    if (j->requeue_until)
        return "queued";
    return status_names[j->stage];
}

/* The "finished" line of a job that has just ended. */
static void log_finished(oft_emu *emu, const emu_job *j)
{
    const char *st = emu_job_status(j);
    json_t *f = json_pack("{s:s, s:s}", "job", j->id, "status", st);
    if (j->stage == EMU_ST_SUCCEEDED) {
        json_object_set_new(f, "fine_tuned_model", json_string(j->fine_tuned_model));
        json_object_set_new(f, "trained_tokens", json_integer(j->trained_tokens));
        emu_log(emu, OFT_EMU_LOG_INFO, "job.finished", f, "job %s finished: %s (%s)",
                j->id, st, j->fine_tuned_model);
    } else if (j->stage == EMU_ST_FAILED) {
        json_object_set_new(
            f, "error",
            json_pack("{s:s?, s:s?}", "code", j->err_code, "message", j->err_message));
        emu_log(emu, OFT_EMU_LOG_INFO, "job.finished", f, "job %s finished: %s (%s: %s)",
                j->id, st, j->err_code ? j->err_code : "error",
                j->err_message ? j->err_message : "");
    } else {
        emu_log(emu, OFT_EMU_LOG_INFO, "job.finished", f, "job %s finished: %s", j->id,
                st);
    }
}

void emu_job_log_change(oft_emu *emu, const emu_job *j, const char *from)
{
    const char *to = emu_job_status(j);
    if (strcmp(from, to) == 0)
        return;
    emu_log(emu, OFT_EMU_LOG_INFO, "job.status",
            json_pack("{s:s, s:s, s:s}", "job", j->id, "from", from, "to", to),
            "job %s %s -> %s", j->id, from, to);
    if (j->stage >= EMU_ST_SUCCEEDED)
        log_finished(emu, j);
}

static void set_stage(oft_emu *emu, emu_job *j, int stage)
{
    const char *from = emu_job_status(j);
    j->stage = stage;
    emu_job_log_change(emu, j, from);
}

static void fail_at(oft_emu *emu, emu_job *j, int64_t at, const char *code,
                    const char *param, const char *message)
{
    const char *from = emu_job_status(j);
    j->paused = 0;
    j->requeue_until = 0;
    j->finished_at = at;
    j->err_code = emu_strdup(code);
    j->err_param = emu_strdup(param);
    j->err_message = emu_strdup(message);
    emu_job_add_event(j, at, "error", "message", NULL, "%s", message);
    j->stage = EMU_ST_FAILED;
    emu_job_log_change(emu, j, from);
}

void emu_job_fail(oft_emu *emu, emu_job *j, const char *code, const char *param,
                  const char *message)
{
    fail_at(emu, j, emu_now_wall(), code, param, message);
}

/* Replaces "auto" with the value a number set for the key's kind. */
static void resolve_extra_hp(json_t *hp, const char *key, json_t *value)
{
    json_t *v = json_object_get(hp, key);
    if (v && !json_is_number(v))
        json_object_set_new(hp, key, value);
    else
        json_decref(value);
}

/* Replaces every "auto" with the value training uses. */
static void resolve_hp(emu_job *j)
{
    json_t *hp = method_hp(j);
    int64_t ex = j->examples ? (int64_t)j->examples : 1;
    json_t *v;
    if (!hp)
        return;
    v = json_object_get(hp, "n_epochs");
    j->n_epochs = json_is_integer(v) ? json_integer_value(v)
                                     : (j->default_epochs > 0 ? j->default_epochs : 3);
    v = json_object_get(hp, "batch_size");
    j->batch_size = json_is_integer(v) ? json_integer_value(v) : (ex + 499) / 500;
    if (j->batch_size > 256)
        j->batch_size = 256;
    json_object_set_new(hp, "n_epochs", json_integer(j->n_epochs));
    json_object_set_new(hp, "batch_size", json_integer(j->batch_size));
    if (!json_is_number(json_object_get(hp, "learning_rate_multiplier")))
        json_object_set_new(
            hp, "learning_rate_multiplier",
            json_real(strcmp(emu_job_method_type(j), "supervised") == 0 ? 1.8 : 1.0));
    resolve_extra_hp(hp, "beta", json_real(0.1));
    resolve_extra_hp(hp, "compute_multiplier", json_real(1.0));
    if (json_object_get(hp, "eval_interval") &&
        !json_is_integer(json_object_get(hp, "eval_interval")))
        json_object_set_new(hp, "eval_interval", json_integer(1));
    if (json_object_get(hp, "eval_samples") &&
        !json_is_integer(json_object_get(hp, "eval_samples")))
        json_object_set_new(hp, "eval_samples", json_integer(10));
    j->steps_per_epoch = (ex + j->batch_size - 1) / j->batch_size;
    j->total_steps = j->n_epochs * j->steps_per_epoch;
    j->next_step = 1;
}

static double step_at(oft_emu *emu, const emu_job *j, int64_t step)
{
    return emu_job_duration(emu) * (0.2 + 0.75 * (double)step / (double)j->total_steps);
}

static void csv_append(emu_job *j, const char *line)
{
    size_t n = strlen(line);
    char *b = realloc(j->csv, j->csv_len + n + 1);
    if (!b)
        return;
    memcpy(b + j->csv_len, line, n + 1);
    j->csv = b;
    j->csv_len += n;
}

static void add_checkpoint(emu_job *j, int64_t step, int64_t at, const emu_step_values *v)
{
    emu_ckpt *c = calloc(1, sizeof(*c));
    char name[512];
    snprintf(name, sizeof(name), "%s:ckpt-step-%lld", j->fine_tuned_model,
             (long long)step);
    if (!c || !(c->name = emu_strdup(name)) || emu_vec_push(&j->ckpts, c) != 0) {
        if (c)
            free(c->name);
        free(c);
        return;
    }
    emu_random_id(c->id, sizeof(c->id), "ftckpt_", 24);
    c->created_at = at;
    c->step = step;
    c->metrics = emu_step_values_json(step, 0, v);
    emu_job_add_event(j, at, "info", "message", NULL, "Checkpoint created at step %lld",
                      (long long)step);
}

/* One step: its CSV row, a metrics event for some (at most MAX_STEP_EVENTS
 * spread over the run, and every epoch's end), a checkpoint at an epoch's end. */
static void do_step(oft_emu *emu, emu_job *j, int64_t step)
{
    int64_t at = wall_at(j, step_at(emu, j, step));
    int64_t stride = (j->total_steps + MAX_STEP_EVENTS - 1) / MAX_STEP_EVENTS;
    int epoch_end = step % j->steps_per_epoch == 0;
    emu_step_values v;
    char line[256];
    emu_job_curves(j, step, &v);
    if (step % stride == 0 || epoch_end || step == 1)
        emu_job_add_event(j, at, "info", "metrics",
                          emu_step_values_json(step, j->total_steps, &v),
                          "Step %lld/%lld: training loss=%.4f", (long long)step,
                          (long long)j->total_steps, v.train_loss);
    emu_step_values_csv(step, &v, line, sizeof(line));
    csv_append(j, line);
    if (epoch_end)
        add_checkpoint(j, step, at, &v);
}

/* Writes the results file (step metrics as CSV); its id, or NULL. */
static char *write_results(oft_emu *emu, emu_job *j)
{
    char id[EMU_ID_LEN];
    emu_random_id(id, sizeof(id), "file-", 22);
    char *path = emu_path_join(emu->data_dir, id);
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    const char *head =
        "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,"
        "full_valid_loss,full_valid_mean_token_accuracy\n";
    int ok = fd >= 0 && write(fd, head, strlen(head)) == (ssize_t)strlen(head) &&
             (!j->csv || write(fd, j->csv, j->csv_len) == (ssize_t)j->csv_len);
    if (ok && emu->persist && fsync(fd) != 0)
        ok = 0;
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    free(path);
    if (ok && emu_file_add(emu, id, "step_metrics.csv", "fine-tune-results",
                           (int64_t)(strlen(head) + j->csv_len), 0))
        return emu_strdup(id);
    return NULL;
}

static void succeed(oft_emu *emu, emu_job *j)
{
    int64_t at = wall_at(j, emu_job_duration(emu));
    j->result_file = write_results(emu, j);
    emu_model_add(emu, j->fine_tuned_model, emu->organization);
    /* Billed: every epoch that ran reads the file's tokens once. */
    j->trained_tokens = (int64_t)j->epoch_tokens * j->n_epochs;
    j->finished_at = at;
    emu_job_add_event(j, at, "info", "message", NULL, "New fine-tuned model created");
    emu_job_add_event(j, at, "info", "message", NULL,
                      "The job has successfully completed");
    set_stage(emu, j, EMU_ST_SUCCEEDED);
}

/* Moves the virtual clock on by the time that passed, unless held. 0 when held. */
static int run_clock(emu_job *j, int64_t now)
{
    if (j->paused) {
        j->last_mono = now;
        return 0;
    }
    if (j->requeue_until) {
        if (now < j->requeue_until) {
            j->last_mono = now;
            return 0;
        }
        j->last_mono = j->requeue_until;
        j->requeue_until = 0;
    }
    j->vt_ms += (double)(now - j->last_mono);
    j->last_mono = now;
    return 1;
}

void emu_job_advance(oft_emu *emu, emu_job *j)
{
    double d = emu_job_duration(emu);
    if (j->stage >= EMU_ST_SUCCEEDED)
        return;
    int requeued = j->requeue_until != 0;
    if (!run_clock(j, emu_now_mono_ms()))
        return;
    if (requeued) /* the re-queue after a resume is over */
        emu_job_log_change(emu, j, "queued");
    if (j->stage == EMU_ST_VALIDATING && j->vt_ms >= 0.1 * d) {
        if (j->invalid_message) {
            fail_at(emu, j, wall_at(j, 0.1 * d), "invalid_training_file",
                    j->invalid_param, j->invalid_message);
            return;
        }
        emu_job_add_event(j, wall_at(j, 0.1 * d), "info", "message", NULL,
                          "Files validated, moving job to queued state");
        set_stage(emu, j, EMU_ST_QUEUED);
    }
    if (j->stage == EMU_ST_QUEUED && j->vt_ms >= 0.2 * d) {
        resolve_hp(j);
        emu_job_add_event(j, wall_at(j, 0.2 * d), "info", "message", NULL,
                          "Fine-tuning job started");
        set_stage(emu, j, EMU_ST_RUNNING);
    }
    if (j->stage != EMU_ST_RUNNING)
        return;
    while (j->next_step <= j->total_steps && j->vt_ms >= step_at(emu, j, j->next_step))
        do_step(emu, j, j->next_step++);
    if (j->vt_ms >= d)
        succeed(emu, j);
}

void emu_job_jump(oft_emu *emu, emu_job *j, int stage)
{
    double d = emu_job_duration(emu);
    double target = stage == EMU_ST_QUEUED    ? 0.1 * d
                    : stage == EMU_ST_RUNNING ? 0.2 * d
                                              : d;
    int64_t now = emu_now_wall();
    if (j->stage >= EMU_ST_SUCCEEDED)
        return;
    if (j->paused || j->requeue_until) {
        const char *from = emu_job_status(j);
        if (j->paused)
            emu_job_add_event(j, now, "info", "message", NULL, "Fine-tuning job resumed");
        j->paused = 0;
        j->requeue_until = 0;
        emu_job_log_change(emu, j, from);
    }
    if (j->vt_ms < target)
        j->vt_ms = target;
    j->last_mono = emu_now_mono_ms();
    j->wall_floor = now; /* what the jump passes happens now, not in the past */
    emu_job_advance(emu, j);
}

void emu_job_pause(oft_emu *emu, emu_job *j)
{
    const char *from = emu_job_status(j);
    j->paused = 1;
    emu_job_add_event(j, emu_now_wall(), "info", "message", NULL,
                      "Fine-tuning job paused");
    emu_job_log_change(emu, j, from);
}

void emu_job_resume(oft_emu *emu, emu_job *j)
{
    const char *from = emu_job_status(j);
    j->paused = 0;
    /* Back through the queue for a moment before training continues. */
    j->requeue_until = emu_now_mono_ms() + (int64_t)(emu_job_duration(emu) * 0.05) + 1;
    emu_job_add_event(j, emu_now_wall(), "info", "message", NULL,
                      "Fine-tuning job resumed, moving job to queued state");
    emu_job_log_change(emu, j, from);
}

void emu_job_cancel(oft_emu *emu, emu_job *j)
{
    const char *from = emu_job_status(j);
    int64_t now = emu_now_wall();
    j->paused = 0;
    j->requeue_until = 0;
    j->finished_at = now;
    emu_job_add_event(j, now, "info", "message", NULL, "Fine-tuning job cancelled");
    j->stage = EMU_ST_CANCELLED;
    emu_job_log_change(emu, j, from);
}

void emu_job_free(emu_job *j)
{
    for (size_t i = 0; i < j->events.len; i++) {
        emu_event *e = j->events.items[i];
        free(e->message);
        json_decref(e->data);
        free(e);
    }
    free(j->events.items);
    for (size_t i = 0; i < j->ckpts.len; i++) {
        emu_ckpt *c = j->ckpts.items[i];
        free(c->name);
        json_decref(c->metrics);
        free(c);
    }
    free(j->ckpts.items);
    free(j->model);
    free(j->training_file);
    free(j->validation_file);
    free(j->suffix);
    json_decref(j->method);
    json_decref(j->metadata);
    json_decref(j->integrations);
    free(j->fine_tuned_model);
    free(j->result_file);
    free(j->err_code);
    free(j->err_message);
    free(j->err_param);
    free(j->invalid_message);
    free(j->csv);
    free(j->stored);
    free(j);
}
