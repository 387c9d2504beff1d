/* fine_tuning.job.checkpoint JSON -> oft_checkpoint. */
#include "json/fields.h"
#include "json/mappers.h"

/* A metric the answer lacks (or gives as no number) is NaN (common.h). */
static const oft__field metrics_fields[] = {
    OFT__F_NUM("step", oft_checkpoint_metrics, step),
    OFT__F_NUM("train_loss", oft_checkpoint_metrics, train_loss),
    OFT__F_NUM("train_mean_token_accuracy", oft_checkpoint_metrics,
               train_mean_token_accuracy),
    OFT__F_NUM("valid_loss", oft_checkpoint_metrics, valid_loss),
    OFT__F_NUM("valid_mean_token_accuracy", oft_checkpoint_metrics,
               valid_mean_token_accuracy),
    OFT__F_NUM("full_valid_loss", oft_checkpoint_metrics, full_valid_loss),
    OFT__F_NUM("full_valid_mean_token_accuracy", oft_checkpoint_metrics,
               full_valid_mean_token_accuracy),
};
static const oft__field_table metrics_table =
    OFT__FIELD_TABLE(metrics_fields, oft_checkpoint_metrics, NULL);

static const oft__field checkpoint_fields[] = {
    OFT__F_STR("id", oft_checkpoint, id),
    OFT__F_STR("object", oft_checkpoint, object),
    OFT__F_TIME("created_at", oft_checkpoint, created_at),
    OFT__F_STR("fine_tuned_model_checkpoint", oft_checkpoint,
               fine_tuned_model_checkpoint),
    OFT__F_STR("fine_tuning_job_id", oft_checkpoint, fine_tuning_job_id),
    OFT__F_INT("step_number", oft_checkpoint, step_number, -1),
    OFT__F_OBJECT("metrics", oft_checkpoint, metrics, metrics_table),
    OFT__F_RESPONSE(oft_checkpoint),
};
static const oft__field_table checkpoint_table =
    OFT__FIELD_TABLE(checkpoint_fields, oft_checkpoint, NULL);

void oft_checkpoint_free(oft_checkpoint *cp)
{
    oft__fields_delete(&checkpoint_table, cp);
}

void oft_checkpoint_page_free(oft_checkpoint_page *page)
{
    OFT__PAGE_FREE(page, oft_checkpoint_free);
}

static void *checkpoint_new(const json_t *obj, const char *request_id)
{
    return oft__fields_new(&checkpoint_table, obj, request_id);
}

static void checkpoint_free_item(void *p)
{
    oft_checkpoint_free(p);
}

const oft__object_spec oft__checkpoint_spec = {"fine_tuning.job.checkpoint",
                                               "fine_tuning.job.checkpoint",
                                               checkpoint_new,
                                               checkpoint_free_item,
                                               offsetof(oft_checkpoint, request_id),
                                               offsetof(oft_checkpoint, raw_json),
                                               OFT__CURSOR_LAST_ITEM,
                                               0};
