/* The result of a delete ({id, object, deleted}): files, models, permissions. */
#include "json/fields.h"
#include "json/mappers.h"

static const oft__field deleted_fields[] = {
    OFT__F_STR("id", oft_deleted, id),
    OFT__F_STR("object", oft_deleted, object),
    OFT__F_BOOL("deleted", oft_deleted, deleted, 0),
    OFT__F_RESPONSE(oft_deleted),
};
static const oft__field_table deleted_table =
    OFT__FIELD_TABLE(deleted_fields, oft_deleted, NULL);

void oft_deleted_free(oft_deleted *d)
{
    oft__fields_delete(&deleted_table, d);
}

static void *deleted_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&deleted_table, obj, request_id);
}

static void deleted_free_item(void *p)
{
    oft_deleted_free(p);
}

#define DELETED_SPEC(what, object)                                                       \
    {                                                                                    \
        what, object, deleted_new, deleted_free_item, offsetof(oft_deleted, request_id), \
            offsetof(oft_deleted, raw_json), OFT__CURSOR_LAST_ITEM, 0                    \
    }

const oft__object_spec oft__file_deleted_spec = DELETED_SPEC("file delete", NULL);
const oft__object_spec oft__model_deleted_spec = DELETED_SPEC("model delete", NULL);
const oft__object_spec oft__permission_deleted_spec =
    DELETED_SPEC("checkpoint.permission delete", "checkpoint.permission");
