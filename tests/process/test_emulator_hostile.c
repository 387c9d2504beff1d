/*
 * Hostile clients of the openai-ft-emulator binary (issue 12): 1,100 idle
 * half-open connections do not lock a normal client out (per-IP and total
 * limits), idle connections are closed after the connection timeout, and an
 * upload still unanswered when the SIGTERM drain ends gets a 503 in the API's
 * error shape before the connection closes.
 *   test_emulator_hostile PATH-TO-openai-ft-emulator
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "emu_proc.h"

#define KEY  "sk-hostile"
#define SLOW 1100 /* the number of connections of the issue */

static unsigned short port_of(const emu_proc *p)
{
    const char *colon = strrchr(p->root, ':');
    assert_non_null(colon);
    return (unsigned short)atoi(colon + 1);
}

/* Room for SLOW sockets in this process. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_cur < SLOW + 200) {
        rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
    }
    assert_true(rl.rlim_cur >= SLOW + 200);
}

/* Waits (at most 20 s) until every pending connect of fds has ended either way. */
static void await_connects(int *fds, int n)
{
    struct pollfd *pf = calloc((size_t)n, sizeof(*pf));
    assert_non_null(pf);
    for (int i = 0; i < n; i++)
        pf[i] = (struct pollfd){fds[i], POLLOUT, 0};
    for (int round = 0; round < 200; round++) {
        int pending = 0;
        for (int i = 0; i < n; i++)
            pending += pf[i].fd >= 0;
        if (!pending || poll(pf, (nfds_t)n, 100) < 0)
            break;
        for (int i = 0; i < n; i++) { /* ended: no longer polled */
            if (pf[i].fd >= 0 && pf[i].revents)
                pf[i].fd = -1;
        }
    }
    free(pf);
}

/*
 * Opens n connections from 127.0.0.1 at once, waits until the kernel has
 * taken them (the SYNs beyond a listen backlog are retried for a while), and
 * on each sends the start of a request and nothing more: a server that
 * accepted it waits for the rest. Returns the sockets (-1 where connect failed).
 */
static int *hold_connections(unsigned short port, int n)
{
    int *fds = calloc((size_t)n, sizeof(int));
    assert_non_null(fds);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    static const char start[] = "GET /v1/models HTTP/1.1\r\nHost: emulator\r\n";
    for (int i = 0; i < n; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        assert_true(fds[i] >= 0);
        if (connect(fds[i], (struct sockaddr *)&sa, sizeof(sa)) != 0 &&
            errno != EINPROGRESS) {
            close(fds[i]);
            fds[i] = -1;
        }
    }
    await_connects(fds, n);
    for (int i = 0; i < n; i++) {
        if (fds[i] >= 0)
            (void)!send(fds[i], start, sizeof(start) - 1, MSG_NOSIGNAL);
    }
    return fds;
}

/* The number of threads of the emulator (one per connection it took). */
static long threads_of(const emu_proc *p)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", (int)p->pid);
    char *st = emu_slurp(path);
    const char *t = strstr(st, "Threads:");
    long n = t ? atol(t + 8) : -1;
    free(st);
    return n;
}

/* Waits (at most 20 s) until the emulator has taken every connection it will:
 * its thread count holds still for a second. */
static void settle(const emu_proc *p)
{
    long last = -1, now;
    for (int i = 0, still = 0; i < 200 && still < 5; i++) {
        usleep(200 * 1000);
        now = threads_of(p);
        still = now == last ? still + 1 : 0;
        last = now;
    }
}

static void release_connections(int *fds, int n)
{
    for (int i = 0; i < n; i++) {
        if (fds[i] >= 0)
            close(fds[i]);
    }
    free(fds);
}

/* GET /v1/models from the source address `from`; the status (0: none in 60 s). */
static long get_models_from(const emu_proc *p, const char *from)
{
    CURL *c = curl_easy_init();
    char url[512], auth[128];
    snprintf(url, sizeof(url), "%s/models", p->url);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", KEY);
    struct curl_slist *h = curl_slist_append(NULL, auth);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_INTERFACE, from);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, NULL);
    FILE *sink = fopen("/dev/null", "w");
    curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    fclose(sink);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

/* As get_models_from, tried again for a while: the server frees a closed
 * connection's slot just after the close the client sees. */
static long get_models_soon(const emu_proc *p, const char *from)
{
    long status = 0;
    for (int i = 0; i < 40 && status != 200; i++) {
        if (i)
            usleep(250 * 1000);
        status = get_models_from(p, from);
    }
    return status;
}

static void test_slow_connections_do_not_lock_out(void **state)
{
    raise_fd_limit();
    emu_proc p;
    const char *args[] = {"--quiet", "--api-key", KEY, NULL};
    emu_proc_start(&p, args);
    int *fds = hold_connections(port_of(&p), SLOW);
    settle(&p);
    /* Another client (another address on loopback) is served meanwhile. */
    assert_int_equal(get_models_from(&p, "127.0.0.2"), 200);
    assert_int_equal(get_models_from(&p, "127.0.0.3"), 200);
    release_connections(fds, SLOW);
    assert_int_equal(get_models_soon(&p, "127.0.0.1"), 200);
    assert_int_equal(emu_proc_stop(&p), 0);
    emu_proc_cleanup(&p);
}

static void test_idle_connections_time_out(void **state)
{
    emu_proc p;
    const char *args[] = {"--quiet", "--api-key",
                          KEY,       "--connection-timeout",
                          "1",       "--max-connections-per-ip",
                          "8",       NULL};
    emu_proc_start(&p, args);
    int *fds = hold_connections(port_of(&p), 8);
    settle(&p);
    /* Each idle one is closed by the server (EOF or a reset) within the wait. */
    for (int i = 0; i < 8; i++) {
        assert_true(fds[i] >= 0);
        struct pollfd pf = {fds[i], POLLIN, 0};
        assert_int_equal(poll(&pf, 1, 30000), 1);
        char buf[256];
        ssize_t n = recv(fds[i], buf, sizeof(buf), 0);
        assert_true(n <= 0); /* closed, no answer to half a request */
    }
    release_connections(fds, 8);
    assert_int_equal(get_models_soon(&p, "127.0.0.1"), 200); /* room again */
    assert_int_equal(emu_proc_stop(&p), 0);
    emu_proc_cleanup(&p);
}

/* ---- SIGTERM during an upload ---- */

typedef struct slow_upload {
    const emu_proc *p;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    curl_off_t sent;
    long status;
    http_reply reply;
} slow_upload;

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
    slow_upload *u = arg;
    pthread_mutex_lock(&u->mu);
    u->sent = ulnow;
    pthread_cond_broadcast(&u->cv);
    pthread_mutex_unlock(&u->mu);
    return 0;
}

/* A 4 MB file sent at 64 kB/s: about a minute, much longer than the drain. */
static void *upload_main(void *arg)
{
    slow_upload *u = arg;
    size_t len = 4u << 20;
    char *data = malloc(len + 1);
    assert_non_null(data);
    memset(data, 'x', len);
    data[len] = '\0';
    CURL *c = curl_easy_init();
    curl_mime *m = curl_mime_init(c);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "purpose");
    curl_mime_data(part, "batch", CURL_ZERO_TERMINATED);
    part = curl_mime_addpart(m);
    curl_mime_name(part, "file");
    curl_mime_filename(part, "big.jsonl");
    curl_mime_data(part, data, len);
    char url[512];
    snprintf(url, sizeof(url), "%s/files", u->p->url);
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer " KEY);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, m);
    curl_easy_setopt(c, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)(64 * 1024));
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, u);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_collect_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &u->reply);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &u->status);
    curl_slist_free_all(h);
    curl_mime_free(m);
    curl_easy_cleanup(c);
    free(data);
    pthread_mutex_lock(&u->mu);
    u->sent = -1; /* done */
    pthread_cond_broadcast(&u->cv);
    pthread_mutex_unlock(&u->mu);
    return NULL;
}

static void test_sigterm_answers_unfinished_upload(void **state)
{
    emu_proc p;
    const char *args[] = {"--api-key", KEY, NULL};
    emu_proc_start(&p, args);
    slow_upload u;
    memset(&u, 0, sizeof(u));
    u.p = &p;
    pthread_mutex_init(&u.mu, NULL);
    pthread_cond_init(&u.cv, NULL);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, upload_main, &u), 0);
    pthread_mutex_lock(&u.mu); /* until the upload is well under way */
    while (u.sent >= 0 && u.sent < 128 * 1024)
        pthread_cond_wait(&u.cv, &u.mu);
    int under_way = u.sent > 0;
    pthread_mutex_unlock(&u.mu);
    assert_true(under_way);

    assert_int_equal(kill(p.pid, SIGTERM), 0);
    assert_int_equal(emu_proc_wait_bounded(&p, 60), 0);
    pthread_join(t, NULL);
    assert_int_equal(u.status, 503);
    json_t *j = http_json(&u.reply);
    json_t *e = json_object_get(j, "error");
    assert_string_equal(json_str(e, "type"), "server_error");
    json_str(e, "message");
    assert_non_null(json_object_get(e, "param"));
    assert_non_null(json_object_get(e, "code"));
    json_decref(j);
    http_reply_free(&u.reply);
    char *err = emu_slurp(p.err);
    if (!strstr(err, "POST /v1/files 503 "))
        fail_msg("no 503 line in the log:\n%s", err);
    free(err);
    pthread_mutex_destroy(&u.mu);
    pthread_cond_destroy(&u.cv);
    emu_proc_cleanup(&p);
}

int main(int argc, char **argv)
{
    if (emu_proc_init(argc, argv) != 0)
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_slow_connections_do_not_lock_out,
                                  emu_proc_teardown),
        cmocka_unit_test_teardown(test_idle_connections_time_out, emu_proc_teardown),
        cmocka_unit_test_teardown(test_sigterm_answers_unfinished_upload,
                                  emu_proc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
