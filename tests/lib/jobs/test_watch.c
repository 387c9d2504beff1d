/*
 * oft_jobs_watch over real HTTP against the in-process emulator: one job and
 * three jobs to their end, each job's events reported once, oldest first,
 * before its final status; a fault injected mid-watch (the emulator's faults
 * API) absorbed; the statuses read from the job list, not job by job; the
 * deadline, an interrupt, a callback that stops, and bad arguments.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "emu_http.h"
#include "test_jobs_common.h"

#define MAX_LOG 4000

typedef struct entry {
    char job[48];
    char what[48]; /* an event id, or "status:<status>" */
} entry;

typedef struct recorder {
    entry log[MAX_LOG];
    size_t n;
    oft_emu *emu;
    const char *fault_json; /* posted to the faults API at the first running job */
    int faulted;
    oft_client *interrupt; /* interrupted at the first job report */
    int stop_at;           /* a callback returns non-zero at this entry (1-based) */
} recorder;

static void set_faults(oft_emu *emu, const char *json)
{
    char url[256];
    snprintf(url, sizeof(url), "%s", oft_emu_base_url(emu));
    char *v1 = strstr(url, "/v1");
    assert_non_null(v1);
    snprintf(v1, sizeof(url) - (size_t)(v1 - url), "/_emulator/faults");
    http_reply r = http_do("POST", url, NULL, json);
    if (r.status != 200)
        fail_msg("POST /_emulator/faults %s: %ld %s", json, r.status, r.body);
    http_reply_free(&r);
}

static int add(recorder *r, const char *job, const char *what)
{
    if (r->n < MAX_LOG) {
        snprintf(r->log[r->n].job, sizeof(r->log[0].job), "%s", job);
        snprintf(r->log[r->n].what, sizeof(r->log[0].what), "%s", what);
    }
    r->n++;
    return r->stop_at && r->n >= (size_t)r->stop_at;
}

static int on_event(const oft_job *job, const oft_event *ev, void *payload)
{
    return add(payload, job->id, ev->id);
}

static int on_job(const oft_job *job, void *payload)
{
    recorder *r = payload;
    char what[48];
    snprintf(what, sizeof(what), "status:%s", job->status_raw);
    if (r->fault_json && !r->faulted && job->status == OFT_JOB_STATUS_RUNNING) {
        set_faults(r->emu, r->fault_json); /* the next requests fail */
        r->faulted = 1;
    }
    if (r->interrupt)
        oft_client_interrupt(r->interrupt);
    return add(r, job->id, what);
}

static oft_watch_options opts(recorder *r)
{
    oft_watch_options o = OFT_WATCH_OPTIONS_INIT;
    o.poll_interval_ms = 20;
    o.timeout_ms = 120000; /* a safety net only */
    o.on_event = on_event;
    o.on_job = on_job;
    o.payload = r;
    return o;
}

/* The log of one job: its events match the server's list read backwards,
 * each once, and its last entry is its final status, after every event. */
static void check_job(fixture *f, const recorder *r, const char *job_id, const char *end)
{
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    size_t total = 0, last_status = 0, last_event = 0, k = r->n;
    assert_int_equal(oft_event_iter_new(&it, f->c, job_id, NULL), OFT_OK);
    while (oft_event_iter_next(&e, it) == OFT_OK) {
        /* the previous reported event of this job, going backwards */
        while (k > 0 && (strcmp(r->log[k - 1].job, job_id) != 0 ||
                         strncmp(r->log[k - 1].what, "status:", 7) == 0))
            k--;
        assert_true(k > 0);
        assert_string_equal(r->log[k - 1].what, e->id);
        if (!last_event)
            last_event = k;
        k--;
        total++;
    }
    oft_event_iter_free(it);
    assert_true(total > 0);
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->log[i].job, job_id) == 0 &&
            strncmp(r->log[i].what, "status:", 7) == 0)
            last_status = i + 1;
    assert_true(last_status > last_event);
    assert_string_equal(r->log[last_status - 1].what, end);
}

/* GET requests for this job alone (not its events): retrieves. */
static size_t retrieves(oft_emu *emu, const char *job_id)
{
    char path[128], events[160];
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s", job_id);
    snprintf(events, sizeof(events), "%s/events", path);
    return oft_emu_request_count(emu, "GET", path) -
           oft_emu_request_count(emu, "GET", events);
}

static void watch_jobs(fixture *f, size_t n, const char *fault)
{
    recorder *r = calloc(1, sizeof(*r));
    assert_non_null(r);
    oft_job *jobs[3];
    const char *ids[4];
    for (size_t i = 0; i < n; i++) {
        jobs[i] = emulated_job(f);
        ids[i] = jobs[i]->id;
    }
    ids[n] = ids[0]; /* the same job twice is watched once */
    r->emu = f->emu;
    r->fault_json = fault;
    oft_watch_options o = opts(r);
    assert_int_equal(oft_jobs_watch(f->c, ids, n + 1, &o), OFT_OK);
    for (size_t i = 0; i < n; i++) {
        check_job(f, r, ids[i], "status:succeeded");
        assert_int_equal(retrieves(f->emu, ids[i]), 0); /* statuses from the list */
    }
    if (fault) {
        assert_true(r->faulted);
        size_t failed = 0;
        char url[256];
        snprintf(url, sizeof(url), "%s", oft_emu_base_url(f->emu));
        snprintf(strstr(url, "/v1"), 64, "/_emulator/requests");
        http_reply rep = http_do("GET", url, NULL, NULL);
        for (const char *p = rep.body; p && (p = strstr(p, "\"status\": 500")); p++)
            failed++;
        for (const char *p = rep.body; p && (p = strstr(p, "\"status\":500")); p++)
            failed++;
        http_reply_free(&rep);
        assert_true(failed >= 3); /* the fault was met, and absorbed */
    }
    for (size_t i = 0; i < n; i++)
        oft_job_free(jobs[i]);
    free(r);
}

static void test_one_job(void **state)
{
    watch_jobs(*state, 1, NULL);
}

static void test_three_jobs_with_a_fault_mid_watch(void **state)
{
    /* More failures in a row than the client retries: a poll fails. */
    watch_jobs(*state, 3, "{\"status\":500,\"status_count\":4}");
}

static int setup_long(void **state)
{
    *state = fixture_new(3600.0, 0);
    return 0;
}

static void test_deadline(void **state)
{
    fixture *f = *state;
    recorder *r = calloc(1, sizeof(*r));
    assert_non_null(r);
    oft_job *job = emulated_job(f);
    const char *ids[] = {job->id};
    oft_watch_options o = opts(r);
    o.timeout_ms = 300;
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_ETIMEOUT);
    assert_error_mentions(f->c, "deadline of 300 ms reached with 1 of 1 jobs going");
    assert_true(r->n >= 1); /* seen once at least */
    oft_job_free(job);
    free(r);
}

static void test_interrupt_and_callback_stop(void **state)
{
    fixture *f = *state;
    recorder *r = calloc(1, sizeof(*r));
    assert_non_null(r);
    oft_job *job = emulated_job(f);
    const char *ids[] = {job->id};
    oft_watch_options o = opts(r);
    o.poll_interval_ms = 60000; /* the interrupt must cut the pause short */
    r->interrupt = f->c;
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_EINTERRUPTED);
    assert_error_mentions(f->c, "watch: interrupted");
    /* The interrupt was spent by the watch it stopped: the next one runs. */
    r->interrupt = NULL;
    r->n = 0;
    r->stop_at = 1;
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_EUSER);
    assert_int_equal(r->n, 1);
    oft_job_free(job);
    free(r);
}

/* The list is paged until every watched job was seen, and no further: the
 * watched job is on the second page, behind a newer job of someone else. */
static void test_list_paged_until_every_job_is_seen(void **state)
{
    fixture *f = *state;
    recorder *r = calloc(1, sizeof(*r));
    assert_non_null(r);
    assert_int_equal(
        oft_emu_script(f->emu, "GET", "/fine_tuning/jobs", 1, 200, NULL,
                       "{\"object\":\"list\",\"has_more\":true,\"data\":[{\"id\":"
                       "\"ftjob-other\",\"object\":\"fine_tuning.job\",\"status\":"
                       "\"running\",\"created_at\":20}]}",
                       0, 0),
        0);
    assert_int_equal(
        oft_emu_script(f->emu, "GET", "/fine_tuning/jobs", 1, 200, NULL,
                       "{\"object\":\"list\",\"has_more\":true,\"data\":[{\"id\":"
                       "\"ftjob-mine\",\"object\":\"fine_tuning.job\",\"status\":"
                       "\"succeeded\",\"created_at\":10}]}",
                       0, 0),
        0);
    const char *ids[] = {"ftjob-mine"};
    oft_watch_options o = opts(r);
    o.on_event = NULL;
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_OK);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->log[0].what, "status:succeeded");
    assert_int_equal(oft_emu_request_count(f->emu, "GET", "/fine_tuning/jobs"), 2);
    char path[256];
    last_request(f->emu, "GET", "/fine_tuning/jobs", path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=ftjob-other"));
    assert_non_null(strstr(path, "limit=100"));
    free(r);
}

static void *interrupter(void *p)
{
    fixture *f = p;
    /* Wait until the watch has polled once, then stop it. */
    while (oft_emu_request_count(f->emu, "GET", "/fine_tuning/jobs") < 1)
        usleep(1000);
    oft_client_interrupt(f->c);
    return NULL;
}

/* oft_client_interrupt from another thread ends a watch in its pause. */
static void test_interrupt_from_another_thread(void **state)
{
    fixture *f = *state;
    oft_job *job = emulated_job(f);
    const char *ids[] = {job->id};
    oft_watch_options o = OFT_WATCH_OPTIONS_INIT;
    pthread_t t;
    o.poll_interval_ms = 3600 * 1000; /* only an interrupt can end this pause in time */
    assert_int_equal(pthread_create(&t, NULL, interrupter, f), 0);
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_EINTERRUPTED);
    pthread_join(t, NULL);
    assert_error_mentions(f->c, "interrupted");
    oft_job_free(job);
}

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    const char *ids[] = {"ftjob-nope"}, *bad[] = {""};
    oft_watch_options o = OFT_WATCH_OPTIONS_INIT;
    assert_int_equal(oft_jobs_watch(NULL, ids, 1, NULL), OFT_EINVAL);
    assert_int_equal(oft_jobs_watch(f->c, NULL, 1, NULL), OFT_EINVAL);
    assert_int_equal(oft_jobs_watch(f->c, ids, 0, NULL), OFT_EINVAL);
    assert_int_equal(oft_jobs_watch(f->c, bad, 1, NULL), OFT_EINVAL);
    o.version = 99;
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_EVERSION);
    o.version = OFT_WATCH_OPTIONS_VERSION;
    o.timeout_ms = -1;
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_EINVAL);
    assert_int_equal(oft_watch_options_init(&o, OFT_WATCH_OPTIONS_VERSION), OFT_OK);
    assert_int_equal(o.poll_interval_ms, 5000);
    /* A job the list does not show is retrieved alone: 404 ends the watch. */
    o.poll_interval_ms = 10;
    assert_int_equal(oft_jobs_watch(f->c, ids, 1, &o), OFT_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_job, setup_timed, teardown_plain),
        cmocka_unit_test_setup_teardown(test_three_jobs_with_a_fault_mid_watch,
                                        setup_timed, teardown_plain),
        cmocka_unit_test_setup_teardown(test_deadline, setup_long, teardown_plain),
        cmocka_unit_test_setup_teardown(test_interrupt_and_callback_stop, setup_long,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_interrupt_from_another_thread, setup_long,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_list_paged_until_every_job_is_seen,
                                        setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup_plain, teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
