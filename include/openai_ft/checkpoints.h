/*
 * libopenai_ft: the checkpoints of a fine-tuning job.
 */
#ifndef OPENAI_FT_CHECKPOINTS_H
#define OPENAI_FT_CHECKPOINTS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** A checkpoint's metrics: each value is NaN and its has_ flag 0 when absent. */
typedef struct oft_checkpoint_metrics {
    double step;
    double train_loss;
    double train_mean_token_accuracy;
    double valid_loss;
    double valid_mean_token_accuracy;
    double full_valid_loss;
    double full_valid_mean_token_accuracy;
    int has_step;
    int has_train_loss;
    int has_train_mean_token_accuracy;
    int has_valid_loss;
    int has_valid_mean_token_accuracy;
    int has_full_valid_loss;
    int has_full_valid_mean_token_accuracy;
} oft_checkpoint_metrics;

typedef struct oft_checkpoint {
    char *id;
    char *object;
    int64_t created_at;
    char *fine_tuned_model_checkpoint;
    int64_t step_number;
    char *fine_tuning_job_id;
    oft_checkpoint_metrics metrics;
    char *request_id;
    char *raw_json;
} oft_checkpoint;

OFT_API void oft_checkpoint_free(oft_checkpoint *checkpoint);

typedef struct oft_checkpoint_page {
    oft_checkpoint **items;
    size_t count;
    int has_more;
    char *first_id;
    char *last_id;
    char *request_id;
    char *raw_json;
} oft_checkpoint_page;

OFT_API void oft_checkpoint_page_free(oft_checkpoint_page *page);

typedef struct oft_checkpoint_list_options {
    unsigned int version;
    const char *after; /**< a checkpoint ID */
    int limit;         /**< 0: the server's default (10) */
} oft_checkpoint_list_options;

#define OFT_CHECKPOINT_LIST_OPTIONS_VERSION 1
#define OFT_CHECKPOINT_LIST_OPTIONS_INIT                                                 \
    {                                                                                    \
        OFT_CHECKPOINT_LIST_OPTIONS_VERSION, NULL, 0                                     \
    }

OFT_API int oft_checkpoint_list_options_init(oft_checkpoint_list_options *opts,
                                             unsigned int version);

/** Lists one page of a job's checkpoints. opts may be NULL. */
OFT_API OFT_WARN_UNUSED int oft_checkpoint_list(oft_checkpoint_page **out,
                                                oft_client *client, const char *job_id,
                                                const oft_checkpoint_list_options *opts);

typedef struct oft_checkpoint_iter oft_checkpoint_iter;

OFT_API OFT_WARN_UNUSED int
oft_checkpoint_iter_new(oft_checkpoint_iter **out, oft_client *client, const char *job_id,
                        const oft_checkpoint_list_options *opts);
/** OFT_OK (*out borrowed until the next call), OFT_ITEROVER, or an error. */
OFT_API int oft_checkpoint_iter_next(const oft_checkpoint **out,
                                     oft_checkpoint_iter *iter);
OFT_API void oft_checkpoint_iter_free(oft_checkpoint_iter *iter);

OFT_END_DECL

#endif
