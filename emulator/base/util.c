/* Small helpers of the emulator: ids, clocks, JSON answers and API errors. */
#include "base/base.h"

#include <errno.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int emu_vec_push(emu_vec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void **items = realloc(v->items, cap * sizeof(*items));
        if (!items)
            return -1;
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
    return 0;
}

void emu_vec_remove(emu_vec *v, size_t i)
{
    memmove(v->items + i, v->items + i + 1, (v->len - i - 1) * sizeof(*v->items));
    v->len--;
}

void emu_vec_remove_item(emu_vec *v, const void *item)
{
    for (size_t i = 0; i < v->len; i++) {
        if (v->items[i] == item) {
            emu_vec_remove(v, i);
            return;
        }
    }
}

void emu_vec_free(emu_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}

int64_t emu_now_wall(void)
{
    return (int64_t)time(NULL);
}

double emu_now_wall_exact(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t emu_now_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void random_bytes(unsigned char *buf, size_t n)
{
    if (RAND_bytes(buf, (int)n) != 1) {
        /* Ids only need to be unique within one run; fall back quietly. */
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)rand();
    }
}

static void random_chars(char *out, size_t cap, const char *prefix, size_t nchars,
                         const char *alnum, unsigned base)
{
    unsigned char raw[64];
    size_t plen = strlen(prefix);
    if (nchars > sizeof(raw))
        nchars = sizeof(raw);
    if (plen + nchars + 1 > cap)
        nchars = cap > plen + 1 ? cap - plen - 1 : 0;
    random_bytes(raw, nchars);
    memcpy(out, prefix, plen < cap ? plen : cap - 1);
    for (size_t i = 0; i < nchars; i++)
        out[plen + i] = alnum[raw[i] % base];
    out[plen + nchars] = '\0';
}

void emu_random_id(char *out, size_t cap, const char *prefix, size_t nchars)
{
    random_chars(out, cap, prefix, nchars,
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 62);
}

void emu_random_hex(char *out, size_t cap, const char *prefix, size_t nchars)
{
    random_chars(out, cap, prefix, nchars, "0123456789abcdef", 16);
}

double emu_random_unit(void)
{
    uint64_t x;
    random_bytes((unsigned char *)&x, sizeof(x));
    return (double)(x >> 11) / 9007199254740992.0;
}

char *emu_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

int emu_one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++) {
        if (strcmp(s, *list) == 0)
            return 1;
    }
    return 0;
}

void emu_param_name(char *out, size_t cap, const char *where, const char *field)
{
    if (snprintf(out, cap, "%s.%s", where, field) >= (int)cap)
        out[cap - 1] = '\0'; /* a name that long is cut: it only labels an error */
}

char *emu_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

void emu_deadline(struct timespec *until, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, until);
    until->tv_sec += ms / 1000;
    until->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until->tv_nsec >= 1000000000L) {
        until->tv_sec++;
        until->tv_nsec -= 1000000000L;
    }
}

void emu_reply_json(emu_resp *r, int status, json_t *obj)
{
    r->status = status;
    r->body = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    r->len = r->body ? strlen(r->body) : 0;
    r->ctype = "application/json";
    json_decref(obj);
}

static int reply_errorv(emu_resp *r, int status, const char *type, const char *param,
                        const char *code, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* The length of the valid UTF-8 sequence at p (RFC 3629: no overlong form, no
 * surrogate, at most U+10FFFF), or 0. */
static size_t utf8_length(const unsigned char *p)
{
    unsigned char c = p[0];
    size_t n = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (n > 1 && (p[1] < lo || p[1] > hi))
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

int emu_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t n; *p; p += n)
        if ((n = utf8_length(p)) == 0)
            return 0;
    return 1;
}

/* Each byte of s that is not part of valid UTF-8 becomes '?': a message that
 * quotes a client's bytes (a path, an ID), or was cut inside a character,
 * still makes a JSON string. */
static void make_utf8(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = utf8_length(p);
        if (n == 0) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}

static int reply_errorv(emu_resp *r, int status, const char *type, const char *param,
                        const char *code, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    make_utf8(msg);
    json_t *err = json_pack("{s:s, s:s, s:o, s:o}", "message", msg, "type", type, "param",
                            param ? json_string(param) : json_null(), "code",
                            code ? json_string(code) : json_null());
    emu_reply_json(r, status, json_pack("{s:o}", "error", err));
    return -1;
}

int emu_reply_error(emu_resp *r, int status, const char *type, const char *param,
                    const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    reply_errorv(r, status, type, param, code, fmt, ap);
    va_end(ap);
    return -1;
}

int emu_bad_request(emu_resp *r, const char *param, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    reply_errorv(r, 400, "invalid_request_error", param, NULL, fmt, ap);
    va_end(ap);
    return -1;
}

int emu_not_found(emu_resp *r, const char *param, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    reply_errorv(r, 404, "invalid_request_error", param, NULL, fmt, ap);
    va_end(ap);
    return -1;
}

int emu_out_of_memory(emu_resp *r)
{
    return emu_reply_error(r, 500, "server_error", NULL, NULL, "Out of memory.");
}

int emu_parse_optional_body(emu_req *req, emu_resp *r, json_t **out)
{
    if (!req->body || req->body_len == 0) {
        *out = json_object();
        return *out ? 0 : emu_out_of_memory(r);
    }
    return emu_parse_body(req, r, out);
}

const char *emu_error_message(const emu_resp *r, char *out, size_t cap)
{
    if (r->status < 400 || !r->body || r->fd >= 0)
        return NULL;
    json_t *j = json_loadb(r->body, r->len, 0, NULL);
    const char *m =
        json_string_value(json_object_get(json_object_get(j, "error"), "message"));
    if (m)
        snprintf(out, cap, "%s", m);
    json_decref(j);
    return m ? out : NULL;
}

int emu_parse_body(emu_req *req, emu_resp *r, json_t **out)
{
    json_error_t jerr;
    *out = NULL;
    if (!req->body || req->body_len == 0)
        return emu_bad_request(r, NULL,
                               "We could not parse the JSON body of your request. "
                               "(HINT: the body is empty.)");
    json_t *obj = json_loadb(req->body, req->body_len, 0, &jerr);
    if (!obj)
        return emu_bad_request(r, NULL,
                               "We could not parse the JSON body of your request: %s "
                               "(line %d, column %d).",
                               jerr.text, jerr.line, jerr.column);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return emu_bad_request(r, NULL,
                               "The JSON body of your request must be an object.");
    }
    *out = obj;
    return 0;
}

const char *emu_query(emu_req *req, const char *key)
{
    return req->values->query(req->values, key);
}

int emu_query_limit(emu_req *req, emu_resp *r, long dflt, long min, long max, long *out)
{
    const char *s = emu_query(req, "limit");
    char *end;
    if (!s) {
        *out = dflt;
        return 0;
    }
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return emu_bad_request(
            r, "limit", "Invalid 'limit': expected an integer between %ld and %ld.", min,
            max);
    *out = v;
    return 0;
}

const char *emu_form_value(const emu_form *f, const char *name)
{
    for (size_t i = 0; f && i < f->nfields; i++) {
        if (strcmp(f->names[i], name) == 0)
            return f->values[i];
    }
    return NULL;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void emu_percent_decode(char *s)
{
    char *out = s;
    for (const char *p = s; *p;) {
        int hi = p[0] == '%' ? hex_value(p[1]) : -1;
        int lo = hi >= 0 ? hex_value(p[2]) : -1;
        if (lo >= 0 && (hi | lo) != 0) {
            *out++ = (char)(hi * 16 + lo);
            p += 3;
        } else {
            *out++ = *p++;
        }
    }
    *out = '\0';
}

size_t emu_split(const char *path, char segs[][256], size_t max)
{
    size_t n = 0;
    const char *p = path;
    while (*p == '/')
        p++;
    while (*p && n < max) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= 256)
            len = 255;
        memcpy(segs[n], p, len);
        segs[n][len] = '\0';
        emu_percent_decode(segs[n]);
        n++;
        if (!e)
            break;
        p = e + 1;
        if (!*p) /* trailing slash: an empty last segment */
            break;
    }
    return n;
}

void emu_pager_init(emu_pager *p, const char *after, long limit)
{
    p->after = after;
    p->limit = limit;
    p->seen_after = after == NULL;
    p->has_more = 0;
    p->data = json_array();
}

int emu_pager_take(emu_pager *p, const char *id)
{
    if (!p->seen_after) {
        p->seen_after = strcmp(id, p->after) == 0;
        return 0;
    }
    if (json_array_size(p->data) >= (size_t)p->limit) {
        p->has_more = 1;
        return -1;
    }
    return 1;
}

void emu_pager_reply(emu_pager *p, emu_resp *r, int with_ids)
{
    json_t *o = json_pack("{s:s, s:o, s:b}", "object", "list", "data", p->data,
                          "has_more", p->has_more);
    size_t n = json_array_size(p->data);
    if (with_ids) {
        json_object_set(o, "first_id",
                        n ? json_object_get(json_array_get(p->data, 0), "id")
                          : json_null());
        json_object_set(o, "last_id",
                        n ? json_object_get(json_array_get(p->data, n - 1), "id")
                          : json_null());
    }
    p->data = NULL;
    emu_reply_json(r, 200, o);
}

int emu_store_fail(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return -1;
}

int emu_store_safe_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n >= EMU_ID_LEN)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}
