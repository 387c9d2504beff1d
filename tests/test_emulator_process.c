/*
 * The openai-ft-emulator binary as a process: options and exit codes, the
 * first stdout line, requests over HTTP, the request log (never the key), a
 * clean stop on SIGTERM and SIGINT with its temporary data dir removed.
 *   test_emulator_process PATH-TO-openai-ft-emulator
 */
#include <dirent.h>
#include <fcntl.h>
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
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        proc p;
        spawn(&p, cases[i].args);
        char line[256] = "";
        if (!fgets(line, sizeof(line), p.out))
            line[0] = '\0';
        if (cases[i].out)
            assert_non_null(strstr(line, cases[i].out));
        assert_int_equal(wait_exit(&p), cases[i].code);
        if (cases[i].code != 0) {
            char *err = slurp(p.err);
            assert_non_null(strstr(err, "openai-ft-emulator"));
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
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
