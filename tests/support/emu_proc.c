/* The emulator binary as a child process (see emu_proc.h). */
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
