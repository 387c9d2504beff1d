/*
 * The mapper of an API error body: the client's error-body reader
 * (core/client_internal.h), set by api/client.c, called by net/http_error.c.
 */
#ifndef OFT_SRC_JSON_API_ERROR_H
#define OFT_SRC_JSON_API_ERROR_H

#include "core/client_internal.h"

/* An oft__error_body_reader (core/client_internal.h). */
int oft__json_api_error(const char *body, size_t len, oft__api_error *out);

#endif
