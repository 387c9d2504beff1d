/*
 * The alpha graders: validate a grader, or run it on one sample
 * (POST /fine_tuning/alpha/graders/{validate,run}).
 */
#include "api/fetch.h"
#include "json/mappers.h"
#include "util/options.h"

int oft_grader_run_options_init(oft_grader_run_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_grader_run_options, OFT_GRADER_RUN_OPTIONS_INIT,
                      OFT_GRADER_RUN_OPTIONS_VERSION, sizeof(oft_grader_run_options));
}

/* POSTs body (owned, freed here) to path and reads the answer with spec. */
static int post(oft_client *c, const char *path, char *body, size_t len,
                const oft__object_spec *spec, void **out)
{
    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.path = path;
    req.json_body = body;
    req.json_len = len;
    int rc = oft__fetch_item(c, &req, spec, out);
    oft__free(body);
    return rc;
}

static int check_grader(oft_client *c, const char *grader_json)
{
    if (!grader_json)
        return oft__error_set(c, OFT_EINVAL, "grader_json: required");
    return oft__check_utf8(c, "grader_json", grader_json);
}

int oft_grader_validate(oft_grader_validation **out, oft_client *c,
                        const char *grader_json)
{
    char *body = NULL;
    size_t len = 0;
    void *res = NULL;
    OFT__BEGIN(c, out);
    int rc = check_grader(c, grader_json);
    if (rc == OFT_OK)
        rc = oft__grader_validate_body(c, grader_json, &body, &len);
    if (rc == OFT_OK)
        rc = post(c, "/fine_tuning/alpha/graders/validate", body, len,
                  &oft__grader_validation_spec, &res);
    *out = res;
    return rc;
}

int oft_grader_run(oft_grader_run_result **out, oft_client *c, const char *grader_json,
                   const char *model_sample, const oft_grader_run_options *opts)
{
    char *body = NULL;
    size_t len = 0;
    void *res = NULL;
    OFT__BEGIN(c, out);
    int rc = check_grader(c, grader_json);
    if (rc == OFT_OK && !model_sample)
        rc = oft__error_set(c, OFT_EINVAL, "model_sample: required");
    if (rc == OFT_OK)
        rc = oft__check_utf8(c, "model_sample", model_sample);
    if (rc == OFT_OK && opts)
        rc = oft__check_version(c, "oft_grader_run_options", opts->version,
                                OFT_GRADER_RUN_OPTIONS_VERSION);
    if (rc == OFT_OK && opts)
        rc = oft__check_utf8(c, "item_json", opts->item_json);
    if (rc == OFT_OK)
        rc = oft__grader_run_body(c, grader_json, model_sample,
                                  opts ? opts->item_json : NULL, &body, &len);
    if (rc == OFT_OK)
        rc = post(c, "/fine_tuning/alpha/graders/run", body, len, &oft__grader_run_spec,
                  &res);
    *out = res;
    return rc;
}
