/*
 * What an HTTP answer that is not a 2xx means for the client's error: the
 * status's code, the API error body (read by the client's error-body reader,
 * json/api_error.c, wired in by api/client.c) or problem+json, else an
 * excerpt of the body, the request id, Retry-After, and the hint for a base
 * URL without /v1. The error's storage and strings are core/error.c's.
 */
#include <ctype.h>
#include <string.h>

#include "core/client_internal.h"
#include "net/http_error.h"

static int status_for_http(long http_status)
{
    switch (http_status) {
        case 401:
            return OFT_EAUTH;
        case 403:
            return OFT_EPERM;
        case 404:
            return OFT_ENOTFOUND;
        case 409:
            return OFT_ECONFLICT;
        case 429:
            return OFT_ERATELIMIT;
        default:
            return http_status >= 500 ? OFT_ESERVER : OFT_EAPI;
    }
}

/* Up to ~200 characters of a non-JSON body on one line, HTML tags dropped. */
static void put_text_excerpt(oft__str *s, const char *body, size_t len, int html)
{
    size_t kept = 0;
    int in_tag = 0, space = 1;
    for (size_t i = 0; i < len && kept < 200; i++) {
        unsigned char ch = (unsigned char)body[i];
        if (html && ch == '<') {
            in_tag = 1;
            continue;
        }
        if (in_tag) {
            in_tag = ch != '>';
            if (!in_tag && !space) {
                oft__str_putc(s, ' ');
                space = 1;
                kept++;
            }
            continue;
        }
        if (isspace(ch) || ch < 0x20) {
            if (!space) {
                oft__str_putc(s, ' ');
                space = 1;
                kept++;
            }
            continue;
        }
        oft__str_putc(s, (char)ch);
        space = 0;
        kept++;
    }
    while (s->len > 0 && s->ptr[s->len - 1] == ' ')
        s->ptr[--s->len] = '\0';
    if (kept >= 200)
        oft__str_puts(s, "...");
}

/* The API error's own words after "HTTP NNN": its message (or problem+json's
 * title and detail), else an excerpt of the body; then type, code and param.
 * e holds the redacted fields already; `text` is the redacted body. */
static void put_api_words(oft__str *msg, const oft_error *e, const oft__api_error *api,
                          const char *text, size_t len)
{
    if (api->message && api->message[0]) {
        oft__str_printf(msg, ": %s", api->message);
    } else if (api->title || api->detail) { /* application/problem+json */
        oft__str_printf(msg, ": %s", api->title ? api->title : api->detail);
        if (api->title && api->detail)
            oft__str_printf(msg, ": %s", api->detail);
    } else {
        oft__str_puts(msg, ": ");
        put_text_excerpt(msg, text, len, 0);
    }
    if (e->type)
        oft__str_printf(msg, " (type %s", e->type);
    if (e->code)
        oft__str_printf(msg, "%s code %s", e->type ? "," : " (", e->code);
    if (e->param)
        oft__str_printf(msg, "%s param %s", e->type || e->code ? "," : " (", e->param);
    if (e->type || e->code || e->param)
        oft__str_putc(msg, ')');
}

/* Redacted as it is stored: every string a server sent, before any of it is
 * cut (the excerpt of a text body) or shown. */
static void fill(const oft_client *c, oft_error *e, long http_status,
                 const oft__api_error *api, const char *body, size_t len,
                 const char *content_type, const char *request_id, int64_t retry_after_ms)
{
    oft__error_reset(e);
    e->status = status_for_http(http_status);
    e->http_status = (int)http_status;
    e->retry_after_ms = retry_after_ms;
    e->request_id = oft__redact(c, request_id);
    if (body != NULL && len > 0)
        e->body = oft__redactn(c, body, len);
    if (api != NULL) {
        e->type = oft__redact(c, api->type);
        e->code = oft__redact(c, api->code);
        e->param = oft__redact(c, api->param);
    }
    const char *text = e->body ? e->body : "";
    size_t tlen = strlen(text), start = 0;
    while (start < tlen && isspace((unsigned char)text[start]))
        start++;

    oft__str msg = OFT__STR_INIT;
    oft__str_printf(&msg, "HTTP %ld", http_status);
    if (start == tlen) {
        oft__str_puts(&msg, " with no body");
    } else if (api != NULL) {
        put_api_words(&msg, e, api, text + start, tlen - start);
    } else {
        int looks_json = text[start] == '{' || text[start] == '[';
        int html =
            content_type ? strstr(content_type, "html") != NULL : text[start] == '<';
        oft__str_puts(&msg,
                      looks_json ? " with a truncated or invalid JSON body: " : ": ");
        put_text_excerpt(&msg, text + start, tlen - start, html);
    }
    if (e->request_id)
        oft__str_printf(&msg, " [request %s]", e->request_id);
    /* The API's message went in as sent: redacted now, and not left behind. */
    e->message = msg.oom ? NULL : oft__redact(c, msg.ptr);
    if (msg.ptr != NULL)
        explicit_bzero(msg.ptr, msg.len);
    oft__str_free(&msg);
}

/* A 404 for a path the server does not serve (not an API error body, or the
 * API's own "Invalid URL", code unknown_url) when the base URL's path does
 * not end in /v1: the usual cause is a base URL given without /v1, so the
 * message says so (every binding and program shows it). */
static void add_v1_hint(const oft_client *c, oft_error *e, const oft__api_error *api)
{
    const char *base = c->base_url, *host = strstr(base, "://");
    const char *path = host != NULL ? strchr(host + 3, '/') : NULL;
    size_t n = path != NULL ? strlen(path) : 0;
    int unknown_path = api == NULL || (!api->type && !api->code && !api->message) ||
                       (api->code && strcmp(api->code, "unknown_url") == 0) ||
                       (api->message && strstr(api->message, "Invalid URL") != NULL);
    if (e->http_status != 404 || !unknown_path || e->message == NULL ||
        (n >= 3 && strcmp(path + n - 3, "/v1") == 0))
        return;
    oft__str msg = OFT__STR_INIT;
    oft__str_printf(&msg, "%s; hint: the base URL %s has no /v1 path; try %s/v1",
                    e->message, base, base);
    if (msg.oom) {
        oft__str_free(&msg);
        return;
    }
    oft__free(e->message);
    e->message = oft__str_detach(&msg);
}

void oft__http_error_fill(const oft_client *c, oft_error *e, long http_status,
                          const char *body, size_t len, const char *content_type,
                          const char *request_id, int64_t retry_after_ms)
{
    oft__api_error api;
    memset(&api, 0, sizeof(api));
    int is_api = c->read_error_body != NULL && c->read_error_body(body, len, &api) == 0;
    fill(c, e, http_status, is_api ? &api : NULL, body, len, content_type, request_id,
         retry_after_ms);
    add_v1_hint(c, e, is_api ? &api : NULL);
    oft__api_error_dispose(&api);
}
