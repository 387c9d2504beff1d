/*
 * The merge of a call's extra body (oft_call_options.extra_body_json) into a
 * request's JSON body, for the retry engine (net/request.c), which builds
 * every request; jansson stays behind this header.
 */
#ifndef OFT_SRC_JSON_MERGE_H
#define OFT_SRC_JSON_MERGE_H

#include <stddef.h>

#include "core/common.h"

/* The JSON text body[0..len) (NULL: {}) with the members of the JSON object
 * text extra merged over its own, into *out (owned) and *out_len. OFT_OK, or
 * OFT_EINVAL naming field when body or extra is not a JSON object,
 * OFT_ENOMEM (recorded on c). */
int oft__json_merge_text(oft_client *c, const char *field, const char *body, size_t len,
                         const char *extra, char **out, size_t *out_len);

#endif
