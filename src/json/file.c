/*
 * JSON <-> oft_file, file pages and delete results.
 */
#include <string.h>

#include "json/files_json.h"
#include "api/jobs_internal.h"

static const char *const file_status_names[] = {"unknown", "uploaded", "processed",
                                                "error"};

const char *oft_file_status_str(int status)
{
    if (status < 0 || status > OFT_FILE_STATUS_ERROR)
        return "unknown";
    return file_status_names[status];
}

static int file_status_from(const char *s)
{
    for (int i = 1; s && i <= OFT_FILE_STATUS_ERROR; i++)
        if (strcmp(s, file_status_names[i]) == 0)
            return i;
    return OFT_FILE_STATUS_UNKNOWN;
}

void oft_file_free(oft_file *f)
{
    if (!f)
        return;
    oft__free(f->id);
    oft__free(f->object);
    oft__free(f->filename);
    oft__free(f->purpose);
    oft__free(f->status_raw);
    oft__free(f->status_details);
    oft__free(f->request_id);
    oft__free(f->raw_json);
    oft__free(f);
}

void *oft__file_from_json(const json_t *obj, const char *request_id)
{
    oft_file *f = oft__calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->id = oft__json_str(obj, "id");
    f->object = oft__json_str(obj, "object");
    f->bytes = oft__json_int(obj, "bytes", 0);
    f->created_at = oft__json_time(obj, "created_at");
    f->expires_at = oft__json_time(obj, "expires_at");
    f->filename = oft__json_str(obj, "filename");
    f->purpose = oft__json_str(obj, "purpose");
    f->status_raw = oft__json_str(obj, "status");
    f->status = file_status_from(f->status_raw);
    f->status_details = oft__json_str(obj, "status_details");
    f->raw_json = oft__json_dump_key(obj, NULL);
    if (!f->raw_json || (request_id && !(f->request_id = oft__strdup(request_id)))) {
        oft_file_free(f);
        return NULL;
    }
    return f;
}

int oft__files_json_object(oft_client *c, const char *what, const oft__response *resp,
                           json_t **out)
{
    int rc = oft__json_parse_response(c, what, resp, out);
    if (rc != OFT_OK)
        return rc;
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return oft__error_set(c, OFT_EPARSE, "%s: the response is not a JSON object",
                              what);
    }
    return OFT_OK;
}

int oft__files_copy_request_id(char **dst, const oft__response *resp)
{
    if (!resp->request_id)
        return 0;
    *dst = oft__strdup(resp->request_id);
    return *dst ? 0 : -1;
}

int oft__files_copy_envelope(char **raw_json, char **request_id,
                             const oft__response *resp)
{
    *raw_json = oft__strndup(resp->body, resp->body_len);
    return *raw_json ? oft__files_copy_request_id(request_id, resp) : -1;
}

int oft__files_parse_item(oft_client *c, const char *what, const oft__response *resp,
                          oft__files_map_fn map, void **out)
{
    json_t *root;
    *out = NULL;
    int rc = oft__files_json_object(c, what, resp, &root);
    if (rc == OFT_OK)
        rc = oft__json_check_object(c, what, root, what, -1);
    if (rc != OFT_OK) {
        json_decref(root);
        return rc;
    }
    *out = map(root, resp->request_id);
    json_decref(root);
    if (!*out)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", what);
    return OFT_OK;
}

int oft__files_json_list(oft_client *c, const char *what, const oft__response *resp,
                         json_t **root, json_t **data)
{
    int rc = oft__files_json_object(c, what, resp, root);
    if (rc != OFT_OK)
        return rc;
    *data = json_object_get(*root, "data");
    if (!json_is_array(*data)) {
        json_decref(*root);
        *root = NULL;
        return oft__error_set(c, OFT_EPARSE, "%s: \"data\" is not an array", what);
    }
    return OFT_OK;
}

int oft__file_parse(oft_client *c, const oft__response *resp, oft_file **out)
{
    void *f = NULL;
    int rc = oft__files_parse_item(c, "file", resp, oft__file_from_json, &f);
    *out = f;
    return rc;
}

void oft_file_page_free(oft_file_page *page)
{
    OFT__PAGE_FREE(page, oft_file_free);
}

int oft__file_page_parse(oft_client *c, const oft__response *resp, oft_file_page **out)
{
    json_t *root, *data;
    *out = NULL;
    int rc = oft__files_json_list(c, "file list", resp, &root, &data);
    if (rc == OFT_OK && (rc = oft__json_check_items(c, "file", data, "file")) != OFT_OK)
        json_decref(root);
    if (rc != OFT_OK)
        return rc;
    oft_file_page *p = oft__calloc(1, sizeof(*p));
    if (p)
        OFT__FILES_PAGE_ITEMS(rc, p, data, oft__file_from_json);
    if (!p || rc != OFT_OK)
        goto oom;
    p->has_more = oft__json_bool(root, "has_more", 0);
    p->first_id = oft__json_str(root, "first_id");
    p->last_id = oft__json_str(root, "last_id");
    if (oft__files_copy_envelope(&p->raw_json, &p->request_id, resp) != 0)
        goto oom;
    json_decref(root);
    *out = p;
    return OFT_OK;
oom:
    oft_file_page_free(p);
    json_decref(root);
    return oft__error_set(c, OFT_ENOMEM, "file list: out of memory");
}

void oft_file_delete_result_free(oft_file_delete_result *r)
{
    if (!r)
        return;
    oft__free(r->id);
    oft__free(r->object);
    oft__free(r->request_id);
    oft__free(r->raw_json);
    oft__free(r);
}

int oft__files_delete_parse(oft_client *c, const char *what, const oft__response *resp,
                            oft__files_delete_fields *f)
{
    json_t *root;
    int rc = oft__files_json_object(c, what, resp, &root);
    if (rc == OFT_OK && (rc = oft__json_check_object(c, what, root, NULL, -1)) != OFT_OK)
        json_decref(root);
    if (rc != OFT_OK)
        return rc;
    *f->id = oft__json_str(root, "id");
    *f->object = oft__json_str(root, "object");
    *f->deleted = oft__json_bool(root, "deleted", 0);
    json_decref(root);
    if (oft__files_copy_envelope(f->raw_json, f->request_id, resp) != 0)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", what);
    return OFT_OK;
}

int oft__file_delete_parse(oft_client *c, const oft__response *resp,
                           oft_file_delete_result **out)
{
    *out = NULL;
    oft_file_delete_result *r = oft__calloc(1, sizeof(*r));
    if (!r)
        return oft__error_set(c, OFT_ENOMEM, "file delete: out of memory");
    oft__files_delete_fields f = {&r->id, &r->object, &r->deleted, &r->request_id,
                                  &r->raw_json};
    int rc = oft__files_delete_parse(c, "file delete", resp, &f);
    if (rc != OFT_OK) {
        oft_file_delete_result_free(r);
        return rc;
    }
    *out = r;
    return OFT_OK;
}
