/* The client: options and environment, headers, keys, interrupt, reuse. */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "core_test.h"
#include "test_alloc.h"

static const char *const ok_body = "{\"object\":\"ok\"}";

static void clear_env(void)
{
    const char *vars[] = {"OPENAI_API_KEY",    "OPENAI_ADMIN_KEY", "OPENAI_ORG_ID",
                          "OPENAI_PROJECT_ID", "OPENAI_BASE_URL",  "OPENAI_LOG",
                          "OFT_LOG_LEVEL"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
}

/* Another thread's failed oft_client_new is not this one's. */
static void *last_error_elsewhere(void *arg)
{
    int *clean = arg;
    *clean = oft_error_status(oft_error_last()) == OFT_OK &&
             strcmp(oft_error_message(oft_error_last()), "") == 0;
    return NULL;
}

static void versions_and_missing_key(void **state)
{
    (void)state;
    clear_env();
    oft_client *c = (oft_client *)1;
    oft_client_options o;
    assert_int_equal(oft_client_options_init(&o, 0), OFT_EVERSION);
    assert_int_equal(oft_client_options_init(&o, 999), OFT_EVERSION);
    assert_int_equal(oft_client_options_init(&o, OFT_CLIENT_OPTIONS_VERSION), OFT_OK);
    assert_int_equal(o.max_retries, -1);
    assert_int_equal(o.max_response_bytes, 0);
    /* Version 1 callers have a shorter struct: nothing past it is written. */
    o.max_response_bytes = 12345;
    assert_int_equal(oft_client_options_init(&o, 1), OFT_OK);
    assert_int_equal(o.version, 1);
    assert_int_equal(o.max_response_bytes, 12345);
    assert_int_equal(oft_client_options_init(&o, OFT_CLIENT_OPTIONS_VERSION), OFT_OK);
    assert_int_equal(oft_client_new(&c, &o), OFT_EINVAL); /* no key anywhere */
    assert_null(c);
    /* No client to ask: the reason is the thread's, naming where it looked. */
    const oft_error *why = oft_error_last();
    assert_int_equal(oft_error_status(why), OFT_EINVAL);
    assert_non_null(strstr(oft_error_message(why), "api_key: missing"));
    assert_non_null(strstr(oft_error_message(why), "OPENAI_API_KEY"));
    pthread_t other;
    int clean = 0;
    assert_int_equal(pthread_create(&other, NULL, last_error_elsewhere, &clean), 0);
    assert_int_equal(pthread_join(other, NULL), 0);
    assert_true(clean);
    assert_int_equal(oft_client_new(&c, NULL), OFT_EINVAL);
    o.api_key = TEST_KEY;
    o.version = 0;
    assert_int_equal(oft_client_new(&c, &o), OFT_EVERSION);
    o.version = 999;
    assert_int_equal(oft_client_new(&c, &o), OFT_EVERSION);
    assert_int_equal(oft_error_status(oft_error_last()), OFT_EVERSION);
    assert_non_null(strstr(oft_error_message(oft_error_last()), "version"));
    o.version = OFT_CLIENT_OPTIONS_VERSION;
    o.base_url = "ftp://example.com";
    assert_int_equal(oft_client_new(&c, &o), OFT_EINVAL);
    assert_non_null(strstr(oft_error_message(oft_error_last()), "base_url"));
    o.base_url = "https://example.com/v1 x";
    assert_int_equal(oft_client_new(&c, &o), OFT_EINVAL);
    o.base_url = NULL;
    o.max_retries = -2;
    assert_int_equal(oft_client_new(&c, &o), OFT_EINVAL);
    o.max_retries = -1;
    oft_kv bad[] = {{"Bad Name", "v"}};
    o.headers = bad;
    o.headers_count = 1;
    assert_int_equal(oft_client_new(&c, &o), OFT_EINVAL);
    oft_kv crlf[] = {{"X-Ok", "a\r\nInjected: 1"}};
    o.headers = crlf;
    assert_int_equal(oft_client_new(&c, &o), OFT_EINVAL);
    o.headers = NULL;
    o.headers_count = 0;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    assert_string_equal(oft_client_base_url(c), "https://api.openai.com/v1");
    assert_int_equal(oft_error_status(oft_client_last_error(c)), OFT_OK);
    /* A success clears the thread's reason. */
    assert_int_equal(oft_error_status(oft_error_last()), OFT_OK);
    assert_string_equal(oft_error_message(oft_error_last()), "");
    oft_client_free(c);
    oft_client_free(NULL);
    assert_int_equal(oft_client_new(NULL, &o), OFT_EINVAL);
    assert_non_null(strstr(oft_error_message(oft_error_last()), "out"));
}

static void env_and_precedence(void **state)
{
    fixture *f = *state;
    clear_env();
    setenv("OPENAI_API_KEY", TEST_KEY, 1);
    setenv("OPENAI_ORG_ID", "org-env", 1);
    setenv("OPENAI_PROJECT_ID", "proj_env", 1);
    setenv("OPENAI_BASE_URL", oft_emu_base_url(f->emu), 1);
    oft_client *c = NULL;
    assert_int_equal(oft_client_new(&c, NULL), OFT_OK);
    assert_string_equal(oft_client_base_url(c), oft_emu_base_url(f->emu));
    oft_emu_script(f->emu, "GET", "/c/env", 2, 200, NULL, ok_body, 0, 0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/c/env";
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_OK);
    char v[128];
    last_header(f, "/c/env", "Authorization", v, sizeof(v));
    assert_string_equal(v, "Bearer " TEST_KEY);
    last_header(f, "/c/env", "OpenAI-Organization", v, sizeof(v));
    assert_string_equal(v, "org-env");
    last_header(f, "/c/env", "OpenAI-Project", v, sizeof(v));
    assert_string_equal(v, "proj_env");
    /* Without an admin key, admin requests use the API key. */
    req.admin = 1;
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_OK);
    last_header(f, "/c/env", "Authorization", v, sizeof(v));
    assert_string_equal(v, "Bearer " TEST_KEY);
    oft_client_free(c);

    /* Options win over the environment. */
    oft_client_options o;
    oft_client_options_init(&o, OFT_CLIENT_OPTIONS_VERSION);
    o.api_key = "sk-from-options-123456";
    o.organization = "org-opt";
    o.project = "proj_opt";
    setenv("OPENAI_ADMIN_KEY", TEST_ADMIN, 1);
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    oft_emu_script(f->emu, "GET", "/c/opt", 2, 200, NULL, ok_body, 0, 0);
    req.path = "/c/opt";
    req.admin = 0;
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_OK);
    last_header(f, "/c/opt", "Authorization", v, sizeof(v));
    assert_string_equal(v, "Bearer sk-from-options-123456");
    last_header(f, "/c/opt", "OpenAI-Organization", v, sizeof(v));
    assert_string_equal(v, "org-opt");
    last_header(f, "/c/opt", "OpenAI-Project", v, sizeof(v));
    assert_string_equal(v, "proj_opt");
    req.admin = 1; /* the admin key from OPENAI_ADMIN_KEY */
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_OK);
    last_header(f, "/c/opt", "Authorization", v, sizeof(v));
    assert_string_equal(v, "Bearer " TEST_ADMIN);
    oft_client_free(c);

    /* OPENAI_LOG sets the level when the options leave it at 0. */
    setenv("OPENAI_LOG", "debug", 1);
    fixture_options(f, &o);
    o.log_level = 0;
    logbook book = {.count = 0};
    o.log_payload = &book;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    oft_emu_script(f->emu, "GET", "/c/envlog", 1, 200, NULL, ok_body, 0, 0);
    req.path = "/c/envlog";
    req.admin = 0;
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_OK);
    assert_true(log_has(&book, "/c/envlog -> 200"));
    oft_client_free(c);
    setenv("OPENAI_LOG", "off", 1);
    book.count = 0;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    oft_emu_script(f->emu, "GET", "/c/envlog", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_OK);
    assert_int_equal(book.count, 0);
    oft_client_free(c);

    /* A failed construction tells the log hook why. */
    clear_env();
    o.api_key = NULL;
    assert_int_equal(oft_client_new(&c, &o), OFT_EINVAL);
    assert_true(log_has(&book, "api_key: missing"));
}

static void base_url_forms(void **state)
{
    fixture *f = *state;
    char url[128];
    oft_client_options o;
    oft_client *c;
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/c/base";
    char seen[128];

    /* With /v1 and a trailing slash: the slash is dropped. */
    snprintf(url, sizeof(url), "%s//", oft_emu_base_url(f->emu));
    fixture_options(f, &o);
    o.base_url = url;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    assert_string_equal(oft_client_base_url(c), oft_emu_base_url(f->emu));
    oft_emu_script(f->emu, "GET", "/c/base", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_OK);
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/c/base", NULL, NULL, 0, seen,
                                          sizeof(seen), NULL, 0),
                     0);
    assert_string_equal(seen, "/v1/c/base");
    oft_client_free(c);

    /* No path at all. */
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/", (unsigned)oft_emu_port(f->emu));
    o.base_url = url;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    url[strlen(url) - 1] = '\0';
    assert_string_equal(oft_client_base_url(c), url);
    /* The emulator serves /v1 only: what matters is the path that went out. */
    (void)oft__http_send(c, &req, NULL);
    oft_emu_script_clear(f->emu);
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/c/base", NULL, NULL, 0, seen,
                                          sizeof(seen), NULL, 0),
                     0);
    assert_string_equal(seen, "/c/base");
    oft_client_free(c);
}

static void headers_sent(void **state)
{
    fixture *f = *state;
    oft_client_free(f->client);
    oft_client_options o;
    fixture_options(f, &o);
    o.organization = "org-123";
    o.project = "proj_456";
    o.user_agent_suffix = "myapp/2.0";
    oft_kv extra[] = {{"X-Custom", "yes"},
                      {"X-Stainless-Lang", "override"},
                      {"Authorization", "Bearer stolen"}};
    o.headers = extra;
    o.headers_count = 3;
    assert_int_equal(oft_client_new(&f->client, &o), OFT_OK);
    oft_emu_script(f->emu, "GET", "/c/hdr", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/c/hdr", NULL), OFT_OK);
    char v[256], want[128];
    last_header(f, "/c/hdr", "OpenAI-Organization", v, sizeof(v));
    assert_string_equal(v, "org-123");
    last_header(f, "/c/hdr", "OpenAI-Project", v, sizeof(v));
    assert_string_equal(v, "proj_456");
    last_header(f, "/c/hdr", "User-Agent", v, sizeof(v));
    snprintf(want, sizeof(want), "libopenai_ft/%s (libcurl/", oft_version_string());
    assert_non_null(strstr(v, want));
    assert_non_null(strstr(v, ") myapp/2.0"));
    last_header(f, "/c/hdr", "X-Custom", v, sizeof(v));
    assert_string_equal(v, "yes");
    last_header(f, "/c/hdr", "X-Stainless-Lang", v, sizeof(v));
    assert_string_equal(v, "override");
    last_header(f, "/c/hdr", "X-Stainless-Retry-Count", v, sizeof(v));
    assert_string_equal(v, "0");
    last_header(f, "/c/hdr", "Accept", v, sizeof(v));
    assert_string_equal(v, "application/json");
    last_header(f, "/c/hdr", "Authorization", v, sizeof(v));
    assert_string_equal(v, "Bearer " TEST_KEY);

    /* The admin key when the request asks for it. */
    oft_emu_script(f->emu, "GET", "/c/admin", 1, 200, NULL, ok_body, 0, 0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/c/admin";
    req.admin = 1;
    assert_int_equal(oft__http_send(f->client, &req, NULL), OFT_OK);
    last_header(f, "/c/admin", "Authorization", v, sizeof(v));
    assert_string_equal(v, "Bearer " TEST_ADMIN);
}

static void no_key_in_logs_or_errors(void **state)
{
    fixture *f = *state;
    /* A server that echoes the key, at debug level, through every path. */
    oft_emu_script(f->emu, "GET", "/c/echo", 3, 500, NULL,
                   "{\"error\":{\"message\":\"bad key " TEST_KEY "\"}}", 0, 0);
    assert_int_equal(get(f, "/c/echo", NULL), OFT_ESERVER);
    assert_null(strstr(oft_error_message(oft_client_last_error(f->client)), TEST_KEY));
    assert_true(log_has(&f->log, "retrying in"));
    assert_true(log_has(&f->log, "/c/echo -> 500"));

    /* Connection refused: a port nobody listens on. */
    oft_client *c;
    oft_client_options o;
    fixture_options(f, &o);
    o.base_url = "http://127.0.0.1:1/v1";
    o.max_retries = 1;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/c/refused";
    assert_int_equal(oft__http_send(c, &req, NULL), OFT_ENETWORK);
    const oft_error *e = oft_client_last_error(c);
    assert_non_null(strstr(oft_error_message(e), "connection error"));
    assert_null(strstr(oft_error_message(e), TEST_KEY));
    assert_int_not_equal(oft_error_curl_code(e), 0);
    assert_true(log_has(&f->log, "after a connection error"));
    oft_client_free(c);

    /* A key in an error we build ourselves is redacted too. */
    oft__error_set(f->client, OFT_EINVAL, "x %s y", TEST_KEY);
    assert_string_equal(oft_error_message(oft_client_last_error(f->client)),
                        "x sk-...redacted y");
    oft__log(f->client, OFT_LOG_ERROR, "key=%s admin=%s", TEST_KEY, TEST_ADMIN);
    assert_true(log_has(&f->log, "key=sk-...redacted admin=sk-...redacted"));
    assert_true(f->log.count > 3); /* the teardown checks every line */
}

static void log_levels(void **state)
{
    fixture *f = *state;
    oft_client_set_log(f->client, OFT_LOG_WARN, log_collect, &f->log);
    f->log.count = 0;
    oft_emu_script(f->emu, "GET", "/c/quiet", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/c/quiet", NULL), OFT_OK);
    assert_int_equal(f->log.count, 0);
    oft_client_set_log(f->client, OFT_LOG_OFF, NULL, NULL);
    oft__log(f->client, OFT_LOG_ERROR, "silent");
    assert_int_equal(f->log.count, 0);
}

typedef struct interrupter {
    fixture *f;
    const char *prefix;
} interrupter;

static void *interrupt_when_seen(void *arg)
{
    interrupter *it = arg;
    while (count(it->f, it->prefix) < 1)
        usleep(2000);
    usleep(50000);
    oft_client_interrupt(it->f->client);
    return NULL;
}

static void interrupt_retry_sleep(void **state)
{
    fixture *f = *state;
    /* A 100 s Retry-After: only the interrupt can end this call early. */
    oft_emu_script(f->emu, "GET", "/c/sleepy", 2, 429, "retry-after: 100", "{}", 0, 0);
    interrupter it = {f, "/c/sleepy"};
    pthread_t th;
    pthread_create(&th, NULL, interrupt_when_seen, &it);
    assert_int_equal(get(f, "/c/sleepy", NULL), OFT_EINTERRUPTED);
    pthread_join(th, NULL);
    assert_int_equal(count(f, "/c/sleepy"), 1);
    assert_int_equal(oft_error_status(oft_client_last_error(f->client)),
                     OFT_EINTERRUPTED);
    oft_emu_script_clear(f->emu);

    /* The next call starts afresh. */
    oft_emu_script(f->emu, "GET", "/c/after", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/c/after", NULL), OFT_OK);
}

/* An interrupt made while no call runs (a signal landing between two calls)
 * stops the next call at once, without a request; the one after starts afresh. */
static void interrupt_between_calls(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/c/between", 2, 200, NULL, ok_body, 0, 3000);
    oft_client_interrupt(f->client);
    assert_int_equal(get(f, "/c/between", NULL), OFT_EINTERRUPTED);
    assert_int_equal(oft_error_status(oft_client_last_error(f->client)),
                     OFT_EINTERRUPTED);
    assert_int_equal(count(f, "/c/between"), 0);
    oft_emu_script_clear(f->emu);
    oft_emu_script(f->emu, "GET", "/c/between", 1, 200, NULL, ok_body, 0, 0);
    assert_int_equal(get(f, "/c/between", NULL), OFT_OK);
}

static void interrupt_slow_response(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/c/slow", 1, 200, NULL, ok_body, 0, 3000);
    interrupter it = {f, "/c/slow"};
    pthread_t th;
    pthread_create(&th, NULL, interrupt_when_seen, &it);
    oft__response resp = OFT__RESPONSE_INIT;
    assert_int_equal(get(f, "/c/slow", &resp), OFT_EINTERRUPTED);
    pthread_join(th, NULL);
    assert_null(resp.body);
    assert_int_equal(count(f, "/c/slow"), 1);
}

static oft_client *signal_target;

static void on_sigusr1(int sig)
{
    (void)sig;
    oft_client_interrupt(signal_target); /* async-signal-safe */
}

typedef struct signaller {
    fixture *f;
    pthread_t target;
} signaller;

static void *signal_when_seen(void *arg)
{
    signaller *s = arg;
    while (count(s->f, "/c/signal") < 1)
        usleep(2000);
    usleep(50000);
    pthread_kill(s->target, SIGUSR1);
    return NULL;
}

static void interrupt_from_signal_handler(void **state)
{
    fixture *f = *state;
    signal_target = f->client;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigusr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    oft_emu_script(f->emu, "GET", "/c/signal", 2, 503, "retry-after: 100", "{}", 0, 0);
    signaller s = {f, pthread_self()};
    pthread_t th;
    pthread_create(&th, NULL, signal_when_seen, &s);
    assert_int_equal(get(f, "/c/signal", NULL), OFT_EINTERRUPTED);
    pthread_join(th, NULL);
    assert_int_equal(count(f, "/c/signal"), 1);
    signal(SIGUSR1, SIG_DFL);
    oft_emu_script_clear(f->emu);
}

static void interrupt_send_many(void **state)
{
    fixture *f = *state;
    oft__request reqs[3];
    oft__response resps[3];
    int results[3];
    const char *paths[] = {"/c/many/a", "/c/many/b", "/c/many/c"};
    for (int i = 0; i < 3; i++) {
        reqs[i] = (oft__request)OFT__REQUEST_INIT;
        reqs[i].method = "GET";
        reqs[i].path = paths[i];
        oft_emu_script(f->emu, "GET", paths[i], 1, 200, NULL, ok_body, 0, 3000);
    }
    interrupter it = {f, "/c/many/"};
    pthread_t th;
    pthread_create(&th, NULL, interrupt_when_seen, &it);
    oft__error_clear(f->client);
    assert_int_equal(oft__http_send_many(f->client, reqs, resps, results, 3, 2),
                     OFT_EINTERRUPTED);
    pthread_join(th, NULL);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(results[i], OFT_EINTERRUPTED);
        oft__response_dispose(&resps[i]);
    }
    assert_true(count(f, "/c/many/") <= 2); /* the third never started */
}

static void connection_reuse(void **state)
{
    fixture *f = *state;
    oft_emu_script(f->emu, "GET", "/c/reuse", 3, 200, NULL, ok_body, 0, 0);
    f->log.count = 0;
    for (int i = 0; i < 3; i++)
        assert_int_equal(get(f, "/c/reuse", NULL), OFT_OK);
    int lines = 0, fresh = 0;
    for (int i = 0; i < f->log.count; i++) {
        if (strstr(f->log.lines[i], "/c/reuse -> 200")) {
            lines++;
            fresh += strstr(f->log.lines[i], "new connection") != NULL;
        }
    }
    assert_int_equal(lines, 3);
    assert_int_equal(fresh, 1); /* only the first request connected */
}

static void allocator_and_globals(void **state)
{
    fixture *f = *state;
    oft_allocator prev = test_alloc_install();
    assert_null(prev.malloc_fn);
    oft_client *c;
    oft_client_options o;
    fixture_options(f, &o);
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    assert_true(atomic_load(&test_alloc.live_blocks) > 0);
    oft_emu_script(f->emu, "GET", "/c/alloc", 1, 503, NULL, "{\"error\":{}}", 0, 0);
    oft_emu_script(f->emu, "GET", "/c/alloc", 1, 200, NULL, ok_body, 0, 0);
    oft__request req = OFT__REQUEST_INIT;
    req.method = "GET";
    req.path = "/c/alloc";
    oft__response resp = OFT__RESPONSE_INIT;
    assert_int_equal(oft__http_send(c, &req, &resp), OFT_OK);
    oft__response_dispose(&resp);
    oft_client_free(c);
    assert_int_equal(atomic_load(&test_alloc.live_blocks), 0);
    prev = oft_set_allocator(NULL);
    assert_true(prev.malloc_fn == counted_malloc);

    int n = oft_global_init(OFT_GLOBAL_DEFAULT);
    assert_true(n >= 2); /* the fixture holds one */
    assert_int_equal(oft_global_init(OFT_GLOBAL_NO_CURL), n + 1);
    assert_int_equal(oft_global_cleanup(), n);
    assert_int_equal(oft_global_cleanup(), n - 1);

    int major = -1, minor = -1, patch = -1;
    oft_version(&major, &minor, &patch);
    char v[32];
    snprintf(v, sizeof(v), "%d.%d.%d", major, minor, patch);
    assert_string_equal(v, oft_version_string());
    assert_string_equal(v, OFT_VERSION);
    assert_true(OFT_VERSION_CHECK(0, 0, 1));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(versions_and_missing_key), T(env_and_precedence),
        T(base_url_forms),           T(headers_sent),
        T(no_key_in_logs_or_errors), T(log_levels),
        T(interrupt_retry_sleep),    T(interrupt_slow_response),
        T(interrupt_send_many),      T(interrupt_from_signal_handler),
        T(interrupt_between_calls),  T(connection_reuse),
        T(allocator_and_globals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
