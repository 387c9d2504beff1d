/* Disposing of a response. */
#include "core/common.h"
#include "core/response.h"

void oft__response_dispose(oft__response *resp)
{
    if (resp == NULL)
        return;
    oft__free(resp->body);
    oft__free(resp->request_id);
    oft__free(resp->content_type);
    resp->body = NULL;
    resp->request_id = NULL;
    resp->content_type = NULL;
    resp->body_len = 0;
    resp->status = 0;
}
