/*
 * Shared by the files area's json_*.c files only (it includes <jansson.h>):
 * a file object read from a JSON value, for file pages and completed uploads,
 * and the response plumbing the file, model and upload parsers have in common.
 */
#ifndef OFT_SRC_FILES_JSON_H
#define OFT_SRC_FILES_JSON_H

#include "api/files_internal.h"
#include "json/json.h"

/* Maps one JSON object to a new item whose raw_json is obj's text and whose
 * request_id is a copy of request_id (NULL: none); NULL when out of memory. */
typedef void *(*oft__files_map_fn)(const json_t *obj, const char *request_id);

/* A new oft_file from obj (an oft__files_map_fn). */
void *oft__file_from_json(const json_t *obj, const char *request_id);

/* Parses resp as a JSON object named `what` (new reference in *out); sets and
 * returns OFT_EPARSE when it is not one. */
int oft__files_json_object(oft_client *c, const char *what, const oft__response *resp,
                           json_t **out);
/* Copies resp's request id into *dst; returns 0, or -1 when out of memory. */
int oft__files_copy_request_id(char **dst, const oft__response *resp);
/* Copies resp's body into *raw_json and its request id into *request_id;
 * returns 0, or -1 when out of memory. */
int oft__files_copy_envelope(char **raw_json, char **request_id,
                             const oft__response *resp);

/* A single-object response named `what` mapped by map into *out (request id
 * copied); sets and returns OFT_EPARSE or OFT_ENOMEM, *out NULL then. */
int oft__files_parse_item(oft_client *c, const char *what, const oft__response *resp,
                          oft__files_map_fn map, void **out);

/* A list response named `what`: the object in *root (new reference) and its
 * "data" array in *data (borrowed from *root); sets and returns OFT_EPARSE
 * when either is not what it should be. */
int oft__files_json_list(oft_client *c, const char *what, const oft__response *resp,
                         json_t **root, json_t **data);

/*
 * Maps every element of the JSON array `data` with map (request id NULL)
 * into page->items, counting them in page->count, for any page struct with
 * those two fields. Sets rc to OFT_OK, or to OFT_ENOMEM with the items made
 * so far left in the page for its free function.
 */
#define OFT__FILES_PAGE_ITEMS(rc, page, data, map)                                       \
    do {                                                                                 \
        size_t n_ = json_array_size(data);                                               \
        (rc) = OFT_OK;                                                                   \
        if (n_ && !((page)->items = oft__calloc(n_, sizeof(*(page)->items)))) {          \
            (rc) = OFT_ENOMEM;                                                           \
            break;                                                                       \
        }                                                                                \
        for (size_t i_ = 0; i_ < n_; i_++) {                                             \
            if (!((page)->items[i_] = map(json_array_get(data, i_), NULL))) {            \
                (rc) = OFT_ENOMEM;                                                       \
                break;                                                                   \
            }                                                                            \
            (page)->count++;                                                             \
        }                                                                                \
    } while (0)

/* The fields of a delete result ({id, object, deleted}), read by
 * oft__files_delete_parse for files and models alike. */
typedef struct oft__files_delete_fields {
    char **id;
    char **object;
    int *deleted;
    char **request_id;
    char **raw_json;
} oft__files_delete_fields;
int oft__files_delete_parse(oft_client *c, const char *what, const oft__response *resp,
                            oft__files_delete_fields *f);

#endif
