/*
 * The HTTP layer: one logical request, with retries, backoff, Retry-After,
 * status -> error mapping. Resources (api/) call this; it calls the transport.
 */
#ifndef OFT_SRC_NET_HTTP_H
#define OFT_SRC_NET_HTTP_H

#include "core/common.h"
#include "core/response.h"
#include "net/transport.h"

typedef struct oft__request {
    const char *method; /* "GET", "POST", "DELETE" */
    const char *path;   /* escaped, starts with '/', relative to the base URL */
    const char *query;  /* encoded "a=b&c=d" without '?', or NULL */

    /* A JSON body (Content-Type application/json), or NULL. A POST with no
     * JSON body and no form sends an empty body and no Content-Type. */
    const char *json_body;
    size_t json_len;

    /* multipart/form-data when form_file != NULL or form_count > 0 */
    const oft__form_field *form;
    size_t form_count;
    const oft__form_file *form_file;

    int admin;          /* send the admin key */
    const char *accept; /* NULL: application/json */

    /* >= 0: write a 2xx body to this descriptor instead of memory. */
    int download_fd;

    oft__progress_fn progress; /* upload progress, or NULL */
    void *progress_payload;

    int64_t timeout_ms; /* 0: the client's */
    int max_retries;    /* -1: the client's */
} oft__request;

#define OFT__REQUEST_INIT                                                                \
    {                                                                                    \
        NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, -1, NULL, NULL, 0, -1         \
    }

/*
 * Sends req with retries. OFT_OK only for a 2xx; otherwise the client's last
 * error is filled (status, API type/code/param/message, request id,
 * Retry-After, curl detail) and the matching OFT_E* is returned. resp is
 * filled in both cases when a response arrived; dispose it either way.
 */
int oft__http_send(oft_client *c, const oft__request *req, oft__response *resp);

/*
 * Sends n independent requests with at most `concurrency` in flight over one
 * curl multi handle, each retried on its own as oft__http_send would.
 * results[i] receives each request's status; resps[i] its response.
 * Returns OFT_OK when all succeeded, else the first failure's code (and the
 * client's last error describes it). An interrupt stops all of them.
 */
int oft__http_send_many(oft_client *c, const oft__request *reqs, oft__response *resps,
                        int *results, size_t n, size_t concurrency);

#endif
