/* oft_client_set_call_options and oft_client_response_headers, over real
 * loopback HTTP to the emulator: what a call sends with them, and what it
 * keeps of the answer. */
#include "core_test.h"
#include "openai_ft/files.h"
#include "openai_ft/graders.h"
#include "openai_ft/jobs.h"
#include "openai_ft/models.h"

#define MODEL "gpt-4o-mini-2024-07-18"

static const char *const ok_body = "{\"object\":\"ok\"}";
static const char *const err_body =
    "{\"error\":{\"message\":\"nope\",\"type\":\"server_error\",\"code\":null}}";

static int retrieve(fixture *f, const char *id)
{
    oft_model *m = NULL;
    int rc = oft_model_retrieve(&m, f->client, id);
    oft_model_free(m);
    return rc;
}

static void headers_and_query_sent(void **state)
{
    fixture *f = *state;
    const oft_kv headers[] = {{"X-Extra", "one"},
                              {"User-Agent", "mine/1"},
                              {"Authorization", "Bearer sk-evil"}};
    const oft_kv query[] = {{"a", "b c"}, {"flag", "true"}};
    oft_call_options o;
    assert_int_equal(oft_call_options_init(&o, OFT_CALL_OPTIONS_VERSION), OFT_OK);
    assert_int_equal(o.max_retries, -1);
    o.headers = headers;
    o.headers_count = 3;
    o.query = query;
    o.query_count = 2;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_OK);
    assert_int_equal(retrieve(f, MODEL), OFT_OK);

    char value[256], path[256];
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/models/", "X-Extra", value,
                                          sizeof(value), path, sizeof(path), NULL, 0),
                     0);
    assert_string_equal(value, "one");
    assert_string_equal(path, "/v1/models/" MODEL "?a=b%20c&flag=true");
    last_header(f, "/models/", "User-Agent", value, sizeof(value));
    assert_string_equal(value, "mine/1"); /* replaces the library's */
    last_header(f, "/models/", "Authorization", value, sizeof(value));
    assert_string_equal(value, "Bearer " TEST_KEY); /* never replaced */

    /* After a request's own query; and the options stay until changed. */
    oft_job_page *page = NULL;
    oft_job_list_options lo;
    oft_job_list_options_init(&lo, OFT_JOB_LIST_OPTIONS_VERSION);
    lo.limit = 2;
    assert_int_equal(oft_job_list(&page, f->client, &lo), OFT_OK);
    oft_job_page_free(page);
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/fine_tuning/jobs", NULL, NULL,
                                          0, path, sizeof(path), NULL, 0),
                     0);
    assert_string_equal(path, "/v1/fine_tuning/jobs?limit=2&a=b%20c&flag=true");

    /* NULL clears them. */
    assert_int_equal(oft_client_set_call_options(f->client, NULL), OFT_OK);
    assert_int_equal(retrieve(f, MODEL), OFT_OK);
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/models/", "X-Extra", value,
                                          sizeof(value), path, sizeof(path), NULL, 0),
                     0);
    assert_string_equal(value, "");
    assert_string_equal(path, "/v1/models/" MODEL);
    last_header(f, "/models/", "User-Agent", value, sizeof(value));
    assert_non_null(strstr(value, "libopenai_ft/"));
}

static void timeout_and_retries(void **state)
{
    fixture *f = *state;
    oft_call_options o = OFT_CALL_OPTIONS_INIT;
    o.max_retries = 0;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_OK);
    oft_emu_script(f->emu, "GET", "/models/m-503", 1, 503, NULL, err_body, 0, 0);
    oft_emu_script(f->emu, "GET", "/models/m-503", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(retrieve(f, "m-503"), OFT_ESERVER);
    assert_int_equal(count(f, "/models/m-503"), 1);
    oft_emu_script_clear(f->emu); /* its 200 is not for the next path */
    /* The client's 2 retries once they are cleared. */
    assert_int_equal(oft_client_set_call_options(f->client, NULL), OFT_OK);
    oft_emu_script(f->emu, "GET", "/models/m-503b", 1, 503, NULL, err_body, 0, 0);
    oft_emu_script(f->emu, "GET", "/models/m-503b", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(retrieve(f, "m-503b"), OFT_EPARSE); /* ok_body is no model */
    assert_int_equal(count(f, "/models/m-503b"), 2);

    o.timeout_ms = getenv("OFT_UNDER_VALGRIND") ? 800 : 200;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_OK);
    oft_emu_script(f->emu, "GET", "/models/m-slow", 1, 200, NULL, ok_body, 0, 2500);
    assert_int_equal(retrieve(f, "m-slow"), OFT_ETIMEOUT);
    assert_int_equal(oft_client_set_call_options(f->client, NULL), OFT_OK);
    oft_emu_script_clear(f->emu);
}

static void response_headers_kept(void **state)
{
    fixture *f = *state;
    assert_null(oft_client_response_headers(f->client));
    assert_null(oft_client_response_headers(NULL));
    assert_int_equal(retrieve(f, MODEL), OFT_OK);
    const char *h = oft_client_response_headers(f->client);
    assert_non_null(h);
    assert_int_equal(strncmp(h, "HTTP/1.1 200", 12), 0);
    assert_non_null(strstr(h, "x-request-id: req_"));

    /* Every header of the answer (the rate limits the API sends), the last
     * attempt's after a retry, and a failed answer's too. */
    oft_emu_script(f->emu, "GET", "/models/m-rl", 1, 429,
                   "retry-after-ms: 1\nx-ratelimit-remaining-requests: 0\n", err_body, 0,
                   0);
    oft_emu_script(f->emu, "GET", "/models/m-rl", 1, 404,
                   "x-ratelimit-remaining-requests: 59\nx-ratelimit-limit-requests: 60\n",
                   err_body, 0, 0);
    assert_int_equal(retrieve(f, "m-rl"), OFT_ENOTFOUND);
    h = oft_client_response_headers(f->client);
    assert_non_null(h);
    assert_int_equal(strncmp(h, "HTTP/1.1 404", 12), 0);
    assert_non_null(strstr(h, "x-ratelimit-remaining-requests: 59\r\n"));
    assert_non_null(strstr(h, "x-ratelimit-limit-requests: 60\r\n"));
    assert_null(strstr(h, "x-ratelimit-remaining-requests: 0"));

    /* A key the server reflects in a header is redacted, as in errors. */
    oft_emu_script(f->emu, "GET", "/models/m-echo", 1, 404, "x-echo: " TEST_KEY "\n",
                   err_body, 0, 0);
    assert_int_equal(retrieve(f, "m-echo"), OFT_ENOTFOUND);
    assert_no_key_piece(oft_client_response_headers(f->client));

    /* A call that sends nothing has none. */
    assert_int_equal(retrieve(f, ""), OFT_EINVAL);
    assert_null(oft_client_response_headers(f->client));
    oft_emu_script_clear(f->emu);
}

static void extra_body_merged(void **state)
{
    fixture *f = *state;
    oft_call_options o = OFT_CALL_OPTIONS_INIT;
    o.extra_body_json = "{\"extra_field\":1,\"name\":\"over\"}";
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_OK);

    /* Over a request's own members... */
    char body[512];
    oft_emu_script(f->emu, "POST", "/fine_tuning/alpha/graders/validate", 1, 400, NULL,
                   err_body, 0, 0);
    oft_grader_validation *v = NULL;
    assert_int_equal(
        oft_grader_validate(&v, f->client, "{\"type\":\"string_check\",\"name\":\"g\"}"),
        OFT_EAPI);
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/fine_tuning/alpha/graders",
                                          NULL, NULL, 0, NULL, 0, body, sizeof(body)),
                     0);
    assert_non_null(strstr(body, "\"grader\":{"));
    assert_non_null(strstr(body, "\"extra_field\":1"));
    char ctype[64];
    last_header(f, "/fine_tuning/alpha/graders", "Content-Type", ctype, sizeof(ctype));
    assert_string_equal(ctype, "application/json");

    /* ...as the body of a POST that sends none, and not on a GET. */
    oft_emu_script(f->emu, "POST", "/fine_tuning/jobs/ftjob-extra/cancel", 1, 404, NULL,
                   err_body, 0, 0);
    oft_job *j = NULL;
    assert_int_equal(oft_job_cancel(&j, f->client, "ftjob-extra"), OFT_ENOTFOUND);
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/fine_tuning/jobs/ftjob-extra",
                                          NULL, NULL, 0, NULL, 0, body, sizeof(body)),
                     0);
    assert_string_equal(body, "{\"extra_field\":1,\"name\":\"over\"}");
    assert_int_equal(retrieve(f, MODEL), OFT_OK);

    /* A multipart upload refuses it, sending nothing. */
    size_t before = count(f, "/files");
    oft_file *file = NULL;
    const char *data = getenv("OFT_TEST_DATA");
    char path[512];
    snprintf(path, sizeof(path), "%s/jsonl/chat_good.jsonl", data ? data : "tests/data");
    assert_int_equal(oft_file_upload(&file, f->client, path, NULL), OFT_EINVAL);
    assert_non_null(
        strstr(oft_error_message(oft_client_last_error(f->client)), "multipart"));
    assert_int_equal(count(f, "/files"), before);

    /* Text that is no JSON object is refused when a POST would carry it. */
    o.extra_body_json = "[1]";
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_OK);
    assert_int_equal(oft_job_cancel(&j, f->client, "ftjob-extra"), OFT_EINVAL);
    assert_non_null(
        strstr(oft_error_message(oft_client_last_error(f->client)), "extra_body_json"));
    assert_int_equal(oft_client_set_call_options(f->client, NULL), OFT_OK);
    oft_emu_script_clear(f->emu);
}

static void refused_options(void **state)
{
    fixture *f = *state;
    const oft_kv set[] = {{"X-Kept", "1"}};
    const oft_kv bad_name[] = {{"Bad Name", "1"}};
    const oft_kv bad_value[] = {{"X-Ok", "a\r\nInjected: 1"}};
    const oft_kv empty_key[] = {{"", "v"}};
    oft_call_options o = OFT_CALL_OPTIONS_INIT;
    o.headers = set;
    o.headers_count = 1;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_OK);

    o.headers = bad_name;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_EINVAL);
    assert_non_null(strstr(oft_error_message(oft_client_last_error(f->client)),
                           "headers[0]: invalid header name"));
    /* Refused options clear the ones before. */
    assert_int_equal(retrieve(f, MODEL), OFT_OK);
    char value[64];
    last_header(f, "/models/", "X-Kept", value, sizeof(value));
    assert_string_equal(value, "");

    o.headers = bad_value;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_EINVAL);
    o.headers = NULL;
    assert_int_equal(oft_client_set_call_options(f->client, &o),
                     OFT_EINVAL); /* count 1 */
    o.headers_count = 0;
    o.query = empty_key;
    o.query_count = 1;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_EINVAL);
    o.query_count = 0;
    o.timeout_ms = -1;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_EINVAL);
    o.timeout_ms = 0;
    o.max_retries = -2;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_EINVAL);
    o.max_retries = -1;
    o.version = 0;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_EVERSION);
    o.version = OFT_CALL_OPTIONS_VERSION + 1;
    assert_int_equal(oft_client_set_call_options(f->client, &o), OFT_EVERSION);
    assert_int_equal(oft_client_set_call_options(NULL, &o), OFT_EINVAL);
    assert_int_equal(oft_call_options_init(&o, OFT_CALL_OPTIONS_VERSION + 1),
                     OFT_EVERSION);
    assert_int_equal(oft_call_options_init(NULL, OFT_CALL_OPTIONS_VERSION), OFT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(headers_and_query_sent, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(timeout_and_retries, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(response_headers_kept, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(extra_body_merged, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(refused_options, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
