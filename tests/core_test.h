/*
 * Shared fixture of the core suites: an emulator on loopback and a client
 * with tiny retry delays, plus a log collector for redaction checks.
 */
#ifndef OFT_TESTS_CORE_TEST_H
#define OFT_TESTS_CORE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/client_internal.h"
#include "emulator.h"
#include "net/http.h"
#include "openai_ft/version.h"

#define TEST_KEY   "sk-test-SECRET-0123456789abcdef"
#define TEST_ADMIN "sk-admin-SECRET-fedcba9876543210"

typedef struct logbook {
    char lines[256][512];
    int count;
} logbook;

typedef struct fixture {
    oft_emu *emu;
    oft_client *client;
    logbook log;
} fixture;

static inline void log_collect(int level, const char *message, void *payload)
{
    logbook *b = payload;
    (void)level;
    if (b->count < 256)
        snprintf(b->lines[b->count++], 512, "%s", message);
}

/* Non-zero when some collected log line contains needle. */
static inline int log_has(const logbook *b, const char *needle)
{
    for (int i = 0; i < b->count; i++)
        if (strstr(b->lines[i], needle))
            return 1;
    return 0;
}

static inline void fixture_options(fixture *f, oft_client_options *o)
{
    oft_client_options_init(o, OFT_CLIENT_OPTIONS_VERSION);
    o->api_key = TEST_KEY;
    o->admin_key = TEST_ADMIN;
    o->base_url = oft_emu_base_url(f->emu);
    o->initial_retry_delay_ms = 1;
    o->max_retry_delay_ms = 4;
    o->log_cb = log_collect;
    o->log_payload = &f->log;
    o->log_level = OFT_LOG_DEBUG;
}

static inline int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    char err[256];
    oft_emu_options eo;
    oft_emu_options_init(&eo);
    eo.quiet = 1;
    assert_true(oft_global_init(OFT_GLOBAL_DEFAULT) > 0);
    assert_int_equal(oft_emu_start(&f->emu, &eo, err, sizeof(err)), 0);
    oft_client_options o;
    fixture_options(f, &o);
    assert_int_equal(oft_client_new(&f->client, &o), OFT_OK);
    *state = f;
    return 0;
}

static inline int fixture_teardown(void **state)
{
    fixture *f = *state;
    /* No line ever carries either key. */
    for (int i = 0; i < f->log.count; i++) {
        assert_null(strstr(f->log.lines[i], TEST_KEY));
        assert_null(strstr(f->log.lines[i], TEST_ADMIN));
    }
    oft_client_free(f->client);
    oft_emu_stop(f->emu);
    oft_global_cleanup();
    free(f);
    return 0;
}

/* A GET of path through the HTTP layer; returns the status code. */
static inline int get(fixture *f, const char *path, oft__response *resp)
{
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = path;
    oft__error_clear(f->client);
    return oft__http_send(f->client, &req, resp);
}

static inline size_t count(fixture *f, const char *prefix)
{
    return oft_emu_request_count(f->emu, NULL, prefix);
}

static inline void last_header(fixture *f, const char *prefix, const char *name,
                               char *out, size_t cap)
{
    assert_int_equal(
        oft_emu_last_request(f->emu, NULL, prefix, name, out, cap, NULL, 0, NULL, 0), 0);
}

#endif
