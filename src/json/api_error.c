/* The API's error body ({"error": {...}}, or problem+json) read into plain fields. */
#include <string.h>

#include "json/api_error.h"
#include "json/json.h"

/* A scalar as text: strings as they are, numbers and booleans printed. */
static char *scalar_text(const json_t *v)
{
    if (json_is_string(v))
        return oft__strndup(json_string_value(v), json_string_length(v));
    if (v == NULL || json_is_null(v))
        return NULL;
    return oft__json_dump_key(v, NULL);
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
