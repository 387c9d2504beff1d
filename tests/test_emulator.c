/*
 * The emulator over real HTTP on loopback, with libcurl directly (independent
 * of the client library): scripted responses, resets, auth, recording, each
 * endpoint's shape and errors, the job life cycle, uploads, concurrency.
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
#include <openssl/evp.h>
#include <pthread.h>

#include "emulator.h"

#define KEY "sk-test-emulator-key"

typedef struct reply {
    long status;
    char *body;
    size_t len;
    char headers[4096];
    int curl_rc;
} reply;

static size_t on_body(char *data, size_t size, size_t n, void *p)
{
    reply *r = p;
    char *b = realloc(r->body, r->len + size * n + 1);
    if (!b)
        return 0;
    memcpy(b + r->len, data, size * n);
    r->len += size * n;
    b[r->len] = '\0';
    r->body = b;
    return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *p)
{
    reply *r = p;
    size_t have = strlen(r->headers), len = size * n;
    if (have + len < sizeof(r->headers)) {
        memcpy(r->headers + have, data, len);
        r->headers[have + len] = '\0';
    }
    return len;
}

static void reply_free(reply *r)
{
    free(r->body);
    memset(r, 0, sizeof(*r));
}

/* Sends one request; key NULL sends no Authorization. mime (may be NULL) wins over body.
 */
static reply send_req(oft_emu *emu, const char *method, const char *path, const char *key,
                      const char *body, curl_mime *(*mime_of)(CURL *, void *),
                      void *mime_arg)
{
    reply r;
    memset(&r, 0, sizeof(r));
    CURL *c = curl_easy_init();
    assert_non_null(c);
    char url[1024], auth[256];
    snprintf(url, sizeof(url), "%s%s", oft_emu_base_url(emu), path);
    struct curl_slist *h = NULL;
    if (key) {
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
        h = curl_slist_append(h, auth);
    }
    curl_mime *mime = NULL;
    if (mime_of) {
        mime = mime_of(c, mime_arg);
        curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    } else if (body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    } else if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    r.curl_rc = (int)curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
    return r;
}

static reply get(oft_emu *emu, const char *path)
{
    return send_req(emu, "GET", path, KEY, NULL, NULL, NULL);
}

static reply post(oft_emu *emu, const char *path, const char *body)
{
    return send_req(emu, "POST", path, KEY, body, NULL, NULL);
}

static json_t *json_of(const reply *r)
{
    json_error_t e;
    json_t *j = r->body ? json_loads(r->body, 0, &e) : NULL;
    if (!j)
        fail_msg("not JSON (status %ld): %s", r->status, r->body ? r->body : "(none)");
    return j;
}

/* Checks the API error shape and returns the error's message (borrowed from j). */
static void assert_api_error(const reply *r, long status, const char *param)
{
    assert_int_equal(r->status, status);
    json_t *j = json_of(r);
    json_t *e = json_object_get(j, "error");
    assert_true(json_is_object(e));
    assert_true(json_is_string(json_object_get(e, "message")));
    assert_true(json_is_string(json_object_get(e, "type")));
    assert_non_null(json_object_get(e, "param"));
    assert_non_null(json_object_get(e, "code"));
    if (param)
        assert_string_equal(json_string_value(json_object_get(e, "param")), param);
    json_decref(j);
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    if (!s)
        fail_msg("missing string field %s", k);
    return s;
}

static int has_header(const reply *r, const char *prefix)
{
    return strcasestr(r->headers, prefix) != NULL;
}

static int setup(void **state)
{
    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.job_duration_s = 1.0;
    oft_emu *emu;
    char err[256];
    if (oft_emu_start(&emu, &o, err, sizeof(err)) != 0) {
        fprintf(stderr, "emulator: %s\n", err);
        return -1;
    }
    *state = emu;
    return 0;
}

static int teardown(void **state)
{
    oft_emu_stop(*state);
    return 0;
}

/* ---- server core ---- */

static void test_start_port_and_base_url(void **state)
{
    oft_emu *emu = *state;
    char want[64];
    assert_true(oft_emu_port(emu) > 0);
    snprintf(want, sizeof(want), "http://127.0.0.1:%u/v1", (unsigned)oft_emu_port(emu));
    assert_string_equal(oft_emu_base_url(emu), want);
    oft_emu_stop(NULL);

    /* A bad host is refused with a message, not a crash. */
    oft_emu_options o;
    oft_emu_options_init(&o);
    o.host = "not-an-address";
    oft_emu *bad = NULL;
    char err[256] = "";
    assert_int_equal(oft_emu_start(&bad, &o, err, sizeof(err)), -1);
    assert_null(bad);
    assert_non_null(strstr(err, "not-an-address"));
}

static void test_auth(void **state)
{
    oft_emu *emu = *state;
    reply r = send_req(emu, "GET", "/models", NULL, NULL, NULL, NULL);
    assert_api_error(&r, 401, NULL);
    assert_true(has_header(&r, "x-request-id: req_"));
    reply_free(&r);

    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.api_key = KEY;
    o.admin_key = "admin-key";
    oft_emu *strict;
    assert_int_equal(oft_emu_start(&strict, &o, NULL, 0), 0);
    r = send_req(strict, "GET", "/models", "sk-wrong", NULL, NULL, NULL);
    assert_api_error(&r, 401, NULL);
    assert_null(strstr(r.body, "sk-wrong")); /* the key is never echoed */
    reply_free(&r);
    r = send_req(strict, "GET", "/models", KEY, NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    /* Permission endpoints take the admin key only. */
    r = send_req(strict, "GET", "/fine_tuning/checkpoints/ft:x:ckpt-step-1/permissions",
                 KEY, NULL, NULL, NULL);
    assert_api_error(&r, 401, NULL);
    reply_free(&r);
    r = send_req(strict, "GET", "/fine_tuning/checkpoints/ft:x:ckpt-step-1/permissions",
                 "admin-key", NULL, NULL, NULL);
    assert_api_error(&r, 404, "fine_tuned_model_checkpoint");
    reply_free(&r);
    oft_emu_stop(strict);
}

static void test_models(void **state)
{
    oft_emu *emu = *state;
    reply r = get(emu, "/models");
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_string_equal(jstr(j, "object"), "list");
    json_t *data = json_object_get(j, "data");
    assert_true(json_array_size(data) >= 3);
    json_t *m = json_array_get(data, 0);
    assert_string_equal(jstr(m, "object"), "model");
    assert_true(json_is_integer(json_object_get(m, "created")));
    assert_true(json_is_string(json_object_get(m, "owned_by")));
    json_decref(j);
    reply_free(&r);

    r = get(emu, "/models/gpt-4o-mini-2024-07-18");
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "id"), "gpt-4o-mini-2024-07-18");
    json_decref(j);
    reply_free(&r);

    r = get(emu, "/models/no-such-model");
    assert_api_error(&r, 404, "model");
    reply_free(&r);
    r = send_req(emu, "DELETE", "/models/gpt-4o-mini", KEY, NULL, NULL, NULL);
    assert_api_error(&r, 403, "model");
    reply_free(&r);
}

static void test_unknown_route(void **state)
{
    oft_emu *emu = *state;
    reply r = get(emu, "/no/such/thing");
    assert_api_error(&r, 404, NULL);
    assert_non_null(strstr(r.body, "/v1/no/such/thing"));
    reply_free(&r);
    r = send_req(emu, "PATCH", "/models", KEY, NULL, NULL, NULL);
    assert_api_error(&r, 404, NULL);
    reply_free(&r);
}

static void test_script_status_headers_body(void **state)
{
    oft_emu *emu = *state;
    assert_int_equal(
        oft_emu_script(emu, "GET", "/models", 2, 503,
                       "Retry-After: 7\nx-request-id: req_fixed\nContent-Type: "
                       "text/plain",
                       "overloaded", 0, 0),
        0);
    for (int i = 0; i < 2; i++) {
        reply r = get(emu, "/models");
        assert_int_equal(r.status, 503);
        assert_string_equal(r.body, "overloaded");
        assert_true(has_header(&r, "Retry-After: 7"));
        assert_true(has_header(&r, "x-request-id: req_fixed"));
        assert_true(has_header(&r, "Content-Type: text/plain"));
        reply_free(&r);
    }
    reply r = get(emu, "/models"); /* used up: the real handler again */
    assert_int_equal(r.status, 200);
    reply_free(&r);

    /* Method and prefix must match; /v1 in the prefix is accepted. */
    assert_int_equal(oft_emu_script(emu, "POST", "/v1/files", 1, 500, NULL, NULL, 0, 0),
                     0);
    r = get(emu, "/files");
    assert_int_equal(r.status, 200);
    reply_free(&r);
    oft_emu_script_clear(emu);
    r = post(emu, "/files", NULL);
    assert_int_not_equal(r.status, 500);
    reply_free(&r);

    /* Scripts answer even without a key (they stand in for the network). */
    assert_int_equal(oft_emu_script(emu, NULL, "/", 1, 418, NULL, "{}", 0, 0), 0);
    r = send_req(emu, "GET", "/anything", NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 418);
    reply_free(&r);
    assert_int_equal(oft_emu_script(emu, NULL, "/", 0, 200, NULL, NULL, 0, 0), -1);
    assert_int_equal(oft_emu_script(emu, NULL, "/", 1, 42, NULL, NULL, 0, 0), -1);
}

static void test_script_reset_and_pass(void **state)
{
    oft_emu *emu = *state;
    const char *body = "{\"object\":\"list\",\"data\":[{\"id\":\"abcdefghijklmnop\"}]}";
    assert_int_equal(
        oft_emu_script(emu, "GET", "/models", 1, 200, NULL, body, OFT_EMU_RESET, 0), 0);
    reply r = get(emu, "/models");
    assert_int_not_equal(r.curl_rc, CURLE_OK); /* the connection dropped mid-body */
    assert_true(r.len < strlen(body));
    reply_free(&r);

    assert_int_equal(
        oft_emu_script(emu, "GET", "/models", 1, 0, NULL, NULL, OFT_EMU_PASS, 50), 0);
    r = get(emu, "/models");
    assert_int_equal(r.status, 200); /* the real handler answered after the delay */
    json_t *j = json_of(&r);
    assert_string_equal(jstr(j, "object"), "list");
    json_decref(j);
    reply_free(&r);
}

static void test_script_delay_times_out_client(void **state)
{
    oft_emu *emu = *state;
    assert_int_equal(oft_emu_script(emu, "GET", "/models", 1, 200, NULL, "{}", 0, 3000),
                     0);
    CURL *c = curl_easy_init();
    char url[256];
    snprintf(url, sizeof(url), "%s/models", oft_emu_base_url(emu));
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 200L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    reply sink;
    memset(&sink, 0, sizeof(sink));
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    assert_int_equal(curl_easy_perform(c), CURLE_OPERATION_TIMEDOUT);
    curl_easy_cleanup(c);
    reply_free(&sink);
    /* The server keeps serving others meanwhile. */
    reply r = get(emu, "/models");
    assert_int_equal(r.status, 200);
    reply_free(&r);
}

static void test_recording(void **state)
{
    oft_emu *emu = *state;
    size_t before = oft_emu_request_count(emu, "POST", "/uploads");
    size_t all_before = oft_emu_request_count(emu, NULL, NULL);
    reply r = post(emu, "/uploads?x=1&y=two", "{\"filename\":\"a.jsonl\"}");
    reply_free(&r);
    assert_int_equal(oft_emu_request_count(emu, "POST", "/uploads"), before + 1);
    assert_int_equal(oft_emu_request_count(emu, "GET", "/uploads"), 0);
    assert_int_equal(oft_emu_request_count(emu, NULL, NULL), all_before + 1);

    char hdr[128], path[256], body[256];
    assert_int_equal(oft_emu_last_request(emu, "POST", "/uploads", "authorization", hdr,
                                          sizeof(hdr), path, sizeof(path), body,
                                          sizeof(body)),
                     0);
    assert_string_equal(hdr, "Bearer " KEY);
    assert_string_equal(path, "/v1/uploads?x=1&y=two");
    assert_string_equal(body, "{\"filename\":\"a.jsonl\"}");
    /* Truncation and absent headers. */
    char small[5];
    assert_int_equal(oft_emu_last_request(emu, NULL, "/uploads", "X-None", hdr,
                                          sizeof(hdr), NULL, 0, small, sizeof(small)),
                     0);
    assert_string_equal(hdr, "");
    assert_string_equal(small, "{\"fi");
    assert_int_equal(
        oft_emu_last_request(emu, "DELETE", "/nothing", NULL, NULL, 0, NULL, 0, NULL, 0),
        -1);
}

static void test_json_body_errors(void **state)
{
    oft_emu *emu = *state;
    reply r = post(emu, "/uploads", "{not json");
    assert_api_error(&r, 400, NULL);
    reply_free(&r);
    r = post(emu, "/uploads", "[1,2]");
    assert_api_error(&r, 400, NULL);
    reply_free(&r);

    /* JSON bodies are capped: 413, and the server still answers afterwards. */
    size_t n = 11u * 1024 * 1024;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    big[n] = '\0';
    r = post(emu, "/uploads", big);
    free(big);
    assert_api_error(&r, 413, NULL);
    reply_free(&r);
}

typedef struct worker {
    oft_emu *emu;
    int ok;
} worker;

static void *worker_main(void *p)
{
    worker *w = p;
    for (int i = 0; i < 10; i++) {
        reply r = get(w->emu, "/models");
        w->ok += r.status == 200;
        reply_free(&r);
    }
    return NULL;
}

static void test_concurrent_clients(void **state)
{
    oft_emu *emu = *state;
    /* One slow client holds its connection; the others still get through. */
    assert_int_equal(
        oft_emu_script(emu, "GET", "/files/slow", 1, 200, NULL, "{}", 0, 500), 0);
    worker extra = {emu, 0};
    pthread_t extra_t;
    pthread_create(&extra_t, NULL, worker_main, &extra);
    worker w[6];
    pthread_t t[6];
    for (int i = 0; i < 6; i++) {
        w[i].emu = emu;
        w[i].ok = 0;
        assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    }
    reply r = get(emu, "/files/slow");
    assert_int_equal(r.status, 200);
    reply_free(&r);
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].ok, 10);
    }
    pthread_join(extra_t, NULL);
    assert_int_equal(extra.ok, 10);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_start_port_and_base_url, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_models, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_status_headers_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_reset_and_pass, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_delay_times_out_client, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_recording, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_body_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_clients, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
