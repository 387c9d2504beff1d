/* fine_tuning.job.event JSON -> oft_event. */
#include <string.h>

#include "json/fields.h"
#include "json/mappers.h"

static int level_from_str(const char *s)
{
    static const char *const names[] = {"info", "warn", "error"};
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return i + 1;
    return OFT_EVENT_LEVEL_UNKNOWN;
}

static int type_from_str(const char *s)
{
    if (!s)
        return OFT_EVENT_TYPE_UNSET;
    if (strcmp(s, "message") == 0)
        return OFT_EVENT_TYPE_MESSAGE;
    if (strcmp(s, "metrics") == 0)
        return OFT_EVENT_TYPE_METRICS;
    return OFT_EVENT_TYPE_UNKNOWN;
}

/* level and type from their raw strings; a missing message reads "". */
static int event_finish(void *item)
{
    oft_event *ev = item;
    ev->level = level_from_str(ev->level_raw);
    ev->type = type_from_str(ev->type_raw);
    if (!ev->message && !(ev->message = oft__strdup("")))
        return -1;
    return 0;
}

static const oft__field event_fields[] = {
    OFT__F_STR("id", oft_event, id),
    OFT__F_STR("object", oft_event, object),
    OFT__F_TIME("created_at", oft_event, created_at),
    OFT__F_STR("level", oft_event, level_raw),
    OFT__F_STR("message", oft_event, message),
    OFT__F_STR("type", oft_event, type_raw),
    OFT__F_TEXT("data", oft_event, data_json),
    OFT__F_RESPONSE(oft_event),
};
static const oft__field_table event_table =
    OFT__FIELD_TABLE(event_fields, oft_event, event_finish);

void oft_event_free(oft_event *ev)
{
    oft__fields_delete(&event_table, ev);
}

void oft_event_page_free(oft_event_page *page)
{
    OFT__PAGE_FREE(page, oft_event_free);
}

static void *event_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&event_table, obj, request_id);
}

static void event_free_item(void *p)
{
    oft_event_free(p);
}

const oft__object_spec oft__event_spec = {"fine_tuning.job.event",
                                          "fine_tuning.job.event",
                                          event_new,
                                          event_free_item,
                                          offsetof(oft_event, request_id),
                                          offsetof(oft_event, raw_json),
                                          OFT__CURSOR_LAST_ITEM,
                                          0};
