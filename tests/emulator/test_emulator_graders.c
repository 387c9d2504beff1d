/*
 * The emulator's graders (alpha) in-process over real HTTP on loopback: run and
 * validate, and the checks of a grader's fields.
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

/* ---- graders (alpha) ---- */

static double run_grader(oft_emu *emu, const char *body, json_t **out)
{
    http_reply r = emu_post(emu, "/fine_tuning/alpha/graders/run", body);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    http_reply_free(&r);
    assert_true(json_is_number(json_object_get(j, "reward")));
    assert_true(
        json_is_object(json_object_get(json_object_get(j, "metadata"), "errors")));
    assert_true(json_is_object(json_object_get(j, "sub_rewards")));
    double v = json_number_value(json_object_get(j, "reward"));
    if (out)
        *out = j;
    else
        json_decref(j);
    return v;
}

static void test_graders(void **state)
{
    oft_emu *emu = *state;
    /* A string_check grader comparing the sample with item.label by op. */
#define STRING_CHECK(op)                                                                 \
    "{\"type\":\"string_check\",\"name\":\"g\",\"input\":\"{{ sample.output_text "       \
    "}}\",\"reference\":"                                                                \
    "\"{{item.label}}\",\"operation\":\"" op "\"}"
    char grader[512], body[1024];
    snprintf(grader, sizeof(grader), "%s", STRING_CHECK("eq"));
    snprintf(body, sizeof(body), "{\"grader\":%s}", grader);
    http_reply r = emu_post(emu, "/fine_tuning/alpha/graders/validate", body);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_string_equal(json_str(json_object_get(j, "grader"), "type"), "string_check");
    json_decref(j);
    http_reply_free(&r);

    snprintf(body, sizeof(body),
             "{\"grader\":%s,\"model_sample\":\"Paris\",\"item\":{\"label\":\"Paris\"}}",
             grader);
    assert_true(run_grader(emu, body, NULL) == 1.0);
    snprintf(body, sizeof(body),
             "{\"grader\":%s,\"model_sample\":\"Rome\",\"item\":{\"label\":\"Paris\"}}",
             grader);
    assert_true(run_grader(emu, body, NULL) == 0.0);
    snprintf(grader, sizeof(grader), "%s", STRING_CHECK("ilike"));
    snprintf(body, sizeof(body),
             "{\"grader\":%s,\"model_sample\":\"It is "
             "PARIS.\",\"item\":{\"label\":\"paris\"}}",
             grader);
    assert_true(run_grader(emu, body, NULL) == 1.0);

    /* Fuzzy similarity lies strictly between 0 and 1 for near matches. */
    double s =
        run_grader(emu,
                   "{\"grader\":{\"type\":\"text_similarity\",\"name\":\"t\",\"input\":"
                   "\"{{sample.output_text}}\",\"reference\":\"kitten\","
                   "\"evaluation_metric\":\"fuzzy_match\"},\"model_sample\":\"sitting\"}",
                   NULL);
    assert_true(s > 0.0 && s < 1.0);

    /* python cannot run here: reward 0 with the error flag set. */
    run_grader(
        emu,
        "{\"grader\":{\"type\":\"python\",\"name\":\"p\",\"source\":\"def grade(s, i): "
        "return 1\"},\"model_sample\":\"x\"}",
        &j);
    assert_true(json_is_true(
        json_object_get(json_object_get(json_object_get(j, "metadata"), "errors"),
                        "python_grader_server_error")));
    json_decref(j);

    /* Shape errors name the field. */
    r = emu_post(emu, "/fine_tuning/alpha/graders/validate",
                 "{\"grader\":{\"type\":\"string_check\",\"name\":\"g\",\"input\":\"a\","
                 "\"reference\":\"b\"}}");
    assert_api_error(&r, 400, "grader.operation");
    http_reply_free(&r);
    r = emu_post(emu, "/fine_tuning/alpha/graders/validate",
                 "{\"grader\":{\"type\":\"label_model\",\"name\":\"g\"}}");
    assert_api_error(&r, 400, NULL);
    http_reply_free(&r);
    r = emu_post(emu, "/fine_tuning/alpha/graders/run",
                 "{\"grader\":{\"type\":\"python\","
                 "\"name\":\"p\",\"source\":\"x\"}}");
    assert_api_error(&r, 400, "model_sample");
    http_reply_free(&r);
}

static void post_400(oft_emu *emu, const char *path, const char *body, const char *param)
{
    http_reply r = emu_post(emu, path, body);
    if (r.status != 400)
        fail_msg("%s %s: %ld %s", path, body, r.status, r.body ? r.body : "");
    assert_api_error(&r, 400, param);
    http_reply_free(&r);
}

static void test_grader_checks(void **state)
{
    oft_emu *emu = *state;
    char file[64], body[2048];
    snprintf(file, sizeof(file), "%s",
             upload_data(emu, "t.jsonl",
                         "{\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}],"
                         "\"answer\":\"4\"}\n",
                         "fine-tune"));
    struct {
        const char *grader;
        const char *param; /* after "<where>." */
    } cases[] = {
        {"{\"type\":\"bogus\",\"name\":\"g\"}", "type"},
        {"{\"name\":\"g\"}", "type"},
        {"{\"type\":\"label_model\",\"name\":\"g\",\"model\":\"m\",\"input\":[],"
         "\"labels\":[],\"passing_labels\":[]}",
         "type"}, /* only inside multi */
        {"{\"type\":\"string_check\",\"input\":\"a\",\"reference\":\"b\",\"operation\":"
         "\"eq\"}",
         "name"},
        {"{\"type\":\"string_check\",\"name\":\"g\",\"reference\":\"b\",\"operation\":"
         "\"eq\"}",
         "input"},
        {"{\"type\":\"string_check\",\"name\":\"g\",\"input\":\"a\",\"reference\":\"b\","
         "\"operation\":\"gt\"}",
         "operation"},
        {"{\"type\":\"text_similarity\",\"name\":\"g\",\"input\":\"a\",\"reference\":"
         "\"b\",\"evaluation_metric\":\"jaccard\"}",
         "evaluation_metric"},
        {"{\"type\":\"python\",\"name\":\"g\"}", "source"},
        {"{\"type\":\"score_model\",\"name\":\"g\",\"input\":[]}", "model"},
        {"{\"type\":\"score_model\",\"name\":\"g\",\"model\":\"m\",\"input\":[{\"role\":"
         "\"robot\",\"content\":\"x\"}]}",
         "input[0].role"},
        {"{\"type\":\"multi\",\"name\":\"g\",\"graders\":[]}", "calculate_output"},
        {"{\"type\":\"multi\",\"name\":\"g\",\"calculate_output\":\"a\",\"graders\":[{"
         "\"type\":\"label_model\",\"name\":\"l\",\"model\":\"m\",\"input\":[]}]}",
         "graders[0].labels"},
        {"{\"type\":\"multi\",\"name\":\"g\",\"calculate_output\":\"a\",\"graders\":[{"
         "\"type\":\"multi\",\"name\":\"l\"}]}",
         "graders[0].type"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char param[160];
        snprintf(param, sizeof(param), "method.reinforcement.grader.%s", cases[i].param);
        snprintf(body, sizeof(body),
                 "{\"model\":\"o4-mini\",\"training_file\":\"%s\",\"method\":{\"type\":"
                 "\"reinforcement\",\"reinforcement\":{\"grader\":%s}}}",
                 file, cases[i].grader);
        post_400(emu, "/fine_tuning/jobs", body, param);
        /* The same checks on the grader endpoints. */
        snprintf(param, sizeof(param), "grader.%s", cases[i].param);
        snprintf(body, sizeof(body), "{\"grader\":%s}", cases[i].grader);
        post_400(emu, "/fine_tuning/alpha/graders/validate", body, param);
        snprintf(body, sizeof(body), "{\"grader\":%s,\"model_sample\":\"x\"}",
                 cases[i].grader);
        post_400(emu, "/fine_tuning/alpha/graders/run", body, param);
    }
    snprintf(body, sizeof(body),
             "{\"model\":\"o4-mini\",\"training_file\":\"%s\",\"method\":{\"type\":"
             "\"reinforcement\",\"reinforcement\":{\"grader\":\"string_check\"}}}",
             file);
    post_400(emu, "/fine_tuning/jobs", body, "method.reinforcement.grader");

    /* A valid grader of each top-level kind is taken. */
    const char *good[] = {
        "{\"type\":\"string_check\",\"name\":\"g\",\"input\":\"{{sample.output_text}}\","
        "\"reference\":\"{{item.answer}}\",\"operation\":\"eq\"}",
        "{\"type\":\"score_model\",\"name\":\"g\",\"model\":\"o4-mini\",\"input\":[{"
        "\"role\":\"user\",\"content\":\"Rate it\"}],\"range\":[0,1]}",
        "{\"type\":\"multi\",\"name\":\"g\",\"calculate_output\":\"a\",\"graders\":{"
        "\"a\":"
        "{\"type\":\"python\",\"name\":\"p\",\"source\":\"x\"}}}",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(body, sizeof(body),
                 "{\"model\":\"o4-mini\",\"training_file\":\"%s\",\"method\":{\"type\":"
                 "\"reinforcement\",\"reinforcement\":{\"grader\":%s}}}",
                 file, good[i]);
        create_job(emu, body);
    }
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_graders, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_grader_checks, emu_setup, emu_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
