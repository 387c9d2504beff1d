/*
 * JSON -> oft_model and the model list.
 */
#include "json/fields.h"
#include "json/mappers.h"

static const oft__field model_fields[] = {
    OFT__F_STR("id", oft_model, id),
    OFT__F_STR("object", oft_model, object),
    OFT__F_TIME("created", oft_model, created),
    OFT__F_STR("owned_by", oft_model, owned_by),
    OFT__F_STR("shutdown_date", oft_model, shutdown_date),
    OFT__F_RESPONSE(oft_model),
};
static const oft__field_table model_table =
    OFT__FIELD_TABLE(model_fields, oft_model, NULL);

void oft_model_free(oft_model *m)
{
    oft__fields_delete(&model_table, m);
}

void oft_model_page_free(oft_model_page *page)
{
    if (!page)
        return;
    OFT__PAGE_FREE_ITEMS(page, oft_model_free);
    oft__free(page);
}

static void *model_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&model_table, obj, request_id);
}

static void model_free_item(void *p)
{
    oft_model_free(p);
}

const oft__object_spec oft__model_spec = {"model",
                                          "model",
                                          model_new,
                                          model_free_item,
                                          offsetof(oft_model, request_id),
                                          offsetof(oft_model, raw_json),
                                          OFT__CURSOR_LAST_ITEM,
                                          0};
