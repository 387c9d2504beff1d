/* JSON helpers over jansson (src/json.h) and the API error body reader. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/client_internal.h"
#include "json/json.h"

/* The path of the first string under v that holds a NUL ("data[2].id"),
 * into path; 1 when there is one. */
static int nul_path(json_t *v, oft__str *path)
{
    size_t len = path->len, i;
    const char *key;
    json_t *item;
    if (json_is_string(v))
        return strlen(json_string_value(v)) != json_string_length(v);
    json_object_foreach(v, key, item)
    {
        oft__str_printf(path, "%s%s", len ? "." : "", key);
        if (nul_path(item, path))
            return 1;
        path->len = len;
    }
    json_array_foreach(v, i, item)
    {
        oft__str_printf(path, "[%zu]", i);
        if (nul_path(item, path))
            return 1;
        path->len = len;
    }
    return 0;
}

/* A body whose strings hold a NUL ("\u0000"): a C string of it would end
 * there ("ftjob-\u0000x" read as "ftjob-"), so the answer is refused, naming
 * the first such string. */
static int refuse_nul(oft_client *c, const char *what, const char *body, size_t len)
{
    json_t *root = json_loadb(body, len, JSON_ALLOW_NUL, NULL);
    oft__str path = OFT__STR_INIT;
    int found = root != NULL && nul_path(root, &path) && path.len > 0 && !path.oom;
    json_decref(root);
    int rc = oft__error_set(
        c, OFT_EPARSE, "%s: %s%s%s holds a NUL character (\\u0000): a malformed answer",
        what, found ? "\"" : "", found ? path.ptr : "a string", found ? "\"" : "");
    oft__str_free(&path);
    return rc;
}

int oft__json_parse(oft_client *c, const char *what, const char *body, size_t len,
                    json_t **out)
{
    *out = NULL;
    json_error_t jerr;
    if (body == NULL)
        return oft__error_set(c, OFT_EPARSE, "%s: the response has no body", what);
    json_t *root = json_loadb(body, len, 0, &jerr);
    if (root == NULL) {
        if (len == 0)
            return oft__error_set(c, OFT_EPARSE, "%s: the response body is empty", what);
        if (json_error_code(&jerr) == json_error_null_character)
            return refuse_nul(c, what, body, len);
        return oft__error_set(c, OFT_EPARSE,
                              "%s: invalid JSON in the response at line %d column %d: %s",
                              what, jerr.line, jerr.column, jerr.text);
    }
    *out = root;
    return OFT_OK;
}

/* Up to n characters of s on one line: control characters become spaces. */
static void put_excerpt(oft__str *m, const char *s, size_t len, size_t n)
{
    size_t i = 0;
    for (; i < len && i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        oft__str_putc(m, ch < 0x20 || ch == 0x7f ? ' ' : (char)ch);
    }
    if (i < len)
        oft__str_puts(m, "...");
}

int oft__json_parse_response(oft_client *c, const char *what, const oft__response *resp,
                             json_t **out)
{
    *out = NULL;
    const char *body = resp->body;
    size_t len = body ? resp->body_len : 0, start = 0;
    while (start < len && strchr(" \t\r\n", body[start]) && body[start] != '\0')
        start++;
    if (start == len || body[start] == '{' || body[start] == '[') {
        int rc = oft__json_parse(c, what, body, len, out);
        if (rc != OFT_OK && start < len) /* JSON that is broken: where, and from whom */
            oft__error_set(c, rc, "%s (HTTP %ld, %s)", oft_error_message(&c->err),
                           resp->status,
                           resp->content_type ? resp->content_type : "no Content-Type");
        return rc;
    }
    /* Not JSON at all: an HTML error page from a proxy, say. */
    const char *ct = resp->content_type;
    size_t ct_len = ct ? strcspn(ct, ";") : 0;
    while (ct_len > 0 && ct[ct_len - 1] == ' ')
        ct_len--;
    oft__str m = OFT__STR_INIT;
    oft__str_printf(&m, "%s: HTTP %ld with a body that is not JSON (", what,
                    resp->status);
    if (ct_len)
        oft__str_putn(&m, ct, ct_len);
    else
        oft__str_puts(&m, "no Content-Type");
    oft__str_puts(&m, "): ");
    put_excerpt(&m, body + start, len - start, 80);
    int rc = oft__error_set(c, OFT_EPARSE, "%s", m.ptr ? m.ptr : "out of memory");
    oft__str_free(&m);
    return rc;
}

int oft__json_check_object(oft_client *c, const char *what, const json_t *obj,
                           const char *object, long item)
{
    char where[64] = "";
    if (item >= 0)
        snprintf(where, sizeof(where), " list: item %ld", item);
    if (!json_is_object(obj))
        return oft__error_set(c, OFT_EPARSE, "%s%s: not a JSON object", what, where);
    const json_t *id = json_object_get(obj, "id");
    if (id == NULL || json_is_null(id) ||
        (json_is_string(id) && json_string_length(id) == 0))
        return oft__error_set(c, OFT_EPARSE, "%s%s: missing id", what, where);
    if (!json_is_string(id))
        return oft__error_set(c, OFT_EPARSE, "%s%s: id is not a string", what, where);
    const json_t *type = json_object_get(obj, "object");
    if (object != NULL && type != NULL && !json_is_null(type) &&
        (!json_is_string(type) || strcmp(json_string_value(type), object) != 0))
        return oft__error_set(
            c, OFT_EPARSE, "%s%s: \"object\" is %.60s, not %s", what, where,
            json_is_string(type) ? json_string_value(type) : "not a string", object);
    return OFT_OK;
}

int oft__json_check_items(oft_client *c, const char *what, const json_t *data,
                          const char *object)
{
    size_t n = json_array_size(data);
    for (size_t i = 0; i < n; i++) {
        int rc =
            oft__json_check_object(c, what, json_array_get(data, i), object, (long)i);
        if (rc != OFT_OK)
            return rc;
    }
    return OFT_OK;
}

char *oft__json_str(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? oft__strndup(json_string_value(v), json_string_length(v))
                             : NULL;
}

int oft__json_get_str(const json_t *obj, const char *key, const char **dst)
{
    *dst = oft__json_str(obj, key);
    return (!*dst && json_is_string(json_object_get(obj, key))) ? -1 : 0;
}

int64_t oft__json_time(const json_t *obj, const char *key)
{
    return oft__json_int(obj, key, OFT_TIME_NONE);
}

int64_t oft__json_int(const json_t *obj, const char *key, int64_t dflt)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    /* A real converts only when an int64 holds it (-2^63 <= x < 2^63): beyond,
     * and for NaN or infinities, the conversion is undefined. */
    double x = json_is_real(v) ? json_real_value(v) : NAN;
    if (x >= -9223372036854775808.0 && x < 9223372036854775808.0)
        return (int64_t)x;
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
