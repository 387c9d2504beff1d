/*
 * The emulator library in-process over real HTTP on loopback, with libcurl directly
 * (independent of the client library): start and base URL, auth, models, unknown
 * routes, scripted responses, request recording, JSON body errors, concurrent
 * clients, fault injection, the data directory, encoded IDs and the drain.
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
#include <pthread.h>

#include "emu_inproc.h"

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
    http_reply r = emu_send(emu, "GET", "/models", NULL, NULL, NULL);
    assert_api_error(&r, 401, NULL);
    assert_true(http_has_header(&r, "x-request-id: req_"));
    http_reply_free(&r);

    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.api_key = KEY;
    o.admin_key = "admin-key";
    oft_emu *strict;
    assert_int_equal(oft_emu_start(&strict, &o, NULL, 0), 0);
    r = emu_send(strict, "GET", "/models", "sk-wrong", NULL, NULL);
    assert_api_error(&r, 401, NULL);
    assert_null(strstr(r.body, "sk-wrong")); /* the key is never echoed */
    http_reply_free(&r);
    r = emu_send(strict, "GET", "/models", KEY, NULL, NULL);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    /* Permission endpoints take the admin key only. */
    r = emu_send(strict, "GET", "/fine_tuning/checkpoints/ft:x:ckpt-step-1/permissions",
                 KEY, NULL, NULL);
    assert_api_error(&r, 401, NULL);
    http_reply_free(&r);
    r = emu_send(strict, "GET", "/fine_tuning/checkpoints/ft:x:ckpt-step-1/permissions",
                 "admin-key", NULL, NULL);
    assert_api_error(&r, 404, "fine_tuned_model_checkpoint");
    http_reply_free(&r);
    oft_emu_stop(strict);
}

static void test_models(void **state)
{
    oft_emu *emu = *state;
    http_reply r = emu_get(emu, "/models");
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_string_equal(json_str(j, "object"), "list");
    json_t *data = json_object_get(j, "data");
    assert_true(json_array_size(data) >= 3);
    json_t *m = json_array_get(data, 0);
    assert_string_equal(json_str(m, "object"), "model");
    assert_true(json_is_integer(json_object_get(m, "created")));
    assert_true(json_is_string(json_object_get(m, "owned_by")));
    json_decref(j);
    http_reply_free(&r);

    r = emu_get(emu, "/models/gpt-4o-mini-2024-07-18");
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "id"), "gpt-4o-mini-2024-07-18");
    json_decref(j);
    http_reply_free(&r);

    r = emu_get(emu, "/models/no-such-model");
    assert_api_error(&r, 404, "model");
    http_reply_free(&r);
    r = emu_send(emu, "DELETE", "/models/gpt-4o-mini", KEY, NULL, NULL);
    assert_api_error(&r, 403, "model");
    http_reply_free(&r);
}

static void test_unknown_route(void **state)
{
    oft_emu *emu = *state;
    http_reply r = emu_get(emu, "/no/such/thing");
    assert_api_error(&r, 404, NULL);
    assert_non_null(strstr(r.body, "/v1/no/such/thing"));
    http_reply_free(&r);
    r = emu_send(emu, "PATCH", "/models", KEY, NULL, NULL);
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
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
        http_reply r = emu_get(emu, "/models");
        assert_int_equal(r.status, 503);
        assert_string_equal(r.body, "overloaded");
        assert_true(http_has_header(&r, "Retry-After: 7"));
        assert_true(http_has_header(&r, "x-request-id: req_fixed"));
        assert_true(http_has_header(&r, "Content-Type: text/plain"));
        http_reply_free(&r);
    }
    http_reply r = emu_get(emu, "/models"); /* used up: the real handler again */
    assert_int_equal(r.status, 200);
    http_reply_free(&r);

    /* Method and prefix must match; /v1 in the prefix is accepted. */
    assert_int_equal(oft_emu_script(emu, "POST", "/v1/files", 1, 500, NULL, NULL, 0, 0),
                     0);
    r = emu_get(emu, "/files");
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    oft_emu_script_clear(emu);
    r = emu_post(emu, "/files", NULL);
    assert_int_not_equal(r.status, 500);
    http_reply_free(&r);

    /* Scripts answer even without a key (they stand in for the network). */
    assert_int_equal(oft_emu_script(emu, NULL, "/", 1, 418, NULL, "{}", 0, 0), 0);
    r = emu_send(emu, "GET", "/anything", NULL, NULL, NULL);
    assert_int_equal(r.status, 418);
    http_reply_free(&r);
    assert_int_equal(oft_emu_script(emu, NULL, "/", 0, 200, NULL, NULL, 0, 0), -1);
    assert_int_equal(oft_emu_script(emu, NULL, "/", 1, 42, NULL, NULL, 0, 0), -1);
}

static void test_script_reset_and_pass(void **state)
{
    oft_emu *emu = *state;
    const char *body = "{\"object\":\"list\",\"data\":[{\"id\":\"abcdefghijklmnop\"}]}";
    assert_int_equal(
        oft_emu_script(emu, "GET", "/models", 1, 200, NULL, body, OFT_EMU_RESET, 0), 0);
    http_reply r = emu_get(emu, "/models");
    assert_int_not_equal(r.curl_rc, CURLE_OK); /* the connection dropped mid-body */
    assert_true(r.len < strlen(body));
    http_reply_free(&r);

    assert_int_equal(
        oft_emu_script(emu, "GET", "/models", 1, 0, NULL, NULL, OFT_EMU_PASS, 50), 0);
    r = emu_get(emu, "/models");
    assert_int_equal(r.status, 200); /* the real handler answered after the delay */
    json_t *j = http_json(&r);
    assert_string_equal(json_str(j, "object"), "list");
    json_decref(j);
    http_reply_free(&r);
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
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_collect_body);
    http_reply sink;
    memset(&sink, 0, sizeof(sink));
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    assert_int_equal(curl_easy_perform(c), CURLE_OPERATION_TIMEDOUT);
    curl_easy_cleanup(c);
    http_reply_free(&sink);
    /* The server keeps serving others meanwhile. */
    http_reply r = emu_get(emu, "/models");
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
}

static void test_recording(void **state)
{
    oft_emu *emu = *state;
    size_t before = oft_emu_request_count(emu, "POST", "/uploads");
    size_t all_before = oft_emu_request_count(emu, NULL, NULL);
    http_reply r = emu_post(emu, "/uploads?x=1&y=two", "{\"filename\":\"a.jsonl\"}");
    http_reply_free(&r);
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

    /* Recording off: requests are served but not kept; on again: kept. */
    size_t n = oft_emu_request_count(emu, NULL, NULL);
    oft_emu_set_recording(emu, 0);
    r = emu_get(emu, "/models");
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    assert_int_equal(oft_emu_request_count(emu, NULL, NULL), n);
    oft_emu_set_recording(emu, 1);
    r = emu_get(emu, "/models");
    http_reply_free(&r);
    assert_int_equal(oft_emu_request_count(emu, NULL, NULL), n + 1);
}

static void test_json_body_errors(void **state)
{
    oft_emu *emu = *state;
    http_reply r = emu_post(emu, "/uploads", "{not json");
    assert_api_error(&r, 400, NULL);
    http_reply_free(&r);
    r = emu_post(emu, "/uploads", "[1,2]");
    assert_api_error(&r, 400, NULL);
    http_reply_free(&r);

    /* JSON bodies are capped: 413, and the server still answers afterwards. */
    size_t n = 11u * 1024 * 1024;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    big[n] = '\0';
    r = emu_post(emu, "/uploads", big);
    free(big);
    assert_api_error(&r, 413, NULL);
    http_reply_free(&r);
}

typedef struct worker {
    oft_emu *emu;
    int ok;
} worker;

static void *worker_main(void *p)
{
    worker *w = p;
    for (int i = 0; i < 10; i++) {
        http_reply r = emu_get(w->emu, "/models");
        w->ok += r.status == 200;
        http_reply_free(&r);
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
    http_reply r = emu_get(emu, "/files/slow");
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].ok, 10);
    }
    pthread_join(extra_t, NULL);
    assert_int_equal(extra.ok, 10);
}

/* ---- fault injection ---- */

static void test_faults(void **state)
{
    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.fail_rate = 1.0;
    oft_emu *emu;
    assert_int_equal(oft_emu_start(&emu, &o, NULL, 0), 0);
    http_reply r = emu_get(emu, "/models");
    assert_int_equal(r.status, 500);
    json_t *j = http_json(&r);
    assert_string_equal(json_str(json_object_get(j, "error"), "type"), "server_error");
    json_decref(j);
    http_reply_free(&r);
    oft_emu_stop(emu);

    oft_emu_options_init(&o);
    o.quiet = 1;
    o.rate_limit = 1;
    o.latency_ms = 5;
    assert_int_equal(oft_emu_start(&emu, &o, NULL, 0), 0);
    int limited = 0, ok = 0;
    for (int i = 0; i < 5; i++) {
        r = emu_get(emu, "/models");
        if (r.status == 429) {
            limited++;
            assert_true(http_has_header(&r, "Retry-After: 1"));
            assert_true(http_has_header(&r, "retry-after-ms: "));
            assert_api_error(&r, 429, NULL);
        } else {
            assert_int_equal(r.status, 200);
            ok++;
        }
        http_reply_free(&r);
    }
    assert_true(limited >= 1);
    assert_true(ok >= 1);
    oft_emu_stop(emu);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

static void test_data_dir(void **state)
{
    char base[] = "/tmp/oft-emu-dir-XXXXXX", dir[128], path[256], err[256] = "";
    assert_non_null(mkdtemp(base));
    snprintf(dir, sizeof(dir), "%s/data", base); /* missing: created */
    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.data_dir = dir;
    oft_emu *emu = NULL;
    assert_int_equal(oft_emu_start(&emu, &o, err, sizeof(err)), 0);
    char id[64];
    snprintf(id, sizeof(id), "%s", upload_data(emu, "t.jsonl", chat_line, "fine-tune"));
    oft_emu_stop(emu);

    /* The bytes went to the given dir, and both stay after stop. */
    snprintf(path, sizeof(path), "%s/%s", dir, id);
    size_t len = 0;
    char *got = read_all(path, &len);
    assert_non_null(got);
    assert_int_equal(len, strlen(chat_line));
    assert_memory_equal(got, chat_line, len);
    free(got);
    assert_int_equal(unlink(path), 0);
    static const char *const own[] = {"state.db", ".lock"}; /* the kept state */
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, own[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(dir), 0); /* exists, and held nothing else */

    /* A dir that cannot be made, or a file, is refused at start with its path. */
    snprintf(path, sizeof(path), "%s/plain", base);
    const char *bad[] = {"/proc/nope/x", path};
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    for (size_t i = 0; i < 2; i++) {
        o.data_dir = bad[i];
        emu = (oft_emu *)1;
        err[0] = '\0';
        assert_int_equal(oft_emu_start(&emu, &o, err, sizeof(err)), -1);
        assert_null(emu);
        assert_non_null(strstr(err, bad[i]));
        assert_int_equal(oft_emu_prepare_data_dir(bad[i], err, sizeof(err)), -1);
    }
    unlink(path);
    rmdir(base);
}

/* POSTs body and checks a 400 naming param. */

static void test_encoded_ids(void **state)
{
    oft_emu *emu = *state;
    char id[64], path[256];
    snprintf(id, sizeof(id), "%s", upload_data(emu, "t.jsonl", chat_line, "fine-tune"));

    /* An encoded '/' stays inside the ID: the API's 404 for that ID. */
    http_reply r = emu_get(emu, "/files/..%2F..%2Fx");
    assert_api_error(&r, 404, "id");
    assert_non_null(strstr(r.body, "No such File object: ../../x"));
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/files/%s%%2Fcontent", id);
    r = emu_get(emu, path);
    assert_api_error(&r, 404, "id");
    assert_non_null(strstr(r.body, "/content"));
    http_reply_free(&r);
    r = emu_send(emu, "DELETE", "/files/..%2Fx", KEY, NULL, NULL);
    assert_api_error(&r, 404, "id");
    http_reply_free(&r);

    /* Each segment is decoded: an encoded ID finds its object, %00 stays literal. */
    snprintf(path, sizeof(path), "/files/%%%02X%s", (unsigned char)id[0], id + 1);
    r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
    r = emu_get(emu, "/files/%00x");
    assert_api_error(&r, 404, "id");
    assert_non_null(strstr(r.body, "%00x"));
    http_reply_free(&r);
    r = emu_get(emu, "/fil%65s");
    assert_int_equal(r.status, 200);
    http_reply_free(&r);

    /* A path that decodes to invalid UTF-8 still gets the API's error body (it
     * was an empty one: jansson refuses such a message); found by fuzz_emulator. */
    r = emu_get(emu, "/files/ab%FFcd%C3");
    assert_api_error(&r, 404, "id");
    assert_non_null(strstr(r.body, "No such File object: ab?cd?"));
    http_reply_free(&r);
    r = emu_get(emu, "/else%8Dwhere");
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
}

typedef struct bg_req {
    oft_emu *emu;
    http_reply r;
} bg_req;

static void *bg_get(void *p)
{
    bg_req *b = p;
    b->r = emu_get(b->emu, "/models");
    return NULL;
}

/* Waits (bounded) until n GET /models requests have begun. */
static void wait_started(oft_emu *emu, size_t n)
{
    for (int i = 0; i < 2000 && oft_emu_request_count(emu, "GET", "/models") < n; i++)
        usleep(10 * 1000);
    assert_int_equal(oft_emu_request_count(emu, "GET", "/models"), n);
}

static void test_drain(void **state)
{
    oft_emu *emu = *state;
    pthread_t t;
    bg_req b = {emu, {0}};
    assert_int_equal(oft_emu_drain(NULL, 10), 0);

    /* A request held by a delay is in flight when the drain begins: it gets its answer.
     */
    assert_int_equal(
        oft_emu_script(emu, "GET", "/models", 1, 0, NULL, NULL, OFT_EMU_PASS, 300), 0);
    assert_int_equal(pthread_create(&t, NULL, bg_get, &b), 0);
    wait_started(emu, 1);
    assert_int_equal(oft_emu_drain(emu, 60000), 0);
    pthread_join(t, NULL);
    assert_int_equal(b.r.curl_rc, 0);
    assert_int_equal(b.r.status, 200);
    http_reply_free(&b.r);

    /* New connections are refused. */
    http_reply r = emu_get(emu, "/models");
    assert_int_not_equal(r.curl_rc, 0);
    assert_int_equal(r.status, 0);
    http_reply_free(&r);
}

static void test_drain_bounded(void **state)
{
    oft_emu *emu = *state;
    pthread_t t;
    bg_req b = {emu, {0}};
    /* A request that outlasts the drain is reported, then cut short by the stop. */
    assert_int_equal(
        oft_emu_script(emu, "GET", "/models", 1, 0, NULL, NULL, OFT_EMU_PASS, 600000), 0);
    assert_int_equal(pthread_create(&t, NULL, bg_get, &b), 0);
    wait_started(emu, 1);
    assert_int_equal(oft_emu_drain(emu, 50), 1);
    oft_emu_stop(emu);
    *state = NULL;
    pthread_join(t, NULL);
    http_reply_free(&b.r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_start_port_and_base_url, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(test_auth, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_models, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_route, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_script_status_headers_body, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(test_script_reset_and_pass, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(test_script_delay_times_out_client, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(test_recording, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_json_body_errors, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_clients, emu_setup, emu_teardown),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_data_dir),
        cmocka_unit_test_setup_teardown(test_encoded_ids, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_drain, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_drain_bounded, emu_setup, emu_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
