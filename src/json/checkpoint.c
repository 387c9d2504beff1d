/* fine_tuning.job.checkpoint JSON -> oft_checkpoint. */
#include <math.h>

#include "json/json.h"
#include "api/jobs_internal.h"

void oft_checkpoint_free(oft_checkpoint *cp)
{
    if (!cp)
        return;
    oft__free(cp->id);
    oft__free(cp->object);
    oft__free(cp->fine_tuned_model_checkpoint);
    oft__free(cp->fine_tuning_job_id);
    oft__free(cp->request_id);
    oft__free(cp->raw_json);
    oft__free(cp);
}

/* A metric: NaN and has = 0 when absent or not a number. */
static void metric(const json_t *m, const char *key, double *value, int *has)
{
    const json_t *v = json_object_get(m, key);
    *has = json_is_number(v);
    *value = *has ? json_number_value(v) : NAN;
}

void *oft__checkpoint_from_json(const json_t *obj, const char *request_id,
                                const char *raw)
{
    oft_checkpoint *cp = oft__calloc(1, sizeof(*cp));
    if (!cp)
        return NULL;
    cp->id = oft__json_str(obj, "id");
    cp->object = oft__json_str(obj, "object");
    cp->created_at = oft__json_time(obj, "created_at");
    cp->fine_tuned_model_checkpoint = oft__json_str(obj, "fine_tuned_model_checkpoint");
    cp->step_number = oft__json_int(obj, "step_number", -1);
    cp->fine_tuning_job_id = oft__json_str(obj, "fine_tuning_job_id");
    const json_t *m = json_object_get(obj, "metrics");
    oft_checkpoint_metrics *x = &cp->metrics;
    metric(m, "step", &x->step, &x->has_step);
    metric(m, "train_loss", &x->train_loss, &x->has_train_loss);
    metric(m, "train_mean_token_accuracy", &x->train_mean_token_accuracy,
           &x->has_train_mean_token_accuracy);
    metric(m, "valid_loss", &x->valid_loss, &x->has_valid_loss);
    metric(m, "valid_mean_token_accuracy", &x->valid_mean_token_accuracy,
           &x->has_valid_mean_token_accuracy);
    metric(m, "full_valid_loss", &x->full_valid_loss, &x->has_full_valid_loss);
    metric(m, "full_valid_mean_token_accuracy", &x->full_valid_mean_token_accuracy,
           &x->has_full_valid_mean_token_accuracy);
    cp->request_id = oft__strdup(request_id);
    cp->raw_json = oft__item_raw(obj, raw);
    if (!cp->raw_json || (request_id && !cp->request_id) ||
        (json_is_string(json_object_get(obj, "id")) && !cp->id) ||
        (json_is_string(json_object_get(obj, "object")) && !cp->object) ||
        (json_is_string(json_object_get(obj, "fine_tuned_model_checkpoint")) &&
         !cp->fine_tuned_model_checkpoint) ||
        (json_is_string(json_object_get(obj, "fine_tuning_job_id")) &&
         !cp->fine_tuning_job_id)) {
        oft_checkpoint_free(cp);
        return NULL;
    }
    return cp;
}

static void checkpoint_free_item(void *p)
{
    oft_checkpoint_free(p);
}

const oft__list_spec oft__checkpoint_spec = {
    "fine_tuning.job.checkpoint", oft__checkpoint_from_json, checkpoint_free_item, 0, 0};
