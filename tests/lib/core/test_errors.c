/* Error mapping: statuses, API error bodies, non-JSON bodies, the getters. */
#include "core_test.h"
#include "json/json.h"
#include "openai_ft.h"

static void status_codes(void **state)
{
    fixture *f = *state;
    const struct {
        int http, code;
    } map[] = {{400, OFT_EAPI},       {401, OFT_EAUTH},     {403, OFT_EPERM},
               {404, OFT_ENOTFOUND},  {409, OFT_ECONFLICT}, {422, OFT_EAPI},
               {429, OFT_ERATELIMIT}, {500, OFT_ESERVER},   {503, OFT_ESERVER},
               {418, OFT_EAPI}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        char path[32], want[32];
        snprintf(path, sizeof(path), "/e/status%d", map[i].http);
        oft_emu_script(f->emu, "GET", path, 3, map[i].http, NULL, "{\"error\":{}}", 0, 0);
        oft__request req = OFT__REQUEST_INIT;
        req.method = "GET";
        req.path = path;
        req.max_retries = 0;
        assert_int_equal(oft__http_send(f->client, &req, NULL), map[i].code);
        const oft_error *e = oft_client_last_error(f->client);
        assert_int_equal(oft_error_status(e), map[i].code);
        assert_int_equal(oft_error_http_status(e), map[i].http);
        snprintf(want, sizeof(want), "HTTP %d", map[i].http);
        assert_non_null(strstr(oft_error_message(e), want));
        oft_emu_script_clear(f->emu);
    }
}

static void api_error_fields(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/e/api", 1, 400, "x-request-id: req_abc123",
                   "{\"error\":{\"message\":\"Invalid n_epochs\",\"type\":"
                   "\"invalid_request_error\",\"param\":\"hyperparameters.n_epochs\","
                   "\"code\":\"invalid_value\"}}",
                   0, 0);
    assert_int_equal(get(f, "/e/api", NULL), OFT_EAPI);
    const oft_error *e = oft_client_last_error(f->client);
    assert_string_equal(oft_error_type(e), "invalid_request_error");
    assert_string_equal(oft_error_code(e), "invalid_value");
    assert_string_equal(oft_error_param(e), "hyperparameters.n_epochs");
    assert_string_equal(oft_error_request_id(e), "req_abc123");
    assert_non_null(strstr(oft_error_message(e), "HTTP 400: Invalid n_epochs"));
    assert_non_null(strstr(oft_error_body(e), "Invalid n_epochs"));
    assert_int_equal(oft_error_retry_after_ms(e), -1);
    assert_int_equal(oft_error_curl_code(e), 0);
    assert_null(oft_error_curl_message(e));

    /* Keep a copy past the next call. */
    oft_error *copy = NULL;
    assert_int_equal(oft_error_dup(&copy, e), OFT_OK);
    oft_emu_script(f->emu, "GET", "/e/ok", 1, 200, NULL, "{}", 0, 0);
    assert_int_equal(get(f, "/e/ok", NULL), OFT_OK);
    assert_int_equal(oft_error_status(oft_client_last_error(f->client)), OFT_OK);
    assert_string_equal(oft_error_message(oft_client_last_error(f->client)), "");
    assert_string_equal(oft_error_code(copy), "invalid_value");
    assert_string_equal(oft_error_request_id(copy), "req_abc123");
    assert_int_equal(oft_error_http_status(copy), 400);
    oft_error_free(copy);
    oft_error_free(NULL);
    assert_int_equal(oft_error_dup(NULL, e), OFT_EINVAL);
    /* NULL errors read as "no error". */
    assert_int_equal(oft_error_status(NULL), OFT_OK);
    assert_string_equal(oft_error_message(NULL), "");
}

static void body_without_error_key(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/e/flat", 1, 404, NULL,
                   "{\"message\":\"No such job\",\"type\":\"invalid_request_error\","
                   "\"code\":404}",
                   0, 0);
    assert_int_equal(get(f, "/e/flat", NULL), OFT_ENOTFOUND);
    const oft_error *e = oft_client_last_error(f->client);
    assert_string_equal(oft_error_type(e), "invalid_request_error");
    assert_string_equal(oft_error_code(e), "404");
    assert_non_null(strstr(oft_error_message(e), "HTTP 404: No such job"));
}

static void html_page(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/e/html", 3, 502, "Content-Type: text/html",
                   "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad "
                   "Gateway</h1><p>The proxy got an invalid response.</p></body></html>",
                   0, 0);
    assert_int_equal(get(f, "/e/html", NULL), OFT_ESERVER);
    const oft_error *e = oft_client_last_error(f->client);
    const char *m = oft_error_message(e);
    assert_non_null(strstr(m, "HTTP 502"));
    assert_non_null(strstr(m, "Bad Gateway"));
    assert_null(strstr(m, "<h1>"));
    assert_null(oft_error_type(e));
    assert_non_null(strstr(oft_error_body(e), "<h1>"));
}

static void long_text_truncated(void **state)
{
    fixture *f = *state;
    char big[2000];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    oft_emu_script(f->emu, "GET", "/e/long", 1, 400, "Content-Type: text/plain", big, 0,
                   0);
    assert_int_equal(get(f, "/e/long", NULL), OFT_EAPI);
    const char *m = oft_error_message(oft_client_last_error(f->client));
    assert_true(strlen(m) < 300);
    assert_non_null(strstr(m, "..."));
}

static void problem_json(void **state)
{
    fixture *f = *state;
    oft_emu_script(
        f->emu, "GET", "/e/problem", 1, 403, "Content-Type: application/problem+json",
        "{\"type\":\"https://example.com/probs/forbidden\",\"title\":\"Forbidden\","
        "\"status\":403,\"detail\":\"Your IP is not allowed\"}",
        0, 0);
    assert_int_equal(get(f, "/e/problem", NULL), OFT_EPERM);
    const char *m = oft_error_message(oft_client_last_error(f->client));
    assert_non_null(strstr(m, "HTTP 403: Forbidden: Your IP is not allowed"));
}

static void empty_body(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/e/empty", 3, 502, NULL, NULL, 0, 0);
    assert_int_equal(get(f, "/e/empty", NULL), OFT_ESERVER);
    const oft_error *e = oft_client_last_error(f->client);
    assert_non_null(strstr(oft_error_message(e), "HTTP 502 with no body"));
    assert_null(oft_error_body(e));
}

static void truncated_json(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/e/trunc", 1, 400, NULL,
                   "{\"error\":{\"message\":\"Inva", 0, 0);
    assert_int_equal(get(f, "/e/trunc", NULL), OFT_EAPI);
    const char *m = oft_error_message(oft_client_last_error(f->client));
    assert_non_null(strstr(m, "HTTP 400"));
    assert_non_null(strstr(m, "truncated or invalid JSON"));
}

static void ok_with_invalid_json(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/e/badjson", 1, 200, NULL, "{\"id\": \"x\",\n  oops}",
                   0, 0);
    oft__response resp = OFT__RESPONSE_INIT;
    assert_int_equal(get(f, "/e/badjson", &resp), OFT_OK);
    json_t *root = NULL;
    assert_int_equal(
        oft__json_parse(f->client, "fine_tuning.job", resp.body, resp.body_len, &root),
        OFT_EPARSE);
    assert_null(root);
    const char *m = oft_error_message(oft_client_last_error(f->client));
    assert_non_null(strstr(m, "fine_tuning.job"));
    assert_non_null(strstr(m, "line 2"));
    oft__response_dispose(&resp);
}

static void key_echoed_by_server(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/e/echo", 1, 401, NULL,
                   "{\"error\":{\"message\":\"Incorrect API key provided: " TEST_KEY
                   "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
                   0, 0);
    assert_int_equal(get(f, "/e/echo", NULL), OFT_EAUTH);
    const oft_error *e = oft_client_last_error(f->client);
    assert_null(strstr(oft_error_message(e), TEST_KEY));
    assert_non_null(strstr(oft_error_message(e), "sk-...redacted"));
    assert_null(strstr(oft_error_body(e), TEST_KEY));
}

static void status_strings(void **state)
{
    (void)state;
    for (int s = OFT_EINTERNAL; s <= OFT_OK; s++) {
        const char *str = oft_status_str(s);
        assert_non_null(str);
        assert_string_not_equal(str, "unknown status code");
        for (int t = s + 1; t <= OFT_OK; t++)
            assert_string_not_equal(str, oft_status_str(t));
    }
    assert_string_equal(oft_status_str(-999), "unknown status code");
    assert_string_equal(oft_status_str(42), "unknown status code");
}

static void json_helpers(void **state)
{
    fixture *f = *state;
    json_t *o = NULL;
    const char *text = "{\"s\":\"v\",\"t\":1700000000,\"n\":null,\"r\":1.5,\"b\":true,"
                       "\"hp1\":\"auto\",\"hp2\":3,\"hp3\":null,\"obj\":{\"a\":[1,2]}}";
    assert_int_equal(oft__json_parse(f->client, "x", text, strlen(text), &o), OFT_OK);
    char *s = oft__json_str(o, "s");
    assert_string_equal(s, "v");
    oft__free(s);
    assert_null(oft__json_str(o, "t"));
    assert_int_equal(oft__json_time(o, "t"), 1700000000);
    assert_int_equal(oft__json_time(o, "n"), OFT_TIME_NONE);
    assert_int_equal(oft__json_int(o, "missing", 7), 7);
    assert_true(oft__json_num(o, "r", 0) == 1.5);
    assert_int_equal(oft__json_bool(o, "b", 0), 1);
    assert_int_equal(oft__json_hp(o, "hp1").mode, OFT_HP_AUTO);
    assert_int_equal(oft__json_hp(o, "hp2").mode, OFT_HP_VALUE);
    assert_int_equal(oft__json_hp(o, "hp3").mode, OFT_HP_UNSET);
    char *d = oft__json_dump_key(o, "obj");
    assert_string_equal(d, "{\"a\":[1,2]}");
    oft__free(d);
    assert_null(oft__json_dump_key(o, "n"));

    json_t *w = json_object();
    assert_int_equal(oft__json_set_str(w, "a", NULL), 0);
    assert_int_equal(oft__json_set_str(w, "a", "b"), 0);
    oft_hp_num hp = {OFT_HP_VALUE, 4};
    assert_int_equal(oft__json_set_hp(w, "n", hp, 1), 0);
    hp.mode = OFT_HP_UNSET;
    assert_int_equal(oft__json_set_hp(w, "u", hp, 1), 0);
    assert_int_equal(oft__json_merge_raw(f->client, w, "extra_body", "{\"x\":true}"),
                     OFT_OK);
    assert_int_equal(oft__json_merge_raw(f->client, w, "extra_body", "[1]"), OFT_EINVAL);
    assert_non_null(
        strstr(oft_error_message(oft_client_last_error(f->client)), "extra_body"));
    assert_int_equal(oft__json_set_raw(f->client, w, "grader", "grader", "{bad"),
                     OFT_EINVAL);
    assert_int_equal(oft__json_set_raw(f->client, w, "grader", "grader", "{\"g\":1}"),
                     OFT_OK);
    size_t len = 0;
    char *out = oft__json_to_string(w, &len);
    assert_string_equal(out, "{\"a\":\"b\",\"n\":4,\"x\":true,\"grader\":{\"g\":1}}");
    assert_int_equal(len, strlen(out));
    oft__free(out);
    json_decref(w);
    json_decref(o);
}

/* Fails a call (an empty job ID), so that a stale error would show. */
static void fail_previous(oft_client *c)
{
    oft_job *job = (oft_job *)1;
    assert_int_equal(oft_job_retrieve(&job, c, ""), OFT_EINVAL);
    assert_null(job);
    assert_non_null(strstr(oft_error_message(oft_client_last_error(c)), "job_id"));
}

/* The call returned OFT_EINVAL and the client's error is that of a NULL out. */
static void assert_null_out(oft_client *c, int rc)
{
    assert_int_equal(rc, OFT_EINVAL);
    const oft_error *e = oft_client_last_error(c);
    assert_int_equal(oft_error_status(e), OFT_EINVAL);
    assert_string_equal(oft_error_message(e), "out: must not be NULL");
}

/* A NULL out records its own error, not the previous call's (one call per file). */
static void null_out_recorded(void **state)
{
    fixture *f = *state;
    oft_client *c = f->client;
    size_t before = oft_emu_request_count(f->emu, NULL, NULL);
    fail_previous(c);
    assert_null_out(c, oft_job_retrieve(NULL, c, "ftjob-1"));
    fail_previous(c);
    assert_null_out(c, oft_event_list(NULL, c, "ftjob-1", NULL));
    fail_previous(c);
    assert_null_out(c, oft_checkpoint_list(NULL, c, "ftjob-1", NULL));
    fail_previous(c);
    assert_null_out(c, oft_checkpoint_permission_list(NULL, c, "ft:m:ckpt", NULL));
    fail_previous(c);
    assert_null_out(c, oft_job_wait(NULL, c, "ftjob-1", NULL));
    fail_previous(c);
    assert_null_out(c, oft_file_retrieve(NULL, c, "file-1"));
    fail_previous(c);
    assert_null_out(c, oft_upload_cancel(NULL, c, "upload_1"));
    fail_previous(c);
    assert_null_out(c, oft_model_retrieve(NULL, c, "gpt-4o-mini"));
    /* An iterator's next names its NULL out on the iterator's client too. */
    oft_job_iter *it = NULL;
    assert_int_equal(oft_job_iter_new(&it, c, NULL), OFT_OK);
    fail_previous(c);
    assert_null_out(c, oft_job_iter_next(NULL, it));
    oft_job_iter_free(it);
    const oft_job *item = (const oft_job *)1;
    assert_int_equal(oft_job_iter_next(&item, NULL), OFT_EINVAL);
    assert_null(item);
    /* A call that starts well clears the previous error. */
    fail_previous(c);
    assert_int_equal(oft_file_download_fd(c, "file-1", -1), OFT_EINVAL);
    assert_non_null(strstr(oft_error_message(oft_client_last_error(c)), "fd"));
    /* No client: OFT_EINVAL, *out still set to NULL. */
    oft_model *m = (oft_model *)1;
    assert_int_equal(oft_model_retrieve(&m, NULL, "gpt-4o-mini"), OFT_EINVAL);
    assert_null(m);
    assert_int_equal(oft_file_download_fd(NULL, "file-1", 1), OFT_EINVAL);
    /* Nothing was sent. */
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), before);
}

/* The client's last error message contains `needle`. */
static void assert_mentions(oft_client *c, const char *needle)
{
    const char *m = oft_error_message(oft_client_last_error(c));
    if (strstr(m, needle) == NULL)
        fail_msg("error \"%s\" does not mention \"%s\"", m, needle);
}

/* A base URL without /v1: the 404 for a path the server does not serve says
 * so in the library's message (every binding shows it), a real 404 does not. */
static void base_url_without_v1_hint(void **state)
{
    fixture *f = *state;
    char root[256], want[600];
    const char *base = oft_emu_base_url(f->emu);
    snprintf(root, sizeof(root), "%.*s", (int)(strlen(base) - 3), base); /* no "/v1" */
    snprintf(want, sizeof(want), "hint: the base URL %s has no /v1 path; try %s/v1", root,
             root);
    oft_client_options o;
    fixture_options(f, &o);
    o.base_url = root;
    oft_client *c = NULL;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    oft_job_page *page = NULL;
    assert_int_equal(oft_job_list(&page, c, NULL), OFT_ENOTFOUND);
    assert_mentions(c, "HTTP 404");
    assert_mentions(c, want);
    /* A bare 404 page (not an API error body) on the same base URL. */
    oft_emu_script(f->emu, "GET", "/e/plain", 1, 404, "Content-Type: text/plain",
                   "404 page not found", 0, 0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/e/plain";
    req.max_retries = 0;
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_ENOTFOUND);
    assert_mentions(c, want);
    oft_client_free(c);
    /* With /v1: a job that does not exist is a 404 of the API, no hint. */
    oft_job *job = NULL;
    assert_int_equal(oft_job_retrieve(&job, f->client, "ftjob-missing"), OFT_ENOTFOUND);
    assert_null(strstr(oft_error_message(oft_client_last_error(f->client)), "hint"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(status_codes),
        T(api_error_fields),
        T(body_without_error_key),
        T(html_page),
        T(long_text_truncated),
        T(problem_json),
        T(empty_body),
        T(truncated_json),
        T(ok_with_invalid_json),
        T(key_echoed_by_server),
        T(status_strings),
        T(json_helpers),
        T(null_out_recorded),
        T(base_url_without_v1_hint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
