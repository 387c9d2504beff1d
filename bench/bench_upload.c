/*
 * bench_upload: a large file through oft_file_upload_large to the emulator
 * over loopback, against the curl command line sending the same parts to the
 * same server, side by side. Prints MB/s of both, the ratio (target >= 80%)
 * and the peak RSS of this process (target < 64 MB). Asserts nothing.
 *
 *   BENCH_UPLOAD_MB     file size in MB (default 2048)
 *   BENCH_PART_MB       part size in MiB (default 64)
 *   BENCH_CONCURRENCY   parts at once (default 4)
 *   BENCH_RUNS          interleaved runs of each side, best kept (default 2)
 *
 * The emulator runs in a child process so that this process's RSS is the
 * client's alone. Both sides create an Upload, send its parts with the same
 * part size and concurrency, and complete it (the server concatenates the
 * parts and checks the MD5 on both sides).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "emulator.h"
#include "util/md5.h"
#include "openai_ft.h"
#include "../tests/support/random_file.h"

#define KEY "sk-bench-upload"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_upload: %s\n", what);
    exit(1);
}

/* Starts the emulator in a child; returns its pid and the base URL. The child
 * stops when `*keep` (its stdin pipe) is closed. */
static pid_t start_emulator(char *url, size_t cap, int *keep)
{
    int up[2], hold[2];
    if (pipe(up) != 0 || pipe(hold) != 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(up[0]);
        close(hold[1]);
        oft_emu_options eo;
        oft_emu *emu = NULL;
        char err[256];
        oft_emu_options_init(&eo);
        eo.quiet = 1;
        if (oft_emu_start(&emu, &eo, err, sizeof(err)) != 0)
            _exit(2);
        const char *u = oft_emu_base_url(emu);
        if (write(up[1], u, strlen(u) + 1) < 0)
            _exit(2);
        close(up[1]);
        char c;
        while (read(hold[0], &c, 1) > 0) {
        }
        oft_emu_stop(emu);
        _exit(0);
    }
    close(up[1]);
    close(hold[0]);
    ssize_t n = read(up[0], url, cap - 1);
    if (n <= 0)
        die("the emulator did not start");
    url[n] = '\0';
    close(up[0]);
    *keep = hold[1];
    return pid;
}

/* Seconds to hash the file alone (what the library adds to curl's work). */
static double md5_alone(const char *path)
{
    static char buf[256 * 1024];
    char hex[33];
    oft__md5 *m = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0 || oft__md5_new(&m, NULL, 0) != OFT_OK)
        die("md5");
    double t0 = now_s();
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        oft__md5_update(m, buf, (size_t)n);
    oft__md5_final(m, hex);
    double t = now_s() - t0;
    oft__md5_free(m);
    close(fd);
    return t;
}

/* Copies len bytes at off of src into a new file at dst (for curl -F @file). */
static void copy_range(int src, int64_t off, int64_t len, const char *dst)
{
    static char buf[1 << 20];
    int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        die("cannot create a part file");
    while (len > 0) {
        size_t want = len < (int64_t)sizeof(buf) ? (size_t)len : sizeof(buf);
        ssize_t n = pread(src, buf, want, (off_t)off);
        if (n <= 0 || write(fd, buf, (size_t)n) != n)
            die("cannot copy a part");
        off += n;
        len -= n;
    }
    close(fd);
}

/* Reads "id":"part_..." from curl's saved response into out. */
static char *read_part_id(const char *path)
{
    char buf[2048];
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("no curl response");
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    char *p = strstr(buf, "\"id\"");
    p = p ? strchr(p + 4, '"') : NULL;
    char *e = p ? strchr(p + 1, '"') : NULL;
    if (!e)
        die("a curl part response has no id");
    return strndup(p + 1, (size_t)(e - p - 1));
}

/* The curl side: create, all parts with `curl --parallel`, complete. Returns
 * seconds; *curl_rss_kb gets the curl process's peak RSS. */
static double run_curl(oft_client *c, const char *url, const char *dir, const char *path,
                       int64_t size, int64_t part, int conc, const char *md5,
                       long *curl_rss_kb)
{
    size_t n = (size_t)((size + part - 1) / part);
    int src = open(path, O_RDONLY);
    if (src < 0)
        die("cannot open the test file");
    char **argv = calloc(9 + n * 12, sizeof(char *));
    char **ids = calloc(n, sizeof(char *));
    char **bufs = calloc(n * 3, sizeof(char *));
    if (!argv || !ids || !bufs)
        die("out of memory");
    /* Part files are made before the clock starts. */
    for (size_t i = 0; i < n; i++) {
        int64_t off = (int64_t)i * part;
        bufs[3 * i] = malloc(600);
        snprintf(bufs[3 * i], 600, "%s/part%zu", dir, i);
        copy_range(src, off, size - off < part ? size - off : part, bufs[3 * i]);
    }
    close(src);

    /* Both sides start with no dirty pages pending (writeback would slow the
     * second one down). */
    sync();
    double t0 = now_s();
    oft_upload_create_options co = OFT_UPLOAD_CREATE_OPTIONS_INIT;
    co.filename = "bench.jsonl";
    co.bytes = size;
    oft_upload *up = NULL;
    if (oft_upload_create(&up, c, &co) != OFT_OK)
        die("curl side: create failed");
    char conc_s[16];
    snprintf(conc_s, sizeof(conc_s), "%d", conc);
    size_t a = 0;
    argv[a++] = strdup("curl");
    argv[a++] = strdup("-sS");
    argv[a++] = strdup("--no-progress-meter");
    argv[a++] = strdup("--parallel");
    argv[a++] = strdup("--parallel-max");
    argv[a++] = strdup(conc_s);
    for (size_t i = 0; i < n; i++) {
        bufs[3 * i + 1] = malloc(700);
        bufs[3 * i + 2] = malloc(700);
        snprintf(bufs[3 * i + 1], 700, "data=@%s", bufs[3 * i]);
        snprintf(bufs[3 * i + 2], 700, "%s/uploads/%s/parts", url, up->id);
        char out[620];
        snprintf(out, sizeof(out), "%s.json", bufs[3 * i]);
        if (i > 0)
            argv[a++] = strdup("--next");
        argv[a++] = strdup("--fail");
        argv[a++] = strdup("-H");
        argv[a++] = strdup("Authorization: Bearer " KEY);
        argv[a++] = strdup("-F");
        argv[a++] = strdup(bufs[3 * i + 1]);
        argv[a++] = strdup("-o");
        argv[a++] = strdup(out);
        argv[a++] = strdup(bufs[3 * i + 2]);
    }
    argv[a] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        execvp("curl", argv);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) ||
        WEXITSTATUS(st) != 0)
        die("curl failed (is the curl command installed?)");
    *curl_rss_kb = ru.ru_maxrss;
    for (size_t i = 0; i < n; i++) {
        char out[620];
        snprintf(out, sizeof(out), "%s.json", bufs[3 * i]);
        ids[i] = read_part_id(out);
    }
    oft_upload *done = NULL;
    if (oft_upload_complete(&done, c, up->id, (const char *const *)ids, n, md5) != OFT_OK)
        die(oft_error_message(oft_client_last_error(c)));
    double t = now_s() - t0;

    oft_deleted *del = NULL;
    if (oft_file_delete(&del, c, done->file->id) != OFT_OK)
        die("delete failed");
    oft_deleted_free(del);
    for (size_t i = 0; i < n; i++) {
        char out[620];
        snprintf(out, sizeof(out), "%s.json", bufs[3 * i]);
        unlink(out);
        unlink(bufs[3 * i]);
        free(ids[i]);
        free(bufs[3 * i]);
        free(bufs[3 * i + 1]);
        free(bufs[3 * i + 2]);
    }
    for (size_t i = 0; i < a; i++)
        free(argv[i]);
    oft_upload_free(done);
    oft_upload_free(up);
    free(argv);
    free(ids);
    free(bufs);
    return t;
}

int main(void)
{
    int64_t mb = env_long("BENCH_UPLOAD_MB", 2048);
    int64_t part = (int64_t)env_long("BENCH_PART_MB", 64) * 1024 * 1024;
    int conc = (int)env_long("BENCH_CONCURRENCY", 4);
    int64_t size = mb * 1000 * 1000;
    signal(SIGPIPE, SIG_IGN);

    char url[256];
    int keep = -1;
    pid_t emu = start_emulator(url, sizeof(url), &keep);

    const char *tmp = getenv("TMPDIR");
    char dir[512], path[600], md5[33];
    snprintf(dir, sizeof(dir), "%s/oft-bench-upload-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        die("mkdtemp");
    snprintf(path, sizeof(path), "%s/bench.jsonl", dir);
    printf("bench_upload: %lld MB file, %lld MiB parts, %d at once, emulator at %s\n",
           (long long)mb, (long long)(part >> 20), conc, url);
    fflush(stdout);
    if (random_file_write(path, size, 88172645463325252ull, md5) != 0)
        die("cannot write the test file");

    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    co.api_key = KEY;
    co.base_url = url;
    oft_client *c = NULL;
    if (oft_client_new(&c, &co) != OFT_OK)
        die("client");

    /* Interleaved runs, best time of each side: the machine is shared and noisy. */
    int runs = (int)env_long("BENCH_RUNS", 2);
    long curl_rss = 0;
    double t_curl = 1e30, t_lib = 1e30;
    for (int run = 0; run < (runs > 0 ? runs : 1); run++) {
        double tc = run_curl(c, url, dir, path, size, part, conc, md5, &curl_rss);
        t_curl = tc < t_curl ? tc : t_curl;

        oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
        o.part_size = part;
        o.concurrency = conc;
        oft_file *file = NULL;
        sync();
        double t0 = now_s();
        if (oft_file_upload_large(&file, c, path, &o) != OFT_OK)
            die(oft_error_message(oft_client_last_error(c)));
        double t = now_s() - t0;
        t_lib = t < t_lib ? t : t_lib;
        if (file->bytes != size)
            die("wrong size on the server");
        printf("run %d: library %.2f s, curl %.2f s\n", run + 1, t, tc);
        fflush(stdout);
        oft_deleted *del = NULL;
        if (oft_file_delete(&del, c, file->id) != OFT_OK)
            die("delete failed");
        oft_deleted_free(del);
        oft_file_free(file);
    }

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mbs_lib = (double)size / 1e6 / t_lib;
    double mbs_curl = (double)size / 1e6 / t_curl;
    printf("libopenai_ft oft_file_upload_large: %8.2f s  %8.1f MB/s (MD5 computed)\n",
           t_lib, mbs_lib);
    printf("curl --parallel, same parts:        %8.2f s  %8.1f MB/s (MD5 precomputed)\n",
           t_curl, mbs_curl);
    printf("ratio library/curl: %.0f%% (target >= 80%%)\n", 100.0 * mbs_lib / mbs_curl);
    double t_md5 = md5_alone(path);
    printf("MD5 of the file alone (the library's extra work, overlapped with sending): "
           "%.2f s, %.0f MB/s\n",
           t_md5, (double)size / 1e6 / t_md5);
    printf("peak RSS of this process: %.1f MB (target < 64 MB); curl's: %.1f MB\n",
           (double)ru.ru_maxrss / 1024.0, (double)curl_rss / 1024.0);

    oft_client_free(c);
    unlink(path);
    rmdir(dir);
    close(keep);
    waitpid(emu, NULL, 0);
    return 0;
}
