/*
 * oft_metrics_iter over real HTTP: from a running job's metrics events (pages
 * scripted in the order the iterator asks for them, and a real emulated job
 * cancelled mid-training), from a succeeded job's step-metrics CSV (the
 * emulator's, and a scripted base64 one), a malformed CSV line named in the
 * error, and memory that stays bounded however many steps a job has.
 */
#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "test_alloc.h"
#include "test_jobs_common.h"

#define JOB    "/fine_tuning/jobs/ftjob-m"
#define EVENTS JOB "/events"
#define FILE_C "/files/file-m/content"
#define HEADER                                                                           \
    "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,"               \
    "full_valid_loss,full_valid_mean_token_accuracy\n"

static void script_job(oft_emu *emu, const char *status, int with_file)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"id\":\"ftjob-m\",\"object\":\"fine_tuning.job\",\"status\":\"%s\","
             "\"result_files\":[%s]}",
             status, with_file ? "\"file-m\"" : "");
    assert_int_equal(oft_emu_script(emu, "GET", JOB, 1, 200, NULL, body, 0, 0), 0);
}

/* One events page: steps hi down to lo, each a metrics event followed (older)
 * by a message event; `dup` adds a second event for step hi. */
static void script_page(oft_emu *emu, int hi, int lo, int has_more, int dup)
{
    size_t cap = 256 + (size_t)(hi - lo + 2) * 400;
    char *b = malloc(cap);
    assert_non_null(b);
    size_t n = (size_t)snprintf(b, cap, "{\"object\":\"list\",\"data\":[");
    for (int s = hi; s >= lo; s--) {
        for (int d = 0; d <= (dup && s == hi); d++)
            n += (size_t)snprintf(
                b + n, cap - n,
                "{\"id\":\"ftevent-m%d-%d\",\"object\":\"fine_tuning.job.event\","
                "\"type\":\"metrics\",\"message\":\"Step %d\",\"data\":{\"step\":%d,"
                "\"train_loss\":%d.5,\"train_mean_token_accuracy\":0.%d}},",
                s, d, s, s, s, s);
        n += (size_t)snprintf(
            b + n, cap - n,
            "{\"id\":\"ftevent-s%d\",\"object\":\"fine_tuning.job.event\","
            "\"type\":\"message\",\"message\":\"hello\"}%s",
            s, s > lo ? "," : "");
    }
    snprintf(b + n, cap - n, "],\"has_more\":%s}", has_more ? "true" : "false");
    assert_int_equal(oft_emu_script(emu, "GET", EVENTS, 1, 200, NULL, b, 0, 0), 0);
    free(b);
}

/* Walks the iterator to its end; the steps seen (in order) into steps[]. */
static int walk(oft_client *c, const char *job_id, int64_t *steps, size_t cap, size_t *n)
{
    oft_metrics_iter *it = NULL;
    const oft_step_metrics *m = NULL;
    int rc;
    *n = 0;
    assert_int_equal(oft_metrics_iter_new(&it, c, job_id), OFT_OK);
    while ((rc = oft_metrics_iter_next(&m, it)) == OFT_OK) {
        if (*n && steps && *n <= cap)
            assert_true(m->step > steps[*n - 1]);
        if (steps && *n < cap)
            steps[*n] = m->step;
        (*n)++;
    }
    assert_null(m);
    if (rc == OFT_ITEROVER) /* the end, and it stays there */
        assert_int_equal(oft_metrics_iter_next(&m, it), OFT_ITEROVER);
    oft_metrics_iter_free(it);
    return rc;
}

static void test_events_in_step_order(void **state)
{
    fixture *f = *state;
    script_job(f->emu, "running", 0);
    /* The first walk: newest to oldest; then page 1 again (page 2 and 0 are held). */
    script_page(f->emu, 30, 21, 1, 1);
    script_page(f->emu, 20, 11, 1, 0);
    script_page(f->emu, 10, 1, 0, 0);
    script_page(f->emu, 20, 11, 1, 0);
    oft_metrics_iter *it = NULL;
    const oft_step_metrics *m = NULL;
    assert_int_equal(oft_metrics_iter_new(&it, f->c, "ftjob-m"), OFT_OK);
    for (int s = 1; s <= 30; s++) {
        assert_int_equal(oft_metrics_iter_next(&m, it), OFT_OK);
        assert_int_equal(m->step, s);
        assert_true(m->train_loss == s + 0.5);
        assert_true(isnan(m->valid_loss) && isnan(m->full_valid_mean_token_accuracy));
    }
    assert_int_equal(oft_metrics_iter_next(&m, it), OFT_ITEROVER);
    assert_int_equal(oft_metrics_iter_next(&m, it), OFT_ITEROVER);
    oft_metrics_iter_free(it);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", EVENTS), 4);
    char path[256];
    last_request(f->emu, "GET", EVENTS, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=ftevent-s21")); /* page 1 again */
    assert_non_null(strstr(path, "limit=100"));
}

static void test_csv_scripted(oft_emu *emu, const char *body)
{
    script_job(emu, "succeeded", 1);
    assert_int_equal(oft_emu_script(emu, "GET", FILE_C, 1, 200,
                                    "Content-Type: application/octet-stream", body, 0, 0),
                     0);
}

static void test_csv_base64_and_plain(void **state)
{
    fixture *f = *state;
    /* base64 of HEADER "1,2.5,0.5,2.75,0.25,,\n2,2.0,0.6,2.5,0.3,2.6,0.31\n" */
    test_csv_scripted(
        f->emu,
        "c3RlcCx0cmFpbl9sb3NzLHRyYWluX2FjY3VyYWN5LHZhbGlkX2xvc3MsdmFsaWRfbWVhbl90"
        "b2tlbl9hY2N1cmFjeSxmdWxsX3ZhbGlkX2xvc3MsZnVsbF92YWxpZF9tZWFuX3Rva2VuX2Fj\n"
        "Y3VyYWN5CjEsMi41LDAuNSwyLjc1LDAuMjUsLAoyLDIuMCwwLjYsMi41LDAuMywyLjYsMC4z\n"
        "MQo=\n");
    oft_metrics_iter *it = NULL;
    const oft_step_metrics *m = NULL;
    assert_int_equal(oft_metrics_iter_new(&it, f->c, "ftjob-m"), OFT_OK);
    assert_int_equal(oft_metrics_iter_next(&m, it), OFT_OK);
    assert_int_equal(m->step, 1);
    assert_true(m->train_loss == 2.5 && m->train_mean_token_accuracy == 0.5);
    assert_true(m->valid_loss == 2.75 && m->valid_mean_token_accuracy == 0.25);
    assert_true(isnan(m->full_valid_loss) && isnan(m->full_valid_mean_token_accuracy));
    assert_int_equal(oft_metrics_iter_next(&m, it), OFT_OK);
    assert_int_equal(m->step, 2);
    assert_true(m->full_valid_loss == 2.6 && m->full_valid_mean_token_accuracy == 0.31);
    assert_int_equal(oft_metrics_iter_next(&m, it), OFT_ITEROVER);
    oft_metrics_iter_free(it);

    /* The same plain, with CRLF ends and a column this version does not know. */
    test_csv_scripted(f->emu, "step,extra,train_loss\r\n1,x,3.5\r\n4,y,\r\n");
    int64_t steps[4];
    size_t n;
    assert_int_equal(walk(f->c, "ftjob-m", steps, 4, &n), OFT_ITEROVER);
    assert_int_equal(n, 2);
    assert_int_equal(steps[1], 4);
}

static void test_malformed_csv_names_the_line(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *body, *says;
        size_t good; /* rows read before the error */
    } cases[] = {
        {HEADER "1,2.5,0.5,,,,\n2,2.1,0.5,,,,\n3,abc,0.5,,,,\n", "line 4: column 2", 2},
        {HEADER "1,2.5,0.5,,,,\n2,2.1,0.5,,\n", "line 3: fewer cells", 1},
        {HEADER "1,2.5,0.5,,,,,\n", "line 2: more cells", 0},
        {HEADER "2,2.5,0.5,,,,\n2,2.4,0.5,,,,\n", "line 3: step 2 does not follow", 1},
        {HEADER "-1,2.5,0.5,,,,\n", "line 2: column 1 is not a step number", 0},
        {"loss,acc\n1,2\n", "line 1: the header has no step column", 0},
        {"", "line 1: no header", 0},
        {"%%%% not base64\n", "neither a CSV nor base64", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        test_csv_scripted(f->emu, cases[i].body);
        size_t n;
        assert_int_equal(walk(f->c, "ftjob-m", NULL, 0, &n), OFT_EPARSE);
        assert_int_equal(n, cases[i].good);
        assert_error_mentions(f->c, "result file file-m");
        assert_error_mentions(f->c, cases[i].says);
    }
    /* A line longer than the reader's buffer is an error, not a silent cut. */
    char *big = malloc(10000);
    assert_non_null(big);
    int k = snprintf(big, 10000, "%s1,", HEADER);
    memset(big + k, '1', 6000);
    strcpy(big + k + 6000, ",0.5,,,,\n");
    test_csv_scripted(f->emu, big);
    free(big);
    size_t n;
    assert_int_equal(walk(f->c, "ftjob-m", NULL, 0, &n), OFT_EPARSE);
    assert_error_mentions(f->c, "line 2: longer than 4096 bytes");
}

/* Peak live library bytes while reading a CSV of `rows` steps. */
static size_t csv_peak(fixture *f, int rows)
{
    size_t cap = 64 + (size_t)rows * 48;
    char *b = malloc(cap);
    assert_non_null(b);
    size_t n = (size_t)snprintf(b, cap, "%s", HEADER);
    for (int s = 1; s <= rows; s++)
        n += (size_t)snprintf(b + n, cap - n, "%d,%.6f,%.6f,%.6f,%.6f,,\n", s, 2.0 / s,
                              0.5, 2.1 / s, 0.49);
    test_csv_scripted(f->emu, b);
    free(b);
    size_t base = test_alloc_reset_peak(), got;
    assert_int_equal(walk(f->c, "ftjob-m", NULL, 0, &got), OFT_ITEROVER);
    assert_int_equal(got, (size_t)rows);
    return atomic_load(&test_alloc.peak_bytes) - base;
}

/* Peak live library bytes while reading `pages` pages of 50 steps' events. */
static size_t events_peak(fixture *f, int pages)
{
    script_job(f->emu, "running", 0);
    for (int p = 0; p < pages; p++)
        script_page(f->emu, (pages - p) * 50, (pages - p) * 50 - 49, p < pages - 1, 0);
    for (int p = pages - 2; p >= 1; p--)
        script_page(f->emu, (pages - p) * 50, (pages - p) * 50 - 49, 1, 0);
    size_t base = test_alloc_reset_peak(), got;
    assert_int_equal(walk(f->c, "ftjob-m", NULL, 0, &got), OFT_ITEROVER);
    assert_int_equal(got, (size_t)pages * 50);
    return atomic_load(&test_alloc.peak_bytes) - base;
}

static void test_memory_bounded_whatever_the_steps(void **state)
{
    fixture *f = *state;
    size_t small = csv_peak(f, 1000), large = csv_peak(f, 100000);
    size_t ev_small = events_peak(f, 3), ev_large = events_peak(f, 40);
    print_message("peak live library bytes: CSV 1,000 steps %zu, 100,000 steps %zu; "
                  "events 150 steps %zu, 2,000 steps %zu\n",
                  small, large, ev_small, ev_large);
    assert_true(large < 64 * 1024);         /* the CSV itself is ~4 MB */
    assert_true(large < small + 16 * 1024); /* not growing with the rows */
    assert_true(ev_large < ev_small * 2);   /* two pages and a cursor per page */
}

/* The emulator's own job, end to end: the CSV of a succeeded job has a row
 * for every step, and every metrics event's step with the same loss. */
static void test_emulated_job_csv_and_events(void **state)
{
    fixture *f = *state;
    oft_job *job = emulated_job(f);
    assert_int_equal(oft_emu_job_finish(f->emu, job->id), 0);
    int64_t steps[4096];
    size_t n;
    assert_int_equal(walk(f->c, job->id, steps, 4096, &n), OFT_ITEROVER);
    assert_true(n > 0 && n <= 4096);
    assert_int_equal(steps[0], 1);
    assert_int_equal(steps[n - 1], (int64_t)n); /* every step, in order */

    /* Every metrics event names a step of the CSV with the same train loss. */
    oft_metrics_iter *it = NULL;
    const oft_step_metrics *m = NULL;
    double *loss = calloc(n + 1, sizeof(double));
    assert_non_null(loss);
    assert_int_equal(oft_metrics_iter_new(&it, f->c, job->id), OFT_OK);
    while (oft_metrics_iter_next(&m, it) == OFT_OK) {
        loss[m->step] = m->train_loss;
        assert_true(isnan(m->valid_loss)); /* no validation file */
    }
    oft_metrics_iter_free(it);
    oft_event_iter *ei = NULL;
    const oft_event *e = NULL;
    size_t metrics_events = 0;
    assert_int_equal(oft_event_iter_new(&ei, f->c, job->id, NULL), OFT_OK);
    while (oft_event_iter_next(&e, ei) == OFT_OK) {
        if (e->type != OFT_EVENT_TYPE_METRICS)
            continue;
        double l = 0;
        long long s = 0;
        const char *p = strstr(e->data_json, "\"step\":");
        const char *q = strstr(e->data_json, "\"train_loss\":");
        assert_true(p && q && sscanf(p + 7, "%lld", &s) == 1 &&
                    sscanf(q + 13, "%lf", &l) == 1);
        assert_true(s >= 1 && (size_t)s <= n);
        assert_true(fabs(loss[s] - l) < 1e-5);
        metrics_events++;
    }
    oft_event_iter_free(ei);
    assert_true(metrics_events > 0);
    free(loss);
    oft_job_free(job);
}

/* A job cancelled mid-training has no result file: its metrics come from
 * its events, oldest first, the same as its event list read backwards. */
static void test_emulated_job_cancelled_reads_events(void **state)
{
    fixture *f = *state;
    oft_job *job = emulated_job(f), *cancelled = NULL;
    struct timespec ts = {0, 700 * 1000 * 1000};
    nanosleep(&ts, NULL); /* some steps happen (how many does not matter) */
    assert_int_equal(oft_job_cancel(&cancelled, f->c, job->id), OFT_OK);
    int64_t steps[4096], from_events[4096];
    size_t n, k = 0;
    assert_int_equal(walk(f->c, job->id, steps, 4096, &n), OFT_ITEROVER);
    oft_event_iter *ei = NULL;
    const oft_event *e = NULL;
    assert_int_equal(oft_event_iter_new(&ei, f->c, job->id, NULL), OFT_OK);
    while (oft_event_iter_next(&e, ei) == OFT_OK)
        if (e->type == OFT_EVENT_TYPE_METRICS && k < 4096)
            assert_int_equal(sscanf(strstr(e->data_json, "\"step\":") + 7, "%" SCNd64,
                                    &from_events[k++]),
                             1);
    oft_event_iter_free(ei);
    assert_int_equal(n, k);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(steps[i], from_events[k - 1 - i]);
    oft_job_free(cancelled);
    oft_job_free(job);
}

static void test_errors(void **state)
{
    fixture *f = *state;
    oft_metrics_iter *it = (oft_metrics_iter *)1;
    const oft_step_metrics *m = NULL;
    assert_int_equal(oft_metrics_iter_new(&it, f->c, ""), OFT_EINVAL);
    assert_null(it);
    assert_int_equal(oft_metrics_iter_new(&it, NULL, "ftjob-x"), OFT_EINVAL);
    assert_int_equal(oft_metrics_iter_next(&m, NULL), OFT_EINVAL);
    assert_int_equal(oft_metrics_iter_new(&it, f->c, "ftjob-nope"), OFT_OK);
    assert_int_equal(oft_metrics_iter_next(&m, it), OFT_ENOTFOUND);
    assert_int_equal(oft_metrics_iter_next(NULL, it), OFT_EINVAL);
    oft_metrics_iter_free(it);
    oft_metrics_iter_free(NULL);
}

int main(void)
{
    test_alloc_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_events_in_step_order, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_csv_base64_and_plain, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_malformed_csv_names_the_line, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_memory_bounded_whatever_the_steps,
                                        setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_emulated_job_csv_and_events, setup_timed,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_emulated_job_cancelled_reads_events,
                                        setup_timed, teardown_plain),
        cmocka_unit_test_setup_teardown(test_errors, setup_plain, teardown_plain),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    oft_set_allocator(NULL);
    return rc;
}
