/*
 * libopenai_ft: the checkpoints of a fine-tuning job (the model as saved at
 * the end of a training epoch, usable like the final one).
 *
 * The conventions of ownership, threads and options structs are in common.h;
 * "the request errors" every call that sends a request can return are in
 * errors.h. A job ID is checked as jobs.h says (OFT_EINVAL).
 */
#ifndef OPENAI_FT_CHECKPOINTS_H
#define OPENAI_FT_CHECKPOINTS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/**
 * A checkpoint's metrics at its step: train_* of the training batch, valid_*
 * of a validation batch, full_valid_* over the whole validation file. Each
 * value is NaN when the server did not send it (test with isnan()).
 */
typedef struct oft_checkpoint_metrics {
    double step;
    double train_loss;
    double train_mean_token_accuracy;
    double valid_loss;
    double valid_mean_token_accuracy;
    double full_valid_loss;
    double full_valid_mean_token_accuracy;
} oft_checkpoint_metrics;

/** A checkpoint of a job (response-struct rules in common.h). */
typedef struct oft_checkpoint {
    const char *id;     /**< "ftckpt_..." */
    const char *object; /**< "fine_tuning.job.checkpoint" */
    int64_t created_at; /**< Unix seconds */
    /** The model name to use it by, e.g. "ft:gpt-4o-mini:org::abc:ckpt-step-10";
     *  also what checkpoint permissions take. */
    const char *fine_tuned_model_checkpoint;
    int64_t step_number; /**< the training step it was saved at */
    const char *fine_tuning_job_id;
    oft_checkpoint_metrics metrics;
    const char *request_id;
    const char *raw_json;
} oft_checkpoint;

/**
 * Frees a checkpoint the library returned, with its strings. Not for one
 * lent by an iterator, or one inside a page. NULL is a no-op.
 */
OFT_API void oft_checkpoint_free(oft_checkpoint *checkpoint);

/** One page of a job's checkpoints, newest first. */
typedef struct oft_checkpoint_page {
    const oft_checkpoint *const *items; /**< count checkpoints, owned by the page */
    size_t count;
    int has_more;         /**< non-zero when a later page exists */
    const char *first_id; /**< may be NULL */
    const char *last_id;  /**< may be NULL */
    const char *request_id;
    const char *raw_json; /**< the whole list response */
} oft_checkpoint_page;

/** Frees a page and every checkpoint in it. NULL is a no-op. */
OFT_API void oft_checkpoint_page_free(oft_checkpoint_page *page);

/** Options of oft_checkpoint_list() and oft_checkpoint_iter_new(). Copied. */
typedef struct oft_checkpoint_list_options {
    unsigned int version; /**< OFT_CHECKPOINT_LIST_OPTIONS_VERSION */
    const char *after;    /**< start after this checkpoint ID; NULL: the first */
    int limit;            /**< checkpoints per page; 0: the server's default (10) */
} oft_checkpoint_list_options;

#define OFT_CHECKPOINT_LIST_OPTIONS_VERSION 1
#define OFT_CHECKPOINT_LIST_OPTIONS_INIT                                                 \
    {                                                                                    \
        OFT_CHECKPOINT_LIST_OPTIONS_VERSION, NULL, 0                                     \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_checkpoint_list_options_init(oft_checkpoint_list_options *opts,
                                             unsigned int version);

/**
 * Lists one page of a job's checkpoints
 * (GET /fine_tuning/jobs/{job_id}/checkpoints). opts may be NULL (the first
 * page, the server's limit). *out is the caller's (oft_checkpoint_page_free);
 * NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out, an invalid job_id or
 * after, or a negative limit; OFT_EVERSION; OFT_ENOTFOUND for an unknown
 * job; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_checkpoint_list(oft_checkpoint_page **out,
                                                oft_client *client, const char *job_id,
                                                const oft_checkpoint_list_options *opts);

/**
 * An iterator over a job's checkpoints, one page in memory. It works
 * through its client (thread rule, last error) and is advanced only while
 * the client lives.
 */
typedef struct oft_checkpoint_iter oft_checkpoint_iter;

/**
 * Makes an iterator over a job's checkpoints, starting after opts->after
 * when set (opts may be NULL). Nothing is sent until the first
 * oft_checkpoint_iter_next(). *out is the caller's (oft_checkpoint_iter_free);
 * NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (NULL client or out, an invalid job_id or after,
 * a negative limit); OFT_EVERSION; or OFT_ENOMEM.
 */
OFT_API OFT_WARN_UNUSED int
oft_checkpoint_iter_new(oft_checkpoint_iter **out, oft_client *client, const char *job_id,
                        const oft_checkpoint_list_options *opts);
/**
 * *out borrows the next checkpoint, valid until the next call or
 * oft_checkpoint_iter_free(). One call at a time per client.
 * Returns OFT_OK; OFT_ITEROVER at the end (and on every later call);
 * OFT_EINVAL for a NULL iter or out; OFT_ENOTFOUND for an unknown job;
 * OFT_EPARSE when a page promises more but is empty or repeats its cursor;
 * or a request error: then *out is NULL and calling again retries the page.
 */
OFT_API int oft_checkpoint_iter_next(const oft_checkpoint **out,
                                     oft_checkpoint_iter *iter);
/**
 * Frees an iterator and the page it holds (the checkpoints it lent become
 * invalid). Allowed after its client was freed. NULL is a no-op.
 */
OFT_API void oft_checkpoint_iter_free(oft_checkpoint_iter *iter);

OFT_END_DECL

#endif
