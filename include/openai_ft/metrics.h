/*
 * libopenai_ft: the step metrics of a fine-tuning job, as typed data.
 *
 * The conventions of ownership, threads and options structs are in common.h;
 * "the request errors" every call that sends a request can return are in
 * errors.h. A job ID is checked as jobs.h says (OFT_EINVAL).
 */
#ifndef OPENAI_FT_METRICS_H
#define OPENAI_FT_METRICS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/**
 * The metrics of one training step. A value the job did not report (no
 * validation file, a step without validation, an empty CSV cell) is NAN:
 * test it with isnan().
 */
typedef struct oft_step_metrics {
    int64_t step;                          /**< the step number, from 1 */
    double train_loss;                     /**< training loss */
    double train_mean_token_accuracy;      /**< training token accuracy, 0..1 */
    double valid_loss;                     /**< validation loss (a sample of it) */
    double valid_mean_token_accuracy;      /**< validation token accuracy */
    double full_valid_loss;                /**< loss over the whole validation file */
    double full_valid_mean_token_accuracy; /**< accuracy over the whole validation file */
} oft_step_metrics;

/**
 * An iterator over a job's step metrics, steps in increasing order. While
 * the job has not succeeded they come from its metrics events (type
 * "metrics", data {step, train_loss, ...}); once it has succeeded, from its
 * result file, the step-metrics CSV (step, train_loss, train_accuracy,
 * valid_loss, valid_mean_token_accuracy, full_valid_loss,
 * full_valid_mean_token_accuracy; plain or base64-encoded, as the API serves
 * it). Memory stays bounded whatever the number of steps: the CSV is
 * downloaded to an unlinked temporary file (TMPDIR, else /tmp) and read a
 * line at a time; events are read a page of 100 at a time (two pages and
 * one cursor per page are held). It works through its client (thread rule,
 * last error) and is advanced only while the client lives.
 */
typedef struct oft_metrics_iter oft_metrics_iter;

/**
 * Makes an iterator over the step metrics of job_id. Nothing is sent until
 * the first oft_metrics_iter_next(). *out is the caller's
 * (oft_metrics_iter_free); NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (NULL client or out, an invalid job_id); or
 * OFT_ENOMEM.
 */
OFT_API OFT_WARN_UNUSED int oft_metrics_iter_new(oft_metrics_iter **out,
                                                 oft_client *client, const char *job_id);

/**
 * *out borrows the next step's metrics (a step greater than the one
 * before), valid until the next call or oft_metrics_iter_free(). The first
 * call retrieves the job and chooses the source (result file or events).
 * One call at a time per client.
 * Returns OFT_OK; OFT_ITEROVER at the end (and on every later call);
 * OFT_EINVAL for a NULL iter or out; OFT_ENOTFOUND for an unknown job or
 * result file; OFT_EPARSE for a malformed result file (the message names
 * the line: "result file file-abc line 7: ...") or a metrics event whose
 * data does not parse; OFT_EIO when the temporary file fails; OFT_ENOMEM;
 * or a request error. After OFT_EPARSE the iterator is at its end; after
 * another error, calling again retries the step that failed.
 */
OFT_API int oft_metrics_iter_next(const oft_step_metrics **out, oft_metrics_iter *iter);

/**
 * Frees an iterator, its temporary file and the pages it holds (the
 * metrics it lent become invalid). Allowed after its client was freed.
 * NULL is a no-op.
 */
OFT_API void oft_metrics_iter_free(oft_metrics_iter *iter);

OFT_END_DECL

#endif
