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
    char lines[256][1100]; /* a line is at most 1,023 bytes */
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
        snprintf(b->lines[b->count++], sizeof(b->lines[0]), "%s", message);
}

/* The offset in s of the first run of 8 characters taken from key (the
 * shortest piece of a key that the library redacts), or -1 when there is none. */
static inline long key_piece_at(const char *s, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; s != NULL && i + 8 <= n; i++) {
        char piece[9];
        memcpy(piece, key + i, 8);
        piece[8] = '\0';
        const char *hit = strstr(s, piece);
        if (hit != NULL)
            return (long)(hit - s);
    }
    return -1;
}

/* s holds no 8-character piece of the fixture's API key or admin key. */
#define assert_no_key_piece(s)                                                           \
    do {                                                                                 \
        const char *s_ = (s);                                                            \
        if (key_piece_at(s_, TEST_KEY) >= 0 || key_piece_at(s_, TEST_ADMIN) >= 0)        \
            fail_msg("a piece of a key in \"%s\"", s_);                                  \
    } while (0)

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
    /* No line ever carries either key, nor a piece of one. */
    for (int i = 0; i < f->log.count; i++)
        assert_no_key_piece(f->log.lines[i]);
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
