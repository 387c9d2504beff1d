/*
 * The alpha graders' JSON: the validate and run bodies (the grader text
 * checked as an object with a "type"), and their answers -> structs.
 */
#include "json/fields.h"
#include "json/mappers.h"

/* ---- answers ---- */

static const oft__field grader_fields[] = {
    OFT__F_STR("type", oft_grader_validation, type),
    OFT__F_STR("name", oft_grader_validation, name),
};
static const oft__field_table grader_table =
    OFT__FIELD_TABLE(grader_fields, oft_grader_validation, NULL);

static const oft__field validation_fields[] = {
    OFT__F_OBJTEXT("grader", oft_grader_validation, grader_json),
    OFT__F_IN("grader", grader_table),
    OFT__F_RESPONSE(oft_grader_validation),
};
static const oft__field_table validation_table =
    OFT__FIELD_TABLE(validation_fields, oft_grader_validation, NULL);

void oft_grader_validation_free(oft_grader_validation *v)
{
    oft__fields_delete(&validation_table, v);
}

static void *validation_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&validation_table, obj, request_id);
}

/* metadata.errors: the spec's flags and its details. */
#define FLAG(f) OFT__F_BOOL(#f, oft_grader_run_errors, f, 0)
static const oft__field errors_fields[] = {
    FLAG(formula_parse_error),
    FLAG(sample_parse_error),
    FLAG(truncated_observation_error),
    FLAG(unresponsive_reward_error),
    FLAG(invalid_variable_error),
    FLAG(other_error),
    FLAG(python_grader_server_error),
    FLAG(python_grader_runtime_error),
    FLAG(model_grader_server_error),
    FLAG(model_grader_refusal_error),
    FLAG(model_grader_parse_error),
    OFT__F_STR("python_grader_server_error_type", oft_grader_run_errors,
               python_grader_server_error_type),
    OFT__F_STR("python_grader_runtime_error_details", oft_grader_run_errors,
               python_grader_runtime_error_details),
    OFT__F_STR("model_grader_server_error_details", oft_grader_run_errors,
               model_grader_server_error_details),
};
#undef FLAG
static const oft__field_table errors_table =
    OFT__FIELD_TABLE(errors_fields, oft_grader_run_errors, NULL);

static const oft__field metadata_fields[] = {
    OFT__F_STR("name", oft_grader_run_metadata, name),
    OFT__F_STR("type", oft_grader_run_metadata, type),
    OFT__F_OBJECT("errors", oft_grader_run_metadata, errors, errors_table),
    OFT__F_NUM("execution_time", oft_grader_run_metadata, execution_time),
    OFT__F_SCORES("scores", oft_grader_run_metadata, scores, scores_count),
    OFT__F_TEXT("scores", oft_grader_run_metadata, scores_json),
    OFT__F_TEXT("token_usage", oft_grader_run_metadata, token_usage_json),
    OFT__F_STR("sampled_model_name", oft_grader_run_metadata, sampled_model_name),
};
static const oft__field_table metadata_table =
    OFT__FIELD_TABLE(metadata_fields, oft_grader_run_metadata, NULL);

static const oft__field run_fields[] = {
    OFT__F_NUM("reward", oft_grader_run_result, reward),
    OFT__F_OBJECT("metadata", oft_grader_run_result, metadata, metadata_table),
    OFT__F_SCORES("sub_rewards", oft_grader_run_result, sub_rewards, sub_rewards_count),
    OFT__F_TEXT("sub_rewards", oft_grader_run_result, sub_rewards_json),
    OFT__F_TEXT("model_grader_token_usage_per_model", oft_grader_run_result,
                model_grader_token_usage_per_model),
    OFT__F_RESPONSE(oft_grader_run_result),
};
static const oft__field_table run_table =
    OFT__FIELD_TABLE(run_fields, oft_grader_run_result, NULL);

void oft_grader_run_result_free(oft_grader_run_result *r)
{
    oft__fields_delete(&run_table, r);
}

static void *run_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&run_table, obj, request_id);
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
    validation_new,
    validation_free_item,
    offsetof(oft_grader_validation, request_id),
    offsetof(oft_grader_validation, raw_json),
    OFT__CURSOR_LAST_ITEM,
    1};

const oft__object_spec oft__grader_run_spec = {
    "grader run",
    NULL,
    run_new,
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
