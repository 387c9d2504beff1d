/* The data object of a "metrics" event -> oft_step_metrics. */
#include <math.h>
#include <string.h>

#include "json/json.h"
#include "json/mappers.h"

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
        out->train_loss = oft__json_num(d, "train_loss", NAN);
        out->train_mean_token_accuracy =
            oft__json_num(d, "train_mean_token_accuracy", NAN);
        out->valid_loss = oft__json_num(d, "valid_loss", NAN);
        out->valid_mean_token_accuracy =
            oft__json_num(d, "valid_mean_token_accuracy", NAN);
        out->full_valid_loss = oft__json_num(d, "full_valid_loss", NAN);
        out->full_valid_mean_token_accuracy =
            oft__json_num(d, "full_valid_mean_token_accuracy", NAN);
        rc = 1;
    } else if (!json_is_object(d) || (step && !json_is_null(step))) {
        rc = -1; /* not an object, or a step that is not a whole number */
    }
    json_decref(d);
    return rc;
}
