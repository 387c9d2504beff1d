/*
 * oft_client_interrupt under stress: one thread runs blocking calls (requests
 * that wait out a 10 s Retry-After, and the library's interruptible sleep),
 * another interrupts each of them at a varying moment: before the call starts,
 * at once, after a short spin or after a short sleep. Every call must stop
 * with OFT_EINTERRUPTED (a lost interrupt leaves it running for 10 s), and
 * afterwards a 1 s sleep and a request waiting 1 s must take their time
 * without spinning (a wake-up byte left behind in the pipe would make every
 * poll return at once).
 *
 * oft_client_interrupt_clear, both ways round: an interrupt left pending by a
 * cancellation that came too late is dropped by it (the next call runs), one
 * made after it still stops the next call, and an interrupt that lands at
 * any moment of a short call, then a clear, never stops the call after.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "core_test.h"
#include "openai_ft/jobs.h"

#define STRESS_JOB "/fine_tuning/jobs/ftjob-stress"
#define AFTER_JOB  "/fine_tuning/jobs/ftjob-after"
#define JOB_BODY(id)                                                                     \
    "{\"id\":\"" id "\",\"object\":\"fine_tuning.job\",\"status\":\"running\"}"

enum { BEFORE_THE_CALL, AT_ONCE, AFTER_A_SPIN, AFTER_A_SLEEP, N_MODES };
static const char *const mode_names[] = {"before the call", "at once", "after a spin",
                                         "after a sleep"};

typedef struct race {
    oft_client *client;
    size_t iterations;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t go;    /* the caller has reached iteration go - 1 */
    size_t fired; /* the interrupter has made fired interrupts */
} race;

/* Both threads derive an iteration's mode and delay from its number. */
static uint32_t mix(size_t i)
{
    uint32_t x = (uint32_t)i * 2654435761u + 0x9e3779b9u;
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    return x ^ (x >> 13);
}

static int mode_of(size_t i)
{
    return (int)(mix(i) % N_MODES);
}

/* Every eighth blocking call is a request; the others are sleeps. */
static int is_request(size_t i)
{
    return i % 8 == 7;
}

static void wait_until(race *r, const size_t *counter, size_t value)
{
    pthread_mutex_lock(&r->lock);
    while (*counter < value)
        pthread_cond_wait(&r->cond, &r->lock);
    pthread_mutex_unlock(&r->lock);
}

static void publish(race *r, size_t *counter, size_t value)
{
    pthread_mutex_lock(&r->lock);
    *counter = value;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

static void *interrupter(void *arg)
{
    race *r = arg;
    for (size_t i = 0; i < r->iterations; i++) {
        wait_until(r, &r->go, i + 1);
        uint32_t delay = mix(i) >> 20; /* 0..4095 */
        switch (mode_of(i)) {
            case AFTER_A_SPIN:
                for (volatile uint32_t k = 0; k < delay; k++) {
                }
                break;
            case AFTER_A_SLEEP:
                usleep(delay % 300);
                break;
            default:
                break;
        }
        oft_client_interrupt(r->client);
        publish(r, &r->fired, i + 1);
    }
    return NULL;
}

/* One blocking call of the kind iteration i makes; returns its status. */
static int blocking_call(oft_client *c, size_t i)
{
    if (is_request(i)) {
        oft_job *job = NULL;
        int rc = oft_job_retrieve(&job, c, "ftjob-stress");
        oft_job_free(job);
        return rc;
    }
    /* The library's interruptible sleep, as a wait between polls uses it. */
    assert_int_equal(oft__begin(c, OFT__NO_OUT), OFT_OK);
    return oft__client_sleep_ms(c, 10000);
}

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void no_lost_interrupt(void **state)
{
    fixture *f = *state;
    oft_client_set_log(f->client, OFT_LOG_OFF, NULL, NULL);
    oft_emu_set_recording(f->emu, 0);
    /* Each request is answered 503 with a 10 s Retry-After: only the
     * interrupt can end it early. */
    assert_int_equal(oft_emu_script(f->emu, "GET", STRESS_JOB, 1000000, 503,
                                    "retry-after: 10", "{}", 0, 0),
                     0);
    race r = {f->client,
              getenv("OFT_UNDER_VALGRIND") ? 2000 : 100000,
              PTHREAD_MUTEX_INITIALIZER,
              PTHREAD_COND_INITIALIZER,
              0,
              0};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, interrupter, &r), 0);
    size_t requests = 0;
    for (size_t i = 0; i < r.iterations; i++) {
        publish(&r, &r.go, i + 1);
        if (mode_of(i) == BEFORE_THE_CALL)
            wait_until(&r, &r.fired, i + 1); /* made while no call runs */
        int rc = blocking_call(f->client, i);
        if (rc != OFT_EINTERRUPTED)
            fail_msg("iteration %zu (%s, interrupted %s): %s instead of "
                     "OFT_EINTERRUPTED: the interrupt was lost",
                     i, is_request(i) ? "a request" : "a sleep", mode_names[mode_of(i)],
                     oft_status_str(rc));
        requests += is_request(i);
    }
    pthread_join(th, NULL);
    print_message("%zu interrupts: %zu requests and %zu sleeps stopped\n", r.iterations,
                  requests, r.iterations - requests);

    /* Every interrupt was spent by the call it stopped: a 1 s sleep sleeps,
     * and does not spin. */
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
    assert_int_equal(oft__begin(f->client, OFT__NO_OUT), OFT_OK);
    assert_int_equal(oft__client_sleep_ms(f->client, 1000), OFT_OK);
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
    print_message("a 1 s sleep afterwards: %.3f s, %.4f s of CPU\n", wall, cpu);
    assert_true(wall >= 0.99);
    assert_true(cpu < 0.1);

    /* The same for a request waiting out a 1 s Retry-After in the transport. */
    oft_emu_script_clear(f->emu);
    oft_emu_script(f->emu, "GET", AFTER_JOB, 1, 503, "retry-after: 1", "{}", 0, 0);
    oft_emu_script(f->emu, "GET", AFTER_JOB, 1, 200, NULL, JOB_BODY("ftjob-after"), 0, 0);
    oft_job *job = NULL;
    wall = seconds(CLOCK_MONOTONIC);
    cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
    assert_int_equal(oft_job_retrieve(&job, f->client, "ftjob-after"), OFT_OK);
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
    oft_job_free(job);
    print_message("a request waiting 1 s afterwards: %.3f s, %.4f s of CPU\n", wall, cpu);
    assert_true(wall >= 0.99);
    assert_true(cpu < 0.1);
}

#define QUICK_JOB "/fine_tuning/jobs/ftjob-quick"

static int retrieve_quick(oft_client *c)
{
    oft_job *job = NULL;
    int rc = oft_job_retrieve(&job, c, "ftjob-quick");
    oft_job_free(job);
    return rc;
}

static void clear_drops_a_pending_interrupt(void **state)
{
    fixture *f = *state;
    oft_client_set_log(f->client, OFT_LOG_OFF, NULL, NULL);
    assert_int_equal(oft_emu_script(f->emu, "GET", QUICK_JOB, 1000, 200, NULL,
                                    JOB_BODY("ftjob-quick"), 0, 0),
                     0);
    /* Without a clear, an interrupt made while no call runs stops the next
     * call (a signal between two calls is not lost), and only that one. */
    oft_client_interrupt(f->client);
    assert_int_equal(retrieve_quick(f->client), OFT_EINTERRUPTED);
    assert_int_equal(retrieve_quick(f->client), OFT_OK);
    /* With a clear, the next call runs, also after several interrupts. */
    oft_client_interrupt(f->client);
    oft_client_interrupt(f->client);
    oft_client_interrupt_clear(f->client);
    assert_int_equal(retrieve_quick(f->client), OFT_OK);
    /* An interrupt made after the clear stays pending. */
    oft_client_interrupt_clear(f->client);
    oft_client_interrupt(f->client);
    assert_int_equal(retrieve_quick(f->client), OFT_EINTERRUPTED);
    /* A clear with nothing pending changes nothing; NULL is a no-op. */
    oft_client_interrupt_clear(f->client);
    oft_client_interrupt_clear(NULL);
    assert_int_equal(retrieve_quick(f->client), OFT_OK);
    /* The sleep that the pipe could spoil still sleeps after a clear that
     * dropped an interrupt whose byte was written. */
    oft_client_interrupt(f->client);
    oft_client_interrupt_clear(f->client);
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
    assert_int_equal(oft__begin(f->client, OFT__NO_OUT), OFT_OK);
    assert_int_equal(oft__client_sleep_ms(f->client, 300), OFT_OK);
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
    assert_true(wall >= 0.29);
    assert_true(cpu < 0.1);
}

typedef struct late {
    oft_client *client;
    size_t i;
} late;

static void *interrupt_late(void *arg)
{
    late *l = arg;
    uint32_t delay = mix(l->i) >> 18; /* 0..16383 */
    for (volatile uint32_t k = 0; k < delay; k++) {
    }
    oft_client_interrupt(l->client);
    return NULL;
}

/* The race a binding meets: a context cancelled at some moment of a short
 * call (before it, during it, after it). Once the interrupting thread is
 * done, a clear leaves the client as new: the next call runs. */
static void clear_after_an_interrupt_at_any_moment(void **state)
{
    fixture *f = *state;
    oft_client_set_log(f->client, OFT_LOG_OFF, NULL, NULL);
    oft_emu_set_recording(f->emu, 0);
    assert_int_equal(oft_emu_script(f->emu, "GET", QUICK_JOB, 1000000, 200, NULL,
                                    JOB_BODY("ftjob-quick"), 0, 0),
                     0);
    size_t n = getenv("OFT_UNDER_VALGRIND") ? 100 : 2000, stopped = 0;
    for (size_t i = 0; i < n; i++) {
        late l = {f->client, i};
        pthread_t th;
        assert_int_equal(pthread_create(&th, NULL, interrupt_late, &l), 0);
        int rc = retrieve_quick(f->client);
        assert_true(rc == OFT_OK || rc == OFT_EINTERRUPTED);
        stopped += rc == OFT_EINTERRUPTED;
        pthread_join(th, NULL);
        oft_client_interrupt_clear(f->client);
        rc = retrieve_quick(f->client);
        if (rc != OFT_OK)
            fail_msg("iteration %zu: %s after a clear: a pending interrupt survived it",
                     i, oft_status_str(rc));
    }
    print_message("%zu late interrupts, %zu stopped their call; every next call ran\n", n,
                  stopped);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(no_lost_interrupt, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(clear_drops_a_pending_interrupt, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(clear_after_an_interrupt_at_any_moment,
                                        fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
