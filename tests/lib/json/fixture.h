/*
 * What the offline mapper suites share: a client that never sends (its base
 * URL is a closed loopback port it is never asked to reach), a fixture of
 * tests/fixtures/ read into a response as net/ hands it up, and the mappers'
 * entry points (json/mappers.h's specs through json/list.h's engine) called
 * on it. No HTTP at all.
 */
#ifndef OFT_TESTS_JSON_FIXTURE_H
#define OFT_TESTS_JSON_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "openai_ft.h"

#include "core/client_internal.h"
#include "core/response.h"
#include "json/api_error.h"
#include "json/list.h"
#include "json/mappers.h"

#define FIXTURE_REQUEST_ID "req_fixture"

static oft_client *client;

static inline int client_setup(void **state)
{
    (void)state;
    oft_client_options o;
    if (oft_global_init(0) <= 0 ||
        oft_client_options_init(&o, OFT_CLIENT_OPTIONS_VERSION) != OFT_OK)
        return -1;
    o.api_key = "sk-fixture";
    o.base_url = "http://127.0.0.1:9/v1"; /* never asked: nothing here sends */
    return oft_client_new(&client, &o) == OFT_OK ? 0 : -1;
}

static inline int client_teardown(void **state)
{
    (void)state;
    oft_client_free(client);
    oft_global_cleanup();
    return 0;
}

/* tests/fixtures/<rel> as an owned NUL-terminated buffer of *len bytes. */
static char *fixture_read(const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", OFT_FIXTURES_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open the fixture %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* A 200 response holding body (taken), as net/ hands it up. */
static inline oft__response response_of(char *body, size_t len, const char *content_type)
{
    oft__response resp = OFT__RESPONSE_INIT;
    resp.status = 200;
    resp.body = body;
    resp.body_len = len;
    resp.request_id = strdup(FIXTURE_REQUEST_ID);
    resp.content_type = strdup(content_type);
    assert_non_null(resp.request_id);
    assert_non_null(resp.content_type);
    return resp;
}

/* One object of body (taken) through spec: the resource's retrieve/create. */
static inline int parse_body(const oft__object_spec *spec, char *body, size_t len,
                             void **out)
{
    oft__response resp = response_of(body, len, "application/json");
    int rc = oft__item_parse(client, spec, &resp, out);
    oft__response_dispose(&resp);
    return rc;
}

static inline int parse_item(const oft__object_spec *spec, const char *rel, void **out)
{
    size_t len;
    char *body = fixture_read(rel, &len);
    return parse_body(spec, body, len, out);
}

/* A list envelope of the fixture through spec: the resource's list. */
static inline int parse_list(const oft__object_spec *spec, const char *rel,
                             oft__list *out)
{
    size_t len;
    char *body = fixture_read(rel, &len);
    oft__response resp = response_of(body, len, "application/json");
    int rc = oft__list_parse(client, spec, &resp, out);
    oft__response_dispose(&resp);
    return rc;
}

/* The client's last error holds `part` in its message. */
static inline void assert_error_has(int rc, int status, const char *part)
{
    assert_int_equal(rc, status);
    const char *m = oft_error_message(oft_client_last_error(client));
    assert_non_null(m);
    if (!strstr(m, part))
        fail_msg("error \"%s\" does not say \"%s\"", m, part);
}

#endif
