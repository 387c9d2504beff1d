/*
 * One logical request, or many at once: URL and headers, the retry loop
 * (sdk-behaviors.md 2-4), Retry-After, and status -> error mapping. A single
 * request is the n == 1 case of the same engine, on the client's own handle.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/client_internal.h"
#include "json/api_error.h"
#include "net/http.h"
#include "util/random.h"

#define MAX_HEADERS 16

typedef struct req_state {
    const oft__request *req;
    oft__response *resp;
    char *url;
    int attempt; /* retries made so far */
    int max_retries;
    long timeout_ms;
    int64_t due;
    int64_t started;
    char idem[40];
    oft__xfer *x;
    int done;
    int result;
    off_t dl_start; /* -1: the download descriptor cannot be rewound */
    oft_error err;
} req_state;

static int header_overridden(const oft_client *c, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < c->extra_count; i++)
        if (strncasecmp(c->extra_headers[i], name, n) == 0 &&
            c->extra_headers[i][n] == ':')
            return 1;
    return 0;
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
static size_t build_headers(oft_client *c, req_state *st, oft__str *buf,
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
        {"Content-Type", r->json_body ? "application/json" : NULL},
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
static int start_failed(oft_client *c, req_state *st, int status, const char *why)
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

/* Starts st's next attempt; on failure, its error says why. */
static int start_attempt(oft_client *c, req_state *st, int own_handle)
{
    char why[256] = "out of memory building the request headers";
    oft__str buf = OFT__STR_INIT;
    const char *few[2 * MAX_HEADERS];
    size_t total = MAX_HEADERS + c->extra_count;
    const char **all =
        total <= 2 * MAX_HEADERS ? few : oft__calloc(total, sizeof(char *));
    size_t n = all ? build_headers(c, st, &buf, all) : 0;
    int rc = n > 0 ? OFT_OK : OFT_ENOMEM;
    if (rc == OFT_OK) {
        const oft__request *r = st->req;
        for (size_t i = 0; i < c->extra_count; i++)
            all[n++] = c->extra_headers[i];
        oft__xfer_spec spec = {
            .method = r->method,
            .url = st->url,
            .headers = all,
            .headers_count = n,
            .body = r->json_body,
            .body_len =
                r->json_body ? (r->json_len ? r->json_len : strlen(r->json_body)) : 0,
            .form = r->form,
            .form_count = r->form_count,
            .form_file = r->form_file,
            .download_fd = r->download_fd,
            .timeout_ms = st->timeout_ms,
            .connect_timeout_ms = c->connect_timeout_ms,
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

/* A server-directed delay is clamped to this (about 31,700 years) before it
 * becomes an integer: any larger value, an infinite one included, is simply
 * above every cap. */
#define RETRY_AFTER_MAX_MS 1e15

/* Parses a whole string as a number: huge ones overflow to +-HUGE_VAL, which
 * the clamp below handles. -1 when it is not a number (NaN included). */
static int parse_number(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    while (end != s && (*end == ' ' || *end == '\t'))
        end++;
    if (end == s || *end != '\0' || isnan(v))
        return -1;
    *out = v;
    return 0;
}

/* Milliseconds as an integer: negative is 0, huge is RETRY_AFTER_MAX_MS. */
static int64_t clamp_ms(double ms)
{
    if (!(ms > 0))
        return 0;
    return (int64_t)ceil(ms < RETRY_AFTER_MAX_MS ? ms : RETRY_AFTER_MAX_MS);
}

/* The server-directed delay in ms (sdk-behaviors.md 2.3), or -1 if none. */
static int64_t retry_after_ms(const oft__xfer_result *res)
{
    double v;
    if (res->retry_after_ms && parse_number(res->retry_after_ms, &v) == 0)
        return clamp_ms(v);
    if (res->retry_after == NULL)
        return -1;
    if (parse_number(res->retry_after, &v) == 0)
        return clamp_ms(v * 1000.0);
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *end = strptime(res->retry_after, "%a, %d %b %Y %H:%M:%S", &tm);
    if (end == NULL)
        return -1;
    return clamp_ms(difftime(timegm(&tm), time(NULL)) * 1000.0);
}

static long backoff_ms(const oft_client *c, int retries)
{
    double base =
        (double)c->initial_retry_delay_ms * pow(2.0, retries > 30 ? 30 : retries);
    if (base > (double)c->max_retry_delay_ms)
        base = (double)c->max_retry_delay_ms;
    return (long)(base * (1.0 - 0.25 * oft__random_unit()));
}

static int status_retryable(long status, const char *should_retry)
{
    if (should_retry && strcmp(should_retry, "true") == 0)
        return 1;
    if (should_retry && strcmp(should_retry, "false") == 0)
        return 0;
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

/* Makes a partly written download restartable; 0 on success. */
static int rewind_download(req_state *st, int64_t written)
{
    if (written == 0)
        return 0;
    int fd = st->req->download_fd;
    if (st->dl_start < 0 || ftruncate(fd, st->dl_start) != 0 ||
        lseek(fd, st->dl_start, SEEK_SET) != st->dl_start)
        return -1;
    return 0;
}

static void finish_ok(req_state *st, oft__xfer_result *res)
{
    st->resp->status = res->status;
    if (st->req->download_fd < 0) {
        st->resp->body = res->body;
        st->resp->body_len = res->body_len;
        res->body = NULL;
    }
    st->resp->request_id = res->request_id;
    st->resp->content_type = res->content_type;
    res->request_id = res->content_type = NULL;
    st->result = OFT_OK;
    st->done = 1;
}

static void set_transport_error(oft_client *c, req_state *st, const oft__xfer_result *res)
{
    oft_error *e = &st->err;
    oft__error_reset(e);
    oft__str msg = OFT__STR_INIT;
    switch (res->kind) {
        case OFT__XFER_TIMEOUT:
            e->status = OFT_ETIMEOUT;
            oft__str_printf(&msg, "%s %s: timed out after %ld ms: %s", st->req->method,
                            st->url, st->timeout_ms, res->curl_message);
            break;
        case OFT__XFER_USER:
            e->status = OFT_EUSER;
            oft__str_printf(&msg, "%s %s: stopped by the progress callback",
                            st->req->method, st->url);
            break;
        case OFT__XFER_INTERRUPTED:
            e->status = OFT_EINTERRUPTED;
            oft__str_printf(&msg, "%s %s: interrupted", st->req->method, st->url);
            break;
        case OFT__XFER_IO:
            e->status = OFT_EIO;
            oft__str_printf(&msg, "%s %s: writing the download failed: %s",
                            st->req->method, st->url, res->curl_message);
            break;
        case OFT__XFER_NOMEM:
            e->status = OFT_ENOMEM;
            oft__str_puts(&msg, "out of memory");
            break;
        case OFT__XFER_TOO_BIG: /* not transient: never retried */
            e->status = OFT_EPARSE;
            e->http_status = (int)res->status;
            e->request_id = oft__strdup(res->request_id);
            oft__str_printf(&msg,
                            "%s %s: HTTP %ld with a response body larger than %zu bytes "
                            "(max_response_bytes); the transfer was stopped",
                            st->req->method, st->url, res->status, c->max_response_bytes);
            break;
        default:
            e->status = OFT_ENETWORK;
            oft__str_printf(&msg, "%s %s: connection error: %s", st->req->method, st->url,
                            res->curl_message);
            break;
    }
    if (res->kind == OFT__XFER_TIMEOUT || res->kind == OFT__XFER_NETWORK) {
        e->curl_code = res->curl_code;
        e->curl_message = oft__redact(c, res->curl_message);
    }
    char *m = oft__str_detach(&msg);
    e->message = oft__redact(c, m);
    oft__free(m);
}

static void schedule_retry(oft_client *c, req_state *st, long delay, const char *why)
{
    oft__log(c, OFT_LOG_INFO, "%s %s: retrying in %ld ms after %s (retry %d of %d)",
             st->req->method, st->url, delay, why, st->attempt + 1, st->max_retries);
    st->attempt++;
    st->due = oft__now_ms() + delay;
}

/* Decides what one finished attempt means: done, or retry at st->due. */
static void on_attempt_done(oft_client *c, req_state *st, oft__xfer_result *res)
{
    int64_t elapsed = oft__now_ms() - st->started;
    int can_retry = st->attempt < st->max_retries;
    if (res->kind == OFT__XFER_HTTP) {
        oft__log(c, OFT_LOG_DEBUG, "%s %s -> %ld (request %s) attempt %d, %lld ms%s%s%s",
                 st->req->method, st->url, res->status,
                 res->request_id ? res->request_id : "-", st->attempt + 1,
                 (long long)elapsed, res->new_connects > 0 ? ", new connection" : "",
                 st->idem[0] ? ", idempotency key " : "", st->idem);
        if (res->status >= 200 && res->status < 300) {
            finish_ok(st, res);
            return;
        }
        int64_t ra = retry_after_ms(res);
        oft__api_error api;
        int is_api = oft__json_api_error(res->body, res->body_len, &api) == 0;
        oft__error_fill_http(c, &st->err, res->status, is_api ? &api : NULL, res->body,
                             res->body_len, res->content_type, res->request_id, ra);
        oft__api_error_dispose(&api);
        char why[16];
        snprintf(why, sizeof(why), "%ld", res->status);
        if (ra > c->retry_after_cap_ms) {
            oft__log(
                c, OFT_LOG_INFO,
                "%s %s: not retrying: Retry-After %lld ms is above the cap of %ld ms",
                st->req->method, st->url, (long long)ra, c->retry_after_cap_ms);
        } else if (can_retry && status_retryable(res->status, res->should_retry)) {
            schedule_retry(c, st, ra > 0 ? (long)ra : backoff_ms(c, st->attempt), why);
            return;
        }
        st->resp->status = res->status;
        st->resp->body = res->body;
        st->resp->body_len = res->body_len;
        st->resp->request_id = res->request_id;
        st->resp->content_type = res->content_type;
        res->body = res->request_id = res->content_type = NULL;
    } else {
        set_transport_error(c, st, res);
        oft__log(c, OFT_LOG_DEBUG, "%s %s -> %s attempt %d, %lld ms", st->req->method,
                 st->url, st->err.message, st->attempt + 1, (long long)elapsed);
        int transient = res->kind == OFT__XFER_NETWORK || res->kind == OFT__XFER_TIMEOUT;
        if (transient && can_retry) {
            if (rewind_download(st, res->downloaded) == 0) {
                schedule_retry(c, st, backoff_ms(c, st->attempt),
                               res->kind == OFT__XFER_TIMEOUT ? "a timeout"
                                                              : "a connection error");
                return;
            }
            oft__log(c, OFT_LOG_WARN,
                     "%s %s: not retrying: the download descriptor cannot be rewound",
                     st->req->method, st->url);
        }
    }
    st->result = st->err.status;
    st->done = 1;
}

static int check_request(oft_client *c, const oft__request *r)
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

static int init_state(oft_client *c, req_state *st, const oft__request *r,
                      oft__response *resp)
{
    memset(st, 0, sizeof(*st));
    oft__error_init(&st->err);
    st->req = r;
    st->resp = resp;
    st->dl_start = -1;
    st->max_retries = r->max_retries >= 0 ? r->max_retries : c->max_retries;
    st->timeout_ms = r->timeout_ms > 0 ? r->timeout_ms : c->timeout_ms;
    /* base_url + path [+ '?' query]: one exact allocation. */
    size_t nb = strlen(c->base_url), np = strlen(r->path);
    size_t nq = r->query && r->query[0] ? strlen(r->query) : 0;
    if ((st->url = oft__malloc(nb + np + (nq ? nq + 1 : 0) + 1)) == NULL)
        return OFT_ENOMEM;
    char *u = st->url;
    memcpy(u, c->base_url, nb);
    memcpy(u += nb, r->path, np);
    u += np;
    if (nq) {
        *u++ = '?';
        memcpy(u, r->query, nq);
        u += nq;
    }
    *u = '\0';
    if (c->idempotency_keys && strcmp(r->method, "POST") == 0) {
        unsigned char raw[16];
        if (oft__random_bytes(raw, sizeof(raw)) != 0)
            return oft__error_set(c, OFT_ERROR, "no random bytes for an idempotency key");
        for (size_t i = 0; i < sizeof(raw); i++)
            snprintf(st->idem + 2 * i, 3, "%02x", raw[i]);
    }
    if (r->download_fd >= 0)
        st->dl_start = lseek(r->download_fd, 0, SEEK_CUR);
    return OFT_OK;
}

static int run(oft_client *c, const oft__request *reqs, oft__response *resps,
               int *results, size_t n, size_t concurrency, int own_handles)
{
    if (c == NULL)
        return OFT_EINVAL;
    if (n == 0)
        return OFT_OK;
    if (reqs == NULL || resps == NULL)
        return oft__error_set(c, OFT_EINVAL, "request: NULL requests or responses");
    if (concurrency == 0)
        concurrency = 1;
    req_state one, *st = &one; /* a single request needs no allocation */
    if (n == 1)
        memset(&one, 0, sizeof(one));
    else if ((st = oft__calloc(n, sizeof(*st))) == NULL)
        return oft__error_set(c, OFT_ENOMEM, "out of memory");
    int rc = OFT_OK;
    for (size_t i = 0; i < n; i++) {
        resps[i] = (oft__response)OFT__RESPONSE_INIT;
        oft__error_init(&st[i].err);
        st[i].result = OFT_OK;
    }
    for (size_t i = 0; i < n && rc == OFT_OK; i++)
        if ((rc = check_request(c, &reqs[i])) == OFT_OK)
            rc = init_state(c, &st[i], &reqs[i], &resps[i]);
    if (rc != OFT_OK)
        goto out;

    size_t remaining = n, in_flight = 0;
    while (remaining > 0) {
        int64_t now = oft__now_ms(), next_due = INT64_MAX;
        if (oft__client_interrupted(c))
            break;
        for (size_t i = 0; i < n; i++) {
            req_state *s = &st[i];
            if (s->done || s->x != NULL)
                continue;
            if (s->due > now) {
                next_due = s->due < next_due ? s->due : next_due;
            } else if (in_flight < concurrency) {
                if ((s->result = start_attempt(c, s, own_handles)) == OFT_OK) {
                    in_flight++;
                } else {
                    s->done = 1;
                    remaining--;
                }
            }
        }
        if (remaining == 0)
            break;
        long wait = next_due == INT64_MAX ? -1 : (long)(next_due - now);
        oft__xfer *x = NULL;
        if (oft__transport_poll(c->transport, wait, &x) != OFT_OK) {
            rc = oft__error_set(c, OFT_ERROR, "the transport failed");
            break;
        }
        if (x != NULL) {
            req_state *s = oft__xfer_user(x);
            oft__xfer_result res;
            oft__xfer_finish(x, OFT__XFER_INTERRUPTED, &res);
            s->x = NULL;
            in_flight--;
            on_attempt_done(c, s, &res);
            oft__xfer_result_dispose(&res);
            if (s->done)
                remaining--;
        }
    }
    /* Interrupted (or the transport broke): stop everything still going. */
    for (size_t i = 0; i < n; i++) {
        req_state *s = &st[i];
        if (s->done)
            continue;
        if (s->x != NULL) {
            oft__xfer_result res;
            oft__xfer_finish(s->x, OFT__XFER_INTERRUPTED, &res);
            oft__xfer_result_dispose(&res);
            s->x = NULL;
        }
        oft__error_reset(&s->err);
        s->err.status = s->result = rc != OFT_OK ? rc : OFT_EINTERRUPTED;
        oft__str m = OFT__STR_INIT;
        oft__str_printf(&m, "%s %s: %s", s->req->method, s->url,
                        rc != OFT_OK ? "transport failure" : "interrupted");
        char *text = oft__str_detach(&m);
        s->err.message = oft__redact(c, text);
        oft__free(text);
        s->done = 1;
    }
    rc = OFT_OK;
    for (size_t i = 0; i < n; i++) {
        if (results)
            results[i] = st[i].result;
        if (rc == OFT_OK && st[i].result != OFT_OK)
            rc = oft__error_adopt(c, &st[i].err);
    }
    if (rc == OFT_OK)
        oft__error_reset(&c->err);
out:
    for (size_t i = 0; i < n; i++) {
        oft__error_reset(&st[i].err);
        oft__free(st[i].url);
    }
    if (st != &one)
        oft__free(st);
    return rc;
}

int oft__http_send(oft_client *c, const oft__request *req, oft__response *resp)
{
    oft__response scratch = OFT__RESPONSE_INIT;
    int rc = run(c, req, resp ? resp : &scratch, NULL, 1, 1, 0);
    oft__response_dispose(&scratch);
    return rc;
}

int oft__http_send_many(oft_client *c, const oft__request *reqs, oft__response *resps,
                        int *results, size_t n, size_t concurrency)
{
    return run(c, reqs, resps, results, n, concurrency, 1);
}
