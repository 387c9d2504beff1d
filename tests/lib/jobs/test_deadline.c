/*
 * A call's deadline bounds the whole call, whatever the server does: the
 * job wait and the file wait, with a 2 s deadline, against an emulator that
 * never answers, drips its answer a byte a second, answers 429 with
 * Retry-After: 120, or resets the connection (its stall faults, set over its
 * control API). Each ends with OFT_ETIMEOUT (a reset that uses up the
 * retries of a file retrieval: OFT_ENETWORK) and a message saying which it
 * was; the deadline is gone once the call returns. A retry whose backoff
 * lies past the clock's range ends the wait at its deadline too. The time
 * taken is checked loosely only (the deadline plus 5 s): the figures are
 * bench/bench_deadline's.
 */
#include <time.h>

#include "emu_http.h"
#include "test_jobs_common.h"

#define DEADLINE_MS 2000
#define SLACK_MS    5000

typedef struct stall_case {
    const char *faults; /* the body of POST /_emulator/faults */
    const char *says;   /* what the message says */
} stall_case;

static const stall_case hang = {"{\"stall\":\"hang\"}", "the server did not answer"};
static const stall_case drip = {"{\"stall\":\"drip\"}", "the answer was still arriving"};
static const stall_case retry_after = {
    "{\"status\":429,\"status_count\":1000000,\"retry_after\":120}",
    "the server asked to retry after 120 s"};
static const stall_case reset = {"{\"stall\":\"reset\"}", "reset"};

typedef struct dl_fixture {
    oft_emu *emu;
    oft_client *c; /* the SDKs' retries (2, from 0.5 s) and a 10 s request timeout */
    char job_id[64];
} dl_fixture;

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

static int setup(void **state)
{
    dl_fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    fixture *jf = fixture_new(600, 2); /* a job that stays running */
    oft_job *job = emulated_job(jf);
    snprintf(f->job_id, sizeof(f->job_id), "%s", job->id);
    oft_job_free(job);
    f->emu = jf->emu;
    oft_client_free(jf->c);
    free(jf);
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    co.api_key = TEST_KEY;
    co.base_url = oft_emu_base_url(f->emu);
    co.timeout_ms = 10000;
    co.max_retries = 2;
    assert_int_equal(oft_client_new(&f->c, &co), OFT_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    dl_fixture *f = *state;
    test_stop(f->emu, f->c);
    free(f);
    return 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* After a stalled call: within the deadline plus the slack, and the client
 * keeps no deadline (a plain retrieve succeeds once the server answers). */
static void after_stall(dl_fixture *f, int64_t started)
{
    int64_t took = now_ms() - started;
    if (took > DEADLINE_MS + SLACK_MS)
        fail_msg("the call took %lld ms (deadline %d ms)", (long long)took, DEADLINE_MS);
    set_faults(f->emu, "{\"stall\":\"none\",\"status\":0,\"retry_after\":0}");
    oft_job *job = NULL;
    assert_int_equal(oft_job_retrieve(&job, f->c, f->job_id), OFT_OK);
    oft_job_free(job);
}

static void job_wait_against(void **state, const stall_case *sc)
{
    dl_fixture *f = *state;
    set_faults(f->emu, sc->faults);
    oft_wait_options o = OFT_WAIT_OPTIONS_INIT;
    o.poll_interval_ms = 200;
    o.timeout_ms = DEADLINE_MS;
    oft_job *job = NULL;
    int64_t started = now_ms();
    int rc = oft_job_wait(&job, f->c, f->job_id, &o);
    oft_job_free(job);
    if (rc != OFT_ETIMEOUT)
        fail_msg("wait: %s: %s", oft_status_str(rc),
                 oft_error_message(oft_client_last_error(f->c)));
    char head[128];
    snprintf(head, sizeof(head), "wait %s: deadline of %d ms reached", f->job_id,
             DEADLINE_MS);
    print_message("%s\n", oft_error_message(oft_client_last_error(f->c)));
    assert_error_mentions(f->c, head);
    assert_error_mentions(f->c, sc->says);
    if (sc != &reset) /* a reset may also use up the retries of a poll first */
        assert_error_mentions(f->c, "reached during a poll: ");
    after_stall(f, started);
}

static void test_job_wait_hang(void **state)
{
    job_wait_against(state, &hang);
}

static void test_job_wait_drip(void **state)
{
    job_wait_against(state, &drip);
}

static void test_job_wait_retry_after(void **state)
{
    job_wait_against(state, &retry_after);
}

static void test_job_wait_reset(void **state)
{
    job_wait_against(state, &reset);
}

/* A backoff far past INT_MAX ms (a client whose retry delays are INT64_MAX
 * ms) against a server that answers 500: the retry is due past the deadline,
 * so the wait ends there at the first answer. (The delay was a long: where
 * long has 32 bits, it did not keep such a value.) */
static void test_job_wait_backoff_past_clock(void **state)
{
    dl_fixture *f = *state;
    oft_client_free(f->c);
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    co.api_key = TEST_KEY;
    co.base_url = oft_emu_base_url(f->emu);
    co.timeout_ms = 10000;
    co.max_retries = 2;
    co.initial_retry_delay_ms = INT64_MAX;
    co.max_retry_delay_ms = INT64_MAX;
    assert_int_equal(oft_client_new(&f->c, &co), OFT_OK);
    set_faults(f->emu, "{\"status\":500,\"status_count\":1000000}");
    oft_wait_options o = OFT_WAIT_OPTIONS_INIT;
    o.poll_interval_ms = 200;
    o.timeout_ms = DEADLINE_MS;
    oft_job *job = NULL;
    int64_t started = now_ms();
    int rc = oft_job_wait(&job, f->c, f->job_id, &o);
    oft_job_free(job);
    print_message("%s\n", oft_error_message(oft_client_last_error(f->c)));
    if (rc != OFT_ETIMEOUT)
        fail_msg("wait: %s: %s", oft_status_str(rc),
                 oft_error_message(oft_client_last_error(f->c)));
    assert_error_mentions(f->c, "the retry after HTTP 500 was due in ");
    assert_error_mentions(f->c, " ms, past it");
    after_stall(f, started);
}

static void file_wait_against(void **state, const stall_case *sc)
{
    dl_fixture *f = *state;
    set_faults(f->emu, sc->faults);
    oft_file *file = NULL;
    int64_t started = now_ms();
    int rc = oft_file_wait_processed(&file, f->c, "file-deadline", 200, DEADLINE_MS);
    oft_file_free(file);
    print_message("%s\n", oft_error_message(oft_client_last_error(f->c)));
    if (rc == OFT_ETIMEOUT)
        assert_error_mentions(f->c, "waiting for file file-deadline: deadline of 2000 ms "
                                    "reached during a retrieval: ");
    else if (!(rc == OFT_ENETWORK && sc == &reset))
        fail_msg("file wait: %s: %s", oft_status_str(rc),
                 oft_error_message(oft_client_last_error(f->c)));
    assert_error_mentions(f->c, sc->says);
    after_stall(f, started);
}

static void test_file_wait_hang(void **state)
{
    file_wait_against(state, &hang);
}

static void test_file_wait_drip(void **state)
{
    file_wait_against(state, &drip);
}

static void test_file_wait_retry_after(void **state)
{
    file_wait_against(state, &retry_after);
}

static void test_file_wait_reset(void **state)
{
    file_wait_against(state, &reset);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_job_wait_hang, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_wait_drip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_wait_retry_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_wait_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_job_wait_backoff_past_clock, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_file_wait_hang, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_wait_drip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_wait_retry_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_wait_reset, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
