/*
 * The base URL as the client reads it (issue 12): a URL that libcurl would
 * read otherwise than a person does, or that carries credentials, is refused
 * with an OFT_EINVAL naming base_url that never quotes a password; a good
 * one is kept as scheme, host, port and path alone. No server is needed:
 * creating a client sends nothing, and a refused one tells its log hook why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "openai_ft.h"

/* Put into hostile URLs: never in a message. */
#define PASSWORD "hunter2-pw-0123456789"

typedef struct reasons {
    char text[8][512];
    int count;
} reasons;

static void keep_reason(int level, const char *message, void *payload)
{
    reasons *r = payload;
    (void)level;
    if (r->count < 8)
        snprintf(r->text[r->count++], sizeof(r->text[0]), "%s", message);
}

/* oft_client_new with url as base_url; *why gets the reason of a refusal. */
static int make(oft_client **c, const char *url, reasons *why)
{
    oft_client_options o = OFT_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test-base-url-0123456789";
    o.base_url = url;
    o.log_cb = keep_reason;
    o.log_payload = why;
    memset(why, 0, sizeof(*why));
    return oft_client_new(c, &o);
}

static void hostile_urls_refused(void **state)
{
    (void)state;
    unsetenv("OPENAI_BASE_URL");
    static const struct {
        const char *url, *why;
    } hostile[] = {
        /* libcurl connects to evil.example: the part before '@' is a user name */
        {"http://api.openai.com\\@evil.example/v1", "backslash"},
        {"http://api.openai.com@evil.example/v1", "user name or password"},
        {"https://user:" PASSWORD "@api.openai.com/v1", "user name or password"},
        {"https://:" PASSWORD "@api.openai.com/v1", "user name or password"},
        {"http://api.openai.com:443@evil.example/v1", "user name or password"},
        /* a person reads api.openai.com after the '#' */
        {"http://evil.example#@api.openai.com/", "query or a fragment"},
        {"http://evil.example?@api.openai.com/", "query or a fragment"},
        {"https://api.openai.com/v1?key=" PASSWORD, "query or a fragment"},
        /* percent-encoding: libcurl decodes the host, a person does not */
        {"http://evil%2eexample/v1", "percent-encoded"},
        {"http://api.openai.com%2f@evil.example/", "user name or password"},
        {"http://api.openai.com%2F.evil.example/", "percent-encoded"},
        {"http://[fe80::1%25eth0]/v1", "percent-encoded"},
        /* numbers libcurl reads as another address */
        {"http://2130706433/v1",
         "libcurl reads the host \"2130706433\" as \"127.0.0.1\""},
        {"http://0x7f.1/v1", "libcurl reads the host \"0x7f.1\" as \"127.0.0.1\""},
        /* whitespace, control characters, non-ASCII look-alikes */
        {"https://api.openai.com /v1", "spaces or control characters"},
        {"https://api.openai.com\t.evil.example/v1", "spaces or control characters"},
        {"https://api.openai.com\r\nHost: evil.example/v1", "spaces or control"},
        {"https://api.openai.com\x7f/v1", "spaces or control characters"},
        {"https://api.openai.com\xef\xbc\x8f"
         "evil.example/v1",
         "ASCII"},
        {" https://api.openai.com/v1", "spaces or control characters"},
        /* not an http(s) URL with a host */
        {"ftp://api.openai.com/v1", "must start with http:// or https://"},
        {"http:/api.openai.com/v1", "must start with http:// or https://"},
        {"api.openai.com/v1", "must start with http:// or https://"},
        {"http:///api.openai.com/v1", "has no host"},
        {"https://", "has no host"},
        {"http://:8080/v1", "has no host"},
        {"http://api.openai.com:99999/v1", "libcurl does not accept it"},
        {"http://[::1/v1", "libcurl does not accept it"},
        {"http://a..b:x/v1", "libcurl does not accept it"},
    };
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        oft_client *c = (oft_client *)1;
        reasons why;
        int rc = make(&c, hostile[i].url, &why);
        if (rc != OFT_EINVAL)
            fail_msg("%s: %s, not OFT_EINVAL", hostile[i].url, oft_status_str(rc));
        assert_null(c);
        if (why.count != 1 || strncmp(why.text[0], "base_url: ", 10) != 0 ||
            strstr(why.text[0], hostile[i].why) == NULL)
            fail_msg("%s: reason \"%s\", want base_url: ...%s...", hostile[i].url,
                     why.count ? why.text[0] : "(none)", hostile[i].why);
        if (strstr(why.text[0], "hunter2") != NULL || strstr(why.text[0], "evil") != NULL)
            fail_msg("%s: the reason quotes the URL: %s", hostile[i].url, why.text[0]);
    }

    /* The environment's URL is checked the same way. */
    setenv("OPENAI_BASE_URL", "http://api.openai.com\\@evil.example/v1", 1);
    oft_client *c = NULL;
    reasons why;
    assert_int_equal(make(&c, NULL, &why), OFT_EINVAL);
    assert_non_null(strstr(why.text[0], "base_url: must not contain a backslash"));
    unsetenv("OPENAI_BASE_URL");
}

static void good_urls_kept_plain(void **state)
{
    (void)state;
    unsetenv("OPENAI_BASE_URL");
    static const struct {
        const char *url, *kept;
    } good[] = {
        {"http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"},
        {"https://api.openai.com/v1", "https://api.openai.com/v1"},
        {"https://api.openai.com/v1/", "https://api.openai.com/v1"},
        {"https://api.openai.com/v1//", "https://api.openai.com/v1"},
        {"https://api.openai.com", "https://api.openai.com"},
        {"https://api.openai.com/", "https://api.openai.com"},
        {"HTTPS://API.OpenAI.com/v1", "https://API.OpenAI.com/v1"},
        {"http://[::1]:8080/v1", "http://[::1]:8080/v1"},
        {"http://[0:0::1]:8080/v1/", "http://[::1]:8080/v1"},
        {"http://[2001:db8::7]/openai/v1", "http://[2001:db8::7]/openai/v1"},
        {"http://localhost:0080/v1", "http://localhost:80/v1"},
        {"https://gateway.example.com/a/../openai/v1",
         "https://gateway.example.com/openai/v1"},
        {"https://api.openai.com./v1", "https://api.openai.com./v1"},
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        oft_client *c = NULL;
        reasons why;
        int rc = make(&c, good[i].url, &why);
        if (rc != OFT_OK)
            fail_msg("%s: %s: %s", good[i].url, oft_status_str(rc),
                     why.count ? why.text[0] : "");
        if (strcmp(oft_client_base_url(c), good[i].kept) != 0)
            fail_msg("%s: kept as %s, want %s", good[i].url, oft_client_base_url(c),
                     good[i].kept);
        oft_client_free(c);
    }
    /* The default, and the environment's. */
    oft_client *c = NULL;
    reasons why;
    assert_int_equal(make(&c, NULL, &why), OFT_OK);
    assert_string_equal(oft_client_base_url(c), "https://api.openai.com/v1");
    oft_client_free(c);
    setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1/", 1);
    assert_int_equal(make(&c, NULL, &why), OFT_OK);
    assert_string_equal(oft_client_base_url(c), "http://127.0.0.1:9/v1");
    oft_client_free(c);
    unsetenv("OPENAI_BASE_URL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_urls_refused),
        cmocka_unit_test(good_urls_kept_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
