/*
 * TLS verification failures are not transient (issue 12): against a real
 * TLS server on loopback with a self-signed certificate, a request with
 * retries allowed makes exactly one attempt (one connection at the server,
 * one attempt line in the debug log) and fails with OFT_ENETWORK saying
 * so; the same server with its certificate as ca_file answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "openai_ft.h"
#include "tls_server.h"

static const char *const models_body = "{\"object\":\"list\",\"data\":[]}";

/* The server of the running test, stopped by the teardown also on failure. */
static tls_server server;

static int stop_server(void **state)
{
    (void)state;
    tls_server_stop(&server);
    return 0;
}

typedef struct lines {
    char text[32][1024];
    int count;
} lines;

static void keep_line(int level, const char *message, void *payload)
{
    lines *l = payload;
    (void)level;
    if (l->count < 32)
        snprintf(l->text[l->count++], sizeof(l->text[0]), "%s", message);
}

static int count_lines(const lines *l, const char *needle)
{
    int n = 0;
    for (int i = 0; i < l->count; i++)
        n += strstr(l->text[i], needle) != NULL;
    return n;
}

/* A client of s with two retries and short delays (a retry would happen). */
static oft_client *client_of(const tls_server *s, const char *ca_file, lines *log)
{
    char url[64];
    snprintf(url, sizeof(url), "https://127.0.0.1:%u/v1", s->port);
    oft_client_options o = OFT_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test-tls-0123456789";
    o.base_url = url;
    o.max_retries = 2;
    o.initial_retry_delay_ms = 1;
    o.max_retry_delay_ms = 4;
    o.ca_file = ca_file;
    /* The handshake, on both sides in this process, can outlast the default
     * 5 s connect limit under valgrind on a loaded machine: a timeout would
     * be retried and counted as a second connection. */
    o.connect_timeout_ms = 120000;
    o.log_cb = keep_line;
    o.log_payload = log;
    o.log_level = OFT_LOG_DEBUG;
    memset(log, 0, sizeof(*log));
    oft_client *c = NULL;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    return c;
}

/* One model list that fails in TLS: one attempt, curl's code, the message. */
static void assert_one_refused_attempt(tls_server *s, const char *ca_file, int curl_code,
                                       const char *why)
{
    lines log;
    oft_client *c = client_of(s, ca_file, &log);
    int before = atomic_load(&s->connections);
    oft_model_page *page = NULL;
    assert_int_equal(oft_model_list(&page, c), OFT_ENETWORK);
    assert_null(page);
    assert_int_equal(tls_server_settle(s), 0); /* every attempt counted */
    assert_int_equal(atomic_load(&s->connections) - before, 1);
    assert_int_equal(count_lines(&log, "(attempt 1)"), 1);
    assert_int_equal(count_lines(&log, "(attempt 2)"), 0);
    assert_int_equal(count_lines(&log, "retrying"), 0);
    const oft_error *e = oft_client_last_error(c);
    if (oft_error_curl_code(e) != curl_code || !strstr(oft_error_message(e), why) ||
        !strstr(oft_error_message(e), "TLS verification failed (not retried)"))
        fail_msg("curl code %d, message \"%s\"; want %d and \"%s\"",
                 oft_error_curl_code(e), oft_error_message(e), curl_code, why);
    oft_client_free(c);
}

static void self_signed_refused_once(void **state)
{
    (void)state;
    tls_server *s = &server;
    assert_int_equal(tls_server_start(s, "127.0.0.1", 0, models_body), 0);
    /* the system's CAs do not know the certificate */
    assert_one_refused_attempt(s, NULL, 60, "self-signed certificate");
    assert_int_equal(atomic_load(&s->handshakes), 0);

    /* Its certificate as the CA file: the request goes through. */
    lines log;
    oft_client *c = client_of(s, s->cert_path, &log);
    oft_model_page *page = NULL;
    assert_int_equal(oft_model_list(&page, c), OFT_OK);
    assert_int_equal(page->count, 0);
    oft_model_page_free(page);
    assert_int_equal(atomic_load(&s->handshakes), 1);
    oft_client_free(c);
    tls_server_stop(s);
}

/* A certificate for another name, from a CA the client trusts. */
static void wrong_host_refused_once(void **state)
{
    (void)state;
    tls_server *s = &server;
    assert_int_equal(tls_server_start(s, "api.example.invalid", 0, models_body), 0);
    assert_one_refused_attempt(s, s->cert_path, 60, "127.0.0.1");
    tls_server_stop(s);
}

/* A CA file that cannot be read, and a server that refuses us for want of a
 * client certificate (its TLS 1.2 alert, "handshake failure", ends the
 * handshake: CURLE_SSL_CONNECT_ERROR). */
static void bad_ca_file_and_client_cert_refused_once(void **state)
{
    (void)state;
    tls_server *s = &server;
    assert_int_equal(tls_server_start(s, "127.0.0.1", 0, models_body), 0);
    assert_one_refused_attempt(s, "/nonexistent/ca.pem", 77, "/nonexistent/ca.pem");
    tls_server_stop(s);

    assert_int_equal(tls_server_start(s, "127.0.0.1", 1, models_body), 0);
    assert_one_refused_attempt(s, s->cert_path, 35, "alert handshake failure");
    assert_int_equal(atomic_load(&s->handshakes), 0);
    tls_server_stop(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(self_signed_refused_once, stop_server),
        cmocka_unit_test_teardown(wrong_host_refused_once, stop_server),
        cmocka_unit_test_teardown(bad_ca_file_and_client_cert_refused_once, stop_server),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
