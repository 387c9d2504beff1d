/*
 * The alpha graders' JSON: the validate and run bodies (the grader text
 * checked as an object with a "type"), and their answers -> structs.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "json/json.h"
#include "json/mappers.h"

/* ---- answers ---- */

void oft_grader_validation_free(oft_grader_validation *v)
{
    if (!v)
        return;
    OFT__FREE_CONST(v->grader_json);
    OFT__FREE_CONST(v->type);
    OFT__FREE_CONST(v->name);
    OFT__FREE_CONST(v->request_id);
    OFT__FREE_CONST(v->raw_json);
    oft__free(v);
}

static void *validation_fields(const json_t *obj, const char *request_id)
{
    (void)request_id;
    oft_grader_validation *v = oft__calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    const json_t *g = json_object_get(obj, "grader");
    if (!json_is_object(g))
        return v;
    v->grader_json = oft__json_dump_key(obj, "grader");
    if ((v->grader_json == NULL) | oft__json_get_str(g, "type", &v->type) |
        oft__json_get_str(g, "name", &v->name)) {
        oft_grader_validation_free(v);
        return NULL;
    }
    return v;
}

static void free_scores(const oft_grader_score *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        OFT__FREE_CONST(s[i].name);
    OFT__FREE_CONST(s);
}

void oft_grader_run_result_free(oft_grader_run_result *r)
{
    if (!r)
        return;
    oft_grader_run_metadata *m = &r->metadata;
    OFT__FREE_CONST(m->name);
    OFT__FREE_CONST(m->type);
    OFT__FREE_CONST(m->errors.python_grader_server_error_type);
    OFT__FREE_CONST(m->errors.python_grader_runtime_error_details);
    OFT__FREE_CONST(m->errors.model_grader_server_error_details);
    free_scores(m->scores, m->scores_count);
    OFT__FREE_CONST(m->scores_json);
    OFT__FREE_CONST(m->token_usage_json);
    OFT__FREE_CONST(m->sampled_model_name);
    free_scores(r->sub_rewards, r->sub_rewards_count);
    OFT__FREE_CONST(r->sub_rewards_json);
    OFT__FREE_CONST(r->model_grader_token_usage_per_model);
    OFT__FREE_CONST(r->request_id);
    OFT__FREE_CONST(r->raw_json);
    oft__free(r);
}

/* The numeric entries of the map obj[key], in its order; -1 when out of memory. */
static int read_scores(const json_t *obj, const char *key, const oft_grader_score **out,
                       size_t *count)
{
    const json_t *map = json_object_get(obj, key);
    size_t n = json_is_object(map) ? json_object_size(map) : 0;
    if (n == 0)
        return 0;
    oft_grader_score *s = oft__calloc(n, sizeof(*s));
    if (!s)
        return -1;
    const char *name;
    json_t *v;
    size_t i = 0;
    json_object_foreach((json_t *)OFT__MUTABLE(map), name, v)
    {
        if (!json_is_number(v))
            continue;
        s[i].value = json_number_value(v);
        if (!(s[i].name = oft__strdup(name))) {
            free_scores(s, i);
            return -1;
        }
        i++;
    }
    *out = s;
    *count = i;
    return 0;
}

/* A member's JSON text (objects, numbers: anything but null); -1 when out of memory. */
static int get_text(const json_t *obj, const char *key, const char **dst)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    *dst = oft__json_dump_key(obj, key);
    return *dst ? 0 : -1;
}

/* metadata.errors: the spec's flags, each with its offset in the struct. */
static const struct {
    const char *key;
    size_t at;
} error_flags[] = {
#define FLAG(f)                                                                          \
    {                                                                                    \
#f, offsetof(oft_grader_run_errors, f)                                           \
    }
    FLAG(formula_parse_error),         FLAG(sample_parse_error),
    FLAG(truncated_observation_error), FLAG(unresponsive_reward_error),
    FLAG(invalid_variable_error),      FLAG(other_error),
    FLAG(python_grader_server_error),  FLAG(python_grader_runtime_error),
    FLAG(model_grader_server_error),   FLAG(model_grader_refusal_error),
    FLAG(model_grader_parse_error),
#undef FLAG
};

static int read_errors(const json_t *e, oft_grader_run_errors *out)
{
    for (size_t i = 0; i < sizeof(error_flags) / sizeof(error_flags[0]); i++) {
        int flag = oft__json_bool(e, error_flags[i].key, 0);
        memcpy((char *)out + error_flags[i].at, &flag, sizeof(flag));
    }
    return oft__json_get_str(e, "python_grader_server_error_type",
                             &out->python_grader_server_error_type) |
           oft__json_get_str(e, "python_grader_runtime_error_details",
                             &out->python_grader_runtime_error_details) |
           oft__json_get_str(e, "model_grader_server_error_details",
                             &out->model_grader_server_error_details);
}

static void *run_fields(const json_t *obj, const char *request_id)
{
    (void)request_id;
    oft_grader_run_result *r = oft__calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    oft_grader_run_metadata *m = &r->metadata;
    const json_t *meta = json_object_get(obj, "metadata");
    r->reward = oft__json_num(obj, "reward", NAN);
    m->execution_time = oft__json_num(meta, "execution_time", NAN);
    int bad = oft__json_get_str(meta, "name", &m->name) |
              oft__json_get_str(meta, "type", &m->type) |
              oft__json_get_str(meta, "sampled_model_name", &m->sampled_model_name) |
              read_errors(json_object_get(meta, "errors"), &m->errors) |
              read_scores(meta, "scores", &m->scores, &m->scores_count) |
              get_text(meta, "scores", &m->scores_json) |
              get_text(meta, "token_usage", &m->token_usage_json) |
              read_scores(obj, "sub_rewards", &r->sub_rewards, &r->sub_rewards_count) |
              get_text(obj, "sub_rewards", &r->sub_rewards_json) |
              get_text(obj, "model_grader_token_usage_per_model",
                       &r->model_grader_token_usage_per_model);
    if (bad) {
        oft_grader_run_result_free(r);
        return NULL;
    }
    return r;
}

static void validation_free_item(void *v)
{
    oft_grader_validation_free(v);
}

static void run_free_item(void *r)
{
    oft_grader_run_result_free(r);
}

const oft__object_spec oft__grader_validation_spec = {
    "grader validate",
    NULL,
    validation_fields,
    validation_free_item,
    offsetof(oft_grader_validation, request_id),
    offsetof(oft_grader_validation, raw_json),
    OFT__CURSOR_LAST_ITEM,
    1};

const oft__object_spec oft__grader_run_spec = {
    "grader run",
    NULL,
    run_fields,
    run_free_item,
    offsetof(oft_grader_run_result, request_id),
    offsetof(oft_grader_run_result, raw_json),
    OFT__CURSOR_LAST_ITEM,
    1};

/* ---- bodies ---- */

/* Parses text as a JSON object into *out (field names it in errors); with
 * need_type, the object must have a non-empty string "type". */
static int load_object(oft_client *c, const char *field, const char *text, int need_type,
                       json_t **out)
{
    json_t *holder = json_object();
    if (!holder)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", field);
    int rc = oft__json_set_raw(c, holder, "v", field, text);
    json_t *v = json_object_get(holder, "v");
    if (rc == OFT_OK && !json_is_object(v))
        rc = oft__error_set(c, OFT_EINVAL, "%s: must be a JSON object", field);
    const json_t *type = json_object_get(v, "type");
    if (rc == OFT_OK && need_type && (!json_is_string(type) || !json_string_length(type)))
        rc = oft__error_set(c, OFT_EINVAL, "%s: a grader needs a string \"type\"", field);
    *out = rc == OFT_OK ? json_incref(v) : NULL;
    json_decref(holder);
    return rc;
}

static int finish(oft_client *c, json_t *body, char **out, size_t *len)
{
    *out = oft__json_to_string(body, len);
    json_decref(body);
    return *out ? OFT_OK : oft__error_set(c, OFT_ENOMEM, "grader: out of memory");
}

int oft__grader_validate_body(oft_client *c, const char *grader_json, char **out,
                              size_t *len)
{
    json_t *g, *body;
    *out = NULL;
    int rc = load_object(c, "grader_json", grader_json, 1, &g);
    if (rc != OFT_OK)
        return rc;
    if (!(body = json_object()))
        json_decref(g);
    if (!body || json_object_set_new(body, "grader", g)) {
        json_decref(body);
        return oft__error_set(c, OFT_ENOMEM, "grader: out of memory");
    }
    return finish(c, body, out, len);
}

int oft__grader_run_body(oft_client *c, const char *grader_json, const char *model_sample,
                         const char *item_json, char **out, size_t *len)
{
    json_t *g = NULL, *item = NULL, *body = NULL;
    *out = NULL;
    int rc = load_object(c, "grader_json", grader_json, 1, &g);
    if (rc == OFT_OK && item_json)
        rc = load_object(c, "item_json", item_json, 0, &item);
    if (rc != OFT_OK) {
        json_decref(g);
        return rc;
    }
    if (!(body = json_object())) {
        json_decref(g);
        json_decref(item);
        return oft__error_set(c, OFT_ENOMEM, "grader: out of memory");
    }
    /* Each set consumes its value, failed or not. */
    int bad = json_object_set_new(body, "grader", g) |
              json_object_set_new(body, "model_sample", json_string(model_sample));
    if (item)
        bad |= json_object_set_new(body, "item", item);
    if (bad) {
        json_decref(body);
        return oft__error_set(c, OFT_ENOMEM, "grader: out of memory");
    }
    return finish(c, body, out, len);
}
