/*
 * libopenai_ft: models (retrieve, list, delete a fine-tuned model).
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string, array and nested
 * struct in them is const and lives as long as the struct. common.h states these
 * conventions (ownership, threads) in full; errors.h lists "the request errors" that
 * every call sending a request can return besides the codes on its comment.
 */
#ifndef OPENAI_FT_MODELS_H
#define OPENAI_FT_MODELS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** A model (response-struct rules in common.h). */
typedef struct oft_model {
    const char *id;     /**< fine-tuned models look like "ft:gpt-4o-mini-...:org::abc" */
    const char *object; /**< "model" */
    int64_t created;    /**< Unix seconds (the API names it created, not created_at) */
    const char *owned_by;      /**< the owning organization, or "system", "openai"... */
    const char *shutdown_date; /**< "YYYY-MM-DD" or NULL */
    const char *request_id;
    const char *raw_json;
} oft_model;

/**
 * Frees a model the library returned, with its strings. Not for one inside
 * a page. NULL is a no-op.
 */
OFT_API void oft_model_free(oft_model *model);

/** Every model (GET /models is not paginated). */
typedef struct oft_model_page {
    const oft_model *const *items; /**< count models, owned by the page */
    size_t count;
    const char *request_id;
    const char *raw_json; /**< the whole list response */
} oft_model_page;

/** Frees a page and every model in it. NULL is a no-op. */
OFT_API void oft_model_page_free(oft_model_page *page);

/**
 * Retrieves one model. The ID is path-escaped (fine-tuned IDs contain ':').
 * *out is the caller's (oft_model_free); NULL on failure. One call at a time
 * per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or an invalid model_id
 * (NULL, empty, "." or "..", a control character); OFT_ENOTFOUND for a model
 * the key cannot use; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_model_retrieve(oft_model **out, oft_client *client,
                                               const char *model_id);
/**
 * Lists every model the key can use, in one page. *out is the caller's
 * (oft_model_page_free); NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_model_list(oft_model_page **out, oft_client *client);
/**
 * Deletes a fine-tuned model (needs the Owner role of its organization).
 * *out is the caller's (oft_deleted_free); NULL on failure. One call at a
 * time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or an invalid
 * model_id; OFT_EPERM without the role (or for a base model); OFT_ENOTFOUND;
 * or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_model_delete(oft_deleted **out, oft_client *client,
                                             const char *model_id);

OFT_END_DECL

#endif
