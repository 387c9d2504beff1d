/*
 * JSON -> oft_file and file pages.
 */
#include <stddef.h>
#include <string.h>

#include "json/json.h"
#include "json/mappers.h"

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
    OFT__FREE_CONST(f->id);
    OFT__FREE_CONST(f->object);
    OFT__FREE_CONST(f->filename);
    OFT__FREE_CONST(f->purpose);
    OFT__FREE_CONST(f->status_raw);
    OFT__FREE_CONST(f->status_details);
    OFT__FREE_CONST(f->request_id);
    OFT__FREE_CONST(f->raw_json);
    oft__free(f);
}

void oft_file_page_free(oft_file_page *page)
{
    OFT__PAGE_FREE(page, oft_file_free);
}

static void *file_fields(const json_t *obj, const char *request_id)
{
    oft_file *f = oft__calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &f->id) |
              oft__json_get_str(obj, "object", &f->object) |
              oft__json_get_str(obj, "filename", &f->filename) |
              oft__json_get_str(obj, "purpose", &f->purpose) |
              oft__json_get_str(obj, "status", &f->status_raw) |
              oft__json_get_str(obj, "status_details", &f->status_details);
    f->bytes = oft__json_int(obj, "bytes", 0);
    f->created_at = oft__json_time(obj, "created_at");
    f->expires_at = oft__json_time(obj, "expires_at");
    f->status = file_status_from(f->status_raw);
    if (bad) {
        oft_file_free(f);
        return NULL;
    }
    return f;
}

static void file_free_item(void *p)
{
    oft_file_free(p);
}

const oft__object_spec oft__file_spec = {"file",
                                         "file",
                                         file_fields,
                                         file_free_item,
                                         offsetof(oft_file, request_id),
                                         offsetof(oft_file, raw_json),
                                         OFT__CURSOR_LAST_ITEM,
                                         0};
