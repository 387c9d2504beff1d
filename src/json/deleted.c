/* The result of a delete ({id, object, deleted}): files, models, permissions. */
#include <stddef.h>

#include "json/json.h"
#include "json/mappers.h"

void oft_deleted_free(oft_deleted *d)
{
    if (!d)
        return;
    OFT__FREE_CONST(d->id);
    OFT__FREE_CONST(d->object);
    OFT__FREE_CONST(d->request_id);
    OFT__FREE_CONST(d->raw_json);
    oft__free(d);
}

static void *deleted_fields(const json_t *obj, const char *request_id)
{
    oft_deleted *d = oft__calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &d->id) |
              oft__json_get_str(obj, "object", &d->object);
    d->deleted = oft__json_bool(obj, "deleted", 0);
    if (bad) {
        oft_deleted_free(d);
        return NULL;
    }
    return d;
}

static void deleted_free_item(void *p)
{
    oft_deleted_free(p);
}

#define DELETED_SPEC(what, object)                                                       \
    {                                                                                    \
        what, object, deleted_fields, deleted_free_item,                                 \
            offsetof(oft_deleted, request_id), offsetof(oft_deleted, raw_json),          \
            OFT__CURSOR_LAST_ITEM, 0                                                     \
    }

const oft__object_spec oft__file_deleted_spec = DELETED_SPEC("file delete", NULL);
const oft__object_spec oft__model_deleted_spec = DELETED_SPEC("model delete", NULL);
const oft__object_spec oft__permission_deleted_spec =
    DELETED_SPEC("checkpoint.permission delete", "checkpoint.permission");
