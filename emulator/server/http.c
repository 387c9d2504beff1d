/*
 * The HTTP layer on libmicrohttpd: a context per request (request id, clocks),
 * body intake (JSON buffered with a cap, multipart streamed by form.c), the
 * answer from dispatch.c sent with the API's headers, and one log line and
 * request-log entry per answered request; the limits against clients that
 * hold connections, and the 503 a stop gives the requests it cuts short.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"
#include "server/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

/* Adds "Name: value" lines; notes a Content-Type and takes an x-request-id. */
static void add_header_lines(struct MHD_Response *resp, const char *lines, int *has_ctype,
                             char *reqid, size_t reqid_cap)
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
                if (strcasecmp(name, "x-request-id") == 0) { /* sent once, below */
                    size_t n = vl < reqid_cap ? vl : reqid_cap - 1;
                    memcpy(reqid, value, n);
                    reqid[n] = '\0';
                } else {
                    MHD_add_response_header(resp, name, value);
                }
                if (strcasecmp(name, "Content-Type") == 0)
                    *has_ctype = 1;
            }
        }
        line = eol ? eol + 1 : line + len;
    }
}

/* A drip (EMU_STALL_DRIP): the body one byte a second, cut at the stop. */
typedef struct drip_body {
    oft_emu *emu;
    char *data;
    size_t len;
} drip_body;

static ssize_t drip_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    drip_body *d = cls;
    if (pos >= d->len || max == 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    emu_sleep_ms(d->emu, 1000);
    emu_lock(d->emu);
    int stopping = d->emu->state->stopping;
    emu_unlock(d->emu);
    if (stopping)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    buf[0] = d->data[pos];
    return 1;
}

static void drip_free(void *cls)
{
    drip_body *d = cls;
    free(d->data);
    free(d);
}

static struct MHD_Response *make_drip(oft_emu *emu, emu_resp *r)
{
    drip_body *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->emu = emu;
    d->data = r->body;
    d->len = r->len;
    r->body = NULL;
    struct MHD_Response *resp =
        MHD_create_response_from_callback(d->len, 1, drip_reader, d, drip_free);
    if (!resp)
        drip_free(d);
    return resp;
}

static struct MHD_Response *make_response(oft_emu *emu, emu_resp *r)
{
    struct MHD_Response *resp;
    if (r->stall == EMU_STALL_DRIP && r->body && r->fd < 0)
        return make_drip(emu, r);
    if (r->reset) {
        reset_body *rb = calloc(1, sizeof(*rb));
        if (!rb)
            return NULL;
        rb->data = r->body;
        rb->len = r->len;
        rb->half = r->len / 2;
        r->body = NULL;
        resp = MHD_create_response_from_callback(rb->len, 4096, reset_reader, rb,
                                                 reset_free);
        if (!resp)
            reset_free(rb);
        return resp;
    }
    if (r->fd >= 0) {
        resp = MHD_create_response_from_fd64(r->fd_size, r->fd);
        if (!resp)
            close(r->fd);
        r->fd = -1;
        return resp;
    }
    static char empty[1];
    resp = MHD_create_response_from_buffer(r->len, r->body ? r->body : empty,
                                           r->body ? MHD_RESPMEM_MUST_FREE
                                                   : MHD_RESPMEM_PERSISTENT);
    if (resp)
        r->body = NULL;
    return resp;
}

static void add_api_headers(oft_emu *emu, struct MHD_Response *resp, emu_conn *ctx)
{
    emu_lock(emu);
    int draining = emu->server->draining;
    emu_unlock(emu);
    if (draining) /* the client reconnects elsewhere rather than reusing this one */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    MHD_add_response_header(resp, "openai-version", "2020-10-01");
    MHD_add_response_header(resp, "openai-organization", emu->organization);
    char ms[32];
    snprintf(ms, sizeof(ms), "%lld", (long long)(emu_now_mono_ms() - ctx->t0));
    MHD_add_response_header(resp, "openai-processing-ms", ms);
}

/* Queues r on the connection, logs it, and frees r's parts. */
static enum MHD_Result send_resp(oft_emu *emu, struct MHD_Connection *conn, emu_conn *ctx,
                                 const char *method, const char *url, emu_resp *r)
{
    char msg_buf[1024];
    const char *error = emu_error_message(r, msg_buf, sizeof(msg_buf));
    struct MHD_Response *resp = make_response(emu, r);
    free(r->body);
    r->body = NULL;
    if (!resp)
        return MHD_NO;
    int has_ctype = 0;
    add_header_lines(resp, r->headers, &has_ctype, ctx->request_id,
                     sizeof(ctx->request_id));
    if (!has_ctype)
        MHD_add_response_header(resp, "Content-Type",
                                r->ctype ? r->ctype : "application/json");
    MHD_add_response_header(resp, "x-request-id", ctx->request_id);
    add_api_headers(emu, resp, ctx);
    /* Logged before it is sent: once a client has its answer, the line is out. */
    emu_log_answer(emu, ctx, method, url, r->status, error);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned int)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---- requests ---- */

/* A request begins: its context, counted in flight until request_completed. */
static void *uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    oft_emu *emu = cls;
    emu_conn *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return NULL;
    ctx->conn = conn;
    ctx->uri = emu_strdup(uri);
    ctx->raw_path = ctx->uri ? strndup(uri, strcspn(uri, "?")) : NULL;
    ctx->kind = ctx->raw_path ? emu_request_kind(ctx->raw_path) : EMU_KIND_OTHER;
    ctx->t0 = emu_now_mono_ms();
    ctx->t_wall = emu_now_wall_exact();
    emu_random_hex(ctx->request_id, sizeof(ctx->request_id), "req_", 32);
    emu_lock(emu);
    emu->server->inflight++;
    emu_vec_push(&emu->server->conns, ctx); /* if it cannot be, a cut-off passes it by */
    emu_unlock(emu);
    return ctx;
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    oft_emu *emu = cls;
    emu_conn *ctx = *con_cls;
    if (!ctx)
        return;
    /* Out of the list first: a cut-off writes to its socket only while listed. */
    emu_lock(emu);
    emu_vec_remove_item(&emu->server->conns, ctx);
    if (--emu->server->inflight == 0)
        pthread_cond_broadcast(&emu->state->idle);
    emu_unlock(emu);
    if (ctx->pp)
        MHD_destroy_post_processor(ctx->pp);
    emu_form_free(ctx->form);
    free(ctx->body);
    free(ctx->uri);
    free(ctx->raw_path);
    free(ctx);
    *con_cls = NULL;
}

static void take_body(emu_conn *ctx, const char *data, size_t size)
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

/* ---- the request's headers and query, from libmicrohttpd ---- */

static const char *authorization(struct MHD_Connection *conn)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
}

static const char *mhd_header(const emu_values *v, const char *name)
{
    return MHD_lookup_connection_value(v->cls, MHD_HEADER_KIND, name);
}

static const char *mhd_query(const emu_values *v, const char *name)
{
    return MHD_lookup_connection_value(v->cls, MHD_GET_ARGUMENT_KIND, name);
}

typedef struct each_arg {
    void (*fn)(void *arg, const char *key, const char *value);
    void *arg;
} each_arg;

static enum MHD_Result each_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    each_arg *e = cls;
    e->fn(e->arg, key, value);
    return MHD_YES;
}

static void mhd_each_query(const emu_values *v,
                           void (*fn)(void *arg, const char *key, const char *value),
                           void *arg)
{
    each_arg e = {fn, arg};
    MHD_get_connection_values(v->cls, MHD_GET_ARGUMENT_KIND, each_value, &e);
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    FILE *f = cls;
    fprintf(f, "%s: %s\n", key, value ? value : "");
    return MHD_YES;
}

static char *headers_text(void *cls)
{
    struct MHD_Connection *conn = cls;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, f);
    fclose(f);
    return buf;
}

/* The request line and headers have arrived: record, and stream multipart. */
static void start_request(oft_emu *emu, emu_conn *ctx, struct MHD_Connection *conn,
                          const char *method, const char *url)
{
    const char *path = emu_strip_v1(url);
    ctx->started = 1;
    ctx->kind = emu_request_kind(url);
    snprintf(ctx->method, sizeof(ctx->method), "%s", method);
    if (ctx->kind == EMU_KIND_CONTROL || ctx->kind == EMU_KIND_HEALTH)
        return;
    ctx->rec = emu_record_start(emu, headers_text, conn, method, ctx->uri, path);
    /* Stream multipart only for callers allowed in; others are drained. */
    if (ctx->kind == EMU_KIND_API && emu_is_multipart_route(method, path) &&
        emu_check_auth(emu, authorization(conn), path, NULL) == 0)
        emu_form_start(emu, ctx, conn, path);
}

/* A hang (no answer until the client leaves, the stop, or 10 minutes) or a
 * reset (the connection closed with an RST): the answer is no answer. */
static enum MHD_Result stall(oft_emu *emu, emu_conn *ctx, const char *method,
                             const char *url, int how)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(ctx->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    emu_log_answer(emu, ctx, method, url, 0,
                   how == EMU_STALL_HANG ? "stall: no answer" : "stall: reset");
    for (int i = 0; how == EMU_STALL_HANG && i < 6000; i++) {
        struct pollfd pf = {ci ? ci->connect_fd : -1, POLLRDHUP, 0};
        if (ci && poll(&pf, 1, 0) > 0 && pf.revents != 0)
            break; /* the client left */
        emu_lock(emu);
        int stopping = emu->state->stopping;
        emu_unlock(emu);
        if (stopping)
            break;
        emu_sleep_ms(emu, 100);
    }
    if (how == EMU_STALL_RESET && ci) {
        /* Linux disconnects a TCP socket connected to AF_UNSPEC with an RST,
         * before libmicrohttpd's own close would send a FIN. */
        struct sockaddr unspec;
        memset(&unspec, 0, sizeof(unspec));
        unspec.sa_family = AF_UNSPEC;
        if (connect(ci->connect_fd, &unspec, sizeof(unspec)) != 0)
            emu_log(emu, OFT_EMU_LOG_WARN, "stall", NULL, "reset: %s", strerror(errno));
    }
    return MHD_NO;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    oft_emu *emu = cls;
    emu_conn *ctx = *con_cls;
    if (!ctx || !ctx->raw_path)
        return MHD_NO;
    emu_lock(emu);
    int cut = ctx->cut;
    if (!cut && ctx->started && !*upload_data_size)
        ctx->answering = 1; /* from now on only this thread writes to the client */
    emu_unlock(emu);
    if (cut) { /* answered by oft_emu_cut_off: take in the body, then close */
        if (!*upload_data_size)
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!ctx->started) {
        start_request(emu, ctx, conn, method, url);
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
            /* Kept bytes are on disk before the upload is acknowledged. */
            if (emu->persist && fsync(ctx->form->fd) != 0)
                ctx->form->io_error = 1;
            close(ctx->form->fd);
            ctx->form->fd = -1;
        }
    }
    emu_resp r;
    memset(&r, 0, sizeof(r));
    r.fd = -1;
    emu_values values = {mhd_header, mhd_query, mhd_each_query, conn};
    emu_answer(emu, &values, ctx, method, url, &r);
    if (r.stall == EMU_STALL_HANG || r.stall == EMU_STALL_RESET)
        return stall(emu, ctx, method, url, r.stall);
    return send_resp(emu, conn, ctx, method, url, &r);
}

/* ---- the cut-off after a drain ---- */

/* Sends all of buf on a socket the MHD thread is not writing to (bounded wait). */
static void send_all(int fd, const char *buf, size_t len)
{
    for (int tries = 0; len > 0 && tries < 20;) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd pf = {fd, POLLOUT, 0};
            poll(&pf, 1, 100);
            tries++;
        } else {
            return; /* the client is gone */
        }
    }
}

/* Writes a whole 503 answer on ctx's connection and closes its sending side.
 * Lock held: ctx is listed, so its socket is still open. */
static void answer_503(oft_emu *emu, emu_conn *ctx)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(ctx->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    emu_resp r;
    memset(&r, 0, sizeof(r));
    r.fd = -1;
    const char *msg = "The server is shutting down; this request was not processed. "
                      "Please retry.";
    emu_reply_error(&r, 503, "server_error", NULL, NULL, "%s", msg);
    char head[512];
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json"
                     "\r\nContent-Length: %zu\r\nConnection: close\r\nx-request-id: %s"
                     "\r\nopenai-version: 2020-10-01\r\nopenai-organization: %s\r\n\r\n",
                     r.len, ctx->request_id, emu->organization);
    if (ci && n > 0 && (size_t)n < sizeof(head) && r.body) {
        send_all(ci->connect_fd, head, (size_t)n);
        send_all(ci->connect_fd, r.body, r.len);
        shutdown(ci->connect_fd, SHUT_WR);
    }
    free(r.body);
    ctx->cut = 1;
    const char *method = ctx->method[0] ? ctx->method : "-";
    const char *path = ctx->raw_path ? ctx->raw_path : "-";
    emu_log_request(emu, ctx, method, path, 503, msg);
    if (ctx->kind == EMU_KIND_API || ctx->kind == EMU_KIND_OTHER)
        emu_reqlog_add_locked(emu, ctx, method, path, 503, msg);
}

int oft_emu_cut_off(oft_emu *emu, int grace_ms)
{
    int n = 0;
    if (!emu)
        return 0;
    emu_lock(emu);
    for (size_t i = 0; i < emu->server->conns.len; i++) {
        emu_conn *ctx = emu->server->conns.items[i];
        if (!ctx->answering && !ctx->cut) {
            answer_503(emu, ctx);
            n++;
        }
    }
    /* The clients read their answer and hang up; the stop closes the rest. */
    struct timespec until;
    emu_deadline(&until, grace_ms > 0 ? grace_ms : 0);
    while (emu->server->inflight > 0) {
        if (emu_wait(emu, &emu->state->idle, &until) == ETIMEDOUT)
            break;
    }
    emu_unlock(emu);
    return n;
}

/* ---- the daemon ---- */

/* The limits against clients that hold connections (see oft_emu_options). */
static void connection_limits(const oft_emu *emu, unsigned *total, unsigned *per_ip,
                              unsigned *timeout)
{
    const oft_emu_options *o = &emu->opts;
    struct rlimit rl;
    /* Room for the files a request opens besides its socket. */
    rlim_t room = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
                          rl.rlim_cur > 128
                      ? rl.rlim_cur - 64
                      : 64;
    *total = o->max_connections > 0 ? (unsigned)o->max_connections : 1000;
    if (*total > room)
        *total = (unsigned)room;
    *per_ip = o->max_connections_per_ip > 0 ? (unsigned)o->max_connections_per_ip : 256;
    if (o->max_connections_per_ip <= 0 && *per_ip > *total / 2)
        *per_ip = *total / 2 ? *total / 2 : 1;
    if (*per_ip > *total)
        *per_ip = *total;
    *timeout = o->connection_timeout_s > 0 ? (unsigned)o->connection_timeout_s : 60;
}

int emu_http_start(oft_emu *emu, const struct sockaddr *sa, int ipv6, char *errbuf,
                   size_t errlen)
{
    unsigned total, per_ip, timeout;
    connection_limits(emu, &total, &per_ip, &timeout);
    unsigned int flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
        MHD_USE_POLL; /* poll(), not select(): no FD_SETSIZE cap on connections */
    if (ipv6)
        flags |= MHD_USE_IPv6;
    errno = 0;
    emu->server->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, emu, MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, emu, MHD_OPTION_NOTIFY_COMPLETED,
        request_completed, emu, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
        MHD_OPTION_CONNECTION_TIMEOUT, timeout, MHD_OPTION_CONNECTION_LIMIT, total,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned int)128, MHD_OPTION_END);
    if (!emu->server->daemon) {
        snprintf(errbuf, errlen, "cannot listen on %s port %u: %s", emu->server->host,
                 (unsigned)emu->opts.port,
                 errno ? strerror(errno) : "MHD_start_daemon failed");
        return -1;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(emu->server->daemon, MHD_DAEMON_INFO_BIND_PORT);
    emu->server->port = info ? info->port : emu->opts.port;
    return 0;
}

/* Takes the listening socket from the daemon and closes it: refused from now. */
void emu_http_quiesce(oft_emu *emu)
{
    MHD_socket fd = MHD_quiesce_daemon(emu->server->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
}

void emu_http_stop(oft_emu *emu)
{
    if (emu->server->daemon)
        MHD_stop_daemon(emu->server->daemon);
    emu->server->daemon = NULL;
}
