/*
 * Models: retrieve, list (not paginated), delete a fine-tuned model.
 */
#include "api/fetch.h"
#include "json/mappers.h"

/* GET or DELETE /models/{id}, read as one object of spec. */
static int model_call(oft_client *c, const char *method, const char *model_id,
                      const oft__object_spec *spec, void **out)
{
    int rc = oft__check_id(c, "model_id", model_id);
    if (rc != OFT_OK)
        return rc;
    oft__request req = OFT__REQUEST_INIT;
    req.method = method;
    return oft__fetch_item_at(c, &req, "models", "/models", model_id, NULL, spec, out);
}

int oft_model_retrieve(oft_model **out, oft_client *client, const char *model_id)
{
    OFT__BEGIN(client, out);
    void *model = NULL;
    int rc = model_call(client, "GET", model_id, &oft__model_spec, &model);
    *out = model;
    return rc;
}

int oft_model_list(oft_model_page **out, oft_client *client)
{
    oft__list l;
    OFT__BEGIN(client, out);
    int rc = oft__list_page(client, &oft__model_spec, 0, "/models", NULL, NULL, &l);
    if (rc != OFT_OK)
        return rc;
    /* A single page (GET /models is not paginated). */
    oft_model_page *page = oft__calloc(1, sizeof(*page));
    rc = OFT_ENOMEM;
    if (page)
        OFT__LIST_ITEMS_TO_PAGE(rc, page, &l, oft_model);
    oft__list_dispose(&l, oft__model_spec.free_item);
    if (rc != OFT_OK) {
        oft__free(page);
        return oft__error_set(client, OFT_ENOMEM, "model list: out of memory");
    }
    *out = page;
    return OFT_OK;
}

int oft_model_delete(oft_deleted **out, oft_client *client, const char *model_id)
{
    OFT__BEGIN(client, out);
    void *res = NULL;
    int rc = model_call(client, "DELETE", model_id, &oft__model_deleted_spec, &res);
    *out = res;
    return rc;
}
