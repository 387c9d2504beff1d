/*
 * libopenai_ft: checkpoint permissions (share a fine-tuned checkpoint with
 * projects). These calls send the client's admin key.
 */
#ifndef OPENAI_FT_PERMISSIONS_H
#define OPENAI_FT_PERMISSIONS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

typedef struct oft_checkpoint_permission {
    char *id;
    char *object;
    int64_t created_at;
    char *project_id;
    char *request_id;
    char *raw_json;
} oft_checkpoint_permission;

OFT_API void oft_checkpoint_permission_free(oft_checkpoint_permission *permission);

typedef struct oft_checkpoint_permission_page {
    oft_checkpoint_permission **items;
    size_t count;
    int has_more;
    char *first_id;
    char *last_id; /**< the cursor of the next page */
    char *request_id;
    char *raw_json;
} oft_checkpoint_permission_page;

OFT_API void oft_checkpoint_permission_page_free(oft_checkpoint_permission_page *page);

/** The result of a delete. */
typedef struct oft_checkpoint_permission_deleted {
    char *id;
    char *object;
    int deleted; /**< non-zero when the server deleted it */
    char *request_id;
    char *raw_json;
} oft_checkpoint_permission_deleted;

OFT_API void
oft_checkpoint_permission_deleted_free(oft_checkpoint_permission_deleted *res);

/**
 * Grants the given projects access to a checkpoint (fine_tuned_model_checkpoint,
 * e.g. "ft:gpt-4o-mini:org:x:ckpt-step-10"). project_ids: 1 or more IDs.
 * *out receives the created permissions.
 */
OFT_API OFT_WARN_UNUSED int
oft_checkpoint_permission_create(oft_checkpoint_permission_page **out, oft_client *client,
                                 const char *checkpoint, const char *const *project_ids,
                                 size_t project_ids_count);

typedef enum oft_order {
    OFT_ORDER_DEFAULT = 0, /**< the server's (descending) */
    OFT_ORDER_ASCENDING = 1,
    OFT_ORDER_DESCENDING = 2
} oft_order;

typedef struct oft_checkpoint_permission_list_options {
    unsigned int version;
    const char *project_id; /**< only this project's permission */
    const char *after;      /**< a permission ID (a page's last_id) */
    int limit;              /**< 0: the server's default (10) */
    int order;              /**< @type oft_order */
} oft_checkpoint_permission_list_options;

#define OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION 1
#define OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_INIT                                      \
    {                                                                                    \
        OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION, NULL, NULL, 0, 0                 \
    }

OFT_API int
oft_checkpoint_permission_list_options_init(oft_checkpoint_permission_list_options *opts,
                                            unsigned int version);

/** Lists one page of a checkpoint's permissions. opts may be NULL. */
OFT_API OFT_WARN_UNUSED int
oft_checkpoint_permission_list(oft_checkpoint_permission_page **out, oft_client *client,
                               const char *checkpoint,
                               const oft_checkpoint_permission_list_options *opts);

/** Deletes one permission (permission_id: "cp_..."). */
OFT_API OFT_WARN_UNUSED int
oft_checkpoint_permission_delete(oft_checkpoint_permission_deleted **out,
                                 oft_client *client, const char *checkpoint,
                                 const char *permission_id);

/** An iterator over a checkpoint's permissions, following the last_id cursor. */
typedef struct oft_checkpoint_permission_iter oft_checkpoint_permission_iter;

OFT_API OFT_WARN_UNUSED int
oft_checkpoint_permission_iter_new(oft_checkpoint_permission_iter **out,
                                   oft_client *client, const char *checkpoint,
                                   const oft_checkpoint_permission_list_options *opts);
OFT_API int oft_checkpoint_permission_iter_next(const oft_checkpoint_permission **out,
                                                oft_checkpoint_permission_iter *iter);
OFT_API void oft_checkpoint_permission_iter_free(oft_checkpoint_permission_iter *iter);

OFT_END_DECL

#endif
