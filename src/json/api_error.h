/*
 * The mapper of an API error body, for the retry engine (net/http.c), which
 * hands the plain fields to core/error.c.
 */
#ifndef OFT_SRC_JSON_API_ERROR_H
#define OFT_SRC_JSON_API_ERROR_H

#include "core/client_internal.h"

/* Reads the fields of an error body into out. Returns 0 when the body is a
 * JSON object (fields may still be NULL; dispose out either way), -1 when it
 * is not (out is then empty). */
int oft__json_api_error(const char *body, size_t len, oft__api_error *out);

#endif
