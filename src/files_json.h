/*
 * Shared by the files area's json_*.c files only (it includes <jansson.h>):
 * a file object read from a JSON value, for file pages and completed uploads.
 */
#ifndef OFT_SRC_FILES_JSON_H
#define OFT_SRC_FILES_JSON_H

#include "files_internal.h"
#include "json.h"

/* A new oft_file from obj (raw_json is obj's text), or NULL when out of memory. */
oft_file *oft__file_from_json(const json_t *obj);

/* Parses resp as a JSON object named `what` (new reference in *out); sets and
 * returns OFT_EPARSE when it is not one. */
int oft__files_json_object(oft_client *c, const char *what, const oft__response *resp,
                           json_t **out);
/* Copies resp's request id into *dst; returns 0, or -1 when out of memory. */
int oft__files_copy_request_id(char **dst, const oft__response *resp);

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
