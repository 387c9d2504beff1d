/*
 * The base URL goes where a person reading it expects: the Bearer key goes
 * to its host. A URL is refused when it carries credentials, or anything
 * that makes libcurl's reading of the host differ from the plain one
 * ("http://api.openai.com\@evil.example/v1" connects to evil.example): its
 * plain reading (scheme://authority/path) is compared with libcurl's own
 * (curl_url, through the transport).
 */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "net/base_url.h"
#include "net/transport.h"

#define BAD(...) oft__error_set(c, OFT_EINVAL, "base_url: " __VA_ARGS__)

/* The characters no base URL holds, each with its reason; OFT_OK if none. */
static int check_characters(oft_client *c, const char *url)
{
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p <= ' ' || *p == 0x7f)
            return BAD("must not contain spaces or control characters");
        if (*p >= 0x80)
            return BAD("must be ASCII (an international host name in its xn-- form)");
        if (*p == '\\')
            return BAD("must not contain a backslash (libcurl reads what comes "
                       "before a later '@' as a user name, and the host after it)");
        if (*p == '?' || *p == '#')
            return BAD("must not contain a query or a fragment ('?' or '#')");
    }
    return OFT_OK;
}

/* The host as a person reads it: what follows "scheme://" up to the first
 * '/', without its ":port". OFT_OK with *host and *len set, or the reason. */
static int plain_host(oft_client *c, const char *url, const char **host, size_t *len)
{
    const char *a = strstr(url, "://");
    if (a == NULL ||
        (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0))
        return BAD("must start with http:// or https://");
    a += 3;
    size_t n = strcspn(a, "/");
    if (memchr(a, '@', n) != NULL)
        return BAD("must not contain a user name or password (\"user:password@\" "
                   "before the host); the key goes in api_key");
    if (memchr(a, '%', n) != NULL)
        return BAD("the host must not be percent-encoded");
    const char *end = a + n;
    if (a < end && a[0] == '[') { /* an IPv6 literal: its port follows ']' */
        const char *close = memchr(a, ']', n);
        end = close != NULL ? close + 1 : end;
    } else {
        const char *colon = memchr(a, ':', n);
        end = colon != NULL ? colon : end;
    }
    if (end == a)
        return BAD("has no host");
    *host = a;
    *len = (size_t)(end - a);
    return OFT_OK;
}

/* 1 when both name the same IPv6 address ("[::1]" and "[0:0::1]"). */
static int same_ipv6(const char *a, size_t alen, const char *b)
{
    char x[64], y[64];
    size_t blen = strlen(b);
    if (alen < 3 || alen >= sizeof(x) || blen < 3 || blen >= sizeof(y) || b[0] != '[')
        return 0;
    memcpy(x, a + 1, alen - 2);
    x[alen - 2] = '\0';
    memcpy(y, b + 1, blen - 2);
    y[blen - 2] = '\0';
    unsigned char ax[16], bx[16];
    return inet_pton(AF_INET6, x, ax) == 1 && inet_pton(AF_INET6, y, bx) == 1 &&
           memcmp(ax, bx, 16) == 0;
}

/* 1 when libcurl's host is the one a person reads. */
static int same_host(const char *plain, size_t len, const char *curl_host)
{
    if (plain[0] == '[')
        return same_ipv6(plain, len, curl_host);
    return strlen(curl_host) == len && strncasecmp(plain, curl_host, len) == 0;
}

/* libcurl's reading of url, refused unless it is the plain one. */
static int check_curl_reading(oft_client *c, const char *url, const char *host,
                              size_t host_len, oft__url_parts *parts)
{
    char why[128] = "";
    int rc = oft__url_split(url, parts, why, sizeof(why));
    if (rc == OFT_ENOMEM)
        return oft__error_set(c, OFT_ENOMEM, "out of memory");
    if (rc != OFT_OK)
        return BAD("libcurl does not accept it: %s", why);
    if (parts->has_user || parts->has_password)
        return BAD("must not contain a user name or password");
    if (parts->query != NULL || parts->fragment != NULL)
        return BAD("must not contain a query or a fragment ('?' or '#')");
    if (strcmp(parts->scheme, "http") != 0 && strcmp(parts->scheme, "https") != 0)
        return BAD("must start with http:// or https://");
    if (!same_host(host, host_len, parts->host))
        return BAD("libcurl reads the host \"%.*s\" as \"%s\"; write the host it is",
                   (int)(host_len > 200 ? 200 : host_len), host, parts->host);
    return OFT_OK;
}

/* scheme://host[:port]path, the path without its trailing slashes. */
static char *rebuild(const oft__url_parts *p)
{
    size_t path_len = strlen(p->path);
    while (path_len > 0 && p->path[path_len - 1] == '/')
        path_len--;
    oft__str s = OFT__STR_INIT;
    oft__str_printf(&s, "%s://%s", p->scheme, p->host);
    if (p->port != NULL)
        oft__str_printf(&s, ":%s", p->port);
    oft__str_putn(&s, p->path, path_len);
    return oft__str_detach(&s);
}

int oft__base_url_check(oft_client *c)
{
    char *given = c->base_url;
    const char *host = NULL;
    size_t host_len = 0;
    oft__url_parts parts;
    memset(&parts, 0, sizeof(parts));
    int rc = check_characters(c, given);
    if (rc == OFT_OK)
        rc = plain_host(c, given, &host, &host_len);
    if (rc == OFT_OK)
        rc = check_curl_reading(c, given, host, host_len, &parts);
    if (rc == OFT_OK) {
        c->base_url = rebuild(&parts);
        if (c->base_url == NULL) {
            c->base_url = given;
            rc = oft__error_set(c, OFT_ENOMEM, "out of memory");
        } else {
            explicit_bzero(given, strlen(given));
            oft__free(given);
        }
    }
    oft__url_parts_dispose(&parts);
    return rc;
}
