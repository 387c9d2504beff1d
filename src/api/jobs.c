/*
 * Fine-tuning jobs: create (with local validation: nothing is sent when an
 * option is out of range), retrieve, list, cancel, pause, resume.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/jobs_internal.h"
#include "util/options.h"

struct oft_job_iter {
    oft__iter it;
};

int oft_job_create_options_init(oft_job_create_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_job_create_options, OFT_JOB_CREATE_OPTIONS_INIT,
                      OFT_JOB_CREATE_OPTIONS_VERSION, sizeof(oft_job_create_options));
}

int oft_job_list_options_init(oft_job_list_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_job_list_options, OFT_JOB_LIST_OPTIONS_INIT,
                      OFT_JOB_LIST_OPTIONS_VERSION, sizeof(oft_job_list_options));
}

/* 2^53: every integer up to it is a double, and an int64. */
#define MAX_EXACT_INTEGER 9007199254740992.0

/* A hyperparameter range check: lo/hi inclusive unless the *_open flag is set. */
typedef struct hp_rule {
    const char *field;
    int integer;
    double lo, hi;
    int lo_open, hi_open, no_hi;
} hp_rule;

static int check_hp(oft_client *c, const char *prefix, oft_hp_num v, const hp_rule *r)
{
    if (v.mode == OFT_HP_UNSET || v.mode == OFT_HP_AUTO)
        return OFT_OK;
    if (v.mode != OFT_HP_VALUE)
        return oft__error_set(c, OFT_EINVAL, "%s%s: unknown mode %d", prefix, r->field,
                              v.mode);
    double x = v.value;
    if (!isfinite(x))
        return oft__error_set(c, OFT_EINVAL, "%s%s: not a finite number", prefix,
                              r->field);
    if (r->integer && x != floor(x))
        return oft__error_set(c, OFT_EINVAL, "%s%s: must be an integer (got %g)", prefix,
                              r->field, x);
    /* The body sends it as a JSON integer: within what a double holds exactly. */
    if (r->integer && fabs(x) > MAX_EXACT_INTEGER)
        return oft__error_set(c, OFT_EINVAL, "%s%s: must be at most %.0f (got %g)",
                              prefix, r->field, MAX_EXACT_INTEGER, x);
    int low = r->lo_open ? x <= r->lo : x < r->lo;
    int high = !r->no_hi && (r->hi_open ? x >= r->hi : x > r->hi);
    if (low || high) {
        if (r->no_hi)
            return oft__error_set(c, OFT_EINVAL, "%s%s: must be %s %g (got %g)", prefix,
                                  r->field, r->lo_open ? ">" : ">=", r->lo, x);
        return oft__error_set(c, OFT_EINVAL, "%s%s: must be in %c%g, %g] (got %g)",
                              prefix, r->field, r->lo_open ? '(' : '[', r->lo, r->hi, x);
    }
    return OFT_OK;
}

static const hp_rule R_EPOCHS = {"n_epochs", 1, 1, 50, 0, 0, 0};
static const hp_rule R_BATCH = {"batch_size", 1, 1, 256, 0, 0, 0};
static const hp_rule R_LR = {"learning_rate_multiplier", 0, 0, 0, 1, 0, 1};
static const hp_rule R_BETA = {"beta", 0, 0, 2, 1, 0, 0};
static const hp_rule R_COMPUTE = {"compute_multiplier", 0, 0.00001, 10, 1, 0, 0};
static const hp_rule R_EVAL_INT = {"eval_interval", 1, 1, 0, 0, 0, 1};
static const hp_rule R_EVAL_SAMPLES = {"eval_samples", 1, 1, 0, 0, 0, 1};

static int check_length(oft_client *c, const char *field, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0)
        return oft__error_set(c, OFT_EINVAL, "%s: must not be empty", field);
    if (n > max)
        return oft__error_set(c, OFT_EINVAL, "%s: longer than %zu characters (%zu)",
                              field, max, n);
    return OFT_OK;
}

/* The method a create request uses: method_type, or supervised (the API's
 * default) when it is unset but n_epochs, batch_size or
 * learning_rate_multiplier is given. */
static int effective_method(const oft_job_create_options *o)
{
    if (o->method_type == OFT_METHOD_UNSET &&
        (o->n_epochs.mode || o->batch_size.mode || o->learning_rate_multiplier.mode))
        return OFT_METHOD_SUPERVISED;
    return o->method_type;
}

static int check_method(oft_client *c, const oft_job_create_options *o)
{
    int rc;
    int t = o->method_type;
    if (t < OFT_METHOD_UNSET || t > OFT_METHOD_REINFORCEMENT)
        return oft__error_set(c, OFT_EINVAL, "method_type: unknown method %d", t);
    t = effective_method(o);
    const struct {
        oft_hp_num v;
        const hp_rule *r;
        int allowed; /* for this method type */
    } hps[] = {
        {o->n_epochs, &R_EPOCHS, t != OFT_METHOD_UNSET},
        {o->batch_size, &R_BATCH, t != OFT_METHOD_UNSET},
        {o->learning_rate_multiplier, &R_LR, t != OFT_METHOD_UNSET},
        {o->beta, &R_BETA, t == OFT_METHOD_DPO},
        {o->compute_multiplier, &R_COMPUTE, t == OFT_METHOD_REINFORCEMENT},
        {o->eval_interval, &R_EVAL_INT, t == OFT_METHOD_REINFORCEMENT},
        {o->eval_samples, &R_EVAL_SAMPLES, t == OFT_METHOD_REINFORCEMENT},
    };
    for (size_t i = 0; i < sizeof(hps) / sizeof(hps[0]); i++) {
        if (hps[i].v.mode == OFT_HP_UNSET)
            continue;
        if (!hps[i].allowed)
            return oft__error_set(c, OFT_EINVAL, "%s: not a hyperparameter of method %s",
                                  hps[i].r->field,
                                  t ? oft__method_type_str(t) : "(unset method_type)");
        if ((rc = check_hp(c, "", hps[i].v, hps[i].r)) != OFT_OK)
            return rc;
    }
    if (o->reasoning_effort) {
        static const char *const efforts[] = {"default", "low", "medium", "high"};
        int ok = 0;
        if (t != OFT_METHOD_REINFORCEMENT)
            return oft__error_set(c, OFT_EINVAL,
                                  "reasoning_effort: only for the reinforcement method");
        for (size_t i = 0; i < 4; i++)
            ok |= strcmp(o->reasoning_effort, efforts[i]) == 0;
        if (!ok)
            return oft__error_set(
                c, OFT_EINVAL, "reasoning_effort: must be default, low, medium or high");
    }
    if (o->grader_json && t != OFT_METHOD_REINFORCEMENT)
        return oft__error_set(c, OFT_EINVAL,
                              "grader_json: only for the reinforcement method");
    if (t == OFT_METHOD_REINFORCEMENT && !o->grader_json)
        return oft__error_set(c, OFT_EINVAL,
                              "grader_json: required by the reinforcement method");
    return OFT_OK;
}

/* The strings of integrations[i] go into the JSON body: UTF-8 only. */
static int check_wandb_utf8(oft_client *c, const oft_wandb_options *w, size_t i)
{
    char field[64];
    const char *const parts[] = {"project", "name", "entity"};
    const char *const values[] = {w->project, w->name, w->entity};
    for (size_t k = 0; k < 3; k++) {
        snprintf(field, sizeof(field), "integrations[%zu].%s", i, parts[k]);
        int rc = oft__check_utf8(c, field, values[k]);
        if (rc != OFT_OK)
            return rc;
    }
    for (size_t t = 0; t < w->tags_count; t++) {
        snprintf(field, sizeof(field), "integrations[%zu].tags[%zu]", i, t);
        int rc = oft__check_utf8(c, field, w->tags[t]);
        if (rc != OFT_OK)
            return rc;
    }
    return OFT_OK;
}

static int check_integrations(oft_client *c, const oft_job_create_options *o)
{
    if (o->integrations_count > 5)
        return oft__error_set(c, OFT_EINVAL, "integrations: at most 5 (got %zu)",
                              o->integrations_count);
    if (o->integrations_count && !o->integrations)
        return oft__error_set(c, OFT_EINVAL, "integrations: NULL with a non-zero count");
    for (size_t i = 0; i < o->integrations_count; i++) {
        const oft_wandb_options *w = &o->integrations[i];
        if (!w->project || !*w->project)
            return oft__error_set(c, OFT_EINVAL, "integrations[%zu].project: required",
                                  i);
        if (w->tags_count && !w->tags)
            return oft__error_set(
                c, OFT_EINVAL, "integrations[%zu].tags: NULL with a non-zero count", i);
        for (size_t t = 0; t < w->tags_count; t++)
            if (!w->tags[t])
                return oft__error_set(c, OFT_EINVAL, "integrations[%zu].tags[%zu]: NULL",
                                      i, t);
        int rc = check_wandb_utf8(c, w, i);
        if (rc != OFT_OK)
            return rc;
    }
    return OFT_OK;
}

static int check_metadata(oft_client *c, const oft_kv *md, size_t n)
{
    if (n > 16)
        return oft__error_set(c, OFT_EINVAL, "metadata: at most 16 pairs (got %zu)", n);
    if (n && !md)
        return oft__error_set(c, OFT_EINVAL, "metadata: NULL with a non-zero count");
    for (size_t i = 0; i < n; i++) {
        if (!md[i].key || !md[i].value)
            return oft__error_set(c, OFT_EINVAL, "metadata[%zu]: NULL key or value", i);
        if (strlen(md[i].key) > 64)
            return oft__error_set(c, OFT_EINVAL,
                                  "metadata[%zu].key: longer than 64 characters", i);
        if (strlen(md[i].value) > 512)
            return oft__error_set(c, OFT_EINVAL,
                                  "metadata[%zu].value: longer than 512 characters", i);
        char field[48];
        snprintf(field, sizeof(field), "metadata[%zu].key", i);
        int rc = oft__check_utf8(c, field, md[i].key);
        snprintf(field, sizeof(field), "metadata[%zu].value", i);
        if (rc != OFT_OK || (rc = oft__check_utf8(c, field, md[i].value)) != OFT_OK)
            return rc;
    }
    return OFT_OK;
}

static int check_create(oft_client *c, const oft_job_create_options *o)
{
    int rc;
    if (!o)
        return oft__error_set(c, OFT_EINVAL, "opts: required (model, training_file)");
    if ((rc = oft__check_version(c, "oft_job_create_options", o->version,
                                 OFT_JOB_CREATE_OPTIONS_VERSION)) != OFT_OK)
        return rc;
    if (!o->model || !*o->model)
        return oft__error_set(c, OFT_EINVAL, "model: required");
    if ((rc = oft__check_utf8(c, "model", o->model)) != OFT_OK ||
        (rc = oft__check_utf8(c, "suffix", o->suffix)) != OFT_OK)
        return rc;
    if ((rc = oft__check_id(c, "training_file", o->training_file)) != OFT_OK)
        return rc;
    if (o->validation_file &&
        (rc = oft__check_id(c, "validation_file", o->validation_file)) != OFT_OK)
        return rc;
    if (o->suffix && (rc = check_length(c, "suffix", o->suffix, 64)) != OFT_OK)
        return rc;
    if (o->seed != OFT_NONE && (o->seed < 0 || o->seed > 2147483647))
        return oft__error_set(c, OFT_EINVAL,
                              "seed: must be in [0, 2147483647] (got %lld)",
                              (long long)o->seed);
    const oft_hyperparameters *h = &o->hyperparameters;
    if ((rc = check_hp(c, "hyperparameters.", h->n_epochs, &R_EPOCHS)) != OFT_OK ||
        (rc = check_hp(c, "hyperparameters.", h->batch_size, &R_BATCH)) != OFT_OK ||
        (rc = check_hp(c, "hyperparameters.", h->learning_rate_multiplier, &R_LR)) !=
            OFT_OK ||
        (rc = check_method(c, o)) != OFT_OK ||
        (rc = check_integrations(c, o)) != OFT_OK ||
        (rc = check_metadata(c, o->metadata, o->metadata_count)) != OFT_OK)
        return rc;
    return OFT_OK;
}

int oft_job_create_options_check(const oft_job_create_options *opts, oft_error **err)
{
    char *body = NULL;
    size_t len = 0;
    if (err != NULL)
        *err = NULL;
    oft_client *c = oft__check_client_new();
    if (c == NULL)
        return OFT_ENOMEM;
    int rc = check_create(c, opts);
    /* The body is built and dropped: JSON text that create would refuse
     * (grader_json, extra_body_json) is refused here too. */
    if (rc == OFT_OK)
        rc = oft__job_create_body(c, opts, effective_method(opts), &body, &len);
    oft__free(body);
    if (rc != OFT_OK && err != NULL)
        (void)oft_error_dup(err, oft_client_last_error(c)); /* *err NULL on ENOMEM */
    oft__check_client_free(c);
    return rc;
}

/* Sends one request on /fine_tuning/jobs[/{job_id}][suffix] whose response
 * is a job. */
static int job_call(oft_job **out, oft_client *c, const char *method, const char *job_id,
                    const char *suffix, const char *body, size_t len)
{
    oft__request req = OFT__REQUEST_INIT;
    req.method = method;
    req.json_body = body;
    req.json_len = len;
    void *job = NULL;
    int rc = oft__fetch_item_at(c, &req, "fine_tuning.job", "/fine_tuning/jobs", job_id,
                                suffix, &oft__job_spec, &job);
    *out = job;
    return rc;
}

int oft_job_create(oft_job **out, oft_client *c, const oft_job_create_options *opts)
{
    char *body = NULL;
    size_t len = 0;
    OFT__BEGIN(c, out);
    int rc = check_create(c, opts);
    if (rc == OFT_OK)
        rc = oft__job_create_body(c, opts, effective_method(opts), &body, &len);
    if (rc == OFT_OK)
        rc = job_call(out, c, "POST", NULL, NULL, body, len);
    oft__free(body);
    return rc;
}

/* retrieve, cancel, pause, resume: an ID, no body. */
static int job_by_id(oft_job **out, oft_client *c, const char *method, const char *job_id,
                     const char *suffix)
{
    OFT__BEGIN(c, out);
    int rc = oft__check_id(c, "job_id", job_id);
    if (rc != OFT_OK)
        return rc;
    return job_call(out, c, method, job_id, suffix, NULL, 0);
}

int oft__job_get(oft_job **out, oft_client *c, const char *job_id)
{
    *out = NULL;
    return job_call(out, c, "GET", job_id, NULL, NULL, 0);
}

int oft_job_retrieve(oft_job **out, oft_client *c, const char *job_id)
{
    return job_by_id(out, c, "GET", job_id, NULL);
}

int oft_job_cancel(oft_job **out, oft_client *c, const char *job_id)
{
    return job_by_id(out, c, "POST", job_id, "/cancel");
}

int oft_job_pause(oft_job **out, oft_client *c, const char *job_id)
{
    return job_by_id(out, c, "POST", job_id, "/pause");
}

int oft_job_resume(oft_job **out, oft_client *c, const char *job_id)
{
    return job_by_id(out, c, "POST", job_id, "/resume");
}

/* The fixed query of a job listing: limit and metadata filters (not after). */
static int list_query(oft_client *c, oft__str *q, const oft_job_list_options *o)
{
    int rc;
    if (!o)
        return OFT_OK;
    if ((rc = oft__check_version(c, "oft_job_list_options", o->version,
                                 OFT_JOB_LIST_OPTIONS_VERSION)) != OFT_OK ||
        (rc = oft__list_query(c, q, NULL, o->limit)) != OFT_OK)
        return rc;
    if (o->metadata_count && !o->metadata)
        return oft__error_set(c, OFT_EINVAL, "metadata: NULL with a non-zero count");
    for (size_t i = 0; i < o->metadata_count; i++) {
        const oft_kv *kv = &o->metadata[i];
        if (!kv->key || !*kv->key || !kv->value)
            return oft__error_set(c, OFT_EINVAL, "metadata[%zu]: empty key or NULL value",
                                  i);
        oft__str key = OFT__STR_INIT;
        oft__str_printf(&key, "metadata[%s]", kv->key);
        if (!key.oom)
            oft__str_put_query(q, key.ptr, kv->value);
        q->oom |= key.oom;
        oft__str_free(&key);
    }
    return OFT_OK;
}

int oft_job_list(oft_job_page **out, oft_client *c, const oft_job_list_options *opts)
{
    oft__str q = OFT__STR_INIT;
    oft__list l;
    OFT__BEGIN(c, out);
    int rc = list_query(c, &q, opts);
    if (rc == OFT_OK && q.oom)
        rc = oft__error_set(c, OFT_ENOMEM, "fine_tuning.job list: out of memory");
    if (rc == OFT_OK)
        rc = oft__list_page(c, &oft__job_spec, 0, "/fine_tuning/jobs", q.ptr,
                            opts ? opts->after : NULL, &l);
    oft__str_free(&q);
    if (rc == OFT_OK)
        OFT__LIST_TO_PAGE(rc, c, &oft__job_spec, out, &l, oft_job_page, oft_job);
    return rc;
}

int oft_job_iter_new(oft_job_iter **out, oft_client *c, const oft_job_list_options *opts)
{
    oft__str q = OFT__STR_INIT;
    oft__iter *it = NULL;
    OFT__BEGIN(c, out);
    int rc = list_query(c, &q, opts);
    if (rc == OFT_OK && q.oom)
        rc = oft__error_set(c, OFT_ENOMEM, "fine_tuning.job iterator: out of memory");
    if (rc == OFT_OK)
        rc = oft__list_iter_new(&it, c, &oft__job_spec, 0, "/fine_tuning/jobs", q.ptr,
                                opts ? opts->after : NULL);
    oft__str_free(&q);
    *out = (oft_job_iter *)it;
    return rc;
}

int oft_job_iter_next(const oft_job **out, oft_job_iter *iter)
{
    void *item = NULL;
    OFT__BEGIN(iter ? iter->it.client : NULL, out);
    int rc = oft__list_iter_next(&item, &iter->it);
    *out = item;
    return rc;
}

void oft_job_iter_free(oft_job_iter *iter)
{
    if (iter)
        oft__list_iter_free(&iter->it);
}

int oft__job_sublist(oft__list *l, oft__iter **it, oft_client *c,
                     const oft__object_spec *spec, const char *job_id, const char *sub,
                     const char *after, int limit)
{
    oft__str path = OFT__STR_INIT, q = OFT__STR_INIT;
    int rc = oft__check_id(c, "job_id", job_id);
    if (rc != OFT_OK)
        return rc;
    oft__str_puts(&path, "/fine_tuning/jobs/");
    oft__str_put_path_segment(&path, job_id);
    oft__str_putc(&path, '/');
    oft__str_puts(&path, sub);
    rc = oft__list_query(c, &q, NULL, limit);
    if (rc == OFT_OK && (path.oom || q.oom))
        rc = oft__error_set(c, OFT_ENOMEM, "%s: out of memory", spec->what);
    if (rc == OFT_OK && l)
        rc = oft__list_page(c, spec, 0, path.ptr, q.ptr, after, l);
    else if (rc == OFT_OK)
        rc = oft__list_iter_new(it, c, spec, 0, path.ptr, q.ptr, after);
    oft__str_free(&path);
    oft__str_free(&q);
    return rc;
}
