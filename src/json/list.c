/*
 * The object engine of list.h: single objects and list envelopes of every
 * resource, read with the resource's oft__object_spec.
 */
#include <string.h>

#include "json/json.h"
#include "json/list.h"

/* Stores request_id and raw_json in the item's members of those names. */
static void set_envelope(const oft__object_spec *spec, void *item, char *request_id,
                         char *raw_json)
{
    /* memcpy: the members are const char *, the item a void *. */
    memcpy((char *)item + spec->request_id_at, &request_id, sizeof(request_id));
    memcpy((char *)item + spec->raw_json_at, &raw_json, sizeof(raw_json));
}

void *oft__item_from_json(const oft__object_spec *spec, const json_t *obj,
                          const char *request_id)
{
    void *item = spec->fields(obj, request_id);
    if (!item)
        return NULL;
    char *rid = oft__strdup(request_id);
    char *raw = oft__json_dump_key(obj, NULL);
    set_envelope(spec, item, rid, raw);
    if ((request_id && !rid) || !raw) {
        spec->free_item(item);
        return NULL;
    }
    return item;
}

int oft__item_parse(oft_client *c, const oft__object_spec *spec, oft__response *resp,
                    void **out)
{
    json_t *root = NULL;
    *out = NULL;
    int rc = oft__json_parse_response(c, spec->what, resp, &root);
    if (rc != OFT_OK)
        return rc;
    /* {} or a list where an object was expected is not a success. */
    if (!spec->anonymous)
        rc = oft__json_check_object(c, spec->what, root, spec->object, -1);
    else if (!json_is_object(root))
        rc = oft__error_set(c, OFT_EPARSE, "%s: not a JSON object", spec->what);
    void *item = rc == OFT_OK ? spec->fields(root, resp->request_id) : NULL;
    json_decref(root);
    if (rc != OFT_OK)
        return rc;
    if (!item)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", spec->what);
    /* The body is exactly the object's JSON: the item takes it, and the request
     * id, instead of copies (a retrieve is the hot path). */
    set_envelope(spec, item, resp->request_id, resp->body);
    resp->body = NULL;
    resp->body_len = 0;
    resp->request_id = NULL;
    *out = item;
    return OFT_OK;
}

void oft__list_drop_items(oft__list *l, oft__free_fn free_item)
{
    for (size_t i = 0; i < l->count; i++)
        free_item(l->items[i]);
    oft__free(l->items);
    l->items = NULL;
    l->count = 0;
}

void oft__list_dispose(oft__list *l, oft__free_fn free_item)
{
    oft__list_drop_items(l, free_item);
    OFT__FREE_CONST(l->first_id);
    OFT__FREE_CONST(l->last_id);
    oft__free(l->next_after);
    OFT__FREE_CONST(l->request_id);
    OFT__FREE_CONST(l->raw_json);
    memset(l, 0, sizeof(*l));
}

/* Checks and maps every element of the envelope's data array. */
static int read_items(oft_client *c, const oft__object_spec *spec, const json_t *root,
                      const char *request_id, oft__list *out)
{
    const json_t *data = json_object_get(root, "data");
    if (!json_is_array(data))
        return oft__error_set(c, OFT_EPARSE, "%s list: no \"data\" array in the response",
                              spec->what);
    size_t n = json_array_size(data);
    if (n && !(out->items = oft__calloc(n, sizeof(*out->items))))
        return OFT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const json_t *obj = json_array_get(data, i);
        int rc = oft__json_check_object(c, spec->what, obj, spec->object, (long)i);
        if (rc != OFT_OK)
            return rc;
        if (!(out->items[i] = oft__item_from_json(spec, obj, request_id)))
            return OFT_ENOMEM;
        out->count++;
    }
    return OFT_OK;
}

/* has_more, first_id, last_id and the next page's cursor. */
static int read_cursor(const oft__object_spec *spec, const json_t *root, oft__list *out)
{
    out->has_more = oft__json_bool(root, "has_more", 0);
    if (oft__json_get_str(root, "first_id", &out->first_id) ||
        oft__json_get_str(root, "last_id", &out->last_id))
        return OFT_ENOMEM;
    if (!out->has_more)
        return OFT_OK;
    const char *next = NULL;
    if (spec->cursor == OFT__CURSOR_LAST_ID)
        next = out->last_id;
    else if (out->count) /* every item has a non-empty string id (checked) */
        next = json_string_value(json_object_get(
            json_array_get(json_object_get(root, "data"), out->count - 1), "id"));
    if (next && *next && !(out->next_after = oft__strdup(next)))
        return OFT_ENOMEM;
    return OFT_OK;
}

int oft__list_parse(oft_client *c, const oft__object_spec *spec,
                    const oft__response *resp, oft__list *out)
{
    json_t *root = NULL;
    memset(out, 0, sizeof(*out));
    int rc = oft__json_parse_response(c, spec->what, resp, &root);
    if (rc != OFT_OK)
        return rc;
    if (!json_is_object(root))
        rc = oft__error_set(c, OFT_EPARSE, "%s list: the response is not a JSON object",
                            spec->what);
    if (rc == OFT_OK)
        rc = read_items(c, spec, root, resp->request_id, out);
    if (rc == OFT_OK)
        rc = read_cursor(spec, root, out);
    json_decref(root);
    if (rc == OFT_OK) {
        out->request_id = oft__strdup(resp->request_id);
        out->raw_json = oft__strndup(resp->body, resp->body_len);
        if ((resp->request_id && !out->request_id) || !out->raw_json)
            rc = OFT_ENOMEM;
    }
    if (rc == OFT_ENOMEM)
        oft__error_set(c, OFT_ENOMEM, "%s list: out of memory", spec->what);
    if (rc != OFT_OK)
        oft__list_dispose(out, spec->free_item);
    return rc;
}
