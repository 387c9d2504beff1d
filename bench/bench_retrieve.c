/*
 * bench_retrieve: requests per second of oft_job_retrieve against a local
 * emulator job, next to a bare libcurl + jansson loop doing the same GET and
 * parse, in one run. Prints both and the ratio (target >= 90%).
 *
 * "bare" sends two headers (Authorization, Accept); "bare-same" sends the
 * header lines the library sends (User-Agent, X-Stainless-*, as the emulator
 * recorded them), so that the gap left is the library's own work.
 *
 *   bench_retrieve [seconds per side, default 3]
 *   bench_retrieve --only lib|bare|bare-same --count N
 *
 * Wall-clock figures swing widely on a loaded machine; instruction counts do
 * not. The second form runs exactly N requests of one side, for callgrind
 * (the emulator answers in other threads, so read only the main thread's
 * figure, and subtract a smaller N to drop the set-up):
 *
 *   valgrind --tool=callgrind --separate-threads=yes --toggle-collect='*_loop' \
 *       --callgrind-out-file=cg.%p bench_retrieve --only lib --count 2000
 *   callgrind_annotate cg.<pid>-01 | head   (same for --count 1000, then bare)
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emulator.h"
#include "openai_ft.h"

static const char *const JOB_JSON =
    "{\"id\":\"ftjob-bench\",\"object\":\"fine_tuning.job\",\"created_at\":1721764800,"
    "\"model\":\"gpt-4o-mini-2024-07-18\",\"organization_id\":\"org-1\",\"status\":"
    "\"running\",\"training_file\":\"file-train\",\"validation_file\":null,"
    "\"result_files\":[],\"fine_tuned_model\":null,\"finished_at\":null,"
    "\"trained_tokens\":null,\"error\":null,\"hyperparameters\":{\"n_epochs\":3,"
    "\"batch_size\":\"auto\",\"learning_rate_multiplier\":\"auto\"},\"seed\":42,"
    "\"estimated_finish\":null,\"integrations\":[],\"method\":{\"type\":\"supervised\","
    "\"supervised\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":\"auto\","
    "\"learning_rate_multiplier\":\"auto\"}}},\"metadata\":{\"team\":\"ml\"}}";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct buf {
    char *p;
    size_t n;
} buf;

static size_t on_data(char *d, size_t sz, size_t nm, void *u)
{
    buf *b = u;
    char *p = realloc(b->p, b->n + sz * nm + 1);
    if (!p)
        return 0;
    memcpy(p + b->n, d, sz * nm);
    b->p = p;
    b->n += sz * nm;
    b->p[b->n] = '\0';
    return sz * nm;
}

/* Stops after `secs` seconds, or after `count` requests when count > 0. */
static int more(long n, long count, double end)
{
    return count > 0 ? n < count : now_s() < end;
}

/* The same GET and parse with libcurl and jansson only (reused handle).
 * noinline: callgrind's --toggle-collect needs the loops as functions. */
__attribute__((noinline)) static long
bare_loop(const char *url, const char *const *more_hdrs, double secs, long count)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hdr = curl_slist_append(NULL, "Authorization: Bearer sk-bench");
    hdr = curl_slist_append(hdr, "Accept: application/json");
    for (size_t i = 0; more_hdrs && more_hdrs[i]; i++)
        hdr = curl_slist_append(hdr, more_hdrs[i]);
    buf b = {NULL, 0};
    long n = 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    double end = now_s() + secs;
    while (more(n, count, end)) {
        b.n = 0;
        long code = 0;
        if (curl_easy_perform(h) != CURLE_OK)
            break;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        json_t *j = json_loadb(b.p, b.n, 0, NULL);
        if (code != 200 || !j || !json_string_value(json_object_get(j, "status"))) {
            json_decref(j);
            break;
        }
        json_decref(j);
        n++;
    }
    free(b.p);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return n;
}

__attribute__((noinline)) static long lib_loop(oft_client *c, double secs, long count)
{
    long n = 0;
    double end = now_s() + secs;
    while (more(n, count, end)) {
        oft_job *job = NULL;
        if (oft_job_retrieve(&job, c, "ftjob-bench") != OFT_OK) {
            fprintf(stderr, "retrieve: %s\n",
                    oft_error_message(oft_client_last_error(c)));
            break;
        }
        oft_job_free(job);
        n++;
    }
    return n;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_retrieve [seconds per side]\n"
                    "       bench_retrieve --only lib|bare|bare-same --count N\n");
    return 2;
}

/* The library's extra header lines, as the emulator saw them on its last
 * request: "Name: value" strings in lines (NULL-terminated). */
static void library_headers(oft_emu *emu, char store[3][256], const char *lines[4])
{
    static const char *const names[] = {"User-Agent", "X-Stainless-Lang",
                                        "X-Stainless-Retry-Count"};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        char v[200] = "";
        if (oft_emu_last_request(emu, "GET", "/fine_tuning/jobs/ftjob-bench", names[i], v,
                                 sizeof(v), NULL, 0, NULL, 0) == 0 &&
            v[0]) {
            snprintf(store[n], 256, "%s: %s", names[i], v);
            lines[n] = store[n];
            n++;
        }
    }
    lines[n] = NULL;
}

int main(int argc, char **argv)
{
    double secs = 3.0;
    const char *only = NULL;
    long count = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = atol(argv[++i]);
        else if (argv[i][0] != '-' && atof(argv[i]) > 0)
            secs = atof(argv[i]);
        else
            return usage();
    }
    if ((only && strcmp(only, "lib") != 0 && strcmp(only, "bare") != 0 &&
         strcmp(only, "bare-same") != 0) ||
        (only == NULL) != (count <= 0))
        return usage();
    char err[256] = "", url[512];
    oft_emu *emu = NULL;
    oft_emu_options eo;
    oft_emu_options_init(&eo);
    eo.quiet = 1;
    if (oft_emu_start(&emu, &eo, err, sizeof(err)) != 0) {
        fprintf(stderr, "emulator: %s\n", err);
        return 1;
    }
    oft_emu_script(emu, "GET", "/fine_tuning/jobs/ftjob-bench", 1000000000, 200, NULL,
                   JOB_JSON, 0, 0);
    snprintf(url, sizeof(url), "%s/fine_tuning/jobs/ftjob-bench", oft_emu_base_url(emu));
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    oft_client *c = NULL;
    co.api_key = "sk-bench";
    co.base_url = oft_emu_base_url(emu);
    if (oft_client_new(&c, &co) != OFT_OK)
        return 1;
    char store[3][256];
    const char *same[4];
    lib_loop(c, 0, 1);
    library_headers(emu, store, same);
    if (only) {
        long done = strcmp(only, "lib") == 0    ? lib_loop(c, 0, count)
                    : strcmp(only, "bare") == 0 ? bare_loop(url, NULL, 0, count)
                                                : bare_loop(url, same, 0, count);
        printf("bench_retrieve: %ld of %ld requests (%s)\n", done, count, only);
        oft_client_free(c);
        oft_emu_stop(emu);
        return done == count ? 0 : 1;
    }
    /* Warm all up, then alternate halves so machine noise hits every side. */
    bare_loop(url, NULL, 0.2, 0);
    bare_loop(url, same, 0.2, 0);
    lib_loop(c, 0.2, 0);
    long bare = 0, bare_same = 0, lib = 0;
    for (int round = 0; round < 2; round++) {
        bare += bare_loop(url, NULL, secs / 2, 0);
        bare_same += bare_loop(url, same, secs / 2, 0);
        lib += lib_loop(c, secs / 2, 0);
    }
    double bare_rps = (double)bare / secs, same_rps = (double)bare_same / secs;
    double lib_rps = (double)lib / secs;
    printf("bench_retrieve: %.1f s per side\n", secs);
    printf("  bare libcurl+jansson            : %8.0f requests/s\n", bare_rps);
    printf("  bare, the library's headers     : %8.0f requests/s\n", same_rps);
    printf("  oft_job_retrieve                : %8.0f requests/s\n", lib_rps);
    printf("  ratio to bare                   : %8.1f %% (target >= 90%%)\n",
           bare_rps > 0 ? 100.0 * lib_rps / bare_rps : 0.0);
    printf("  ratio to bare, same headers     : %8.1f %%\n",
           same_rps > 0 ? 100.0 * lib_rps / same_rps : 0.0);
    printf("  (wall clock is noisy on a loaded machine; for repeatable instruction\n"
           "   counts per request run --only lib|bare|bare-same --count N under\n"
           "   callgrind, see the comment at the top of bench/bench_retrieve.c)\n");
    oft_client_free(c);
    oft_emu_stop(emu);
    return 0;
}
