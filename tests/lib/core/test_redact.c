/*
 * Redaction: whatever a server sends back (a request id, an error body, a
 * header, a message) is redacted where the library stores it, before any cut
 * (an excerpt, a log line's length), so that neither key nor an 8-character
 * piece of one reaches an error, a log line or a returned struct.
 */
#include "core_test.h"
#include "json/redact.h"
#include "openai_ft.h"

static const char *const err_body =
    "{\"error\":{\"message\":\"nope\",\"type\":\"invalid_request_error\"}}";

/* Every string the client's last error holds has no piece of a key. */
static void assert_error_clean(oft_client *c)
{
    const oft_error *e = oft_client_last_error(c);
    assert_no_key_piece(oft_error_message(e));
    assert_no_key_piece(oft_error_request_id(e));
    assert_no_key_piece(oft_error_body(e));
    assert_no_key_piece(oft_error_type(e));
    assert_no_key_piece(oft_error_code(e));
    assert_no_key_piece(oft_error_param(e));
    assert_no_key_piece(oft_error_curl_message(e));
}

/* A server (or a proxy) that reflects the key into x-request-id. */
static void request_id_reflected(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/r/rid", 1, 400, "x-request-id: " TEST_KEY, err_body,
                   0, 0);
    assert_int_equal(get(f, "/r/rid", NULL), OFT_EAPI);
    const oft_error *e = oft_client_last_error(f->client);
    assert_non_null(oft_error_request_id(e));
    assert_string_equal(oft_error_request_id(e), "sk-...redacted");
    assert_error_clean(f->client);
    oft_error *copy = NULL;
    assert_int_equal(oft_error_dup(&copy, e), OFT_OK);
    assert_no_key_piece(oft_error_request_id(copy));
    oft_error_free(copy);

    /* A success keeps the request id on the response, redacted too. */
    oft_emu_script(f->emu, "GET", "/r/rid-ok", 1, 200, "x-request-id: req_" TEST_ADMIN,
                   "{}", 0, 0);
    oft__response resp = OFT__RESPONSE_INIT;
    assert_int_equal(get(f, "/r/rid-ok", &resp), OFT_OK);
    assert_string_equal(resp.request_id, "req_sk-...redacted");
    oft__response_dispose(&resp);
    assert_true(log_has(&f->log, "request req_sk-...redacted"));
}

/* ... and so on every struct the library returns. */
static void request_id_on_structs(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/fine_tuning/jobs/ftjob-rid", 1, 200,
                   "x-request-id: " TEST_KEY,
                   "{\"object\":\"fine_tuning.job\",\"id\":\"ftjob-rid\",\"model\":\"m\","
                   "\"status\":\"running\",\"created_at\":1}",
                   0, 0);
    oft_job *job = NULL;
    assert_int_equal(oft_job_retrieve(&job, f->client, "ftjob-rid"), OFT_OK);
    assert_string_equal(job->request_id, "sk-...redacted");
    oft_job_free(job);
    oft_emu_script(
        f->emu, "GET", "/models", 1, 200, "x-request-id: " TEST_KEY,
        "{\"object\":\"list\",\"data\":[{\"object\":\"model\",\"id\":\"m1\"}]}", 0, 0);
    oft_model_page *models = NULL;
    assert_int_equal(oft_model_list(&models, f->client), OFT_OK);
    assert_int_equal(models->count, 1);
    assert_string_equal(models->request_id, "sk-...redacted");
    assert_no_key_piece(models->items[0]->request_id);
    oft_model_page_free(models);
}

/* A text body quoted in the message is cut at about 200 characters: a key
 * across the cut must not leave its first part behind. */
static void excerpt_cut_through_a_key(void **state)
{
    fixture *f = *state;
    char body[512];
    snprintf(body, sizeof(body), "<html><body><p>%.*s %s and more</p></body></html>", 190,
             "Upstream proxy said: the request was refused because the credentials in "
             "the Authorization header were not accepted by the gateway; it quotes them "
             "here for the operator's convenience, which it should not, namely",
             TEST_KEY);
    oft_emu_script(f->emu, "GET", "/r/html", 1, 403, "Content-Type: text/html", body, 0,
                   0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/r/html";
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_EPERM);
    assert_error_clean(f->client);
    assert_non_null(strstr(oft_error_message(oft_client_last_error(f->client)), "..."));

    /* A 2xx body that is not JSON is quoted up to 80 characters. */
    /* The admin key starts at character 70: the cut leaves 10 of it. */
    snprintf(body, sizeof(body), "Gateway notice: %.*s %s: please retry", 53,
             "......................................................................",
             TEST_ADMIN);
    const char *padded = body;
    oft_emu_script(f->emu, "GET", "/fine_tuning/jobs/ftjob-html", 1, 200,
                   "Content-Type: text/plain", padded, 0, 0);
    oft_job *job = NULL;
    assert_int_equal(oft_job_retrieve(&job, f->client, "ftjob-html"), OFT_EPARSE);
    assert_error_clean(f->client);
}

/* A server string quoted with a precision ("%.60s") is cut as well. */
static void field_cut_through_a_key(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/fine_tuning/jobs/ftjob-obj", 1, 200, NULL,
                   "{\"id\":\"ftjob-obj\",\"object\":\"fine_tuning.job.with.a.long.name."
                   "and.a.key." TEST_KEY "\"}",
                   0, 0);
    oft_job *job = NULL;
    assert_int_equal(oft_job_retrieve(&job, f->client, "ftjob-obj"), OFT_EPARSE);
    assert_error_clean(f->client);
    /* jansson quotes the token it stopped at. */
    oft_emu_script(f->emu, "GET", "/fine_tuning/jobs/ftjob-tok", 1, 200, NULL,
                   "{\"id\": " TEST_KEY "}", 0, 0);
    assert_int_equal(oft_job_retrieve(&job, f->client, "ftjob-tok"), OFT_EPARSE);
    assert_error_clean(f->client);
}

/* Reflected into every part of an API error: message, type, code, param. */
static void api_error_fields_reflected(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/r/fields", 1, 401, "x-request-id: " TEST_ADMIN,
                   "{\"error\":{\"message\":\"bad key " TEST_KEY "\",\"type\":\"" TEST_KEY
                   "\",\"code\":\"" TEST_ADMIN "\",\"param\":\"x" TEST_KEY "x\"}}",
                   0, 0);
    assert_int_equal(get(f, "/r/fields", NULL), OFT_EAUTH);
    assert_error_clean(f->client);
    assert_string_equal(oft_error_type(oft_client_last_error(f->client)),
                        "sk-...redacted");
}

/* The position of the first byte of the debug line's request id that
 * holds "XYZ" marker, for laying a key across the 1,024-byte cut. */
static size_t line_offset_of(fixture *f, const char *path_part, const char *marker)
{
    for (int i = 0; i < f->log.count; i++) {
        const char *hit = strstr(f->log.lines[i], marker);
        if (hit != NULL && strstr(f->log.lines[i], path_part) != NULL)
            return (size_t)(hit - f->log.lines[i]);
    }
    fail_msg("no log line holds %s", marker);
    return 0;
}

/* A log line longer than its 1,024-byte cap: the key across the cut must not
 * leave a piece (the line was cut first and redacted after). */
static void log_line_cut_through_a_key(void **state)
{
    fixture *f = *state;
    char line[2048];
    for (size_t at = 1000; at < 1030; at += 3) {
        f->log.count = 0;
        memset(line, 'x', at);
        snprintf(line + at, sizeof(line) - at, "%s tail", TEST_KEY);
        oft__log(f->client, OFT_LOG_ERROR, "%s", line);
        assert_int_equal(f->log.count, 1);
        assert_no_key_piece(f->log.lines[0]);
        oft__error_set(f->client, OFT_EINVAL, "%s", line);
        assert_no_key_piece(oft_error_message(oft_client_last_error(f->client)));
    }

    /* Through a real request: a long path puts the request id across the cut.
     * A first request finds where the id starts in the line. */
    char path[1100] = "/r/long/";
    size_t base = strlen(oft_emu_base_url(f->emu));
    memset(path + 8, 'p', 920 - base - 8);
    path[920 - base] = '\0';
    oft_emu_script(f->emu, "GET", "/r/long", 2, 400, "x-request-id: req_MARKER", err_body,
                   0, 0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = path;
    req.max_retries = 0;
    f->log.count = 0;
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_EAPI);
    size_t at = line_offset_of(f, "/r/long", "req_MARKER");
    assert_true(at > 900 && at < 1000);
    oft_emu_script_clear(f->emu);
    /* The key starts 12 bytes before the cut, whatever the elapsed time's digits. */
    char hdr[256];
    size_t pad = 1023 - 12 - at;
    snprintf(hdr, sizeof(hdr), "x-request-id: %.*s%s", (int)pad,
             "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr",
             TEST_KEY);
    oft_emu_script(f->emu, "GET", "/r/long", 1, 400, hdr, err_body, 0, 0);
    f->log.count = 0;
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_EAPI);
    assert_true(f->log.count >= 1);
    assert_true(strlen(f->log.lines[0]) > 1000);
    assert_error_clean(f->client);
    /* The teardown checks every line for a piece. */
}

/* The rules, on the redactor itself. */
static void redactor_rules(void **state)
{
    fixture *f = *state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"plain text, no key", "plain text, no key"},
        {"key " TEST_KEY " end", "key sk-...redacted end"},
        {TEST_KEY TEST_ADMIN, "sk-...redactedsk-...redacted"},
        /* a key cut at the end, or at the start */
        {"cut sk-test-SECRET-01", "cut sk-...redacted"},
        {"456789abcdef rest", "sk-...redacted rest"},
        /* a key split by an escape or a tag: each long part goes */
        {"sk-test-SECRET\\u002d0123456789abcdef", "sk-...redacted\\u002dsk-...redacted"},
        {"<b>sk-test-SECRET</b>-0123456789abcdef", "<b>sk-...redacted</b>sk-...redacted"},
        /* seven characters of a key are not a piece */
        {"sk-test hello", "sk-test hello"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = oft__redact(f->client, cases[i].in);
        assert_non_null(got);
        if (strcmp(got, cases[i].out) != 0)
            fail_msg("redact(\"%s\") = \"%s\", want \"%s\"", cases[i].in, got,
                     cases[i].out);
        oft__free(got);
    }
    assert_null(oft__redact(f->client, NULL));
    /* A text cut by someone else (curl's 256-byte message): a tail that begins
     * a key goes, however short. */
    char *got = oft__redact_cut(f->client, "curl said: sk-te");
    assert_string_equal(got, "curl said: sk-...redacted");
    oft__free(got);
    got = oft__redact_cut(f->client, "curl said: ok");
    assert_string_equal(got, "curl said: ok");
    oft__free(got);

    /* Short keys: whole only from 6 characters, never below. */
    oft_client *c;
    oft_client_options o;
    fixture_options(f, &o);
    o.api_key = "abc123";
    o.admin_key = "xyz";
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    got = oft__redact(c, "k=abc123 abc12 xyz");
    assert_string_equal(got, "k=sk-...redacted abc12 xyz");
    oft__free(got);
    oft_client_free(c);

    /* A key under 20 characters (an emulator's, a test's) goes whole only:
     * its pieces are words of ordinary text (the emulator's "org-emulator"). */
    o.api_key = "sk-demo-emulator";
    o.admin_key = "sk-demo-admin-key-0";
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    got = oft__redact(c, "ft:gpt-4o-mini:org-emulator:demo sk-demo-emulator "
                         "sk-demo-admin-key-0 sk-demo-admin-key");
    assert_string_equal(got, "ft:gpt-4o-mini:org-emulator:demo sk-...redacted "
                             "sk-...redacted sk-demo-admin-key");
    oft__free(got);
    oft_client_free(c);
}

/* Every piece of 8 or more characters, from anywhere in a key, at every
 * offset in texts of every length (the scan samples 4 bytes in 4: a piece
 * must be found whatever its alignment). */
static void pieces_at_every_offset(void **state)
{
    fixture *f = *state;
    const char *keys[] = {TEST_KEY, TEST_ADMIN};
    char text[128], want[128];
    for (size_t k = 0; k < 2; k++) {
        size_t klen = strlen(keys[k]);
        for (size_t from = 0; from + 8 <= klen; from += 3)
            for (size_t n = 8; from + n <= klen && n <= 13; n++)
                for (size_t off = 0; off < 9; off++)
                    for (size_t after = 0; after < 6; after++) {
                        snprintf(text, sizeof(text), "%.*s%.*s%.*s", (int)off,
                                 "::::::::::", (int)n, keys[k] + from, (int)after,
                                 ";;;;;;;;");
                        snprintf(want, sizeof(want), "%.*ssk-...redacted%.*s", (int)off,
                                 "::::::::::", (int)after, ";;;;;;;;");
                        char *got = oft__redact(f->client, text);
                        if (strcmp(got, want) != 0)
                            fail_msg("redact(\"%s\") = \"%s\", want \"%s\"", text, got,
                                     want);
                        oft__free(got);
                    }
    }
    /* seven characters are no piece, at any offset */
    for (size_t off = 0; off < 9; off++) {
        snprintf(text, sizeof(text), "%.*s%.7s", (int)off, "::::::::::", &TEST_KEY[5]);
        char *got = oft__redact(f->client, text);
        assert_string_equal(got, text);
        oft__free(got);
    }
}

/* A key written with JSON's escapes is redacted as a decoder reads it
 * (issue 22): the run it decodes to goes with its escapes, and the rest of
 * the text stays byte for byte. */
static void json_strings_redacted_as_decoded(void **state)
{
    fixture *f = *state;
#define EVERY                                                                            \
    "\\u0073\\u006b\\u002d\\u0074\\u0065\\u0073\\u0074\\u002d\\u0053\\u0045\\u0043\\u00" \
    "52\\u0045\\u0054\\u002d\\u0030\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u" \
    "0038\\u0039\\u0061\\u0062\\u0063\\u0064\\u0065\\u0066"
    const struct {
        const char *in, *out;
    } cases[] = {
        {"{\"m\":\"" EVERY "\"}", "{\"m\":\"sk-...redacted\"}"},
        {"{\"a\\n\":\"x \\u0041 " EVERY " y\\t\"}",
         "{\"a\\n\":\"x \\u0041 sk-...redacted y\\t\"}"},
        {"{\"" EVERY "\":1}", "{\"sk-...redacted\":1}"},
        {"{\"e\":\"\\ud83d\\ude00" EVERY "\\\"\"}",
         "{\"e\":\"\\ud83d\\ude00sk-...redacted\\\"\"}"},
        /* escapes of single characters; "/" is no character of this key */
        {"{\"m\":\"sk-test\\/-SECRET\\u002d01234\"}",
         "{\"m\":\"sk-test\\/sk-...redacted\"}"},
        {"{\"m\":\"sk-t\\u0065st-SE\\u0043RET-01\"}", "{\"m\":\"sk-...redacted\"}"},
        /* JSON jansson refuses and Python reads (an integer beyond 64 bits) */
        {"{\"n\":99999999999999999999999,\"m\":\"" EVERY "\"}",
         "{\"n\":99999999999999999999999,\"m\":\"sk-...redacted\"}"},
        /* not JSON, a string left open */
        {"<p>\"" EVERY "\"</p>", "<p>\"sk-...redacted\"</p>"},
        {"{\"m\":\"" EVERY, "{\"m\":\"sk-...redacted"},
        /* both kinds: the raw run first */
        {"\"" EVERY " sk-test-SECRET\"", "\"sk-...redacted sk-...redacted\""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oft__str out = OFT__STR_INIT;
        int rc = oft__json_redact(&f->client->redactor, cases[i].in, strlen(cases[i].in),
                                  &out);
        if (rc != 1 || strcmp(out.ptr, cases[i].out) != 0)
            fail_msg("json_redact(%s) = %d \"%s\", want \"%s\"", cases[i].in, rc,
                     out.ptr ? out.ptr : "", cases[i].out);
        oft__str_free(&out);
    }
    /* Nothing to do: no backslash, escapes without a key, 7 characters. */
    const char *same[] = {"{\"a\":\"sk-test\"}", "{\"a\":\"\\u0041\\n\\/\"}",
                          "{\"a\":\"\\u0073k-test\"}", ""};
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        oft__str out = OFT__STR_INIT;
        assert_int_equal(
            oft__json_redact(&f->client->redactor, same[i], strlen(same[i]), &out), 0);
        assert_null(out.ptr);
    }
#undef EVERY
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(request_id_reflected),
        T(request_id_on_structs),
        T(excerpt_cut_through_a_key),
        T(field_cut_through_a_key),
        T(api_error_fields_reflected),
        T(log_line_cut_through_a_key),
        T(redactor_rules),
        T(pieces_at_every_offset),
        T(json_strings_redacted_as_decoded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
