/* fine_tuning.job.event JSON -> oft_event. */
#include <stddef.h>
#include <string.h>

#include "json/json.h"
#include "json/mappers.h"

void oft_event_free(oft_event *ev)
{
    if (!ev)
        return;
    OFT__FREE_CONST(ev->id);
    OFT__FREE_CONST(ev->object);
    OFT__FREE_CONST(ev->level_raw);
    OFT__FREE_CONST(ev->message);
    OFT__FREE_CONST(ev->type_raw);
    OFT__FREE_CONST(ev->data_json);
    OFT__FREE_CONST(ev->request_id);
    OFT__FREE_CONST(ev->raw_json);
    oft__free(ev);
}

void oft_event_page_free(oft_event_page *page)
{
    OFT__PAGE_FREE(page, oft_event_free);
}

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

static void *event_fields(const json_t *obj, const char *request_id)
{
    oft_event *ev = oft__calloc(1, sizeof(*ev));
    if (!ev)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &ev->id) |
              oft__json_get_str(obj, "object", &ev->object) |
              oft__json_get_str(obj, "level", &ev->level_raw) |
              oft__json_get_str(obj, "message", &ev->message) |
              oft__json_get_str(obj, "type", &ev->type_raw);
    ev->created_at = oft__json_time(obj, "created_at");
    ev->level = level_from_str(ev->level_raw);
    ev->type = type_from_str(ev->type_raw);
    if (!ev->message && !bad)
        bad = !(ev->message = oft__strdup(""));
    const json_t *data = json_object_get(obj, "data");
    ev->data_json = oft__json_dump_key(obj, "data");
    if (bad || (data && !json_is_null(data) && !ev->data_json)) {
        oft_event_free(ev);
        return NULL;
    }
    return ev;
}

static void event_free_item(void *p)
{
    oft_event_free(p);
}

const oft__object_spec oft__event_spec = {"fine_tuning.job.event",
                                          "fine_tuning.job.event",
                                          event_fields,
                                          event_free_item,
                                          offsetof(oft_event, request_id),
                                          offsetof(oft_event, raw_json),
                                          OFT__CURSOR_LAST_ITEM,
                                          0};
