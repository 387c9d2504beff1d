/*
 * One request's state in the retry engine and the build of each attempt:
 * its URL, idempotency key, header lines (the key's written without a copy
 * left behind) and the transfer handed to the transport.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "json/merge.h"
#include "net/request.h"
#include "util/random.h"

#define MAX_HEADERS 16

int oft__req_check(oft_client *c, const oft__request *r)
{
    if (r == NULL || r->method == NULL || r->path == NULL || r->path[0] != '/')
        return oft__error_set(c, OFT_EINVAL,
                              "request: method and a path starting "
                              "with '/' are required");
    if (r->form_file &&
        (r->form_file->fd < 0 || r->form_file->length < 0 || r->form_file->offset < 0))
        return oft__error_set(c, OFT_EINVAL, "request: invalid file part");
    return OFT_OK;
}

/* The call options' extra_body_json merged into a POST's JSON body (st->body). */
static int extra_body(oft_client *c, oft__req_state *st, const oft__request *r)
{
    if (c->call_body == NULL || strcmp(r->method, "POST") != 0)
        return OFT_OK;
    if (r->form_file != NULL || r->form_count > 0)
        return oft__error_set(c, OFT_EINVAL,
                              "extra_body_json: %s %s sends a multipart form, not JSON",
                              r->method, r->path);
    size_t len = r->json_body ? (r->json_len ? r->json_len : strlen(r->json_body)) : 0;
    return oft__json_merge_text(c, "extra_body_json", r->json_body, len, c->call_body,
                                &st->body, &st->body_len);
}

/* Non-zero when one of the n lines is a header called name (up to its ':'). */
static int has_header(char *const *lines, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strncasecmp(lines[i], name, len) == 0 && lines[i][len] == ':')
            return 1;
    return 0;
}

/* A default header the client's headers or the call options' replace. */
static int header_overridden(const oft_client *c, const char *name)
{
    size_t n = strlen(name);
    return has_header(c->extra_headers, c->extra_count, name, n) ||
           has_header(c->call_headers, c->call_header_count, name, n);
}

int oft__req_init(oft_client *c, oft__req_state *st, const oft__request *r,
                  oft__response *resp)
{
    memset(st, 0, sizeof(*st));
    oft__error_init(&st->err);
    st->req = r;
    st->resp = resp;
    st->dl_start = -1;
    /* The request's own, else the call options', else the client's. */
    st->max_retries = r->max_retries >= 0        ? r->max_retries
                      : c->call_max_retries >= 0 ? c->call_max_retries
                                                 : c->max_retries;
    st->timeout_ms = r->timeout_ms > 0        ? r->timeout_ms
                     : c->call_timeout_ms > 0 ? c->call_timeout_ms
                                              : c->timeout_ms;
    /* base_url + path [+ '?' query [+ '&' the call options' query]]: one
     * exact allocation. */
    size_t nb = strlen(c->base_url), np = strlen(r->path);
    size_t nq = r->query && r->query[0] ? strlen(r->query) : 0;
    size_t nx = c->call_query ? strlen(c->call_query) : 0;
    if ((st->url = oft__malloc(nb + np + nq + nx + 3)) == NULL)
        return oft__error_set(c, OFT_ENOMEM, "%s %s: out of memory", r->method, r->path);
    char *u = st->url;
    memcpy(u, c->base_url, nb);
    memcpy(u += nb, r->path, np);
    u += np;
    const char *parts[] = {nq ? r->query : NULL, nx ? c->call_query : NULL};
    size_t lens[] = {nq, nx};
    char sep = '?';
    for (size_t i = 0; i < 2; i++) {
        if (parts[i] == NULL)
            continue;
        *u++ = sep;
        sep = '&';
        memcpy(u, parts[i], lens[i]);
        u += lens[i];
    }
    *u = '\0';
    /* A caller's Idempotency-Key (client or call options) replaces ours. */
    if (c->idempotency_keys && strcmp(r->method, "POST") == 0 &&
        !header_overridden(c, "Idempotency-Key")) {
        unsigned char raw[16];
        if (oft__random_bytes(raw, sizeof(raw)) != 0)
            return oft__error_set(c, OFT_ERROR, "no random bytes for an idempotency key");
        for (size_t i = 0; i < sizeof(raw); i++)
            snprintf(st->idem + 2 * i, 3, "%02x", raw[i]);
    }
    if (r->download_fd >= 0)
        st->dl_start = lseek(r->download_fd, 0, SEEK_CUR);
    return extra_body(c, st, r);
}

static void put_line(oft__str *buf, const char *name, const char *value)
{
    oft__str_puts(buf, name);
    oft__str_putn(buf, ": ", 2);
    oft__str_puts(buf, value);
    oft__str_putc(buf, '\0');
}

/*
 * The header lines of one attempt, NUL-separated in buf (one allocation,
 * no formatting); lines[0] is the key's line. The caller wipes buf. Returns
 * the number of lines, 0 when out of memory.
 */
static size_t build_headers(oft_client *c, oft__req_state *st, oft__str *buf,
                            const char **lines)
{
    const oft__request *r = st->req;
    const char *key = r->admin && c->admin_key ? c->admin_key : c->api_key;
    /* The retry count, formatted by hand: snprintf cost more than the rest. */
    char count[24], *digit = count + sizeof(count) - 1;
    *digit = '\0';
    unsigned attempt = st->attempt > 0 ? (unsigned)st->attempt : 0;
    do
        *--digit = (char)('0' + attempt % 10);
    while ((attempt /= 10) > 0);
    const char *defaults[][2] = {
        {"Accept", r->accept ? r->accept : "application/json"},
        {"User-Agent", c->user_agent},
        {"X-Stainless-Lang", "c"},
        {"X-Stainless-Retry-Count", digit},
        {"OpenAI-Organization", c->organization},
        {"OpenAI-Project", c->project},
        {"Content-Type", r->json_body || st->body ? "application/json" : NULL},
        {"Idempotency-Key", st->idem[0] ? st->idem : NULL},
    };
    size_t off[MAX_HEADERS], n = 0;
    /* The usual lines fit: one allocation, under 1 kB (which glibc serves
     * without consolidating its fast bins first). */
    oft__str_reserve(buf, 480); /* a 512-byte block */
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
        if (defaults[i][1] == NULL || header_overridden(c, defaults[i][0]))
            continue;
        off[n++] = buf->len;
        put_line(buf, defaults[i][0], defaults[i][1]);
    }
    /* The key goes in last, into room made first, so that no growth of buf
     * leaves a copy of it behind in freed memory. */
    static const char bearer[] = "Authorization: Bearer ";
    oft__str_reserve(buf, sizeof(bearer) + strlen(key));
    size_t key_off = buf->len;
    oft__str_puts(buf, bearer);
    oft__str_puts(buf, key);
    oft__str_putc(buf, '\0');
    if (buf->oom)
        return 0;
    lines[0] = buf->ptr + key_off;
    for (size_t i = 0; i < n; i++)
        lines[i + 1] = buf->ptr + off[i];
    return n + 1;
}

/* Records on st why its attempt could not start; returns the status. */
static int start_failed(oft_client *c, oft__req_state *st, int status, const char *why)
{
    oft__error_reset(&st->err);
    st->err.status = status;
    oft__str msg = OFT__STR_INIT;
    oft__str_printf(&msg, "%s %.200s: %s", st->req->method, st->url, why);
    char *m = oft__str_detach(&msg);
    st->err.message = oft__redact(c, m);
    oft__free(m);
    return status;
}

/* The attempt's time limits: the request's, or what is left before the
 * call's deadline when that is less (st->cut). OFT_OK; OFT_ETIMEOUT (recorded
 * on st and c) when nothing is left. */
static int attempt_limits(oft_client *c, oft__req_state *st, int64_t *connect_ms)
{
    st->attempt_ms = st->timeout_ms;
    st->cut = 0;
    *connect_ms = c->connect_timeout_ms;
    int64_t deadline = oft__client_deadline(c);
    if (deadline == 0)
        return OFT_OK;
    int64_t left = deadline - oft__now_ms();
    if (left <= 0) {
        oft__client_deadline_record(c, "no time was left for another attempt");
        return start_failed(c, st, OFT_ETIMEOUT,
                            "deadline reached: no time was left for another attempt");
    }
    if (left < st->attempt_ms) {
        st->attempt_ms = left;
        st->cut = 1;
    }
    if (left < *connect_ms)
        *connect_ms = left;
    return OFT_OK;
}

int oft__req_start_attempt(oft_client *c, oft__req_state *st, int own_handle)
{
    int64_t connect_ms;
    if (attempt_limits(c, st, &connect_ms) != OFT_OK)
        return OFT_ETIMEOUT;
    char why[256] = "out of memory building the request headers";
    oft__str buf = OFT__STR_INIT;
    const char *few[2 * MAX_HEADERS];
    size_t total = MAX_HEADERS + c->extra_count + c->call_header_count;
    const char **all =
        total <= 2 * MAX_HEADERS ? few : oft__calloc(total, sizeof(char *));
    size_t n = all ? build_headers(c, st, &buf, all) : 0;
    int rc = n > 0 ? OFT_OK : OFT_ENOMEM;
    if (rc == OFT_OK) {
        const oft__request *r = st->req;
        /* The client's headers, but those the call options replace; then those. */
        for (size_t i = 0; i < c->extra_count; i++) {
            const char *line = c->extra_headers[i];
            if (!has_header(c->call_headers, c->call_header_count, line,
                            (size_t)(strchr(line, ':') - line)))
                all[n++] = line;
        }
        for (size_t i = 0; i < c->call_header_count; i++)
            all[n++] = c->call_headers[i];
        oft__xfer_spec spec = {
            .method = r->method,
            .url = st->url,
            .headers = all,
            .headers_count = n,
            .body = st->body ? st->body : r->json_body,
            .body_len = st->body ? st->body_len
                        : r->json_body
                            ? (r->json_len ? r->json_len : strlen(r->json_body))
                            : 0,
            .form = r->form,
            .form_count = r->form_count,
            .form_file = r->form_file,
            .download_fd = r->download_fd,
            .timeout_ms = st->attempt_ms,
            .connect_timeout_ms = connect_ms,
            .ca_file = c->ca_file,
            .ca_path = c->ca_path,
            .progress = r->progress,
            .progress_payload = r->progress_payload,
            .user = st,
            .max_body = c->max_response_bytes,
        };
        /* curl copies the header lines, the URL and the options it keeps. */
        rc = oft__xfer_start(&st->x, c->transport, &spec, own_handle, why, sizeof(why));
    }
    if (buf.ptr != NULL)
        explicit_bzero(buf.ptr, buf.cap);
    oft__str_free(&buf);
    if (all != few)
        oft__free(all);
    if (rc != OFT_OK)
        return start_failed(c, st, rc, why);
    st->started = oft__now_ms();
    return OFT_OK;
}
