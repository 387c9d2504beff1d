/*
 * What the files and jobs suites set up alike: a quiet in-process emulator
 * on loopback, a client pointed at it with fast retries, and the assertion
 * on the client's last error message. (core_test.h differs: global init and
 * a log collector.)
 */
#ifndef OFT_TEST_COMMON_H
#define OFT_TEST_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "emulator.h"
#include "openai_ft.h"

/*
 * Starts the emulator (jobs last job_duration_s; 0: its default) and a client
 * on it with api_key, admin_key (NULL: none) and max_retries; fails the test
 * when either does not start. Undo with test_stop.
 */
static inline void test_start(oft_emu **emu, oft_client **c, double job_duration_s,
                              const char *api_key, const char *admin_key, int max_retries)
{
    char err[256] = "";
    oft_emu_options eo;
    oft_emu_options_init(&eo);
    eo.quiet = 1;
    eo.job_duration_s = job_duration_s;
    assert_int_equal(oft_emu_start(emu, &eo, err, sizeof(err)), 0);
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    co.api_key = api_key;
    co.admin_key = admin_key;
    co.base_url = oft_emu_base_url(*emu);
    co.max_retries = max_retries;
    co.initial_retry_delay_ms = 1;
    co.max_retry_delay_ms = 2;
    assert_int_equal(oft_client_new(c, &co), OFT_OK);
}

static inline void test_stop(oft_emu *emu, oft_client *c)
{
    oft_client_free(c);
    oft_emu_stop(emu);
}

/* The client's last error message contains `needle`. */
#define assert_error_mentions(c, needle)                                                 \
    do {                                                                                 \
        const char *m_ = oft_error_message(oft_client_last_error(c));                    \
        if (!strstr(m_, (needle)))                                                       \
            fail_msg("error \"%s\" does not mention \"%s\"", m_, (needle));              \
    } while (0)

#endif
