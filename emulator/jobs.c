/*
 * Fine-tuning jobs. A job's progress is virtual time (vt_ms) that advances
 * with the monotonic clock except while paused or re-queued; its state,
 * events, checkpoints and results are produced lazily, whenever the job is
 * looked at, for every milestone vt_ms has passed:
 *   0      validating_files   "Validating training file"
 *   10%    queued             (or failed: the validator's first error)
 *   20%    running            hyperparameters resolved from "auto"
 *   ...    metrics events per step, a checkpoint per epoch
 *   100%   succeeded          model, results file, trained_tokens
 */
#include "emu.h"

#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openai_ft/jsonl.h"

#define MAX_STEP_EVENTS 100 /* metrics events per job, spread over the steps */

enum { ST_VALIDATING, ST_QUEUED, ST_RUNNING, ST_SUCCEEDED, ST_FAILED, ST_CANCELLED };

static const char *const status_names[] = {"validating_files", "queued", "running",
                                           "succeeded",        "failed", "cancelled"};

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
    char *model;
    char *training_file;
    char *validation_file;
    char *suffix;
    json_t *method; /* {type, <type>:{hyperparameters:{...}}}, autos resolved at start */
    json_t *metadata; /* NULL: null */
    json_t *integrations;
    int64_t seed;
    int stage; /* ST_VALIDATING..ST_RUNNING while alive, then terminal */
    int paused;
    double vt_ms;
    int64_t last_mono;
    int64_t requeue_until; /* mono ms; 0: not re-queued */
    int64_t finished_at;
    char *fine_tuned_model;
    char *result_file;
    int64_t trained_tokens;
    char *err_code, *err_message, *err_param;
    /* From the validator, at creation. */
    char *invalid_message;
    const char *invalid_param;
    uint64_t examples, est_tokens, billed_tokens;
    int default_epochs;
    /* Training, set at start. */
    int64_t n_epochs, batch_size, steps_per_epoch, total_steps, next_step;
    emu_vec events; /* emu_event*, oldest first */
    emu_vec ckpts;  /* emu_ckpt*, oldest first */
    char *csv;      /* results rows */
    size_t csv_len;
} emu_job;

/* ---- events and checkpoints ---- */

static void add_event(emu_job *j, int64_t at, const char *level, const char *type,
                      json_t *data, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void add_event(emu_job *j, int64_t at, const char *level, const char *type,
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
    emu_random_id(e->id, sizeof(e->id), "ftevent-", 24);
    e->created_at = at;
    e->level = level;
    e->type = type;
    e->data = data;
}

static json_t *event_json(const emu_event *e)
{
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:O?}", "object",
                     "fine_tuning.job.event", "id", e->id, "created_at",
                     (json_int_t)e->created_at, "level", e->level, "message", e->message,
                     "type", e->type, "data", e->data);
}

static json_t *ckpt_json(const emu_job *j, const emu_ckpt *c)
{
    return json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:O}", "object",
                     "fine_tuning.job.checkpoint", "id", c->id, "created_at",
                     (json_int_t)c->created_at, "fine_tuned_model_checkpoint", c->name,
                     "step_number", (json_int_t)c->step, "fine_tuning_job_id", j->id,
                     "metrics", c->metrics);
}

/* ---- the life cycle ---- */

static double duration(oft_emu *emu)
{
    return emu->job_duration_ms;
}

/* Wall-clock second at which virtual time t_ms was (or will be) reached. */
static int64_t wall_at(const emu_job *j, double t_ms)
{
    return emu_now_wall() - (int64_t)floor((j->vt_ms - t_ms) / 1000.0);
}

static const char *method_type(const emu_job *j)
{
    return json_string_value(json_object_get(j->method, "type"));
}

static json_t *method_hp(const emu_job *j)
{
    return json_object_get(json_object_get(j->method, method_type(j)), "hyperparameters");
}

static void fail_job(emu_job *j, int64_t at, const char *code, const char *param,
                     const char *message)
{
    j->stage = ST_FAILED;
    j->paused = 0;
    j->finished_at = at;
    j->err_code = emu_strdup(code);
    j->err_param = emu_strdup(param);
    j->err_message = emu_strdup(message);
    add_event(j, at, "error", "message", NULL, "%s", message);
}

/* Replaces "auto" with the value training uses. */
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
            json_real(strcmp(method_type(j), "supervised") == 0 ? 1.8 : 1.0));
    if (json_object_get(hp, "beta") && !json_is_number(json_object_get(hp, "beta")))
        json_object_set_new(hp, "beta", json_real(0.1));
    if (json_object_get(hp, "compute_multiplier") &&
        !json_is_number(json_object_get(hp, "compute_multiplier")))
        json_object_set_new(hp, "compute_multiplier", json_real(1.0));
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
    return duration(emu) * (0.2 + 0.75 * (double)step / (double)j->total_steps);
}

static double loss_at(const emu_job *j, int64_t step)
{
    double x = (double)step / (double)j->total_steps;
    return 0.15 + 2.0 * exp(-4.0 * x) + 0.05 * fabs(sin((double)(step + j->seed % 97)));
}

static double accuracy_at(const emu_job *j, int64_t step)
{
    double x = (double)step / (double)j->total_steps;
    return 0.5 + 0.45 * (1.0 - exp(-4.0 * x));
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

static void do_step(oft_emu *emu, emu_job *j, int64_t step)
{
    int64_t at = wall_at(j, step_at(emu, j, step));
    int64_t stride = (j->total_steps + MAX_STEP_EVENTS - 1) / MAX_STEP_EVENTS;
    int epoch_end = step % j->steps_per_epoch == 0;
    double loss = loss_at(j, step), acc = accuracy_at(j, step);
    if (step % stride == 0 || epoch_end || step == 1) {
        char line[128];
        add_event(j, at, "info", "metrics",
                  json_pack("{s:I, s:f, s:f, s:I}", "step", (json_int_t)step,
                            "train_loss", loss, "train_mean_token_accuracy", acc,
                            "total_steps", (json_int_t)j->total_steps),
                  "Step %lld/%lld: training loss=%.4f", (long long)step,
                  (long long)j->total_steps, loss);
        snprintf(line, sizeof(line), "%lld,%.6f,%.6f,,,,\n", (long long)step, loss, acc);
        csv_append(j, line);
    }
    if (epoch_end) {
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
        c->metrics = json_pack(
            "{s:I, s:f, s:f, s:f, s:f, s:f, s:f}", "step", (json_int_t)step, "train_loss",
            loss, "train_mean_token_accuracy", acc, "valid_loss", loss * 1.05,
            "valid_mean_token_accuracy", acc * 0.98, "full_valid_loss", loss * 1.07,
            "full_valid_mean_token_accuracy", acc * 0.97);
        add_event(j, at, "info", "message", NULL, "Checkpoint created at step %lld",
                  (long long)step);
    }
}

static void succeed(oft_emu *emu, emu_job *j)
{
    int64_t at = wall_at(j, duration(emu));
    char id[EMU_ID_LEN];
    emu_random_id(id, sizeof(id), "file-", 22);
    char *path = emu_path_join(emu->data_dir, id);
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    const char *head =
        "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,"
        "full_valid_loss,full_valid_mean_token_accuracy\n";
    int ok = fd >= 0 && write(fd, head, strlen(head)) == (ssize_t)strlen(head) &&
             (!j->csv || write(fd, j->csv, j->csv_len) == (ssize_t)j->csv_len);
    if (fd >= 0)
        close(fd);
    free(path);
    if (ok && emu_file_add(emu, id, "step_metrics.csv", "fine-tune-results",
                           (int64_t)(strlen(head) + j->csv_len), 0))
        j->result_file = emu_strdup(id);
    emu_model_add(emu, j->fine_tuned_model, emu->organization);
    j->trained_tokens = j->billed_tokens ? (int64_t)j->billed_tokens
                                         : (int64_t)j->est_tokens * j->n_epochs;
    j->stage = ST_SUCCEEDED;
    j->finished_at = at;
    add_event(j, at, "info", "message", NULL, "New fine-tuned model created");
    add_event(j, at, "info", "message", NULL, "The job has successfully completed");
}

/* Brings a job up to now: emits every milestone its virtual time has passed. */
static void advance(oft_emu *emu, emu_job *j)
{
    double d = duration(emu);
    int64_t now = emu_now_mono_ms();
    if (j->stage >= ST_SUCCEEDED)
        return;
    if (j->paused) {
        j->last_mono = now;
        return;
    }
    if (j->requeue_until) {
        if (now < j->requeue_until) {
            j->last_mono = now;
            return;
        }
        j->last_mono = j->requeue_until;
        j->requeue_until = 0;
    }
    j->vt_ms += (double)(now - j->last_mono);
    j->last_mono = now;
    if (j->stage == ST_VALIDATING && j->vt_ms >= 0.1 * d) {
        if (j->invalid_message) {
            fail_job(j, wall_at(j, 0.1 * d), "invalid_training_file", j->invalid_param,
                     j->invalid_message);
            return;
        }
        j->stage = ST_QUEUED;
        add_event(j, wall_at(j, 0.1 * d), "info", "message", NULL,
                  "Files validated, moving job to queued state");
    }
    if (j->stage == ST_QUEUED && j->vt_ms >= 0.2 * d) {
        j->stage = ST_RUNNING;
        resolve_hp(j);
        add_event(j, wall_at(j, 0.2 * d), "info", "message", NULL,
                  "Fine-tuning job started");
    }
    if (j->stage != ST_RUNNING)
        return;
    while (j->next_step <= j->total_steps && j->vt_ms >= step_at(emu, j, j->next_step))
        do_step(emu, j, j->next_step++);
    if (j->vt_ms >= d)
        succeed(emu, j);
}

static const char *status_of(const emu_job *j)
{
    if (j->paused)
        return "paused";
    if (j->requeue_until)
        return "queued";
    return status_names[j->stage];
}

static json_t *job_json(oft_emu *emu, const emu_job *j)
{
    json_t *hp = json_null();
    const char *type = method_type(j);
    if (strcmp(type, "supervised") == 0) {
        json_t *mh = method_hp(j);
        hp = json_pack("{s:O?, s:O?, s:O?}", "batch_size",
                       json_object_get(mh, "batch_size"), "learning_rate_multiplier",
                       json_object_get(mh, "learning_rate_multiplier"), "n_epochs",
                       json_object_get(mh, "n_epochs"));
    }
    json_t *err = json_null();
    if (j->err_message)
        err = json_pack("{s:s?, s:s, s:s?}", "code", j->err_code, "message",
                        j->err_message, "param", j->err_param);
    json_t *results = json_array();
    if (j->result_file)
        json_array_append_new(results, json_string(j->result_file));
    int running = j->stage == ST_RUNNING && !j->paused && !j->requeue_until;
    json_t *est = running
                      ? json_integer(emu_now_wall() +
                                     (int64_t)ceil((duration(emu) - j->vt_ms) / 1000.0))
                      : json_null();
    return json_pack(
        "{s:s, s:s, s:s, s:I, s:o, s:s?, s:s, s:o, s:s, s:s?, s:s, s:o, s:o, s:o, s:I, "
        "s:o, "
        "s:O?, s:O, s:O?, s:s?, s:b}",
        "object", "fine_tuning.job", "id", j->id, "model", j->model, "created_at",
        (json_int_t)j->created_at, "finished_at",
        j->finished_at ? json_integer(j->finished_at) : json_null(), "fine_tuned_model",
        j->stage == ST_SUCCEEDED ? j->fine_tuned_model : NULL, "organization_id",
        emu->organization, "result_files", results, "status", status_of(j),
        "validation_file", j->validation_file, "training_file", j->training_file,
        "hyperparameters", hp, "trained_tokens",
        j->stage == ST_SUCCEEDED ? json_integer(j->trained_tokens) : json_null(), "error",
        err, "seed", (json_int_t)j->seed, "estimated_finish", est, "integrations",
        j->integrations, "method", j->method, "metadata", j->metadata,
        "user_provided_suffix", j->suffix, "shared_with_openai", 0);
}

static void job_free(emu_job *j)
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
    free(j);
}

void emu_jobs_free(oft_emu *emu)
{
    for (size_t i = 0; i < emu->jobs.len; i++)
        job_free(emu->jobs.items[i]);
    free(emu->jobs.items);
    emu->jobs.items = NULL;
    emu->jobs.len = emu->jobs.cap = 0;
}

/* "ft:gpt-4o-mini:org::abc" -> "gpt-4o-mini" (into buf); others unchanged. */
static const char *base_of(const char *model, char *buf, size_t cap)
{
    if (strncmp(model, "ft:", 3) != 0)
        return model;
    const char *s = model + 3, *e = strchr(s, ':');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    snprintf(buf, cap, "%.*s", (int)(n < cap ? n : cap - 1), s);
    return buf;
}

static int job_create(emu_req *req, emu_resp *r)
{
    oft_emu *emu = req->emu;
    json_t *body, *method = NULL;
    if (emu_parse_body(req, r, &body) != 0)
        return -1;
    json_t *model = json_object_get(body, "model");
    json_t *suffix = json_object_get(body, "suffix");
    json_t *seed = json_object_get(body, "seed");
    json_t *tf = json_object_get(body, "training_file");
    json_t *vf = json_object_get(body, "validation_file");
    int rc = -1;
    if (!model || json_is_null(model))
        emu_bad_request(r, "model", "Missing required parameter: 'model'.");
    else if (!json_is_string(model))
        emu_bad_request(r, "model", "Invalid 'model': expected a string.");
    else if (!emu_model_find(emu, json_string_value(model)))
        emu_reply_error(r, 400, "invalid_request_error", "model", "model_not_available",
                        "Model %s is not available for fine-tuning or does not exist.",
                        json_string_value(model));
    else if (emu_check_data_file(emu, r, "training_file", tf, 1) != 0 ||
             emu_check_data_file(emu, r, "validation_file", vf, 0) != 0)
        ;
    else if (suffix && !json_is_null(suffix) &&
             (!json_is_string(suffix) || json_string_length(suffix) < 1 ||
              json_string_length(suffix) > 64))
        emu_bad_request(r, "suffix",
                        "Invalid 'suffix': expected a string of 1 to 64 characters.");
    else if (seed && !json_is_null(seed) &&
             (!json_is_integer(seed) || json_integer_value(seed) < 0 ||
              json_integer_value(seed) > 2147483647))
        emu_bad_request(r, "seed",
                        "Invalid 'seed': expected an integer in 0..2147483647.");
    else if (emu_check_metadata(r, json_object_get(body, "metadata")) != 0 ||
             emu_check_integrations(r, json_object_get(body, "integrations")) != 0)
        ;
    else if ((method = emu_job_method(r, body)) != NULL)
        rc = 0;
    if (rc != 0) {
        json_decref(body);
        return -1;
    }

    emu_job *j = calloc(1, sizeof(*j));
    if (!j) {
        json_decref(method);
        json_decref(body);
        return emu_reply_error(r, 500, "server_error", NULL, NULL, "Out of memory.");
    }
    emu_random_id(j->id, sizeof(j->id), "ftjob-", 24);
    emu_random_id(j->tag, sizeof(j->tag), "", 8);
    j->created_at = emu_now_wall();
    j->model = emu_strdup(json_string_value(model));
    j->training_file = emu_strdup(json_string_value(tf));
    j->validation_file = emu_strdup(json_string_value(vf));
    j->suffix = emu_strdup(json_string_value(suffix));
    j->method = method;
    j->metadata = json_is_object(json_object_get(body, "metadata"))
                      ? json_incref(json_object_get(body, "metadata"))
                      : NULL;
    j->integrations = json_is_array(json_object_get(body, "integrations"))
                          ? json_incref(json_object_get(body, "integrations"))
                          : NULL;
    j->seed = json_is_integer(seed) ? json_integer_value(seed)
                                    : (int64_t)(emu_random_unit() * 2147483647.0);
    json_decref(body);
    char base[128], name[512];
    snprintf(name, sizeof(name), "ft:%s:%s:%s:%s", base_of(j->model, base, sizeof(base)),
             emu->organization, j->suffix ? j->suffix : "", j->tag);
    j->fine_tuned_model = emu_strdup(name);

    /* The validator reads the whole file: let other requests run meanwhile. */
    const char *type = method_type(j);
    int format = strcmp(type, "dpo") == 0             ? OFT_JSONL_DPO
                 : strcmp(type, "reinforcement") == 0 ? OFT_JSONL_REINFORCEMENT
                                                      : OFT_JSONL_AUTO;
    char *tpath = emu_path_join(emu->data_dir, j->training_file);
    char *vpath =
        j->validation_file ? emu_path_join(emu->data_dir, j->validation_file) : NULL;
    char *msg = NULL;
    pthread_mutex_unlock(&emu->lock);
    if (tpath)
        emu_validate_data_file(tpath, format, j->model, &msg, &j->examples,
                               &j->est_tokens, &j->billed_tokens, &j->default_epochs);
    j->invalid_param = "training_file";
    if (!msg && vpath) {
        emu_validate_data_file(vpath, format, j->model, &msg, NULL, NULL, NULL, NULL);
        j->invalid_param = "validation_file";
    }
    pthread_mutex_lock(&emu->lock);
    free(tpath);
    free(vpath);
    if (msg) {
        char buf[1200];
        snprintf(buf, sizeof(buf), "The job failed due to an invalid %s file. %s",
                 strcmp(j->invalid_param, "training_file") == 0 ? "training"
                                                                : "validation",
                 msg);
        j->invalid_message = emu_strdup(buf);
        free(msg);
    }
    j->last_mono = emu_now_mono_ms();
    if (!j->model || !j->training_file || !j->fine_tuned_model ||
        emu_vec_push(&emu->jobs, j) != 0) {
        job_free(j);
        return emu_reply_error(r, 500, "server_error", NULL, NULL, "Out of memory.");
    }
    add_event(j, j->created_at, "info", "message", NULL, "Created fine-tuning job: %s",
              j->id);
    add_event(j, j->created_at, "info", "message", NULL, "Validating training file: %s",
              j->training_file);
    emu_reply_json(r, 200, job_json(emu, j));
    return 0;
}

/* ---- listing ---- */

static emu_job *job_find(oft_emu *emu, const char *id)
{
    for (size_t i = 0; i < emu->jobs.len; i++) {
        emu_job *j = emu->jobs.items[i];
        if (strcmp(j->id, id) == 0) {
            advance(emu, j);
            return j;
        }
    }
    return NULL;
}

typedef struct md_filter {
    emu_job *job;
    int ok;
} md_filter;

static enum MHD_Result match_metadata(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    md_filter *f = cls;
    size_t n = strlen(key);
    if (strncmp(key, "metadata[", 9) != 0 || n < 11 || key[n - 1] != ']')
        return MHD_YES;
    char k[128];
    snprintf(k, sizeof(k), "%.*s", (int)(n - 10), key + 9);
    const char *have = json_string_value(json_object_get(f->job->metadata, k));
    if (!have || strcmp(have, value ? value : "") != 0)
        f->ok = 0;
    return MHD_YES;
}

static int job_keep(emu_job *j, emu_req *req)
{
    md_filter f = {j, 1};
    const char *mdnull = emu_query(req, "metadata");
    if (mdnull && strcmp(mdnull, "null") == 0)
        return j->metadata == NULL || json_object_size(j->metadata) == 0;
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, match_metadata, &f);
    return f.ok;
}

void emu_jobs_advance_all(oft_emu *emu)
{
    for (size_t i = 0; i < emu->jobs.len; i++)
        advance(emu, emu->jobs.items[i]);
}

int emu_checkpoint_exists(oft_emu *emu, const char *name)
{
    emu_jobs_advance_all(emu);
    for (size_t i = 0; i < emu->jobs.len; i++) {
        emu_job *j = emu->jobs.items[i];
        for (size_t k = 0; k < j->ckpts.len; k++) {
            if (strcmp(((emu_ckpt *)j->ckpts.items[k])->name, name) == 0)
                return 1;
        }
    }
    return 0;
}

/* ---- actions ---- */

static int job_action(oft_emu *emu, emu_resp *r, emu_job *j, const char *action)
{
    int64_t now = emu_now_wall();
    const char *st = status_of(j);
    if (strcmp(action, "cancel") == 0) {
        if (j->stage >= ST_SUCCEEDED)
            return emu_reply_error(
                r, 409, "invalid_request_error", NULL, "job_not_cancellable",
                "Job %s has already %s and cannot be cancelled.", j->id, st);
        j->stage = ST_CANCELLED;
        j->paused = 0;
        j->requeue_until = 0;
        j->finished_at = now;
        add_event(j, now, "info", "message", NULL, "Fine-tuning job cancelled");
    } else if (strcmp(action, "pause") == 0) {
        if (strcmp(st, "running") != 0)
            return emu_reply_error(
                r, 409, "invalid_request_error", NULL, "job_not_running",
                "Job %s is %s; only a running job can be paused.", j->id, st);
        j->paused = 1;
        add_event(j, now, "info", "message", NULL, "Fine-tuning job paused");
    } else {
        if (!j->paused)
            return emu_reply_error(
                r, 409, "invalid_request_error", NULL, "job_not_paused",
                "Job %s is %s; only a paused job can be resumed.", j->id, st);
        j->paused = 0;
        /* Back through the queue for a moment before training continues. */
        j->requeue_until = emu_now_mono_ms() + (int64_t)(duration(emu) * 0.05) + 1;
        add_event(j, now, "info", "message", NULL,
                  "Fine-tuning job resumed, moving job to queued state");
    }
    emu_reply_json(r, 200, job_json(emu, j));
    return 0;
}

int emu_route_jobs(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    oft_emu *emu = req->emu;
    int get = strcmp(req->method, "GET") == 0, post = strcmp(req->method, "POST") == 0;
    long limit;
    if (n == 2) {
        if (post)
            return job_create(req, r), 1;
        if (!get)
            return 0;
        if (emu_query_limit(req, r, 20, 1, 10000, &limit) != 0)
            return 1;
        emu_jobs_advance_all(emu);
        emu_pager pg;
        emu_pager_init(&pg, emu_query(req, "after"), limit);
        for (size_t k = emu->jobs.len; k-- > 0;) { /* newest first */
            emu_job *x = emu->jobs.items[k];
            int t = job_keep(x, req) ? emu_pager_take(&pg, x->id) : 0;
            if (t < 0)
                break;
            if (t)
                json_array_append_new(pg.data, job_json(emu, x));
        }
        emu_pager_reply(&pg, r, 0);
        return 1;
    }
    if (n > 4)
        return 0;
    int action = n == 4 && post &&
                 (!strcmp(segs[3], "cancel") || !strcmp(segs[3], "pause") ||
                  !strcmp(segs[3], "resume"));
    int listing =
        n == 4 && get && (!strcmp(segs[3], "events") || !strcmp(segs[3], "checkpoints"));
    if (!(n == 3 && get) && !action && !listing)
        return 0;
    emu_job *j = job_find(emu, segs[2]);
    if (!j)
        return emu_not_found(r, "fine_tuning_job_id",
                             "Could not find fine-tuning job: %s", segs[2]),
               1;
    if (n == 3) {
        emu_reply_json(r, 200, job_json(emu, j));
        return 1;
    }
    if (action)
        return job_action(emu, r, j, segs[3]), 1;
    int events = strcmp(segs[3], "events") == 0;
    if (emu_query_limit(req, r, events ? 20 : 10, 1, 10000, &limit) != 0)
        return 1;
    emu_pager pg;
    emu_pager_init(&pg, emu_query(req, "after"), limit);
    emu_vec *v = events ? &j->events : &j->ckpts;
    for (size_t k = v->len; k-- > 0;) { /* newest first */
        int t = emu_pager_take(&pg, events ? ((emu_event *)v->items[k])->id
                                           : ((emu_ckpt *)v->items[k])->id);
        if (t < 0)
            break;
        if (t)
            json_array_append_new(pg.data, events ? event_json(v->items[k])
                                                  : ckpt_json(j, v->items[k]));
    }
    emu_pager_reply(&pg, r, !events);
    return 1;
}

/* ---- test hooks ---- */

int oft_emu_job_fail(oft_emu *emu, const char *job_id, const char *code,
                     const char *message)
{
    int rc = -1;
    if (!emu || !job_id)
        return -1;
    pthread_mutex_lock(&emu->lock);
    emu_job *j = job_find(emu, job_id);
    if (j && j->stage < ST_SUCCEEDED) {
        fail_job(j, emu_now_wall(), code ? code : "server_error", NULL,
                 message ? message : "The fine-tuning job failed.");
        rc = 0;
    }
    pthread_mutex_unlock(&emu->lock);
    return rc;
}

int oft_emu_job_finish(oft_emu *emu, const char *job_id)
{
    int rc = -1;
    if (!emu || !job_id)
        return -1;
    pthread_mutex_lock(&emu->lock);
    emu_job *j = job_find(emu, job_id);
    if (j && j->stage < ST_SUCCEEDED) {
        j->paused = 0;
        j->requeue_until = 0;
        j->vt_ms = duration(emu);
        j->last_mono = emu_now_mono_ms();
        advance(emu, j);
        rc = j->stage == ST_SUCCEEDED ? 0 : -1;
    }
    pthread_mutex_unlock(&emu->lock);
    return rc;
}

int oft_emu_add_events(oft_emu *emu, const char *job_id, size_t n)
{
    if (!emu || !job_id)
        return -1;
    pthread_mutex_lock(&emu->lock);
    emu_job *j = job_find(emu, job_id);
    for (size_t i = 0; j && i < n; i++)
        add_event(j, emu_now_wall(), "info", "message", NULL, "Emulator event %zu of %zu",
                  i + 1, n);
    pthread_mutex_unlock(&emu->lock);
    return j ? 0 : -1;
}
