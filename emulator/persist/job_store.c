/*
 * A job as JSON for the data dir, and back: its identity, its virtual clock
 * (so that it goes on from where it was after a restart), its results, what
 * the validator found, its training plan, events, checkpoints and results
 * rows. Each part has its own strict unpack, so that a corrupt state names
 * the field at fault.
 */
#include "persist/persist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const stages[] = {
    "validating_files", "queued", "running", "succeeded", "failed", "cancelled", NULL};

/* A string or null member already unpacked as v: 0 and *out (NULL for null). */
static int opt_str(json_t *v, const char **out)
{
    *out = json_string_value(v);
    return json_is_null(v) || *out ? 0 : -1;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *emu_event_dump(const emu_event *e)
{
    return json_pack("{s:s, s:I, s:s, s:s, s:s, s:O?}", "id", e->id, "created_at",
                     (json_int_t)e->created_at, "level", e->level, "message", e->message,
                     "type", e->type, "data", e->data);
}

static json_t *ckpts_dump(const emu_job *j)
{
    json_t *a = json_array();
    for (size_t i = 0; i < j->ckpts.len; i++) {
        const emu_ckpt *c = j->ckpts.items[i];
        json_array_append_new(a, json_pack("{s:s, s:I, s:s, s:I, s:O}", "id", c->id,
                                           "created_at", (json_int_t)c->created_at,
                                           "name", c->name, "step", (json_int_t)c->step,
                                           "metrics", c->metrics));
    }
    return a;
}

json_t *emu_job_dump(const emu_job *j)
{
    int64_t left = j->requeue_until ? j->requeue_until - emu_now_mono_ms() : 0;
    json_t *clock = json_pack("{s:s, s:b, s:f, s:I, s:I, s:I}", "stage", stages[j->stage],
                              "paused", j->paused, "vt_ms", j->vt_ms, "requeue_left_ms",
                              (json_int_t)(left > 0           ? left
                                           : j->requeue_until ? 1
                                                              : 0),
                              "wall_floor", (json_int_t)j->wall_floor, "finished_at",
                              (json_int_t)j->finished_at);
    json_t *result =
        json_pack("{s:s, s:o, s:I, s:o, s:o, s:o}", "fine_tuned_model",
                  j->fine_tuned_model, "result_file", str_or_null(j->result_file),
                  "trained_tokens", (json_int_t)j->trained_tokens, "err_code",
                  str_or_null(j->err_code), "err_message", str_or_null(j->err_message),
                  "err_param", str_or_null(j->err_param));
    json_t *data = json_pack(
        "{s:o, s:o, s:I, s:I, s:i}", "invalid_message", str_or_null(j->invalid_message),
        "invalid_param", str_or_null(j->invalid_param), "examples",
        (json_int_t)j->examples, "epoch_tokens", (json_int_t)j->epoch_tokens,
        "default_epochs", j->default_epochs);
    json_t *plan = json_pack(
        "{s:I, s:I, s:I, s:I, s:I}", "n_epochs", (json_int_t)j->n_epochs, "batch_size",
        (json_int_t)j->batch_size, "steps_per_epoch", (json_int_t)j->steps_per_epoch,
        "total_steps", (json_int_t)j->total_steps, "next_step", (json_int_t)j->next_step);
    return json_pack(
        "{s:s, s:s, s:I, s:s, s:s, s:o, s:o, s:I, s:O, s:O?, s:O?, s:o, s:o, "
        "s:o, s:o, s:o, s:o, s:o}",
        "id", j->id, "tag", j->tag, "created_at", (json_int_t)j->created_at, "model",
        j->model, "training_file", j->training_file, "validation_file",
        str_or_null(j->validation_file), "suffix", str_or_null(j->suffix), "seed",
        (json_int_t)j->seed, "method", j->method, "metadata", j->metadata, "integrations",
        j->integrations, "clock", clock, "result", result, "data", data, "training", plan,
        "events", json_array(), "checkpoints", ckpts_dump(j), "csv", str_or_null(j->csv));
}

/* ---- restore ---- */

static int clock_restore(emu_job *j, json_t *o, char *err, size_t cap)
{
    const char *stage;
    int paused;
    double vt;
    json_int_t left, floor_, finished;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:b, s:F, s:I, s:I, s:I}", "stage",
                       &stage, "paused", &paused, "vt_ms", &vt, "requeue_left_ms", &left,
                       "wall_floor", &floor_, "finished_at", &finished) != 0)
        return emu_store_fail(err, cap, "clock: %s", je.text);
    int st = 0;
    while (stages[st] && strcmp(stages[st], stage) != 0)
        st++;
    if (!stages[st] || vt < 0 || left < 0)
        return emu_store_fail(err, cap, "clock: bad stage, vt_ms or requeue_left_ms");
    j->stage = st;
    j->paused = paused;
    j->vt_ms = vt;
    /* Time does not pass while the emulator is stopped: on from where it was. */
    j->last_mono = emu_now_mono_ms();
    j->requeue_until = left ? j->last_mono + left : 0;
    j->wall_floor = floor_;
    j->finished_at = finished;
    return 0;
}

static int result_restore(emu_job *j, json_t *o, char *err, size_t cap)
{
    const char *model, *file, *code, *msg, *param;
    json_t *vfile, *vcode, *vmsg, *vparam;
    json_int_t tokens;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:o, s:I, s:o, s:o, s:o}",
                       "fine_tuned_model", &model, "result_file", &vfile,
                       "trained_tokens", &tokens, "err_code", &vcode, "err_message",
                       &vmsg, "err_param", &vparam) != 0)
        return emu_store_fail(err, cap, "result: %s", je.text);
    if (opt_str(vfile, &file) || opt_str(vcode, &code) || opt_str(vmsg, &msg) ||
        opt_str(vparam, &param))
        return emu_store_fail(err, cap, "result: a field is neither a string nor null");
    j->fine_tuned_model = emu_strdup(model);
    j->result_file = emu_strdup(file);
    j->trained_tokens = tokens;
    j->err_code = emu_strdup(code);
    j->err_message = emu_strdup(msg);
    j->err_param = emu_strdup(param);
    return 0;
}

static int data_restore(emu_job *j, json_t *o, char *err, size_t cap)
{
    const char *msg, *param;
    json_t *vmsg, *vparam;
    json_int_t examples, tokens;
    int epochs;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:o, s:o, s:I, s:I, s:i}",
                       "invalid_message", &vmsg, "invalid_param", &vparam, "examples",
                       &examples, "epoch_tokens", &tokens, "default_epochs",
                       &epochs) != 0)
        return emu_store_fail(err, cap, "data: %s", je.text);
    if (opt_str(vmsg, &msg) || opt_str(vparam, &param) || examples < 0 || tokens < 0)
        return emu_store_fail(err, cap, "data: bad invalid_message, param or figures");
    j->invalid_message = emu_strdup(msg);
    /* invalid_param points at one of two constants. */
    j->invalid_param = !param                                  ? NULL
                       : strcmp(param, "validation_file") == 0 ? "validation_file"
                                                               : "training_file";
    j->examples = (uint64_t)examples;
    j->epoch_tokens = (uint64_t)tokens;
    j->default_epochs = epochs;
    return 0;
}

static int plan_restore(emu_job *j, json_t *o, char *err, size_t cap)
{
    json_int_t epochs, batch, per_epoch, total, next;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:I, s:I, s:I, s:I, s:I}", "n_epochs",
                       &epochs, "batch_size", &batch, "steps_per_epoch", &per_epoch,
                       "total_steps", &total, "next_step", &next) != 0)
        return emu_store_fail(err, cap, "training: %s", je.text);
    int planned = next != 0; /* set when training started */
    int must = j->stage == EMU_ST_RUNNING || j->stage == EMU_ST_SUCCEEDED;
    if ((planned && (epochs < 1 || batch < 1 || per_epoch < 1 || total < 1 || next < 1 ||
                     next > total + 1)) ||
        (must && !planned))
        return emu_store_fail(err, cap, "training: steps out of range");
    j->n_epochs = epochs;
    j->batch_size = batch;
    j->steps_per_epoch = per_epoch;
    j->total_steps = total;
    j->next_step = next;
    return 0;
}

/* The constant an event's level or type points at (NULL: not one of them). */
static const char *constant(const char *s, const char *const *names)
{
    for (; *names; names++) {
        if (strcmp(s, *names) == 0)
            return *names;
    }
    return NULL;
}

int emu_job_events_restore(emu_job *j, json_t *a, char *err, size_t cap)
{
    static const char *const levels[] = {"info", "warn", "error", NULL};
    static const char *const types[] = {"message", "metrics", NULL};
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o)
    {
        const char *id, *level, *msg, *type;
        json_int_t at;
        json_t *data = NULL;
        json_error_t je;
        if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:I, s:s, s:s, s:s, s?:o}", "id",
                           &id, "created_at", &at, "level", &level, "message", &msg,
                           "type", &type, "data", &data) != 0)
            return emu_store_fail(err, cap, "events[%zu]: %s", i, je.text);
        level = constant(level, levels);
        type = constant(type, types);
        if (!level || !type || !emu_store_safe_id(id))
            return emu_store_fail(err, cap, "events[%zu]: bad id, level or type", i);
        emu_job_add_event(j, at, level, type, data ? json_incref(data) : NULL, "%s", msg);
        if (j->events.len != i + 1)
            return emu_store_fail(err, cap, "out of memory");
        snprintf(((emu_event *)j->events.items[i])->id, EMU_ID_LEN, "%s", id);
    }
    return 0;
}

static int ckpts_restore(emu_job *j, json_t *a, char *err, size_t cap)
{
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o)
    {
        const char *id, *name;
        json_int_t at, step;
        json_t *metrics;
        json_error_t je;
        if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:I, s:s, s:I, s:o}", "id", &id,
                           "created_at", &at, "name", &name, "step", &step, "metrics",
                           &metrics) != 0)
            return emu_store_fail(err, cap, "checkpoints[%zu]: %s", i, je.text);
        emu_ckpt *c = calloc(1, sizeof(*c));
        if (!c || !emu_store_safe_id(id) || !(c->name = emu_strdup(name)) ||
            emu_vec_push(&j->ckpts, c) != 0) {
            if (c)
                free(c->name);
            free(c);
            return emu_store_fail(err, cap, "checkpoints[%zu]: bad id", i);
        }
        snprintf(c->id, sizeof(c->id), "%s", id);
        c->created_at = at;
        c->step = step;
        c->metrics = json_incref(metrics);
    }
    return 0;
}

/* Identity and request fields of a job; sets the parts for the other restores. */
static int identity_restore(emu_job *j, json_t *o, json_t **parts, char *err, size_t cap)
{
    const char *id, *tag, *model, *tfile, *vfile, *suffix, *csv;
    json_t *vv, *vs, *method, *md = NULL, *in = NULL, *vcsv;
    json_int_t created, seed;
    json_error_t je;
    if (json_unpack_ex(
            o, &je, JSON_STRICT,
            "{s:s, s:s, s:I, s:s, s:s, s:o, s:o, s:I, s:o, s?:o, s?:o, s:o, s:o, "
            "s:o, s:o, s:o, s:o, s:o}",
            "id", &id, "tag", &tag, "created_at", &created, "model", &model,
            "training_file", &tfile, "validation_file", &vv, "suffix", &vs, "seed", &seed,
            "method", &method, "metadata", &md, "integrations", &in, "clock", &parts[0],
            "result", &parts[1], "data", &parts[2], "training", &parts[3], "events",
            &parts[4], "checkpoints", &parts[5], "csv", &vcsv) != 0)
        return emu_store_fail(err, cap, "%s", je.text);
    if (opt_str(vv, &vfile) || opt_str(vs, &suffix) || opt_str(vcsv, &csv) ||
        !emu_store_safe_id(id) || strlen(tag) >= sizeof(j->tag) ||
        !json_is_string(json_object_get(method, "type")) || !json_is_array(parts[4]) ||
        !json_is_array(parts[5]))
        return emu_store_fail(err, cap, "bad id, tag, method, events or checkpoints");
    snprintf(j->id, sizeof(j->id), "%s", id);
    snprintf(j->tag, sizeof(j->tag), "%s", tag);
    j->created_at = created;
    j->model = emu_strdup(model);
    j->training_file = emu_strdup(tfile);
    j->validation_file = emu_strdup(vfile);
    j->suffix = emu_strdup(suffix);
    j->seed = seed;
    j->method = json_deep_copy(method);
    j->metadata = json_is_object(md) ? json_deep_copy(md) : NULL;
    j->integrations = json_is_array(in) ? json_deep_copy(in) : NULL;
    j->csv = emu_strdup(csv);
    j->csv_len = csv ? strlen(csv) : 0;
    return 0;
}

int emu_job_restore(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap)
{
    char why[512];
    json_t *parts[6];
    emu_job *j = calloc(1, sizeof(*j));
    if (!j)
        return emu_store_fail(err, cap, "out of memory");
    int rc = identity_restore(j, o, parts, why, sizeof(why));
    if (rc == 0)
        rc = clock_restore(j, parts[0], why, sizeof(why));
    if (rc == 0)
        rc = result_restore(j, parts[1], why, sizeof(why));
    if (rc == 0)
        rc = data_restore(j, parts[2], why, sizeof(why));
    if (rc == 0)
        rc = plan_restore(j, parts[3], why, sizeof(why));
    if (rc == 0)
        rc = emu_job_events_restore(j, parts[4], why, sizeof(why));
    if (rc == 0)
        rc = ckpts_restore(j, parts[5], why, sizeof(why));
    if (rc == 0 && (!j->model || !j->training_file || !j->fine_tuned_model || !j->method))
        rc = emu_store_fail(why, sizeof(why), "out of memory");
    if (rc == 0 && emu_vec_push(&emu->state->jobs, j) != 0)
        rc = emu_store_fail(why, sizeof(why), "out of memory");
    if (rc != 0) {
        emu_job_free(j);
        return emu_store_fail(err, cap, "jobs[%zu]: %s", i, why);
    }
    return 0;
}
