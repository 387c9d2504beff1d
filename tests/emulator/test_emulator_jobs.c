/*
 * The emulator's fine-tuning jobs in-process over real HTTP on loopback: the life
 * cycle with its events and checkpoints, create errors, an invalid training file,
 * pause/resume/cancel, hooks and event pages, checkpoint permissions.
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
#include <jansson.h>

#include "emu_inproc.h"

/* ---- jobs ---- */

static int has_event(json_t *events, const char *text)
{
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e)
    {
        if (strstr(json_string_value(json_object_get(e, "message")), text))
            return 1;
    }
    return 0;
}

static void test_job_lifecycle(void **state)
{
    oft_emu *emu = *state;
    char *data = repeat(chat_line, 10);
    char file[64], body[512], path[256], job[64];
    snprintf(file, sizeof(file), "%s",
             upload_data(emu, "train.jsonl", data, "fine-tune"));
    free(data);
    snprintf(body, sizeof(body),
             "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"%s\",\"suffix\":"
             "\"mine\",\"metadata\":{\"team\":\"a\"},\"method\":{\"type\":\"supervised\","
             "\"supervised\":{\"hyperparameters\":{\"batch_size\":2}}}}",
             file);
    http_reply r = emu_post(emu, "/fine_tuning/jobs", body);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_string_equal(json_str(j, "object"), "fine_tuning.job");
    assert_string_equal(json_str(j, "status"), "validating_files");
    assert_string_equal(json_str(j, "organization_id"), "org-emulator");
    assert_true(json_is_null(json_object_get(j, "fine_tuned_model")));
    assert_true(json_is_null(json_object_get(j, "finished_at")));
    assert_true(json_is_integer(json_object_get(j, "seed")));
    json_t *hp = json_object_get(j, "hyperparameters");
    assert_string_equal(json_str(hp, "n_epochs"), "auto");
    assert_int_equal(json_integer_value(json_object_get(hp, "batch_size")), 2);
    assert_string_equal(json_str(json_object_get(j, "method"), "type"), "supervised");
    assert_string_equal(json_str(json_object_get(j, "metadata"), "team"), "a");
    snprintf(job, sizeof(job), "%s", json_str(j, "id"));
    assert_true(strncmp(job, "ftjob-", 6) == 0);
    json_decref(j);
    http_reply_free(&r);

    assert_string_equal(wait_job(emu, job), "succeeded");
    job_status(emu, job, &j);
    const char *model = json_str(j, "fine_tuned_model");
    char prefix[128];
    snprintf(prefix, sizeof(prefix), "ft:gpt-4o-mini-2024-07-18:org-emulator:mine:");
    assert_true(strncmp(model, prefix, strlen(prefix)) == 0);
    char model_copy[256];
    snprintf(model_copy, sizeof(model_copy), "%s", model);
    assert_true(json_integer_value(json_object_get(j, "trained_tokens")) > 0);
    assert_true(json_is_integer(json_object_get(j, "finished_at")));
    hp = json_object_get(j, "hyperparameters");
    int64_t epochs = json_integer_value(json_object_get(hp, "n_epochs"));
    assert_true(epochs >= 1); /* resolved from "auto" */
    json_t *results = json_object_get(j, "result_files");
    assert_int_equal(json_array_size(results), 1);
    snprintf(path, sizeof(path), "/files/%s/content",
             json_string_value(json_array_get(results, 0)));
    json_decref(j);
    r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    assert_true(strncmp(r.body, "step,train_loss", 15) == 0);
    http_reply_free(&r);

    /* Events: newest first, the whole story, metrics with data. */
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/events?limit=100", job);
    r = emu_get(emu, path);
    j = http_json(&r);
    json_t *ev = json_object_get(j, "data");
    assert_string_equal(json_str(json_array_get(ev, 0), "message"),
                        "The job has successfully completed");
    assert_true(has_event(ev, "Validating training file"));
    assert_true(has_event(ev, "Files validated, moving job to queued state"));
    assert_true(has_event(ev, "Fine-tuning job started"));
    assert_true(has_event(ev, "New fine-tuned model created"));
    assert_true(has_event(ev, "Step 1/"));
    size_t i;
    json_t *e;
    int metrics = 0;
    json_array_foreach(ev, i, e)
    {
        assert_string_equal(json_str(e, "object"), "fine_tuning.job.event");
        if (strcmp(json_str(e, "type"), "metrics") == 0) {
            json_t *d = json_object_get(e, "data");
            assert_true(json_is_integer(json_object_get(d, "step")));
            assert_true(json_is_number(json_object_get(d, "train_loss")));
            assert_true(json_is_number(json_object_get(d, "train_mean_token_accuracy")));
            assert_true(json_is_integer(json_object_get(d, "total_steps")));
            metrics++;
        }
        if (i > 0) /* never newer than the one before */
            assert_true(json_integer_value(json_object_get(e, "created_at")) <=
                        json_integer_value(
                            json_object_get(json_array_get(ev, i - 1), "created_at")));
    }
    assert_true(metrics > 0);
    json_decref(j);
    http_reply_free(&r);

    /* One checkpoint per epoch, named after the model. */
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/checkpoints?limit=50", job);
    r = emu_get(emu, path);
    j = http_json(&r);
    json_t *ck = json_object_get(j, "data");
    assert_int_equal(json_array_size(ck), epochs);
    json_t *c0 = json_array_get(ck, 0);
    assert_string_equal(json_str(c0, "object"), "fine_tuning.job.checkpoint");
    assert_string_equal(json_str(c0, "fine_tuning_job_id"), job);
    assert_true(strncmp(json_str(c0, "fine_tuned_model_checkpoint"), model_copy,
                        strlen(model_copy)) == 0);
    assert_non_null(strstr(json_str(c0, "fine_tuned_model_checkpoint"), ":ckpt-step-"));
    assert_true(
        json_is_number(json_object_get(json_object_get(c0, "metrics"), "train_loss")));
    assert_string_equal(json_str(j, "first_id"), json_str(c0, "id"));
    json_decref(j);
    http_reply_free(&r);

    /* The model is listed, retrievable and deletable. */
    snprintf(path, sizeof(path), "/models/%s", model_copy);
    r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "owned_by"), "org-emulator");
    json_decref(j);
    http_reply_free(&r);
    r = emu_send(emu, "DELETE", path, KEY, NULL, NULL);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    r = emu_get(emu, path);
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);

    /* Listing jobs, with a metadata filter. */
    r = emu_get(emu, "/fine_tuning/jobs?metadata[team]=a");
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    assert_false(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, "/fine_tuning/jobs?metadata[team]=b");
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 0);
    json_decref(j);
    http_reply_free(&r);
}

static void test_job_create_errors(void **state)
{
    oft_emu *emu = *state;
    char file[64], batch[64], body[512];
    snprintf(file, sizeof(file), "%s",
             upload_data(emu, "t.jsonl", chat_line, "fine-tune"));
    snprintf(batch, sizeof(batch), "%s", upload_data(emu, "b.jsonl", chat_line, "batch"));
    struct {
        const char *fmt;
        const char *param;
    } cases[] = {
        {"{\"training_file\":\"%s\"}", "model"},
        {"{\"model\":\"gpt-9\",\"training_file\":\"%s\"}", "model"},
        {"{\"model\":\"gpt-4o-mini\"}", "training_file"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"file-nope\"}", "training_file"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\",\"suffix\":"
         "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
         "suffix"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\",\"seed\":-1}", "seed"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\",\"hyperparameters\":"
         "{\"n_epochs\":51}}",
         "hyperparameters.n_epochs"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\",\"method\":{\"type\":"
         "\"supervised\",\"supervised\":{\"hyperparameters\":{\"batch_size\":0}}}}",
         "method.supervised.hyperparameters.batch_size"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\",\"method\":{\"type\":"
         "\"dpo\","
         "\"dpo\":{\"hyperparameters\":{\"beta\":3}}}}",
         "method.dpo.hyperparameters.beta"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\",\"method\":{\"type\":"
         "\"magic\"}}",
         "method.type"},
        {"{\"model\":\"o4-mini\",\"training_file\":\"%s\",\"method\":{\"type\":"
         "\"reinforcement\"}}",
         "method.reinforcement.grader"},
        {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\",\"metadata\":{\"k\":1}}",
         "metadata"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* "%s" in a case stands for the uploaded file's id. */
        const char *at = strstr(cases[i].fmt, "%s");
        if (at)
            snprintf(body, sizeof(body), "%.*s%s%s", (int)(at - cases[i].fmt),
                     cases[i].fmt, file, at + 2);
        else
            snprintf(body, sizeof(body), "%s", cases[i].fmt);
        http_reply r = emu_post(emu, "/fine_tuning/jobs", body);
        assert_api_error(&r, 400, cases[i].param);
        http_reply_free(&r);
    }
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             batch);
    http_reply r = emu_post(emu, "/fine_tuning/jobs", body);
    assert_api_error(&r, 400, "training_file");
    http_reply_free(&r);
    r = emu_get(emu, "/fine_tuning/jobs/ftjob-nope");
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
    r = emu_post(emu, "/fine_tuning/jobs/ftjob-nope/cancel", NULL);
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
    r = emu_get(emu, "/fine_tuning/jobs?limit=0");
    assert_api_error(&r, 400, "limit");
    http_reply_free(&r);
}

static void test_job_invalid_training_file(void **state)
{
    oft_emu *emu = *state;
    char body[512], file[64];
    char bad[256];
    snprintf(bad, sizeof(bad), "%s{\"messages\": 5}\n", chat_line);
    snprintf(file, sizeof(file), "%s", upload_data(emu, "bad.jsonl", bad, "fine-tune"));
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             file);
    const char *job = create_job(emu, body);
    char id[64];
    snprintf(id, sizeof(id), "%s", job);
    assert_string_equal(wait_job(emu, id), "failed");
    json_t *j;
    job_status(emu, id, &j);
    json_t *err = json_object_get(j, "error");
    assert_string_equal(json_str(err, "code"), "invalid_training_file");
    assert_string_equal(json_str(err, "param"), "training_file");
    assert_non_null(strstr(json_str(err, "message"), "line 2"));
    assert_true(json_is_integer(json_object_get(j, "finished_at")));
    assert_true(json_is_null(json_object_get(j, "fine_tuned_model")));
    json_decref(j);
}

static void test_job_pause_resume_cancel(void **state)
{
    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.job_duration_s = 20; /* running from 4 s to 20 s */
    oft_emu *emu;
    assert_int_equal(oft_emu_start(&emu, &o, NULL, 0), 0);
    char body[512], id[64], path[128];
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             upload_training(emu));
    snprintf(id, sizeof(id), "%s", create_job(emu, body));

    /* Not running yet: pause and resume are refused. */
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/pause", id);
    http_reply r = emu_post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/resume", id);
    r = emu_post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    http_reply_free(&r);

    int running = 0;
    for (int i = 0; i < 300 && !running; i++) {
        running = strcmp(job_status(emu, id, NULL), "running") == 0;
        if (!running)
            usleep(100 * 1000);
    }
    assert_true(running);
    json_t *j;
    job_status(emu, id, &j);
    assert_true(json_is_integer(json_object_get(j, "estimated_finish")));
    assert_true(json_is_integer(
        json_object_get(json_object_get(j, "hyperparameters"), "n_epochs")));
    json_decref(j);

    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/pause", id);
    r = emu_post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "status"), "paused");
    json_decref(j);
    http_reply_free(&r);
    assert_string_equal(job_status(emu, id, NULL), "paused");
    r = emu_post(emu, path, NULL); /* paused is not running */
    assert_api_error(&r, 409, NULL);
    http_reply_free(&r);

    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/resume", id);
    r = emu_post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "status"), "queued");
    json_decref(j);
    http_reply_free(&r);

    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/cancel", id);
    r = emu_post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "status"), "cancelled");
    assert_true(json_is_integer(json_object_get(j, "finished_at")));
    json_decref(j);
    http_reply_free(&r);
    assert_string_equal(job_status(emu, id, NULL), "cancelled");
    r = emu_post(emu, path, NULL); /* cancelling a finished job */
    assert_api_error(&r, 409, NULL);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/pause", id);
    r = emu_post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/events?limit=100", id);
    r = emu_get(emu, path);
    j = http_json(&r);
    assert_true(has_event(json_object_get(j, "data"), "paused"));
    assert_true(has_event(json_object_get(j, "data"), "resumed"));
    assert_true(has_event(json_object_get(j, "data"), "cancelled"));
    json_decref(j);
    http_reply_free(&r);
    oft_emu_stop(emu);
}

static void test_hooks_and_event_pages(void **state)
{
    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.job_duration_s = 3600; /* nothing happens on its own during the test */
    oft_emu *emu;
    assert_int_equal(oft_emu_start(&emu, &o, NULL, 0), 0);
    char body[512], a[64], b[64], path[256];
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             upload_training(emu));
    snprintf(a, sizeof(a), "%s", create_job(emu, body));
    snprintf(b, sizeof(b), "%s", create_job(emu, body));

    assert_int_equal(oft_emu_job_fail(emu, a, "quota", "Out of quota."), 0);
    assert_int_equal(oft_emu_job_fail(emu, a, "quota", "again"), -1); /* already ended */
    json_t *j;
    assert_string_equal(job_status(emu, a, &j), "failed");
    assert_string_equal(json_str(json_object_get(j, "error"), "code"), "quota");
    assert_string_equal(json_str(json_object_get(j, "error"), "message"),
                        "Out of quota.");
    json_decref(j);

    assert_int_equal(oft_emu_add_events(emu, b, 25), 0);
    assert_int_equal(oft_emu_add_events(emu, "ftjob-nope", 1), -1);
    /* Walk the events in pages of 10: newest first, each once. */
    char after[64] = "";
    int total = 0, pages = 0, more = 1;
    char last_msg[128] = "";
    while (more && pages < 20) {
        snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/events?limit=10%s%s", b,
                 after[0] ? "&after=" : "", after);
        http_reply r = emu_get(emu, path);
        assert_int_equal(r.status, 200);
        j = http_json(&r);
        json_t *data = json_object_get(j, "data");
        more = json_is_true(json_object_get(j, "has_more"));
        if (pages == 0)
            assert_string_equal(json_str(json_array_get(data, 0), "message"),
                                "Emulator event 25 of 25");
        total += (int)json_array_size(data);
        if (json_array_size(data)) {
            json_t *last = json_array_get(data, json_array_size(data) - 1);
            snprintf(after, sizeof(after), "%s", json_str(last, "id"));
            snprintf(last_msg, sizeof(last_msg), "%s", json_str(last, "message"));
        }
        json_decref(j);
        http_reply_free(&r);
        pages++;
    }
    assert_int_equal(total, 25 + 2); /* plus "Created" and "Validating" */
    assert_int_equal(pages, 3);
    assert_non_null(strstr(last_msg, "Created fine-tuning job"));

    assert_int_equal(oft_emu_job_finish(emu, b), 0);
    assert_string_equal(job_status(emu, b, NULL), "succeeded");
    assert_int_equal(oft_emu_job_finish(emu, "ftjob-nope"), -1);

    /* Jobs list: newest first, limit + after. */
    http_reply r = emu_get(emu, "/fine_tuning/jobs?limit=1");
    j = http_json(&r);
    assert_string_equal(json_str(json_array_get(json_object_get(j, "data"), 0), "id"), b);
    assert_true(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs?limit=5&after=%s", b);
    r = emu_get(emu, path);
    j = http_json(&r);
    assert_string_equal(json_str(json_array_get(json_object_get(j, "data"), 0), "id"), a);
    assert_false(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    http_reply_free(&r);
    oft_emu_stop(emu);
}

static void test_permissions(void **state)
{
    oft_emu *emu = *state;
    char body[512], job[64], path[512], ckpt[256], perm[64];
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             upload_training(emu));
    snprintf(job, sizeof(job), "%s", create_job(emu, body));
    assert_int_equal(oft_emu_job_finish(emu, job), 0);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/checkpoints", job);
    http_reply r = emu_get(emu, path);
    json_t *j = http_json(&r);
    snprintf(ckpt, sizeof(ckpt), "%s",
             json_str(json_array_get(json_object_get(j, "data"), 0),
                      "fine_tuned_model_checkpoint"));
    json_decref(j);
    http_reply_free(&r);

    snprintf(path, sizeof(path), "/fine_tuning/checkpoints/%s/permissions", ckpt);
    r = emu_post(emu, path, "{\"project_ids\":[\"proj_a\",\"proj_b\",\"proj_c\"]}");
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "object"), "list");
    json_t *p0 = json_array_get(json_object_get(j, "data"), 0);
    assert_string_equal(json_str(p0, "object"), "checkpoint.permission");
    assert_string_equal(json_str(p0, "project_id"), "proj_a");
    assert_true(strncmp(json_str(p0, "id"), "cp_", 3) == 0);
    snprintf(perm, sizeof(perm), "%s", json_str(p0, "id"));
    json_decref(j);
    http_reply_free(&r);
    r = emu_post(emu, path, "{\"project_ids\":[]}");
    assert_api_error(&r, 400, "project_ids");
    http_reply_free(&r);

    char q[600];
    snprintf(q, sizeof(q), "%s?limit=2", path);
    r = emu_get(emu, q);
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 2);
    assert_true(json_is_true(json_object_get(j, "has_more")));
    assert_string_equal(
        json_str(json_array_get(json_object_get(j, "data"), 0), "project_id"),
        "proj_c"); /* descending by default */
    assert_true(json_is_string(json_object_get(j, "last_id")));
    json_decref(j);
    http_reply_free(&r);
    snprintf(q, sizeof(q), "%s?order=ascending&project_id=proj_b", path);
    r = emu_get(emu, q);
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    assert_string_equal(
        json_str(json_array_get(json_object_get(j, "data"), 0), "project_id"), "proj_b");
    json_decref(j);
    http_reply_free(&r);

    snprintf(q, sizeof(q), "%s/%s", path, perm);
    r = emu_send(emu, "DELETE", q, KEY, NULL, NULL);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_true(json_is_true(json_object_get(j, "deleted")));
    assert_string_equal(json_str(j, "id"), perm);
    json_decref(j);
    http_reply_free(&r);
    r = emu_send(emu, "DELETE", q, KEY, NULL, NULL);
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_job_lifecycle, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_job_create_errors, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_job_invalid_training_file, emu_setup,
                                        emu_teardown),
        cmocka_unit_test(test_job_pause_resume_cancel),
        cmocka_unit_test(test_hooks_and_event_pages),
        cmocka_unit_test_setup_teardown(test_permissions, emu_setup, emu_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
