/* The emulator binary as a child process, and HTTP to it (see emu_proc.h). */
#include "emu_proc.h"

#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

extern char **environ;
const char *emu_proc_binary;

int emu_proc_init(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH-TO-openai-ft-emulator\n", argv[0]);
        return -1;
    }
    emu_proc_binary = argv[1];
    curl_global_init(CURL_GLOBAL_ALL);
    atexit(curl_global_cleanup);
    return 0;
}

#define MAX_CHILDREN 64
static pid_t children[MAX_CHILDREN];

static void forget_child(pid_t pid)
{
    for (size_t i = 0; i < MAX_CHILDREN; i++) {
        if (children[i] == pid)
            children[i] = 0;
    }
}

void emu_proc_kill_all(void)
{
    for (size_t i = 0; i < MAX_CHILDREN; i++) {
        if (children[i] > 0) {
            kill(children[i], SIGKILL);
            waitpid(children[i], NULL, 0);
            children[i] = 0;
        }
    }
}

int emu_proc_teardown(void **state)
{
    (void)state;
    emu_proc_kill_all();
    return 0;
}

static void on_stop_signal(int sig)
{
    for (size_t i = 0; i < MAX_CHILDREN; i++) {
        if (children[i] > 0)
            kill(children[i], SIGKILL);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void remember_child(pid_t pid)
{
    static int armed;
    if (!armed) {
        armed = 1;
        atexit(emu_proc_kill_all);
        signal(SIGTERM, on_stop_signal);
        signal(SIGINT, on_stop_signal);
    }
    for (size_t i = 0; i < MAX_CHILDREN; i++) {
        if (children[i] == 0) {
            children[i] = pid;
            return;
        }
    }
    kill(pid, SIGKILL);
    fail_msg("more than %d emulator children", MAX_CHILDREN);
}

void emu_proc_spawn(emu_proc *p, const char *const *args, const char *const *extra_env)
{
    int fds[2];
    memset(p, 0, sizeof(*p));
    snprintf(p->dir, sizeof(p->dir), "/tmp/oft-emu-proc-XXXXXX");
    assert_non_null(mkdtemp(p->dir));
    snprintf(p->tmp, sizeof(p->tmp), "%s/tmp", p->dir);
    snprintf(p->err, sizeof(p->err), "%s/stderr", p->dir);
    assert_int_equal(mkdir(p->tmp, 0700), 0);
    assert_int_equal(pipe(fds), 0);

    const char *argv[32];
    size_t n = 0;
    argv[n++] = emu_proc_binary;
    for (size_t i = 0; args && args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char tmpdir[160];
    snprintf(tmpdir, sizeof(tmpdir), "TMPDIR=%s", p->tmp);
    const char *envp[16] = {tmpdir};
    size_t ne = 1;
    for (size_t i = 0; extra_env && extra_env[i] && ne < 15; i++)
        envp[ne++] = extra_env[i];
    envp[ne] = NULL;

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, 2, p->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = posix_spawn(&p->pid, emu_proc_binary, &fa, NULL,
                         (char *const *)(uintptr_t)argv, (char *const *)(uintptr_t)envp);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    assert_int_equal(rc, 0);
    remember_child(p->pid);
    p->out = fdopen(fds[0], "r");
    assert_non_null(p->out);
}

void emu_proc_start(emu_proc *p, const char *const *args)
{
    emu_proc_spawn(p, args, NULL);
    char line[200] = "";
    if (!fgets(line, sizeof(line), p->out))
        line[0] = '\0';
    line[strcspn(line, "\n")] = '\0';
    if (strncmp(line, "listening on ", 13) != 0) {
        char *err = emu_slurp(p->err);
        fail_msg("the emulator did not start: '%s'; stderr: %s", line, err);
    }
    snprintf(p->url, sizeof(p->url), "%s", line + 13);
    size_t len = strlen(p->url);
    assert_true(len > 3 && strcmp(p->url + len - 3, "/v1") == 0);
    snprintf(p->root, sizeof(p->root), "%.*s", (int)(len - 3), p->url);
}

/* The exit code of a reaped child (fails the test on a signal). */
static int reaped(emu_proc *p, int status)
{
    forget_child(p->pid);
    if (p->out)
        fclose(p->out);
    p->out = NULL;
    if (!WIFEXITED(status))
        fail_msg("the emulator ended by signal %d", WTERMSIG(status));
    return WEXITSTATUS(status);
}

int emu_proc_wait(emu_proc *p)
{
    int status = 0;
    assert_int_equal(waitpid(p->pid, &status, 0), p->pid);
    return reaped(p, status);
}

int emu_proc_wait_bounded(emu_proc *p, int seconds)
{
    for (int i = 0; i < seconds * 20; i++) {
        int status;
        pid_t got = waitpid(p->pid, &status, WNOHANG);
        if (got == p->pid)
            return reaped(p, status);
        usleep(50 * 1000);
    }
    emu_proc_kill_all();
    fail_msg("the emulator was still running after %d s", seconds);
    return -1;
}

int emu_proc_stop(emu_proc *p)
{
    assert_int_equal(kill(p->pid, SIGTERM), 0);
    return emu_proc_wait(p);
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

void emu_proc_cleanup(emu_proc *p)
{
    if (p->dir[0])
        remove_tree(p->dir);
}

char *emu_slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read %s", path);
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    fclose(f);
    return buf;
}

/* ---- HTTP ---- */

size_t http_collect_body(char *data, size_t size, size_t n, void *arg)
{
    http_reply *r = arg;
    size_t add = size * n;
    char *b = realloc(r->body, r->len + add + 1);
    if (!b)
        return 0;
    memcpy(b + r->len, data, add);
    r->len += add;
    b[r->len] = '\0';
    r->body = b;
    return add;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    http_reply *r = arg;
    size_t have = strlen(r->headers), len = size * n;
    if (have + len < sizeof(r->headers)) {
        memcpy(r->headers + have, data, len);
        r->headers[have + len] = '\0';
    }
    return len;
}

static http_reply perform(CURL *c, struct curl_slist *h, const char *url)
{
    http_reply r;
    memset(&r, 0, sizeof(r));
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_collect_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    if (!r.body)
        r.body = calloc(1, 1);
    assert_non_null(r.body);
    return r;
}

static struct curl_slist *auth_header(const char *key)
{
    char auth[256];
    if (!key)
        return NULL;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    return curl_slist_append(NULL, auth);
}

http_reply http_do(const char *method, const char *url, const char *key,
                   const char *json_body)
{
    CURL *c = curl_easy_init();
    assert_non_null(c);
    struct curl_slist *h = auth_header(key);
    if (json_body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body);
    } else if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    http_reply r = perform(c, h, url);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

http_reply http_multipart(const char *url, const char *key, const char *field,
                          const char *filename, const char *data, const char *name,
                          const char *value)
{
    CURL *c = curl_easy_init();
    assert_non_null(c);
    curl_mime *m = curl_mime_init(c);
    curl_mimepart *part;
    if (name) {
        part = curl_mime_addpart(m);
        curl_mime_name(part, name);
        curl_mime_data(part, value, CURL_ZERO_TERMINATED);
    }
    part = curl_mime_addpart(m);
    curl_mime_name(part, field);
    curl_mime_filename(part, filename);
    curl_mime_data(part, data, strlen(data));
    curl_easy_setopt(c, CURLOPT_MIMEPOST, m);
    struct curl_slist *h = auth_header(key);
    http_reply r = perform(c, h, url);
    curl_slist_free_all(h);
    curl_mime_free(m);
    curl_easy_cleanup(c);
    return r;
}

http_reply http_upload(const char *base_url, const char *key, const char *filename,
                       const char *data, const char *purpose)
{
    char url[512];
    snprintf(url, sizeof(url), "%s/files", base_url);
    return http_multipart(url, key, "file", filename, data, "purpose", purpose);
}

void http_upload_id(const char *base_url, const char *key, const char *filename,
                    const char *data, char *id, size_t cap)
{
    http_reply r = http_upload(base_url, key, filename, data, "fine-tune");
    if (r.status != 200)
        fail_msg("upload of %s: %ld %s", filename, r.status, r.body);
    json_t *j = http_json(&r);
    snprintf(id, cap, "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
}

void http_reply_free(http_reply *r)
{
    free(r->body);
    r->body = NULL;
}

json_t *http_json(const http_reply *r)
{
    json_error_t e;
    json_t *j = json_loads(r->body ? r->body : "", 0, &e);
    if (!j)
        fail_msg("not JSON (status %ld): %s", r->status, r->body ? r->body : "");
    return j;
}

json_t *http_expect(long status, const char *method, const char *url, const char *key,
                    const char *json_body)
{
    http_reply r = http_do(method, url, key, json_body);
    if (r.status != status)
        fail_msg("%s %s: status %ld, want %ld: %s", method, url, r.status, status,
                 r.body);
    json_t *j = http_json(&r);
    http_reply_free(&r);
    return j;
}

const char *json_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s)
        fail_msg("no string member '%s'", key);
    return s ? s : "";
}
