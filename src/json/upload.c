/*
 * JSON <-> oft_upload and oft_upload_part, and the create/complete bodies.
 */
#include <string.h>

#include "json/fields.h"
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

static int upload_finish(void *item)
{
    oft_upload *u = item;
    u->status = upload_status_from(u->status_raw);
    return 0;
}

static const oft__field upload_fields[] = {
    OFT__F_STR("id", oft_upload, id),
    OFT__F_STR("object", oft_upload, object),
    OFT__F_INT("bytes", oft_upload, bytes, 0),
    OFT__F_TIME("created_at", oft_upload, created_at),
    OFT__F_TIME("expires_at", oft_upload, expires_at),
    OFT__F_STR("filename", oft_upload, filename),
    OFT__F_STR("purpose", oft_upload, purpose),
    OFT__F_STR("status", oft_upload, status_raw),
    OFT__F_ITEM("file", oft_upload, file, oft__file_spec),
    OFT__F_RESPONSE(oft_upload),
};
static const oft__field_table upload_table =
    OFT__FIELD_TABLE(upload_fields, oft_upload, upload_finish);

void oft_upload_free(oft_upload *u)
{
    oft__fields_delete(&upload_table, u);
}

static void *upload_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&upload_table, obj, request_id);
}

static const oft__field part_fields[] = {
    OFT__F_STR("id", oft_upload_part, id),
    OFT__F_STR("object", oft_upload_part, object),
    OFT__F_TIME("created_at", oft_upload_part, created_at),
    OFT__F_STR("upload_id", oft_upload_part, upload_id),
    OFT__F_RESPONSE(oft_upload_part),
};
static const oft__field_table part_table =
    OFT__FIELD_TABLE(part_fields, oft_upload_part, NULL);

void oft_upload_part_free(oft_upload_part *p)
{
    oft__fields_delete(&part_table, p);
}

static void *part_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&part_table, obj, request_id);
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
                                           upload_new,
                                           upload_free_item,
                                           offsetof(oft_upload, request_id),
                                           offsetof(oft_upload, raw_json),
                                           OFT__CURSOR_LAST_ITEM,
                                           0};
const oft__object_spec oft__upload_part_spec = {"upload.part",
                                                "upload.part",
                                                part_new,
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
