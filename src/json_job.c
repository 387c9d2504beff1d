/*
 * fine_tuning.job JSON -> oft_job. Lenient: unknown keys are ignored, absent
 * and null fields read as unset; only out of memory fails (NULL).
 */
#include <math.h>
#include <string.h>

#include "json.h"
#include "jobs_internal.h"

static const char *const status_names[] = {
    "unknown",   "validating_files", "queued",    "running",
    "succeeded", "failed",           "cancelled", "paused",
};
#define N_STATUS (sizeof(status_names) / sizeof(status_names[0]))

static const char *const method_names[] = {NULL, "supervised", "dpo", "reinforcement"};
#define N_METHOD (sizeof(method_names) / sizeof(method_names[0]))

const char *oft_job_status_str(int status)
{
    if (status < 0 || (size_t)status >= N_STATUS)
        return "unknown";
    return status_names[status];
}

int oft_job_status_is_terminal(int status)
{
    return status == OFT_JOB_STATUS_SUCCEEDED || status == OFT_JOB_STATUS_FAILED ||
           status == OFT_JOB_STATUS_CANCELLED;
}

int oft__job_status_from_str(const char *s)
{
    for (size_t i = 1; s && i < N_STATUS; i++)
        if (strcmp(s, status_names[i]) == 0)
            return (int)i;
    return OFT_JOB_STATUS_UNKNOWN;
}

int oft__method_type_from_str(const char *s)
{
    if (!s)
        return OFT_METHOD_UNSET;
    for (size_t i = 1; i < N_METHOD; i++)
        if (strcmp(s, method_names[i]) == 0)
            return (int)i;
    return OFT_METHOD_UNKNOWN;
}

const char *oft__method_type_str(int type)
{
    if (type <= 0 || (size_t)type >= N_METHOD)
        return NULL;
    return method_names[type];
}

static void wandb_dispose(oft_wandb *w)
{
    oft__free(w->project);
    oft__free(w->name);
    oft__free(w->entity);
    for (size_t i = 0; i < w->tags_count; i++)
        oft__free(w->tags[i]);
    oft__free(w->tags);
    oft__free(w->run_id);
}

void oft_job_free(oft_job *job)
{
    if (!job)
        return;
    oft__free(job->id);
    oft__free(job->object);
    oft__free(job->model);
    oft__free(job->organization_id);
    oft__free(job->status_raw);
    oft__free(job->training_file);
    oft__free(job->validation_file);
    for (size_t i = 0; i < job->result_files_count; i++)
        oft__free(job->result_files[i]);
    oft__free(job->result_files);
    oft__free(job->fine_tuned_model);
    if (job->error) {
        oft__free(job->error->code);
        oft__free(job->error->message);
        oft__free(job->error->param);
        oft__free(job->error);
    }
    oft__free(job->hyperparameters);
    for (size_t i = 0; i < job->integrations_count; i++) {
        oft__free(job->integrations[i].type);
        wandb_dispose(&job->integrations[i].wandb);
    }
    oft__free(job->integrations);
    if (job->method) {
        oft__free(job->method->type_raw);
        oft__free(job->method->hyperparameters.reasoning_effort);
        oft__free(job->method->grader_json);
        oft__free(job->method);
    }
    for (size_t i = 0; i < job->metadata_count; i++) {
        OFT__FREE_CONST(job->metadata[i].key);
        OFT__FREE_CONST(job->metadata[i].value);
    }
    oft__free(job->metadata);
    oft__free(job->user_provided_suffix);
    oft__free(job->request_id);
    oft__free(job->raw_json);
    oft__free(job);
}

/* Reads every string of a JSON array (non-strings skipped). 0 or -1 (oom). */
static int str_array(const json_t *arr, char ***out, size_t *count)
{
    size_t n = json_array_size(arr);
    *out = NULL;
    *count = 0;
    if (!n)
        return 0;
    *out = oft__calloc(n, sizeof(**out));
    if (!*out)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        if (!s)
            continue;
        if (!((*out)[*count] = oft__strdup(s)))
            return -1;
        (*count)++;
    }
    return 0;
}

/* A string field that must be copied (one lookup): records oom in *bad. */
static char *dup_field(const json_t *obj, const char *key, int *bad)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return NULL;
    char *s = oft__strndup(json_string_value(v), json_string_length(v));
    if (!s)
        *bad = 1;
    return s;
}

static int read_error(oft_job *job, const json_t *err, int *bad)
{
    /* {} or a null message is "no error" (the API sends both for running jobs). */
    const char *msg = json_string_value(json_object_get(err, "message"));
    if (!json_is_object(err) || !msg)
        return 0;
    job->error = oft__calloc(1, sizeof(*job->error));
    if (!job->error)
        return -1;
    job->error->message = dup_field(err, "message", bad);
    job->error->code = dup_field(err, "code", bad);
    job->error->param = dup_field(err, "param", bad);
    return 0;
}

static int read_integrations(oft_job *job, const json_t *arr, int *bad)
{
    size_t n = json_array_size(arr);
    if (!n)
        return 0;
    job->integrations = oft__calloc(n, sizeof(*job->integrations));
    if (!job->integrations)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_array_get(arr, i);
        if (!json_is_object(item))
            continue;
        oft_integration *in = &job->integrations[job->integrations_count++];
        const json_t *w = json_object_get(item, "wandb");
        in->type = dup_field(item, "type", bad);
        in->wandb.project = dup_field(w, "project", bad);
        in->wandb.name = dup_field(w, "name", bad);
        in->wandb.entity = dup_field(w, "entity", bad);
        in->wandb.run_id = dup_field(w, "run_id", bad);
        if (str_array(json_object_get(w, "tags"), &in->wandb.tags, &in->wandb.tags_count))
            return -1;
    }
    return 0;
}

static int read_metadata(oft_job *job, const json_t *md)
{
    const char *key;
    const json_t *value;
    size_t n = json_object_size(md);
    if (!n)
        return 0;
    job->metadata = oft__calloc(n, sizeof(*job->metadata));
    if (!job->metadata)
        return -1;
    /* json_object_foreach needs a non-const object; the loop only reads it. */
    void *iter = json_object_iter((json_t *)(uintptr_t)md);
    for (; iter; iter = json_object_iter_next((json_t *)(uintptr_t)md, iter)) {
        key = json_object_iter_key(iter);
        value = json_object_iter_value(iter);
        if (!json_is_string(value))
            continue;
        oft_kv *kv = &job->metadata[job->metadata_count++];
        kv->key = oft__strdup(key);
        kv->value = oft__strdup(json_string_value(value));
        if (!kv->key || !kv->value)
            return -1;
    }
    return 0;
}

static int read_method(oft_job *job, const json_t *m, int *bad)
{
    if (!json_is_object(m))
        return 0;
    oft_method *out = oft__calloc(1, sizeof(*out));
    if (!out)
        return -1;
    job->method = out;
    out->type_raw = dup_field(m, "type", bad);
    out->type = oft__method_type_from_str(out->type_raw);
    /* The hyperparameters live under the object named by the type. */
    const json_t *sub = out->type_raw ? json_object_get(m, out->type_raw) : NULL;
    const json_t *hp = json_object_get(sub, "hyperparameters");
    oft_method_hyperparameters *h = &out->hyperparameters;
    h->n_epochs = oft__json_hp(hp, "n_epochs");
    h->batch_size = oft__json_hp(hp, "batch_size");
    h->learning_rate_multiplier = oft__json_hp(hp, "learning_rate_multiplier");
    h->beta = oft__json_hp(hp, "beta");
    h->compute_multiplier = oft__json_hp(hp, "compute_multiplier");
    h->eval_interval = oft__json_hp(hp, "eval_interval");
    h->eval_samples = oft__json_hp(hp, "eval_samples");
    h->reasoning_effort = dup_field(hp, "reasoning_effort", bad);
    if (json_object_get(sub, "grader") && !json_is_null(json_object_get(sub, "grader")) &&
        !(out->grader_json = oft__json_dump_key(sub, "grader")))
        return -1;
    return 0;
}

/* A job with every field but request_id and raw_json; NULL when out of memory. */
static oft_job *job_fields(const json_t *obj)
{
    oft_job *job = oft__calloc(1, sizeof(*job));
    int bad = 0;
    if (!job)
        return NULL;
    job->id = dup_field(obj, "id", &bad);
    job->object = dup_field(obj, "object", &bad);
    job->created_at = oft__json_time(obj, "created_at");
    job->model = dup_field(obj, "model", &bad);
    job->organization_id = dup_field(obj, "organization_id", &bad);
    job->status_raw = dup_field(obj, "status", &bad);
    job->status = oft__job_status_from_str(job->status_raw);
    job->training_file = dup_field(obj, "training_file", &bad);
    job->validation_file = dup_field(obj, "validation_file", &bad);
    job->fine_tuned_model = dup_field(obj, "fine_tuned_model", &bad);
    job->finished_at = oft__json_time(obj, "finished_at");
    job->trained_tokens = oft__json_int(obj, "trained_tokens", OFT_TIME_NONE);
    job->seed = oft__json_int(obj, "seed", OFT_TIME_NONE);
    job->estimated_finish = oft__json_time(obj, "estimated_finish");
    job->user_provided_suffix = dup_field(obj, "user_provided_suffix", &bad);
    if (str_array(json_object_get(obj, "result_files"), &job->result_files,
                  &job->result_files_count) ||
        read_error(job, json_object_get(obj, "error"), &bad) ||
        read_integrations(job, json_object_get(obj, "integrations"), &bad) ||
        read_metadata(job, json_object_get(obj, "metadata")) ||
        read_method(job, json_object_get(obj, "method"), &bad))
        bad = 1;
    const json_t *hp = json_object_get(obj, "hyperparameters");
    if (json_is_object(hp)) {
        job->hyperparameters = oft__calloc(1, sizeof(*job->hyperparameters));
        if (!job->hyperparameters)
            bad = 1;
        else {
            job->hyperparameters->n_epochs = oft__json_hp(hp, "n_epochs");
            job->hyperparameters->batch_size = oft__json_hp(hp, "batch_size");
            job->hyperparameters->learning_rate_multiplier =
                oft__json_hp(hp, "learning_rate_multiplier");
        }
    }
    if (bad) {
        oft_job_free(job);
        return NULL;
    }
    return job;
}

void *oft__job_from_json(const json_t *obj, const char *request_id, const char *raw)
{
    oft_job *job = job_fields(obj);
    if (!job)
        return NULL;
    job->request_id = oft__strdup(request_id);
    job->raw_json = oft__item_raw(obj, raw);
    if ((request_id && !job->request_id) || !job->raw_json) {
        oft_job_free(job);
        return NULL;
    }
    return job;
}

int oft__job_parse(oft_client *c, oft__response *resp, oft_job **out)
{
    const char *what = oft__job_spec.what;
    json_t *root = NULL;
    *out = NULL;
    int rc = oft__json_parse_response(c, what, resp, &root);
    if (rc != OFT_OK)
        return rc;
    /* {} or a list where an object was expected is not a success. */
    if ((rc = oft__json_check_object(c, what, root, what, -1)) != OFT_OK) {
        json_decref(root);
        return rc;
    }
    oft_job *job = job_fields(root);
    json_decref(root);
    if (!job)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", what);
    /* The body is exactly the job's JSON: the job takes it, and the request ID. */
    job->raw_json = resp->body;
    job->request_id = resp->request_id;
    resp->body = NULL;
    resp->body_len = 0;
    resp->request_id = NULL;
    *out = job;
    return OFT_OK;
}

static void job_free_item(void *p)
{
    oft_job_free(p);
}

const oft__list_spec oft__job_spec = {"fine_tuning.job", oft__job_from_json,
                                      job_free_item, 0, 0};
