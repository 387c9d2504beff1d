/*
 * bench_validate: oft_jsonl_validate_path against a Python script doing
 * json.loads per line with the same checks (bench/validate_reference.py), on
 * the same generated chat file, side by side. Prints MB/s of each, the ratio
 * (the target is >= 5x) and peak RSS. Asserts nothing. Both wall
 * and CPU (user + sys) times are printed: on a shared, loaded machine the
 * CPU figures are the steadier comparison.
 *
 *   BENCH_VALIDATE_MB    size of the generated file in MB (default 500)
 *   BENCH_VALIDATE_FILE  validate this file instead of generating one
 *   BENCH_VALIDATE_RUNS  C runs, the best is kept (default 3)
 *   BENCH_REFERENCE_PY   path of validate_reference.py (default: the source tree's)
 *   PYTHON               interpreter (default python3)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "openai_ft/jsonl.h"

#ifndef BENCH_REFERENCE_PY
#define BENCH_REFERENCE_PY "bench/validate_reference.py"
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static const char *const words[] = {
    "the",
    "model",
    "answer",
    "question",
    "data",
    "training",
    "example",
    "fine",
    "tune",
    "please",
    "explain",
    "why",
    "how",
    "result",
    "value",
    "token",
    "caf\xc3\xa9",
    "na\xc3\xafve",
    "\xe4\xbd\xa0\xe5\xa5\xbd",
    "r\xc3\xa9sum\xc3\xa9",
    "\\\"quoted\\\"",
    "line\\nbreak",
    "tab\\tbed",
    "42",
    "3.14",
    "JSON",
    "API",
};

/* Appends n words of text (with escapes and some UTF-8) to f. */
static void text(FILE *f, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(i % 17 == 0 ? '.' : ' ', f);
        fputs(words[next_rand() % (sizeof(words) / sizeof(words[0]))], f);
    }
}

static int generate(const char *path, uint64_t bytes)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof(buf));
    uint64_t n = 0;
    while ((uint64_t)ftell(f) < bytes) {
        fputs("{\"messages\":[{\"role\":\"system\",\"content\":\"", f);
        text(f, 8 + (int)(next_rand() % 20));
        fputs("\"},{\"role\":\"user\",\"content\":\"", f);
        text(f, 10 + (int)(next_rand() % 120));
        fputs("\"},{\"role\":\"assistant\",\"content\":\"", f);
        text(f, 20 + (int)(next_rand() % 300));
        fputs(n % 5 == 0 ? "\",\"weight\":1}]}\n" : "\"}]}\n", f);
        n++;
    }
    return fclose(f) == 0 ? 0 : -1;
}

static double cpu_s(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* Runs the Python script (with an optional flag) on path; wall and CPU seconds. */
static int run_python(const char *py, const char *script, const char *flag,
                      const char *path, double *wall, double *cpu)
{
    printf("python%s: ", flag ? " parse" : "      ");
    fflush(stdout);
    double t0 = now_s(), c0 = cpu_s(RUSAGE_CHILDREN);
    pid_t pid = fork();
    if (pid == 0) {
        if (flag)
            execlp(py, py, script, flag, path, (char *)NULL);
        else
            execlp(py, py, script, path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return 0;
    *wall = now_s() - t0;
    *cpu = cpu_s(RUSAGE_CHILDREN) - c0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static long peak_rss_kb(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return ru.ru_maxrss;
}

int main(void)
{
    const char *env = getenv("BENCH_VALIDATE_MB");
    uint64_t mb = env ? strtoull(env, NULL, 10) : 500;
    const char *runs_env = getenv("BENCH_VALIDATE_RUNS");
    int runs = runs_env ? atoi(runs_env) : 3;
    const char *py = getenv("PYTHON") ? getenv("PYTHON") : "python3";
    const char *script =
        getenv("BENCH_REFERENCE_PY") ? getenv("BENCH_REFERENCE_PY") : BENCH_REFERENCE_PY;
    const char *given = getenv("BENCH_VALIDATE_FILE");
    char path[512];
    if (runs < 1)
        runs = 1;

    if (given) {
        snprintf(path, sizeof(path), "%s", given);
    } else {
        const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(path, sizeof(path), "%s/oft_bench_validate_%d.jsonl", tmp,
                 (int)getpid());
        printf("generating %llu MB chat file %s ...\n", (unsigned long long)mb, path);
        fflush(stdout);
        if (generate(path, mb << 20) != 0) {
            fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "cannot stat %s: %s\n", path, strerror(errno));
        return 1;
    }
    double size_mb = (double)st.st_size / 1e6;
    long rss_before = peak_rss_kb(RUSAGE_SELF);

    /* C: best of runs (the file is in the page cache after generation). */
    double best = 1e30, best_cpu = 1e30;
    oft_jsonl_report *r = NULL;
    for (int i = 0; i < runs; i++) {
        oft_jsonl_report_free(r);
        r = NULL;
        double t0 = now_s(), c0 = cpu_s(RUSAGE_SELF);
        int rc = oft_jsonl_validate_path(&r, path, NULL);
        double t = now_s() - t0, c = cpu_s(RUSAGE_SELF) - c0;
        if (c < best_cpu)
            best_cpu = c;
        if (rc != OFT_OK) {
            fprintf(stderr, "validation failed: %s\n", oft_status_str(rc));
            return 1;
        }
        if (t < best)
            best = t;
    }
    long rss_c = peak_rss_kb(RUSAGE_SELF);
    printf(
        "C           : format=%s lines=%llu examples=%llu messages=%llu characters=%llu "
        "est_tokens=%llu errors=%llu warnings=%llu\n",
        oft_jsonl_format_str(r->format), (unsigned long long)r->lines,
        (unsigned long long)r->examples, (unsigned long long)r->messages,
        (unsigned long long)r->characters, (unsigned long long)r->est_tokens,
        (unsigned long long)r->errors_total, (unsigned long long)r->warnings_total);
    oft_jsonl_report_free(r);
    fflush(stdout);

    /* Python: the same checks, then json.loads alone (the floor of any
     * Python validator); one run each, their summaries go to our stdout. */
    double tpy, cpy, tparse, cparse;
    int py_ok = run_python(py, script, NULL, path, &tpy, &cpy);
    int parse_ok = run_python(py, script, "--parse-only", path, &tparse, &cparse);
    long rss_py = peak_rss_kb(RUSAGE_CHILDREN);

    printf("\nfile         : %.1f MB\n", size_mb);
    printf("C validator  : wall %.3f s %.0f MB/s, cpu %.3f s %.0f MB/s  (best of %d)\n",
           best, size_mb / best, best_cpu, size_mb / best_cpu, runs);
    if (py_ok) {
        printf("python checks: wall %.3f s %.0f MB/s, cpu %.3f s %.0f MB/s\n", tpy,
               size_mb / tpy, cpy, size_mb / cpy);
        printf("ratio        : wall %.1fx, cpu %.1fx  (target >= 5x)\n", tpy / best,
               cpy / best_cpu);
    } else {
        printf("python checks: failed (%s %s)\n", py, script);
    }
    if (parse_ok) {
        printf("python parse : wall %.3f s %.0f MB/s, cpu %.3f s %.0f MB/s (json.loads "
               "only)\n",
               tparse, size_mb / tparse, cparse, size_mb / cparse);
        printf("ratio (parse): wall %.1fx, cpu %.1fx\n", tparse / best,
               cparse / best_cpu);
    }
    printf("peak RSS     : C process %ld KB (%ld KB before validating), python %ld KB\n",
           rss_c, rss_before, rss_py);
    if (!given)
        unlink(path);
    return 0;
}
