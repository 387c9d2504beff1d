/*
 * The client's error from an HTTP answer that is not a 2xx (net/http.c's
 * retry engine, and the fuzz target that feeds it answers).
 */
#ifndef OFT_SRC_NET_HTTP_ERROR_H
#define OFT_SRC_NET_HTTP_ERROR_H

#include "core/client_internal.h"

/* Fills e (reset first) from an answer: the status's code, HTTP status,
 * Retry-After (-1: none) and request id; the message always names the status,
 * then the API error's own words (its message, or problem+json's title and
 * detail) with type, code and param, else an excerpt of the body (HTML tags
 * dropped), then the request id; a 404 on a base URL without /v1 says so.
 * Every string a server sent is redacted as it is stored. */
void oft__http_error_fill(const oft_client *c, oft_error *e, long http_status,
                          const char *body, size_t len, const char *content_type,
                          const char *request_id, int64_t retry_after_ms);

#endif
