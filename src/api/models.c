/*
 * Models: retrieve, list (not paginated), delete a fine-tuned model.
 */
#include "api/files_internal.h"

/* GET or DELETE /models/{id}, or GET /models when list is non-zero. */
static int models_send(oft_client *c, const char *method, const char *model_id, int list,
                       oft__response *resp)
{
    if (!list) {
        int rc = oft__check_id(c, "model_id", model_id);
        if (rc != OFT_OK)
            return rc;
    }
    char *path = oft__files_path("/models", model_id, NULL);
    if (!path)
        return oft__error_set(c, OFT_ENOMEM, "models: out of memory");
    oft__request req = OFT__REQUEST_INIT;
    req.method = method;
    req.path = path;
    int rc = oft__http_send(c, &req, resp);
    oft__free(path);
    return rc;
}

int oft_model_retrieve(oft_model **out, oft_client *client, const char *model_id)
{
    OFT__BEGIN(client, out);
    oft__response resp = OFT__RESPONSE_INIT;
    int rc = models_send(client, "GET", model_id, 0, &resp);
    if (rc == OFT_OK)
        rc = oft__model_parse(client, &resp, out);
    oft__response_dispose(&resp);
    return rc;
}

int oft_model_list(oft_model_page **out, oft_client *client)
{
    OFT__BEGIN(client, out);
    oft__response resp = OFT__RESPONSE_INIT;
    int rc = models_send(client, "GET", NULL, 1, &resp);
    if (rc == OFT_OK)
        rc = oft__model_page_parse(client, &resp, out);
    oft__response_dispose(&resp);
    return rc;
}

int oft_model_delete(oft_model_delete_result **out, oft_client *client,
                     const char *model_id)
{
    OFT__BEGIN(client, out);
    oft__response resp = OFT__RESPONSE_INIT;
    int rc = models_send(client, "DELETE", model_id, 0, &resp);
    if (rc == OFT_OK)
        rc = oft__model_delete_parse(client, &resp, out);
    oft__response_dispose(&resp);
    return rc;
}
