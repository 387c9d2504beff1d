/*
 * JSON <-> oft_upload and oft_upload_part, and the create/complete bodies.
 */
#include <stddef.h>
#include <string.h>

#include "json/json.h"
#include "json/mappers.h"

static const char *const upload_status_names[] = {"unknown", "pending", "completed",
                                                  "cancelled", "expired"};

const char *oft_upload_status_str(int status)
{
    if (status < 0 || status > OFT_UPLOAD_STATUS_EXPIRED)
        return "unknown";
    return upload_status_names[status];
}

static int upload_status_from(const char *s)
{
    for (int i = 1; s && i <= OFT_UPLOAD_STATUS_EXPIRED; i++)
        if (strcmp(s, upload_status_names[i]) == 0)
            return i;
    return OFT_UPLOAD_STATUS_UNKNOWN;
}

void oft_upload_free(oft_upload *u)
{
    if (!u)
        return;
    OFT__FREE_CONST(u->id);
    OFT__FREE_CONST(u->object);
    OFT__FREE_CONST(u->filename);
    OFT__FREE_CONST(u->purpose);
    OFT__FREE_CONST(u->status_raw);
    oft_file_free(OFT__MUTABLE(u->file));
    OFT__FREE_CONST(u->request_id);
    OFT__FREE_CONST(u->raw_json);
    oft__free(u);
}

static void *upload_fields(const json_t *obj, const char *request_id)
{
    oft_upload *u = oft__calloc(1, sizeof(*u));
    if (!u)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &u->id) |
              oft__json_get_str(obj, "object", &u->object) |
              oft__json_get_str(obj, "filename", &u->filename) |
              oft__json_get_str(obj, "purpose", &u->purpose) |
              oft__json_get_str(obj, "status", &u->status_raw);
    u->bytes = oft__json_int(obj, "bytes", 0);
    u->created_at = oft__json_time(obj, "created_at");
    u->expires_at = oft__json_time(obj, "expires_at");
    u->status = upload_status_from(u->status_raw);
    const json_t *file = json_object_get(obj, "file");
    /* The file arrived in this response: it shares the request id. */
    if (!bad && json_is_object(file))
        bad = !(u->file = oft__item_from_json(&oft__file_spec, file, request_id));
    if (bad) {
        oft_upload_free(u);
        return NULL;
    }
    return u;
}

void oft_upload_part_free(oft_upload_part *p)
{
    if (!p)
        return;
    OFT__FREE_CONST(p->id);
    OFT__FREE_CONST(p->object);
    OFT__FREE_CONST(p->upload_id);
    OFT__FREE_CONST(p->request_id);
    OFT__FREE_CONST(p->raw_json);
    oft__free(p);
}

static void *part_fields(const json_t *obj, const char *request_id)
{
    oft_upload_part *p = oft__calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &p->id) |
              oft__json_get_str(obj, "object", &p->object) |
              oft__json_get_str(obj, "upload_id", &p->upload_id);
    p->created_at = oft__json_time(obj, "created_at");
    if (bad) {
        oft_upload_part_free(p);
        return NULL;
    }
    return p;
}

static void upload_free_item(void *p)
{
    oft_upload_free(p);
}

static void part_free_item(void *p)
{
    oft_upload_part_free(p);
}

const oft__object_spec oft__upload_spec = {"upload",
                                           "upload",
                                           upload_fields,
                                           upload_free_item,
                                           offsetof(oft_upload, request_id),
                                           offsetof(oft_upload, raw_json),
                                           OFT__CURSOR_LAST_ITEM,
                                           0};
const oft__object_spec oft__upload_part_spec = {"upload.part",
                                                "upload.part",
                                                part_fields,
                                                part_free_item,
                                                offsetof(oft_upload_part, request_id),
                                                offsetof(oft_upload_part, raw_json),
                                                OFT__CURSOR_LAST_ITEM,
                                                0};

char *oft__upload_create_body(const oft_upload_create_options *o, size_t *len)
{
    json_t *root = json_object();
    char *out = NULL;
    if (!root)
        return NULL;
    int bad = oft__json_set_str(root, "filename", o->filename) ||
              oft__json_set_str(root, "purpose", o->purpose) ||
              json_object_set_new(root, "bytes", json_integer(o->bytes)) ||
              oft__json_set_str(root, "mime_type", o->mime_type);
    if (!bad && o->expires_after_seconds > 0) {
        json_t *exp = json_pack("{s:s, s:I}", "anchor", "created_at", "seconds",
                                (json_int_t)o->expires_after_seconds);
        bad = json_object_set_new(root, "expires_after", exp);
    }
    if (!bad)
        out = oft__json_to_string(root, len);
    json_decref(root);
    return out;
}

char *oft__upload_complete_body(const char *const *part_ids, size_t count,
                                const char *md5_hex, size_t *len)
{
    json_t *root = json_object();
    json_t *ids = json_array();
    char *out = NULL;
    int bad = !root || !ids;
    for (size_t i = 0; !bad && i < count; i++)
        bad = json_array_append_new(ids, json_string(part_ids[i]));
    if (!bad) {
        bad = json_object_set(root, "part_ids", ids) ||
              oft__json_set_str(root, "md5", md5_hex);
    }
    if (!bad)
        out = oft__json_to_string(root, len);
    json_decref(ids);
    json_decref(root);
    return out;
}
