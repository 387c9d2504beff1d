/*
 * The list envelope shared by jobs, events, checkpoints and permissions:
 * {object:"list", data:[...], has_more, first_id?, last_id?}.
 */
#include "json/json.h"
#include "api/jobs_internal.h"

char *oft__item_raw(const json_t *obj, const char *raw)
{
    return raw ? oft__strdup(raw) : oft__json_dump_key(obj, NULL);
}

void oft__list_dispose(oft__list *l, oft__free_fn free_item)
{
    for (size_t i = 0; i < l->count; i++)
        free_item(l->items[i]);
    oft__free(l->items);
    oft__free(l->first_id);
    oft__free(l->last_id);
    oft__free(l->next_after);
    oft__free(l->request_id);
    oft__free(l->raw_json);
    memset(l, 0, sizeof(*l));
}

static int fill(oft_client *c, const oft__list_spec *spec, const json_t *root,
                const char *request_id, oft__list *out)
{
    const json_t *data = json_object_get(root, "data");
    if (!json_is_array(data))
        return oft__error_set(c, OFT_EPARSE, "%s list: no \"data\" array in the response",
                              spec->what);
    size_t n = json_array_size(data);
    if (n) {
        out->items = oft__calloc(n, sizeof(*out->items));
        if (!out->items)
            return OFT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *obj = json_array_get(data, i);
        int rc = oft__json_check_object(c, spec->what, obj, spec->what, (long)i);
        if (rc != OFT_OK)
            return rc;
        out->items[i] = spec->from_json(obj, request_id, NULL);
        if (!out->items[i])
            return OFT_ENOMEM;
        out->count++;
    }
    out->has_more = oft__json_bool(root, "has_more", 0);
    out->first_id = oft__json_str(root, "first_id");
    out->last_id = oft__json_str(root, "last_id");
    /* CursorPage: after = the last item's id; ConversationCursorPage: last_id. */
    if (out->has_more) {
        if (spec->cursor_last_id)
            out->next_after = oft__strdup(out->last_id);
        else if (n)
            out->next_after = oft__json_str(json_array_get(data, n - 1), "id");
        if (out->next_after && !*out->next_after) {
            oft__free(out->next_after);
            out->next_after = NULL;
        }
    }
    return OFT_OK;
}

int oft__list_parse(oft_client *c, const oft__list_spec *spec, const oft__response *resp,
                    oft__list *out)
{
    json_t *root = NULL;
    memset(out, 0, sizeof(*out));
    int rc = oft__json_parse_response(c, spec->what, resp, &root);
    if (rc != OFT_OK)
        return rc;
    if (!json_is_object(root)) {
        json_decref(root);
        return oft__error_set(c, OFT_EPARSE, "%s list: the response is not an object",
                              spec->what);
    }
    rc = fill(c, spec, root, resp->request_id, out);
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

int oft__item_parse(oft_client *c, const oft__list_spec *spec, const oft__response *resp,
                    void **out)
{
    json_t *root = NULL;
    *out = NULL;
    int rc = oft__json_parse_response(c, spec->what, resp, &root);
    if (rc != OFT_OK)
        return rc;
    /* {} or a list where an object was expected is not a success. */
    if ((rc = oft__json_check_object(c, spec->what, root, spec->what, -1)) != OFT_OK) {
        json_decref(root);
        return rc;
    }
    *out = spec->from_json(root, resp->request_id, resp->body);
    json_decref(root);
    if (!*out)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", spec->what);
    return OFT_OK;
}
