/*
 * The fine-tuning jobs API: create (checked by job_checks.c, the training
 * data by the library's validator), list with metadata filters, retrieve,
 * cancel, pause, resume, events and checkpoints. The life cycle itself is in
 * job_life.c.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openai_ft/jsonl.h"

/* ---- create ---- */

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

/* A new job from a checked body and its method (stolen); NULL when out of memory. */
static emu_job *job_new(oft_emu *emu, json_t *body, json_t *method)
{
    emu_job *j = calloc(1, sizeof(*j));
    if (!j) {
        json_decref(method);
        return NULL;
    }
    json_t *seed = json_object_get(body, "seed");
    json_t *md = json_object_get(body, "metadata");
    json_t *in = json_object_get(body, "integrations");
    emu_random_id(j->id, sizeof(j->id), "ftjob-", 24);
    emu_random_id(j->tag, sizeof(j->tag), "", 8);
    j->created_at = j->wall_floor = emu_now_wall();
    j->model =
        emu_strdup(emu_model_snapshot(json_string_value(json_object_get(body, "model"))));
    j->training_file =
        emu_strdup(json_string_value(json_object_get(body, "training_file")));
    j->validation_file =
        emu_strdup(json_string_value(json_object_get(body, "validation_file")));
    j->suffix = emu_strdup(json_string_value(json_object_get(body, "suffix")));
    j->method = method;
    j->metadata = json_is_object(md) ? json_incref(md) : NULL;
    j->integrations = json_is_array(in) ? json_incref(in) : NULL;
    j->seed = json_is_integer(seed) ? json_integer_value(seed)
                                    : (int64_t)(emu_random_unit() * 2147483647.0);
    char base[128], name[512];
    if (j->model) {
        snprintf(name, sizeof(name), "ft:%s:%s:%s:%s",
                 base_of(j->model, base, sizeof(base)), emu->organization,
                 j->suffix ? j->suffix : "", j->tag);
        j->fine_tuned_model = emu_strdup(name);
    }
    if (!j->model || !j->training_file || !j->fine_tuned_model) {
        emu_job_free(j);
        return NULL;
    }
    return j;
}

/* Runs the validator on the job's files (without the lock: it reads them whole). */
static void job_validate(oft_emu *emu, emu_job *j)
{
    const char *type = emu_job_method_type(j);
    int format = strcmp(type, "dpo") == 0             ? OFT_JSONL_DPO
                 : strcmp(type, "reinforcement") == 0 ? OFT_JSONL_REINFORCEMENT
                                                      : OFT_JSONL_AUTO;
    char *tpath = emu_path_join(emu->data_dir, j->training_file);
    char *vpath =
        j->validation_file ? emu_path_join(emu->data_dir, j->validation_file) : NULL;
    emu_data_check train = {0}, valid = {0};
    emu_unlock_for_work(emu);
    if (tpath)
        emu_validate_data_file(tpath, format, j->model, 1, &train);
    if (!train.message && vpath)
        emu_validate_data_file(vpath, format, j->model, 0, &valid);
    emu_relock_after_work(emu);
    free(tpath);
    free(vpath);
    j->examples = train.examples;
    j->epoch_tokens = train.epoch_tokens;
    j->default_epochs = train.default_epochs;
    j->invalid_param = train.message ? "training_file" : "validation_file";
    const char *msg = train.message ? train.message : valid.message;
    if (msg) {
        char buf[1200];
        snprintf(buf, sizeof(buf), "The job failed due to an invalid %s file. %s",
                 train.message ? "training" : "validation", msg);
        j->invalid_message = emu_strdup(buf);
    }
    free(train.message);
    free(valid.message);
}

static int job_create(emu_req *req, emu_resp *r)
{
    oft_emu *emu = req->emu;
    json_t *body, *method;
    char *canon = NULL;
    if (emu_parse_body(req, r, &body) != 0)
        return -1;
    if (emu_idem_check(req, r, body, &canon) != 0 ||
        emu_check_job_fields(emu, r, body) != 0 ||
        (method = emu_job_method(r, body)) == NULL) {
        free(canon);
        json_decref(body);
        return -1;
    }
    emu_job *j = job_new(emu, body, method);
    json_decref(body);
    if (!j)
        return free(canon), emu_out_of_memory(r);
    /* Kept before the lock is let go: a second request with the key waits. */
    emu_idem *key = canon ? emu_idem_reserve(req, canon, j->id) : NULL;
    if (canon && !key) {
        emu_job_free(j);
        return emu_out_of_memory(r);
    }
    job_validate(emu, j);
    j->last_mono = emu_now_mono_ms();
    if (emu_vec_push(&emu->state->jobs, j) != 0) {
        emu_idem_settle(emu, key, 0);
        emu_job_free(j);
        return emu_out_of_memory(r);
    }
    emu_idem_settle(emu, key, 1);
    emu_job_add_event(j, j->created_at, "info", "message", NULL,
                      "Created fine-tuning job: %s", j->id);
    emu_job_add_event(j, j->created_at, "info", "message", NULL,
                      "Validating training file: %s", j->training_file);
    emu_log(emu, OFT_EMU_LOG_INFO, "job.created",
            json_pack("{s:s, s:s, s:s}", "job", j->id, "model", j->model, "training_file",
                      j->training_file),
            "job %s created (model %s, training_file %s)", j->id, j->model,
            j->training_file);
    emu_reply_json(r, 200, emu_job_json(emu, j));
    return 0;
}

/* ---- listing ---- */

typedef struct md_filter {
    emu_job *job;
    int ok;
} md_filter;

static void match_metadata(void *cls, const char *key, const char *value)
{
    md_filter *f = cls;
    size_t n = strlen(key);
    if (strncmp(key, "metadata[", 9) != 0 || n < 11 || key[n - 1] != ']')
        return;
    char k[128];
    snprintf(k, sizeof(k), "%.*s", (int)(n - 10), key + 9);
    const char *have = json_string_value(json_object_get(f->job->metadata, k));
    if (!have || strcmp(have, value ? value : "") != 0)
        f->ok = 0;
}

static int job_keep(emu_job *j, emu_req *req)
{
    md_filter f = {j, 1};
    const char *mdnull = emu_query(req, "metadata");
    if (mdnull && strcmp(mdnull, "null") == 0)
        return j->metadata == NULL || json_object_size(j->metadata) == 0;
    req->values->each_query(req->values, match_metadata, &f);
    return f.ok;
}

static void job_list(emu_req *req, emu_resp *r)
{
    oft_emu *emu = req->emu;
    long limit;
    if (emu_query_limit(req, r, 20, 1, 10000, &limit) != 0)
        return;
    emu_pager pg;
    emu_pager_init(&pg, emu_query(req, "after"), limit);
    for (size_t k = emu->state->jobs.len; k-- > 0;) { /* newest first */
        emu_job *x = emu->state->jobs.items[k];
        int t = job_keep(x, req) ? emu_pager_take(&pg, x->id) : 0;
        if (t < 0)
            break;
        if (t)
            json_array_append_new(pg.data, emu_job_json(emu, x));
    }
    emu_pager_reply(&pg, r, 0);
}

/* GET .../events or .../checkpoints: newest first. */
static void job_sublist(emu_req *req, emu_resp *r, emu_job *j, int events)
{
    long limit;
    if (emu_query_limit(req, r, events ? 20 : 10, 1, 10000, &limit) != 0)
        return;
    if (events && emu_db_job_events(req->emu, j) != 0) {
        emu_reply_error(r, 500, "server_error", NULL, NULL,
                        "The emulator could not read the job's events; see its log.");
        return;
    }
    emu_pager pg;
    emu_pager_init(&pg, emu_query(req, "after"), limit);
    emu_vec *v = events ? &j->events : &j->ckpts;
    for (size_t k = v->len; k-- > 0;) {
        int t = emu_pager_take(&pg, events ? ((emu_event *)v->items[k])->id
                                           : ((emu_ckpt *)v->items[k])->id);
        if (t < 0)
            break;
        if (t)
            json_array_append_new(pg.data, events ? emu_event_json(v->items[k])
                                                  : emu_ckpt_json(j, v->items[k]));
    }
    emu_pager_reply(&pg, r, !events);
}

/* ---- actions ---- */

static void job_cancel(oft_emu *emu, emu_resp *r, emu_job *j)
{
    if (j->stage >= EMU_ST_SUCCEEDED) {
        emu_job_already_ended(r, j);
        return;
    }
    emu_job_cancel(emu, j);
    emu_reply_json(r, 200, emu_job_json(emu, j));
}

static void job_pause(oft_emu *emu, emu_resp *r, emu_job *j)
{
    const char *st = emu_job_status(j);
    if (strcmp(st, "running") != 0) {
        emu_reply_error(r, 409, "invalid_request_error", NULL, "job_not_running",
                        "Job %s is %s; only a running job can be paused.", j->id, st);
        return;
    }
    emu_job_pause(emu, j);
    emu_reply_json(r, 200, emu_job_json(emu, j));
}

static void job_resume(oft_emu *emu, emu_resp *r, emu_job *j)
{
    if (!j->paused) {
        emu_reply_error(r, 409, "invalid_request_error", NULL, "job_not_paused",
                        "Job %s is %s; only a paused job can be resumed.", j->id,
                        emu_job_status(j));
        return;
    }
    emu_job_resume(emu, j);
    emu_reply_json(r, 200, emu_job_json(emu, j));
}

/* The job of a route's {fine_tuning_job_id}, or NULL and a 404 in r. */
static emu_job *job_of(emu_req *req, emu_resp *r, char segs[][256])
{
    return emu_job_of(req->emu, r, segs[2]);
}

int emu_jobs_create(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    job_create(req, r);
    return 1;
}

int emu_jobs_list(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    job_list(req, r);
    return 1;
}

int emu_jobs_retrieve(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = job_of(req, r, segs);
    if (j)
        emu_reply_json(r, 200, emu_job_json(req->emu, j));
    return 1;
}

int emu_jobs_cancel(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = job_of(req, r, segs);
    if (j)
        job_cancel(req->emu, r, j);
    return 1;
}

int emu_jobs_pause(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = job_of(req, r, segs);
    if (j)
        job_pause(req->emu, r, j);
    return 1;
}

int emu_jobs_resume(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = job_of(req, r, segs);
    if (j)
        job_resume(req->emu, r, j);
    return 1;
}

int emu_jobs_events(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = job_of(req, r, segs);
    if (j)
        job_sublist(req, r, j, 1);
    return 1;
}

int emu_jobs_checkpoints(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = job_of(req, r, segs);
    if (j)
        job_sublist(req, r, j, 0);
    return 1;
}
