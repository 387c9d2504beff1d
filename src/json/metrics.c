/* The data object of a "metrics" event -> oft_step_metrics. */
#include "json/fields.h"
#include "json/mappers.h"

static const oft__field step_fields[] = {
    OFT__F_NUM("train_loss", oft_step_metrics, train_loss),
    OFT__F_NUM("train_mean_token_accuracy", oft_step_metrics, train_mean_token_accuracy),
    OFT__F_NUM("valid_loss", oft_step_metrics, valid_loss),
    OFT__F_NUM("valid_mean_token_accuracy", oft_step_metrics, valid_mean_token_accuracy),
    OFT__F_NUM("full_valid_loss", oft_step_metrics, full_valid_loss),
    OFT__F_NUM("full_valid_mean_token_accuracy", oft_step_metrics,
               full_valid_mean_token_accuracy),
};
/* The step is read apart: it decides whether the data is a step at all. */
static const oft__field_table step_table =
    OFT__FIELD_TABLE(step_fields, oft_step_metrics, NULL);

int oft__step_metrics_parse(const char *data_json, oft_step_metrics *out)
{
    json_error_t err;
    json_t *d = data_json ? json_loads(data_json, JSON_DECODE_ANY, &err) : NULL;
    if (!d)
        return data_json ? -1 : 0;
    const json_t *step = json_object_get(d, "step");
    int rc = 0;
    if (json_is_integer(step) && json_integer_value(step) >= 0) {
        out->step = (int64_t)json_integer_value(step);
        oft__fields_read_plain(&step_table, d, out);
        rc = 1;
    } else if (!json_is_object(d) || (step && !json_is_null(step))) {
        rc = -1; /* not an object, or a step that is not a whole number */
    }
    json_decref(d);
    return rc;
}
