/*
 * JSON -> oft_model and the model list.
 */
#include <stddef.h>

#include "json/json.h"
#include "json/mappers.h"

void oft_model_free(oft_model *m)
{
    if (!m)
        return;
    OFT__FREE_CONST(m->id);
    OFT__FREE_CONST(m->object);
    OFT__FREE_CONST(m->owned_by);
    OFT__FREE_CONST(m->shutdown_date);
    OFT__FREE_CONST(m->request_id);
    OFT__FREE_CONST(m->raw_json);
    oft__free(m);
}

void oft_model_page_free(oft_model_page *page)
{
    if (!page)
        return;
    OFT__PAGE_FREE_ITEMS(page, oft_model_free);
    oft__free(page);
}

static void *model_fields(const json_t *obj, const char *request_id)
{
    oft_model *m = oft__calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &m->id) |
              oft__json_get_str(obj, "object", &m->object) |
              oft__json_get_str(obj, "owned_by", &m->owned_by) |
              oft__json_get_str(obj, "shutdown_date", &m->shutdown_date);
    m->created = oft__json_time(obj, "created");
    if (bad) {
        oft_model_free(m);
        return NULL;
    }
    return m;
}

static void model_free_item(void *p)
{
    oft_model_free(p);
}

const oft__object_spec oft__model_spec = {"model",
                                          "model",
                                          model_fields,
                                          model_free_item,
                                          offsetof(oft_model, request_id),
                                          offsetof(oft_model, raw_json),
                                          OFT__CURSOR_LAST_ITEM,
                                          0};
