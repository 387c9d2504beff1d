/*
 * bench_emulator_store: what the emulator's --data-dir costs. Starts the
 * openai-ft-emulator binary (argv[1]) on a fresh data dir, stores
 * BENCH_STORE_FILES files (default 10,000), then measures acknowledged
 * uploads a second (POST /v1/files, each answered only once it is durable)
 * with BENCH_STORE_CONNS connections (default 50) on loopback, with their
 * latencies, and a restart on those files; then, on a data dir of their own,
 * lets BENCH_STORE_JOBS jobs (default 500) finish, stops it and measures how
 * long a restart takes to listen again on that state (wall and CPU time).
 * Prints figures; asserts nothing.
 *
 *   BENCH_STORE_FILES    files stored before the measure (default 10000)
 *   BENCH_STORE_UPLOADS  uploads measured (default 10000)
 *   BENCH_STORE_CONNS    connections at once (default 50)
 *   BENCH_STORE_JOBS     finished jobs for the start-up measure (default 500)
 *   BENCH_STORE_KEEP     set: the data dirs are kept (their path printed)
 *   BENCH_STORE_DEBUG    set: the curl command of the training file is printed
 */
#include <curl/curl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KEY "sk-bench-store"

static const char line[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                           "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";

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
    fprintf(stderr, "bench_emulator_store: %s\n", what);
    exit(1);
}

typedef struct child {
    pid_t pid;
    char url[256];
} child;

/* Spawns the emulator on dir; returns once it listens (its first stdout line). */
static double start(child *c, const char *binary, const char *dir)
{
    int out[2];
    if (pipe(out) != 0)
        die("pipe");
    double t0 = now_s();
    c->pid = fork();
    if (c->pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(binary, binary, "--quiet", "--api-key", KEY, "--job-duration", "0.2",
              "--max-connections", "1000", "--data-dir", dir, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char buf[512];
    if (!f || !fgets(buf, sizeof(buf), f) ||
        sscanf(buf, "listening on %255s", c->url) != 1)
        die("the emulator did not start");
    double took = now_s() - t0;
    fclose(f);
    return took;
}

/* CPU time (user + system) the child has used so far, in ms (10 ms steps). */
static double cpu_ms(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
                     &st) != 2)
        return -1;
    return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static void stop(child *c)
{
    int st;
    kill(c->pid, SIGTERM);
    waitpid(c->pid, &st, 0);
}

static size_t sink(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

/* One easy handle per connection, set up for POST /files or a JSON POST. */
static CURL *handle(const child *c, const char *path, const char *json, curl_mime **mime,
                    struct curl_slist *hdr)
{
    char url[512];
    snprintf(url, sizeof(url), "%s%s", c->url, path);
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    if (json) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
        return h;
    }
    *mime = curl_mime_init(h);
    curl_mimepart *p = curl_mime_addpart(*mime);
    curl_mime_name(p, "purpose");
    curl_mime_data(p, "fine-tune", CURL_ZERO_TERMINATED);
    p = curl_mime_addpart(*mime);
    curl_mime_name(p, "file");
    curl_mime_filename(p, "train.jsonl");
    curl_mime_data(p, line, CURL_ZERO_TERMINATED);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, *mime);
    return h;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sends `total` requests with `conns` at once; returns requests a second and
 * fills lat (seconds each, sorted). Every answer must be 200. */
static double run(const child *c, const char *path, const char *json, long total,
                  long conns, double *lat)
{
    struct curl_slist *hdr = curl_slist_append(NULL, "Authorization: Bearer " KEY);
    if (json)
        hdr = curl_slist_append(hdr, "Content-Type: application/json");
    CURLM *m = curl_multi_init();
    CURL **hs = calloc((size_t)conns, sizeof(*hs));
    curl_mime **mimes = calloc((size_t)conns, sizeof(*mimes));
    double *t0 = calloc((size_t)conns, sizeof(*t0));
    long sent = 0, done = 0;
    double start_t = now_s();
    for (long i = 0; i < conns && sent < total; i++, sent++) {
        hs[i] = handle(c, path, json, &mimes[i], hdr);
        curl_easy_setopt(hs[i], CURLOPT_PRIVATE, (void *)(intptr_t)i);
        t0[i] = now_s();
        curl_multi_add_handle(m, hs[i]);
    }
    while (done < total) {
        int running, left;
        curl_multi_perform(m, &running);
        curl_multi_poll(m, NULL, 0, 100, NULL);
        CURLMsg *msg;
        while ((msg = curl_multi_info_read(m, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            long status = 0;
            void *priv;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
            long i = (long)(intptr_t)priv;
            if (msg->data.result != CURLE_OK || status != 200)
                die("a request failed");
            lat[done++] = now_s() - t0[i];
            curl_multi_remove_handle(m, hs[i]);
            if (sent++ < total) {
                t0[i] = now_s();
                curl_multi_add_handle(m, hs[i]);
            }
        }
    }
    double rate = (double)total / (now_s() - start_t);
    for (long i = 0; i < conns; i++) {
        curl_easy_cleanup(hs[i]);
        curl_mime_free(mimes[i]);
    }
    free(hs);
    free(mimes);
    free(t0);
    curl_multi_cleanup(m);
    curl_slist_free_all(hdr);
    qsort(lat, (size_t)total, sizeof(*lat), cmp_double);
    return rate;
}

/* A training file of 20 examples, for the jobs; its ID in id. */
static void training_file(const child *c, char *id, size_t cap)
{
    char cmd[1024], body[sizeof(line) * 20] = "";
    for (int i = 0; i < 20; i++)
        strcat(body, line);
    FILE *f = fopen("/tmp/bench-store-train.jsonl", "w");
    if (!f || fputs(body, f) < 0 || fclose(f) != 0)
        die("training file");
    snprintf(cmd, sizeof(cmd),
             "curl -sf -H 'Authorization: Bearer " KEY "' -F purpose=fine-tune "
             "-F file=@/tmp/bench-store-train.jsonl %s/files | sed -n "
             "'s/.*\"id\": *\"\\(file-[^\"]*\\)\".*/\\1/p'",
             c->url);
    if (getenv("BENCH_STORE_DEBUG"))
        fprintf(stderr, "%s\n", cmd);
    FILE *p = popen(cmd, "r");
    if (!p || !fgets(id, (int)cap, p))
        die("could not upload the training file");
    id[strcspn(id, "\n")] = '\0';
    pclose(p);
    unlink("/tmp/bench-store-train.jsonl");
}

static long long dir_bytes(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void report(const char *what, long n, long conns, double rate, const double *lat)
{
    printf("%-34s %7ld requests, %3ld connections: %8.0f/s  p50 %6.1f ms  p99 %7.1f ms\n",
           what, n, conns, rate, lat[n / 2] * 1e3, lat[n * 99 / 100] * 1e3);
}

static void measure_jobs(child *c, const char *binary, const char *dir, long jobs,
                         long conns, double *lat)
{
    char id[128], json[256];
    training_file(c, id, sizeof(id));
    snprintf(json, sizeof(json), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             id);
    double rate = run(c, "/fine_tuning/jobs", json, jobs, conns, lat);
    report("job creations (durable)", jobs, conns, rate, lat);
    sleep(2); /* --job-duration 0.2 s: every job has finished, events and all */
    stop(c);  /* saves the last of them */
    printf("state after %ld finished jobs: state.db %lld bytes, state.json %lld bytes\n",
           jobs, dir_bytes(dir, "state.db"), dir_bytes(dir, "state.json"));
    double best = 1e9;
    for (int i = 0; i < 3; i++) {
        double t = start(c, binary, dir);
        best = t < best ? t : best;
        printf("start-up with %ld finished jobs: %.1f ms (%.0f ms of CPU)\n", jobs,
               t * 1e3, cpu_ms(c->pid));
        stop(c);
    }
    printf("start-up with %ld finished jobs, best of 3: %.1f ms\n", jobs, best * 1e3);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return fprintf(stderr, "usage: %s PATH-TO-openai-ft-emulator\n", argv[0]), 2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    long files = env_long("BENCH_STORE_FILES", 10000);
    long uploads = env_long("BENCH_STORE_UPLOADS", 10000);
    long conns = env_long("BENCH_STORE_CONNS", 50);
    long jobs = env_long("BENCH_STORE_JOBS", 500);
    char base[] = "/tmp/bench-store-XXXXXX", dir[64], cmd[128];
    if (!mkdtemp(base))
        die("mkdtemp");
    snprintf(dir, sizeof(dir), "%s/data", base);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double *lat =
        calloc((size_t)(files > uploads ? files : uploads) + jobs + 1, sizeof(*lat));
    child c;
    start(&c, argv[1], dir);
    double rate = run(&c, "/files", NULL, files, conns, lat);
    report("preload uploads (durable)", files, conns, rate, lat);
    rate = run(&c, "/files", NULL, uploads, conns, lat);
    char what[64];
    snprintf(what, sizeof(what), "uploads with %ld files stored", files);
    report(what, uploads, conns, rate, lat);
    stop(&c);
    double t = start(&c, argv[1], dir);
    printf("start-up with %ld files stored: %.1f ms (%.0f ms of CPU)\n", files + uploads,
           t * 1e3, cpu_ms(c.pid));
    stop(&c);
    /* The jobs on a data dir of their own: the start-up measured is theirs. */
    snprintf(dir, sizeof(dir), "%s/jobs", base);
    start(&c, argv[1], dir);
    measure_jobs(&c, argv[1], dir, jobs, conns, lat);
    free(lat);
    curl_global_cleanup();
    if (getenv("BENCH_STORE_KEEP"))
        return printf("kept %s\n", dir), 0;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
    return system(cmd) == 0 ? 0 : 1;
}
