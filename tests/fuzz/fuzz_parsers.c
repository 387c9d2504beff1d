/*
 * libFuzzer target: every response parser of src/json, called as the
 * resources call them: the object engine of json/list.h with each resource's
 * spec (a single object, a list page, a delete result, a grader's answer),
 * and an error body
 * through the mapper and the message the client makes of it (what
 * net/http.c does with a response of 400 and above).
 *
 * Input:
 *   [0]  what to read: an index into kinds[] (modulo its size)
 *   [1]  bit 0: the content type is text/html (else application/json);
 *        bit 1: no x-request-id (else "req_fuzz")
 *   [2]  an error body's HTTP status: 400 + value (400..655 are all taken
 *        for errors here)
 *   [3..] the body
 *
 * Checks: the parse returns OFT_OK, OFT_EPARSE or OFT_ENOMEM; an object or
 * list read gets the response's request id and its item's raw JSON; a
 * failure leaves an error message on the client; the error the client keeps
 * never holds the API key (in its message, body, type, code or param),
 * whatever the error body quotes; everything is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "openai_ft.h"

#include "core/client_internal.h"
#include "core/response.h"
#include "json/list.h"
#include "json/mappers.h"
#include "net/http_error.h"

#include "fuzz.h"

#define API_KEY "sk-fuzz-0123456789abcdefghijklmnopqrstuvwxyz"

typedef struct kind {
    const oft__object_spec *spec; /* NULL: an error body */
    int list;
} kind;

static const kind kinds[] = {
    {&oft__job_spec, 0},
    {&oft__job_spec, 1},
    {&oft__event_spec, 1},
    {&oft__checkpoint_spec, 1},
    {&oft__permission_spec, 1},
    {&oft__file_spec, 0},
    {&oft__file_spec, 1},
    {&oft__model_spec, 0},
    {&oft__model_spec, 1},
    {&oft__upload_spec, 0},
    {&oft__upload_part_spec, 0},
    {&oft__file_deleted_spec, 0},
    {&oft__model_deleted_spec, 0},
    {&oft__permission_deleted_spec, 0},
    {NULL, 0},
    /* After the error body, so that the seeds' first bytes keep their kind. */
    {&oft__grader_validation_spec, 0},
    {&oft__grader_run_spec, 0},
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

static oft_client *client;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    oft_client_options o;
    FUZZ_CHECK(oft_global_init(0) > 0);
    FUZZ_CHECK(oft_client_options_init(&o, OFT_CLIENT_OPTIONS_VERSION) == OFT_OK);
    o.api_key = API_KEY;
    o.base_url = "http://127.0.0.1:9/v1"; /* never asked: nothing here sends */
    FUZZ_CHECK(oft_client_new(&client, &o) == OFT_OK);
    return 0;
}

/* The string member at offset `at` of an item. */
static const char *member(const void *item, size_t at)
{
    const char *s;
    memcpy(&s, (const char *)item + at, sizeof(s));
    return s;
}

/* Both NULL, or equal strings. */
static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int holds_key(const char *s)
{
    return s != NULL && strstr(s, API_KEY) != NULL;
}

static void check_failure(int rc)
{
    FUZZ_CHECK(rc == OFT_EPARSE || rc == OFT_ENOMEM);
    const oft_error *e = oft_client_last_error(client);
    FUZZ_CHECK(oft_error_status(e) == rc);
    FUZZ_CHECK(oft_error_message(e) != NULL && oft_error_message(e)[0] != '\0');
}

static void read_object(const oft__object_spec *spec, oft__response *resp,
                        const char *request_id)
{
    void *item = NULL;
    int rc = oft__item_parse(client, spec, resp, &item);
    if (rc != OFT_OK) {
        FUZZ_CHECK(item == NULL);
        check_failure(rc);
        return;
    }
    FUZZ_CHECK(item != NULL && member(item, spec->raw_json_at) != NULL);
    FUZZ_CHECK(same(member(item, spec->request_id_at), request_id));
    spec->free_item(item);
}

static void read_list(const oft__object_spec *spec, const oft__response *resp,
                      const char *request_id)
{
    oft__list l;
    int rc = oft__list_parse(client, spec, resp, &l);
    if (rc != OFT_OK) {
        FUZZ_CHECK(l.count == 0 && l.items == NULL);
        check_failure(rc);
        oft__list_dispose(&l, spec->free_item);
        return;
    }
    FUZZ_CHECK(l.count == 0 || l.items != NULL);
    for (size_t i = 0; i < l.count; i++) {
        FUZZ_CHECK(l.items[i] != NULL);
        FUZZ_CHECK(member(l.items[i], spec->raw_json_at) != NULL);
        FUZZ_CHECK(same(member(l.items[i], spec->request_id_at), request_id));
    }
    FUZZ_CHECK(!l.next_after || l.has_more);
    oft__list_dispose(&l, spec->free_item);
}

/* What net/http.c does with an error response (net/http_error.c): the client's error from
 * it. */
static void read_error(const oft__response *resp, long status)
{
    oft_error e;
    memset(&e, 0, sizeof(e));
    oft__http_error_fill(client, &e, status, resp->body, resp->body_len,
                         resp->content_type, resp->request_id, 0);
    int rc = oft__error_adopt(client, &e);
    const oft_error *last = oft_client_last_error(client);
    FUZZ_CHECK(rc != OFT_OK && oft_error_status(last) == rc);
    FUZZ_CHECK(oft_error_http_status(last) == status);
    FUZZ_CHECK(oft_error_message(last) != NULL && oft_error_message(last)[0] != '\0');
    if (holds_key(oft_error_message(last)) || holds_key(oft_error_body(last)) ||
        holds_key(oft_error_type(last)) || holds_key(oft_error_code(last)) ||
        holds_key(oft_error_param(last)))
        fuzz_fail("fuzz_parsers: the client's error holds the API key: %s",
                  oft_error_message(last));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const kind *k = &kinds[data[0] % N_KINDS];
    const char *request_id = data[1] & 2 ? NULL : "req_fuzz";
    oft__response resp = OFT__RESPONSE_INIT;
    resp.status = k->spec ? 200 : 400 + data[2];
    resp.body_len = size - 3;
    resp.body = malloc(resp.body_len + 1); /* NUL-terminated, as net/ gives it */
    resp.request_id = request_id ? strdup(request_id) : NULL;
    resp.content_type =
        strdup(data[1] & 1 ? "text/html; charset=utf-8" : "application/json");
    FUZZ_CHECK(resp.body && (resp.request_id || !request_id) && resp.content_type);
    memcpy(resp.body, data + 3, resp.body_len);
    resp.body[resp.body_len] = '\0';

    if (!k->spec)
        read_error(&resp, resp.status);
    else if (k->list)
        read_list(k->spec, &resp, request_id);
    else
        read_object(k->spec, &resp, request_id);
    oft__response_dispose(&resp);
    return 0;
}
