/* JSON helpers over jansson (src/json.h) and the API error body reader. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "client_internal.h"
#include "json.h"

int oft__json_parse(oft_client *c, const char *what, const char *body, size_t len,
                    json_t **out)
{
    *out = NULL;
    json_error_t jerr;
    if (body == NULL)
        return oft__error_set(c, OFT_EPARSE, "%s: the response has no body", what);
    json_t *root = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);
    if (root == NULL) {
        if (len == 0)
            return oft__error_set(c, OFT_EPARSE, "%s: the response body is empty", what);
        return oft__error_set(c, OFT_EPARSE,
                              "%s: invalid JSON in the response at line %d column %d: %s",
                              what, jerr.line, jerr.column, jerr.text);
    }
    *out = root;
    return OFT_OK;
}

char *oft__json_str(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? oft__strndup(json_string_value(v), json_string_length(v))
                             : NULL;
}

int64_t oft__json_time(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (json_is_real(v) && isfinite(json_real_value(v)))
        return (int64_t)json_real_value(v);
    return OFT_TIME_NONE;
}

int64_t oft__json_int(const json_t *obj, const char *key, int64_t dflt)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (json_is_real(v) && isfinite(json_real_value(v)))
        return (int64_t)json_real_value(v);
    return dflt;
}

double oft__json_num(const json_t *obj, const char *key, double dflt)
{
    json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : dflt;
}

int oft__json_bool(const json_t *obj, const char *key, int dflt)
{
    json_t *v = json_object_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

oft_hp_num oft__json_hp(const json_t *obj, const char *key)
{
    oft_hp_num hp = {OFT_HP_UNSET, 0};
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v) && strcmp(json_string_value(v), "auto") == 0) {
        hp.mode = OFT_HP_AUTO;
    } else if (json_is_number(v)) {
        hp.mode = OFT_HP_VALUE;
        hp.value = json_number_value(v);
    }
    return hp;
}

static char *dump(const json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    char *copy = oft__strdup(text);
    free(text);
    return copy;
}

char *oft__json_dump_key(const json_t *obj, const char *key)
{
    const json_t *v = key ? json_object_get(obj, key) : obj;
    if (v == NULL || json_is_null(v))
        return NULL;
    return dump(v);
}

int oft__json_set_str(json_t *obj, const char *key, const char *value)
{
    if (value == NULL)
        return 0;
    return json_object_set_new(obj, key, json_string(value)) == 0 ? 0 : -1;
}

int oft__json_set_hp(json_t *obj, const char *key, oft_hp_num hp, int integer)
{
    json_t *v;
    if (hp.mode == OFT_HP_AUTO)
        v = json_string("auto");
    else if (hp.mode == OFT_HP_VALUE)
        v = integer ? json_integer((json_int_t)hp.value) : json_real(hp.value);
    else
        return 0;
    return json_object_set_new(obj, key, v) == 0 ? 0 : -1;
}

static int load_raw(oft_client *c, const char *field, const char *raw, json_t **out)
{
    json_error_t jerr;
    *out = json_loads(raw, JSON_DECODE_ANY, &jerr);
    if (*out == NULL)
        return oft__error_set(c, OFT_EINVAL, "%s: invalid JSON at line %d column %d: %s",
                              field, jerr.line, jerr.column, jerr.text);
    return OFT_OK;
}

int oft__json_merge_raw(oft_client *c, json_t *obj, const char *field, const char *raw)
{
    if (raw == NULL)
        return OFT_OK;
    json_t *extra;
    int rc = load_raw(c, field, raw, &extra);
    if (rc != OFT_OK)
        return rc;
    if (!json_is_object(extra)) {
        json_decref(extra);
        return oft__error_set(c, OFT_EINVAL, "%s: must be a JSON object", field);
    }
    rc = json_object_update(obj, extra) == 0
             ? OFT_OK
             : oft__error_set(c, OFT_ENOMEM, "%s: out of memory", field);
    json_decref(extra);
    return rc;
}

int oft__json_set_raw(oft_client *c, json_t *obj, const char *key, const char *field,
                      const char *raw)
{
    if (raw == NULL)
        return OFT_OK;
    json_t *v;
    int rc = load_raw(c, field, raw, &v);
    if (rc != OFT_OK)
        return rc;
    if (json_object_set_new(obj, key, v) != 0)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", field);
    return OFT_OK;
}

char *oft__json_to_string(const json_t *obj, size_t *len)
{
    char *s = dump(obj);
    if (len)
        *len = s ? strlen(s) : 0;
    return s;
}

/* A scalar as text: strings as they are, numbers and booleans printed. */
static char *scalar_text(const json_t *v)
{
    if (json_is_string(v))
        return oft__strndup(json_string_value(v), json_string_length(v));
    if (v == NULL || json_is_null(v))
        return NULL;
    return dump(v);
}

int oft__json_api_error(const char *body, size_t len, oft__api_error *out)
{
    memset(out, 0, sizeof(*out));
    json_t *root = json_loadb(body, len, JSON_ALLOW_NUL, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        return -1;
    }
    /* {"error": {...}}; else the whole body is the error object. */
    json_t *err = json_object_get(root, "error");
    if (json_is_string(err)) {
        out->message = scalar_text(err);
        err = root;
    } else if (!json_is_object(err)) {
        err = root;
    }
    out->type = scalar_text(json_object_get(err, "type"));
    out->code = scalar_text(json_object_get(err, "code"));
    out->param = scalar_text(json_object_get(err, "param"));
    if (out->message == NULL)
        out->message = scalar_text(json_object_get(err, "message"));
    out->title = scalar_text(json_object_get(err, "title"));
    out->detail = scalar_text(json_object_get(err, "detail"));
    json_decref(root);
    return 0;
}

void oft__api_error_dispose(oft__api_error *e)
{
    oft__free(e->type);
    oft__free(e->code);
    oft__free(e->param);
    oft__free(e->message);
    oft__free(e->title);
    oft__free(e->detail);
    memset(e, 0, sizeof(*e));
}
