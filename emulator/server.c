/*
 * The HTTP side of the emulator: libmicrohttpd with a thread per connection
 * (so a slow or sleeping client never blocks the others), request recording,
 * scripted responses, fault injection, Bearer auth, body intake (JSON buffered
 * with a cap, multipart streamed to the data dir) and routing under /v1.
 */
#include "emu.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Per-request state, created by the URI log callback. */
typedef struct conn_ctx {
    char *uri;      /* as received: percent-encoded, with the query */
    char *raw_path; /* uri up to '?' */
    int started;
    int64_t t0;
    emu_record *rec;
    char *body;
    size_t body_len;
    size_t body_cap;
    int too_large;
    emu_form *form;
    struct MHD_PostProcessor *pp;
    int form_error;
} conn_ctx;

void oft_emu_options_init(oft_emu_options *opts)
{
    if (opts)
        memset(opts, 0, sizeof(*opts));
}

/* ---- responses ---- */

typedef struct reset_body {
    char *data;
    size_t len;
    size_t half;
} reset_body;

static ssize_t reset_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    reset_body *rb = cls;
    if (pos >= rb->half)
        return MHD_CONTENT_READER_END_WITH_ERROR; /* drop the connection mid-body */
    size_t n = rb->half - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(buf, rb->data + pos, n);
    return (ssize_t)n;
}

static void reset_free(void *cls)
{
    reset_body *rb = cls;
    free(rb->data);
    free(rb);
}

static void add_header_lines(struct MHD_Response *resp, const char *lines, int *has_ctype,
                             int *has_reqid)
{
    for (const char *line = lines; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        const char *colon = memchr(line, ':', len);
        if (colon && colon > line) {
            char name[128], value[1024];
            size_t nl = (size_t)(colon - line);
            const char *v = colon + 1;
            while (v < line + len && *v == ' ')
                v++;
            size_t vl = (size_t)(line + len - v);
            while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
                vl--;
            if (nl < sizeof(name) && vl < sizeof(value)) {
                memcpy(name, line, nl);
                name[nl] = '\0';
                memcpy(value, v, vl);
                value[vl] = '\0';
                MHD_add_response_header(resp, name, value);
                if (strcasecmp(name, "Content-Type") == 0)
                    *has_ctype = 1;
                if (strcasecmp(name, "x-request-id") == 0)
                    *has_reqid = 1;
            }
        }
        line = eol ? eol + 1 : line + len;
    }
}

static void log_request(oft_emu *emu, const char *method, const char *uri, int status,
                        int64_t t0)
{
    if (emu->opts.quiet)
        return;
    fprintf(stderr, "%s %s %d %lldms\n", method, uri, status,
            (long long)(emu_now_mono_ms() - t0));
}

/* Queues r (or a scripted reset body) on the connection and frees r's parts. */
static enum MHD_Result send_resp(oft_emu *emu, struct MHD_Connection *conn, conn_ctx *ctx,
                                 const char *method, emu_resp *r, int reset)
{
    struct MHD_Response *resp;
    if (reset) {
        reset_body *rb = calloc(1, sizeof(*rb));
        if (!rb)
            return MHD_NO;
        rb->data = r->body;
        rb->len = r->len;
        rb->half = r->len / 2;
        r->body = NULL;
        resp = MHD_create_response_from_callback(rb->len, 4096, reset_reader, rb,
                                                 reset_free);
        if (!resp)
            reset_free(rb);
    } else if (r->fd >= 0) {
        resp = MHD_create_response_from_fd64(r->fd_size, r->fd);
        if (!resp)
            close(r->fd);
        r->fd = -1;
    } else {
        static char empty[1];
        resp = MHD_create_response_from_buffer(r->len, r->body ? r->body : empty,
                                               r->body ? MHD_RESPMEM_MUST_FREE
                                                       : MHD_RESPMEM_PERSISTENT);
        if (resp)
            r->body = NULL;
    }
    free(r->body);
    r->body = NULL;
    if (!resp)
        return MHD_NO;
    int has_ctype = 0, has_reqid = 0;
    add_header_lines(resp, r->headers, &has_ctype, &has_reqid);
    if (!has_ctype)
        MHD_add_response_header(resp, "Content-Type",
                                r->ctype ? r->ctype : "application/json");
    if (!has_reqid) {
        char rid[48];
        emu_random_hex(rid, sizeof(rid), "req_", 32);
        MHD_add_response_header(resp, "x-request-id", rid);
    }
    pthread_mutex_lock(&emu->lock);
    int draining = emu->draining;
    pthread_mutex_unlock(&emu->lock);
    if (draining) /* the client reconnects elsewhere rather than reusing this one */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    MHD_add_response_header(resp, "openai-version", "2020-10-01");
    MHD_add_response_header(resp, "openai-organization", emu->organization);
    char ms[32];
    snprintf(ms, sizeof(ms), "%lld", (long long)(emu_now_mono_ms() - ctx->t0));
    MHD_add_response_header(resp, "openai-processing-ms", ms);
    log_request(emu, method, ctx->uri, r->status, ctx->t0);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned int)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---- auth, faults, routing ---- */

static const char *bearer(struct MHD_Connection *conn)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    h += 7;
    while (*h == ' ')
        h++;
    return *h ? h : NULL;
}

static int is_permission_path(const char *path)
{
    return strncmp(path, "/fine_tuning/checkpoints/", 25) == 0;
}

/* 0 when the key is right for this path, else answers 401. Never echoes the key. */
static int check_auth(oft_emu *emu, struct MHD_Connection *conn, const char *path,
                      emu_resp *r)
{
    const char *key = bearer(conn);
    if (!key)
        return emu_reply_error(
            r, 401, "invalid_request_error", NULL, NULL,
            "You didn't provide an API key. You need to provide your API key in an "
            "Authorization header using Bearer auth (i.e. Authorization: Bearer "
            "YOUR_KEY).");
    const char *want = is_permission_path(path) ? emu->admin_key : emu->api_key;
    if (want && strcmp(key, want) != 0)
        return emu_reply_error(
            r, 401, "invalid_request_error", NULL, "invalid_api_key",
            is_permission_path(path)
                ? "Incorrect admin API key provided. Checkpoint "
                  "permissions need an admin key."
                : "Incorrect API key provided. You can find your API "
                  "key at https://platform.openai.com/account/api-keys.");
    return 0;
}

/* Rate limit and random failures; 0 to go on, else r holds the answer. */
static int inject_faults(oft_emu *emu, emu_resp *r)
{
    if (emu->opts.rate_limit > 0) {
        int64_t now = emu_now_mono_ms();
        int limited;
        pthread_mutex_lock(&emu->lock);
        if (now / 1000 != emu->rate_window) {
            emu->rate_window = now / 1000;
            emu->rate_count = 0;
        }
        limited = ++emu->rate_count > emu->opts.rate_limit;
        pthread_mutex_unlock(&emu->lock);
        if (limited) {
            snprintf(r->headers, sizeof(r->headers),
                     "Retry-After: 1\nretry-after-ms: %lld\n"
                     "x-ratelimit-limit-requests: %d\nx-ratelimit-remaining-requests: 0\n"
                     "x-ratelimit-reset-requests: %lldms\n",
                     (long long)(1000 - now % 1000), emu->opts.rate_limit,
                     (long long)(1000 - now % 1000));
            return emu_reply_error(
                r, 429, "requests", NULL, "rate_limit_exceeded",
                "Rate limit reached for requests: limit %d per second. "
                "Please try again in 1s.",
                emu->opts.rate_limit);
        }
    }
    if (emu->opts.fail_rate > 0 && emu_random_unit() < emu->opts.fail_rate)
        return emu_reply_error(r, 500, "server_error", NULL, NULL,
                               "The server had an error while processing your request. "
                               "Sorry about that!");
    return 0;
}

static void route(emu_req *req, emu_resp *r)
{
    char segs[8][256];
    size_t n = emu_split(req->raw_path, segs, 8);
    int handled = 1;
    pthread_mutex_lock(&req->emu->lock);
    if (n >= 1 && strcmp(segs[0], "files") == 0)
        handled = emu_route_files(req, r, segs, n);
    else if (n >= 1 && strcmp(segs[0], "uploads") == 0)
        handled = emu_route_uploads(req, r, segs, n);
    else if (n >= 1 && strcmp(segs[0], "models") == 0)
        handled = emu_route_models(req, r, segs, n);
    else if (n >= 2 && strcmp(segs[0], "fine_tuning") == 0 &&
             strcmp(segs[1], "jobs") == 0)
        handled = emu_route_jobs(req, r, segs, n);
    else if (n >= 2 && strcmp(segs[0], "fine_tuning") == 0 &&
             strcmp(segs[1], "checkpoints") == 0)
        handled = emu_route_permissions(req, r, segs, n);
    else if (n >= 2 && strcmp(segs[0], "fine_tuning") == 0 &&
             strcmp(segs[1], "alpha") == 0)
        handled = emu_route_graders(req, r, segs, n);
    else
        handled = 0;
    pthread_mutex_unlock(&req->emu->lock);
    /* A handler returns 0 for "no such route" and leaves r alone. */
    if (!handled && r->status == 0)
        emu_reply_error(r, 404, "invalid_request_error", NULL, "unknown_url",
                        "Invalid URL (%s /v1%s)", req->method, req->path);
}

/* ---- request bodies ---- */

static int is_multipart_route(const char *method, const char *path)
{
    if (strcmp(method, "POST") != 0)
        return 0;
    if (strcmp(path, "/files") == 0)
        return 1;
    size_t n = strlen(path);
    return strncmp(path, "/uploads/", 9) == 0 && n > 15 &&
           strcmp(path + n - 6, "/parts") == 0;
}

static void form_free(emu_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nfields; i++) {
        free(f->names[i]);
        free(f->values[i]);
    }
    free(f->filename);
    if (f->fd >= 0)
        close(f->fd);
    if (f->tmp_path[0])
        unlink(f->tmp_path); /* handlers rename it away when they keep it */
    free(f);
}

static enum MHD_Result form_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *filename, const char *content_type,
                                 const char *transfer_encoding, const char *data,
                                 uint64_t off, size_t size)
{
    conn_ctx *ctx = cls;
    emu_form *f = ctx->form;
    if (!key)
        return MHD_YES;
    if (strcmp(key, f->file_field) == 0) {
        if (f->fd < 0 && !f->has_file) {
            f->fd = mkstemp(f->tmp_path);
            if (f->fd < 0) {
                f->tmp_path[0] = '\0';
                f->io_error = 1;
                return MHD_NO;
            }
            f->has_file = 1;
            f->filename = emu_strdup(filename ? filename : "");
        }
        if (f->fd < 0)
            return MHD_YES; /* a second file field: ignored */
        if (f->file_bytes + (int64_t)size > f->file_cap) {
            f->file_bytes += (int64_t)size; /* too big: the handler refuses it */
            return MHD_YES;
        }
        while (size > 0) {
            ssize_t w = write(f->fd, data, size);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                f->io_error = 1;
                return MHD_NO;
            }
            data += w;
            size -= (size_t)w;
            f->file_bytes += w;
        }
        return MHD_YES;
    }
    /* A small field, maybe delivered in pieces. */
    size_t i;
    for (i = 0; i < f->nfields; i++) {
        if (strcmp(f->names[i], key) == 0)
            break;
    }
    if (i == f->nfields) {
        if (f->nfields == EMU_FORM_FIELDS)
            return MHD_YES;
        f->names[i] = emu_strdup(key);
        f->values[i] = calloc(1, 1);
        f->nfields++;
    }
    size_t old = strlen(f->values[i]);
    if (old + size > 4096) {
        f->too_big = 1;
        return MHD_YES;
    }
    char *v = realloc(f->values[i], old + size + 1);
    if (!v)
        return MHD_NO;
    memcpy(v + old, data, size);
    v[old + size] = '\0';
    f->values[i] = v;
    return MHD_YES;
}

/* A request begins: its context, counted in flight until request_completed. */
static void *uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    oft_emu *emu = cls;
    conn_ctx *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return NULL;
    ctx->uri = emu_strdup(uri);
    ctx->raw_path = ctx->uri ? strndup(uri, strcspn(uri, "?")) : NULL;
    ctx->t0 = emu_now_mono_ms();
    pthread_mutex_lock(&emu->lock);
    emu->inflight++;
    pthread_mutex_unlock(&emu->lock);
    return ctx;
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    oft_emu *emu = cls;
    conn_ctx *ctx = *con_cls;
    if (!ctx)
        return;
    if (ctx->pp)
        MHD_destroy_post_processor(ctx->pp);
    form_free(ctx->form);
    free(ctx->body);
    free(ctx->uri);
    free(ctx->raw_path);
    free(ctx);
    *con_cls = NULL;
    pthread_mutex_lock(&emu->lock);
    if (--emu->inflight == 0)
        pthread_cond_broadcast(&emu->idle);
    pthread_mutex_unlock(&emu->lock);
}

static void take_body(conn_ctx *ctx, const char *data, size_t size)
{
    if (ctx->pp) {
        if (!ctx->form_error && MHD_post_process(ctx->pp, data, size) != MHD_YES)
            ctx->form_error = 1;
        return;
    }
    if (ctx->too_large || ctx->body_len + size > EMU_JSON_BODY_MAX) {
        ctx->too_large = 1;
        return;
    }
    if (ctx->body_len + size + 1 > ctx->body_cap) {
        size_t cap = ctx->body_cap ? ctx->body_cap : 4096;
        while (cap < ctx->body_len + size + 1)
            cap *= 2;
        char *b = realloc(ctx->body, cap);
        if (!b) {
            ctx->too_large = 1;
            return;
        }
        ctx->body = b;
        ctx->body_cap = cap;
    }
    memcpy(ctx->body + ctx->body_len, data, size);
    ctx->body_len += size;
    ctx->body[ctx->body_len] = '\0';
}

static void start_form(oft_emu *emu, conn_ctx *ctx, struct MHD_Connection *conn,
                       const char *path)
{
    ctx->form = calloc(1, sizeof(*ctx->form));
    if (!ctx->form)
        return;
    ctx->form->fd = -1;
    int files = strcmp(path, "/files") == 0;
    ctx->form->file_field = files ? "file" : "data";
    ctx->form->file_cap = files ? EMU_FILE_MAX_BYTES : EMU_PART_MAX_BYTES;
    snprintf(ctx->form->tmp_path, sizeof(ctx->form->tmp_path), "%s/.upload-XXXXXX",
             emu->data_dir);
    ctx->pp = MHD_create_post_processor(conn, 64 * 1024, form_iter, ctx);
    if (!ctx->pp)
        ctx->form_error = 1; /* not multipart/form-data with a boundary */
}

/* Answers a request whose body has fully arrived. */
static enum MHD_Result answer(oft_emu *emu, struct MHD_Connection *conn, conn_ctx *ctx,
                              const char *method, const char *path)
{
    emu_resp r;
    memset(&r, 0, sizeof(r));
    r.fd = -1;

    emu_script *s = emu_script_take(emu, method, path);
    if (s && s->delay_ms > 0)
        emu_sleep_ms(emu, s->delay_ms);
    if (s && !(s->flags & OFT_EMU_PASS)) {
        r.status = s->status;
        r.body = s->body;
        r.len = s->body ? strlen(s->body) : 0;
        s->body = NULL;
        snprintf(r.headers, sizeof(r.headers), "%s", s->headers ? s->headers : "");
        int reset = (s->flags & OFT_EMU_RESET) != 0;
        free(s->headers);
        free(s);
        return send_resp(emu, conn, ctx, method, &r, reset);
    }
    if (s) {
        free(s->headers);
        free(s->body);
        free(s);
    }

    if (check_auth(emu, conn, path, &r) == 0) {
        if (emu->opts.latency_ms > 0)
            emu_sleep_ms(emu, emu->opts.latency_ms);
        if (inject_faults(emu, &r) == 0) {
            if (ctx->too_large) {
                emu_reply_error(
                    &r, 413, "invalid_request_error", NULL, "request_too_large",
                    "Request body too large: the limit is %u bytes.", EMU_JSON_BODY_MAX);
            } else if (ctx->form && (ctx->form_error || ctx->form->io_error)) {
                emu_bad_request(&r, NULL,
                                ctx->form->io_error
                                    ? "Could not store the uploaded bytes."
                                    : "Could not parse the multipart form data body.");
            } else {
                emu_req req = {emu,
                               conn,
                               method,
                               path,
                               emu_strip_v1(ctx->raw_path),
                               ctx->body ? ctx->body : "",
                               ctx->body_len,
                               ctx->form};
                route(&req, &r);
            }
        }
    }
    return send_resp(emu, conn, ctx, method, &r, 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    oft_emu *emu = cls;
    conn_ctx *ctx = *con_cls;
    if (!ctx || !ctx->raw_path)
        return MHD_NO;
    const char *path = emu_strip_v1(url);
    int under_v1 = path != url;

    if (!ctx->started) {
        ctx->started = 1;
        ctx->rec = emu_record_start(emu, conn, method, ctx->uri, under_v1 ? path : url);
        /* Stream multipart only for callers allowed in; others are drained. */
        if (under_v1 && is_multipart_route(method, path)) {
            emu_resp probe;
            memset(&probe, 0, sizeof(probe));
            if (check_auth(emu, conn, path, &probe) == 0)
                start_form(emu, ctx, conn, path);
            free(probe.body);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        emu_record_body(emu, ctx->rec, upload_data, *upload_data_size);
        take_body(ctx, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (ctx->pp) {
        if (MHD_destroy_post_processor(ctx->pp) != MHD_YES)
            ctx->form_error = 1;
        ctx->pp = NULL;
        if (ctx->form->fd >= 0) {
            close(ctx->form->fd);
            ctx->form->fd = -1;
        }
    }
    if (!under_v1) {
        emu_resp r;
        memset(&r, 0, sizeof(r));
        r.fd = -1;
        emu_reply_error(&r, 404, "invalid_request_error", NULL, "unknown_url",
                        "Invalid URL (%s %s)", method, url);
        return send_resp(emu, conn, ctx, method, &r, 0);
    }
    return answer(emu, conn, ctx, method, path);
}

/* ---- start / stop ---- */

int oft_emu_prepare_data_dir(const char *dir, char *errbuf, size_t errlen)
{
    char dummy[8];
    if (!errbuf || errlen == 0) {
        errbuf = dummy;
        errlen = sizeof(dummy);
    }
    struct stat st;
    if (!dir || !*dir) {
        snprintf(errbuf, errlen, "data dir: empty path");
        return -1;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(errbuf, errlen, "data dir %s: %s", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(errbuf, errlen, "data dir %s: not a directory", dir);
        return -1;
    }
    /* A probe file: access() says yes to root even on a read-only mount. */
    char probe[4096];
    if (snprintf(probe, sizeof(probe), "%s/.probe-XXXXXX", dir) >= (int)sizeof(probe)) {
        snprintf(errbuf, errlen, "data dir: path too long");
        return -1;
    }
    int fd = mkstemp(probe);
    if (fd < 0) {
        snprintf(errbuf, errlen, "data dir %s: cannot create files: %s", dir,
                 strerror(errno));
        return -1;
    }
    close(fd);
    unlink(probe);
    return 0;
}

static int make_data_dir(oft_emu *emu, const char *dir, char *errbuf, size_t errlen)
{
    if (dir) {
        if (oft_emu_prepare_data_dir(dir, errbuf, errlen) != 0)
            return -1;
        emu->data_dir = emu_strdup(dir);
        return emu->data_dir ? 0 : (snprintf(errbuf, errlen, "out of memory"), -1);
    }
    const char *tmp = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof(tmpl), "%s/oft-emulator-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpl)) {
        snprintf(errbuf, errlen, "temporary data dir: %s", strerror(errno));
        return -1;
    }
    emu->data_dir = emu_strdup(tmpl);
    emu->temp_data_dir = 1;
    return 0;
}

static void remove_data_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = emu_path_join(dir, e->d_name);
        if (p)
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

static void emu_free(oft_emu *emu)
{
    oft_emu_script_clear(emu);
    free(emu->scripts.items);
    emu_records_free(emu);
    emu_jobs_free(emu);
    emu_uploads_free(emu);
    emu_files_free(emu);
    emu_perms_free(emu);
    emu_models_free(emu);
    if (emu->temp_data_dir && emu->data_dir)
        remove_data_dir(emu->data_dir);
    pthread_cond_destroy(&emu->wake);
    pthread_cond_destroy(&emu->idle);
    pthread_mutex_destroy(&emu->lock);
    free(emu->host);
    free(emu->api_key);
    free(emu->admin_key);
    free(emu->organization);
    free(emu->data_dir);
    free(emu);
}

static int start_daemon(oft_emu *emu, char *errbuf, size_t errlen)
{
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    struct sockaddr *sa;
    unsigned int flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
        MHD_USE_POLL; /* poll(), not select(): no FD_SETSIZE cap on connections */
    memset(&sin, 0, sizeof(sin));
    memset(&sin6, 0, sizeof(sin6));
    if (inet_pton(AF_INET, emu->host, &sin.sin_addr) == 1) {
        sin.sin_family = AF_INET;
        sin.sin_port = htons(emu->opts.port);
        sa = (struct sockaddr *)&sin;
    } else if (inet_pton(AF_INET6, emu->host, &sin6.sin6_addr) == 1) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons(emu->opts.port);
        sa = (struct sockaddr *)&sin6;
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(errbuf, errlen, "host: '%s' is not a numeric IPv4 or IPv6 address",
                 emu->host);
        return -1;
    }
    emu->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, emu, MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, emu, MHD_OPTION_NOTIFY_COMPLETED,
        request_completed, emu, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)0, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned int)128, MHD_OPTION_END);
    if (!emu->daemon) {
        snprintf(errbuf, errlen, "cannot listen on %s port %u: %s", emu->host,
                 (unsigned)emu->opts.port,
                 errno ? strerror(errno) : "MHD_start_daemon failed");
        return -1;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(emu->daemon, MHD_DAEMON_INFO_BIND_PORT);
    emu->port = info ? info->port : emu->opts.port;
    snprintf(emu->base_url, sizeof(emu->base_url),
             sa == (struct sockaddr *)&sin6 ? "http://[%s]:%u/v1" : "http://%s:%u/v1",
             emu->host, (unsigned)emu->port);
    return 0;
}

int oft_emu_start(oft_emu **out, const oft_emu_options *opts, char *errbuf, size_t errlen)
{
    char dummy[8];
    if (!errbuf || errlen == 0) {
        errbuf = dummy;
        errlen = sizeof(dummy);
    }
    errbuf[0] = '\0';
    if (!out) {
        snprintf(errbuf, errlen, "out: NULL");
        return -1;
    }
    *out = NULL;
    oft_emu_options defaults;
    oft_emu_options_init(&defaults);
    if (!opts)
        opts = &defaults;
    if (opts->job_duration_s < 0 || opts->fail_rate < 0 || opts->fail_rate > 1 ||
        opts->rate_limit < 0 || opts->latency_ms < 0) {
        snprintf(errbuf, errlen,
                 "options: job_duration_s, rate_limit and latency_ms must be >= 0 and "
                 "fail_rate within 0..1");
        return -1;
    }
    oft_emu *emu = calloc(1, sizeof(*emu));
    if (!emu) {
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    emu->opts = *opts;
    pthread_mutex_init(&emu->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&emu->wake, &ca);
    pthread_cond_init(&emu->idle, &ca);
    pthread_condattr_destroy(&ca);
    emu->host = emu_strdup(opts->host ? opts->host : "127.0.0.1");
    emu->api_key = emu_strdup(opts->api_key);
    emu->admin_key = emu_strdup(opts->admin_key);
    emu->organization =
        emu_strdup(opts->organization ? opts->organization : "org-emulator");
    emu->job_duration_ms =
        (opts->job_duration_s > 0 ? opts->job_duration_s : 10.0) * 1000.0;
    emu->opts.host = emu->opts.api_key = emu->opts.admin_key = NULL;
    emu->opts.organization = emu->opts.data_dir = NULL;
    if (!emu->host || !emu->organization) {
        snprintf(errbuf, errlen, "out of memory");
        emu_free(emu);
        return -1;
    }
    emu_models_init(emu);
    /* opts->data_dir, not the copy: the copy's borrowed strings were cleared above. */
    if (make_data_dir(emu, opts->data_dir, errbuf, errlen) != 0 ||
        start_daemon(emu, errbuf, errlen) != 0) {
        emu_free(emu);
        return -1;
    }
    *out = emu;
    return 0;
}

const char *oft_emu_base_url(const oft_emu *emu)
{
    return emu ? emu->base_url : NULL;
}

unsigned short oft_emu_port(const oft_emu *emu)
{
    return emu ? emu->port : 0;
}

int oft_emu_drain(oft_emu *emu, int timeout_ms)
{
    if (!emu || !emu->daemon)
        return 0;
    pthread_mutex_lock(&emu->lock);
    int first = !emu->draining;
    emu->draining = 1;
    pthread_mutex_unlock(&emu->lock);
    if (first) {
        /* Take the listening socket from the daemon and close it: refused from now. */
        MHD_socket fd = MHD_quiesce_daemon(emu->daemon);
        if (fd != MHD_INVALID_SOCKET)
            close(fd);
    }
    struct timespec until;
    emu_deadline(&until, timeout_ms > 0 ? timeout_ms : 0);
    pthread_mutex_lock(&emu->lock);
    while (emu->inflight > 0) {
        if (pthread_cond_timedwait(&emu->idle, &emu->lock, &until) == ETIMEDOUT)
            break;
    }
    int left = emu->inflight;
    pthread_mutex_unlock(&emu->lock);
    return left;
}

void oft_emu_stop(oft_emu *emu)
{
    if (!emu)
        return;
    pthread_mutex_lock(&emu->lock);
    emu->stopping = 1;
    pthread_cond_broadcast(&emu->wake);
    pthread_mutex_unlock(&emu->lock);
    if (emu->daemon)
        MHD_stop_daemon(emu->daemon);
    emu_free(emu);
}
