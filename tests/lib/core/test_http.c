/* The HTTP layer over real loopback HTTP: the retry matrix, bodies, escaping. */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "core_test.h"

static const char *const ok_body = "{\"object\":\"ok\"}";
static const char *const err_body =
    "{\"error\":{\"message\":\"nope\",\"type\":\"server_error\",\"code\":null}}";

static void retried_then_ok(void **state)
{
    fixture *f = *state;
    const int statuses[] = {408, 409, 429, 500, 502, 503, 504};
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        char path[64];
        snprintf(path, sizeof(path), "/t/retry%d", statuses[i]);
        oft_emu_script(f->emu, "GET", path, 1, statuses[i], NULL, err_body, 0, 0);
        oft_emu_script(f->emu, "GET", path, 1, 200, NULL, ok_body, 0, 0);
        oft__response resp = OFT__RESPONSE_INIT;
        assert_int_equal(get(f, path, &resp), OFT_OK);
        assert_int_equal(resp.status, 200);
        assert_string_equal(resp.body, ok_body);
        assert_non_null(resp.request_id);
        assert_int_equal(count(f, path), 2);
        char rc[16];
        last_header(f, path, "X-Stainless-Retry-Count", rc, sizeof(rc));
        assert_string_equal(rc, "1");
        oft__response_dispose(&resp);
        assert_int_equal(oft_error_status(oft_client_last_error(f->client)), OFT_OK);
    }
}

static void not_retried(void **state)
{
    fixture *f = *state;
    const int statuses[] = {400, 401, 403, 404, 422};
    const int codes[] = {OFT_EAPI, OFT_EAUTH, OFT_EPERM, OFT_ENOTFOUND, OFT_EAPI};
    for (size_t i = 0; i < 5; i++) {
        char path[64];
        snprintf(path, sizeof(path), "/t/noretry%d", statuses[i]);
        oft_emu_script(f->emu, "GET", path, 3, statuses[i], NULL, err_body, 0, 0);
        oft__response resp = OFT__RESPONSE_INIT;
        assert_int_equal(get(f, path, &resp), codes[i]);
        assert_int_equal(resp.status, statuses[i]);
        assert_int_equal(count(f, path), 1);
        assert_int_equal(oft_error_http_status(oft_client_last_error(f->client)),
                         statuses[i]);
        oft__response_dispose(&resp);
    }
    oft_emu_script_clear(f->emu);
}

static void should_retry_header(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/t/sr-true", 1, 400, "x-should-retry: true", err_body,
                   0, 0);
    oft_emu_script(f->emu, "GET", "/t/sr-true", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/t/sr-true", NULL), OFT_OK);
    assert_int_equal(count(f, "/t/sr-true"), 2);

    oft_emu_script(f->emu, "GET", "/t/sr-false", 3, 503, "x-should-retry: false",
                   err_body, 0, 0);
    assert_int_equal(get(f, "/t/sr-false", NULL), OFT_ESERVER);
    assert_int_equal(count(f, "/t/sr-false"), 1);
    oft_emu_script_clear(f->emu);
}

static void retry_after_forms(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/t/ra-ms", 1, 429, "retry-after-ms: 30", err_body, 0,
                   0);
    oft_emu_script(f->emu, "GET", "/t/ra-ms", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/t/ra-ms", NULL), OFT_OK);
    assert_true(log_has(&f->log, "/t/ra-ms: retrying in 30 ms after 429"));

    oft_emu_script(f->emu, "GET", "/t/ra-s", 1, 503, "retry-after: 0.05", err_body, 0, 0);
    oft_emu_script(f->emu, "GET", "/t/ra-s", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/t/ra-s", NULL), OFT_OK);
    assert_true(log_has(&f->log, "/t/ra-s: retrying in 50 ms after 503"));

    /* An HTTP date two seconds ahead: a delay of (0, 2000] ms, not the backoff. */
    char hdr[128];
    time_t when = time(NULL) + 2;
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(hdr, sizeof(hdr), "retry-after: %a, %d %b %Y %H:%M:%S GMT", &tm);
    oft_emu_script(f->emu, "GET", "/t/ra-date", 1, 429, hdr, err_body, 0, 0);
    oft_emu_script(f->emu, "GET", "/t/ra-date", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/t/ra-date", NULL), OFT_OK);
    assert_int_equal(count(f, "/t/ra-date"), 2);
    int found = 0;
    for (int i = 0; i < f->log.count; i++) {
        long ms;
        if (sscanf(f->log.lines[i], "GET %*s retrying in %ld ms after 429", &ms) == 1 &&
            strstr(f->log.lines[i], "/t/ra-date")) {
            assert_true(ms > 4 && ms <= 2000); /* above the 4 ms backoff cap */
            found = 1;
        }
    }
    assert_true(found);
}

static void retry_after_above_cap(void **state)
{
    fixture *f = *state;
    /* Default cap: 120 s. 121 s -> no retry, the value on the error. */
    oft_emu_script(f->emu, "GET", "/t/ra-cap", 2, 429, "retry-after: 121", err_body, 0,
                   0);
    assert_int_equal(get(f, "/t/ra-cap", NULL), OFT_ERATELIMIT);
    assert_int_equal(count(f, "/t/ra-cap"), 1);
    assert_int_equal(oft_error_retry_after_ms(oft_client_last_error(f->client)), 121000);
    oft_emu_script_clear(f->emu);
    /* A value within the cap is also reported when retries run out. */
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/t/ra-last";
    req.max_retries = 0;
    oft_emu_script(f->emu, "GET", "/t/ra-last", 1, 503, "retry-after-ms: 7", err_body, 0,
                   0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_ESERVER);
    assert_int_equal(oft_error_retry_after_ms(oft_client_last_error(f->client)), 7);
}

/* Huge values are clamped before any conversion to an integer (UBSan would
 * flag the overflow): a huge or infinite wait is above the cap, so not
 * retried, like 300 s; a huge negative one is no wait (the backoff); NaN is
 * not a number (the backoff). */
static void retry_after_huge_values(void **state)
{
    fixture *f = *state;
    const char *above[] = {"retry-after-ms: 1e30", "retry-after: 1e300",
                           "retry-after: 1e400",   "retry-after-ms: inf",
                           "retry-after: 300",     "retry-after-ms: 9223372036854775808"};
    for (size_t i = 0; i < sizeof(above) / sizeof(above[0]); i++) {
        oft_emu_script_clear(f->emu);
        oft_emu_script(f->emu, "GET", "/t/ra-huge", 2, 429, above[i], err_body, 0, 0);
        size_t before = count(f, "/t/ra-huge");
        if (get(f, "/t/ra-huge", NULL) != OFT_ERATELIMIT)
            fail_msg("%s: %s", above[i],
                     oft_error_message(oft_client_last_error(f->client)));
        assert_int_equal(count(f, "/t/ra-huge") - before, 1);
        int64_t ra = oft_error_retry_after_ms(oft_client_last_error(f->client));
        assert_true(ra >= 300000);
        assert_true(log_has(&f->log, "is above the cap"));
    }
    const char *backoff[] = {"retry-after-ms: -1e30", "retry-after: -1e300",
                             "retry-after-ms: -inf", "retry-after-ms: nan"};
    for (size_t i = 0; i < sizeof(backoff) / sizeof(backoff[0]); i++) {
        oft_emu_script_clear(f->emu);
        oft_emu_script(f->emu, "GET", "/t/ra-neg", 1, 503, backoff[i], err_body, 0, 0);
        oft_emu_script(f->emu, "GET", "/t/ra-neg", 1, 200, NULL, ok_body, 0, 0);
        size_t before = count(f, "/t/ra-neg");
        if (get(f, "/t/ra-neg", NULL) != OFT_OK)
            fail_msg("%s: %s", backoff[i],
                     oft_error_message(oft_client_last_error(f->client)));
        assert_int_equal(count(f, "/t/ra-neg") - before, 2);
    }
    oft_emu_script_clear(f->emu);
}

static void max_retries_settings(void **state)
{
    fixture *f = *state;
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/t/max0";
    req.max_retries = 0;
    oft_emu_script(f->emu, "GET", "/t/max0", 1, 503, NULL, err_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_ESERVER);
    assert_int_equal(count(f, "/t/max0"), 1);

    req.path = "/t/max5";
    req.max_retries = 5;
    oft_emu_script(f->emu, "GET", "/t/max5", 5, 500, NULL, err_body, 0, 0);
    oft_emu_script(f->emu, "GET", "/t/max5", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    assert_int_equal(count(f, "/t/max5"), 6);

    req.path = "/t/max5b";
    oft_emu_script(f->emu, "GET", "/t/max5b", 7, 500, NULL, err_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_ESERVER);
    assert_int_equal(count(f, "/t/max5b"), 6);
    char rc[16];
    last_header(f, "/t/max5b", "X-Stainless-Retry-Count", rc, sizeof(rc));
    assert_string_equal(rc, "5");
    oft_emu_script_clear(f->emu);

    /* The default is 2 retries: 3 attempts. */
    oft_emu_script(f->emu, "GET", "/t/max-dflt", 5, 502, NULL, err_body, 0, 0);
    assert_int_equal(get(f, "/t/max-dflt", NULL), OFT_ESERVER);
    assert_int_equal(count(f, "/t/max-dflt"), 3);
    oft_emu_script_clear(f->emu);
}

static void body_resent_and_idempotency(void **state)
{
    fixture *f = *state;
    oft_client_free(f->client);
    oft_client_options o;
    fixture_options(f, &o);
    o.idempotency_keys = 1;
    assert_int_equal(oft_client_new(&f->client, &o), OFT_OK);

    const char *body = "{\"model\":\"gpt-4o-mini\",\"training_file\":\"file-abc\"}";
    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.path = "/t/post";
    req.json_body = body;
    req.json_len = strlen(body);
    oft_emu_script(f->emu, "POST", "/t/post", 2, 500, NULL, err_body, 0, 0);
    oft_emu_script(f->emu, "POST", "/t/post", 1, 200, NULL, ok_body, 0, 0);
    f->log.count = 0;
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    assert_int_equal(count(f, "/t/post"), 3);
    char got[256], key1[64], ctype[64];
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/t/post", "Idempotency-Key",
                                          key1, sizeof(key1), NULL, 0, got, sizeof(got)),
                     0);
    assert_string_equal(got, body);
    last_header(f, "/t/post", "Content-Type", ctype, sizeof(ctype));
    assert_string_equal(ctype, "application/json");
    assert_int_equal(strlen(key1), 32);
    /* Every attempt logged the same key as the one the server saw last. */
    int attempts = 0;
    for (int i = 0; i < f->log.count; i++) {
        if (strstr(f->log.lines[i], "/t/post ->")) {
            attempts++;
            assert_non_null(strstr(f->log.lines[i], key1));
        }
    }
    assert_int_equal(attempts, 3);

    /* A new logical request gets a new key. */
    oft_emu_script(f->emu, "POST", "/t/post", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    char key2[64];
    last_header(f, "/t/post", "Idempotency-Key", key2, sizeof(key2));
    assert_int_equal(strlen(key2), 32);
    assert_string_not_equal(key1, key2);

    /* GETs carry none. */
    oft_emu_script(f->emu, "GET", "/t/idem-get", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/t/idem-get", NULL), OFT_OK);
    last_header(f, "/t/idem-get", "Idempotency-Key", key2, sizeof(key2));
    assert_string_equal(key2, "");
}

/* A caller's Idempotency-Key (the call options' headers) is the one sent, on
 * every attempt, in place of the library's: a key that names the logical
 * operation (a sweep's point) holds across runs, not only across retries. */
static void caller_idempotency_key_replaces(void **state)
{
    fixture *f = *state;
    oft_client_free(f->client);
    oft_client_options o;
    fixture_options(f, &o);
    o.idempotency_keys = 1;
    assert_int_equal(oft_client_new(&f->client, &o), OFT_OK);
    const oft_kv mine[] = {{"idempotency-key", "oft-sweep-sw-1-e2"}};
    oft_call_options co;
    oft_call_options_init(&co, OFT_CALL_OPTIONS_VERSION);
    co.headers = mine;
    co.headers_count = 1;
    assert_int_equal(oft_client_set_call_options(f->client, &co), OFT_OK);

    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.path = "/t/post-mine";
    oft_emu_script(f->emu, "POST", "/t/post-mine", 1, 500, NULL, err_body, 0, 0);
    oft_emu_script(f->emu, "POST", "/t/post-mine", 1, 200, NULL, ok_body, 0, 0);
    f->log.count = 0;
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    assert_int_equal(count(f, "/t/post-mine"), 2);
    char key[128];
    last_header(f, "/t/post-mine", "Idempotency-Key", key, sizeof(key));
    assert_string_equal(key, "oft-sweep-sw-1-e2"); /* the only one: no random one first */
    for (int i = 0; i < f->log.count; i++) /* nor one logged that was never sent */
        assert_null(strstr(f->log.lines[i], "; idempotency key "));

    /* Cleared: the library's own again. */
    assert_int_equal(oft_client_set_call_options(f->client, NULL), OFT_OK);
    oft_emu_script(f->emu, "POST", "/t/post-mine", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    last_header(f, "/t/post-mine", "Idempotency-Key", key, sizeof(key));
    assert_int_equal(strlen(key), 32);
}

static void post_without_body(void **state)
{
    fixture *f = *state;
    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.path = "/t/cancel";
    oft_emu_script(f->emu, "POST", "/t/cancel", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    char len[32], ctype[64], body[16];
    last_header(f, "/t/cancel", "Content-Length", len, sizeof(len));
    assert_string_equal(len, "0");
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/t/cancel", "Content-Type",
                                          ctype, sizeof(ctype), NULL, 0, body,
                                          sizeof(body)),
                     0);
    assert_string_equal(ctype, "");
    assert_string_equal(body, "");

    req.method = "DELETE";
    req.path = "/t/delete";
    oft_emu_script(f->emu, "DELETE", "/t/delete", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    assert_int_equal(oft_emu_request_count(f->emu, "DELETE", "/t/delete"), 1);
}

static void reset_mid_body(void **state)
{
    fixture *f = *state;
    char big[4096];
    memset(big, 'x', sizeof(big) - 1);
    big[0] = '"';
    big[sizeof(big) - 2] = '"';
    big[sizeof(big) - 1] = '\0';
    oft_emu_script(f->emu, "GET", "/t/reset", 1, 200, NULL, big, OFT_EMU_RESET, 0);
    oft_emu_script(f->emu, "GET", "/t/reset", 1, 200, NULL, ok_body, 0, 0);
    oft__response resp = OFT__RESPONSE_INIT;
    assert_int_equal(get(f, "/t/reset", &resp), OFT_OK);
    assert_string_equal(resp.body, ok_body);
    assert_int_equal(count(f, "/t/reset"), 2);
    oft__response_dispose(&resp);

    /* Resets every time: ENETWORK with curl's detail. */
    oft_emu_script(f->emu, "GET", "/t/reset2", 3, 200, NULL, big, OFT_EMU_RESET, 0);
    assert_int_equal(get(f, "/t/reset2", NULL), OFT_ENETWORK);
    const oft_error *e = oft_client_last_error(f->client);
    assert_int_not_equal(oft_error_curl_code(e), 0);
    assert_non_null(oft_error_curl_message(e));
    assert_int_equal(count(f, "/t/reset2"), 3);
}

static void client_timeout(void **state)
{
    fixture *f = *state;
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/t/slow";
    /* A retry's fresh connection must answer within the timeout: under
     * valgrind on a loaded machine 200 ms was not always enough. */
    req.timeout_ms = getenv("OFT_UNDER_VALGRIND") ? 800 : 200;
    oft_emu_script(f->emu, "GET", "/t/slow", 1, 200, NULL, ok_body, 0, 1500);
    oft_emu_script(f->emu, "GET", "/t/slow", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    assert_true(log_has(&f->log, "after a timeout"));

    req.path = "/t/slow2";
    req.max_retries = 1;
    oft_emu_script(f->emu, "GET", "/t/slow2", 2, 200, NULL, ok_body, 0, 1500);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_ETIMEOUT);
    assert_non_null(
        strstr(oft_error_message(oft_client_last_error(f->client)), "timed out"));
}

static void path_escaping(void **state)
{
    fixture *f = *state;
    oft__str s = OFT__STR_INIT;
    oft__str_put_path_segment(&s, "ft:gpt-4o:org:x/y?z#w e\xc3\xa9%");
    assert_string_equal(s.ptr, "ft:gpt-4o:org:x%2Fy%3Fz%23w%20e%C3%A9%25");
    oft__str_free(&s);
    oft__str_put_path_segment(&s, "a-._~!$&'()*+,;=:@");
    assert_string_equal(s.ptr, "a-._~!$&'()*+,;=:@");
    oft__str_free(&s);
    oft__str_put_query(&s, "metadata[k y]", "a b&c=d");
    oft__str_put_query(&s, "limit", "2");
    assert_string_equal(s.ptr, "metadata%5Bk%20y%5D=a%20b%26c%3Dd&limit=2");
    oft__str_free(&s);

    oft__str_puts(&s, "/t/esc/");
    oft__str_put_path_segment(&s, "ckpt:a/b?c#d e\xc3\xa9");
    char *path = oft__str_detach(&s);
    oft_emu_script(f->emu, "GET", "/t/esc", 1, 200, NULL, ok_body, 0, 0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = path;
    req.query = "after=x%20y";
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    char seen[256];
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/t/esc", NULL, NULL, 0, seen,
                                          sizeof(seen), NULL, 0),
                     0);
    assert_string_equal(seen, "/v1/t/esc/ckpt:a%2Fb%3Fc%23d%20e%C3%A9?after=x%20y");
    oft__free(path);
}

static void check_ids(void **state)
{
    fixture *f = *state;
    assert_int_equal(oft__check_id(f->client, "job_id", "ftjob-abc"), OFT_OK);
    assert_int_equal(oft__check_id(f->client, "job_id", NULL), OFT_EINVAL);
    assert_int_equal(oft__check_id(f->client, "job_id", ""), OFT_EINVAL);
    assert_non_null(
        strstr(oft_error_message(oft_client_last_error(f->client)), "job_id"));
    assert_int_equal(oft__check_id(f->client, "job_id", "."), OFT_EINVAL);
    assert_int_equal(oft__check_id(f->client, "job_id", ".."), OFT_EINVAL);
    assert_int_equal(oft__check_id(f->client, "file_id", "a\nb"), OFT_EINVAL);
    assert_non_null(
        strstr(oft_error_message(oft_client_last_error(f->client)), "file_id"));
}

static void download_to_fd(void **state)
{
    fixture *f = *state;
    char tmpl[] = "/tmp/oft-dl-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    unlink(tmpl);
    char big[4001];
    for (int i = 0; i < 4000; i++)
        big[i] = (char)('a' + i % 26);
    big[4000] = '\0';
    /* First a reset after half the bytes reached the file: rewound, retried. */
    oft_emu_script(f->emu, "GET", "/t/dl", 1, 200, "Content-Type: application/binary",
                   big, OFT_EMU_RESET, 0);
    oft_emu_script(f->emu, "GET", "/t/dl", 1, 200, "Content-Type: application/binary",
                   big, 0, 0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/t/dl";
    req.accept = "application/binary";
    req.download_fd = fd;
    oft__response resp = OFT__RESPONSE_INIT;
    oft__error_clear(f->client);
    assert_int_equal(oft__http_send(f->client, &req, &resp), OFT_OK);
    assert_null(resp.body);
    char back[4100];
    assert_int_equal(pread(fd, back, sizeof(back), 0), 4000);
    assert_memory_equal(back, big, 4000);
    oft__response_dispose(&resp);

    /* An error body is not written to the file. */
    oft_emu_script(f->emu, "GET", "/t/dl404", 1, 404, NULL, err_body, 0, 0);
    req.path = "/t/dl404";
    assert_int_equal(oft__http_send(f->client, &req, &resp), OFT_ENOTFOUND);
    assert_string_equal(resp.body, err_body);
    assert_int_equal(lseek(fd, 0, SEEK_END), 4000);
    oft__response_dispose(&resp);
    close(fd);

    /* A pipe cannot be rewound: a partial download is not retried. */
    int p[2];
    assert_int_equal(pipe(p), 0);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    oft_emu_script(f->emu, "GET", "/t/dlpipe", 3, 200, NULL, big, OFT_EMU_RESET, 0);
    req.path = "/t/dlpipe";
    req.download_fd = p[1];
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_ENETWORK);
    assert_int_equal(count(f, "/t/dlpipe"), 1);
    close(p[0]);
    close(p[1]);
    oft_emu_script_clear(f->emu);
}

static int stop_at_half(int64_t sent, int64_t total, void *payload)
{
    int *calls = payload;
    (*calls)++;
    return sent * 2 >= total && total > 0 && calls[1];
}

static void multipart_file_resent(void **state)
{
    fixture *f = *state;
    char tmpl[] = "/tmp/oft-up-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    unlink(tmpl);
    const char *data = "{\"messages\":[]}\nSECOND-LINE-PAYLOAD\n";
    assert_int_equal(write(fd, "HEADER", 6), 6);
    assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
    oft__form_field fields[] = {{"purpose", "fine-tune"}};
    oft__form_file file = {"file", "train.jsonl",        "application/jsonl", fd,
                           6,      (int64_t)strlen(data)};
    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.path = "/t/upload";
    req.form = fields;
    req.form_count = 1;
    req.form_file = &file;
    int calls[2] = {0, 0};
    req.progress = stop_at_half;
    req.progress_payload = calls;
    oft_emu_script(f->emu, "POST", "/t/upload", 1, 502, NULL, err_body, 0, 0);
    oft_emu_script(f->emu, "POST", "/t/upload", 1, 200, NULL, ok_body, 0, 0);
    oft__error_clear(f->client);
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    assert_int_equal(count(f, "/t/upload"), 2);
    assert_true(calls[0] > 0);
    char body[2048], ctype[128];
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/t/upload", "Content-Type",
                                          ctype, sizeof(ctype), NULL, 0, body,
                                          sizeof(body)),
                     0);
    assert_non_null(strstr(ctype, "multipart/form-data"));
    assert_non_null(strstr(body, data));
    assert_non_null(strstr(body, "fine-tune"));
    assert_non_null(strstr(body, "filename=\"train.jsonl\""));
    assert_null(strstr(body, "HEADER"));

    /* The progress callback stops the upload: EUSER, no retry. */
    calls[1] = 1;
    oft_emu_script(f->emu, "POST", "/t/upload-stop", 3, 200, NULL, ok_body, 0, 0);
    req.path = "/t/upload-stop";
    size_t before = count(f, "/t/upload-stop");
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_EUSER);
    assert_true(count(f, "/t/upload-stop") <= before + 1);
    oft_emu_script_clear(f->emu);
    close(fd);
}

static void send_many(void **state)
{
    fixture *f = *state;
    enum { N = 6 };
    oft__request reqs[N];
    oft__response resps[N];
    int results[N];
    char paths[N][32];
    for (int i = 0; i < N; i++) {
        snprintf(paths[i], sizeof(paths[i]), "/t/many/%d", i);
        reqs[i] = (oft__request)OFT__REQUEST_INIT;
        reqs[i].method = "GET";
        reqs[i].path = paths[i];
        if (i % 2 == 0)
            oft_emu_script(f->emu, "GET", paths[i], 1, 503, NULL, err_body, 0, 0);
        char body[64];
        snprintf(body, sizeof(body), "{\"n\":%d}", i);
        oft_emu_script(f->emu, "GET", paths[i], 1, 200, NULL, body, 0, 0);
    }
    oft__error_clear(f->client);
    assert_int_equal(oft__http_send_many(f->client, reqs, resps, results, N, 3), OFT_OK);
    for (int i = 0; i < N; i++) {
        char body[64];
        snprintf(body, sizeof(body), "{\"n\":%d}", i);
        assert_int_equal(results[i], OFT_OK);
        assert_string_equal(resps[i].body, body);
        assert_int_equal(count(f, paths[i]), i % 2 == 0 ? 2 : 1);
        oft__response_dispose(&resps[i]);
    }

    /* One fails for good: the call reports it, the others still succeed. */
    oft_emu_script(f->emu, "GET", "/t/many/3", 1, 404, NULL, err_body, 0, 0);
    for (int i = 0; i < N; i++)
        if (i != 3)
            oft_emu_script(f->emu, "GET", paths[i], 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send_many(f->client, reqs, resps, results, N, 2),
                     OFT_ENOTFOUND);
    for (int i = 0; i < N; i++) {
        assert_int_equal(results[i], i == 3 ? OFT_ENOTFOUND : OFT_OK);
        oft__response_dispose(&resps[i]);
    }
    assert_int_equal(oft_error_http_status(oft_client_last_error(f->client)), 404);
}

/* A client on the fixture's emulator whose in-memory bodies are capped at 1000 bytes. */
static oft_client *capped_client(fixture *f, unsigned int version, size_t cap)
{
    oft_client_options o;
    fixture_options(f, &o);
    o.version = version;
    o.max_response_bytes = cap;
    oft_client *c = NULL;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    return c;
}

static void body_size_capped(void **state)
{
    fixture *f = *state;
    static char big[5001], exact[1001];
    memset(big, 'x', 5000);
    memset(exact, 'y', 1000);
    oft_client *c = capped_client(f, OFT_CLIENT_OPTIONS_VERSION, 1000);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    oft__response resp = OFT__RESPONSE_INIT;

    /* Larger than the cap: stopped, OFT_EPARSE, and never retried. */
    oft_emu_script(f->emu, "GET", "/t/big", 3, 200, NULL, big, 0, 0);
    req.path = "/t/big";
    assert_int_equal(oft__http_send(c, &req, &resp), OFT_EPARSE);
    assert_null(resp.body);
    assert_int_equal(count(f, "/t/big"), 1);
    const oft_error *e = oft_client_last_error(c);
    assert_non_null(strstr(oft_error_message(e), "response body larger than 1000 bytes"));
    assert_int_equal(oft_error_http_status(e), 200);
    oft__response_dispose(&resp);
    oft_emu_script_clear(f->emu);

    /* An error status with a huge body is stopped alike (no retry of the 500). */
    oft_emu_script(f->emu, "GET", "/t/big500", 3, 500, NULL, big, 0, 0);
    req.path = "/t/big500";
    assert_int_equal(oft__http_send(c, &req, &resp), OFT_EPARSE);
    assert_int_equal(count(f, "/t/big500"), 1);
    assert_int_equal(oft_error_http_status(oft_client_last_error(c)), 500);
    oft__response_dispose(&resp);
    oft_emu_script_clear(f->emu);

    /* Exactly the cap is fine. */
    oft_emu_script(f->emu, "GET", "/t/exact", 1, 200, NULL, exact, 0, 0);
    req.path = "/t/exact";
    assert_int_equal(oft__http_send(c, &req, &resp), OFT_OK);
    assert_int_equal(resp.body_len, 1000);
    oft__response_dispose(&resp);

    /* A download to a descriptor is not capped. */
    char tmpl[] = "/tmp/oft-cap-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    unlink(tmpl);
    oft_emu_script(f->emu, "GET", "/t/bigdl", 1, 200, NULL, big, 0, 0);
    req.path = "/t/bigdl";
    req.download_fd = fd;
    assert_int_equal(oft__http_send(c, &req, &resp), OFT_OK);
    assert_int_equal(lseek(fd, 0, SEEK_END), 5000);
    oft__response_dispose(&resp);
    close(fd);
    req.download_fd = -1;
    oft_client_free(c);

    /* A version 1 struct has no max_response_bytes: the field is not read. */
    c = capped_client(f, 1, 10);
    oft_emu_script(f->emu, "GET", "/t/v1", 1, 200, NULL, big, 0, 0);
    req.path = "/t/v1";
    assert_int_equal(oft__http_send(c, &req, &resp), OFT_OK);
    assert_int_equal(resp.body_len, 5000);
    oft__response_dispose(&resp);
    oft_client_free(c);
    oft_emu_script_clear(f->emu);
}

/* A request libcurl refuses to set up (a URL over its 8 MB input limit) is
 * OFT_EINTERNAL naming the option, not out of memory; nothing is sent, and
 * the next request on the client works. */
static void request_refused_by_curl(void **state)
{
    fixture *f = *state;
    size_t n = 8u << 20;
    char *path = malloc(n + 2);
    assert_non_null(path);
    path[0] = '/';
    memset(path + 1, 'a', n);
    path[n + 1] = '\0';
    assert_int_equal(get(f, path, NULL), OFT_EINTERNAL);
    free(path);
    const char *msg = oft_error_message(oft_client_last_error(f->client));
    assert_non_null(strstr(msg, "libcurl refused CURLOPT_URL"));
    assert_int_equal(count(f, "/a"), 0);
    oft_emu_script(f->emu, "GET", "/t/after-refusal", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/t/after-refusal", NULL), OFT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(retried_then_ok, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(not_retried, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(should_retry_header, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(retry_after_forms, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(retry_after_above_cap, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(retry_after_huge_values, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(max_retries_settings, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(body_resent_and_idempotency, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(caller_idempotency_key_replaces, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(post_without_body, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(reset_mid_body, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(client_timeout, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(path_escaping, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(check_ids, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(download_to_fd, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(multipart_file_resent, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(send_many, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(body_size_capped, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(request_refused_by_curl, fixture_setup,
                                        fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
