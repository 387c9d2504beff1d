/*
 * oft_job_wait over real HTTP, with the emulator's scripted responses giving
 * each poll's answers in order: events oldest first and each once, passing
 * faults, the deadline, an interrupt and a resume from other threads, failed
 * jobs, the errors that end a wait, and memory that stays flat however many
 * events a job emits.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "test_alloc.h"
#include "test_jobs_common.h"

#define JOB    "/fine_tuning/jobs/ftjob-w"
#define EVENTS JOB "/events"

typedef struct recorder {
    char log[400][40];
    size_t n;
    int stop_after; /* return non-zero at this entry (1-based), 0: never */
} recorder;

static int record(const oft_job *job, const oft_event *ev, void *payload)
{
    recorder *r = payload;
    if (r->n < 400)
        snprintf(r->log[r->n], sizeof(r->log[0]), "%s:%s", ev ? "ev" : "job",
                 ev ? ev->id : job->status_raw);
    r->n++;
    return r->stop_after && r->n >= (size_t)r->stop_after;
}

static void script_job(oft_emu *emu, const char *status, int times)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"id\":\"ftjob-w\",\"object\":\"fine_tuning.job\",\"status\":\"%s\"%s}",
             status,
             strcmp(status, "failed") == 0
                 ? ",\"error\":{\"code\":\"invalid_file\",\"message\":\"bad data\","
                   "\"param\":\"training_file\"}"
                 : "");
    assert_int_equal(oft_emu_script(emu, "GET", JOB, times, 200, NULL, body, 0, 0), 0);
}

/* Scripts one events page holding ftevent-<hi> down to ftevent-<lo> (hi >= lo),
 * plus `dup` repeated at its head when non-zero. */
static void script_events(oft_emu *emu, int hi, int lo, int dup, int has_more)
{
    size_t cap = 64 + (size_t)(hi - lo + 2) * 64;
    char *body = malloc(cap);
    if (!body)
        abort();
    size_t len = (size_t)snprintf(body, cap, "{\"object\":\"list\",\"data\":[");
    if (dup)
        len += (size_t)snprintf(body + len, cap - len, "{\"id\":\"ftevent-%d\"},", dup);
    for (int i = hi; i >= lo && hi > 0; i--)
        len += (size_t)snprintf(body + len, cap - len,
                                "{\"id\":\"ftevent-%d\",\"created_at\":%d}%s", i, i,
                                i > lo ? "," : "");
    if (body[len - 1] == ',')
        len--;
    snprintf(body + len, cap - len, "],\"has_more\":%s}", has_more ? "true" : "false");
    assert_int_equal(oft_emu_script(emu, "GET", EVENTS, 1, 200, NULL, body, 0, 0), 0);
    free(body);
}

static oft_wait_options fast(recorder *r)
{
    oft_wait_options o = OFT_WAIT_OPTIONS_INIT;
    o.poll_interval_ms = 5;
    o.timeout_ms = 60000; /* a safety net only: no test is meant to reach it */
    o.on_progress = r ? record : NULL;
    o.payload = r;
    return o;
}

static void test_events_oldest_first_each_once(void **state)
{
    fixture *f = *state;
    recorder *r = calloc(1, sizeof(*r));
    oft_wait_options o = fast(r);
    oft_job *job = NULL;
    /* poll 1: running, 150 events over two pages of 100 */
    script_job(f->emu, "running", 1);
    script_events(f->emu, 150, 51, 0, 1);
    script_events(f->emu, 50, 1, 0, 0);
    /* poll 2: unchanged job; two new events, one repeated, then old ones */
    script_job(f->emu, "running", 1);
    script_events(f->emu, 152, 140, 152, 1);
    /* poll 3: succeeded; one more event */
    script_job(f->emu, "succeeded", 1);
    script_events(f->emu, 153, 100, 0, 1);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_OK);
    assert_non_null(job);
    assert_int_equal(job->status, OFT_JOB_STATUS_SUCCEEDED);
    oft_job_free(job);

    /* Each poll reports its new events first, then the job if it changed: the
     * last steps come before "succeeded". */
    size_t k = 0;
    for (int i = 1; i <= 152; i++) {
        char want[40];
        snprintf(want, sizeof(want), "ev:ftevent-%d", i);
        assert_string_equal(r->log[k++], want);
        if (i == 150)
            assert_string_equal(r->log[k++], "job:running");
    }
    assert_string_equal(r->log[k++], "ev:ftevent-153");
    assert_string_equal(r->log[k++], "job:succeeded");
    assert_int_equal(r->n, k);
    /* Steady state: one retrieve and one events page per poll. */
    assert_int_equal(oft_emu_request_count(f->emu, "GET", EVENTS), 4);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", NULL), 7);
    free(r);
}

/* running -> running with only the estimated finish moved (as a server does
 * at each poll while training) is not a change: no callback; a trained-tokens
 * count that moved is one. */
static void test_estimated_finish_alone_is_no_change(void **state)
{
    fixture *f = *state;
    recorder *r = calloc(1, sizeof(*r));
    oft_wait_options o = fast(r);
    oft_job *job = NULL;
    const char *const bodies[] = {
        "{\"id\":\"ftjob-w\",\"object\":\"fine_tuning.job\",\"status\":\"running\","
        "\"estimated_finish\":1000,\"trained_tokens\":null}",
        "{\"id\":\"ftjob-w\",\"object\":\"fine_tuning.job\",\"status\":\"running\","
        "\"estimated_finish\":1001,\"trained_tokens\":null}",
        "{\"id\":\"ftjob-w\",\"object\":\"fine_tuning.job\",\"status\":\"running\","
        "\"trained_tokens\":null,\"estimated_finish\":1002}",
        "{\"id\":\"ftjob-w\",\"object\":\"fine_tuning.job\",\"status\":\"running\","
        "\"estimated_finish\":1002,\"trained_tokens\":42}",
        "{\"id\":\"ftjob-w\",\"object\":\"fine_tuning.job\",\"status\":\"succeeded\","
        "\"estimated_finish\":null,\"trained_tokens\":42}",
    };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        assert_int_equal(
            oft_emu_script(f->emu, "GET", JOB, 1, 200, NULL, bodies[i], 0, 0), 0);
        script_events(f->emu, 0, 0, 0, 0);
    }
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_OK);
    oft_job_free(job);
    /* first seen, trained tokens moved, succeeded: nothing for polls 2 and 3 */
    assert_int_equal(r->n, 3);
    assert_string_equal(r->log[0], "job:running");
    assert_string_equal(r->log[1], "job:running");
    assert_string_equal(r->log[2], "job:succeeded");
    assert_int_equal(oft_emu_request_count(f->emu, "GET", JOB), 10); /* 5 jobs, 5 pages */
    free(r);
}

/* A poll whose events request fails after the job changed still reports the
 * change, at the next poll (after that poll's events). */
static void test_change_kept_when_events_fail(void **state)
{
    fixture *f = *state; /* max_retries 0: the 503 reaches the wait */
    recorder *r = calloc(1, sizeof(*r));
    oft_wait_options o = fast(r);
    oft_job *job = NULL;
    script_job(f->emu, "running", 1);
    oft_emu_script(f->emu, "GET", EVENTS, 1, 503, NULL, "{}", 0, 0);
    script_job(f->emu, "running", 1);
    script_events(f->emu, 1, 1, 0, 0);
    script_job(f->emu, "succeeded", 1);
    script_events(f->emu, 1, 1, 0, 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_OK);
    oft_job_free(job);
    const char *want[] = {"ev:ftevent-1", "job:running", "job:succeeded"};
    assert_int_equal(r->n, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(r->log[i], want[i]);
    free(r);
}

static void test_passing_faults_do_not_end_the_wait(void **state)
{
    fixture *f = *state; /* max_retries 0: every fault reaches the wait */
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    script_job(f->emu, "running", 1);
    oft_emu_script(f->emu, "GET", JOB, 1, 502, "Content-Type: text/html",
                   "<html>Bad gateway</html>", 0, 0);
    oft_emu_script(f->emu, "GET", JOB, 1, 429, "retry-after-ms: 20",
                   "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}", 0,
                   0);
    oft_emu_script(f->emu, "GET", JOB, 1, 500, NULL, "{}", OFT_EMU_RESET, 0);
    oft_emu_script(f->emu, "GET", JOB, 1, 200, NULL, "{\"id\":\"ftjob-w\",\"sta", 0, 0);
    script_job(f->emu, "succeeded", 1);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_OK);
    assert_int_equal(job->status, OFT_JOB_STATUS_SUCCEEDED);
    assert_int_equal(oft_error_status(oft_client_last_error(f->c)), OFT_OK);
    oft_job_free(job);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", JOB), 6);
}

static int64_t test_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A Retry-After above the client's cap (here 1e30 ms) stretches the pause
 * between polls to the cap, not to the value: the wait polls again. */
static void test_retry_after_above_the_cap(void **state)
{
    fixture *f = *state;
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    oft_client *c = NULL;
    co.api_key = TEST_KEY;
    co.base_url = oft_emu_base_url(f->emu);
    co.max_retries = 0;
    co.retry_after_cap_ms = 200;
    assert_int_equal(oft_client_new(&c, &co), OFT_OK);
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    o.timeout_ms = 10000; /* a safety net only */
    oft_emu_script(f->emu, "GET", JOB, 1, 429, "retry-after-ms: 1e30",
                   "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}", 0,
                   0);
    script_job(f->emu, "succeeded", 1);
    int64_t start = test_now_ms();
    assert_int_equal(oft_job_wait(&job, c, "ftjob-w", &o), OFT_OK);
    int64_t took = test_now_ms() - start;
    assert_true(took >= 200 && took < 5000);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", JOB), 2);
    oft_job_free(job);
    oft_client_free(c);
}

static void script_html(oft_emu *emu, int times)
{
    assert_int_equal(oft_emu_script(emu, "GET", JOB, times, 200,
                                    "Content-Type: text/html",
                                    "<html><body>Please sign in</body></html>", 0, 0),
                     0);
}

/* A proxy answering every poll with an HTML page (status 200): a wait with no
 * deadline ends with OFT_EPARSE after three such answers in a row, instead
 * of polling forever; a good answer between them starts the count again. */
static void test_unparseable_polls_end_the_wait(void **state)
{
    fixture *f = *state;
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    o.timeout_ms = 10000; /* a safety net only: the wait must end long before */
    script_html(f->emu, 2);
    script_job(f->emu, "running", 1);
    script_html(f->emu, 2);
    script_job(f->emu, "succeeded", 1);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_OK);
    oft_job_free(job);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", JOB), 6);

    script_html(f->emu, 100);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EPARSE);
    assert_null(job);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", JOB), 9);
    assert_error_mentions(f->c, "3 polls in a row");
    assert_error_mentions(f->c, "text/html");
    oft_emu_script_clear(f->emu);
}

static void test_failed_and_cancelled(void **state)
{
    fixture *f = *state;
    recorder *r = calloc(1, sizeof(*r));
    oft_wait_options o = fast(r);
    oft_job *job = NULL;
    script_job(f->emu, "queued", 1);
    script_events(f->emu, 0, 0, 0, 0);
    script_job(f->emu, "failed", 1);
    script_events(f->emu, 1, 1, 0, 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EJOBFAILED);
    assert_non_null(job);
    assert_int_equal(job->status, OFT_JOB_STATUS_FAILED);
    assert_string_equal(job->error->code, "invalid_file");
    assert_error_mentions(f->c, "bad data");
    assert_string_equal(r->log[r->n - 2], "ev:ftevent-1");
    assert_string_equal(r->log[r->n - 1], "job:failed"); /* after its last event */
    oft_job_free(job);
    script_job(f->emu, "cancelled", 1);
    o.on_progress = NULL;
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EJOBFAILED);
    assert_int_equal(job->status, OFT_JOB_STATUS_CANCELLED);
    oft_job_free(job);
    free(r);
}

static void test_errors_that_end_the_wait(void **state)
{
    fixture *f = *state;
    oft_wait_options o = fast(NULL);
    oft_job *job = (oft_job *)1;
    oft_emu_script(f->emu, "GET", JOB, 1, 401, NULL,
                   "{\"error\":{\"message\":\"bad key\",\"type\":\"auth\"}}", 0, 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EAUTH);
    assert_null(job);
    script_job(f->emu, "running", 1);
    oft_emu_script(f->emu, "GET", JOB, 1, 404, NULL,
                   "{\"error\":{\"message\":\"no job\",\"type\":\"x\"}}", 0, 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_ENOTFOUND);
    assert_non_null(job); /* the last job seen */
    assert_int_equal(job->status, OFT_JOB_STATUS_RUNNING);
    oft_job_free(job);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 3);

    /* Bad arguments: nothing sent. */
    o.poll_interval_ms = -1;
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EINVAL);
    assert_error_mentions(f->c, "poll_interval_ms");
    o = fast(NULL);
    o.timeout_ms = -5;
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EINVAL);
    assert_error_mentions(f->c, "timeout_ms");
    o = fast(NULL);
    assert_int_equal(oft_job_wait(&job, f->c, "..", &o), OFT_EINVAL);
    assert_error_mentions(f->c, "job_id");
    o.version = 2;
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EVERSION);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 3);
}

static void test_callback_stops(void **state)
{
    fixture *f = *state;
    recorder *r = calloc(1, sizeof(*r));
    r->stop_after = 3;
    oft_wait_options o = fast(r);
    oft_job *job = NULL;
    script_job(f->emu, "running", 1);
    script_events(f->emu, 5, 1, 0, 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EUSER);
    assert_int_equal(r->n, 3);
    assert_string_equal(r->log[2], "ev:ftevent-3"); /* events come first */
    assert_non_null(job);
    oft_job_free(job);
    free(r);
}

static void test_deadline(void **state)
{
    fixture *f = *state;
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    o.poll_interval_ms = 20;
    o.timeout_ms = 150;
    script_job(f->emu, "running", 100000);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_ETIMEOUT);
    assert_non_null(job);
    assert_int_equal(job->status, OFT_JOB_STATUS_RUNNING);
    assert_error_mentions(f->c, "150 ms");
    oft_job_free(job);
}

/* A job whose status field is missing is not finished; the deadline's
 * message says "unknown" (a NULL status_raw never reaches printf's %s). */
static void test_job_without_status(void **state)
{
    fixture *f = *state;
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    /* One poll, then a pause to the deadline: no poll for the deadline to
     * cut (its message would name the cut poll first), however slow the
     * machine (valgrind) makes the first. */
    o.poll_interval_ms = 600000;
    o.timeout_ms = getenv("OFT_UNDER_VALGRIND") ? 3000 : 300;
    oft_emu_script(f->emu, "GET", JOB, 100000, 200, NULL,
                   "{\"id\":\"ftjob-w\",\"object\":\"fine_tuning.job\"}", 0, 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_ETIMEOUT);
    assert_non_null(job);
    assert_null(job->status_raw);
    char says[64];
    snprintf(says, sizeof(says), "not finished after %ld ms, status unknown",
             o.timeout_ms);
    assert_error_mentions(f->c, says);
    oft_job_free(job);
}

static void *interrupter(void *p)
{
    fixture *f = p;
    /* Wait until the waiter has polled once, then stop it. */
    while (oft_emu_request_count(f->emu, "GET", JOB) < 1)
        usleep(1000);
    oft_client_interrupt(f->c);
    return NULL;
}

static void test_interrupt_from_another_thread(void **state)
{
    fixture *f = *state;
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    pthread_t t;
    o.poll_interval_ms = 3600 * 1000; /* only an interrupt can end this sleep in time */
    o.timeout_ms = 0;
    script_job(f->emu, "running", 100000);
    assert_int_equal(pthread_create(&t, NULL, interrupter, f), 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EINTERRUPTED);
    pthread_join(t, NULL);
    /* The interrupt may land in the first request (no job) or in the sleep. */
    assert_error_mentions(f->c, "interrupted");
    oft_job_free(job);
}

/* An interrupt made before the wait stops it at once, before any request,
 * and the client's last error says so. */
static void test_interrupt_before_the_wait(void **state)
{
    fixture *f = *state;
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    script_job(f->emu, "running", 100000);
    oft_client_interrupt(f->c);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_EINTERRUPTED);
    assert_null(job);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 0);
    assert_int_equal(oft_error_status(oft_client_last_error(f->c)), OFT_EINTERRUPTED);
    assert_error_mentions(f->c, "wait ftjob-w: interrupted");
    oft_emu_script_clear(f->emu);
}

/* The resumer works while the waiter's callback holds it on "paused", so the
 * scripts can be swapped without racing the waiter's polls. */
typedef struct gate {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int paused_seen, resumed;
    recorder rec;
} gate;

static int gated_record(const oft_job *job, const oft_event *ev, void *payload)
{
    gate *g = payload;
    record(job, ev, &g->rec);
    if (!ev && job->status == OFT_JOB_STATUS_PAUSED) {
        pthread_mutex_lock(&g->lock);
        g->paused_seen = 1;
        pthread_cond_broadcast(&g->cond);
        while (!g->resumed)
            pthread_cond_wait(&g->cond, &g->lock);
        pthread_mutex_unlock(&g->lock);
    }
    return 0;
}

typedef struct resume_ctx {
    fixture *f;
    gate *g;
    int rc;
} resume_ctx;

static void *resumer(void *p)
{
    resume_ctx *x = p;
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    oft_client *c2 = NULL;
    oft_job *job = NULL;
    pthread_mutex_lock(&x->g->lock);
    while (!x->g->paused_seen)
        pthread_cond_wait(&x->g->cond, &x->g->lock);
    pthread_mutex_unlock(&x->g->lock);
    co.api_key = TEST_KEY;
    co.base_url = oft_emu_base_url(x->f->emu);
    x->rc = oft_client_new(&c2, &co);
    oft_emu_script_clear(x->f->emu);
    oft_emu_script(x->f->emu, "POST", JOB "/resume", 1, 200, NULL,
                   "{\"id\":\"ftjob-w\",\"status\":\"queued\"}", 0, 0);
    if (x->rc == OFT_OK)
        x->rc = oft_job_resume(&job, c2, "ftjob-w");
    oft_job_free(job);
    oft_client_free(c2);
    for (int i = 0; i < 3; i++) /* after queued, running, succeeded */
        script_events(x->f->emu, 0, 0, 0, 0);
    script_job(x->f->emu, "queued", 1);
    script_job(x->f->emu, "running", 1);
    script_job(x->f->emu, "succeeded", 1);
    pthread_mutex_lock(&x->g->lock);
    x->g->resumed = 1;
    pthread_cond_broadcast(&x->g->cond);
    pthread_mutex_unlock(&x->g->lock);
    return NULL;
}

static void test_paused_job_resumed_by_another_thread(void **state)
{
    fixture *f = *state;
    gate *g = calloc(1, sizeof(*g));
    resume_ctx x = {f, g, -1};
    oft_wait_options o = fast(NULL);
    oft_job *job = NULL;
    pthread_t t;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->cond, NULL);
    o.on_progress = gated_record;
    o.payload = g;
    script_job(f->emu, "running", 1);
    script_events(f->emu, 0, 0, 0, 0);
    script_job(f->emu, "paused", 1);
    script_events(f->emu, 0, 0, 0, 0);
    assert_int_equal(pthread_create(&t, NULL, resumer, &x), 0);
    assert_int_equal(oft_job_wait(&job, f->c, "ftjob-w", &o), OFT_OK);
    pthread_join(t, NULL);
    assert_int_equal(x.rc, OFT_OK);
    assert_int_equal(job->status, OFT_JOB_STATUS_SUCCEEDED);
    oft_job_free(job);
    const char *want[] = {"job:running", "job:paused", "job:queued", "job:running",
                          "job:succeeded"};
    assert_int_equal(g->rec.n, 5);
    for (int i = 0; i < 5; i++)
        assert_string_equal(g->rec.log[i], want[i]);
    assert_int_equal(oft_emu_request_count(f->emu, "POST", JOB "/resume"), 1);
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->cond);
    free(g);
}

/* The emulator's real life cycle: a job created now runs about a second,
 * then succeeds; every event it emits is reported once, oldest first. */
static void test_emulated_job_to_success(void **state)
{
    fixture *f = *state;
    oft_job *job = emulated_job(f);
    recorder *r = calloc(1, sizeof(*r));
    oft_wait_options o = fast(r);
    oft_job *done = NULL;
    o.poll_interval_ms = 50;
    assert_int_equal(oft_job_wait(&done, f->c, job->id, &o), OFT_OK);
    assert_int_equal(done->status, OFT_JOB_STATUS_SUCCEEDED);
    assert_non_null(done->fine_tuned_model);
    assert_string_equal(r->log[r->n - 1], "job:succeeded"); /* after every event */
    /* Every reported event is distinct, and they match the server's list reversed. */
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    size_t n_ev = 0;
    for (size_t i = 0; i < r->n; i++)
        n_ev += strncmp(r->log[i], "ev:", 3) == 0;
    assert_true(n_ev > 0);
    assert_int_equal(oft_event_iter_new(&it, f->c, job->id, NULL), OFT_OK);
    size_t k = r->n;
    while (oft_event_iter_next(&e, it) == OFT_OK) {
        while (k > 0 && strncmp(r->log[k - 1], "ev:", 3) != 0)
            k--;
        assert_true(k > 0);
        assert_string_equal(r->log[k - 1] + 3, e->id);
        k--;
    }
    oft_event_iter_free(it);
    oft_job_free(done);
    oft_job_free(job);
    free(r);
}

/* A failed job through the emulator's hook. */
static void test_emulated_job_failed(void **state)
{
    fixture *f = *state;
    oft_job *job = emulated_job(f);
    oft_job *done = NULL;
    oft_wait_options o = fast(NULL);
    assert_int_equal(oft_emu_job_fail(f->emu, job->id, "invalid_n_examples", "Too few"),
                     0);
    assert_int_equal(oft_job_wait(&done, f->c, job->id, &o), OFT_EJOBFAILED);
    assert_int_equal(done->status, OFT_JOB_STATUS_FAILED);
    assert_non_null(done->error);
    assert_string_equal(done->error->code, "invalid_n_examples");
    oft_job_free(done);
    oft_job_free(job);
}

static int setup_slow_wait(void **state)
{
    *state = fixture_new(600, 2);
    return 0;
}

/* Feeds a running emulated job events, 100 more each time the wait has
 * reported as many as were added, and keeps every reported ID. */
typedef struct feeder {
    oft_emu *emu;
    const char *job_id;
    size_t total, added, seen;
    char (*ids)[48];
} feeder;

static int feed(const oft_job *job, const oft_event *ev, void *payload)
{
    feeder *fd = payload;
    (void)job;
    if (!ev)
        return 0;
    if (fd->seen < fd->total + 1000)
        snprintf(fd->ids[fd->seen], sizeof(fd->ids[0]), "%s", ev->id);
    fd->seen++;
    if (fd->seen >= fd->added && fd->added < fd->total) {
        assert_int_equal(oft_emu_add_events(fd->emu, fd->job_id, 100), 0);
        fd->added += 100;
    }
    return fd->seen >= fd->total; /* stop once all were reported */
}

/* Waits while `total` events arrive, 100 between polls; returns the peak
 * live library bytes during the wait above the level before it. Checks that
 * every event of the server's list was reported once, oldest first. */
static size_t wait_over_events(fixture *f, size_t total)
{
    oft_job *job = emulated_job(f);
    feeder fd = {f->emu, job->id, total, 0, 0, calloc(total + 1000, 48)};
    assert_non_null(fd.ids);
    oft_wait_options o = fast(NULL);
    o.poll_interval_ms = 1;
    o.on_progress = feed;
    o.payload = &fd;
    oft_job *last = NULL;
    size_t base = test_alloc_reset_peak();
    assert_int_equal(oft_job_wait(&last, f->c, job->id, &o), OFT_EUSER);
    size_t high = atomic_load(&test_alloc.peak_bytes) - base;
    assert_true(fd.seen >= total && fd.seen < total + 1000);

    /* The server's list, newest first, is the reported sequence reversed
     * (events it emitted after the wait stopped aside). */
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    size_t k = fd.seen;
    assert_int_equal(oft_event_iter_new(&it, f->c, job->id, NULL), OFT_OK);
    int rc;
    while ((rc = oft_event_iter_next(&e, it)) == OFT_OK) {
        if (k == fd.seen && strcmp(e->id, fd.ids[k - 1]) != 0)
            continue;
        assert_true(k > 0);
        assert_string_equal(e->id, fd.ids[k - 1]);
        k--;
    }
    assert_int_equal(rc, OFT_ITEROVER);
    assert_int_equal(k, 0);
    oft_event_iter_free(it);
    oft_job_free(last);
    oft_job_free(job);
    free(fd.ids);
    return high;
}

static void test_memory_flat_over_many_events(void **state)
{
    fixture *f = *state;
    size_t small = wait_over_events(f, 500);
    size_t large = wait_over_events(f, 5000);
    print_message("peak live library bytes during a wait: 500 events %zu, "
                  "5000 events %zu\n",
                  small, large);
    assert_true(small > 0);
    /* Ten times the events, about the same peak: the wait keeps no record
     * per event (a set of 5000 IDs alone would add over 150 KB). */
    assert_true(large < small + small / 2);
}

/* Keeps the IDs a first pass reports and stops the wait at the job's report,
 * which follows the poll's events. */
typedef struct history {
    size_t seen, cap;
    char (*ids)[48];
} history;

static int keep_history(const oft_job *job, const oft_event *ev, void *payload)
{
    history *h = payload;
    (void)job;
    if (!ev)
        return 1;
    if (h->seen < h->cap)
        snprintf(h->ids[h->seen], sizeof(h->ids[0]), "%s", ev->id);
    h->seen++;
    return 0;
}

/* A job that already has `total` events when the wait starts: returns the
 * peak live library bytes of the wait's first pass above the level before
 * it. Checks that it reported the server's whole list once, oldest first. */
static size_t first_pass_over(fixture *f, size_t total)
{
    oft_job *job = emulated_job(f);
    assert_int_equal(oft_emu_add_events(f->emu, job->id, total), 0);
    history h = {0, total + 100, calloc(total + 100, 48)};
    assert_non_null(h.ids);
    oft_wait_options o = fast(NULL);
    o.on_progress = keep_history;
    o.payload = &h;
    oft_job *last = NULL;
    size_t base = test_alloc_reset_peak();
    assert_int_equal(oft_job_wait(&last, f->c, job->id, &o), OFT_EUSER);
    size_t high = atomic_load(&test_alloc.peak_bytes) - base;
    assert_true(h.seen > total && h.seen <= h.cap);

    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    size_t k = h.seen;
    assert_int_equal(oft_event_iter_new(&it, f->c, job->id, NULL), OFT_OK);
    int rc;
    while ((rc = oft_event_iter_next(&e, it)) == OFT_OK) {
        assert_true(k > 0);
        assert_string_equal(e->id, h.ids[k - 1]);
        k--;
    }
    assert_int_equal(rc, OFT_ITEROVER);
    assert_int_equal(k, 0);
    oft_event_iter_free(it);
    oft_job_free(last);
    oft_job_free(job);
    free(h.ids);
    return high;
}

/* The first pass over a job's history holds a page or two of events, not
 * the whole history. */
static void test_first_pass_memory_bounded(void **state)
{
    fixture *f = *state;
    size_t small = first_pass_over(f, 500);
    size_t large = first_pass_over(f, 5000);
    print_message("peak live library bytes of a first pass: 500 events %zu, "
                  "5000 events %zu\n",
                  small, large);
    /* Ten times the history, about the same peak (5000 events held at once
     * would add over 1 MB). */
    assert_true(large < small + small / 2);
}

int main(void)
{
    /* Before any client exists, so every library allocation is counted. */
    test_alloc_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_events_oldest_first_each_once, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_passing_faults_do_not_end_the_wait,
                                        setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_estimated_finish_alone_is_no_change,
                                        setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_change_kept_when_events_fail, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_unparseable_polls_end_the_wait, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_retry_after_above_the_cap, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_failed_and_cancelled, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_errors_that_end_the_wait, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_callback_stops, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_deadline, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_job_without_status, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_interrupt_from_another_thread, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_interrupt_before_the_wait, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_emulated_job_to_success, setup_timed,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_emulated_job_failed, setup_slow_wait,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_paused_job_resumed_by_another_thread,
                                        setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_memory_flat_over_many_events,
                                        setup_slow_wait, teardown_plain),
        cmocka_unit_test_setup_teardown(test_first_pass_memory_bounded, setup_slow_wait,
                                        teardown_plain),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    oft_set_allocator(NULL);
    return rc;
}
