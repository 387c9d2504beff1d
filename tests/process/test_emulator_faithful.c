/*
 * The openai-ft-emulator binary answers as the API does (reference/openai-api.md,
 * the official spec): model aliases resolved to their dated snapshot, "auto"
 * hyperparameters resolved once training starts, trained_tokens from the
 * epochs actually run, checkpoint permissions on a fine-tuned model's own name,
 * the API's wording, and jobs brought up to date on every request (not only
 * on the requests that look at a job).
 *   test_emulator_faithful PATH-TO-openai-ft-emulator
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "emu_proc.h"
#include "openai_ft/jsonl.h"

#define KEY "sk-faithful"

static const char chat_line[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                                "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";

/* n copies of chat_line (malloc'd). */
static char *chat_examples(int n)
{
    size_t len = strlen(chat_line);
    char *s = malloc(len * (size_t)n + 1);
    assert_non_null(s);
    for (int i = 0; i < n; i++)
        memcpy(s + len * (size_t)i, chat_line, len);
    s[len * (size_t)n] = '\0';
    return s;
}

/* Starts an emulator whose jobs take `duration` seconds (a string). */
static void start(emu_proc *p, const char *duration)
{
    const char *args[] = {"--quiet", "--job-duration", duration, NULL};
    emu_proc_start(p, args);
}

static void stop(emu_proc *p)
{
    assert_int_equal(emu_proc_stop(p), 0);
    emu_proc_cleanup(p);
}

/* Uploads data as a fine-tune file; its id into id. */
static void upload(emu_proc *p, const char *data, char *id, size_t cap)
{
    http_upload_id(p->url, KEY, "train.jsonl", data, id, cap);
}

/* POST /fine_tuning/jobs {"model":model,"training_file":file<extra>}. */
static json_t *create_job(emu_proc *p, const char *model, const char *file,
                          const char *extra)
{
    char body[1024], url[512];
    snprintf(body, sizeof(body), "{\"model\":\"%s\",\"training_file\":\"%s\"%s}", model,
             file, extra);
    snprintf(url, sizeof(url), "%s/fine_tuning/jobs", p->url);
    return http_expect(200, "POST", url, KEY, body);
}

/* POST /_emulator/jobs/ID/advance with body (NULL: the next state). */
static json_t *advance(emu_proc *p, const char *job, const char *body)
{
    char url[512];
    snprintf(url, sizeof(url), "%s/_emulator/jobs/%s/advance", p->root, job);
    return http_expect(200, "POST", url, NULL, body);
}

static json_t *get_job(emu_proc *p, const char *job)
{
    char url[512];
    snprintf(url, sizeof(url), "%s/fine_tuning/jobs/%s", p->url, job);
    return http_expect(200, "GET", url, KEY, NULL);
}

/* The clock: a job that finished while nobody looked at it has its results
 * file listed by GET /files, the first request after the end. */
static void test_every_request_sees_jobs_up_to_date(void **state)
{
    emu_proc p;
    start(&p, "0.3");
    char file[64], url[512];
    char *data = chat_examples(10);
    upload(&p, data, file, sizeof(file));
    free(data);
    json_t *job = create_job(&p, "gpt-4o-mini", file, "");
    json_decref(job);
    usleep(1500 * 1000); /* five times the job's duration */
    snprintf(url, sizeof(url), "%s/files?purpose=fine-tune-results", p.url);
    json_t *list = http_expect(200, "GET", url, KEY, NULL);
    assert_int_equal(json_array_size(json_object_get(list, "data")), 1);
    json_decref(list);
    stop(&p);
}

static void test_alias_reports_snapshot(void **state)
{
    emu_proc p;
    start(&p, "3600");
    char file[64];
    char *data = chat_examples(10);
    upload(&p, data, file, sizeof(file));
    free(data);
    static const char *const pairs[][2] = {
        {"gpt-4o-mini", "gpt-4o-mini-2024-07-18"},
        {"gpt-3.5-turbo", "gpt-3.5-turbo-0125"},
        {"gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"},
        {"gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"},
    };
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        json_t *job = create_job(&p, pairs[i][0], file, "");
        assert_string_equal(json_str(job, "model"), pairs[i][1]);
        char id[64];
        snprintf(id, sizeof(id), "%s", json_str(job, "id"));
        json_decref(job);
        job = advance(&p, id, "{\"to\":\"end\"}");
        char prefix[128];
        snprintf(prefix, sizeof(prefix), "ft:%s:", pairs[i][1]);
        const char *model = json_str(job, "fine_tuned_model");
        if (strncmp(model, prefix, strlen(prefix)) != 0)
            fail_msg("fine_tuned_model %s does not start with %s", model, prefix);
        assert_string_equal(json_str(job, "model"), pairs[i][1]);
        json_decref(job);
    }
    stop(&p);
}

/* hyperparameters and method.<type>.hyperparameters of a job. */
static void hp_of(json_t *job, const char *type, json_t **legacy, json_t **method)
{
    *legacy = json_object_get(job, "hyperparameters");
    *method = json_object_get(json_object_get(json_object_get(job, "method"), type),
                              "hyperparameters");
    assert_true(json_is_object(*method));
}

static void test_auto_hyperparameters_resolved_at_start(void **state)
{
    emu_proc p;
    start(&p, "3600");
    char file[64], id[64];
    char *data = chat_examples(20);
    upload(&p, data, file, sizeof(file));
    free(data);
    json_t *job = create_job(&p, "gpt-4o-mini", file, "");
    snprintf(id, sizeof(id), "%s", json_str(job, "id"));
    json_t *legacy, *method;
    hp_of(job, "supervised", &legacy, &method);
    static const char *const keys[] = {"n_epochs", "batch_size",
                                       "learning_rate_multiplier"};
    for (size_t k = 0; k < 3; k++) { /* "auto" until training starts */
        assert_string_equal(json_str(legacy, keys[k]), "auto");
        assert_string_equal(json_str(method, keys[k]), "auto");
    }
    json_decref(job);

    json_decref(advance(&p, id, NULL)); /* queued: still auto */
    job = get_job(&p, id);
    assert_string_equal(json_str(job, "status"), "queued");
    hp_of(job, "supervised", &legacy, &method);
    assert_string_equal(json_str(legacy, "n_epochs"), "auto");
    json_decref(job);

    json_decref(advance(&p, id, NULL)); /* running: numbers, the same in both places */
    job = get_job(&p, id);
    assert_string_equal(json_str(job, "status"), "running");
    hp_of(job, "supervised", &legacy, &method);
    for (size_t k = 0; k < 3; k++) {
        json_t *v = json_object_get(legacy, keys[k]);
        if (!json_is_number(v))
            fail_msg("hyperparameters.%s is not a number once running", keys[k]);
        assert_true(json_equal(v, json_object_get(method, keys[k])));
    }
    assert_true(json_is_integer(json_object_get(legacy, "n_epochs")));
    assert_true(json_is_integer(json_object_get(legacy, "batch_size")));
    json_decref(job);

    /* DPO: its beta too (the job's hyperparameters are null, as the API's). */
    static const char dpo_line[] =
        "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]},"
        "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"good\"}],"
        "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"bad\"}]}\n";
    char dpo[4096] = "";
    for (int i = 0; i < 10; i++)
        strcat(dpo, dpo_line);
    upload(&p, dpo, file, sizeof(file));
    job = create_job(&p, "gpt-4o-mini", file, ",\"method\":{\"type\":\"dpo\"}");
    snprintf(id, sizeof(id), "%s", json_str(job, "id"));
    json_decref(job);
    json_decref(advance(&p, id, "{\"to\":\"running\"}"));
    job = get_job(&p, id);
    assert_string_equal(json_str(job, "status"), "running");
    hp_of(job, "dpo", &legacy, &method);
    assert_true(json_is_null(legacy));
    assert_true(json_is_number(json_object_get(method, "beta")));
    assert_true(json_is_integer(json_object_get(method, "n_epochs")));
    json_decref(job);
    stop(&p);
}

/* The validator's figures for data: tokens of one epoch (min(limit, tokens) summed). */
static uint64_t epoch_tokens(const char *data, const char *model)
{
    oft_jsonl_options o;
    oft_jsonl_report *rep = NULL;
    assert_int_equal(oft_jsonl_options_init(&o, OFT_JSONL_OPTIONS_VERSION), 0);
    o.model = model;
    assert_int_equal(oft_jsonl_validate_buffer(&rep, data, strlen(data), &o), 0);
    assert_true(rep->ok);
    assert_true(rep->default_epochs > 0);
    uint64_t t = rep->est_billed_tokens / (uint64_t)rep->default_epochs;
    oft_jsonl_report_free(rep);
    return t;
}

static void test_trained_tokens_follow_epochs_run(void **state)
{
    emu_proc p;
    start(&p, "3600");
    char file[64], id[64];
    char *data = chat_examples(10); /* "auto" would be 10 epochs for 10 examples */
    upload(&p, data, file, sizeof(file));
    uint64_t per_epoch = epoch_tokens(data, "gpt-4o-mini-2024-07-18");
    free(data);
    json_t *job = create_job(&p, "gpt-4o-mini", file,
                             ",\"method\":{\"type\":\"supervised\",\"supervised\":"
                             "{\"hyperparameters\":{\"n_epochs\":2}}}");
    snprintf(id, sizeof(id), "%s", json_str(job, "id"));
    assert_true(json_is_null(json_object_get(job, "trained_tokens")));
    json_decref(job);
    job = advance(&p, id, "{\"to\":\"succeeded\"}");
    assert_string_equal(json_str(job, "status"), "succeeded");
    assert_int_equal(json_integer_value(json_object_get(job, "trained_tokens")),
                     2 * per_epoch);
    json_decref(job);

    /* "auto": the epochs chosen at start, times the tokens of one epoch. */
    job = create_job(&p, "gpt-4o-mini", file, "");
    snprintf(id, sizeof(id), "%s", json_str(job, "id"));
    json_decref(job);
    job = advance(&p, id, "{\"to\":\"end\"}");
    json_int_t epochs = json_integer_value(
        json_object_get(json_object_get(job, "hyperparameters"), "n_epochs"));
    assert_true(epochs >= 1);
    assert_int_equal(json_integer_value(json_object_get(job, "trained_tokens")),
                     (uint64_t)epochs * per_epoch);
    json_decref(job);
    stop(&p);
}

/* Creates, lists and deletes a permission on checkpoint name; the admin key is any. */
static void permission_round_trip(emu_proc *p, const char *name)
{
    char *esc = curl_easy_escape(NULL, name, 0);
    char url[1024], del[1200];
    snprintf(url, sizeof(url), "%s/fine_tuning/checkpoints/%s/permissions", p->url, esc);
    curl_free(esc);
    json_t *made = http_expect(200, "POST", url, KEY, "{\"project_ids\":[\"proj_a\"]}");
    json_t *perm = json_array_get(json_object_get(made, "data"), 0);
    assert_string_equal(json_str(perm, "object"), "checkpoint.permission");
    assert_string_equal(json_str(perm, "project_id"), "proj_a");
    snprintf(del, sizeof(del), "%s/%s", url, json_str(perm, "id"));
    json_decref(made);
    json_t *list = http_expect(200, "GET", url, KEY, NULL);
    assert_int_equal(json_array_size(json_object_get(list, "data")), 1);
    json_decref(list);
    json_t *gone = http_expect(200, "DELETE", del, KEY, NULL);
    assert_true(json_is_true(json_object_get(gone, "deleted")));
    json_decref(gone);
}

static void test_permissions_on_model_and_checkpoint(void **state)
{
    emu_proc p;
    start(&p, "3600");
    char file[64], id[64], url[1024], model[256], ckpt[300];
    char *data = chat_examples(10);
    upload(&p, data, file, sizeof(file));
    free(data);
    json_t *job = create_job(&p, "gpt-4o-mini", file, "");
    snprintf(id, sizeof(id), "%s", json_str(job, "id"));
    json_decref(job);
    job = advance(&p, id, "{\"to\":\"end\"}");
    snprintf(model, sizeof(model), "%s", json_str(job, "fine_tuned_model"));
    json_decref(job);
    snprintf(url, sizeof(url), "%s/fine_tuning/jobs/%s/checkpoints", p.url, id);
    json_t *list = http_expect(200, "GET", url, KEY, NULL);
    snprintf(ckpt, sizeof(ckpt), "%s",
             json_str(json_array_get(json_object_get(list, "data"), 0),
                      "fine_tuned_model_checkpoint"));
    json_decref(list);

    permission_round_trip(&p, model); /* the spec's own example is a model's name */
    permission_round_trip(&p, ckpt);
    /* Neither a model nor a checkpoint: the API's 404. */
    snprintf(url, sizeof(url), "%s/fine_tuning/checkpoints/%s:nope/permissions", p.url,
             model);
    json_t *e = http_expect(404, "GET", url, KEY, NULL);
    assert_string_equal(json_str(json_object_get(e, "error"), "param"),
                        "fine_tuned_model_checkpoint");
    json_decref(e);
    stop(&p);
}

/* The error message of a POST answered with status. */
static void expect_message(emu_proc *p, const char *path, long status, const char *needle)
{
    char url[512];
    snprintf(url, sizeof(url), "%s%s", p->url, path);
    json_t *e = http_expect(status, "POST", url, KEY, NULL);
    const char *msg = json_str(json_object_get(e, "error"), "message");
    if (!strstr(msg, needle))
        fail_msg("POST %s: message \"%s\" lacks \"%s\"", path, msg, needle);
    json_decref(e);
}

static void test_wording(void **state)
{
    emu_proc p;
    start(&p, "3600");
    char file[64], a[64], b[64], path[256];
    char *data = chat_examples(10);
    upload(&p, data, file, sizeof(file));
    free(data);
    json_t *job = create_job(&p, "gpt-4o-mini", file, "");
    snprintf(a, sizeof(a), "%s", json_str(job, "id"));
    json_decref(job);
    job = create_job(&p, "gpt-4o-mini", file, "");
    snprintf(b, sizeof(b), "%s", json_str(job, "id"));
    json_decref(job);

    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/cancel", a);
    char url[512];
    snprintf(url, sizeof(url), "%s%s", p.url, path);
    job = http_expect(200, "POST", url, KEY, NULL);
    assert_string_equal(json_str(job, "status"), "cancelled");
    json_decref(job);
    expect_message(&p, path, 409, "has already been cancelled");
    json_decref(advance(&p, b, "{\"to\":\"end\"}"));
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/cancel", b);
    expect_message(&p, path, 409, "has already succeeded");
    stop(&p);
}

int main(int argc, char **argv)
{
    if (emu_proc_init(argc, argv) != 0)
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_every_request_sees_jobs_up_to_date,
                                  emu_proc_teardown),
        cmocka_unit_test_teardown(test_alias_reports_snapshot, emu_proc_teardown),
        cmocka_unit_test_teardown(test_auto_hyperparameters_resolved_at_start,
                                  emu_proc_teardown),
        cmocka_unit_test_teardown(test_trained_tokens_follow_epochs_run,
                                  emu_proc_teardown),
        cmocka_unit_test_teardown(test_permissions_on_model_and_checkpoint,
                                  emu_proc_teardown),
        cmocka_unit_test_teardown(test_wording, emu_proc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
