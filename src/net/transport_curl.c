/*
 * The libcurl transport: the transport's life and a transfer's (start, wait,
 * finish); transport_curl_setup.c sets each transfer up. Every transfer runs
 * on the transport's multi handle, so the connection cache lives as long as
 * the client, and waiting also watches the client's wake-up pipe: an
 * interrupt reaches the caller at once, which then ends the transfers in
 * flight.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "net/transport_curl.h"
#include "util/clock.h"
#include "util/sleep.h"

void oft__transport_global_cleanup(void)
{
    curl_global_cleanup();
}

static char version_buf[64];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void version_init(void)
{
    snprintf(version_buf, sizeof(version_buf), "libcurl/%s",
             curl_version_info(CURLVERSION_NOW)->version);
}

const char *oft__transport_version(void)
{
    pthread_once(&version_once, version_init);
    return version_buf;
}

int oft__transport_new(oft__transport **out, int wake_fd)
{
    *out = NULL;
    oft__transport *t = oft__calloc(1, sizeof(*t));
    if (t == NULL)
        return OFT_ENOMEM;
    t->wake_fd = wake_fd;
    t->multi = curl_multi_init();
    t->main_easy = curl_easy_init();
    if (t->multi == NULL || t->main_easy == NULL) {
        oft__transport_free(t);
        return OFT_ENOMEM;
    }
    *out = t;
    return OFT_OK;
}

void oft__transport_free(oft__transport *t)
{
    if (t == NULL)
        return;
    oft__curl_hdrs_free(t->hdr_cache);
    if (t->main_easy)
        curl_easy_cleanup(t->main_easy);
    if (t->multi)
        curl_multi_cleanup(t->multi);
    oft__free(t);
}

void *oft__xfer_user(const oft__xfer *x)
{
    return x->spec.user;
}

/*
 * Leaves the main handle with no pointer into x (the connection and DNS
 * caches stay either way). After a plain GET, clearing those pointers is
 * enough: every transfer's setup sets again each other option a plain GET
 * sets (CURLOPT_HTTPGET aside, whose 1 is the default), but for those alike
 * for every transfer, which main_ready keeps. Anything else gets a full
 * curl_easy_reset.
 */
static void release_main(oft__xfer *x)
{
    CURL *e = x->easy;
    if (!x->plain) {
        curl_easy_reset(e);
        x->t->main_ready = 0;
        return;
    }
    curl_easy_setopt(e, CURLOPT_PRIVATE, NULL);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, NULL);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, NULL);
}

static void xfer_free(oft__xfer *x)
{
    if (x->easy) {
        curl_multi_remove_handle(x->t->multi, x->easy);
        if (x->own) {
            curl_easy_cleanup(x->easy);
        } else {
            x->t->main_busy = 0;
            release_main(x);
        }
    }
    if (!x->hdrs_cached)
        oft__curl_hdrs_free(x->hdrs);
    curl_mime_free(x->mime);
    oft__str_free(&x->body);
    oft__free(x->request_id);
    oft__free(x->retry_after_ms);
    oft__free(x->retry_after);
    oft__free(x->should_retry);
    oft__free(x->content_type);
    oft__str_free(&x->resp_headers);
    oft__free(x);
}

/* Why a transfer could not start, in why: memory (OFT_ENOMEM), or a
 * refusal of libcurl's that is nobody's lack of memory (OFT_EINTERNAL). */
static int start_failure(const oft__xfer *x, CURLcode code, CURLMcode mcode, char *why,
                         size_t why_len)
{
    if (code == CURLE_OUT_OF_MEMORY || mcode == CURLM_OUT_OF_MEMORY) {
        snprintf(why, why_len, "out of memory starting the transfer");
        return OFT_ENOMEM;
    }
    if (code != CURLE_OK)
        snprintf(why, why_len, "libcurl refused %s: %s",
                 x->refused_step ? x->refused_step : "the transfer",
                 curl_easy_strerror(code));
    else
        snprintf(why, why_len, "libcurl refused the transfer (curl_multi_add_handle): %s",
                 curl_multi_strerror(mcode));
    return OFT_EINTERNAL;
}

int oft__xfer_start(oft__xfer **out, oft__transport *t, const oft__xfer_spec *spec,
                    int own_handle, char *why, size_t why_len)
{
    *out = NULL;
    if (!own_handle && t->main_busy)
        own_handle = 1;
    oft__xfer *x = oft__calloc(1, sizeof(*x));
    if (x == NULL || (own_handle && (x->easy = curl_easy_init()) == NULL)) {
        oft__free(x);
        snprintf(why, why_len, "out of memory starting the transfer");
        return OFT_ENOMEM;
    }
    x->t = t;
    x->spec = *spec;
    x->own = own_handle;
    x->last_progress = -1;
    if (!own_handle) {
        x->easy = t->main_easy;
        t->main_busy = 1; /* reset, or as release_main left it */
    }
    CURLcode code = oft__curl_setup(x);
    CURLMcode mcode =
        code == CURLE_OK ? curl_multi_add_handle(t->multi, x->easy) : CURLM_OK;
    if (code != CURLE_OK || mcode != CURLM_OK) {
        int rc = start_failure(x, code, mcode, why, why_len);
        if (own_handle) {
            curl_easy_cleanup(x->easy);
        } else {
            t->main_busy = 0;
            curl_easy_reset(x->easy);
            t->main_ready = 0;
        }
        x->easy = NULL;
        xfer_free(x);
        return rc;
    }
    *out = x;
    return OFT_OK;
}

int oft__transport_poll(oft__transport *t, int64_t timeout_ms, oft__xfer **done)
{
    *done = NULL;
    /* Saturated, never wrapped: a far end must not become an end passed. */
    int64_t now = oft__now_ms();
    int64_t end =
        timeout_ms < 0 || timeout_ms > INT64_MAX - now ? INT64_MAX : now + timeout_ms;
    for (;;) {
        int running = 0;
        if (curl_multi_perform(t->multi, &running) != CURLM_OK)
            return OFT_ERROR;
        int queued;
        CURLMsg *m;
        while ((m = curl_multi_info_read(t->multi, &queued)) != NULL) {
            if (m->msg != CURLMSG_DONE)
                continue;
            oft__xfer *x = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            if (x == NULL || x->done)
                continue;
            x->done = 1;
            x->code = m->data.result;
            *done = x;
            return OFT_OK;
        }
        int64_t left = end - oft__now_ms();
        if (left <= 0)
            return OFT_OK;
        struct curl_waitfd wake = {t->wake_fd, CURL_WAIT_POLLIN, 0};
        curl_multi_poll(t->multi, &wake, 1, left > 1000 ? 1000 : (int)left, NULL);
        if (wake.revents != 0) {
            /* Drained before the caller looks at why: never a loop on one byte. */
            oft__wake_drain(t->wake_fd);
            return OFT_OK;
        }
    }
}

/* 1 when code (with curl's message) is a TLS verification failure: the
 * peer's certificate refused, a CA file or CRL unreadable, our certificate
 * refused by the peer (a handshake ended by its alert). */
static int tls_verification_failed(CURLcode code, const char *msg)
{
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return 1;
        case CURLE_SSL_CONNECT_ERROR:
            /* also a reset mid-handshake: only the peer's refusals count (its
             * alerts "bad certificate", "unknown ca", "certificate required",
             * "handshake failure" for a client certificate it wants) */
            return strstr(msg, "certificate") != NULL || strstr(msg, "unknown ca") ||
                   strstr(msg, "verify") != NULL ||
                   strstr(msg, "alert handshake failure") != NULL;
        default:
            return 0;
    }
}

void oft__xfer_finish(oft__xfer *x, int abort_kind, oft__xfer_result *res)
{
    memset(res, 0, sizeof(*res));
    if (!x->done) {
        res->kind = abort_kind;
    } else if (x->nomem) {
        res->kind = OFT__XFER_NOMEM;
    } else if (x->too_big) {
        res->kind = OFT__XFER_TOO_BIG;
    } else if (x->io_error) {
        res->kind = OFT__XFER_IO;
        snprintf(res->curl_message, sizeof(res->curl_message), "%s",
                 strerror(x->io_error));
    } else if (x->code == CURLE_OK) {
        res->kind = OFT__XFER_HTTP;
    } else if (x->code == CURLE_ABORTED_BY_CALLBACK) {
        res->kind = x->user_stop ? OFT__XFER_USER : OFT__XFER_INTERRUPTED;
    } else if (x->code == CURLE_OPERATION_TIMEDOUT) {
        res->kind = OFT__XFER_TIMEOUT;
    } else if (tls_verification_failed(x->code, x->errbuf)) {
        res->kind = OFT__XFER_TLS;
    } else {
        res->kind = OFT__XFER_NETWORK;
    }
    if (x->done && !x->io_error) {
        res->curl_code = (int)x->code;
        if (x->code != CURLE_OK)
            snprintf(res->curl_message, sizeof(res->curl_message), "%s",
                     x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->code));
    }
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &res->status);
    curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &res->new_connects);
    long header_bytes = 0;
    curl_easy_getinfo(x->easy, CURLINFO_HEADER_SIZE, &header_bytes);
    res->received = header_bytes + (int64_t)x->body.len + x->downloaded;
    if (res->kind != OFT__XFER_HTTP && res->kind != OFT__XFER_TOO_BIG)
        res->status = 0;
    if (x->body.ptr == NULL)
        oft__str_puts(&x->body, "");
    res->body_len = x->body.len;
    res->body = oft__str_detach(&x->body);
    res->request_id = x->request_id;
    res->retry_after_ms = x->retry_after_ms;
    res->retry_after = x->retry_after;
    res->should_retry = x->should_retry;
    res->content_type = x->content_type;
    x->request_id = x->retry_after_ms = x->retry_after = x->should_retry = NULL;
    x->content_type = NULL;
    res->headers = x->resp_headers.len && !x->resp_headers.oom
                       ? oft__str_detach(&x->resp_headers)
                       : NULL;
    res->downloaded = x->downloaded;
    xfer_free(x);
}

void oft__xfer_result_dispose(oft__xfer_result *res)
{
    oft__free(res->body);
    oft__free(res->request_id);
    oft__free(res->retry_after_ms);
    oft__free(res->retry_after);
    oft__free(res->should_retry);
    oft__free(res->content_type);
    oft__free(res->headers);
    memset(res, 0, sizeof(*res));
}
