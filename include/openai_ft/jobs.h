/*
 * libopenai_ft: fine-tuning jobs (create, retrieve, list, cancel, pause, resume).
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string in them is read-only and
 * lives as long as the struct. Options structs are caller-allocated and
 * versioned: initialise them with their INIT macro or *_options_init().
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

/** The status's API string ("running"...), or "unknown". Never NULL. */
OFT_API const char *oft_job_status_str(int status);
/** Non-zero for succeeded, failed and cancelled. */
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
    char *code;    /**< may be NULL */
    char *message; /**< never NULL */
    char *param;   /**< may be NULL */
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
    char *reasoning_effort;        /**< reinforcement; NULL when absent */
} oft_method_hyperparameters;

typedef struct oft_method {
    int type;       /**< @type oft_method_type */
    char *type_raw; /**< the API string, or NULL */
    oft_method_hyperparameters hyperparameters;
    char *grader_json; /**< reinforcement grader as compact JSON text, or NULL */
} oft_method;

/** A Weights & Biases integration. */
typedef struct oft_wandb {
    char *project;
    char *name;   /**< may be NULL */
    char *entity; /**< may be NULL */
    char **tags;
    size_t tags_count;
    char *run_id; /**< responses only; may be NULL */
} oft_wandb;

typedef struct oft_integration {
    char *type; /**< "wandb" */
    oft_wandb wandb;
} oft_integration;

/** A fine-tuning job. Timestamps and counts are OFT_TIME_NONE (-1) when null. */
typedef struct oft_job {
    char *id;
    char *object;
    int64_t created_at;
    char *model;
    char *organization_id;
    int status;       /**< @type oft_job_status */
    char *status_raw; /**< the API string */
    char *training_file;
    char *validation_file; /**< may be NULL */
    char **result_files;
    size_t result_files_count;
    char *fine_tuned_model; /**< NULL until the job succeeds */
    int64_t finished_at;
    int64_t trained_tokens;
    oft_job_error *error;                 /**< NULL when the job has no error */
    oft_hyperparameters *hyperparameters; /**< NULL when null or absent */
    int64_t seed;
    int64_t estimated_finish;
    oft_integration *integrations;
    size_t integrations_count;
    oft_method *method; /**< NULL when absent */
    oft_kv *metadata;
    size_t metadata_count;
    char *user_provided_suffix; /**< may be NULL */
    char *request_id;           /**< x-request-id of the response, or NULL */
    char *raw_json;             /**< the job object as JSON text */
} oft_job;

/** Frees a job the library returned, with everything it points to. Its
 * strings share allocations: never free or replace a member alone. */
OFT_API void oft_job_free(oft_job *job);

/** A W&B integration in a create request. Strings are copied during the call. */
typedef struct oft_wandb_options {
    const char *project; /**< required */
    const char *name;
    const char *entity;
    const char *const *tags;
    size_t tags_count;
} oft_wandb_options;

/** Options of oft_job_create(). */
typedef struct oft_job_create_options {
    unsigned int version;
    const char *model;         /**< required */
    const char *training_file; /**< required */
    const char *validation_file;
    const char *suffix; /**< 1..64 characters */
    int has_seed;
    int64_t seed; /**< 0..2147483647, sent when has_seed */

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

    const oft_wandb_options *integrations; /**< at most 5 */
    size_t integrations_count;
    const oft_kv *metadata; /**< at most 16; key <= 64, value <= 512 characters */
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
        OFT_JOB_CREATE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, 0, 0,                 \
            OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT,          \
            OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, NULL, NULL,               \
            {OFT_HP_NUM_INIT, OFT_HP_NUM_INIT, OFT_HP_NUM_INIT}, NULL, 0, NULL, 0, NULL  \
    }

/** Fills opts with the defaults of the given version; OFT_EVERSION if unknown. */
OFT_API int oft_job_create_options_init(oft_job_create_options *opts,
                                        unsigned int version);

/**
 * Creates a job. Options are validated first: a bad one returns OFT_EINVAL
 * with a message naming the field, and nothing is sent. On failure *out is NULL.
 */
OFT_API OFT_WARN_UNUSED int oft_job_create(oft_job **out, oft_client *client,
                                           const oft_job_create_options *opts);
OFT_API OFT_WARN_UNUSED int oft_job_retrieve(oft_job **out, oft_client *client,
                                             const char *job_id);
/** Cancel, pause and resume send no body and return the job as the API does. */
OFT_API OFT_WARN_UNUSED int oft_job_cancel(oft_job **out, oft_client *client,
                                           const char *job_id);
OFT_API OFT_WARN_UNUSED int oft_job_pause(oft_job **out, oft_client *client,
                                          const char *job_id);
OFT_API OFT_WARN_UNUSED int oft_job_resume(oft_job **out, oft_client *client,
                                           const char *job_id);

/** One page of jobs. */
typedef struct oft_job_page {
    oft_job **items;
    size_t count;
    int has_more;
    char *first_id; /**< may be NULL */
    char *last_id;  /**< may be NULL */
    char *request_id;
    char *raw_json;
} oft_job_page;

OFT_API void oft_job_page_free(oft_job_page *page);

/** Options of oft_job_list() and oft_job_iter_new(). */
typedef struct oft_job_list_options {
    unsigned int version;
    const char *after; /**< the cursor: a job ID */
    int limit;         /**< 0: the server's default (20) */
    /** Only jobs whose metadata has all these pairs (sent as metadata[k]=v). */
    const oft_kv *metadata;
    size_t metadata_count;
} oft_job_list_options;

#define OFT_JOB_LIST_OPTIONS_VERSION 1
#define OFT_JOB_LIST_OPTIONS_INIT                                                        \
    {                                                                                    \
        OFT_JOB_LIST_OPTIONS_VERSION, NULL, 0, NULL, 0                                   \
    }

OFT_API int oft_job_list_options_init(oft_job_list_options *opts, unsigned int version);

/** Lists one page of jobs (newest first). opts may be NULL. */
OFT_API OFT_WARN_UNUSED int oft_job_list(oft_job_page **out, oft_client *client,
                                         const oft_job_list_options *opts);

/**
 * An iterator over every job, fetching one page at a time (memory bounded by
 * one page). Used by one thread at a time, with its client.
 */
typedef struct oft_job_iter oft_job_iter;

OFT_API OFT_WARN_UNUSED int oft_job_iter_new(oft_job_iter **out, oft_client *client,
                                             const oft_job_list_options *opts);
/**
 * *out borrows the next job, valid until the next call or oft_job_iter_free.
 * Returns OFT_OK, OFT_ITEROVER at the end, or an error (then call again to retry).
 */
OFT_API int oft_job_iter_next(const oft_job **out, oft_job_iter *iter);
OFT_API void oft_job_iter_free(oft_job_iter *iter);

OFT_END_DECL

#endif
