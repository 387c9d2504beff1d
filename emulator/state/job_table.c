/*
 * The table of jobs: find, JSON, every job brought up to now, the checkpoints permissions
 * can be granted on, free.
 */
#include "state/state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *emu_event_json(const emu_event *e)
{
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:O?}", "object",
                     "fine_tuning.job.event", "id", e->id, "created_at",
                     (json_int_t)e->created_at, "level", e->level, "message", e->message,
                     "type", e->type, "data", e->data);
}

json_t *emu_ckpt_json(const emu_job *j, const emu_ckpt *c)
{
    return json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:O}", "object",
                     "fine_tuning.job.checkpoint", "id", c->id, "created_at",
                     (json_int_t)c->created_at, "fine_tuned_model_checkpoint", c->name,
                     "step_number", (json_int_t)c->step, "fine_tuning_job_id", j->id,
                     "metrics", c->metrics);
}

/* The top-level hyperparameters: supervised jobs only (null otherwise, as the API). */
static json_t *legacy_hp(const emu_job *j)
{
    const char *type = emu_job_method_type(j);
    if (strcmp(type, "supervised") != 0)
        return json_null();
    json_t *mh = json_object_get(json_object_get(j->method, type), "hyperparameters");
    return json_pack("{s:O?, s:O?, s:O?}", "batch_size",
                     json_object_get(mh, "batch_size"), "learning_rate_multiplier",
                     json_object_get(mh, "learning_rate_multiplier"), "n_epochs",
                     json_object_get(mh, "n_epochs"));
}

json_t *emu_job_json(oft_emu *emu, const emu_job *j)
{
    json_t *err = json_null();
    if (j->err_message)
        err = json_pack("{s:s?, s:s, s:s?}", "code", j->err_code, "message",
                        j->err_message, "param", j->err_param);
    json_t *results = json_array();
    if (j->result_file)
        json_array_append_new(results, json_string(j->result_file));
    int running = j->stage == EMU_ST_RUNNING && !j->paused && !j->requeue_until;
    json_t *est =
        running ? json_integer(emu_now_wall() +
                               (int64_t)ceil((emu_job_duration(emu) - j->vt_ms) / 1000.0))
                : json_null();
    int done = j->stage == EMU_ST_SUCCEEDED;
    return json_pack(
        "{s:s, s:s, s:s, s:I, s:o, s:s?, s:s, s:o, s:s, s:s?, s:s, s:o, s:o, s:o, s:I, "
        "s:o, s:O?, s:O, s:O?, s:s?, s:b}",
        "object", "fine_tuning.job", "id", j->id, "model", j->model, "created_at",
        (json_int_t)j->created_at, "finished_at",
        j->finished_at ? json_integer(j->finished_at) : json_null(), "fine_tuned_model",
        done ? j->fine_tuned_model : NULL, "organization_id", emu->organization,
        "result_files", results, "status", emu_job_status(j), "validation_file",
        j->validation_file, "training_file", j->training_file, "hyperparameters",
        legacy_hp(j), "trained_tokens",
        done ? json_integer(j->trained_tokens) : json_null(), "error", err, "seed",
        (json_int_t)j->seed, "estimated_finish", est, "integrations", j->integrations,
        "method", j->method, "metadata", j->metadata, "user_provided_suffix", j->suffix,
        "shared_with_openai", 0);
}

void emu_jobs_free(oft_emu *emu)
{
    EMU_VEC_FREE_ALL(&emu->state->jobs, emu_job_free);
}

emu_job *emu_job_find(oft_emu *emu, const char *id)
{
    for (size_t i = 0; i < emu->state->jobs.len; i++) {
        emu_job *j = emu->state->jobs.items[i];
        if (strcmp(j->id, id) == 0)
            return j;
    }
    return NULL;
}

emu_job *emu_job_of(oft_emu *emu, emu_resp *r, const char *id)
{
    emu_job *j = emu_job_find(emu, id);
    if (!j)
        emu_not_found(r, "fine_tuning_job_id", "Could not find fine-tuning job: %s", id);
    return j;
}

void emu_jobs_advance_all(oft_emu *emu)
{
    for (size_t i = 0; i < emu->state->jobs.len; i++) {
        emu_job *j = emu->state->jobs.items[i];
        size_t events = j->events.len;
        int stage = j->stage, held = j->paused || j->requeue_until;
        emu_job_advance(emu, j);
        /* Something to save: a milestone passed (each adds an event) or a state. */
        if (j->events.len != events || j->stage != stage ||
            held != (j->paused || j->requeue_until))
            emu->state->dirty = 1;
    }
}

int emu_checkpoint_exists(oft_emu *emu, const char *name)
{
    emu_model *m = emu_model_find(emu, name);
    if (m && m->fine_tuned)
        return 1;
    for (size_t i = 0; i < emu->state->jobs.len; i++) {
        emu_job *j = emu->state->jobs.items[i];
        for (size_t k = 0; k < j->ckpts.len; k++) {
            if (strcmp(((emu_ckpt *)j->ckpts.items[k])->name, name) == 0)
                return 1;
        }
    }
    return 0;
}

int emu_job_already_ended(emu_resp *r, const emu_job *j)
{
    const char *st = emu_job_status(j);
    return emu_reply_error(r, 409, "invalid_request_error", NULL, "job_already_ended",
                           "Job %s has already %s.", j->id,
                           strcmp(st, "cancelled") == 0 ? "been cancelled" : st);
}
