/*
 * JSON -> oft_model, the model list and the model delete result.
 */
#include "json/files_json.h"

void oft_model_free(oft_model *m)
{
    if (!m)
        return;
    oft__free(m->id);
    oft__free(m->object);
    oft__free(m->owned_by);
    oft__free(m->shutdown_date);
    oft__free(m->request_id);
    oft__free(m->raw_json);
    oft__free(m);
}

static void *model_from_json(const json_t *obj, const char *request_id)
{
    oft_model *m = oft__calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->id = oft__json_str(obj, "id");
    m->object = oft__json_str(obj, "object");
    m->created = oft__json_time(obj, "created");
    m->owned_by = oft__json_str(obj, "owned_by");
    m->shutdown_date = oft__json_str(obj, "shutdown_date");
    m->raw_json = oft__json_dump_key(obj, NULL);
    if (!m->raw_json || (request_id && !(m->request_id = oft__strdup(request_id)))) {
        oft_model_free(m);
        return NULL;
    }
    return m;
}

int oft__model_parse(oft_client *c, const oft__response *resp, oft_model **out)
{
    void *m = NULL;
    int rc = oft__files_parse_item(c, "model", resp, model_from_json, &m);
    *out = m;
    return rc;
}

void oft_model_page_free(oft_model_page *page)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->count; i++)
        oft_model_free(page->items[i]);
    oft__free(page->items);
    oft__free(page->request_id);
    oft__free(page->raw_json);
    oft__free(page);
}

int oft__model_page_parse(oft_client *c, const oft__response *resp, oft_model_page **out)
{
    json_t *root, *data;
    *out = NULL;
    int rc = oft__files_json_list(c, "model list", resp, &root, &data);
    if (rc == OFT_OK && (rc = oft__json_check_items(c, "model", data, "model")) != OFT_OK)
        json_decref(root);
    if (rc != OFT_OK)
        return rc;
    oft_model_page *p = oft__calloc(1, sizeof(*p));
    if (p)
        OFT__FILES_PAGE_ITEMS(rc, p, data, model_from_json);
    if (!p || rc != OFT_OK ||
        oft__files_copy_envelope(&p->raw_json, &p->request_id, resp) != 0) {
        oft_model_page_free(p);
        json_decref(root);
        return oft__error_set(c, OFT_ENOMEM, "model list: out of memory");
    }
    json_decref(root);
    *out = p;
    return OFT_OK;
}

void oft_model_delete_result_free(oft_model_delete_result *r)
{
    if (!r)
        return;
    oft__free(r->id);
    oft__free(r->object);
    oft__free(r->request_id);
    oft__free(r->raw_json);
    oft__free(r);
}

int oft__model_delete_parse(oft_client *c, const oft__response *resp,
                            oft_model_delete_result **out)
{
    *out = NULL;
    oft_model_delete_result *r = oft__calloc(1, sizeof(*r));
    if (!r)
        return oft__error_set(c, OFT_ENOMEM, "model delete: out of memory");
    oft__files_delete_fields f = {&r->id, &r->object, &r->deleted, &r->request_id,
                                  &r->raw_json};
    int rc = oft__files_delete_parse(c, "model delete", resp, &f);
    if (rc != OFT_OK) {
        oft_model_delete_result_free(r);
        return rc;
    }
    *out = r;
    return OFT_OK;
}
