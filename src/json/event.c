/* fine_tuning.job.event JSON -> oft_event. */
#include <string.h>

#include "json/json.h"
#include "api/jobs_internal.h"

void oft_event_free(oft_event *ev)
{
    if (!ev)
        return;
    oft__free(ev->id);
    oft__free(ev->object);
    oft__free(ev->level_raw);
    oft__free(ev->message);
    oft__free(ev->type_raw);
    oft__free(ev->data_json);
    oft__free(ev->request_id);
    oft__free(ev->raw_json);
    oft__free(ev);
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

void *oft__event_from_json(const json_t *obj, const char *request_id, const char *raw)
{
    oft_event *ev = oft__calloc(1, sizeof(*ev));
    if (!ev)
        return NULL;
    ev->id = oft__json_str(obj, "id");
    ev->object = oft__json_str(obj, "object");
    ev->created_at = oft__json_time(obj, "created_at");
    ev->level_raw = oft__json_str(obj, "level");
    ev->level = level_from_str(ev->level_raw);
    ev->message = oft__json_str(obj, "message");
    if (!ev->message)
        ev->message = oft__strdup("");
    ev->type_raw = oft__json_str(obj, "type");
    ev->type = type_from_str(ev->type_raw);
    ev->data_json = oft__json_dump_key(obj, "data");
    ev->request_id = oft__strdup(request_id);
    ev->raw_json = oft__item_raw(obj, raw);
    /* Any string present in the JSON but missing here was an allocation failure. */
    if (!ev->message || !ev->raw_json || (request_id && !ev->request_id) ||
        (json_is_string(json_object_get(obj, "id")) && !ev->id) ||
        (json_is_string(json_object_get(obj, "object")) && !ev->object) ||
        (json_is_string(json_object_get(obj, "level")) && !ev->level_raw) ||
        (json_is_string(json_object_get(obj, "type")) && !ev->type_raw) ||
        (json_is_object(json_object_get(obj, "data")) && !ev->data_json)) {
        oft_event_free(ev);
        return NULL;
    }
    return ev;
}

static void event_free_item(void *p)
{
    oft_event_free(p);
}

const oft__list_spec oft__event_spec = {"fine_tuning.job.event", oft__event_from_json,
                                        event_free_item, 0, 0};
