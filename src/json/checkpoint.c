/* fine_tuning.job.checkpoint JSON -> oft_checkpoint. */
#include <math.h>
#include <stddef.h>

#include "json/json.h"
#include "json/mappers.h"

void oft_checkpoint_free(oft_checkpoint *cp)
{
    if (!cp)
        return;
    OFT__FREE_CONST(cp->id);
    OFT__FREE_CONST(cp->object);
    OFT__FREE_CONST(cp->fine_tuned_model_checkpoint);
    OFT__FREE_CONST(cp->fine_tuning_job_id);
    OFT__FREE_CONST(cp->request_id);
    OFT__FREE_CONST(cp->raw_json);
    oft__free(cp);
}

void oft_checkpoint_page_free(oft_checkpoint_page *page)
{
    OFT__PAGE_FREE(page, oft_checkpoint_free);
}

/* A metric: NaN when absent or not a number. */
static void metric(const json_t *m, const char *key, double *value)
{
    const json_t *v = json_object_get(m, key);
    *value = json_is_number(v) ? json_number_value(v) : NAN;
}

static void *checkpoint_fields(const json_t *obj, const char *request_id)
{
    oft_checkpoint *cp = oft__calloc(1, sizeof(*cp));
    if (!cp)
        return NULL;
    int bad = oft__json_get_str(obj, "id", &cp->id) |
              oft__json_get_str(obj, "object", &cp->object) |
              oft__json_get_str(obj, "fine_tuned_model_checkpoint",
                                &cp->fine_tuned_model_checkpoint) |
              oft__json_get_str(obj, "fine_tuning_job_id", &cp->fine_tuning_job_id);
    cp->created_at = oft__json_time(obj, "created_at");
    cp->step_number = oft__json_int(obj, "step_number", -1);
    const json_t *m = json_object_get(obj, "metrics");
    oft_checkpoint_metrics *x = &cp->metrics;
    metric(m, "step", &x->step);
    metric(m, "train_loss", &x->train_loss);
    metric(m, "train_mean_token_accuracy", &x->train_mean_token_accuracy);
    metric(m, "valid_loss", &x->valid_loss);
    metric(m, "valid_mean_token_accuracy", &x->valid_mean_token_accuracy);
    metric(m, "full_valid_loss", &x->full_valid_loss);
    metric(m, "full_valid_mean_token_accuracy", &x->full_valid_mean_token_accuracy);
    if (bad) {
        oft_checkpoint_free(cp);
        return NULL;
    }
    return cp;
}

static void checkpoint_free_item(void *p)
{
    oft_checkpoint_free(p);
}

const oft__object_spec oft__checkpoint_spec = {"fine_tuning.job.checkpoint",
                                               "fine_tuning.job.checkpoint",
                                               checkpoint_fields,
                                               checkpoint_free_item,
                                               offsetof(oft_checkpoint, request_id),
                                               offsetof(oft_checkpoint, raw_json),
                                               OFT__CURSOR_LAST_ITEM,
                                               0};
