/*
 * The body of POST /fine_tuning/jobs, built from options that api/jobs.c has
 * already validated (except the JSON texts, which only a parser can check),
 * with the method it resolved.
 */
#include "json/json.h"
#include "json/mappers.h"

/* Each adder returns OFT_OK, OFT_ENOMEM, or an OFT_EINVAL set on c. */

static int set_new(json_t *obj, const char *key, json_t *value)
{
    return (value && json_object_set_new(obj, key, value) == 0) ? OFT_OK : OFT_ENOMEM;
}

static int add_method(oft_client *c, json_t *body, const oft_job_create_options *o,
                      int method_type)
{
    const char *type = oft__method_type_str(method_type);
    json_t *method = json_object(), *sub = json_object(), *hp = json_object();
    int rc = (method && sub && hp) ? OFT_OK : OFT_ENOMEM;
    if (rc == OFT_OK &&
        (oft__json_set_str(method, "type", type) ||
         oft__json_set_hp(hp, "n_epochs", o->n_epochs, 1) ||
         oft__json_set_hp(hp, "batch_size", o->batch_size, 1) ||
         oft__json_set_hp(hp, "learning_rate_multiplier", o->learning_rate_multiplier,
                          0) ||
         oft__json_set_hp(hp, "beta", o->beta, 0) ||
         oft__json_set_hp(hp, "compute_multiplier", o->compute_multiplier, 0) ||
         oft__json_set_hp(hp, "eval_interval", o->eval_interval, 1) ||
         oft__json_set_hp(hp, "eval_samples", o->eval_samples, 1) ||
         oft__json_set_str(hp, "reasoning_effort", o->reasoning_effort)))
        rc = OFT_ENOMEM;
    if (rc == OFT_OK && o->grader_json)
        rc = oft__json_set_raw(c, sub, "grader", "grader_json", o->grader_json);
    if (rc == OFT_OK && json_object_size(hp)) {
        rc = set_new(sub, "hyperparameters", hp);
        hp = NULL;
    }
    if (rc == OFT_OK) {
        rc = set_new(method, type, sub);
        sub = NULL;
    }
    if (rc == OFT_OK) {
        rc = set_new(body, "method", method);
        method = NULL;
    }
    json_decref(method);
    json_decref(sub);
    json_decref(hp);
    return rc;
}

static int add_integrations(json_t *body, const oft_job_create_options *o)
{
    json_t *arr = json_array();
    if (!arr)
        return OFT_ENOMEM;
    for (size_t i = 0; i < o->integrations_count; i++) {
        const oft_wandb_options *w = &o->integrations[i];
        json_t *item = json_object(), *wb = json_object(), *tags = json_array();
        int bad = !item || !wb || !tags || json_array_append(arr, item) ||
                  oft__json_set_str(item, "type", "wandb") ||
                  json_object_set(item, "wandb", wb) ||
                  oft__json_set_str(wb, "project", w->project) ||
                  oft__json_set_str(wb, "name", w->name) ||
                  oft__json_set_str(wb, "entity", w->entity);
        for (size_t t = 0; !bad && t < w->tags_count; t++)
            bad = json_array_append_new(tags, json_string(w->tags[t])) != 0;
        if (!bad && w->tags_count)
            bad = json_object_set(wb, "tags", tags) != 0;
        json_decref(item);
        json_decref(wb);
        json_decref(tags);
        if (bad) {
            json_decref(arr);
            return OFT_ENOMEM;
        }
    }
    return set_new(body, "integrations", arr);
}

static int add_metadata(json_t *body, const oft_job_create_options *o)
{
    json_t *md = json_object();
    if (!md)
        return OFT_ENOMEM;
    for (size_t i = 0; i < o->metadata_count; i++)
        if (oft__json_set_str(md, o->metadata[i].key, o->metadata[i].value)) {
            json_decref(md);
            return OFT_ENOMEM;
        }
    return set_new(body, "metadata", md);
}

static int build(oft_client *c, json_t *body, const oft_job_create_options *o, int method)
{
    int rc = OFT_OK;
    if (oft__json_set_str(body, "model", o->model) ||
        oft__json_set_str(body, "training_file", o->training_file) ||
        oft__json_set_str(body, "validation_file", o->validation_file) ||
        oft__json_set_str(body, "suffix", o->suffix))
        return OFT_ENOMEM;
    if (o->seed != OFT_NONE && set_new(body, "seed", json_integer((json_int_t)o->seed)))
        return OFT_ENOMEM;
    const oft_hyperparameters *h = &o->hyperparameters;
    if (h->n_epochs.mode || h->batch_size.mode || h->learning_rate_multiplier.mode) {
        json_t *hp = json_object();
        if (!hp || oft__json_set_hp(hp, "n_epochs", h->n_epochs, 1) ||
            oft__json_set_hp(hp, "batch_size", h->batch_size, 1) ||
            oft__json_set_hp(hp, "learning_rate_multiplier", h->learning_rate_multiplier,
                             0) ||
            set_new(body, "hyperparameters", hp)) {
            json_decref(hp);
            return OFT_ENOMEM;
        }
    }
    if (method != OFT_METHOD_UNSET && (rc = add_method(c, body, o, method)) != OFT_OK)
        return rc;
    if (o->integrations_count && (rc = add_integrations(body, o)) != OFT_OK)
        return rc;
    if (o->metadata_count && (rc = add_metadata(body, o)) != OFT_OK)
        return rc;
    return oft__json_merge_raw(c, body, "extra_body_json", o->extra_body_json);
}

int oft__job_create_body(oft_client *c, const oft_job_create_options *o, int method,
                         char **out, size_t *len)
{
    json_t *body = json_object();
    int rc = body ? build(c, body, o, method) : OFT_ENOMEM;
    *out = NULL;
    if (rc == OFT_OK && !(*out = oft__json_to_string(body, len)))
        rc = OFT_ENOMEM;
    json_decref(body);
    if (rc == OFT_ENOMEM)
        oft__error_set(c, OFT_ENOMEM, "fine_tuning.job create: out of memory");
    return rc;
}
