/* checkpoint.permission JSON -> structs, and the create body. */
#include "json/fields.h"
#include "json/mappers.h"

static const oft__field permission_fields[] = {
    OFT__F_STR("id", oft_checkpoint_permission, id),
    OFT__F_STR("object", oft_checkpoint_permission, object),
    OFT__F_TIME("created_at", oft_checkpoint_permission, created_at),
    OFT__F_STR("project_id", oft_checkpoint_permission, project_id),
    OFT__F_RESPONSE(oft_checkpoint_permission),
};
static const oft__field_table permission_table =
    OFT__FIELD_TABLE(permission_fields, oft_checkpoint_permission, NULL);

void oft_checkpoint_permission_free(oft_checkpoint_permission *p)
{
    oft__fields_delete(&permission_table, p);
}

void oft_checkpoint_permission_page_free(oft_checkpoint_permission_page *page)
{
    OFT__PAGE_FREE(page, oft_checkpoint_permission_free);
}

static void *permission_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&permission_table, obj, request_id);
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
    permission_new,
    permission_free_item,
    offsetof(oft_checkpoint_permission, request_id),
    offsetof(oft_checkpoint_permission, raw_json),
    OFT__CURSOR_LAST_ID,
    0};
