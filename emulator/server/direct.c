/*
 * The emulator without a socket (direct.h): what http.c does around the
 * dispatcher for a request libmicrohttpd received (its context, the body or
 * the form, the headers and query, the log lines), done on a request given in
 * memory.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"
#include "server/server.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int emu_direct_open(oft_emu **out, const oft_emu_options *opts, char *errbuf,
                    size_t errlen)
{
    return emu_create(out, opts, errbuf, errlen);
}

/* ---- the request's headers and query ---- */

typedef struct query_arg {
    char *key;
    char *value; /* NULL: "?key" without '=' */
} query_arg;

typedef struct direct_values {
    const emu_direct_request *rq;
    query_arg *args;
    size_t n_args;
} direct_values;

static const char *direct_header(const emu_values *v, const char *name)
{
    const direct_values *d = v->cls;
    for (size_t i = 0; i < d->rq->n_headers; i++)
        if (strcasecmp(d->rq->headers[i].name, name) == 0)
            return d->rq->headers[i].value;
    return NULL;
}

static const char *direct_query(const emu_values *v, const char *name)
{
    const direct_values *d = v->cls;
    for (size_t i = 0; i < d->n_args; i++)
        if (strcmp(d->args[i].key, name) == 0)
            return d->args[i].value;
    return NULL;
}

static void direct_each_query(const emu_values *v,
                              void (*fn)(void *arg, const char *key, const char *value),
                              void *arg)
{
    const direct_values *d = v->cls;
    for (size_t i = 0; i < d->n_args; i++)
        fn(arg, d->args[i].key, d->args[i].value);
}

/* A query component as libmicrohttpd gives it: '+' a space, %XX decoded. */
static char *query_part(const char *s, size_t len)
{
    char *out = strndup(s, len);
    if (!out)
        return NULL;
    for (char *p = out; *p; p++)
        if (*p == '+')
            *p = ' ';
    emu_percent_decode(out);
    return out;
}

/* Splits "a=1&b" into d->args. 0, or -1 when out of memory. */
static int parse_query(direct_values *d, const char *query)
{
    size_t cap = 1;
    for (const char *p = query; *p; p++)
        cap += *p == '&';
    d->args = calloc(cap, sizeof(*d->args));
    if (!d->args)
        return -1;
    for (const char *p = query; *p;) {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        if (len > 0) {
            query_arg *a = &d->args[d->n_args++];
            a->key = query_part(p, eq ? (size_t)(eq - p) : len);
            a->value = eq ? query_part(eq + 1, len - (size_t)(eq - p) - 1) : NULL;
            if (!a->key || (eq && !a->value))
                return -1;
        }
        p += len + (p[len] == '&');
    }
    return 0;
}

static void free_query(direct_values *d)
{
    for (size_t i = 0; i < d->n_args; i++) {
        free(d->args[i].key);
        free(d->args[i].value);
    }
    free(d->args);
}

/* ---- the body ---- */

/* ctx's form from rq's fields, closed as http.c closes it before answering. */
static void take_form(oft_emu *emu, emu_conn *ctx, const emu_direct_request *rq,
                      const char *path)
{
    ctx->form = emu_form_new(emu, path);
    if (!ctx->form)
        return;
    if (!rq->is_form)
        ctx->form_error = 1; /* not multipart/form-data */
    for (size_t i = 0; rq->is_form && i < rq->n_fields && !ctx->form_error; i++) {
        const emu_direct_field *f = &rq->fields[i];
        if (emu_form_add(ctx->form, f->name, f->filename, f->data, f->len) != 0)
            ctx->form_error = 1;
    }
    if (ctx->form->fd >= 0) {
        close(ctx->form->fd);
        ctx->form->fd = -1;
    }
}

static int take_body(emu_conn *ctx, const emu_direct_request *rq)
{
    if (rq->body_len > EMU_JSON_BODY_MAX) {
        ctx->too_large = 1;
        return 0;
    }
    ctx->body = malloc(rq->body_len + 1);
    if (!ctx->body)
        return -1;
    if (rq->body_len)
        memcpy(ctx->body, rq->body, rq->body_len);
    ctx->body[rq->body_len] = '\0';
    ctx->body_len = rq->body_len;
    return 0;
}

/* ---- the answer ---- */

/* A download's bytes into r->body (the fd closed). 0 or -1. */
static int read_fd(emu_resp *r)
{
    size_t cap = (size_t)r->fd_size, len = 0;
    char *buf = malloc(cap + 1);
    while (buf && len < cap) {
        ssize_t n = read(r->fd, buf + len, cap - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(r->fd);
    r->fd = -1;
    if (!buf)
        return -1;
    buf[len] = '\0';
    r->body = buf;
    r->len = len;
    return 0;
}

int emu_direct_answer(oft_emu *emu, const emu_direct_request *rq,
                      emu_direct_response *out)
{
    memset(out, 0, sizeof(*out));
    emu_conn ctx;
    memset(&ctx, 0, sizeof(ctx));
    direct_values d = {rq, NULL, 0};
    emu_values values = {direct_header, direct_query, direct_each_query, &d};
    emu_resp r;
    memset(&r, 0, sizeof(r));
    r.fd = -1;
    int rc = -1;

    ctx.uri = strdup(rq->target);
    ctx.raw_path = ctx.uri ? strndup(rq->target, strcspn(rq->target, "?")) : NULL;
    char *url = ctx.raw_path ? strdup(ctx.raw_path) : NULL; /* decoded, as MHD's */
    const char *query = strchr(rq->target, '?');
    if (!url || parse_query(&d, query ? query + 1 : "") != 0)
        goto done;
    emu_percent_decode(url);
    ctx.kind = emu_request_kind(ctx.raw_path);
    ctx.started = 1;
    snprintf(ctx.method, sizeof(ctx.method), "%s", rq->method);
    ctx.t0 = emu_now_mono_ms();
    ctx.t_wall = emu_now_wall_exact();
    emu_random_hex(ctx.request_id, sizeof(ctx.request_id), "req_", 32);

    /* As http.c: a form only for callers allowed in, else the body as given. */
    const char *path = emu_strip_v1(url);
    if (ctx.kind == EMU_KIND_API && emu_is_multipart_route(rq->method, path) &&
        emu_check_auth(emu, direct_header(&values, "Authorization"), path, NULL) == 0)
        take_form(emu, &ctx, rq, path);
    else if (take_body(&ctx, rq) != 0)
        goto done;

    emu_answer(emu, &values, &ctx, rq->method, url, &r);
    if (r.fd >= 0 && read_fd(&r) != 0)
        goto done;
    char msg[1024];
    emu_log_answer(emu, &ctx, rq->method, url, r.status,
                   emu_error_message(&r, msg, sizeof(msg)));
    if (!r.body && !(r.body = calloc(1, 1)))
        goto done;
    out->status = r.status;
    out->ctype = r.ctype ? r.ctype : "application/json";
    out->body = r.body;
    out->len = r.len;
    r.body = NULL;
    memcpy(out->headers, r.headers, sizeof(out->headers));
    rc = 0;
done:
    free(r.body);
    if (r.fd >= 0)
        close(r.fd);
    emu_form_free(ctx.form);
    free(ctx.body);
    free(ctx.uri);
    free(ctx.raw_path);
    free(url);
    free_query(&d);
    return rc;
}

void emu_direct_response_free(emu_direct_response *r)
{
    free(r->body);
    memset(r, 0, sizeof(*r));
}
