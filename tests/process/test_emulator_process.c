/*
 * The openai-ft-emulator binary as a process: options and exit codes, the
 * first stdout line, requests over HTTP, the request log (never the key), a
 * clean stop on SIGTERM and SIGINT with its temporary data dir removed, a
 * given --data-dir kept, and requests in flight at SIGTERM answered.
 *   test_emulator_process PATH-TO-openai-ft-emulator
 */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "emu_proc.h"

#define SECRET "sk-process-secret"

typedef emu_proc proc;

static int dir_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 1;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = 0;
    }
    closedir(d);
    return empty;
}

static size_t sink(char *d, size_t s, size_t n, void *u)
{
    return s * n;
}

/* Appends to a NUL-terminated buffer of at least 2048 bytes, truncating. */
static size_t collect(char *d, size_t s, size_t n, void *u)
{
    char *buf = u;
    size_t have = strlen(buf), len = s * n;
    if (have + len < 2048) {
        memcpy(buf + have, d, len);
        buf[have + len] = '\0';
    }
    return len;
}

static long http_get(const char *url, const char *key)
{
    http_reply r = http_do("GET", url, key, NULL);
    http_reply_free(&r);
    return r.status;
}

static void test_data_dir(void **state)
{
    proc p;
    char dir[128], url[300], path[400];
    /* p.dir exists only after spawn: name the data dir under a fresh base. */
    char base[] = "/tmp/oft-emu-data-XXXXXX";
    assert_non_null(mkdtemp(base));
    snprintf(dir, sizeof(dir), "%s/data", base);
    const char *args[] = {"--api-key", SECRET, "--data-dir", dir, NULL};
    emu_proc_start(&p, args);
    snprintf(url, sizeof(url), "%s", p.url);

    /* Upload; the response names the file's ID. */
    static const char bytes[] = "{\"prompt\":\"a\",\"completion\":\"b\"}\n";
    http_reply r = http_upload(url, SECRET, "t.jsonl", bytes, "fine-tune");
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    http_reply_free(&r);
    char id[64];
    snprintf(id, sizeof(id), "%s", json_str(j, "id"));
    json_decref(j);

    /* The bytes are under the given dir, not the temporary one; both stay at exit. */
    snprintf(path, sizeof(path), "%s/%s", dir, id);
    char *got = emu_slurp(path);
    assert_string_equal(got, bytes);
    free(got);
    assert_true(dir_empty(p.tmp));
    assert_int_equal(kill(p.pid, SIGTERM), 0);
    assert_int_equal(emu_proc_wait(&p), 0);
    got = emu_slurp(path);
    assert_string_equal(got, bytes);
    free(got);
    assert_int_equal(unlink(path), 0);
    /* Besides the bytes, only the state and its lock. */
    static const char *const own[] = {"state.db", ".lock"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, own[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(dir), 0);
    assert_int_equal(rmdir(base), 0);
    emu_proc_cleanup(&p);
}

/* A POST whose body curl sends only when told: the request is in flight meanwhile. */
typedef struct held {
    char url[300];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int started, go;
    size_t off;
    long status;
    char headers[2048];
} held;

static const char held_body[] =
    "{\"grader\":{\"type\":\"python\",\"name\":\"p\",\"source\":\"x\"}}";

static size_t held_read(char *buf, size_t size, size_t n, void *arg)
{
    held *h = arg;
    pthread_mutex_lock(&h->mu);
    h->started = 1; /* the server sent 100 Continue: it is handling the request */
    pthread_cond_broadcast(&h->cv);
    while (!h->go)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
    size_t left = sizeof(held_body) - 1 - h->off;
    if (left > size * n)
        left = size * n;
    memcpy(buf, held_body + h->off, left);
    h->off += left;
    return left;
}

static void *held_post(void *arg)
{
    held *h = arg;
    CURL *c = curl_easy_init();
    struct curl_slist *l = curl_slist_append(NULL, "Authorization: Bearer " SECRET);
    l = curl_slist_append(l, "Content-Type: application/json");
    l = curl_slist_append(l, "Expect: 100-continue");
    curl_easy_setopt(c, CURLOPT_URL, h->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, l);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)(sizeof(held_body) - 1));
    curl_easy_setopt(c, CURLOPT_READFUNCTION, held_read);
    curl_easy_setopt(c, CURLOPT_READDATA, h);
    curl_easy_setopt(c, CURLOPT_EXPECT_100_TIMEOUT_MS, 600000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, h->headers);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h->status);
    curl_slist_free_all(l);
    curl_easy_cleanup(c);
    return NULL;
}

/* Starts a held POST and waits until the server is handling it. */
static void held_start(held *h, pthread_t *t, const char *base_url)
{
    memset(h, 0, sizeof(*h));
    snprintf(h->url, sizeof(h->url), "%s/fine_tuning/alpha/graders/validate", base_url);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    assert_int_equal(pthread_create(t, NULL, held_post, h), 0);
    pthread_mutex_lock(&h->mu);
    while (!h->started)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

static void held_release(held *h, pthread_t t)
{
    pthread_mutex_lock(&h->mu);
    h->go = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(t, NULL);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
}

/* Waits (bounded) until the server refuses new connections. */
static void wait_refused(const char *base_url)
{
    char url[320];
    snprintf(url, sizeof(url), "%s/models", base_url);
    int i;
    for (i = 0; i < 1000 && http_get(url, SECRET) != 0; i++)
        usleep(20 * 1000);
    assert_true(i < 1000);
}

static void test_sigterm_finishes_requests_in_flight(void **state)
{
    proc p;
    char url[300];
    const char *args[] = {"--api-key", SECRET, NULL};
    emu_proc_start(&p, args);
    snprintf(url, sizeof(url), "%s", p.url);
    held h;
    pthread_t t;
    held_start(&h, &t, url);

    /* SIGTERM while the request waits for its body: new connections are refused
     * from then on, and the held request still gets its answer. */
    assert_int_equal(kill(p.pid, SIGTERM), 0);
    wait_refused(url);
    held_release(&h, t);
    assert_int_equal(h.status, 200);
    assert_non_null(strcasestr(h.headers, "Connection: close"));
    assert_int_equal(emu_proc_wait(&p), 0);
    char *err = emu_slurp(p.err);
    assert_non_null(strstr(err, "POST /v1/fine_tuning/alpha/graders/validate 200 "));
    assert_null(strstr(err, "still in flight"));
    free(err);
    emu_proc_cleanup(&p);
}

static void test_sigterm_bounded(void **state)
{
    proc p;
    char url[300];
    const char *args[] = {"--api-key", SECRET, NULL};
    emu_proc_start(&p, args);
    snprintf(url, sizeof(url), "%s", p.url);
    held h;
    pthread_t t;
    held_start(&h, &t, url);

    /* A request that never completes holds the exit up only for a while. */
    assert_int_equal(kill(p.pid, SIGTERM), 0);
    assert_int_equal(emu_proc_wait(&p), 0);
    held_release(&h, t);
    assert_int_not_equal(h.status, 200);
    char *err = emu_slurp(p.err);
    assert_non_null(strstr(err, "1 request(s) still in flight"));
    free(err);
    emu_proc_cleanup(&p);
}

static void test_options(void **state)
{
    struct {
        const char *args[4];
        int code;
        const char *out;
    } cases[] = {
        {{"--help", NULL}, 0, "usage: openai-ft-emulator"},
        {{"--version", NULL}, 0, "openai-ft-emulator "},
        {{"--fail-rate", "2", NULL}, 2, NULL},
        {{"--bogus", NULL}, 2, NULL},
        {{"extra", NULL}, 2, NULL},
        {{"--host", "nowhere", NULL}, 1, NULL},
        {{"--data-dir", "/proc/nope/x", NULL}, 2, NULL},
        {{"--log-level", "loud", NULL}, 2, NULL},
        {{"--log-format", "xml", NULL}, 2, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        proc p;
        emu_proc_spawn(&p, cases[i].args, NULL);
        char line[256] = "";
        if (!fgets(line, sizeof(line), p.out))
            line[0] = '\0';
        if (cases[i].code != 0 && strstr(line, "listening on")) {
            kill(p.pid, SIGTERM); /* started despite a bad option: fail, not hang */
            emu_proc_wait(&p);
            fail_msg("case %zu (%s) started: %s", i, cases[i].args[0], line);
        }
        if (cases[i].out)
            assert_non_null(strstr(line, cases[i].out));
        assert_int_equal(emu_proc_wait(&p), cases[i].code);
        if (cases[i].code != 0) {
            char *err = emu_slurp(p.err);
            assert_non_null(strstr(err, "openai-ft-emulator"));
            if (cases[i].args[1]) /* an option's bad value is named */
                assert_non_null(strstr(err, cases[i].args[1]));
            free(err);
        }
        emu_proc_cleanup(&p);
    }
}

static void run_and_stop(int sig)
{
    proc p;
    const char *args[] = {"--port",         "0", "--api-key", SECRET,
                          "--job-duration", "1", NULL};
    emu_proc_spawn(&p, args, NULL);
    char line[256] = "";
    assert_non_null(fgets(line, sizeof(line), p.out));
    const char *prefix = "listening on http://127.0.0.1:";
    assert_true(strncmp(line, prefix, strlen(prefix)) == 0);
    line[strcspn(line, "\n")] = '\0';
    size_t len = strlen(line);
    assert_true(len > 3 && strcmp(line + len - 3, "/v1") == 0);
    assert_true(atoi(line + strlen(prefix)) > 0);

    char url[300];
    snprintf(url, sizeof(url), "%s/models", line + strlen("listening on "));
    assert_int_equal(http_get(url, SECRET), 200);
    assert_int_equal(http_get(url, "sk-wrong"), 401);
    assert_false(dir_empty(p.tmp)); /* the temporary data dir exists while running */

    assert_int_equal(kill(p.pid, sig), 0);
    assert_int_equal(emu_proc_wait(&p), 0);
    assert_true(dir_empty(p.tmp));
    char *err = emu_slurp(p.err);
    assert_non_null(strstr(err, "GET /v1/models 200 "));
    assert_non_null(strstr(err, "GET /v1/models 401 "));
    assert_null(strstr(err, SECRET));
    free(err);
    emu_proc_cleanup(&p);
}

static void test_sigterm(void **state)
{
    run_and_stop(SIGTERM);
}

static void test_sigint(void **state)
{
    run_and_stop(SIGINT);
}

/* ---- observability: request and lifecycle lines, text or JSON, by level ---- */

static const char train10[] =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\","
    "\"content\":\"b\"}]}\n";

/* Uploads ten examples and creates a job; its id into id. */
static void make_job(proc *p, char *id, size_t cap)
{
    char data[2048] = "", url[400], file[64], body[256];
    for (int i = 0; i < 10; i++)
        strcat(data, train10);
    http_upload_id(p->url, SECRET, "train.jsonl", data, file, sizeof(file));
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             file);
    snprintf(url, sizeof(url), "%s/fine_tuning/jobs", p->url);
    json_t *job = http_expect(200, "POST", url, SECRET, body);
    snprintf(id, cap, "%s", json_str(job, "id"));
    json_decref(job);
}

/* The value of response header name (lowercase), into out. */
static void header_value(const http_reply *r, const char *name, char *out, size_t cap)
{
    const char *h = strcasestr(r->headers, name);
    assert_non_null(h);
    h += strlen(name);
    while (*h == ':' || *h == ' ')
        h++;
    snprintf(out, cap, "%.*s", (int)strcspn(h, "\r\n"), h);
}

/* Some traffic: a 200, a 404, a job taken to its end; the two request ids. */
static void traffic(proc *p, char *ok_id, char *missing_id, char *job, size_t cap)
{
    char url[400];
    snprintf(url, sizeof(url), "%s/models", p->url);
    http_reply r = http_do("GET", url, SECRET, NULL);
    assert_int_equal(r.status, 200);
    header_value(&r, "x-request-id", ok_id, cap);
    http_reply_free(&r);
    snprintf(url, sizeof(url), "%s/files/file-nope", p->url);
    r = http_do("GET", url, SECRET, NULL);
    assert_int_equal(r.status, 404);
    header_value(&r, "x-request-id", missing_id, cap);
    http_reply_free(&r);
    make_job(p, job, cap);
    snprintf(url, sizeof(url), "%s/_emulator/jobs/%s/advance", p->root, job);
    json_decref(http_expect(200, "POST", url, NULL, "{\"to\":\"end\"}"));
}

/* The first line of text containing every needle (NULL-terminated), or NULL. */
static const char *line_with(const char *text, const char *const *needles)
{
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        int all = 1;
        for (size_t i = 0; needles[i] && all; i++) {
            const char *hit = strstr(line, needles[i]);
            all = hit && hit < line + len;
        }
        if (all)
            return line;
        line += len + (line[len] == '\n');
    }
    return NULL;
}

#define assert_line(text, ...)                                                           \
    do {                                                                                 \
        const char *const needles_[] = {__VA_ARGS__, NULL};                              \
        if (!line_with((text), needles_))                                                \
            fail_msg("no log line with %s ... in:\n%s", needles_[0], (text));            \
    } while (0)

static void test_log_text(void **state)
{
    proc p;
    char ok_id[64], missing_id[64], job[64];
    const char *args[] = {"--api-key", SECRET, "--job-duration", "3600", NULL};
    emu_proc_start(&p, args);
    traffic(&p, ok_id, missing_id, job, sizeof(ok_id));
    assert_int_equal(emu_proc_stop(&p), 0);
    char *err = emu_slurp(p.err);
    /* 2026-12-01T10:00:00.123Z info  GET /v1/models 200 3ms req_... */
    const char *const first[] = {"GET /v1/models 200 ", ok_id, NULL};
    const char *line = line_with(err, first);
    assert_non_null(line);
    assert_true(strlen(line) > 25 && line[4] == '-' && line[10] == 'T' &&
                line[23] == 'Z');
    assert_non_null(strstr(line, " info "));
    assert_line(err, "GET /v1/files/file-nope 404 ", missing_id,
                "No such File object: file-nope");
    assert_line(err, "job ", job, " created", "gpt-4o-mini-2024-07-18");
    assert_line(err, "job ", job, "validating_files -> queued");
    assert_line(err, "job ", job, "queued -> running");
    assert_line(err, "job ", job, "running -> succeeded");
    assert_line(err, "job ", job, "finished: succeeded", "ft:gpt-4o-mini-2024-07-18:");
    assert_null(strstr(err, SECRET));
    free(err);
    emu_proc_cleanup(&p);
}

/* Every line of text is a JSON object with time, level and msg; returns the one
 * whose member key equals value (new reference), or NULL. */
static json_t *json_line(const char *text, const char *key, const char *value)
{
    json_t *found = NULL;
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        json_error_t e;
        json_t *j = json_loadb(line, len, 0, &e);
        if (!json_is_object(j))
            fail_msg("not a JSON line: %.*s", (int)len, line);
        json_str(j, "time");
        json_str(j, "level");
        json_str(j, "msg");
        const char *v = json_string_value(json_object_get(j, key));
        if (!found && v && strcmp(v, value) == 0)
            found = json_incref(j);
        json_decref(j);
        line += len + (line[len] == '\n');
    }
    return found;
}

static void test_log_json(void **state)
{
    proc p;
    char ok_id[64], missing_id[64], job[64];
    const char *args[] = {"--api-key", SECRET, "--job-duration", "3600", "--log-format",
                          "json",      NULL};
    emu_proc_start(&p, args);
    traffic(&p, ok_id, missing_id, job, sizeof(ok_id));
    assert_int_equal(emu_proc_stop(&p), 0);
    char *err = emu_slurp(p.err);
    json_t *ok = json_line(err, "request_id", ok_id);
    assert_non_null(ok);
    assert_string_equal(json_str(ok, "event"), "request");
    assert_string_equal(json_str(ok, "method"), "GET");
    assert_string_equal(json_str(ok, "path"), "/v1/models");
    assert_int_equal(json_integer_value(json_object_get(ok, "status")), 200);
    assert_true(json_is_integer(json_object_get(ok, "duration_ms")));
    assert_true(json_is_null(json_object_get(ok, "error")));
    json_decref(ok);
    json_t *missing = json_line(err, "request_id", missing_id);
    assert_non_null(missing);
    assert_int_equal(json_integer_value(json_object_get(missing, "status")), 404);
    assert_string_equal(json_str(missing, "error"), "No such File object: file-nope");
    json_decref(missing);
    json_t *done = json_line(err, "event", "job.finished");
    assert_non_null(done);
    assert_string_equal(json_str(done, "job"), job);
    assert_string_equal(json_str(done, "status"), "succeeded");
    json_decref(done);
    json_t *created = json_line(err, "event", "job.created");
    assert_non_null(created);
    assert_string_equal(json_str(created, "model"), "gpt-4o-mini-2024-07-18");
    json_decref(created);
    json_t *change = json_line(err, "event", "job.status");
    assert_non_null(change);
    assert_string_equal(json_str(change, "from"), "validating_files");
    assert_string_equal(json_str(change, "to"), "queued");
    json_decref(change);
    assert_null(strstr(err, SECRET));
    free(err);
    emu_proc_cleanup(&p);
}

static void test_log_levels(void **state)
{
    proc p;
    char ok_id[64], missing_id[64], job[64], url[400];
    /* warn: neither request nor lifecycle lines. */
    const char *quiet[] = {"--api-key", SECRET, "--log-level", "warn", NULL};
    emu_proc_start(&p, quiet);
    traffic(&p, ok_id, missing_id, job, sizeof(ok_id));
    assert_int_equal(emu_proc_stop(&p), 0);
    char *err = emu_slurp(p.err);
    if (strstr(err, "/v1/models") || strstr(err, job))
        fail_msg("--log-level warn logged:\n%s", err);
    free(err);
    emu_proc_cleanup(&p);

    /* debug: health checks too (info leaves them out). */
    const char *debug[] = {"--log-level", "debug", NULL};
    emu_proc_start(&p, debug);
    snprintf(url, sizeof(url), "%s/healthz", p.root);
    assert_int_equal(http_get(url, NULL), 200);
    assert_int_equal(emu_proc_stop(&p), 0);
    err = emu_slurp(p.err);
    assert_line(err, " debug ", "GET /healthz 200 ");
    free(err);
    emu_proc_cleanup(&p);
}

int main(int argc, char **argv)
{
    if (emu_proc_init(argc, argv) != 0)
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_options, emu_proc_teardown),
        cmocka_unit_test_teardown(test_sigterm, emu_proc_teardown),
        cmocka_unit_test_teardown(test_sigint, emu_proc_teardown),
        cmocka_unit_test_teardown(test_data_dir, emu_proc_teardown),
        cmocka_unit_test_teardown(test_sigterm_finishes_requests_in_flight,
                                  emu_proc_teardown),
        cmocka_unit_test_teardown(test_sigterm_bounded, emu_proc_teardown),
        cmocka_unit_test_teardown(test_log_text, emu_proc_teardown),
        cmocka_unit_test_teardown(test_log_json, emu_proc_teardown),
        cmocka_unit_test_teardown(test_log_levels, emu_proc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
