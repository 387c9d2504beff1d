/*
 * The retry engine's durations are int64_t milliseconds down to libcurl's
 * boundary, where they are clamped, never wrapped: a poll given a limit past
 * the clock's range waits (until its wake-up descriptor wakes it) instead of
 * taking its end as already passed, and a backoff past every integer is the
 * largest one. No server is needed: the poll has no transfer, only the
 * wake-up pipe, written before it starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/common.h"
#include "net/retry.h"
#include "net/transport.h"

typedef struct poll_fixture {
    int wake[2]; /* the pipe, both ends non-blocking */
    oft__transport *t;
} poll_fixture;

static int setup(void **state)
{
    poll_fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(pipe2(f->wake, O_NONBLOCK | O_CLOEXEC), 0);
    assert_int_equal(oft__transport_global_init(), 0);
    assert_int_equal(oft__transport_new(&f->t, f->wake[0]), OFT_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    poll_fixture *f = *state;
    oft__transport_free(f->t);
    oft__transport_global_cleanup();
    close(f->wake[0]);
    close(f->wake[1]);
    free(f);
    return 0;
}

/* One poll of limit ms with a wake-up byte waiting: it returns with no
 * transfer, having polled (the byte drained), not given up before polling. */
static void poll_woken(poll_fixture *f, int64_t limit)
{
    assert_int_equal(write(f->wake[1], "x", 1), 1);
    oft__xfer *done = (oft__xfer *)f;
    assert_int_equal(oft__transport_poll(f->t, limit, &done), OFT_OK);
    assert_null(done);
    char byte;
    if (read(f->wake[0], &byte, 1) != -1 || errno != EAGAIN)
        fail_msg("a poll of %lld ms returned before it polled: the wake-up byte is "
                 "still there",
                 (long long)limit);
}

static void test_poll_limits_past_the_clock(void **state)
{
    poll_fixture *f = *state;
    const int64_t limits[] = {-1,
                              (int64_t)INT_MAX + 1,
                              (int64_t)UINT32_MAX + 1,
                              INT64_MAX / 2,
                              INT64_MAX - 1,
                              INT64_MAX};
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
        poll_woken(f, limits[i]);
}

static void test_backoff_beyond_int(void **state)
{
    (void)state;
    /* 3e9 ms, doubled twice, less up to 25 % of jitter: past INT_MAX, kept. */
    int64_t d = oft__retry_backoff_ms(3000000000, INT64_MAX, 2);
    assert_true(d >= 9000000000 && d <= 12000000000);
    /* Past every int64_t before the jitter: at most INT64_MAX, never negative. */
    for (int i = 0; i < 100; i++) {
        d = oft__retry_backoff_ms(INT64_MAX, INT64_MAX, 30);
        assert_true(d >= INT64_MAX / 4 * 3 && d <= INT64_MAX);
    }
    /* The cap still bounds it. */
    d = oft__retry_backoff_ms(500, 8000, 10);
    assert_true(d >= 6000 && d <= 8000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_poll_limits_past_the_clock, setup, teardown),
        cmocka_unit_test(test_backoff_beyond_int),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
