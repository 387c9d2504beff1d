/*
 * The mappers between the API's JSON and the public structs: how each kind
 * of object is read (its oft__object_spec, for list.h's engine), the request
 * bodies, and the API's enum strings. Free of <jansson.h>.
 */
#ifndef OFT_SRC_JSON_MAPPERS_H
#define OFT_SRC_JSON_MAPPERS_H

#include "core/common.h"
#include "json/list.h"

#include "openai_ft/checkpoints.h"
#include "openai_ft/events.h"
#include "openai_ft/files.h"
#include "openai_ft/graders.h"
#include "openai_ft/jobs.h"
#include "openai_ft/metrics.h"
#include "openai_ft/models.h"
#include "openai_ft/permissions.h"
#include "openai_ft/uploads.h"

/* How each object is read (defined next to its mapper). */
extern const oft__object_spec oft__job_spec;
extern const oft__object_spec oft__event_spec;
extern const oft__object_spec oft__checkpoint_spec;
extern const oft__object_spec oft__permission_spec;
extern const oft__object_spec oft__file_spec;
extern const oft__object_spec oft__model_spec;
extern const oft__object_spec oft__upload_spec;
extern const oft__object_spec oft__upload_part_spec;
extern const oft__object_spec oft__grader_validation_spec;
extern const oft__object_spec oft__grader_run_spec;
/* The oft_deleted of each delete, named for its messages. */
extern const oft__object_spec oft__file_deleted_spec;
extern const oft__object_spec oft__model_deleted_spec;
extern const oft__object_spec oft__permission_deleted_spec;

/* Reads the data object of a metrics event (JSON text, may be NULL) into
 * *out, a value absent as NAN: 1 when it holds a step, 0 when it has none
 * (NULL, or no "step"), -1 when it is not a JSON object or its step is not a
 * whole number >= 0 (json/metrics.c). */
int oft__step_metrics_parse(const char *data_json, oft_step_metrics *out);

/* POST /fine_tuning/jobs from validated options and the method they resolve
 * to. OFT_OK with an owned *body of *len bytes; OFT_EINVAL naming the field
 * for JSON that does not parse (grader, extra body); OFT_ENOMEM. */
int oft__job_create_body(oft_client *c, const oft_job_create_options *o, int method,
                         char **body, size_t *len);
/* {"project_ids":[...]}, as oft__job_create_body. */
int oft__permission_create_body(oft_client *c, const char *const *ids, size_t n,
                                char **body, size_t *len);
/* The bodies of POST /fine_tuning/alpha/graders/validate ({grader}) and
 * /run ({grader, model_sample, item?}). grader_json must be a JSON object
 * with a string "type", item_json (may be NULL) a JSON object, model_sample
 * UTF-8: else OFT_EINVAL naming grader_json, item_json or model_sample. As
 * oft__job_create_body otherwise. */
int oft__grader_validate_body(oft_client *c, const char *grader_json, char **body,
                              size_t *len);
int oft__grader_run_body(oft_client *c, const char *grader_json, const char *model_sample,
                         const char *item_json, char **body, size_t *len);
/* The bodies of POST /uploads (options already validated and resolved:
 * purpose and mime_type set) and of its complete (md5_hex may be NULL).
 * Owned strings of *len bytes, NULL when out of memory. */
char *oft__upload_create_body(const oft_upload_create_options *opts, size_t *len);
char *oft__upload_complete_body(const char *const *part_ids, size_t count,
                                const char *md5_hex, size_t *len);

/* Whether a job the server answered (raw_json) differs from the one seen
 * before in anything but estimated_finish, which the server moves by a
 * second or so at each poll while training runs: 1 or 0. Text that does not
 * parse as an object compares as text. */
int oft__job_json_changed(const char *before, const char *after);

/* A job's method type as the API names it; NULL for UNSET and UNKNOWN. */
const char *oft__method_type_str(int type);

#endif
