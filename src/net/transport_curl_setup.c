/*
 * A transfer's set-up on its curl handle: the header list (the main
 * handle's reused while its lines stay the same), the options, the multipart
 * form, and the callbacks those install (response headers, the body in
 * memory or to the download descriptor, progress, file parts read with
 * pread).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "net/transport_curl.h"

/* Frees a header list after wiping its lines (the key is among them). */
void oft__curl_hdrs_free(struct curl_slist *l)
{
    for (struct curl_slist *n = l; n != NULL; n = n->next)
        explicit_bzero(n->data, strlen(n->data));
    curl_slist_free_all(l);
}

/* Keeps the value of a header we care about (the last one wins). */
static void keep_header(char **slot, const char *v, size_t n, oft__xfer *x)
{
    oft__free(*slot);
    *slot = oft__strndup(v, n);
    if (*slot == NULL)
        x->nomem = 1;
}

/* The most of a response's header lines kept for oft_client_response_headers. */
#define RESP_HEADERS_MAX ((size_t)64 << 10)

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    oft__xfer *x = ud;
    size_t len = size * n;
    int status_line = len >= 5 && strncmp(p, "HTTP/", 5) == 0;
    if (status_line) /* a new response (after 100 Continue): its lines only */
        x->resp_headers.len = 0;
    if (x->resp_headers.len + len <= RESP_HEADERS_MAX && !(len == 2 && p[0] == '\r')) {
        oft__str_putn(&x->resp_headers, p, len);
        if (x->resp_headers.oom)
            x->nomem = 1;
    }
    if (status_line) {
        char **slots[] = {&x->request_id, &x->retry_after_ms, &x->retry_after,
                          &x->should_retry, &x->content_type};
        for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
            oft__free(*slots[i]);
            *slots[i] = NULL;
        }
        return len;
    }
    const char *colon = memchr(p, ':', len);
    if (colon == NULL)
        return len;
    size_t name_len = (size_t)(colon - p);
    const char *v = colon + 1, *end = p + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
#define WANTED(name, field)                                                              \
    {                                                                                    \
        name, sizeof(name) - 1, offsetof(oft__xfer, field)                               \
    }
    static const struct {
        const char *name;
        size_t len;
        size_t off;
    } wanted[] = {
        WANTED("x-request-id", request_id),   WANTED("retry-after-ms", retry_after_ms),
        WANTED("retry-after", retry_after),   WANTED("x-should-retry", should_retry),
        WANTED("content-type", content_type),
    };
#undef WANTED
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        if (wanted[i].len == name_len && strncasecmp(p, wanted[i].name, name_len) == 0) {
            keep_header((char **)((char *)x + wanted[i].off), v, (size_t)(end - v), x);
            break;
        }
    }
    return len;
}

/* Bodies announced larger than this still grow as they arrive. */
#define BODY_PRESIZE_MAX ((curl_off_t)64 << 20)

static size_t on_write(char *p, size_t size, size_t n, void *ud)
{
    oft__xfer *x = ud;
    size_t len = size * n;
    long code = 0;
    if (x->spec.download_fd >= 0)
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 200 && code < 300) {
        for (size_t off = 0; off < len;) {
            ssize_t w = write(x->spec.download_fd, p + off, len - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                x->io_error = w < 0 ? errno : EIO;
                return 0;
            }
            off += (size_t)w;
            x->downloaded += w;
        }
        return len;
    }
    curl_off_t expect = -1;
    if (x->body.cap == 0 && curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
                                              &expect) != CURLE_OK)
        expect = -1;
    /* An endless or huge body must not grow without bound: stop at the cap,
     * or at once when Content-Length announces more. */
    size_t cap = x->spec.max_body;
    if (cap > 0 && ((expect >= 0 && (uint64_t)expect > cap) || len > cap - x->body.len)) {
        x->too_big = 1;
        return 0;
    }
    if (x->body.cap == 0 && expect > (curl_off_t)len && expect < BODY_PRESIZE_MAX) {
        /* One allocation of the announced size rather than doubling up to it. */
        if ((x->body.ptr = oft__malloc((size_t)expect + 1)) != NULL)
            x->body.cap = (size_t)expect + 1;
    }
    oft__str_putn(&x->body, p, len);
    if (x->body.oom) {
        x->nomem = 1;
        return 0;
    }
    return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    oft__xfer *x = ud;
    (void)dltotal;
    (void)dlnow;
    if (x->spec.progress != NULL && ulnow != x->last_progress && ultotal > 0) {
        x->last_progress = ulnow;
        if (x->spec.progress(ulnow, ultotal, x->spec.progress_payload) != 0) {
            x->user_stop = 1;
            return 1;
        }
    }
    return 0;
}

/* A file part is read with pread, so a retry simply starts again at 0. */
static size_t on_file_read(char *buf, size_t size, size_t n, void *ud)
{
    oft__xfer *x = ud;
    const oft__form_file *f = x->spec.form_file;
    int64_t left = f->length - x->file_pos;
    size_t want = size * n;
    if (left <= 0)
        return 0;
    if ((int64_t)want > left)
        want = (size_t)left;
    ssize_t got;
    do
        got = pread(f->fd, buf, want, (off_t)(f->offset + x->file_pos));
    while (got < 0 && errno == EINTR);
    if (got <= 0) { /* an error, or the file shrank under us */
        x->io_error = got < 0 ? errno : EIO;
        return CURL_READFUNC_ABORT;
    }
    x->file_pos += got;
    return (size_t)got;
}

static int on_file_seek(void *ud, curl_off_t offset, int origin)
{
    oft__xfer *x = ud;
    if (origin != SEEK_SET || offset < 0 || offset > x->spec.form_file->length)
        return CURL_SEEKFUNC_CANTSEEK;
    x->file_pos = offset;
    return CURL_SEEKFUNC_OK;
}

/* Records which step libcurl refused; returns code. */
static CURLcode refused(oft__xfer *x, CURLcode code, const char *step)
{
    if (code != CURLE_OK && x->refused_step == NULL)
        x->refused_step = step;
    return code;
}

/* The multipart form: its fields, then the file part read with pread. */
static CURLcode build_mime(oft__xfer *x)
{
    const oft__xfer_spec *s = &x->spec;
    if ((x->mime = curl_mime_init(x->easy)) == NULL)
        return CURLE_OUT_OF_MEMORY;
    CURLcode rc = CURLE_OK;
    for (size_t i = 0; i < s->form_count && rc == CURLE_OK; i++) {
        curl_mimepart *part = curl_mime_addpart(x->mime);
        if (part == NULL)
            return CURLE_OUT_OF_MEMORY;
        rc = curl_mime_name(part, s->form[i].name);
        if (rc == CURLE_OK)
            rc = curl_mime_data(part, s->form[i].value, CURL_ZERO_TERMINATED);
    }
    const oft__form_file *f = s->form_file;
    if (f != NULL && rc == CURLE_OK) {
        curl_mimepart *part = curl_mime_addpart(x->mime);
        if (part == NULL)
            return CURLE_OUT_OF_MEMORY;
        rc = curl_mime_name(part, f->field);
        if (rc == CURLE_OK)
            rc = curl_mime_filename(part, f->filename);
        if (rc == CURLE_OK)
            rc = curl_mime_type(part, f->content_type ? f->content_type
                                                      : "application/octet-stream");
        if (rc == CURLE_OK)
            rc = curl_mime_data_cb(part, (curl_off_t)f->length, on_file_read,
                                   on_file_seek, NULL, x);
    }
    if (rc == CURLE_OK)
        rc = refused(x, curl_easy_setopt(x->easy, CURLOPT_MIMEPOST, x->mime),
                     "CURLOPT_MIMEPOST");
    return refused(x, rc, "the multipart form");
}

/* 1 when list l holds exactly lines[0..n). */
static int hdrs_equal(const struct curl_slist *l, const char *const *lines, size_t n)
{
    for (size_t i = 0; i < n; i++, l = l->next)
        if (l == NULL || strcmp(l->data, lines[i]) != 0)
            return 0;
    return l == NULL;
}

/*
 * x->hdrs for the spec's lines plus `extra` ones. The main handle (one
 * transfer at a time) reuses the transport's cached list when every line is
 * the same, and otherwise replaces it; the retry count and idempotency key
 * make lines differ, so the cache never serves a stale line.
 */
static int build_hdrs(oft__xfer *x, const char *const *extra, size_t n_extra)
{
    const oft__xfer_spec *s = &x->spec;
    oft__transport *t = x->t;
    const char *few[48];
    size_t n = s->headers_count + n_extra;
    const char **lines = n <= 48 ? few : oft__calloc(n, sizeof(char *));
    if (lines == NULL)
        return -1;
    if (s->headers_count > 0)
        memcpy(lines, s->headers, s->headers_count * sizeof(char *));
    memcpy(lines + s->headers_count, extra, n_extra * sizeof(char *));
    int rc = 0;
    if (!x->own && t->hdr_cache != NULL && hdrs_equal(t->hdr_cache, lines, n)) {
        x->hdrs = t->hdr_cache;
        x->hdrs_cached = 1;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        struct curl_slist *l = curl_slist_append(x->hdrs, lines[i]);
        if (l == NULL) {
            rc = -1;
            goto out;
        }
        x->hdrs = l;
    }
    if (!x->own) {
        oft__curl_hdrs_free(t->hdr_cache);
        t->hdr_cache = x->hdrs;
        x->hdrs_cached = 1;
    }
out:
    if (lines != few)
        oft__free(lines);
    return rc;
}

/* Our int64_t milliseconds as libcurl's long: clamped, never wrapped, where
 * long is narrower (32 bits: about 24.8 days, the longest limit curl takes). */
static long curl_ms(int64_t ms)
{
    return ms < 0 ? 0 : ms > LONG_MAX ? LONG_MAX : (long)ms;
}

/* curl_easy_setopt, the first refusal kept with the option's name. */
#define SET(opt, val)                                                                    \
    do {                                                                                 \
        if (rc == CURLE_OK)                                                              \
            rc = refused(x, curl_easy_setopt(x->easy, opt, val), #opt);                  \
    } while (0)

/* The options alike for every transfer: signals, TLS checks, protocols and
 * the callbacks. The main handle keeps them between plain GETs. */
static CURLcode set_constant_options(oft__xfer *x)
{
    CURLcode rc = CURLE_OK;
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_WRITEFUNCTION, on_write);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    return rc;
}

/* The method and what it sends: nothing, a JSON body or a multipart form. */
static CURLcode set_method_and_body(oft__xfer *x, int is_get, int has_form)
{
    const oft__xfer_spec *s = &x->spec;
    CURLcode rc = CURLE_OK;
    if (is_get) {
        SET(CURLOPT_HTTPGET, 1L);
        return rc;
    }
    int is_post = strcmp(s->method, "POST") == 0;
    if (!is_post)
        SET(CURLOPT_CUSTOMREQUEST, s->method);
    if (has_form) {
        if (rc == CURLE_OK)
            rc = build_mime(x);
    } else if (s->body != NULL || is_post) {
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(s->body ? s->body_len : 0));
        SET(CURLOPT_POSTFIELDS, s->body ? s->body : "");
    }
    return rc;
}

CURLcode oft__curl_setup(oft__xfer *x)
{
    const oft__xfer_spec *s = &x->spec;
    int is_get = strcmp(s->method, "GET") == 0;
    int has_form = s->form_file != NULL || s->form_count > 0;
    x->plain = is_get && !has_form && s->body == NULL && s->ca_file == NULL &&
               s->ca_path == NULL;
    const char *extra[2];
    size_t n_extra = 0;
    /* No "Expect: 100-continue" round trip on larger bodies (a GET has none). */
    if (!is_get)
        extra[n_extra++] = "Expect:";
    /* An empty body: Content-Length 0 and no Content-Type at all. */
    if (!is_get && !has_form && s->body == NULL)
        extra[n_extra++] = "Content-Type:";
    if (build_hdrs(x, extra, n_extra) != 0)
        return CURLE_OUT_OF_MEMORY;

    CURLcode rc = CURLE_OK;
    SET(CURLOPT_PRIVATE, x);
    SET(CURLOPT_URL, s->url);
    SET(CURLOPT_HTTPHEADER, x->hdrs);
    SET(CURLOPT_ERRORBUFFER, x->errbuf);
    SET(CURLOPT_TIMEOUT_MS, curl_ms(s->timeout_ms));
    SET(CURLOPT_CONNECTTIMEOUT_MS, curl_ms(s->connect_timeout_ms));
    if (s->ca_file)
        SET(CURLOPT_CAINFO, s->ca_file);
    if (s->ca_path)
        SET(CURLOPT_CAPATH, s->ca_path);
    SET(CURLOPT_HEADERDATA, x);
    SET(CURLOPT_WRITEDATA, x);
    SET(CURLOPT_XFERINFODATA, x);
    if (rc == CURLE_OK && (x->own || !x->t->main_ready))
        rc = set_constant_options(x);
    if (rc == CURLE_OK)
        rc = set_method_and_body(x, is_get, has_form);
    if (rc == CURLE_OK && !x->own)
        x->t->main_ready = 1;
    return rc;
}
#undef SET
