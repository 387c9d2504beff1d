/*
 * The alpha graders over real HTTP against the in-process emulator: validate
 * and run, the answers mapped into their structs, the API's 400 with its
 * param, and the grader, sample and item refused before anything is sent.
 */
#include <math.h>

#include "test_jobs_common.h"

#define STRING_CHECK                                                                     \
    "{\"type\":\"string_check\",\"name\":\"exact\",\"input\":\"{{sample.output_text}}"   \
    "\","                                                                                \
    "\"reference\":\"{{item.label}}\",\"operation\":\"eq\"}"

static void test_validate_echoes_the_grader(void **state)
{
    fixture *f = *state;
    oft_grader_validation *v = NULL;
    assert_int_equal(oft_grader_validate(&v, f->c, STRING_CHECK), OFT_OK);
    assert_non_null(v->grader_json);
    assert_non_null(strstr(v->grader_json, "\"operation\":\"eq\""));
    assert_non_null(strstr(v->grader_json, "\"type\":\"string_check\""));
    assert_string_equal(v->type, "string_check");
    assert_string_equal(v->name, "exact");
    assert_non_null(v->request_id);
    assert_non_null(strstr(v->raw_json, "\"grader\""));
    oft_grader_validation_free(v);
    char path[256], body[1024];
    last_request(f->emu, "POST", "/fine_tuning/alpha/graders/validate", path,
                 sizeof(path), body, sizeof(body));
    assert_string_equal(path, "/v1/fine_tuning/alpha/graders/validate");
    assert_non_null(strstr(body, "{\"grader\":{"));
}

static void test_validate_invalid_is_the_apis_400(void **state)
{
    fixture *f = *state;
    oft_grader_validation *v = NULL;
    const char *bad = "{\"type\":\"string_check\",\"name\":\"g\",\"input\":\"a\","
                      "\"reference\":\"b\",\"operation\":\"equals\"}";
    assert_int_equal(oft_grader_validate(&v, f->c, bad), OFT_EAPI);
    assert_null(v);
    const oft_error *e = oft_client_last_error(f->c);
    assert_int_equal(oft_error_http_status(e), 400);
    assert_non_null(oft_error_param(e));
    assert_string_equal(oft_error_param(e), "grader.operation");
    /* A type the API does not know. */
    assert_int_equal(oft_grader_validate(&v, f->c, "{\"type\":\"regex\",\"name\":\"g\"}"),
                     OFT_EAPI);
    assert_non_null(oft_error_param(oft_client_last_error(f->c)));
}

static void test_refused_before_sending(void **state)
{
    fixture *f = *state;
    oft_grader_validation *v = NULL;
    oft_grader_run_result *r = NULL;
    static const char *const bad[] = {
        "{\"type\":\"string_check\"",                /* truncated */
        "[{\"type\":\"python\"}]",                   /* not an object */
        "{\"name\":\"g\"}",                          /* no type */
        "{\"type\":7}",                              /* type not a string */
        "{\"type\":\"\"}",                           /* empty type */
        "{\"type\":\"python\",\"x\":\"a\\u0000b\"}", /* an escaped NUL */
        "{\"type\":\"caf\xe9\"}",                    /* not UTF-8 */
        "",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(oft_grader_validate(&v, f->c, bad[i]), OFT_EINVAL);
        assert_null(v);
        assert_error_mentions(f->c, "grader_json");
        assert_int_equal(oft_grader_run(&r, f->c, bad[i], "x", NULL), OFT_EINVAL);
        assert_null(r);
        assert_error_mentions(f->c, "grader_json");
    }
    assert_int_equal(oft_grader_validate(&v, f->c, NULL), OFT_EINVAL);
    assert_error_mentions(f->c, "grader_json: required");
    assert_int_equal(oft_grader_validate(NULL, f->c, STRING_CHECK), OFT_EINVAL);
    assert_int_equal(oft_grader_validate(&v, NULL, STRING_CHECK), OFT_EINVAL);

    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, NULL, NULL), OFT_EINVAL);
    assert_error_mentions(f->c, "model_sample: required");
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "caf\xe9", NULL), OFT_EINVAL);
    assert_error_mentions(f->c, "model_sample");
    oft_grader_run_options o = OFT_GRADER_RUN_OPTIONS_INIT;
    o.item_json = "[1,2]";
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "x", &o), OFT_EINVAL);
    assert_error_mentions(f->c, "item_json: must be a JSON object");
    o.item_json = "{\"label\":";
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "x", &o), OFT_EINVAL);
    assert_error_mentions(f->c, "item_json");
    o.item_json = NULL;
    o.version = 99;
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "x", &o), OFT_EVERSION);
    assert_int_equal(oft_grader_run_options_init(&o, 2), OFT_EVERSION);
    assert_int_equal(oft_grader_run_options_init(&o, OFT_GRADER_RUN_OPTIONS_VERSION),
                     OFT_OK);
    assert_null(o.item_json);
    /* Nothing reached the server. */
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 0);
}

static void test_run_scores_the_sample(void **state)
{
    fixture *f = *state;
    oft_grader_run_result *r = NULL;
    oft_grader_run_options o = OFT_GRADER_RUN_OPTIONS_INIT;
    o.item_json = "{\"label\":\"Paris\"}";
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "Paris", &o), OFT_OK);
    assert_true(r->reward == 1.0);
    assert_string_equal(r->metadata.name, "exact");
    assert_string_equal(r->metadata.type, "string_check");
    assert_false(r->metadata.errors.python_grader_server_error);
    assert_false(r->metadata.errors.other_error);
    assert_null(r->metadata.errors.model_grader_server_error_details);
    assert_true(r->metadata.execution_time >= 0);
    assert_int_equal(r->metadata.scores_count, 1);
    assert_string_equal(r->metadata.scores[0].name, "exact");
    assert_true(r->metadata.scores[0].value == 1.0);
    assert_null(r->metadata.sampled_model_name);
    assert_null(r->metadata.token_usage_json);
    assert_string_equal(r->model_grader_token_usage_per_model, "{}");
    assert_non_null(r->request_id);
    oft_grader_run_result_free(r);
    char path[256], body[1024];
    last_request(f->emu, "POST", "/fine_tuning/alpha/graders/run", path, sizeof(path),
                 body, sizeof(body));
    assert_non_null(strstr(body, "\"model_sample\":\"Paris\""));
    assert_non_null(strstr(body, "\"item\":{\"label\":\"Paris\"}"));

    /* Another sample, no item: the reference renders empty. */
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "Lyon", NULL), OFT_OK);
    assert_true(r->reward == 0.0);
    oft_grader_run_result_free(r);
    last_request(f->emu, "POST", "/fine_tuning/alpha/graders/run", path, sizeof(path),
                 body, sizeof(body));
    assert_null(strstr(body, "\"item\""));
}

static void test_run_multi_and_flagged_errors(void **state)
{
    fixture *f = *state;
    oft_grader_run_result *r = NULL;
    const char *multi =
        "{\"type\":\"multi\",\"name\":\"both\",\"calculate_output\":\"(a + b) / 2\","
        "\"graders\":[{\"type\":\"string_check\",\"name\":\"a\",\"input\":"
        "\"{{sample.output_text}}\",\"reference\":\"yes\",\"operation\":\"eq\"},"
        "{\"type\":\"python\",\"name\":\"b\",\"source\":\"def grade(s, i): return 1\"}]}";
    assert_int_equal(oft_grader_run(&r, f->c, multi, "yes", NULL), OFT_OK);
    assert_string_equal(r->metadata.type, "multi");
    assert_true(r->metadata.errors.python_grader_server_error);
    assert_non_null(r->metadata.errors.python_grader_server_error_type);
    assert_int_equal(r->sub_rewards_count, 2);
    assert_string_equal(r->sub_rewards[0].name, "a");
    assert_true(r->sub_rewards[0].value == 1.0);
    assert_string_equal(r->sub_rewards[1].name, "b");
    assert_non_null(r->sub_rewards_json);
    oft_grader_run_result_free(r);

    /* A run the API refuses: its 400 and param. */
    const char *bad = "{\"type\":\"text_similarity\",\"name\":\"t\",\"input\":\"a\","
                      "\"reference\":\"b\"}";
    assert_int_equal(oft_grader_run(&r, f->c, bad, "yes", NULL), OFT_EAPI);
    assert_null(r);
    assert_int_equal(oft_error_http_status(oft_client_last_error(f->c)), 400);
    assert_string_equal(oft_error_param(oft_client_last_error(f->c)),
                        "grader.evaluation_metric");
}

/* The spec's example answer (token_usage an object, a sampled model), then
 * answers that are not a run. */
static void test_run_maps_every_field(void **state)
{
    fixture *f = *state;
    oft_grader_run_result *r = NULL;
    oft_emu_script(
        f->emu, "POST", "/fine_tuning/alpha/graders/run", 1, 200, "x-request-id: req_run",
        "{\"reward\":0.5,\"metadata\":{\"name\":\"s\",\"type\":\"score_model\","
        "\"errors\":{\"formula_parse_error\":false,\"sample_parse_error\":false,"
        "\"truncated_observation_error\":false,\"unresponsive_reward_error\":false,"
        "\"invalid_variable_error\":false,\"other_error\":false,"
        "\"python_grader_server_error\":false,\"python_grader_server_error_type\":null,"
        "\"python_grader_runtime_error\":false,"
        "\"python_grader_runtime_error_details\":null,"
        "\"model_grader_server_error\":false,\"model_grader_refusal_error\":true,"
        "\"model_grader_parse_error\":false,"
        "\"model_grader_server_error_details\":\"refused\"},"
        "\"execution_time\":2.25,\"scores\":{\"s\":0.5,\"note\":\"x\"},"
        "\"token_usage\":{\"prompt_tokens\":10,\"total_tokens\":12,"
        "\"completion_tokens\":2,\"cached_tokens\":0},"
        "\"sampled_model_name\":\"gpt-4o-2024-08-06\"},\"sub_rewards\":{},"
        "\"model_grader_token_usage_per_model\":{\"gpt-4o-2024-08-06\":"
        "{\"prompt_tokens\":10}}}",
        0, 0);
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "x", NULL), OFT_OK);
    assert_true(r->reward == 0.5);
    assert_true(r->metadata.execution_time == 2.25);
    assert_true(r->metadata.errors.model_grader_refusal_error);
    assert_false(r->metadata.errors.model_grader_parse_error);
    assert_string_equal(r->metadata.errors.model_grader_server_error_details, "refused");
    assert_int_equal(r->metadata.scores_count, 1); /* the string is in scores_json */
    assert_non_null(strstr(r->metadata.scores_json, "\"note\":\"x\""));
    assert_non_null(strstr(r->metadata.token_usage_json, "\"total_tokens\":12"));
    assert_string_equal(r->metadata.sampled_model_name, "gpt-4o-2024-08-06");
    assert_int_equal(r->sub_rewards_count, 0);
    assert_null(r->sub_rewards);
    assert_non_null(strstr(r->model_grader_token_usage_per_model, "gpt-4o-2024-08-06"));
    assert_string_equal(r->request_id, "req_run");
    oft_grader_run_result_free(r);

    oft_emu_script(f->emu, "POST", "/fine_tuning/alpha/graders/run", 1, 200, NULL, "[1]",
                   0, 0);
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "x", NULL), OFT_EPARSE);
    assert_error_mentions(f->c, "grader run");
    oft_emu_script(f->emu, "POST", "/fine_tuning/alpha/graders/run", 1, 200, NULL, "{}",
                   0, 0);
    assert_int_equal(oft_grader_run(&r, f->c, STRING_CHECK, "x", NULL), OFT_OK);
    assert_true(isnan(r->reward));
    assert_null(r->metadata.name);
    oft_grader_run_result_free(r);
    oft_emu_script(f->emu, "POST", "/fine_tuning/alpha/graders/validate", 1, 200, NULL,
                   "{}", 0, 0);
    oft_grader_validation *v = NULL;
    assert_int_equal(oft_grader_validate(&v, f->c, STRING_CHECK), OFT_OK);
    assert_null(v->grader_json); /* the spec makes it optional */
    assert_null(v->type);
    oft_grader_validation_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validate_echoes_the_grader, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_validate_invalid_is_the_apis_400,
                                        setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_refused_before_sending, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_run_scores_the_sample, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_run_multi_and_flagged_errors, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_run_maps_every_field, setup_plain,
                                        teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
