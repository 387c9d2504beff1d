/*
 * JSON -> oft_file and file pages.
 */
#include <string.h>

#include "json/fields.h"
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

static int file_finish(void *item)
{
    oft_file *f = item;
    f->status = file_status_from(f->status_raw);
    return 0;
}

static const oft__field file_fields[] = {
    OFT__F_STR("id", oft_file, id),
    OFT__F_STR("object", oft_file, object),
    OFT__F_INT("bytes", oft_file, bytes, 0),
    OFT__F_TIME("created_at", oft_file, created_at),
    OFT__F_TIME("expires_at", oft_file, expires_at),
    OFT__F_STR("filename", oft_file, filename),
    OFT__F_STR("purpose", oft_file, purpose),
    OFT__F_STR("status", oft_file, status_raw),
    OFT__F_STR("status_details", oft_file, status_details),
    OFT__F_RESPONSE(oft_file),
};
static const oft__field_table file_table =
    OFT__FIELD_TABLE(file_fields, oft_file, file_finish);

void oft_file_free(oft_file *f)
{
    oft__fields_delete(&file_table, f);
}

void oft_file_page_free(oft_file_page *page)
{
    OFT__PAGE_FREE(page, oft_file_free);
}

static void *file_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&file_table, obj, request_id);
}

static void file_free_item(void *p)
{
    oft_file_free(p);
}

const oft__object_spec oft__file_spec = {"file",
                                         "file",
                                         file_new,
                                         file_free_item,
                                         offsetof(oft_file, request_id),
                                         offsetof(oft_file, raw_json),
                                         OFT__CURSOR_LAST_ITEM,
                                         0};
