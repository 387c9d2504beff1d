/*
 * libopenai_ft: checkpoint permissions (share a fine-tuned checkpoint with
 * projects). These calls send the client's admin key (admin_key, else
 * OPENAI_ADMIN_KEY, else the API key): a key without the rights gets
 * OFT_EAUTH or OFT_EPERM.
 *
 * The conventions of ownership, threads and options structs are in common.h;
 * "the request errors" every call that sends a request can return are in
 * errors.h. Checkpoint, project and permission IDs are checked before
 * anything is sent: NULL, empty, "." or "..", or one with a control
 * character is OFT_EINVAL naming the argument.
 */
#ifndef OPENAI_FT_PERMISSIONS_H
#define OPENAI_FT_PERMISSIONS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** One project's access to a checkpoint (response-struct rules in common.h). */
typedef struct oft_checkpoint_permission {
    const char *id;         /**< "cp_..." */
    const char *object;     /**< "checkpoint.permission" */
    int64_t created_at;     /**< Unix seconds */
    const char *project_id; /**< the project given access */
    const char *request_id;
    const char *raw_json;
} oft_checkpoint_permission;

/**
 * Frees a permission the library returned, with its strings. Not for one
 * lent by an iterator, or one inside a page. NULL is a no-op.
 */
OFT_API void oft_checkpoint_permission_free(oft_checkpoint_permission *permission);

/** A page of permissions: the result of a create or of one list call. */
typedef struct oft_checkpoint_permission_page {
    const oft_checkpoint_permission *const
        *items; /**< count permissions, owned by the page */
    size_t count;
    int has_more;         /**< non-zero when a later page exists */
    const char *first_id; /**< may be NULL */
    const char *last_id;  /**< the cursor of the next page; may be NULL */
    const char *request_id;
    const char *raw_json; /**< the whole list response */
} oft_checkpoint_permission_page;

/** Frees a page and every permission in it. NULL is a no-op. */
OFT_API void oft_checkpoint_permission_page_free(oft_checkpoint_permission_page *page);

/**
 * Grants the given projects access to a checkpoint (fine_tuned_model_checkpoint,
 * e.g. "ft:gpt-4o-mini:org:x:ckpt-step-10"). project_ids: 1 or more IDs,
 * copied. *out receives the created permissions: the caller's
 * (oft_checkpoint_permission_page_free); NULL on failure. One call at a time
 * per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out, an invalid checkpoint,
 * no project IDs, or an invalid (or not UTF-8) project ID; OFT_ENOTFOUND for
 * an unknown checkpoint; or a request error.
 */
OFT_API OFT_WARN_UNUSED int
oft_checkpoint_permission_create(oft_checkpoint_permission_page **out, oft_client *client,
                                 const char *checkpoint, const char *const *project_ids,
                                 size_t project_ids_count);

/** The order of a permission listing, by creation time. */
typedef enum oft_order {
    OFT_ORDER_DEFAULT = 0, /**< the server's (descending) */
    OFT_ORDER_ASCENDING = 1,
    OFT_ORDER_DESCENDING = 2
} oft_order;

/** Options of oft_checkpoint_permission_list() and _iter_new(). Copied. */
typedef struct oft_checkpoint_permission_list_options {
    unsigned int version;   /**< OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION */
    const char *project_id; /**< only this project's permission; NULL: all */
    const char *after;      /**< a permission ID (a page's last_id) */
    int limit;              /**< 0: the server's default (10) */
    int order;              /**< @type oft_order */
} oft_checkpoint_permission_list_options;

#define OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION 1
#define OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_INIT                                      \
    {                                                                                    \
        OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION, NULL, NULL, 0, 0                 \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int
oft_checkpoint_permission_list_options_init(oft_checkpoint_permission_list_options *opts,
                                            unsigned int version);

/**
 * Lists one page of a checkpoint's permissions. opts may be NULL (the first
 * page, the server's limit and order). *out is the caller's
 * (oft_checkpoint_permission_page_free); NULL on failure. One call at a time
 * per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out, an invalid checkpoint,
 * project_id or after, a negative limit or an unknown order; OFT_EVERSION;
 * or a request error.
 */
OFT_API OFT_WARN_UNUSED int
oft_checkpoint_permission_list(oft_checkpoint_permission_page **out, oft_client *client,
                               const char *checkpoint,
                               const oft_checkpoint_permission_list_options *opts);

/**
 * Revokes one permission (permission_id: "cp_...") of a checkpoint. *out is
 * the caller's (oft_deleted_free); NULL on failure. One call at a time per
 * client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or an invalid
 * checkpoint or permission_id; OFT_ENOTFOUND for an unknown permission; or
 * a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_checkpoint_permission_delete(oft_deleted **out,
                                                             oft_client *client,
                                                             const char *checkpoint,
                                                             const char *permission_id);

/**
 * An iterator over a checkpoint's permissions, following the last_id cursor,
 * one page in memory. It works through its client (thread rule, last error)
 * and is advanced only while the client lives.
 */
typedef struct oft_checkpoint_permission_iter oft_checkpoint_permission_iter;

/**
 * Makes an iterator over a checkpoint's permissions that opts selects
 * (NULL: all), starting after opts->after when set. Nothing is sent until
 * the first oft_checkpoint_permission_iter_next(). *out is the caller's
 * (oft_checkpoint_permission_iter_free); NULL on failure. One call at a time
 * per client.
 * Returns OFT_OK; OFT_EINVAL (NULL client or out, an invalid checkpoint,
 * project_id or after, a negative limit, an unknown order); OFT_EVERSION;
 * or OFT_ENOMEM.
 */
OFT_API OFT_WARN_UNUSED int
oft_checkpoint_permission_iter_new(oft_checkpoint_permission_iter **out,
                                   oft_client *client, const char *checkpoint,
                                   const oft_checkpoint_permission_list_options *opts);
/**
 * *out borrows the next permission, valid until the next call or
 * oft_checkpoint_permission_iter_free(). One call at a time per client.
 * Returns OFT_OK; OFT_ITEROVER at the end (and on every later call);
 * OFT_EINVAL for a NULL iter or out; OFT_EPARSE when a page promises more
 * but is empty or repeats its cursor; or a request error: then *out is NULL
 * and calling again retries the page.
 */
OFT_API int oft_checkpoint_permission_iter_next(const oft_checkpoint_permission **out,
                                                oft_checkpoint_permission_iter *iter);
/**
 * Frees an iterator and the page it holds (the permissions it lent become
 * invalid). Allowed after its client was freed. NULL is a no-op.
 */
OFT_API void oft_checkpoint_permission_iter_free(oft_checkpoint_permission_iter *iter);

OFT_END_DECL

#endif
