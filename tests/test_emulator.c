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
    size_t cap;
    char headers[4096];
    int curl_rc;
} reply;

static size_t on_body(char *data, size_t size, size_t n, void *p)
{
    reply *r = p;
    size_t add = size * n;
    if (r->len + add + 1 > r->cap) { /* geometric growth: big downloads stay linear */
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + add + 1)
            cap *= 2;
        char *b = realloc(r->body, cap);
        if (!b)
            return 0;
        r->body = b;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, add);
    r->len += add;
    r->body[r->len] = '\0';
    return add;
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
    if (param) {
        const char *got = json_string_value(json_object_get(e, "param"));
        if (!got || strcmp(got, param) != 0)
            fail_msg("param %s, want %s: %s", got ? got : "null", param, r->body);
    }
    json_decref(j);
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    if (!s)
        fail_msg("missing string field %s", k);
    return s ? s : ""; /* fail_msg is not marked noreturn */
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

/* ---- multipart helpers ---- */

typedef struct form_spec {
    const char *file_field; /* "file" or "data" */
    const char *filename;
    const char *data;
    size_t len;
    const char *fields[8]; /* name, value pairs, NULL-terminated */
} form_spec;

static curl_mime *make_form(CURL *c, void *arg)
{
    form_spec *f = arg;
    curl_mime *m = curl_mime_init(c);
    for (int i = 0; f->fields[i]; i += 2) {
        curl_mimepart *p = curl_mime_addpart(m);
        curl_mime_name(p, f->fields[i]);
        curl_mime_data(p, f->fields[i + 1], CURL_ZERO_TERMINATED);
    }
    if (f->file_field) {
        curl_mimepart *p = curl_mime_addpart(m);
        curl_mime_name(p, f->file_field);
        curl_mime_filename(p, f->filename);
        curl_mime_data(p, f->data, f->len);
    }
    return m;
}

static const char *chat_line = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                               "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";

/* Uploads data as a fine-tune file; returns its id (static buffer). */
static const char *upload_data(oft_emu *emu, const char *filename, const char *data,
                               const char *purpose)
{
    static char id[64];
    form_spec f = {"file", filename, data, strlen(data), {"purpose", purpose, NULL}};
    reply r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &f);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    snprintf(id, sizeof(id), "%s", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    return id;
}

static char *repeat(const char *line, int n)
{
    size_t len = strlen(line);
    char *s = malloc(len * (size_t)n + 1);
    assert_non_null(s);
    for (int i = 0; i < n; i++)
        memcpy(s + len * (size_t)i, line, len);
    s[len * (size_t)n] = '\0';
    return s;
}

/* Uploads ten chat examples (the API's minimum) as a fine-tune file; its id. */
static const char *upload_training(oft_emu *emu)
{
    char *data = repeat(chat_line, 10);
    const char *id = upload_data(emu, "t.jsonl", data, "fine-tune");
    free(data);
    return id;
}

/* Creates a job from body text; returns its id (static buffer). */
static const char *create_job(oft_emu *emu, const char *body)
{
    static char id[64];
    reply r = post(emu, "/fine_tuning/jobs", body);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    snprintf(id, sizeof(id), "%s", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    return id;
}

/* GET a job and return its status (static buffer). */
static const char *job_status(oft_emu *emu, const char *id, json_t **out)
{
    static char status[32];
    char path[128];
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s", id);
    reply r = get(emu, path);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    snprintf(status, sizeof(status), "%s", jstr(j, "status"));
    reply_free(&r);
    if (out)
        *out = j;
    else
        json_decref(j);
    return status;
}

/* Polls until the job is terminal (bounded: at most ~60 s). */
static const char *wait_job(oft_emu *emu, const char *id)
{
    const char *st = "";
    for (int i = 0; i < 600; i++) {
        st = job_status(emu, id, NULL);
        if (!strcmp(st, "succeeded") || !strcmp(st, "failed") || !strcmp(st, "cancelled"))
            return st;
        usleep(100 * 1000);
    }
    fail_msg("job %s did not finish (status %s)", id, st);
    return st;
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

    /* Recording off: requests are served but not kept; on again: kept. */
    size_t n = oft_emu_request_count(emu, NULL, NULL);
    oft_emu_set_recording(emu, 0);
    r = get(emu, "/models");
    assert_int_equal(r.status, 200);
    reply_free(&r);
    assert_int_equal(oft_emu_request_count(emu, NULL, NULL), n);
    oft_emu_set_recording(emu, 1);
    r = get(emu, "/models");
    reply_free(&r);
    assert_int_equal(oft_emu_request_count(emu, NULL, NULL), n + 1);
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

/* ---- files ---- */

static void test_files(void **state)
{
    oft_emu *emu = *state;
    char a[64], b[64], path[256];
    snprintf(a, sizeof(a), "%s", upload_data(emu, "a.jsonl", chat_line, "fine-tune"));
    snprintf(b, sizeof(b), "%s", upload_data(emu, "b.jsonl", "{}\n", "batch"));
    assert_true(strncmp(a, "file-", 5) == 0);

    snprintf(path, sizeof(path), "/files/%s", a);
    reply r = get(emu, path);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_string_equal(jstr(j, "object"), "file");
    assert_string_equal(jstr(j, "filename"), "a.jsonl");
    assert_string_equal(jstr(j, "purpose"), "fine-tune");
    assert_string_equal(jstr(j, "status"), "processed");
    assert_int_equal(json_integer_value(json_object_get(j, "bytes")), strlen(chat_line));
    assert_true(json_is_integer(json_object_get(j, "created_at")));
    json_decref(j);
    reply_free(&r);

    /* Content comes back byte for byte. */
    snprintf(path, sizeof(path), "/files/%s/content", a);
    r = get(emu, path);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, strlen(chat_line));
    assert_memory_equal(r.body, chat_line, r.len);
    reply_free(&r);

    /* Lists: default newest first, asc, limit + after, purpose. */
    r = get(emu, "/files");
    j = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 2);
    assert_string_equal(jstr(j, "first_id"), b);
    assert_string_equal(jstr(j, "last_id"), a);
    assert_false(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    reply_free(&r);
    r = get(emu, "/files?order=asc&limit=1");
    j = json_of(&r);
    assert_string_equal(jstr(json_array_get(json_object_get(j, "data"), 0), "id"), a);
    assert_true(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    reply_free(&r);
    snprintf(path, sizeof(path), "/files?order=asc&after=%s", a);
    r = get(emu, path);
    j = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    assert_string_equal(jstr(j, "first_id"), b);
    json_decref(j);
    reply_free(&r);
    r = get(emu, "/files?purpose=batch");
    j = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    json_decref(j);
    reply_free(&r);
    r = get(emu, "/files?limit=0");
    assert_api_error(&r, 400, "limit");
    reply_free(&r);
    r = get(emu, "/files?limit=10001");
    assert_api_error(&r, 400, "limit");
    reply_free(&r);
    r = get(emu, "/files?order=sideways");
    assert_api_error(&r, 400, "order");
    reply_free(&r);

    /* Delete, then 404. */
    snprintf(path, sizeof(path), "/files/%s", b);
    r = send_req(emu, "DELETE", path, KEY, NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_true(json_is_true(json_object_get(j, "deleted")));
    assert_string_equal(jstr(j, "object"), "file");
    json_decref(j);
    reply_free(&r);
    r = get(emu, path);
    assert_api_error(&r, 404, NULL);
    reply_free(&r);
    snprintf(path, sizeof(path), "/files/%s/content", b);
    r = get(emu, path);
    assert_api_error(&r, 404, NULL);
    reply_free(&r);
}

static void test_file_upload_errors(void **state)
{
    oft_emu *emu = *state;
    form_spec no_purpose = {"file", "a.jsonl", "{}\n", 3, {NULL}};
    reply r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &no_purpose);
    assert_api_error(&r, 400, "purpose");
    reply_free(&r);
    form_spec bad_purpose = {"file", "a.jsonl", "{}\n", 3, {"purpose", "fun", NULL}};
    r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &bad_purpose);
    assert_api_error(&r, 400, "purpose");
    reply_free(&r);
    form_spec no_file = {NULL, NULL, NULL, 0, {"purpose", "fine-tune", NULL}};
    r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &no_file);
    assert_api_error(&r, 400, "file");
    reply_free(&r);
    form_spec txt = {"file", "a.txt", "{}\n", 3, {"purpose", "fine-tune", NULL}};
    r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &txt);
    assert_api_error(&r, 400, "file");
    reply_free(&r);
    form_spec short_exp = {"file",
                           "a.jsonl",
                           "{}\n",
                           3,
                           {"purpose", "fine-tune", "expires_after[anchor]", "created_at",
                            "expires_after[seconds]", "60", NULL}};
    r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &short_exp);
    assert_api_error(&r, 400, "expires_after.seconds");
    reply_free(&r);
    form_spec exp = {"file",
                     "a.jsonl",
                     "{}\n",
                     3,
                     {"purpose", "fine-tune", "expires_after[anchor]", "created_at",
                      "expires_after[seconds]", "3600", NULL}};
    r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &exp);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "expires_at")),
                     json_integer_value(json_object_get(j, "created_at")) + 3600);
    json_decref(j);
    reply_free(&r);
    /* Not multipart at all. */
    r = post(emu, "/files", "{\"purpose\":\"fine-tune\"}");
    assert_api_error(&r, 400, NULL);
    reply_free(&r);
    /* No key: refused before anything is stored. */
    r = send_req(emu, "POST", "/files", NULL, NULL, make_form, &exp);
    assert_api_error(&r, 401, NULL);
    reply_free(&r);
}

static void test_large_upload_streamed(void **state)
{
    oft_emu *emu = *state;
    /* Big enough to cross many read buffers; smaller under valgrind. */
    size_t n = getenv("OFT_UNDER_VALGRIND") ? 2u << 20 : 48u << 20;
    char *data = malloc(n);
    assert_non_null(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 23);
    data[n - 1] = '\n';
    form_spec f = {"file", "big.jsonl", data, n, {"purpose", "fine-tune", NULL}};
    reply r = send_req(emu, "POST", "/files", KEY, NULL, make_form, &f);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "bytes")), n);
    char path[128];
    snprintf(path, sizeof(path), "/files/%s/content", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    r = get(emu, path);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, n);
    assert_memory_equal(r.body, data, n);
    reply_free(&r);
    free(data);

    /* A part over 64 MB is refused (and not kept); skipped under valgrind. */
    if (getenv("OFT_UNDER_VALGRIND"))
        return;
    size_t big = (64u << 20) + 1;
    data = calloc(1, big);
    assert_non_null(data);
    r = post(emu, "/uploads",
             "{\"filename\":\"x.jsonl\",\"purpose\":\"fine-tune\","
             "\"bytes\":70000000,\"mime_type\":\"text/jsonl\"}");
    j = json_of(&r);
    snprintf(path, sizeof(path), "/uploads/%s/parts", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    form_spec part = {"data", "blob", data, big, {NULL}};
    r = send_req(emu, "POST", path, KEY, NULL, make_form, &part);
    assert_api_error(&r, 400, "data");
    reply_free(&r);
    free(data);
}

/* ---- uploads ---- */

static const char *add_part(oft_emu *emu, const char *upload, const char *data)
{
    static char id[64];
    char path[128];
    snprintf(path, sizeof(path), "/uploads/%s/parts", upload);
    form_spec f = {"data", "blob", data, strlen(data), {NULL}};
    reply r = send_req(emu, "POST", path, KEY, NULL, make_form, &f);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_string_equal(jstr(j, "object"), "upload.part");
    assert_string_equal(jstr(j, "upload_id"), upload);
    snprintf(id, sizeof(id), "%s", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    return id;
}

static void md5_hex(const char *data, char out[33])
{
    unsigned char d[16];
    unsigned int len = 0;
    EVP_Digest(data, strlen(data), d, &len, EVP_md5(), NULL);
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void test_uploads(void **state)
{
    oft_emu *emu = *state;
    const char *p1 = "{\"a\":1}\n", *p2 = "{\"b\":2}\n";
    char body[512], up[64], id1[64], id2[64], path[128], md5[33];
    snprintf(body, sizeof(body),
             "{\"filename\":\"x.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":%zu,"
             "\"mime_type\":\"text/jsonl\"}",
             strlen(p1) + strlen(p2));
    reply r = post(emu, "/uploads", body);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_string_equal(jstr(j, "object"), "upload");
    assert_string_equal(jstr(j, "status"), "pending");
    assert_true(json_is_null(json_object_get(j, "file")));
    assert_int_equal(json_integer_value(json_object_get(j, "expires_at")),
                     json_integer_value(json_object_get(j, "created_at")) + 3600);
    snprintf(up, sizeof(up), "%s", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);

    snprintf(id1, sizeof(id1), "%s", add_part(emu, up, p1));
    snprintf(id2, sizeof(id2), "%s", add_part(emu, up, p2));

    /* Wrong MD5: refused; the order given is the order of the bytes. */
    snprintf(path, sizeof(path), "/uploads/%s/complete", up);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\",\"%s\"],\"md5\":\"%032d\"}", id2,
             id1, 0);
    r = post(emu, path, body);
    assert_api_error(&r, 400, "md5");
    reply_free(&r);
    r = post(emu, path, "{\"part_ids\":[\"part_nope\"]}");
    assert_api_error(&r, 400, "part_ids");
    reply_free(&r);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\"]}", id1);
    r = post(emu, path, body); /* bytes do not add up */
    assert_api_error(&r, 400, "bytes");
    reply_free(&r);

    char both[64];
    snprintf(both, sizeof(both), "%s%s", p2, p1);
    md5_hex(both, md5);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\",\"%s\"],\"md5\":\"%s\"}", id2,
             id1, md5);
    r = post(emu, path, body);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "status"), "completed");
    json_t *file = json_object_get(j, "file");
    assert_string_equal(jstr(file, "filename"), "x.jsonl");
    assert_int_equal(json_integer_value(json_object_get(file, "bytes")), strlen(both));
    char content[128];
    snprintf(content, sizeof(content), "/files/%s/content", jstr(file, "id"));
    json_decref(j);
    reply_free(&r);
    r = get(emu, content);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, both);
    reply_free(&r);

    /* After completion: no parts, no second completion, no cancel. */
    form_spec f = {"data", "blob", "x", 1, {NULL}};
    snprintf(path, sizeof(path), "/uploads/%s/parts", up);
    r = send_req(emu, "POST", path, KEY, NULL, make_form, &f);
    assert_api_error(&r, 409, NULL);
    reply_free(&r);
    snprintf(path, sizeof(path), "/uploads/%s/cancel", up);
    r = post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    reply_free(&r);

    /* Without md5 the parts are joined in the kernel; same bytes. */
    snprintf(body, sizeof(body),
             "{\"filename\":\"z.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":%zu,"
             "\"mime_type\":\"text/jsonl\"}",
             strlen(both));
    r = post(emu, "/uploads", body);
    j = json_of(&r);
    snprintf(up, sizeof(up), "%s", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    snprintf(id1, sizeof(id1), "%s", add_part(emu, up, p1));
    snprintf(id2, sizeof(id2), "%s", add_part(emu, up, p2));
    snprintf(path, sizeof(path), "/uploads/%s/complete", up);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\",\"%s\"]}", id2, id1);
    r = post(emu, path, body);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    snprintf(content, sizeof(content), "/files/%s/content",
             jstr(json_object_get(j, "file"), "id"));
    json_decref(j);
    reply_free(&r);
    r = get(emu, content);
    assert_string_equal(r.body, both);
    reply_free(&r);

    /* Cancel a pending one. */
    r = post(emu, "/uploads",
             "{\"filename\":\"y.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":3,"
             "\"mime_type\":\"text/jsonl\"}");
    j = json_of(&r);
    snprintf(path, sizeof(path), "/uploads/%s/cancel", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    r = post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "status"), "cancelled");
    json_decref(j);
    reply_free(&r);

    /* Field errors and unknown ids. */
    r = post(emu, "/uploads",
             "{\"purpose\":\"fine-tune\",\"bytes\":3,\"mime_type\":\"text/jsonl\"}");
    assert_api_error(&r, 400, "filename");
    reply_free(&r);
    r = post(emu, "/uploads",
             "{\"filename\":\"y\",\"purpose\":\"nope\",\"bytes\":3,"
             "\"mime_type\":\"text/jsonl\"}");
    assert_api_error(&r, 400, "purpose");
    reply_free(&r);
    r = post(emu, "/uploads",
             "{\"filename\":\"y\",\"purpose\":\"fine-tune\",\"bytes\":-1,"
             "\"mime_type\":\"text/jsonl\"}");
    assert_api_error(&r, 400, "bytes");
    reply_free(&r);
    r = post(emu, "/uploads",
             "{\"filename\":\"y\",\"purpose\":\"fine-tune\",\"bytes\":3}");
    assert_api_error(&r, 400, "mime_type");
    reply_free(&r);
    r = post(emu, "/uploads/upload_nope/complete", "{\"part_ids\":[]}");
    assert_api_error(&r, 404, NULL);
    reply_free(&r);
}

typedef struct part_worker {
    oft_emu *emu;
    const char *upload;
    char data[64];
    char id[64];
} part_worker;

static void *part_main(void *p)
{
    part_worker *w = p;
    char path[128];
    snprintf(path, sizeof(path), "/uploads/%s/parts", w->upload);
    form_spec f = {"data", "blob", w->data, strlen(w->data), {NULL}};
    reply r = send_req(w->emu, "POST", path, KEY, NULL, make_form, &f);
    json_error_t e;
    json_t *j = r.status == 200 ? json_loads(r.body, 0, &e) : NULL;
    const char *id = json_string_value(json_object_get(j, "id"));
    snprintf(w->id, sizeof(w->id), "%s", id ? id : "");
    json_decref(j);
    reply_free(&r);
    return NULL;
}

static void test_parallel_parts(void **state)
{
    oft_emu *emu = *state;
    enum { N = 6 };
    part_worker w[N];
    pthread_t t[N];
    char body[1024], up[64], want[N * 64] = "";
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        snprintf(w[i].data, sizeof(w[i].data), "{\"part\":%d}\n", i);
        total += strlen(w[i].data);
        strcat(want, w[i].data);
    }
    snprintf(body, sizeof(body),
             "{\"filename\":\"p.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":%zu,"
             "\"mime_type\":\"text/jsonl\"}",
             total);
    reply r = post(emu, "/uploads", body);
    json_t *j = json_of(&r);
    snprintf(up, sizeof(up), "%s", jstr(j, "id"));
    json_decref(j);
    reply_free(&r);
    for (int i = 0; i < N; i++) {
        w[i].emu = emu;
        w[i].upload = up;
        assert_int_equal(pthread_create(&t[i], NULL, part_main, &w[i]), 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    /* The order of part_ids, not of arrival, decides the bytes. */
    size_t len = (size_t)snprintf(body, sizeof(body), "{\"part_ids\":[");
    for (int i = 0; i < N; i++) {
        assert_true(strncmp(w[i].id, "part_", 5) == 0);
        len += (size_t)snprintf(body + len, sizeof(body) - len, "%s\"%s\"", i ? "," : "",
                                w[i].id);
    }
    snprintf(body + len, sizeof(body) - len, "]}");
    char path[128];
    snprintf(path, sizeof(path), "/uploads/%s/complete", up);
    r = post(emu, path, body);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    snprintf(path, sizeof(path), "/files/%s/content",
             jstr(json_object_get(j, "file"), "id"));
    json_decref(j);
    reply_free(&r);
    r = get(emu, path);
    assert_string_equal(r.body, want);
    reply_free(&r);
}

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
    reply r = post(emu, "/fine_tuning/jobs", body);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_string_equal(jstr(j, "object"), "fine_tuning.job");
    assert_string_equal(jstr(j, "status"), "validating_files");
    assert_string_equal(jstr(j, "organization_id"), "org-emulator");
    assert_true(json_is_null(json_object_get(j, "fine_tuned_model")));
    assert_true(json_is_null(json_object_get(j, "finished_at")));
    assert_true(json_is_integer(json_object_get(j, "seed")));
    json_t *hp = json_object_get(j, "hyperparameters");
    assert_string_equal(jstr(hp, "n_epochs"), "auto");
    assert_int_equal(json_integer_value(json_object_get(hp, "batch_size")), 2);
    assert_string_equal(jstr(json_object_get(j, "method"), "type"), "supervised");
    assert_string_equal(jstr(json_object_get(j, "metadata"), "team"), "a");
    snprintf(job, sizeof(job), "%s", jstr(j, "id"));
    assert_true(strncmp(job, "ftjob-", 6) == 0);
    json_decref(j);
    reply_free(&r);

    assert_string_equal(wait_job(emu, job), "succeeded");
    job_status(emu, job, &j);
    const char *model = jstr(j, "fine_tuned_model");
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
    r = get(emu, path);
    assert_int_equal(r.status, 200);
    assert_true(strncmp(r.body, "step,train_loss", 15) == 0);
    reply_free(&r);

    /* Events: newest first, the whole story, metrics with data. */
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/events?limit=100", job);
    r = get(emu, path);
    j = json_of(&r);
    json_t *ev = json_object_get(j, "data");
    assert_string_equal(jstr(json_array_get(ev, 0), "message"),
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
        assert_string_equal(jstr(e, "object"), "fine_tuning.job.event");
        if (strcmp(jstr(e, "type"), "metrics") == 0) {
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
    reply_free(&r);

    /* One checkpoint per epoch, named after the model. */
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/checkpoints?limit=50", job);
    r = get(emu, path);
    j = json_of(&r);
    json_t *ck = json_object_get(j, "data");
    assert_int_equal(json_array_size(ck), epochs);
    json_t *c0 = json_array_get(ck, 0);
    assert_string_equal(jstr(c0, "object"), "fine_tuning.job.checkpoint");
    assert_string_equal(jstr(c0, "fine_tuning_job_id"), job);
    assert_true(strncmp(jstr(c0, "fine_tuned_model_checkpoint"), model_copy,
                        strlen(model_copy)) == 0);
    assert_non_null(strstr(jstr(c0, "fine_tuned_model_checkpoint"), ":ckpt-step-"));
    assert_true(
        json_is_number(json_object_get(json_object_get(c0, "metrics"), "train_loss")));
    assert_string_equal(jstr(j, "first_id"), jstr(c0, "id"));
    json_decref(j);
    reply_free(&r);

    /* The model is listed, retrievable and deletable. */
    snprintf(path, sizeof(path), "/models/%s", model_copy);
    r = get(emu, path);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "owned_by"), "org-emulator");
    json_decref(j);
    reply_free(&r);
    r = send_req(emu, "DELETE", path, KEY, NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    r = get(emu, path);
    assert_api_error(&r, 404, NULL);
    reply_free(&r);

    /* Listing jobs, with a metadata filter. */
    r = get(emu, "/fine_tuning/jobs?metadata[team]=a");
    j = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    assert_false(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    reply_free(&r);
    r = get(emu, "/fine_tuning/jobs?metadata[team]=b");
    j = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 0);
    json_decref(j);
    reply_free(&r);
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
        reply r = post(emu, "/fine_tuning/jobs", body);
        assert_api_error(&r, 400, cases[i].param);
        reply_free(&r);
    }
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             batch);
    reply r = post(emu, "/fine_tuning/jobs", body);
    assert_api_error(&r, 400, "training_file");
    reply_free(&r);
    r = get(emu, "/fine_tuning/jobs/ftjob-nope");
    assert_api_error(&r, 404, NULL);
    reply_free(&r);
    r = post(emu, "/fine_tuning/jobs/ftjob-nope/cancel", NULL);
    assert_api_error(&r, 404, NULL);
    reply_free(&r);
    r = get(emu, "/fine_tuning/jobs?limit=0");
    assert_api_error(&r, 400, "limit");
    reply_free(&r);
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
    assert_string_equal(jstr(err, "code"), "invalid_training_file");
    assert_string_equal(jstr(err, "param"), "training_file");
    assert_non_null(strstr(jstr(err, "message"), "line 2"));
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
    reply r = post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/resume", id);
    r = post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    reply_free(&r);

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
    r = post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "status"), "paused");
    json_decref(j);
    reply_free(&r);
    assert_string_equal(job_status(emu, id, NULL), "paused");
    r = post(emu, path, NULL); /* paused is not running */
    assert_api_error(&r, 409, NULL);
    reply_free(&r);

    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/resume", id);
    r = post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "status"), "queued");
    json_decref(j);
    reply_free(&r);

    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/cancel", id);
    r = post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "status"), "cancelled");
    assert_true(json_is_integer(json_object_get(j, "finished_at")));
    json_decref(j);
    reply_free(&r);
    assert_string_equal(job_status(emu, id, NULL), "cancelled");
    r = post(emu, path, NULL); /* cancelling a finished job */
    assert_api_error(&r, 409, NULL);
    reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/pause", id);
    r = post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/events?limit=100", id);
    r = get(emu, path);
    j = json_of(&r);
    assert_true(has_event(json_object_get(j, "data"), "paused"));
    assert_true(has_event(json_object_get(j, "data"), "resumed"));
    assert_true(has_event(json_object_get(j, "data"), "cancelled"));
    json_decref(j);
    reply_free(&r);
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
    assert_string_equal(jstr(json_object_get(j, "error"), "code"), "quota");
    assert_string_equal(jstr(json_object_get(j, "error"), "message"), "Out of quota.");
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
        reply r = get(emu, path);
        assert_int_equal(r.status, 200);
        j = json_of(&r);
        json_t *data = json_object_get(j, "data");
        more = json_is_true(json_object_get(j, "has_more"));
        if (pages == 0)
            assert_string_equal(jstr(json_array_get(data, 0), "message"),
                                "Emulator event 25 of 25");
        total += (int)json_array_size(data);
        if (json_array_size(data)) {
            json_t *last = json_array_get(data, json_array_size(data) - 1);
            snprintf(after, sizeof(after), "%s", jstr(last, "id"));
            snprintf(last_msg, sizeof(last_msg), "%s", jstr(last, "message"));
        }
        json_decref(j);
        reply_free(&r);
        pages++;
    }
    assert_int_equal(total, 25 + 2); /* plus "Created" and "Validating" */
    assert_int_equal(pages, 3);
    assert_non_null(strstr(last_msg, "Created fine-tuning job"));

    assert_int_equal(oft_emu_job_finish(emu, b), 0);
    assert_string_equal(job_status(emu, b, NULL), "succeeded");
    assert_int_equal(oft_emu_job_finish(emu, "ftjob-nope"), -1);

    /* Jobs list: newest first, limit + after. */
    reply r = get(emu, "/fine_tuning/jobs?limit=1");
    j = json_of(&r);
    assert_string_equal(jstr(json_array_get(json_object_get(j, "data"), 0), "id"), b);
    assert_true(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    reply_free(&r);
    snprintf(path, sizeof(path), "/fine_tuning/jobs?limit=5&after=%s", b);
    r = get(emu, path);
    j = json_of(&r);
    assert_string_equal(jstr(json_array_get(json_object_get(j, "data"), 0), "id"), a);
    assert_false(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    reply_free(&r);
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
    reply r = get(emu, path);
    json_t *j = json_of(&r);
    snprintf(ckpt, sizeof(ckpt), "%s",
             jstr(json_array_get(json_object_get(j, "data"), 0),
                  "fine_tuned_model_checkpoint"));
    json_decref(j);
    reply_free(&r);

    snprintf(path, sizeof(path), "/fine_tuning/checkpoints/%s/permissions", ckpt);
    r = post(emu, path, "{\"project_ids\":[\"proj_a\",\"proj_b\",\"proj_c\"]}");
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_string_equal(jstr(j, "object"), "list");
    json_t *p0 = json_array_get(json_object_get(j, "data"), 0);
    assert_string_equal(jstr(p0, "object"), "checkpoint.permission");
    assert_string_equal(jstr(p0, "project_id"), "proj_a");
    assert_true(strncmp(jstr(p0, "id"), "cp_", 3) == 0);
    snprintf(perm, sizeof(perm), "%s", jstr(p0, "id"));
    json_decref(j);
    reply_free(&r);
    r = post(emu, path, "{\"project_ids\":[]}");
    assert_api_error(&r, 400, "project_ids");
    reply_free(&r);

    char q[600];
    snprintf(q, sizeof(q), "%s?limit=2", path);
    r = get(emu, q);
    j = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 2);
    assert_true(json_is_true(json_object_get(j, "has_more")));
    assert_string_equal(jstr(json_array_get(json_object_get(j, "data"), 0), "project_id"),
                        "proj_c"); /* descending by default */
    assert_true(json_is_string(json_object_get(j, "last_id")));
    json_decref(j);
    reply_free(&r);
    snprintf(q, sizeof(q), "%s?order=ascending&project_id=proj_b", path);
    r = get(emu, q);
    j = json_of(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    assert_string_equal(jstr(json_array_get(json_object_get(j, "data"), 0), "project_id"),
                        "proj_b");
    json_decref(j);
    reply_free(&r);

    snprintf(q, sizeof(q), "%s/%s", path, perm);
    r = send_req(emu, "DELETE", q, KEY, NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    j = json_of(&r);
    assert_true(json_is_true(json_object_get(j, "deleted")));
    assert_string_equal(jstr(j, "id"), perm);
    json_decref(j);
    reply_free(&r);
    r = send_req(emu, "DELETE", q, KEY, NULL, NULL, NULL);
    assert_api_error(&r, 404, NULL);
    reply_free(&r);
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
    reply r = get(emu, "/models");
    assert_int_equal(r.status, 500);
    json_t *j = json_of(&r);
    assert_string_equal(jstr(json_object_get(j, "error"), "type"), "server_error");
    json_decref(j);
    reply_free(&r);
    oft_emu_stop(emu);

    oft_emu_options_init(&o);
    o.quiet = 1;
    o.rate_limit = 1;
    o.latency_ms = 5;
    assert_int_equal(oft_emu_start(&emu, &o, NULL, 0), 0);
    int limited = 0, ok = 0;
    for (int i = 0; i < 5; i++) {
        r = get(emu, "/models");
        if (r.status == 429) {
            limited++;
            assert_true(has_header(&r, "Retry-After: 1"));
            assert_true(has_header(&r, "retry-after-ms: "));
            assert_api_error(&r, 429, NULL);
        } else {
            assert_int_equal(r.status, 200);
            ok++;
        }
        reply_free(&r);
    }
    assert_true(limited >= 1);
    assert_true(ok >= 1);
    oft_emu_stop(emu);
}

/* ---- graders (alpha) ---- */

static double run_grader(oft_emu *emu, const char *body, json_t **out)
{
    reply r = post(emu, "/fine_tuning/alpha/graders/run", body);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    reply_free(&r);
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
    reply r = post(emu, "/fine_tuning/alpha/graders/validate", body);
    assert_int_equal(r.status, 200);
    json_t *j = json_of(&r);
    assert_string_equal(jstr(json_object_get(j, "grader"), "type"), "string_check");
    json_decref(j);
    reply_free(&r);

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
    r = post(emu, "/fine_tuning/alpha/graders/validate",
             "{\"grader\":{\"type\":\"string_check\",\"name\":\"g\",\"input\":\"a\","
             "\"reference\":\"b\"}}");
    assert_api_error(&r, 400, "grader.operation");
    reply_free(&r);
    r = post(emu, "/fine_tuning/alpha/graders/validate",
             "{\"grader\":{\"type\":\"label_model\",\"name\":\"g\"}}");
    assert_api_error(&r, 400, NULL);
    reply_free(&r);
    r = post(emu, "/fine_tuning/alpha/graders/run",
             "{\"grader\":{\"type\":\"python\","
             "\"name\":\"p\",\"source\":\"x\"}}");
    assert_api_error(&r, 400, "model_sample");
    reply_free(&r);
}

/* ---- fixes: data dir, grader checks, encoded IDs, drain ---- */

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
    static const char *const own[] = {"state.json", ".lock"}; /* the kept state */
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
static void post_400(oft_emu *emu, const char *path, const char *body, const char *param)
{
    reply r = post(emu, path, body);
    if (r.status != 400)
        fail_msg("%s %s: %ld %s", path, body, r.status, r.body ? r.body : "");
    assert_api_error(&r, 400, param);
    reply_free(&r);
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

static void test_encoded_ids(void **state)
{
    oft_emu *emu = *state;
    char id[64], path[256];
    snprintf(id, sizeof(id), "%s", upload_data(emu, "t.jsonl", chat_line, "fine-tune"));

    /* An encoded '/' stays inside the ID: the API's 404 for that ID. */
    reply r = get(emu, "/files/..%2F..%2Fx");
    assert_api_error(&r, 404, "id");
    assert_non_null(strstr(r.body, "No such File object: ../../x"));
    reply_free(&r);
    snprintf(path, sizeof(path), "/files/%s%%2Fcontent", id);
    r = get(emu, path);
    assert_api_error(&r, 404, "id");
    assert_non_null(strstr(r.body, "/content"));
    reply_free(&r);
    r = send_req(emu, "DELETE", "/files/..%2Fx", KEY, NULL, NULL, NULL);
    assert_api_error(&r, 404, "id");
    reply_free(&r);

    /* Each segment is decoded: an encoded ID finds its object, %00 stays literal. */
    snprintf(path, sizeof(path), "/files/%%%02X%s", (unsigned char)id[0], id + 1);
    r = get(emu, path);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    r = get(emu, "/files/%00x");
    assert_api_error(&r, 404, "id");
    assert_non_null(strstr(r.body, "%00x"));
    reply_free(&r);
    r = get(emu, "/fil%65s");
    assert_int_equal(r.status, 200);
    reply_free(&r);
}

typedef struct bg_req {
    oft_emu *emu;
    reply r;
} bg_req;

static void *bg_get(void *p)
{
    bg_req *b = p;
    b->r = get(b->emu, "/models");
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
    reply_free(&b.r);

    /* New connections are refused. */
    reply r = get(emu, "/models");
    assert_int_not_equal(r.curl_rc, 0);
    assert_int_equal(r.status, 0);
    reply_free(&r);
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
    reply_free(&b.r);
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
        cmocka_unit_test_setup_teardown(test_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_upload_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_upload_streamed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uploads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parallel_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_create_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_invalid_training_file, setup, teardown),
        cmocka_unit_test(test_job_pause_resume_cancel),
        cmocka_unit_test(test_hooks_and_event_pages),
        cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
        cmocka_unit_test(test_faults),
        cmocka_unit_test_setup_teardown(test_graders, setup, teardown),
        cmocka_unit_test(test_data_dir),
        cmocka_unit_test_setup_teardown(test_grader_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encoded_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drain_bounded, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
