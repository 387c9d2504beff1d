/*
 * fine_tuning.job JSON -> oft_job. Lenient: unknown keys are ignored, absent
 * and null fields read as unset; only out of memory fails (NULL).
 */
#include <stddef.h>
#include <string.h>

#include "json/fields.h"
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
 * plus one block for all its strings (the table's strings block, fields.c):
 * retrieving a job is the hot path, and a malloc per field cost more than the
 * rest of the mapping (bench_retrieve). Only arrays of variable length, the
 * grader, request_id and raw_json are allocations of their own.
 */
typedef struct job_block {
    oft_job job; /* first: an oft_job * is a job_block * */
    oft_job_error error;
    oft_hyperparameters hyperparameters;
    oft_method method;
    char *strings;
} job_block;

static const oft__field error_fields[] = {
    OFT__F_STR("message", oft_job_error, message),
    OFT__F_STR("code", oft_job_error, code),
    OFT__F_STR("param", oft_job_error, param),
};
static const oft__field_table error_table =
    OFT__FIELD_TABLE(error_fields, oft_job_error, NULL);

static int read_error(oft__field_ctx *x, void *item, const json_t *err)
{
    /* {} or a null message is "no error" (the API sends both for running jobs). */
    if (!json_is_string(json_object_get(err, "message")))
        return 0;
    job_block *b = item;
    b->job.error = &b->error;
    return oft__fields_read(x, &error_table, &b->error, err);
}

static void free_error(void *item)
{
    oft__fields_free(&error_table, &((job_block *)item)->error, 1);
}

static const oft__field hp_fields[] = {
    OFT__F_HP("n_epochs", oft_hyperparameters, n_epochs),
    OFT__F_HP("batch_size", oft_hyperparameters, batch_size),
    OFT__F_HP("learning_rate_multiplier", oft_hyperparameters, learning_rate_multiplier),
};
static const oft__field_table hp_table =
    OFT__FIELD_TABLE(hp_fields, oft_hyperparameters, NULL);

static int read_hyperparameters(oft__field_ctx *x, void *item, const json_t *hp)
{
    if (!json_is_object(hp))
        return 0;
    job_block *b = item;
    b->job.hyperparameters = &b->hyperparameters;
    return oft__fields_read(x, &hp_table, &b->hyperparameters, hp);
}

static void free_hyperparameters(void *item)
{
    oft__fields_free(&hp_table, &((job_block *)item)->hyperparameters, 1);
}

/* Every string of a JSON array (non-strings skipped). 0 or -1 (oom). */
static int str_array(oft__field_ctx *x, const json_t *arr, const char *const **out,
                     size_t *count)
{
    size_t n = json_array_size(arr);
    if (!n)
        return 0;
    const char **strs = oft__calloc(n, sizeof(*strs));
    if (!(*out = strs))
        return -1;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        if (json_is_string(v))
            bad |= oft__fields_str(x, &strs[(*count)++], v);
    }
    return bad ? -1 : 0;
}

static int read_result_files(oft__field_ctx *x, void *item, const json_t *arr)
{
    oft_job *job = item;
    return str_array(x, arr, &job->result_files, &job->result_files_count);
}

static void free_result_files(void *item)
{
    OFT__FREE_CONST(((oft_job *)item)->result_files);
}

static const oft__field wandb_fields[] = {
    OFT__F_STR("project", oft_wandb, project),
    OFT__F_STR("name", oft_wandb, name),
    OFT__F_STR("entity", oft_wandb, entity),
    OFT__F_STR("run_id", oft_wandb, run_id),
};
static const oft__field_table wandb_table =
    OFT__FIELD_TABLE(wandb_fields, oft_wandb, NULL);

static int read_integrations(oft__field_ctx *x, void *item, const json_t *arr)
{
    oft_job *job = item;
    size_t n = json_array_size(arr);
    if (!n)
        return 0;
    oft_integration *ins = oft__calloc(n, sizeof(*ins));
    if (!(job->integrations = ins))
        return -1;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *in_json = json_array_get(arr, i);
        if (!json_is_object(in_json))
            continue;
        oft_integration *in = &ins[job->integrations_count++];
        const json_t *w = json_object_get(in_json, "wandb");
        bad |= oft__fields_str(x, &in->type, json_object_get(in_json, "type")) |
               oft__fields_read(x, &wandb_table, &in->wandb, w) |
               str_array(x, json_object_get(w, "tags"), &in->wandb.tags,
                         &in->wandb.tags_count);
    }
    return bad ? -1 : 0;
}

static void free_integrations(void *item)
{
    oft_job *job = item;
    for (size_t i = 0; i < job->integrations_count; i++) {
        oft_integration *in = OFT__MUTABLE(&job->integrations[i]);
        oft__fields_free(&wandb_table, &in->wandb, 1);
        OFT__FREE_CONST(in->wandb.tags);
    }
    OFT__FREE_CONST(job->integrations);
}

static int read_metadata(oft__field_ctx *x, void *item, const json_t *md)
{
    oft_job *job = item;
    size_t n = json_object_size(md);
    if (!n)
        return 0;
    oft_kv *kvs = oft__calloc(n, sizeof(*kvs));
    if (!(job->metadata = kvs))
        return -1;
    /* json_object_foreach needs a non-const object; the loop only reads it. */
    json_t *obj = (json_t *)(uintptr_t)md;
    int bad = 0;
    for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
        const json_t *value = json_object_iter_value(it);
        if (!json_is_string(value))
            continue;
        oft_kv *kv = &kvs[job->metadata_count++];
        const char *key = json_object_iter_key(it);
        bad |= oft__fields_strn(x, &kv->key, key, strlen(key)) |
               oft__fields_str(x, &kv->value, value);
    }
    return bad ? -1 : 0;
}

static void free_metadata(void *item)
{
    OFT__FREE_CONST(((oft_job *)item)->metadata);
}

static const oft__field method_hp_fields[] = {
    OFT__F_HP("n_epochs", oft_method_hyperparameters, n_epochs),
    OFT__F_HP("batch_size", oft_method_hyperparameters, batch_size),
    OFT__F_HP("learning_rate_multiplier", oft_method_hyperparameters,
              learning_rate_multiplier),
    OFT__F_HP("beta", oft_method_hyperparameters, beta),
    OFT__F_HP("compute_multiplier", oft_method_hyperparameters, compute_multiplier),
    OFT__F_HP("eval_interval", oft_method_hyperparameters, eval_interval),
    OFT__F_HP("eval_samples", oft_method_hyperparameters, eval_samples),
    OFT__F_STR("reasoning_effort", oft_method_hyperparameters, reasoning_effort),
};
static const oft__field_table method_hp_table =
    OFT__FIELD_TABLE(method_hp_fields, oft_method_hyperparameters, NULL);

static const oft__field method_sub_fields[] = {
    OFT__F_OBJECT("hyperparameters", oft_method, hyperparameters, method_hp_table),
    OFT__F_TEXT("grader", oft_method, grader_json),
};
static const oft__field_table method_sub_table =
    OFT__FIELD_TABLE(method_sub_fields, oft_method, NULL);

static int read_method(oft__field_ctx *x, void *item, const json_t *m)
{
    if (!json_is_object(m))
        return 0;
    job_block *b = item;
    oft_method *out = &b->method;
    b->job.method = out;
    const json_t *type = json_object_get(m, "type");
    out->type = method_type_from_str(json_string_value(type));
    /* The hyperparameters and the grader live under the object named by the type. */
    const json_t *sub =
        json_is_string(type) ? json_object_get(m, json_string_value(type)) : NULL;
    return oft__fields_str(x, &out->type_raw, type) |
           oft__fields_read(x, &method_sub_table, out, sub);
}

static void free_method(void *item)
{
    oft__fields_free(&method_sub_table, &((job_block *)item)->method, 1);
}

static int job_finish(void *item)
{
    oft_job *job = item;
    job->status = status_from_str(job->status_raw);
    return 0;
}

static const oft__field job_fields[] = {
    OFT__F_STR("id", oft_job, id),
    OFT__F_STR("object", oft_job, object),
    OFT__F_TIME("created_at", oft_job, created_at),
    OFT__F_STR("model", oft_job, model),
    OFT__F_STR("organization_id", oft_job, organization_id),
    OFT__F_STR("status", oft_job, status_raw),
    OFT__F_STR("training_file", oft_job, training_file),
    OFT__F_STR("validation_file", oft_job, validation_file),
    OFT__F_STR("fine_tuned_model", oft_job, fine_tuned_model),
    OFT__F_TIME("finished_at", oft_job, finished_at),
    OFT__F_INT("trained_tokens", oft_job, trained_tokens, OFT_TIME_NONE),
    OFT__F_INT("seed", oft_job, seed, OFT_TIME_NONE),
    OFT__F_TIME("estimated_finish", oft_job, estimated_finish),
    OFT__F_STR("user_provided_suffix", oft_job, user_provided_suffix),
    OFT__F_CUSTOM("error", read_error, free_error),
    OFT__F_CUSTOM("result_files", read_result_files, free_result_files),
    OFT__F_CUSTOM("integrations", read_integrations, free_integrations),
    OFT__F_CUSTOM("metadata", read_metadata, free_metadata),
    OFT__F_CUSTOM("method", read_method, free_method),
    OFT__F_CUSTOM("hyperparameters", read_hyperparameters, free_hyperparameters),
    OFT__F_RESPONSE(oft_job),
};
static const oft__field_table job_table = {
    job_fields, sizeof(job_fields) / sizeof(job_fields[0]), sizeof(job_block),
    offsetof(job_block, strings), job_finish};

void oft_job_free(oft_job *job)
{
    oft__fields_delete(&job_table, job);
}

void oft_job_page_free(oft_job_page *page)
{
    OFT__PAGE_FREE(page, oft_job_free);
}

/* A job with every field but request_id and raw_json; NULL when out of memory. */
static void *job_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&job_table, obj, request_id);
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
                                        job_new,
                                        job_free_item,
                                        offsetof(oft_job, request_id),
                                        offsetof(oft_job, raw_json),
                                        OFT__CURSOR_LAST_ITEM,
                                        0};
