/*
 * JSON helpers shared by the json_*.c mapping files, the only files that
 * include <jansson.h>. Readers are lenient: unknown keys are ignored, absent
 * and null read as "not set".
 */
#ifndef OFT_SRC_JSON_H
#define OFT_SRC_JSON_H

#include <jansson.h>

#include "core/common.h"
#include "core/response.h"

/* Parses a response body; on failure sets an OFT_EPARSE error on c naming
 * `what` (e.g. "fine_tuning.job") and returns it. */
int oft__json_parse(oft_client *c, const char *what, const char *body, size_t len,
                    json_t **out);
/* oft__json_parse of a 2xx response, whose error names the HTTP status and
 * the content type too: a body that is not JSON at all (an HTML page) reads
 * "<what>: HTTP 200 with a body that is not JSON (text/html): <80 chars>". */
int oft__json_parse_response(oft_client *c, const char *what, const oft__response *resp,
                             json_t **out);

/*
 * The identifying fields of an API object: "id" a non-empty string, and
 * "object", when present and not null, equal to `object` (NULL: any value).
 * Other fields stay lenient. OFT_OK, or OFT_EPARSE set on c naming `what`
 * ("fine_tuning.job: missing id"), or, for item >= 0, the list item
 * ("file list: item 2: missing id").
 */
int oft__json_check_object(oft_client *c, const char *what, const json_t *obj,
                           const char *object, long item);
/* The "data" array of a list envelope: every element an object that passes
 * oft__json_check_object. */
int oft__json_check_items(oft_client *c, const char *what, const json_t *data,
                          const char *object);

/* Field readers: absent, null or wrong type -> the "unset" value. */
char *oft__json_str(const json_t *obj, const char *key); /* owned copy or NULL */
/* The same into *dst; returns -1 when a string was there but could not be
 * copied (out of memory), else 0. Mappers OR these together. */
int oft__json_get_str(const json_t *obj, const char *key, const char **dst);
/* Integers, and reals an int64 holds (truncated); anything else, a real out
 * of range included, reads as dflt (OFT_TIME_NONE for a time). */
int64_t oft__json_time(const json_t *obj, const char *key);
int64_t oft__json_int(const json_t *obj, const char *key, int64_t dflt);
double oft__json_num(const json_t *obj, const char *key, double dflt); /* int or real */
int oft__json_bool(const json_t *obj, const char *key, int dflt);
/* "auto" -> OFT_HP_AUTO, number -> OFT_HP_VALUE, else OFT_HP_UNSET. */
oft_hp_num oft__json_hp(const json_t *obj, const char *key);
/* Compact JSON text of obj[key] (or of obj when key is NULL), owned; NULL if absent/null.
 */
char *oft__json_dump_key(const json_t *obj, const char *key);

/* Writers for request bodies. Each returns 0, or -1 when out of memory. */
int oft__json_set_str(json_t *obj, const char *key, const char *value); /* skips NULL */
int oft__json_set_hp(json_t *obj, const char *key, oft_hp_num hp,
                     int integer); /* skips UNSET */
/* Merges the JSON object text `raw` (may be NULL) into obj: the extra_body escape hatch.
 * Returns OFT_OK or sets OFT_EINVAL naming `field`. */
int oft__json_merge_raw(oft_client *c, json_t *obj, const char *field, const char *raw);
/* Parses JSON text `raw` as the value for obj[key] (grader, etc.); OFT_EINVAL naming
 * field. */
int oft__json_set_raw(oft_client *c, json_t *obj, const char *key, const char *field,
                      const char *raw);
/* Serialises compactly into an owned string; NULL when out of memory. */
char *oft__json_to_string(const json_t *obj, size_t *len);

#endif
