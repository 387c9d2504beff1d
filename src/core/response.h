/*
 * A response as the HTTP layer hands it up: plain data that net/ fills and
 * json/ and api/ read.
 */
#ifndef OFT_SRC_CORE_RESPONSE_H
#define OFT_SRC_CORE_RESPONSE_H

#include <stddef.h>

typedef struct oft__response {
    long status;
    char *body; /* NUL-terminated, owned (NULL for downloads) */
    size_t body_len;
    char *request_id;   /* x-request-id or NULL */
    char *content_type; /* the Content-Type header or NULL (owned) */
} oft__response;

#define OFT__RESPONSE_INIT                                                               \
    {                                                                                    \
        0, NULL, 0, NULL, NULL                                                           \
    }

/* Frees the owned fields and empties resp; NULL is a no-op. */
void oft__response_dispose(oft__response *resp);

#endif
