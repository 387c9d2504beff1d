/*
 * libopenai_ft: models (retrieve, list, delete a fine-tuned model).
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string in them is read-only and
 * lives as long as the struct.
 */
#ifndef OPENAI_FT_MODELS_H
#define OPENAI_FT_MODELS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** A model. */
typedef struct oft_model {
    char *id; /**< fine-tuned models look like "ft:gpt-4o-mini-...:org::abc" */
    char *object;
    int64_t created; /**< Unix seconds (the API names it created, not created_at) */
    char *owned_by;
    char *shutdown_date; /**< "YYYY-MM-DD" or NULL */
    char *request_id;
    char *raw_json;
} oft_model;

OFT_API void oft_model_free(oft_model *model);

/** Every model (GET /models is not paginated). */
typedef struct oft_model_page {
    oft_model **items;
    size_t count;
    char *request_id;
    char *raw_json;
} oft_model_page;

OFT_API void oft_model_page_free(oft_model_page *page);

/** The result of deleting a model. */
typedef struct oft_model_delete_result {
    char *id;
    char *object;
    int deleted;
    char *request_id;
    char *raw_json;
} oft_model_delete_result;

OFT_API void oft_model_delete_result_free(oft_model_delete_result *result);

/** Retrieves one model. The ID is path-escaped (fine-tuned IDs contain ':'). */
OFT_API OFT_WARN_UNUSED int oft_model_retrieve(oft_model **out, oft_client *client,
                                               const char *model_id);
/** Lists every model the key can use. */
OFT_API OFT_WARN_UNUSED int oft_model_list(oft_model_page **out, oft_client *client);
/** Deletes a fine-tuned model (needs the Owner role). */
OFT_API OFT_WARN_UNUSED int oft_model_delete(oft_model_delete_result **out,
                                             oft_client *client, const char *model_id);

OFT_END_DECL

#endif
