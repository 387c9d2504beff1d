/*
 * libopenai_ft: fine-tuning jobs (create, retrieve, list, cancel, pause, resume).
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string, array and nested
 * struct in them is const and lives as long as the struct. Options structs
 * are caller-allocated and versioned: initialise them with their INIT macro
 * or *_options_init().
 * common.h states these conventions (ownership, threads, options) in full;
 * errors.h lists "the request errors" that every call sending a request can
 * return besides the codes on its comment.
 *
 * A job ID is checked before anything is sent: NULL, empty, "." or "..", or
 * one with a control character is OFT_EINVAL naming the argument.
 */
#ifndef OPENAI_FT_JOBS_H
#define OPENAI_FT_JOBS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** A job's status. UNKNOWN is any string this version does not know (see status_raw). */
typedef enum oft_job_status {
    OFT_JOB_STATUS_UNKNOWN = 0,
    OFT_JOB_STATUS_VALIDATING_FILES = 1,
    OFT_JOB_STATUS_QUEUED = 2,
    OFT_JOB_STATUS_RUNNING = 3,
    OFT_JOB_STATUS_SUCCEEDED = 4,
    OFT_JOB_STATUS_FAILED = 5,
    OFT_JOB_STATUS_CANCELLED = 6,
    OFT_JOB_STATUS_PAUSED = 7
} oft_job_status;

/**
 * The status's API string ("running"...), or "unknown" for UNKNOWN or a
 * value out of range. A static string, never NULL. Thread-safe.
 */
OFT_API const char *oft_job_status_str(int status);
/**
 * Non-zero for succeeded, failed and cancelled: the statuses a job never
 * leaves (paused and UNKNOWN are not terminal). Thread-safe.
 */
OFT_API int oft_job_status_is_terminal(int status);

/** A fine-tuning method. UNSET: none given (requests) or absent (responses). */
typedef enum oft_method_type {
    OFT_METHOD_UNSET = 0,
    OFT_METHOD_SUPERVISED = 1,
    OFT_METHOD_DPO = 2,
    OFT_METHOD_REINFORCEMENT = 3,
    OFT_METHOD_UNKNOWN = 4
} oft_method_type;

/** The error of a failed job. */
typedef struct oft_job_error {
    const char *code;    /**< may be NULL */
    const char *message; /**< never NULL */
    const char *param;   /**< may be NULL */
} oft_job_error;

/** The legacy (top-level) hyperparameters; each unset, auto or a number. */
typedef struct oft_hyperparameters {
    oft_hp_num n_epochs;
    oft_hp_num batch_size;
    oft_hp_num learning_rate_multiplier;
} oft_hyperparameters;

/** The hyperparameters of a method (only those of its type are set). */
typedef struct oft_method_hyperparameters {
    oft_hp_num n_epochs;
    oft_hp_num batch_size;
    oft_hp_num learning_rate_multiplier;
    oft_hp_num beta;               /**< dpo */
    oft_hp_num compute_multiplier; /**< reinforcement */
    oft_hp_num eval_interval;      /**< reinforcement */
    oft_hp_num eval_samples;       /**< reinforcement */
    const char *reasoning_effort;  /**< reinforcement; NULL when absent */
} oft_method_hyperparameters;

/** A job's fine-tuning method: its type and that type's settings. */
typedef struct oft_method {
    int type;             /**< @type oft_method_type */
    const char *type_raw; /**< the API string, or NULL */
    oft_method_hyperparameters hyperparameters;
    const char *grader_json; /**< reinforcement grader as compact JSON text, or NULL */
} oft_method;

/** A Weights & Biases integration. */
typedef struct oft_wandb {
    const char *project;     /**< the W&B project runs are logged to */
    const char *name;        /**< the run's display name; may be NULL */
    const char *entity;      /**< team or user; may be NULL (the key's default entity) */
    const char *const *tags; /**< tags_count tags (NULL when there are none) */
    size_t tags_count;
    const char *run_id; /**< responses only; may be NULL */
} oft_wandb;

/** One integration of a job (only "wandb" exists). */
typedef struct oft_integration {
    const char *type; /**< "wandb" */
    oft_wandb wandb;
} oft_integration;

/**
 * A fine-tuning job. Timestamps (Unix seconds) and counts are OFT_TIME_NONE
 * (-1) when null; other response-struct rules are in common.h.
 */
typedef struct oft_job {
    const char *id;     /**< "ftjob-..." */
    const char *object; /**< "fine_tuning.job" */
    int64_t created_at;
    const char *model; /**< the base model (a dated snapshot once resolved) */
    const char *organization_id;
    int status;                  /**< @type oft_job_status */
    const char *status_raw;      /**< the API string; NULL when the server sent none */
    const char *training_file;   /**< a file ID */
    const char *validation_file; /**< may be NULL */
    const char *const *result_files; /**< result_files_count file IDs (results CSV) */
    size_t result_files_count;
    const char *fine_tuned_model; /**< NULL until the job succeeds */
    int64_t finished_at;          /**< OFT_TIME_NONE until the job ends */
    int64_t trained_tokens;       /**< billable tokens; OFT_TIME_NONE until known */
    const oft_job_error *error;   /**< NULL when the job has no error */
    const oft_hyperparameters *hyperparameters; /**< NULL when null or absent */
    int64_t seed;
    int64_t estimated_finish; /**< when the job should finish; OFT_TIME_NONE if unknown */
    const oft_integration *integrations; /**< integrations_count of them */
    size_t integrations_count;
    const oft_method *method; /**< NULL when absent */
    const oft_kv *metadata;   /**< metadata_count key/value pairs */
    size_t metadata_count;
    const char *user_provided_suffix; /**< may be NULL */
    const char *request_id;           /**< x-request-id of the response, or NULL */
    const char *raw_json;             /**< the job object as JSON text */
} oft_job;

/**
 * Frees a job the library returned, with everything it points to. Not for
 * a job an iterator lends (oft_job_iter_next) or one inside a page (freed
 * with the page). NULL is a no-op.
 */
OFT_API void oft_job_free(oft_job *job);

/** A W&B integration in a create request. Strings are copied during the call. */
typedef struct oft_wandb_options {
    const char *project;     /**< required */
    const char *name;        /**< NULL: the server names the run */
    const char *entity;      /**< NULL: the key's default entity */
    const char *const *tags; /**< tags_count tags, none NULL */
    size_t tags_count;
} oft_wandb_options;

/**
 * Options of oft_job_create(). Strings are copied during the call; NULL
 * members are not sent. The limits below are checked before sending.
 */
typedef struct oft_job_create_options {
    unsigned int version;        /**< OFT_JOB_CREATE_OPTIONS_VERSION */
    const char *model;           /**< required */
    const char *training_file;   /**< required: a file ID */
    const char *validation_file; /**< a file ID, or NULL */
    const char *suffix;          /**< 1..64 characters, part of the model's name */
    int64_t seed;                /**< 0..2147483647; OFT_NONE (-1): not sent */

    /** The method. UNSET sends none (the server default, supervised), unless
     *  n_epochs, batch_size or learning_rate_multiplier is set: then supervised. */
    int method_type;                     /**< @type oft_method_type */
    oft_hp_num n_epochs;                 /**< integer 1..50 */
    oft_hp_num batch_size;               /**< integer 1..256 */
    oft_hp_num learning_rate_multiplier; /**< > 0 */
    oft_hp_num beta;                     /**< dpo: 0 < beta <= 2 */
    oft_hp_num compute_multiplier;       /**< reinforcement: 0.00001 < x <= 10 */
    oft_hp_num eval_interval;            /**< reinforcement: integer >= 1 */
    oft_hp_num eval_samples;             /**< reinforcement: integer >= 1 */
    const char *reasoning_effort;        /**< reinforcement: default, low, medium, high */
    const char *grader_json; /**< reinforcement (required there): grader JSON text */

    /** Deprecated top-level hyperparameters (same limits); prefer the method's. */
    oft_hyperparameters hyperparameters;

    const oft_wandb_options *integrations; /**< integrations_count, at most 5 */
    size_t integrations_count;
    /** metadata_count pairs, at most 16; key <= 64, value <= 512 characters */
    const oft_kv *metadata;
    size_t metadata_count;
    /** A JSON object merged into the request body last (new API fields). */
    const char *extra_body_json;
} oft_job_create_options;

#define OFT_JOB_CREATE_OPTIONS_VERSION 1
#define OFT_HP_NUM_INIT                                                                  \
    {                                                                                    \
        0, 0.0                                                                           \
    }
#define OFT_JOB_CREATE_OPTIONS_INIT                                                      \
    {                                                                                    \
        OFT_JOB_CREATE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, OFT_NONE, 0,             \
            OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT,          \
            OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, NULL, NULL,               \
            {OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT}, NULL, 0, NULL, 0, NULL  \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_job_create_options_init(oft_job_create_options *opts,
                                        unsigned int version);

/**
 * Checks a job's create options without sending anything: every rule
 * oft_job_create() applies before it sends (the version, required fields,
 * the range of each hyperparameter and of the seed, the suffix's length,
 * hyperparameters of another method, reasoning_effort, grader_json with the
 * reinforcement method only, integrations and metadata limits, valid UTF-8,
 * grader_json and extra_body_json valid JSON). The CLI, the Python package
 * and the Terraform provider check with it, so each rule is written once.
 * Needs no client and sends nothing; the server may still refuse options it
 * passes (an unknown model or file). Thread-safe.
 *
 * On failure, when err is not NULL, *err is a new error (free it with
 * oft_error_free()) whose oft_error_message() names the field and the rule,
 * e.g. "n_epochs: must be in [1, 50] (got 51)"; *err is NULL on success, or
 * when the error could not be copied (out of memory).
 *
 * Returns OFT_OK; OFT_EINVAL for a NULL opts or any option oft_job_create()
 * would refuse; OFT_EVERSION for an unknown opts->version; OFT_ENOMEM.
 */
OFT_API OFT_WARN_UNUSED int
oft_job_create_options_check(const oft_job_create_options *opts, oft_error **err);

/**
 * Creates a job (POST /fine_tuning/jobs). Options are validated first: a bad
 * one returns OFT_EINVAL with a message naming the field, and nothing is
 * sent. *out is the caller's (oft_job_free); NULL on failure. One call at a
 * time per client.
 *
 * Returns OFT_OK; OFT_EINVAL for a NULL client, out or opts, a value out of
 * range, a hyperparameter of another method, grader_json missing for (or
 * given without) the reinforcement method, grader_json or extra_body_json
 * that is not valid JSON, or a string that is not valid UTF-8; OFT_EVERSION
 * for an unknown opts->version; or a request error (errors.h), e.g. OFT_EAPI
 * for a model or file the server refuses.
 */
OFT_API OFT_WARN_UNUSED int oft_job_create(oft_job **out, oft_client *client,
                                           const oft_job_create_options *opts);
/**
 * Retrieves a job (GET /fine_tuning/jobs/{job_id}). *out is the caller's
 * (oft_job_free); NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or an invalid job_id;
 * OFT_ENOTFOUND for a job the key cannot see; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_job_retrieve(oft_job **out, oft_client *client,
                                             const char *job_id);
/**
 * Cancels a job that has not finished and returns it as the API does
 * (status cancelled). No body is sent. *out is the caller's (oft_job_free);
 * NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (NULL client or out, invalid job_id);
 * OFT_ENOTFOUND; the server's refusal of a job that already finished
 * (OFT_ECONFLICT or OFT_EAPI: see oft_error_code); or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_job_cancel(oft_job **out, oft_client *client,
                                           const char *job_id);
/**
 * Pauses a running job and returns it as the API does (status paused). No
 * body is sent. Ownership, threads and codes as oft_job_cancel(), the
 * refusal being for a job that is not running.
 */
OFT_API OFT_WARN_UNUSED int oft_job_pause(oft_job **out, oft_client *client,
                                          const char *job_id);
/**
 * Resumes a paused job and returns it as the API does (status queued, then
 * running). No body is sent. Ownership, threads and codes as
 * oft_job_cancel(), the refusal being for a job that is not paused.
 */
OFT_API OFT_WARN_UNUSED int oft_job_resume(oft_job **out, oft_client *client,
                                           const char *job_id);

/** One page of jobs, newest first. */
typedef struct oft_job_page {
    const oft_job *const *items; /**< count jobs, owned by the page */
    size_t count;
    int has_more;         /**< non-zero when a later page exists */
    const char *first_id; /**< may be NULL */
    const char *last_id;  /**< may be NULL */
    const char *request_id;
    const char *raw_json; /**< the whole list response */
} oft_job_page;

/**
 * Frees a page and every job in it.
 * NULL is a no-op.
 */
OFT_API void oft_job_page_free(oft_job_page *page);

/** Options of oft_job_list() and oft_job_iter_new(). Strings are copied. */
typedef struct oft_job_list_options {
    unsigned int version; /**< OFT_JOB_LIST_OPTIONS_VERSION */
    const char *after;    /**< the cursor: start after this job ID; NULL: first */
    int limit;            /**< jobs per page; 0: the server's default (20) */
    /** Only jobs whose metadata has all these pairs (sent as metadata[k]=v). */
    const oft_kv *metadata;
    size_t metadata_count;
} oft_job_list_options;

#define OFT_JOB_LIST_OPTIONS_VERSION 1
#define OFT_JOB_LIST_OPTIONS_INIT                                                        \
    {                                                                                    \
        OFT_JOB_LIST_OPTIONS_VERSION, NULL, 0, NULL, 0                                   \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_job_list_options_init(oft_job_list_options *opts, unsigned int version);

/**
 * Lists one page of jobs (newest first). opts may be NULL (the first page,
 * the server's limit). *out is the caller's (oft_job_page_free); NULL on
 * failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out, a negative limit, an
 * invalid after, or a metadata pair with an empty key or NULL value;
 * OFT_EVERSION; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_job_list(oft_job_page **out, oft_client *client,
                                         const oft_job_list_options *opts);

/**
 * An iterator over every job, fetching one page at a time (memory bounded by
 * one page). Used by one thread at a time, with its client: it makes its
 * requests through that client, whose thread rule it shares and whose last
 * error describes its failures. Advance it only while the client lives.
 */
typedef struct oft_job_iter oft_job_iter;

/**
 * Makes an iterator over the jobs opts selects (NULL: all), starting after
 * opts->after when set. Nothing is sent until the first oft_job_iter_next().
 * The options are copied. *out is the caller's (oft_job_iter_free); NULL on
 * failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (NULL client or out, a negative limit, an
 * invalid after or metadata pair); OFT_EVERSION; or OFT_ENOMEM.
 */
OFT_API OFT_WARN_UNUSED int oft_job_iter_new(oft_job_iter **out, oft_client *client,
                                             const oft_job_list_options *opts);
/**
 * *out borrows the next job, valid until the next call or oft_job_iter_free.
 * Fetches the next page when the current one is used up. One call at a time
 * per client.
 * Returns OFT_OK; OFT_ITEROVER at the end (and on every later call);
 * OFT_EINVAL for a NULL iter or out; OFT_EPARSE when a page promises more
 * but is empty or repeats its cursor (a server fault that would loop
 * forever); or a request error: then *out is NULL and calling again retries
 * the page that failed.
 */
OFT_API int oft_job_iter_next(const oft_job **out, oft_job_iter *iter);
/**
 * Frees an iterator and the page it holds (the jobs it lent become invalid).
 * Allowed after its client was freed. NULL is a no-op.
 */
OFT_API void oft_job_iter_free(oft_job_iter *iter);

OFT_END_DECL

#endif
