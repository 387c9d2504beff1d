/*
 * The openai-ft-emulator binary as a process: options and exit codes, the
 * first stdout line, requests over HTTP, the request log (never the key), a
 * clean stop on SIGTERM and SIGINT with its temporary data dir removed, a
 * given --data-dir kept, and requests in flight at SIGTERM answered.
 *   test_emulator_process PATH-TO-openai-ft-emulator
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#define SECRET "sk-process-secret"

extern char **environ;
static const char *emu_path;

typedef struct proc {
    pid_t pid;
    FILE *out; /* the child's stdout */
    char dir[64];
    char tmp[128];
    char err[128];
} proc;

/* Spawns the emulator with args (NULL-terminated), TMPDIR in a fresh dir. */
static void spawn(proc *p, const char *const *args)
{
    int fds[2];
    memset(p, 0, sizeof(*p));
    snprintf(p->dir, sizeof(p->dir), "/tmp/oft-emu-proc-XXXXXX");
    assert_non_null(mkdtemp(p->dir));
    snprintf(p->tmp, sizeof(p->tmp), "%s/tmp", p->dir);
    snprintf(p->err, sizeof(p->err), "%s/stderr", p->dir);
    assert_int_equal(mkdir(p->tmp, 0700), 0);
    assert_int_equal(pipe(fds), 0);

    const char *argv[16];
    size_t n = 0;
    argv[n++] = emu_path;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char tmpdir[160];
    snprintf(tmpdir, sizeof(tmpdir), "TMPDIR=%s", p->tmp);
    char *envp[] = {tmpdir, NULL};

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, 2, p->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc =
        posix_spawn(&p->pid, emu_path, &fa, NULL, (char *const *)(uintptr_t)argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    assert_int_equal(rc, 0);
    p->out = fdopen(fds[0], "r");
    assert_non_null(p->out);
}

static int wait_exit(proc *p)
{
    int status = 0;
    assert_int_equal(waitpid(p->pid, &status, 0), p->pid);
    fclose(p->out);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *buf = calloc(1, 65536);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

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

static void cleanup(proc *p)
{
    char path[200];
    snprintf(path, sizeof(path), "%s", p->err);
    unlink(path);
    rmdir(p->tmp);
    rmdir(p->dir);
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
    CURL *c = curl_easy_init();
    char auth[128];
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    struct curl_slist *h = curl_slist_append(NULL, auth);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

/* Reads the "listening on URL" line into url (the base, ending in /v1). */
static void read_base_url(proc *p, char *url, size_t cap)
{
    char line[256] = "";
    assert_non_null(fgets(line, sizeof(line), p->out));
    line[strcspn(line, "\n")] = '\0';
    assert_true(strncmp(line, "listening on ", 13) == 0);
    snprintf(url, cap, "%s", line + 13);
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
    spawn(&p, args);
    read_base_url(&p, url, sizeof(url));

    /* Upload with curl; the response names the file's ID. */
    static const char bytes[] = "{\"prompt\":\"a\",\"completion\":\"b\"}\n";
    CURL *c = curl_easy_init();
    curl_mime *m = curl_mime_init(c);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "purpose");
    curl_mime_data(part, "fine-tune", CURL_ZERO_TERMINATED);
    part = curl_mime_addpart(m);
    curl_mime_name(part, "file");
    curl_mime_filename(part, "t.jsonl");
    curl_mime_data(part, bytes, sizeof(bytes) - 1);
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer " SECRET);
    char body[4096] = "";
    snprintf(path, sizeof(path), "%s/files", url);
    curl_easy_setopt(c, CURLOPT_URL, path);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, m);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    assert_int_equal(status, 200);
    curl_mime_free(m);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    const char *idp = strstr(body, "\"id\":\"");
    assert_non_null(idp);
    idp += 6;
    char id[64];
    snprintf(id, sizeof(id), "%.*s", (int)strcspn(idp, "\""), idp);

    /* The bytes are under the given dir, not the temporary one; both stay at exit. */
    snprintf(path, sizeof(path), "%s/%s", dir, id);
    char *got = slurp(path);
    assert_string_equal(got, bytes);
    free(got);
    assert_true(dir_empty(p.tmp));
    assert_int_equal(kill(p.pid, SIGTERM), 0);
    assert_int_equal(wait_exit(&p), 0);
    got = slurp(path);
    assert_string_equal(got, bytes);
    free(got);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
    assert_int_equal(rmdir(base), 0);
    cleanup(&p);
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
    spawn(&p, args);
    read_base_url(&p, url, sizeof(url));
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
    assert_int_equal(wait_exit(&p), 0);
    char *err = slurp(p.err);
    assert_non_null(strstr(err, "POST /v1/fine_tuning/alpha/graders/validate 200 "));
    assert_null(strstr(err, "still in flight"));
    free(err);
    cleanup(&p);
}

static void test_sigterm_bounded(void **state)
{
    proc p;
    char url[300];
    const char *args[] = {"--api-key", SECRET, NULL};
    spawn(&p, args);
    read_base_url(&p, url, sizeof(url));
    held h;
    pthread_t t;
    held_start(&h, &t, url);

    /* A request that never completes holds the exit up only for a while. */
    assert_int_equal(kill(p.pid, SIGTERM), 0);
    assert_int_equal(wait_exit(&p), 0);
    held_release(&h, t);
    assert_int_not_equal(h.status, 200);
    char *err = slurp(p.err);
    assert_non_null(strstr(err, "1 request(s) still in flight"));
    free(err);
    cleanup(&p);
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
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        proc p;
        spawn(&p, cases[i].args);
        char line[256] = "";
        if (!fgets(line, sizeof(line), p.out))
            line[0] = '\0';
        if (cases[i].code != 0 && strstr(line, "listening on")) {
            kill(p.pid, SIGTERM); /* started despite a bad option: fail, not hang */
            wait_exit(&p);
            fail_msg("case %zu (%s) started: %s", i, cases[i].args[0], line);
        }
        if (cases[i].out)
            assert_non_null(strstr(line, cases[i].out));
        assert_int_equal(wait_exit(&p), cases[i].code);
        if (cases[i].code != 0) {
            char *err = slurp(p.err);
            assert_non_null(strstr(err, "openai-ft-emulator"));
            if (cases[i].args[1]) /* an option's bad value is named */
                assert_non_null(strstr(err, cases[i].args[1]));
            free(err);
        }
        cleanup(&p);
    }
}

static void run_and_stop(int sig)
{
    proc p;
    const char *args[] = {"--port",         "0", "--api-key", SECRET,
                          "--job-duration", "1", NULL};
    spawn(&p, args);
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
    assert_int_equal(wait_exit(&p), 0);
    assert_true(dir_empty(p.tmp));
    char *err = slurp(p.err);
    assert_non_null(strstr(err, "GET /v1/models 200 "));
    assert_non_null(strstr(err, "GET /v1/models 401 "));
    assert_null(strstr(err, SECRET));
    free(err);
    cleanup(&p);
}

static void test_sigterm(void **state)
{
    run_and_stop(SIGTERM);
}

static void test_sigint(void **state)
{
    run_and_stop(SIGINT);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH-TO-openai-ft-emulator\n", argv[0]);
        return 2;
    }
    emu_path = argv[1];
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_sigterm),
        cmocka_unit_test(test_sigint),
        cmocka_unit_test(test_data_dir),
        cmocka_unit_test(test_sigterm_finishes_requests_in_flight),
        cmocka_unit_test(test_sigterm_bounded),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
