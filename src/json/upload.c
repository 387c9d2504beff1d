/*
 * JSON <-> oft_upload and oft_upload_part, and the create/complete bodies.
 */
#include <string.h>

#include "json/files_json.h"

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
    oft__free(u->id);
    oft__free(u->object);
    oft__free(u->filename);
    oft__free(u->purpose);
    oft__free(u->status_raw);
    oft_file_free(u->file);
    oft__free(u->request_id);
    oft__free(u->raw_json);
    oft__free(u);
}

int oft__upload_parse(oft_client *c, const oft__response *resp, oft_upload **out)
{
    json_t *root;
    *out = NULL;
    int rc = oft__files_json_object(c, "upload", resp, &root);
    if (rc == OFT_OK &&
        (rc = oft__json_check_object(c, "upload", root, "upload", -1)) != OFT_OK)
        json_decref(root);
    if (rc != OFT_OK)
        return rc;
    oft_upload *u = oft__calloc(1, sizeof(*u));
    int oom = !u;
    if (u) {
        u->id = oft__json_str(root, "id");
        u->object = oft__json_str(root, "object");
        u->bytes = oft__json_int(root, "bytes", 0);
        u->created_at = oft__json_time(root, "created_at");
        u->expires_at = oft__json_time(root, "expires_at");
        u->filename = oft__json_str(root, "filename");
        u->purpose = oft__json_str(root, "purpose");
        u->status_raw = oft__json_str(root, "status");
        u->status = upload_status_from(u->status_raw);
        json_t *file = json_object_get(root, "file");
        if (json_is_object(file)) {
            /* The file arrived in this response: it shares the request id. */
            u->file = oft__file_from_json(file, resp->request_id);
            oom = !u->file;
        }
        oom = oom || oft__files_copy_envelope(&u->raw_json, &u->request_id, resp) != 0;
    }
    json_decref(root);
    if (oom) {
        oft_upload_free(u);
        return oft__error_set(c, OFT_ENOMEM, "upload: out of memory");
    }
    *out = u;
    return OFT_OK;
}

void oft_upload_part_free(oft_upload_part *p)
{
    if (!p)
        return;
    oft__free(p->id);
    oft__free(p->object);
    oft__free(p->upload_id);
    oft__free(p->request_id);
    oft__free(p->raw_json);
    oft__free(p);
}

int oft__upload_part_parse(oft_client *c, const oft__response *resp,
                           oft_upload_part **out)
{
    json_t *root;
    *out = NULL;
    int rc = oft__files_json_object(c, "upload.part", resp, &root);
    if (rc == OFT_OK && (rc = oft__json_check_object(c, "upload.part", root,
                                                     "upload.part", -1)) != OFT_OK)
        json_decref(root);
    if (rc != OFT_OK)
        return rc;
    oft_upload_part *p = oft__calloc(1, sizeof(*p));
    if (p) {
        p->id = oft__json_str(root, "id");
        p->object = oft__json_str(root, "object");
        p->created_at = oft__json_time(root, "created_at");
        p->upload_id = oft__json_str(root, "upload_id");
    }
    json_decref(root);
    if (!p || oft__files_copy_envelope(&p->raw_json, &p->request_id, resp) != 0) {
        oft_upload_part_free(p);
        return oft__error_set(c, OFT_ENOMEM, "upload.part: out of memory");
    }
    *out = p;
    return OFT_OK;
}

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
