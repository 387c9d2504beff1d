/*
 * What the tests observe and steer: every request recorded (path with query,
 * headers, the start of the body) and scripted responses taken in order.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "state/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- recording ---- */

static void record_free(emu_record *rec)
{
    if (!rec)
        return;
    free(rec->method);
    free(rec->uri);
    free(rec->path);
    free(rec->headers);
    free(rec->body);
    free(rec);
}

/* "/v1/x" -> "/x"; a prefix given with /v1 is accepted too. */
const char *emu_strip_v1(const char *p)
{
    if (p && strncmp(p, "/v1", 3) == 0 && (p[3] == '/' || p[3] == '\0'))
        return p + 3;
    return p;
}

static int matches(const char *want_method, const char *want_prefix, const char *method,
                   const char *path)
{
    if (want_method && strcasecmp(want_method, method) != 0)
        return 0;
    want_prefix = emu_strip_v1(want_prefix);
    return !want_prefix || strncmp(path, want_prefix, strlen(want_prefix)) == 0;
}

void oft_emu_set_recording(oft_emu *emu, int on)
{
    if (!emu)
        return;
    emu_lock(emu);
    emu->control->no_recording = !on;
    emu_unlock(emu);
}

size_t oft_emu_request_count(oft_emu *emu, const char *method, const char *path_prefix)
{
    size_t n = 0;
    if (!emu)
        return 0;
    emu_lock(emu);
    for (size_t i = 0; i < emu->control->records.len; i++) {
        emu_record *rec = emu->control->records.items[i];
        n += (size_t)matches(method, path_prefix, rec->method, rec->path);
    }
    emu_unlock(emu);
    return n;
}

static void copy_out(char *out, size_t cap, const char *src, size_t len)
{
    if (!out || cap == 0)
        return;
    if (len >= cap)
        len = cap - 1;
    if (len)
        memcpy(out, src, len);
    out[len] = '\0';
}

static const char *find_header(const char *headers, const char *name, size_t *vlen)
{
    size_t nlen = strlen(name);
    for (const char *line = headers; line && *line;) {
        const char *eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        if ((size_t)(eol - line) > nlen + 1 && strncasecmp(line, name, nlen) == 0 &&
            line[nlen] == ':') {
            const char *v = line + nlen + 1;
            while (*v == ' ')
                v++;
            *vlen = (size_t)(eol - v);
            return v;
        }
        line = *eol ? eol + 1 : eol;
    }
    return NULL;
}

int oft_emu_last_request(oft_emu *emu, const char *method, const char *path_prefix,
                         const char *header, char *header_out, size_t header_cap,
                         char *path_out, size_t path_cap, char *body_out, size_t body_cap)
{
    int rc = -1;
    if (!emu)
        return -1;
    emu_lock(emu);
    for (size_t i = emu->control->records.len; i-- > 0;) {
        emu_record *rec = emu->control->records.items[i];
        if (!matches(method, path_prefix, rec->method, rec->path))
            continue;
        if (header && header_out) {
            size_t vlen = 0;
            const char *v = find_header(rec->headers, header, &vlen);
            copy_out(header_out, header_cap, v ? v : "", v ? vlen : 0);
        }
        copy_out(path_out, path_cap, rec->uri, strlen(rec->uri));
        copy_out(body_out, body_cap, rec->body ? rec->body : "", rec->body_len);
        rc = 0;
        break;
    }
    emu_unlock(emu);
    return rc;
}

/* ---- scripts ---- */

static void script_free(emu_script *s)
{
    if (!s)
        return;
    free(s->method);
    free(s->prefix);
    free(s->headers);
    free(s->body);
    free(s);
}

int oft_emu_script(oft_emu *emu, const char *method, const char *path_prefix, int times,
                   int status, const char *headers, const char *body, int flags,
                   int delay_ms)
{
    if (!emu || times <= 0 ||
        (!(flags & OFT_EMU_PASS) && (status < 100 || status > 599)) || delay_ms < 0)
        return -1;
    emu_script *s = calloc(1, sizeof(*s));
    if (!s)
        return -1;
    s->method = emu_strdup(method);
    s->prefix = emu_strdup(emu_strip_v1(path_prefix ? path_prefix : ""));
    s->headers = emu_strdup(headers);
    s->body = emu_strdup(body);
    s->times = times;
    s->status = status;
    s->flags = flags;
    s->delay_ms = delay_ms;
    emu_lock(emu);
    int rc = emu_vec_push(&emu->control->scripts, s);
    emu_unlock(emu);
    if (rc)
        script_free(s);
    return rc;
}

void oft_emu_script_clear(oft_emu *emu)
{
    if (!emu)
        return;
    emu_lock(emu);
    for (size_t i = 0; i < emu->control->scripts.len; i++)
        script_free(emu->control->scripts.items[i]);
    emu->control->scripts.len = 0;
    emu_unlock(emu);
}

/* Takes one use of the first matching script; returns a copy to free, or NULL. */
emu_script *emu_script_take(oft_emu *emu, const char *method, const char *path)
{
    emu_script *copy = NULL;
    emu_lock(emu);
    for (size_t i = 0; i < emu->control->scripts.len; i++) {
        emu_script *s = emu->control->scripts.items[i];
        if (!matches(s->method, s->prefix, method, path))
            continue;
        copy = calloc(1, sizeof(*copy));
        if (copy) {
            *copy = *s;
            copy->method = copy->prefix = NULL;
            copy->headers = emu_strdup(s->headers);
            copy->body = emu_strdup(s->body);
        }
        if (--s->times == 0) {
            script_free(s);
            emu_vec_remove(&emu->control->scripts, i);
        }
        break;
    }
    emu_unlock(emu);
    return copy;
}

emu_record *emu_record_start(oft_emu *emu, char *(*headers)(void *cls), void *cls,
                             const char *method, const char *uri, const char *path)
{
    emu_lock(emu);
    int off = emu->control->no_recording;
    emu_unlock(emu);
    emu_record *rec = off ? NULL : calloc(1, sizeof(*rec));
    if (!rec)
        return NULL;
    rec->method = emu_strdup(method);
    rec->uri = emu_strdup(uri ? uri : path);
    rec->path = emu_strdup(path);
    rec->headers = headers(cls);
    if (!rec->method || !rec->uri || !rec->path) {
        record_free(rec);
        return NULL;
    }
    emu_lock(emu);
    int rc = emu_vec_push(&emu->control->records, rec);
    emu_unlock(emu);
    if (rc != 0) {
        record_free(rec);
        return NULL;
    }
    return rec;
}

void emu_record_body(oft_emu *emu, emu_record *rec, const char *data, size_t size)
{
    if (!rec)
        return;
    emu_lock(emu);
    size_t room =
        rec->body_len < EMU_RECORD_BODY_MAX ? EMU_RECORD_BODY_MAX - rec->body_len : 0;
    size_t n = size < room ? size : room;
    if (n) {
        char *b = realloc(rec->body, rec->body_len + n + 1);
        if (b) {
            memcpy(b + rec->body_len, data, n);
            rec->body_len += n;
            b[rec->body_len] = '\0';
            rec->body = b;
        }
    }
    emu_unlock(emu);
}

void emu_records_free(oft_emu *emu)
{
    EMU_VEC_FREE_ALL(&emu->control->records, record_free);
}
