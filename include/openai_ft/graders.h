/*
 * libopenai_ft: the alpha graders of reinforcement fine-tuning. Validate a
 * grader, or run it on one model sample, before paying for a job.
 *
 * A grader goes in as JSON text (the object a reinforcement job's method
 * takes: string_check, text_similarity, python, score_model or multi). It
 * is checked before anything is sent: NULL, text that is not JSON, JSON
 * that is not an object, or an object without a string "type" is
 * OFT_EINVAL naming "grader_json". The server checks the rest: a grader it
 * refuses is OFT_EAPI (HTTP 400) with the API's message and param ("grader.operation") on
 * the client's last error.
 *
 * The conventions of ownership, threads and options structs are in common.h;
 * "the request errors" every call that sends a request can return are in
 * errors.h.
 */
#ifndef OPENAI_FT_GRADERS_H
#define OPENAI_FT_GRADERS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** A grader the API validated (response-struct rules in common.h). */
typedef struct oft_grader_validation {
    const char *grader_json; /**< the grader echoed back, JSON text; NULL if absent */
    const char *type;        /**< its "type" ("string_check"...); may be NULL */
    const char *name;        /**< its "name"; may be NULL */
    const char *request_id;
    const char *raw_json; /**< the whole response */
} oft_grader_validation;

/** Frees a validation the library returned. NULL is a no-op. */
OFT_API void oft_grader_validation_free(oft_grader_validation *validation);

/**
 * Asks the API whether grader_json (JSON text, see above) is a valid grader.
 * *out receives the validated grader: the caller's
 * (oft_grader_validation_free); NULL on failure. One call at a time per
 * client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or a grader_json
 * refused locally; OFT_EAPI for a grader the API refuses (HTTP 400, its
 * message and param on the last error); or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_grader_validate(oft_grader_validation **out,
                                                oft_client *client,
                                                const char *grader_json);

/** One named score of a run (a grader's, or a sub-grader's of a multi). */
typedef struct oft_grader_score {
    const char *name;
    double value;
} oft_grader_score;

/**
 * Why a run could not grade (metadata.errors): each flag is non-zero when
 * the API set it; the details are NULL when it sent null.
 */
typedef struct oft_grader_run_errors {
    int formula_parse_error;
    int sample_parse_error;
    int truncated_observation_error;
    int unresponsive_reward_error;
    int invalid_variable_error;
    int other_error;
    int python_grader_server_error;
    int python_grader_runtime_error;
    int model_grader_server_error;
    int model_grader_refusal_error;
    int model_grader_parse_error;
    const char *python_grader_server_error_type;
    const char *python_grader_runtime_error_details;
    const char *model_grader_server_error_details;
} oft_grader_run_errors;

/** What the API says about a run (RunGraderResponse.metadata). */
typedef struct oft_grader_run_metadata {
    const char *name; /**< the grader's name */
    const char *type; /**< the grader's type ("string_check"...) */
    oft_grader_run_errors errors;
    double execution_time;          /**< seconds; NaN when absent */
    const oft_grader_score *scores; /**< scores_count scores (numeric entries) */
    size_t scores_count;
    const char *scores_json;        /**< the whole scores map, JSON text; may be NULL */
    const char *token_usage_json;   /**< JSON text (a number or an object); may be NULL */
    const char *sampled_model_name; /**< may be NULL */
} oft_grader_run_metadata;

/** The result of running a grader on one sample (response-struct rules in common.h). */
typedef struct oft_grader_run_result {
    double reward; /**< NaN when the API sent none */
    oft_grader_run_metadata metadata;
    const oft_grader_score *sub_rewards; /**< sub_rewards_count (numeric entries) */
    size_t sub_rewards_count;
    const char
        *sub_rewards_json; /**< the whole sub_rewards map, JSON text; may be NULL */
    /** model name -> token usage, JSON text; may be NULL */
    const char *model_grader_token_usage_per_model;
    const char *request_id;
    const char *raw_json; /**< the whole response */
} oft_grader_run_result;

/** Frees a run result the library returned, with its strings. NULL is a no-op. */
OFT_API void oft_grader_run_result_free(oft_grader_run_result *result);

/** Options of oft_grader_run(). Copied. */
typedef struct oft_grader_run_options {
    unsigned int version; /**< OFT_GRADER_RUN_OPTIONS_VERSION */
    /** JSON object text filling the {{item.*}} namespace; NULL: none sent */
    const char *item_json;
} oft_grader_run_options;

#define OFT_GRADER_RUN_OPTIONS_VERSION 1
#define OFT_GRADER_RUN_OPTIONS_INIT                                                      \
    {                                                                                    \
        OFT_GRADER_RUN_OPTIONS_VERSION, NULL                                             \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_grader_run_options_init(oft_grader_run_options *opts,
                                        unsigned int version);

/**
 * Runs grader_json (JSON text, see above) on model_sample (the model's
 * output, UTF-8; it fills {{sample.output_text}}), with opts->item_json
 * when set. opts may be NULL. *out receives the reward and what the API
 * says about the run: the caller's (oft_grader_run_result_free); NULL on
 * failure. A grader that could not grade (a python grader's server down)
 * is still OFT_OK: see out->metadata.errors. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out, a grader_json
 * refused locally, a NULL or not UTF-8 model_sample, or an item_json that
 * is not a JSON object; OFT_EVERSION; OFT_EAPI for a grader or item the
 * API refuses (HTTP 400); or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_grader_run(oft_grader_run_result **out,
                                           oft_client *client, const char *grader_json,
                                           const char *model_sample,
                                           const oft_grader_run_options *opts);

OFT_END_DECL

#endif
