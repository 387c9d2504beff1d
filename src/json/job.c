/*
 * fine_tuning.job JSON -> oft_job. Lenient: unknown keys are ignored, absent
 * and null fields read as unset; only out of memory fails (NULL).
 */
#include <stddef.h>
#include <string.h>

#include "json/json.h"
#include "json/mappers.h"

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

static int status_from_str(const char *s)
{
    for (size_t i = 1; s && i < N_STATUS; i++)
        if (strcmp(s, status_names[i]) == 0)
            return (int)i;
    return OFT_JOB_STATUS_UNKNOWN;
}

static int method_type_from_str(const char *s)
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

/*
 * A job is one block (the struct and its error, method and hyperparameters)
 * plus one block for all its strings: retrieving a job is the hot path, and a
 * malloc per field cost more than the rest of the mapping (bench_retrieve).
 * Only arrays of variable length, the grader, request_id and raw_json are
 * allocations of their own.
 */
typedef struct job_block {
    oft_job job; /* first: an oft_job * is a job_block * */
    oft_job_error error;
    oft_hyperparameters hyperparameters;
    oft_method method;
    char *strings;
} job_block;

/* A string to copy into the strings block once all are known. */
typedef struct string_ref {
    void *slot; /* a char * or const char * member */
    const char *src;
    size_t len;
} string_ref;

typedef struct string_refs {
    string_ref few[32];
    string_ref *refs;
    size_t n, cap;
    int bad; /* out of memory */
} string_refs;

static void refs_init(string_refs *r)
{
    r->refs = r->few;
    r->n = 0;
    r->cap = sizeof(r->few) / sizeof(r->few[0]);
    r->bad = 0;
}

static void refs_add_str(string_refs *r, void *slot, const char *src, size_t len)
{
    if (r->bad)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap * 2;
        string_ref *p = oft__calloc(cap, sizeof(*p));
        if (!p) {
            r->bad = 1;
            return;
        }
        memcpy(p, r->refs, r->n * sizeof(*p));
        if (r->refs != r->few)
            oft__free(r->refs);
        r->refs = p;
        r->cap = cap;
    }
    r->refs[r->n++] = (string_ref){slot, src, len};
}

/* A JSON string value (anything else leaves the slot NULL). */
static void refs_add(string_refs *r, void *slot, const json_t *v)
{
    if (json_is_string(v))
        refs_add_str(r, slot, json_string_value(v), json_string_length(v));
}

static void refs_add_key(string_refs *r, void *slot, const json_t *obj, const char *key)
{
    refs_add(r, slot, json_object_get(obj, key));
}

/* Copies every string into one block (owned by *block) and fills the slots. */
static int refs_commit(string_refs *r, char **block)
{
    size_t total = 0;
    for (size_t i = 0; i < r->n; i++)
        total += r->refs[i].len + 1;
    if (!r->bad && total > 0 && !(*block = oft__malloc(total)))
        r->bad = 1;
    char *p = *block;
    for (size_t i = 0; !r->bad && i < r->n; i++) {
        memcpy(p, r->refs[i].src, r->refs[i].len);
        p[r->refs[i].len] = '\0';
        memcpy(r->refs[i].slot, &p, sizeof(p)); /* char * or const char * alike */
        p += r->refs[i].len + 1;
    }
    if (r->refs != r->few)
        oft__free(r->refs);
    return r->bad ? -1 : 0;
}

void oft_job_free(oft_job *job)
{
    if (!job)
        return;
    job_block *b = (job_block *)job;
    OFT__FREE_CONST(job->result_files);
    for (size_t i = 0; i < job->integrations_count; i++)
        OFT__FREE_CONST(job->integrations[i].wandb.tags);
    OFT__FREE_CONST(job->integrations);
    OFT__FREE_CONST(b->method.grader_json);
    OFT__FREE_CONST(job->metadata);
    OFT__FREE_CONST(job->request_id);
    OFT__FREE_CONST(job->raw_json);
    oft__free(b->strings);
    oft__free(b);
}

/* Every string of a JSON array (non-strings skipped). 0 or -1 (oom). */
static int str_array(string_refs *r, const json_t *arr, const char *const **out,
                     size_t *count)
{
    size_t n = json_array_size(arr);
    if (!n)
        return 0;
    const char **strs = oft__calloc(n, sizeof(*strs));
    if (!(*out = strs))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        if (json_is_string(v))
            refs_add(r, &strs[(*count)++], v);
    }
    return 0;
}

static void read_error(job_block *b, string_refs *r, const json_t *err)
{
    /* {} or a null message is "no error" (the API sends both for running jobs). */
    if (!json_is_string(json_object_get(err, "message")))
        return;
    b->job.error = &b->error;
    refs_add_key(r, &b->error.message, err, "message");
    refs_add_key(r, &b->error.code, err, "code");
    refs_add_key(r, &b->error.param, err, "param");
}

static int read_integrations(oft_job *job, string_refs *r, const json_t *arr)
{
    size_t n = json_array_size(arr);
    if (!n)
        return 0;
    oft_integration *ins = oft__calloc(n, sizeof(*ins));
    if (!(job->integrations = ins))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_array_get(arr, i);
        if (!json_is_object(item))
            continue;
        oft_integration *in = &ins[job->integrations_count++];
        const json_t *w = json_object_get(item, "wandb");
        refs_add_key(r, &in->type, item, "type");
        refs_add_key(r, &in->wandb.project, w, "project");
        refs_add_key(r, &in->wandb.name, w, "name");
        refs_add_key(r, &in->wandb.entity, w, "entity");
        refs_add_key(r, &in->wandb.run_id, w, "run_id");
        if (str_array(r, json_object_get(w, "tags"), &in->wandb.tags,
                      &in->wandb.tags_count))
            return -1;
    }
    return 0;
}

static int read_metadata(oft_job *job, string_refs *r, const json_t *md)
{
    size_t n = json_object_size(md);
    if (!n)
        return 0;
    oft_kv *kvs = oft__calloc(n, sizeof(*kvs));
    if (!(job->metadata = kvs))
        return -1;
    /* json_object_foreach needs a non-const object; the loop only reads it. */
    json_t *obj = (json_t *)(uintptr_t)md;
    for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
        const json_t *value = json_object_iter_value(it);
        if (!json_is_string(value))
            continue;
        oft_kv *kv = &kvs[job->metadata_count++];
        const char *key = json_object_iter_key(it);
        refs_add_str(r, &kv->key, key, strlen(key));
        refs_add(r, &kv->value, value);
    }
    return 0;
}

static int read_method(job_block *b, string_refs *r, const json_t *m)
{
    if (!json_is_object(m))
        return 0;
    oft_method *out = &b->method;
    b->job.method = out;
    const json_t *type = json_object_get(m, "type");
    refs_add(r, &out->type_raw, type);
    out->type = method_type_from_str(json_string_value(type));
    /* The hyperparameters live under the object named by the type. */
    const json_t *sub =
        json_is_string(type) ? json_object_get(m, json_string_value(type)) : NULL;
    const json_t *hp = json_object_get(sub, "hyperparameters");
    oft_method_hyperparameters *h = &out->hyperparameters;
    h->n_epochs = oft__json_hp(hp, "n_epochs");
    h->batch_size = oft__json_hp(hp, "batch_size");
    h->learning_rate_multiplier = oft__json_hp(hp, "learning_rate_multiplier");
    h->beta = oft__json_hp(hp, "beta");
    h->compute_multiplier = oft__json_hp(hp, "compute_multiplier");
    h->eval_interval = oft__json_hp(hp, "eval_interval");
    h->eval_samples = oft__json_hp(hp, "eval_samples");
    refs_add_key(r, &h->reasoning_effort, hp, "reasoning_effort");
    const json_t *grader = json_object_get(sub, "grader");
    if (grader && !json_is_null(grader) &&
        !(out->grader_json = oft__json_dump_key(sub, "grader")))
        return -1;
    return 0;
}

void oft_job_page_free(oft_job_page *page)
{
    OFT__PAGE_FREE(page, oft_job_free);
}

/* A job with every field but request_id and raw_json; NULL when out of memory. */
static void *job_fields(const json_t *obj, const char *request_id)
{
    job_block *b = oft__calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    oft_job *job = &b->job;
    string_refs r;
    refs_init(&r);
    refs_add_key(&r, &job->id, obj, "id");
    refs_add_key(&r, &job->object, obj, "object");
    job->created_at = oft__json_time(obj, "created_at");
    refs_add_key(&r, &job->model, obj, "model");
    refs_add_key(&r, &job->organization_id, obj, "organization_id");
    const json_t *status = json_object_get(obj, "status");
    refs_add(&r, &job->status_raw, status);
    job->status = status_from_str(json_string_value(status));
    refs_add_key(&r, &job->training_file, obj, "training_file");
    refs_add_key(&r, &job->validation_file, obj, "validation_file");
    refs_add_key(&r, &job->fine_tuned_model, obj, "fine_tuned_model");
    job->finished_at = oft__json_time(obj, "finished_at");
    job->trained_tokens = oft__json_int(obj, "trained_tokens", OFT_TIME_NONE);
    job->seed = oft__json_int(obj, "seed", OFT_TIME_NONE);
    job->estimated_finish = oft__json_time(obj, "estimated_finish");
    refs_add_key(&r, &job->user_provided_suffix, obj, "user_provided_suffix");
    read_error(b, &r, json_object_get(obj, "error"));
    int bad = str_array(&r, json_object_get(obj, "result_files"), &job->result_files,
                        &job->result_files_count) ||
              read_integrations(job, &r, json_object_get(obj, "integrations")) ||
              read_metadata(job, &r, json_object_get(obj, "metadata")) ||
              read_method(b, &r, json_object_get(obj, "method"));
    const json_t *hp = json_object_get(obj, "hyperparameters");
    if (json_is_object(hp)) {
        job->hyperparameters = &b->hyperparameters;
        b->hyperparameters.n_epochs = oft__json_hp(hp, "n_epochs");
        b->hyperparameters.batch_size = oft__json_hp(hp, "batch_size");
        b->hyperparameters.learning_rate_multiplier =
            oft__json_hp(hp, "learning_rate_multiplier");
    }
    if (refs_commit(&r, &b->strings) != 0 || bad) {
        oft_job_free(job);
        return NULL;
    }
    return job;
}

int oft__job_json_changed(const char *before, const char *after)
{
    if (strcmp(before, after) == 0)
        return 0;
    json_t *a = json_loads(before, 0, NULL), *b = json_loads(after, 0, NULL);
    int changed = 1;
    if (json_is_object(a) && json_is_object(b)) {
        json_object_del(a, "estimated_finish");
        json_object_del(b, "estimated_finish");
        changed = !json_equal(a, b);
    }
    json_decref(a);
    json_decref(b);
    return changed;
}

static void job_free_item(void *p)
{
    oft_job_free(p);
}

const oft__object_spec oft__job_spec = {"fine_tuning.job",
                                        "fine_tuning.job",
                                        job_fields,
                                        job_free_item,
                                        offsetof(oft_job, request_id),
                                        offsetof(oft_job, raw_json),
                                        OFT__CURSOR_LAST_ITEM,
                                        0};
