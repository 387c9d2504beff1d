/* checkpoint.permission JSON -> structs, and the create body. */
#include <stddef.h>

#include "json/json.h"
#include "json/mappers.h"

void oft_checkpoint_permission_free(oft_checkpoint_permission *p)
{
    if (!p)
        return;
    OFT__FREE_CONST(p->id);
    OFT__FREE_CONST(p->object);
    OFT__FREE_CONST(p->project_id);
    OFT__FREE_CONST(p->request_id);
    OFT__FREE_CONST(p->raw_json);
    oft__free(p);
}

void oft_checkpoint_permission_page_free(oft_checkpoint_permission_page *page)
{
    OFT__PAGE_FREE(page, oft_checkpoint_permission_free);
}

static void *permission_fields(const json_t *obj, const char *request_id)
{
    oft_checkpoint_permission *p = oft__calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &p->id) |
              oft__json_get_str(obj, "object", &p->object) |
              oft__json_get_str(obj, "project_id", &p->project_id);
    p->created_at = oft__json_time(obj, "created_at");
    if (bad) {
        oft_checkpoint_permission_free(p);
        return NULL;
    }
    return p;
}

int oft__permission_create_body(oft_client *c, const char *const *ids, size_t n,
                                char **out, size_t *len)
{
    json_t *body = json_object(), *arr = json_array();
    int bad = !body || !arr || json_object_set(body, "project_ids", arr);
    for (size_t i = 0; !bad && i < n; i++)
        bad = json_array_append_new(arr, json_string(ids[i])) != 0;
    *out = bad ? NULL : oft__json_to_string(body, len);
    json_decref(arr);
    json_decref(body);
    if (!*out)
        return oft__error_set(c, OFT_ENOMEM,
                              "checkpoint.permission create: out of memory");
    return OFT_OK;
}

static void permission_free_item(void *p)
{
    oft_checkpoint_permission_free(p);
}

/* Permissions page with the envelope's last_id (ConversationCursorPage). */
const oft__object_spec oft__permission_spec = {
    "checkpoint.permission",
    "checkpoint.permission",
    permission_fields,
    permission_free_item,
    offsetof(oft_checkpoint_permission, request_id),
    offsetof(oft_checkpoint_permission, raw_json),
    OFT__CURSOR_LAST_ID,
    0};
