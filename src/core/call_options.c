/*
 * Header lines from key/value pairs (the client's and a call's), the options
 * of the calls that follow (oft_client_set_call_options) and the headers of
 * the last response, kept for oft_client_response_headers().
 */
#include <string.h>
#include <strings.h>

#include "core/client_internal.h"
#include "util/options.h"

int oft_call_options_init(oft_call_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_call_options, OFT_CALL_OPTIONS_INIT,
                      OFT_CALL_OPTIONS_VERSION, sizeof(oft_call_options));
}

static int has_ctl(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

void oft__header_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++) { /* a header may carry a credential */
        explicit_bzero(lines[i], strlen(lines[i]));
        oft__free(lines[i]);
    }
    oft__free(lines);
}

int oft__header_lines(oft_client *c, const char *what, const oft_kv *kv, size_t n,
                      char ***lines, size_t *count)
{
    *count = 0;
    if (n > 0 && kv == NULL)
        return oft__error_set(c, OFT_EINVAL, "%s: NULL with a count of %zu", what, n);
    if ((*lines = oft__calloc(n ? n : 1, sizeof(char *))) == NULL)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", what);
    for (size_t i = 0; i < n; i++) {
        const char *k = kv[i].key, *v = kv[i].value ? kv[i].value : "";
        if (k == NULL || k[0] == '\0' || strpbrk(k, ": \t") || has_ctl(k))
            return oft__error_set(c, OFT_EINVAL, "%s[%zu]: invalid header name", what, i);
        if (has_ctl(v))
            return oft__error_set(c, OFT_EINVAL,
                                  "%s[%zu] (%s): value contains a control character",
                                  what, i, k);
        if (strcasecmp(k, "Authorization") == 0)
            continue; /* never overridden: the key comes from api_key */
        oft__str s = OFT__STR_INIT;
        oft__str_printf(&s, "%s: %s", k, v);
        if (((*lines)[*count] = oft__str_detach(&s)) == NULL)
            return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", what);
        (*count)++;
    }
    return OFT_OK;
}

/* The query pairs form-encoded into c->call_query. */
static int set_query(oft_client *c, const oft_kv *kv, size_t n)
{
    if (n > 0 && kv == NULL)
        return oft__error_set(c, OFT_EINVAL, "query: NULL with a count of %zu", n);
    if (n == 0)
        return OFT_OK;
    oft__str q = OFT__STR_INIT;
    for (size_t i = 0; i < n; i++) {
        const char *k = kv[i].key, *v = kv[i].value ? kv[i].value : "";
        if (k == NULL || k[0] == '\0' || has_ctl(k) || has_ctl(v)) {
            oft__str_free(&q);
            return oft__error_set(c, OFT_EINVAL,
                                  "query[%zu]: an empty key, or a control character", i);
        }
        oft__str_put_query(&q, k, v);
    }
    if ((c->call_query = oft__str_detach(&q)) == NULL)
        return oft__error_set(c, OFT_ENOMEM, "query: out of memory");
    return OFT_OK;
}

static void clear_call_options(oft_client *c)
{
    oft__header_lines_free(c->call_headers, c->call_header_count);
    c->call_headers = NULL;
    c->call_header_count = 0;
    oft__free(c->call_query);
    c->call_query = NULL;
    oft__free(c->call_body);
    c->call_body = NULL;
    c->call_timeout_ms = 0;
    c->call_max_retries = -1;
}

int oft_client_set_call_options(oft_client *client, const oft_call_options *opts)
{
    if (client == NULL)
        return OFT_EINVAL;
    oft__error_clear(client);
    clear_call_options(client);
    if (opts == NULL)
        return OFT_OK;
    int rc = oft__check_version(client, "call options", opts->version,
                                OFT_CALL_OPTIONS_VERSION);
    if (rc == OFT_OK && opts->timeout_ms < 0)
        rc = oft__error_set(client, OFT_EINVAL, "timeout_ms: must not be negative");
    if (rc == OFT_OK && opts->max_retries < -1)
        rc = oft__error_set(client, OFT_EINVAL,
                            "max_retries: must be -1 (the client's) or >= 0");
    if (rc == OFT_OK)
        rc = oft__header_lines(client, "headers", opts->headers, opts->headers_count,
                               &client->call_headers, &client->call_header_count);
    if (rc == OFT_OK)
        rc = set_query(client, opts->query, opts->query_count);
    if (rc == OFT_OK && opts->extra_body_json != NULL &&
        (client->call_body = oft__strdup(opts->extra_body_json)) == NULL)
        rc = oft__error_set(client, OFT_ENOMEM, "extra_body_json: out of memory");
    if (rc != OFT_OK) {
        clear_call_options(client);
        return rc;
    }
    client->call_timeout_ms = opts->timeout_ms;
    client->call_max_retries = opts->max_retries;
    return OFT_OK;
}

void oft__client_keep_response_headers(oft_client *c, char *headers)
{
    oft__free(c->resp_headers);
    c->resp_headers = headers;
}

const char *oft_client_response_headers(const oft_client *client)
{
    return client ? client->resp_headers : NULL;
}

void oft__call_options_dispose(oft_client *c)
{
    clear_call_options(c);
    oft__client_keep_response_headers(c, NULL);
}
