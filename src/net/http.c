/*
 * The retry engine: one logical request, or many at once, each attempt built
 * by net/request.c, sent by the transport, and its outcome decided by the
 * retry policy (net/retry.c); then status -> error mapping. A single request
 * is the n == 1 case of the same engine, on the client's own handle. The
 * deadline of the public call running (core/common.h) cuts each attempt and
 * stops the retries and Retry-After pauses that would cross it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "json/redact.h"
#include "net/http_error.h"
#include "net/request.h"
#include "net/retry.h"

/* Makes a partly written download restartable; 0 on success. */
static int rewind_download(oft__req_state *st, int64_t written)
{
    if (written == 0)
        return 0;
    int fd = st->req->download_fd;
    if (st->dl_start < 0 || ftruncate(fd, st->dl_start) != 0 ||
        lseek(fd, st->dl_start, SEEK_SET) != st->dl_start)
        return -1;
    return 0;
}

/* Hands the response's status, headers and (unless it went to the download
 * descriptor) body to the caller's oft__response. */
static void keep_response(oft__req_state *st, oft__xfer_result *res)
{
    st->resp->status = res->status;
    if (st->req->download_fd < 0 || res->status < 200 || res->status >= 300) {
        st->resp->body = res->body;
        st->resp->body_len = res->body_len;
        res->body = NULL;
    }
    st->resp->request_id = res->request_id;
    st->resp->content_type = res->content_type;
    res->request_id = res->content_type = NULL;
}

static void set_transport_error(oft_client *c, oft__req_state *st,
                                const oft__xfer_result *res)
{
    oft_error *e = &st->err;
    oft__error_reset(e);
    oft__str msg = OFT__STR_INIT;
    switch (res->kind) {
        case OFT__XFER_TIMEOUT:
            e->status = OFT_ETIMEOUT;
            oft__str_printf(&msg, "%s %s: timed out after %lld ms: %s", st->req->method,
                            st->url, (long long)st->attempt_ms, res->curl_message);
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
        case OFT__XFER_TLS: /* not transient: never retried */
            e->status = OFT_ENETWORK;
            oft__str_printf(&msg,
                            "%s %s: TLS verification failed (not retried): %s; a "
                            "private CA goes in ca_file or ca_path",
                            st->req->method, st->url, res->curl_message);
            break;
        default:
            e->status = OFT_ENETWORK;
            oft__str_printf(&msg, "%s %s: connection error: %s", st->req->method, st->url,
                            res->curl_message);
            break;
    }
    if (res->kind == OFT__XFER_TIMEOUT || res->kind == OFT__XFER_NETWORK ||
        res->kind == OFT__XFER_TLS) {
        e->curl_code = res->curl_code;
        /* curl cut its message to fit its buffer: a key's first characters
         * at the end go too */
        e->curl_message = oft__redact_cut(c, res->curl_message);
    }
    e->message = msg.oom ? NULL : oft__redact(c, msg.ptr);
    oft__str_free(&msg);
}

/* An error message without its "METHOD URL: " (a log line names them first). */
static const char *without_request(const oft__req_state *st, const char *msg)
{
    size_t m = strlen(st->req->method), u = strlen(st->url);
    if (msg == NULL)
        return "";
    if (strncmp(msg, st->req->method, m) == 0 && msg[m] == ' ' &&
        strncmp(msg + m + 1, st->url, u) == 0 && strncmp(msg + m + 1 + u, ": ", 2) == 0)
        return msg + m + 1 + u + 2;
    return msg;
}

/* Ends the request at the call's deadline (core/common.h): OFT_ETIMEOUT,
 * whatever the last attempt's error was (its HTTP status, Retry-After and
 * curl detail stay), with why in the message and on the client. Returns 1
 * (done). */
static int deadline_stop(oft_client *c, oft__req_state *st, const char *fmt, ...)
    OFT__PRINTF(3, 4);
static int deadline_stop(oft_client *c, oft__req_state *st, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    oft__client_deadline_record(c, why);
    oft__log(c, OFT_LOG_INFO, "%s %s: deadline reached: %s", st->req->method, st->url,
             why);
    oft__str msg = OFT__STR_INIT;
    oft__str_printf(&msg, "%s %s: deadline reached: %s", st->req->method, st->url, why);
    oft__free(st->err.message);
    st->err.message = msg.oom ? NULL : oft__redact(c, msg.ptr);
    oft__str_free(&msg);
    st->err.status = st->result = OFT_ETIMEOUT;
    return 1;
}

/* Schedules a retry in delay ms (returns 0), unless it would start past the
 * call's deadline: then the request ends there (returns 1). */
static int retry_or_stop(oft_client *c, oft__req_state *st, int64_t delay,
                         const char *why)
{
    int64_t deadline = oft__client_deadline(c), now = oft__now_ms();
    if (deadline != 0 && delay >= deadline - now)
        return deadline_stop(c, st,
                             "the retry after %s%s was due in %lld ms, past it; the last "
                             "attempt: %s",
                             why[0] >= '0' && why[0] <= '9' ? "HTTP " : "", why,
                             (long long)delay, without_request(st, st->err.message));
    oft__log(c, OFT_LOG_INFO, "%s %s: retrying in %lld ms after %s (retry %d of %d)",
             st->req->method, st->url, (long long)delay, why, st->attempt + 1,
             st->max_retries);
    st->attempt++;
    /* Saturated, never wrapped: INT64_MAX is a retry never due. */
    st->due = delay > INT64_MAX - now ? INT64_MAX : now + delay;
    return 0;
}

/* A Retry-After that lands past the call's deadline ends the request there
 * (returns 1; 0 when there is none or it lands before). One above the
 * client's cap counts as the cap (the wait between polls is no longer). */
static int retry_after_past_deadline(oft_client *c, oft__req_state *st,
                                     const oft__xfer_result *res, int64_t ra)
{
    int64_t deadline = oft__client_deadline(c);
    int64_t pause = ra < c->retry_after_cap_ms ? ra : c->retry_after_cap_ms;
    if (deadline == 0 || ra <= 0 || oft__now_ms() + pause < deadline ||
        !oft__retry_status(res->status, res->should_retry))
        return 0;
    char after[40];
    if (ra % 1000 == 0)
        snprintf(after, sizeof(after), "%lld s", (long long)(ra / 1000));
    else
        snprintf(after, sizeof(after), "%lld ms", (long long)ra);
    return deadline_stop(c, st, "the server asked to retry after %s; its answer: %s",
                         after, without_request(st, st->err.message));
}

/* A complete HTTP response: a 2xx is done; an error status is retried when
 * it may be (x-should-retry, the status, Retry-After within the cap) and
 * attempts remain, else done with its error. Returns 1 when done. */
static int on_http_response(oft_client *c, oft__req_state *st, oft__xfer_result *res,
                            int can_retry)
{
    if (res->status >= 200 && res->status < 300) {
        keep_response(st, res);
        st->result = OFT_OK;
        return 1;
    }
    int64_t ra = oft__retry_after_ms(res->retry_after_ms, res->retry_after);
    oft__http_error_fill(c, &st->err, res->status, res->body, res->body_len,
                         res->content_type, res->request_id, ra);
    if (retry_after_past_deadline(c, st, res, ra)) {
        keep_response(st, res);
        return 1;
    }
    if (ra > c->retry_after_cap_ms) {
        oft__log(c, OFT_LOG_INFO,
                 "%s %s: not retrying: Retry-After %lld ms is above the cap of %lld ms",
                 st->req->method, st->url, (long long)ra,
                 (long long)c->retry_after_cap_ms);
    } else if (can_retry && oft__retry_status(res->status, res->should_retry)) {
        char why[24];
        snprintf(why, sizeof(why), "%ld", res->status);
        int64_t delay = ra > 0
                            ? ra
                            : oft__retry_backoff_ms(c->initial_retry_delay_ms,
                                                    c->max_retry_delay_ms, st->attempt);
        if (!retry_or_stop(c, st, delay, why))
            return 0;
        keep_response(st, res);
        return 1;
    }
    keep_response(st, res);
    st->result = st->err.status;
    return 1;
}

/* No complete response: a connection error or a timeout is retried while
 * attempts remain (and a partial download can be undone); anything else is
 * done with its error. Returns 1 when done. */
static int on_transport_failure(oft_client *c, oft__req_state *st, oft__xfer_result *res,
                                int can_retry)
{
    if (res->kind == OFT__XFER_TIMEOUT && st->cut) {
        if (res->received > 0)
            return deadline_stop(c, st,
                                 "the answer was still arriving (%lld bytes in the %lld "
                                 "ms left)",
                                 (long long)res->received, (long long)st->attempt_ms);
        return deadline_stop(c, st, "the server did not answer in the %lld ms left",
                             (long long)st->attempt_ms);
    }
    int transient = res->kind == OFT__XFER_NETWORK || res->kind == OFT__XFER_TIMEOUT;
    if (transient && can_retry) {
        if (rewind_download(st, res->downloaded) == 0)
            return retry_or_stop(
                c, st,
                oft__retry_backoff_ms(c->initial_retry_delay_ms, c->max_retry_delay_ms,
                                      st->attempt),
                res->kind == OFT__XFER_TIMEOUT ? "a timeout" : "a connection error");
        oft__log(c, OFT_LOG_WARN,
                 "%s %s: not retrying: the download descriptor cannot be rewound",
                 st->req->method, st->url);
    }
    st->result = st->err.status;
    return 1;
}

/* Decides what one finished attempt means: done, or retry at st->due. */
static void on_attempt_done(oft_client *c, oft__req_state *st, oft__xfer_result *res)
{
    long long elapsed = (long long)(oft__now_ms() - st->started);
    int can_retry = st->attempt < st->max_retries;
    if (res->kind == OFT__XFER_HTTP) {
        oft__log(c, OFT_LOG_DEBUG, "%s %s -> %ld in %lld ms (attempt %d%s%s%s%s%s)",
                 st->req->method, st->url, res->status, elapsed, st->attempt + 1,
                 res->request_id ? "; request " : "",
                 res->request_id ? res->request_id : "",
                 res->new_connects > 0 ? "; new connection" : "",
                 st->idem[0] ? "; idempotency key " : "", st->idem);
        st->done = on_http_response(c, st, res, can_retry);
    } else {
        set_transport_error(c, st, res);
        oft__log(c, OFT_LOG_DEBUG, "%s %s -> %s in %lld ms (attempt %d)", st->req->method,
                 st->url, without_request(st, st->err.message), elapsed, st->attempt + 1);
        st->done = on_transport_failure(c, st, res, can_retry);
    }
}

/* The requests of one run and where they stand. */
typedef struct run_state {
    oft_client *c;
    oft__req_state *st;
    size_t n;
    size_t concurrency;
    int own_handles;
    size_t in_flight; /* attempts started and not finished */
    size_t remaining; /* requests not done */
} run_state;

/* Step 1: every request checked and given its state (URL, idempotency key,
 * download start). OFT_OK, or the first failure (recorded on the client). */
static int prepare(run_state *r, const oft__request *reqs, oft__response *resps)
{
    for (size_t i = 0; i < r->n; i++) {
        resps[i] = (oft__response)OFT__RESPONSE_INIT;
        oft__error_init(&r->st[i].err);
        r->st[i].result = OFT_OK;
    }
    int rc = OFT_OK;
    for (size_t i = 0; i < r->n && rc == OFT_OK; i++)
        if ((rc = oft__req_check(r->c, &reqs[i])) == OFT_OK)
            rc = oft__req_init(r->c, &r->st[i], &reqs[i], &resps[i]);
    r->remaining = r->n;
    return rc;
}

/* Step 2: starts every attempt that is due, as far as the concurrency
 * allows (one that cannot start is done with its error). Returns when the
 * next retry is due (INT64_MAX: none waits). */
static int64_t start_due(run_state *r, int64_t now)
{
    int64_t next_due = INT64_MAX;
    for (size_t i = 0; i < r->n; i++) {
        oft__req_state *s = &r->st[i];
        if (s->done || s->x != NULL)
            continue;
        if (s->due > now) {
            next_due = s->due < next_due ? s->due : next_due;
        } else if (r->in_flight < r->concurrency) {
            if ((s->result = oft__req_start_attempt(r->c, s, r->own_handles)) == OFT_OK) {
                r->in_flight++;
            } else {
                s->done = 1;
                r->remaining--;
            }
        }
    }
    return next_due;
}

/* The request id is the one server string kept past the attempt (on the
 * response, so on every struct made from it, and on an error): redacted once,
 * before it is logged or kept. A genuine one never holds a key. */
static void redact_request_id(const oft_client *c, oft__xfer_result *res)
{
    if (res->request_id == NULL)
        return;
    char *id = oft__redact(c, res->request_id);
    oft__free(res->request_id);
    res->request_id = id;
    if (id == NULL) /* out of memory: the attempt fails, it does not lose the id */
        res->kind = OFT__XFER_NOMEM;
}

/* A body kept in memory is what every string of a response comes from (its
 * raw_json, each parsed field, an error's excerpt and body): a server that
 * reflects a key gets it redacted there, once, in the raw text and then in
 * every JSON string as a decoder reads it (a key written with escapes). A
 * body written to a download descriptor is the file's content and stays as
 * sent. */
static void redact_body(const oft_client *c, oft__xfer_result *res)
{
    if (res->body == NULL || res->kind != OFT__XFER_HTTP)
        return;
    oft__str out = OFT__STR_INIT;
    int rc = oft__json_redact(&c->redactor, res->body, res->body_len, &out);
    if (rc < 0) {
        res->kind = OFT__XFER_NOMEM;
        return;
    }
    if (rc == 0)
        return;
    explicit_bzero(res->body, res->body_len);
    oft__free(res->body);
    res->body_len = out.len;
    res->body = oft__str_detach(&out);
}

/* The headers of an answer that arrived become the client's last response
 * headers (oft_client_response_headers), redacted as its request id is. */
static void keep_headers(oft_client *c, oft__xfer_result *res)
{
    if (res->kind != OFT__XFER_HTTP || res->headers == NULL)
        return;
    char *kept = oft__redact(c, res->headers);
    if (kept == NULL) /* out of memory: the attempt fails, it does not lose them */
        res->kind = OFT__XFER_NOMEM;
    oft__client_keep_response_headers(c, kept);
}

/* Step 3: one attempt the transport finished: done, or a retry scheduled. */
static void take_finished(run_state *r, oft__xfer *x)
{
    oft__req_state *s = oft__xfer_user(x);
    oft__xfer_result res;
    oft__xfer_finish(x, OFT__XFER_INTERRUPTED, &res);
    redact_request_id(r->c, &res);
    keep_headers(r->c, &res);
    redact_body(r->c, &res);
    s->x = NULL;
    r->in_flight--;
    on_attempt_done(r->c, s, &res);
    oft__xfer_result_dispose(&res);
    if (s->done)
        r->remaining--;
}

/* The retry loop: steps 2 and 3 until every request is done. Returns OFT_OK;
 * OFT_EINTERRUPTED when an interrupt stops it (spent here); OFT_ERROR when
 * the transport fails. */
static int drive(run_state *r)
{
    while (r->remaining > 0) {
        if (oft__client_interrupted(r->c))
            return OFT_EINTERRUPTED;
        int64_t now = oft__now_ms();
        int64_t next_due = start_due(r, now);
        if (r->remaining == 0)
            break;
        int64_t wait = next_due == INT64_MAX ? -1 : next_due - now;
        oft__xfer *x = NULL;
        if (oft__transport_poll(r->c->transport, wait, &x) != OFT_OK)
            return oft__error_set(r->c, OFT_ERROR, "the transport failed");
        if (x != NULL)
            take_finished(r, x);
    }
    return OFT_OK;
}

/* Step 4, when the loop was stopped: ends every attempt still in flight and
 * marks every request not done with why (OFT_EINTERRUPTED or OFT_ERROR). */
static void stop_unfinished(run_state *r, int why)
{
    for (size_t i = 0; i < r->n; i++) {
        oft__req_state *s = &r->st[i];
        if (s->done)
            continue;
        if (s->x != NULL) {
            oft__xfer_result res;
            oft__xfer_finish(s->x, OFT__XFER_INTERRUPTED, &res);
            oft__xfer_result_dispose(&res);
            s->x = NULL;
        }
        oft__error_reset(&s->err);
        s->err.status = s->result = why;
        oft__str m = OFT__STR_INIT;
        oft__str_printf(&m, "%s %s: %s", s->req->method, s->url,
                        why == OFT_EINTERRUPTED ? "interrupted" : "transport failure");
        s->err.message = m.oom ? NULL : oft__redact(r->c, m.ptr);
        oft__str_free(&m);
        s->done = 1;
    }
}

/* Step 5: each request's status to results; the first failure becomes the
 * client's last error and the return value. */
static int collect(run_state *r, int *results)
{
    int rc = OFT_OK;
    for (size_t i = 0; i < r->n; i++) {
        if (results)
            results[i] = r->st[i].result;
        if (rc == OFT_OK && r->st[i].result != OFT_OK)
            rc = oft__error_adopt(r->c, &r->st[i].err);
    }
    if (rc == OFT_OK)
        oft__error_reset(&r->c->err);
    return rc;
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
    oft__req_state one; /* a single request needs no allocation */
    run_state r = {c, &one, n, concurrency ? concurrency : 1, own_handles, 0, 0};
    if (n == 1)
        memset(&one, 0, sizeof(one));
    else if ((r.st = oft__calloc(n, sizeof(*r.st))) == NULL)
        return oft__error_set(c, OFT_ENOMEM, "out of memory");
    int rc = prepare(&r, reqs, resps);
    if (rc == OFT_OK) {
        int stopped = drive(&r);
        if (stopped != OFT_OK)
            stop_unfinished(&r, stopped);
        rc = collect(&r, results);
    }
    for (size_t i = 0; i < n; i++) {
        oft__error_reset(&r.st[i].err);
        oft__free(r.st[i].url);
        oft__free(r.st[i].body);
    }
    if (r.st != &one)
        oft__free(r.st);
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
