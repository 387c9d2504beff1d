/*
 * The checks POST /fine_tuning/jobs makes before a job exists: fields,
 * hyperparameter ranges per method, metadata, integrations, the data files,
 * and the training data itself (with the library's JSONL validator).
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openai_ft/jsonl.h"

/* One hyperparameter: "auto" or a number in range. Answers 400 and returns -1 if bad. */
static int check_hp(emu_resp *r, const char *where, const char *key, json_t *v)
{
    char param[160];
    emu_param_name(param, sizeof(param), where, key);
    if (json_is_string(v) && strcmp(key, "reasoning_effort") != 0) {
        if (strcmp(json_string_value(v), "auto") == 0)
            return 0;
        return emu_bad_request(r, param, "Invalid '%s': expected \"auto\" or a number.",
                               param);
    }
    double x = json_number_value(v);
    int integer = json_is_integer(v);
    if (strcmp(key, "n_epochs") == 0 && (!integer || x < 1 || x > 50))
        return emu_bad_request(
            r, param,
            "Invalid '%s': expected \"auto\" or an integer between 1 and "
            "50.",
            param);
    if (strcmp(key, "batch_size") == 0 && (!integer || x < 1 || x > 256))
        return emu_bad_request(
            r, param,
            "Invalid '%s': expected \"auto\" or an integer between 1 and "
            "256.",
            param);
    if (strcmp(key, "learning_rate_multiplier") == 0 && (!json_is_number(v) || x <= 0))
        return emu_bad_request(
            r, param, "Invalid '%s': expected \"auto\" or a number greater than 0.",
            param);
    if (strcmp(key, "beta") == 0 && (!json_is_number(v) || x <= 0 || x > 2))
        return emu_bad_request(
            r, param, "Invalid '%s': expected \"auto\" or a number in (0, 2].", param);
    if (strcmp(key, "compute_multiplier") == 0 &&
        (!json_is_number(v) || x <= 0.00001 || x > 10))
        return emu_bad_request(
            r, param, "Invalid '%s': expected \"auto\" or a number in (0.00001, 10].",
            param);
    if ((strcmp(key, "eval_interval") == 0 || strcmp(key, "eval_samples") == 0) &&
        (!integer || x < 1))
        return emu_bad_request(
            r, param, "Invalid '%s': expected \"auto\" or an integer >= 1.", param);
    if (strcmp(key, "reasoning_effort") == 0) {
        const char *s = json_string_value(v);
        if (!s || (strcmp(s, "default") && strcmp(s, "low") && strcmp(s, "medium") &&
                   strcmp(s, "high")))
            return emu_bad_request(
                r, param, "Invalid '%s': expected one of default, low, medium, high.",
                param);
    }
    return 0;
}

/* Checks hp (may be NULL) against the keys of `type`; fills defaults into a new object.
 */
static json_t *checked_hp(emu_resp *r, const char *where, const char *type, json_t *hp)
{
    static const char *const sup[] = {"batch_size", "learning_rate_multiplier",
                                      "n_epochs", NULL};
    static const char *const dpo[] = {"batch_size", "beta", "learning_rate_multiplier",
                                      "n_epochs", NULL};
    static const char *const rft[] = {"batch_size",
                                      "compute_multiplier",
                                      "eval_interval",
                                      "eval_samples",
                                      "learning_rate_multiplier",
                                      "n_epochs",
                                      "reasoning_effort",
                                      NULL};
    const char *const *keys = strcmp(type, "dpo") == 0             ? dpo
                              : strcmp(type, "reinforcement") == 0 ? rft
                                                                   : sup;
    const char *k;
    json_t *v;
    if (hp && !json_is_null(hp) && !json_is_object(hp))
        return emu_bad_request(r, where, "Invalid '%s': expected an object.", where),
               NULL;
    json_object_foreach(json_is_object(hp) ? hp : NULL, k, v)
    {
        size_t i;
        for (i = 0; keys[i] && strcmp(keys[i], k) != 0; i++)
            ;
        if (!keys[i])
            return emu_bad_request(r, where, "Unknown parameter: '%s.%s'.", where, k),
                   NULL;
        if (check_hp(r, where, k, v) != 0)
            return NULL;
    }
    json_t *out = json_object();
    for (size_t i = 0; keys[i]; i++) {
        v = json_is_object(hp) ? json_object_get(hp, keys[i]) : NULL;
        if (v && !json_is_null(v))
            json_object_set(out, keys[i], v);
        else
            json_object_set_new(out, keys[i],
                                json_string(strcmp(keys[i], "reasoning_effort") == 0
                                                ? "default"
                                                : "auto"));
    }
    return out;
}

/* The method to store: {type, <type>:{hyperparameters, grader?}}, or NULL after a 400. */
json_t *emu_job_method(emu_resp *r, json_t *body)
{
    json_t *m = json_object_get(body, "method");
    json_t *legacy = json_object_get(body, "hyperparameters");
    if (legacy && !json_is_null(legacy) && !json_is_object(legacy))
        return emu_bad_request(r, "hyperparameters",
                               "Invalid 'hyperparameters': expected an object."),
               NULL;
    if (!m || json_is_null(m)) {
        json_t *hp = checked_hp(r, "hyperparameters", "supervised", legacy);
        return hp ? json_pack("{s:s, s:{s:o}}", "type", "supervised", "supervised",
                              "hyperparameters", hp)
                  : NULL;
    }
    if (!json_is_object(m))
        return emu_bad_request(r, "method", "Invalid 'method': expected an object."),
               NULL;
    const char *type = json_string_value(json_object_get(m, "type"));
    if (!type)
        return emu_bad_request(r, "method.type",
                               "Missing required parameter: 'method.type'."),
               NULL;
    if (strcmp(type, "supervised") && strcmp(type, "dpo") &&
        strcmp(type, "reinforcement"))
        return emu_bad_request(
                   r, "method.type",
                   "Invalid 'method.type': '%s'. Expected one of supervised, dpo, "
                   "reinforcement.",
                   type),
               NULL;
    json_t *sub = json_object_get(m, type);
    char where[64];
    snprintf(where, sizeof(where), "method.%s", type);
    if (sub && !json_is_null(sub) && !json_is_object(sub))
        return emu_bad_request(r, where, "Invalid '%s': expected an object.", where),
               NULL;
    json_t *grader = json_is_object(sub) ? json_object_get(sub, "grader") : NULL;
    if (grader && json_is_null(grader))
        grader = NULL;
    if (strcmp(type, "reinforcement") == 0) {
        if (!grader)
            return emu_bad_request(
                       r, "method.reinforcement.grader",
                       "Missing required parameter: 'method.reinforcement.grader'."),
                   NULL;
        if (emu_check_grader(r, grader, "method.reinforcement.grader", 0) != 0)
            return NULL;
    }
    snprintf(where, sizeof(where), "method.%s.hyperparameters", type);
    json_t *hp = checked_hp(r, where, type,
                            json_is_object(sub) ? json_object_get(sub, "hyperparameters")
                            : strcmp(type, "supervised") == 0 ? legacy
                                                              : NULL);
    if (!hp)
        return NULL;
    json_t *out_sub = json_pack("{s:o}", "hyperparameters", hp);
    if (grader)
        json_object_set(out_sub, "grader", grader);
    if (json_is_object(sub) && json_object_get(sub, "response_format"))
        json_object_set(out_sub, "response_format",
                        json_object_get(sub, "response_format"));
    return json_pack("{s:s, s:o}", "type", type, type, out_sub);
}

int emu_check_metadata(emu_resp *r, json_t *md)
{
    const char *k;
    json_t *v;
    if (!md || json_is_null(md))
        return 0;
    if (!json_is_object(md))
        return emu_bad_request(r, "metadata", "Invalid 'metadata': expected an object.");
    if (json_object_size(md) > 16)
        return emu_bad_request(r, "metadata",
                               "Invalid 'metadata': at most 16 key-value pairs, got %zu.",
                               json_object_size(md));
    json_object_foreach(md, k, v)
    {
        if (strlen(k) > 64)
            return emu_bad_request(r, "metadata",
                                   "Invalid 'metadata': key '%.64s...' is longer than 64 "
                                   "characters.",
                                   k);
        if (!json_is_string(v) || json_string_length(v) > 512)
            return emu_bad_request(
                r, "metadata",
                "Invalid 'metadata.%s': expected a string of at most 512 "
                "characters.",
                k);
    }
    return 0;
}

int emu_check_integrations(emu_resp *r, json_t *in)
{
    size_t i;
    json_t *v;
    if (!in || json_is_null(in))
        return 0;
    if (!json_is_array(in) || json_array_size(in) > 5)
        return emu_bad_request(
            r, "integrations",
            "Invalid 'integrations': expected an array of at most 5 items.");
    json_array_foreach(in, i, v)
    {
        const char *type = json_string_value(json_object_get(v, "type"));
        json_t *w = json_object_get(v, "wandb");
        if (!type || strcmp(type, "wandb") != 0 || !json_is_object(w) ||
            !json_is_string(json_object_get(w, "project")))
            return emu_bad_request(
                r, "integrations",
                "Invalid 'integrations[%zu]': expected {\"type\":\"wandb\", "
                "\"wandb\":{\"project\":...}}.",
                i);
    }
    return 0;
}

/* The body's fields other than the method, as POST /fine_tuning/jobs checks them. */
int emu_check_job_fields(oft_emu *emu, emu_resp *r, json_t *body)
{
    json_t *model = json_object_get(body, "model");
    json_t *suffix = json_object_get(body, "suffix");
    json_t *seed = json_object_get(body, "seed");
    if (!model || json_is_null(model))
        return emu_bad_request(r, "model", "Missing required parameter: 'model'.");
    if (!json_is_string(model))
        return emu_bad_request(r, "model", "Invalid 'model': expected a string.");
    if (!emu_model_find(emu, json_string_value(model)))
        return emu_reply_error(
            r, 400, "invalid_request_error", "model", "model_not_available",
            "Model %s is not available for fine-tuning or does not exist.",
            json_string_value(model));
    if (emu_check_data_file(emu, r, "training_file",
                            json_object_get(body, "training_file"), 1) != 0 ||
        emu_check_data_file(emu, r, "validation_file",
                            json_object_get(body, "validation_file"), 0) != 0)
        return -1;
    if (suffix && !json_is_null(suffix) &&
        (!json_is_string(suffix) || json_string_length(suffix) < 1 ||
         json_string_length(suffix) > 64))
        return emu_bad_request(
            r, "suffix", "Invalid 'suffix': expected a string of 1 to 64 characters.");
    if (seed && !json_is_null(seed) &&
        (!json_is_integer(seed) || json_integer_value(seed) < 0 ||
         json_integer_value(seed) > 2147483647))
        return emu_bad_request(r, "seed",
                               "Invalid 'seed': expected an integer in 0..2147483647.");
    if (emu_check_metadata(r, json_object_get(body, "metadata")) != 0 ||
        emu_check_integrations(r, json_object_get(body, "integrations")) != 0)
        return -1;
    return 0;
}

/* A file given as training or validation data: it exists and is for fine-tuning. */
int emu_check_data_file(oft_emu *emu, emu_resp *r, const char *param, json_t *v,
                        int required)
{
    if (!v || json_is_null(v)) {
        if (required)
            return emu_bad_request(r, param, "Missing required parameter: '%s'.", param);
        return 0;
    }
    const char *id = json_string_value(v);
    if (!id)
        return emu_bad_request(r, param, "Invalid '%s': expected a file ID string.",
                               param);
    emu_file *f = emu_file_find(emu, id);
    if (!f)
        return emu_reply_error(r, 400, "invalid_request_error", param, "invalid_file_id",
                               "invalid %s: %s (no such file)", param, id);
    if (strcmp(f->purpose, "fine-tune") != 0)
        return emu_reply_error(
            r, 400, "invalid_request_error", param, "invalid_file_purpose",
            "File %s has purpose '%s'; fine-tuning needs a file uploaded "
            "with purpose 'fine-tune'.",
            id, f->purpose);
    return 0;
}

/* Runs the library's validator; on the first error sets out->message (owned). */
void emu_validate_data_file(const char *path, int format, const char *model, int training,
                            emu_data_check *out)
{
    oft_jsonl_options o;
    oft_jsonl_report *rep = NULL;
    oft_jsonl_options_init(&o, OFT_JSONL_OPTIONS_VERSION);
    o.format = format;
    o.model = model;
    o.min_examples = training ? 0 : -1; /* the API's minimum is a training file's */
    o.max_warnings = 1;
    o.max_errors = 1;
    o.stop_at_first = 1;
    int rc = oft_jsonl_validate_path(&rep, path, &o);
    memset(out, 0, sizeof(*out));
    char buf[1024];
    if (!rep) {
        snprintf(buf, sizeof(buf), "The training file could not be read (error %d).", rc);
        out->message = emu_strdup(buf);
        return;
    }
    if (!rep->ok) {
        const oft_jsonl_problem *p = NULL;
        for (size_t i = 0; i < rep->problems_count && !p; i++) {
            if (rep->problems[i].severity == OFT_JSONL_ERROR)
                p = &rep->problems[i];
        }
        if (p && p->line && !strstr(p->message, "line"))
            snprintf(buf, sizeof(buf), "Invalid file format: line %llu: %s",
                     (unsigned long long)p->line, p->message);
        else
            snprintf(buf, sizeof(buf), "Invalid file format: %s",
                     p ? p->message : "the file has errors");
        out->message = emu_strdup(buf);
    } else {
        out->examples = rep->examples;
        out->default_epochs = rep->default_epochs;
        /* est_billed_tokens is default_epochs times the tokens of one epoch. */
        out->epoch_tokens = rep->default_epochs > 0
                                ? rep->est_billed_tokens / (uint64_t)rep->default_epochs
                                : 0;
    }
    oft_jsonl_report_free(rep);
}
