/*
 * bench_watch: requests per poll interval of oft_jobs_watch over 1, 10 and
 * 100 jobs running at once in the emulator, read from its request log
 * (GET /_emulator/requests). Goal: at most 1 + (jobs whose status or events
 * changed in that interval). A request made for a job whose events had not
 * changed is counted against the goal. For comparison: oft_job_wait per job
 * costs at least one request per job per interval. Last, 100 jobs of which
 * 90 are paused (nothing of theirs changes), watched for the run time.
 *
 *   bench_watch [poll interval ms, default 200] [job run time s, default 4]
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulator.h"
#include "openai_ft.h"

#define MAX_POLLS 4096
#define MAX_JOBS  100

typedef struct ctx {
    oft_emu *emu;
    /* changed[p]: a bit per job index whose events or status were reported
     * in the poll that had made p list requests */
    unsigned char changed[MAX_POLLS][MAX_JOBS / 8 + 1];
    char ids[MAX_JOBS][64];
    size_t n;
    long events, statuses;
} ctx;

static size_t list_requests(oft_emu *emu)
{
    return oft_emu_request_count(emu, "GET", "/fine_tuning/jobs") -
           oft_emu_request_count(emu, "GET", "/fine_tuning/jobs/");
}

static void mark(ctx *x, const char *job_id)
{
    size_t p = list_requests(x->emu);
    for (size_t i = 0; i < x->n && p < MAX_POLLS; i++)
        if (strcmp(x->ids[i], job_id) == 0)
            x->changed[p][i / 8] |= (unsigned char)(1u << (i % 8));
}

static int on_event(const oft_job *job, const oft_event *ev, void *payload)
{
    ctx *x = payload;
    (void)ev;
    x->events++;
    mark(x, job->id);
    return 0;
}

static int on_job(const oft_job *job, void *payload)
{
    ctx *x = payload;
    x->statuses++;
    mark(x, job->id);
    return 0;
}

static size_t collect(char *data, size_t size, size_t n, void *p)
{
    FILE *f = p;
    return fwrite(data, size, n, f);
}

/* A call of the control API (/_emulator/PATH), its JSON answer. */
static json_t *control(oft_emu *emu, const char *method, const char *path,
                       const char *body)
{
    char url[256], *buf = NULL;
    size_t len = 0;
    snprintf(url, sizeof(url), "%s", oft_emu_base_url(emu));
    char *v1 = strstr(url, "/v1");
    snprintf(v1, sizeof(url) - (size_t)(v1 - url), "/_emulator/%s", path);
    FILE *mem = open_memstream(&buf, &len);
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, mem);
    if (body)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    fclose(mem);
    json_t *j = rc == CURLE_OK ? json_loads(buf, 0, NULL) : NULL;
    free(buf);
    return j;
}

static int is_list(const char *path)
{
    return strncmp(path, "/v1/fine_tuning/jobs", 20) == 0 &&
           (path[20] == '\0' || path[20] == '?');
}

/* Splits the log into polls (each starts with a list request without
 * `after`) and sets each against its goal. */
static void report(ctx *x, json_t *log, long interval_ms)
{
    json_t *data = json_object_get(log, "data"), *e;
    static size_t reqs[MAX_POLLS], key[MAX_POLLS];
    size_t i, lists = 0, polls = 0, total = 0, over = 0, max = 0, changed_total = 0;
    json_array_foreach(data, i, e)
    {
        const char *path = json_string_value(json_object_get(e, "path"));
        if (!path || strncmp(path, "/v1/", 4) != 0)
            continue;
        int list = is_list(path);
        if (list && !strstr(path, "after=") && polls < MAX_POLLS)
            reqs[polls++] = 0;
        if (polls == 0)
            continue;
        reqs[polls - 1]++;
        if (list)
            key[polls - 1] = ++lists; /* what the callbacks of this poll saw */
    }
    for (size_t p = 0; p < polls; p++) {
        size_t ch = 0;
        for (size_t k = 0; k < x->n && key[p] < MAX_POLLS; k++)
            ch += (x->changed[key[p]][k / 8] >> (k % 8)) & 1;
        total += reqs[p];
        changed_total += ch;
        over += reqs[p] > 1 + ch;
        max = reqs[p] > max ? reqs[p] : max;
    }
    printf("watch %3zu jobs, interval %ld ms: %zu polls, %zu requests, %.2f a poll "
           "(max %zu; after the first %.2f); jobs changed a poll %.2f; polls over the "
           "goal 1 + changed: %zu (oft_job_wait per job: >= %zu a poll)\n",
           x->n, interval_ms, polls, total, polls ? (double)total / (double)polls : 0,
           max, polls > 1 ? (double)(total - reqs[0]) / (double)(polls - 1) : 0,
           polls ? (double)changed_total / (double)polls : 0, over, x->n);
    fflush(stdout);
}

/* Holds all but `running` of the jobs paused (their status and events then
 * do not change): advanced to running at once, then paused. */
static int pause_most(oft_emu *emu, oft_client *c, ctx *x, size_t running)
{
    int rc = OFT_OK;
    for (size_t i = 0; rc == OFT_OK && i < x->n; i++) {
        char path[128];
        oft_job *job = NULL;
        snprintf(path, sizeof(path), "jobs/%s/advance", x->ids[i]);
        json_decref(control(emu, "POST", path, "{\"to\":\"running\"}"));
        if (i >= running && (rc = oft_job_pause(&job, c, x->ids[i])) == OFT_OK)
            oft_job_free(job);
    }
    return rc;
}

static int run(size_t n, size_t running, long interval_ms, double run_s)
{
    oft_emu_options eo;
    oft_emu *emu = NULL;
    char err[256];
    oft_emu_options_init(&eo);
    eo.quiet = 1;
    eo.job_duration_s = run_s;
    if (oft_emu_start(&emu, &eo, err, sizeof(err)) != 0) {
        fprintf(stderr, "emulator: %s\n", err);
        return 1;
    }
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    oft_client *c = NULL;
    co.api_key = "sk-bench-watch";
    co.base_url = oft_emu_base_url(emu);
    char path[] = "/tmp/oft-bench-watch-XXXXXX.jsonl";
    int fd = mkstemps(path, 6);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    for (int i = 0; fp && i < 12; i++)
        fprintf(fp,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"q%d\"},"
                "{\"role\":\"assistant\",\"content\":\"a%d\"}]}\n",
                i, i);
    if (fp)
        fclose(fp);
    oft_file *file = NULL;
    ctx *x = calloc(1, sizeof(*x));
    int rc = oft_client_new(&c, &co);
    if (rc == OFT_OK)
        rc = oft_file_upload(&file, c, path, NULL);
    unlink(path);
    const char *ids[MAX_JOBS];
    for (size_t i = 0; rc == OFT_OK && i < n; i++) {
        oft_job_create_options o = OFT_JOB_CREATE_OPTIONS_INIT;
        oft_job *job = NULL;
        o.model = "gpt-4o-mini-2024-07-18";
        o.training_file = file->id;
        if ((rc = oft_job_create(&job, c, &o)) == OFT_OK) {
            snprintf(x->ids[i], sizeof(x->ids[i]), "%s", job->id);
            ids[i] = x->ids[i];
            x->n++;
        }
        oft_job_free(job);
    }
    if (rc == OFT_OK && running < n)
        rc = pause_most(emu, c, x, running);
    json_decref(control(emu, "DELETE", "requests", NULL));
    x->emu = emu;
    oft_watch_options wo = OFT_WATCH_OPTIONS_INIT;
    wo.poll_interval_ms = interval_ms;
    wo.on_event = on_event;
    wo.on_job = on_job;
    wo.payload = x;
    if (running < n) /* the paused jobs never end: watch for the run time */
        wo.timeout_ms = (long)(run_s * 1000);
    if (rc == OFT_OK)
        rc = oft_jobs_watch(c, ids, n, &wo);
    if (rc == OFT_ETIMEOUT && running < n)
        rc = OFT_OK;
    if (rc != OFT_OK)
        fprintf(stderr, "watch %zu jobs: %s\n", n,
                oft_error_message(oft_client_last_error(c)));
    json_t *log = control(emu, "GET", "requests", NULL);
    if (running < n)
        printf("(%zu of them running, the others paused) ", running);
    if (rc == OFT_OK && log)
        report(x, log, interval_ms);
    json_decref(log);
    oft_file_free(file);
    oft_client_free(c);
    oft_emu_stop(emu);
    free(x);
    return rc == OFT_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    long interval_ms = argc > 1 ? atol(argv[1]) : 200;
    double run_s = argc > 2 ? atof(argv[2]) : 4.0;
    static const size_t sizes[] = {1, 10, 100};
    int bad = 0;
    for (size_t i = 0; i < 3; i++)
        bad |= run(sizes[i], sizes[i], interval_ms, run_s);
    bad |= run(100, 10, interval_ms, run_s);
    return bad;
}
