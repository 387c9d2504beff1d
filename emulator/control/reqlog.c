/*
 * The request log of the control API (GET /_emulator/requests): every API
 * request answered (not the control API's own, nor /healthz), oldest first,
 * numbered by a sequence that keeps counting across clears and resets so
 * that ?since=SEQ never skips a request. The last EMU_REQLOG_MAX are kept: a
 * long-running emulator's memory stays flat.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "state/state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    uint64_t seq;
    double time;
    int64_t duration_ms;
    int status;
    char method[16];
    char request_id[EMU_REQUEST_ID_LEN];
    char *path;
    char *error; /* the API's message, or NULL */
} entry;

struct emu_reqlog {
    entry *ring; /* EMU_REQLOG_MAX entries */
    size_t head; /* index of the oldest */
    size_t len;
    uint64_t next_seq;
};

static void entry_clear(entry *e)
{
    free(e->path);
    free(e->error);
    memset(e, 0, sizeof(*e));
}

/* Called with the lock held. */
static emu_reqlog *reqlog_of(oft_emu *emu)
{
    if (!emu->control->reqlog) {
        emu->control->reqlog = calloc(1, sizeof(*emu->control->reqlog));
        if (emu->control->reqlog &&
            !(emu->control->reqlog->ring = calloc(EMU_REQLOG_MAX, sizeof(entry)))) {
            free(emu->control->reqlog);
            emu->control->reqlog = NULL;
        }
        if (emu->control->reqlog)
            emu->control->reqlog->next_seq = 1;
    }
    return emu->control->reqlog;
}

void emu_reqlog_add(oft_emu *emu, const emu_conn *ctx, const char *method,
                    const char *path, int status, const char *error)
{
    emu_lock(emu);
    emu_reqlog_add_locked(emu, ctx, method, path, status, error);
    emu_unlock(emu);
}

void emu_reqlog_add_locked(oft_emu *emu, const emu_conn *ctx, const char *method,
                           const char *path, int status, const char *error)
{
    emu_reqlog *log = reqlog_of(emu);
    if (log) {
        size_t slot = (log->head + log->len) % EMU_REQLOG_MAX;
        if (log->len == EMU_REQLOG_MAX) /* full: the oldest goes */
            log->head = (log->head + 1) % EMU_REQLOG_MAX;
        else
            log->len++;
        entry *e = &log->ring[slot];
        entry_clear(e);
        e->seq = log->next_seq++;
        e->time = ctx->t_wall;
        e->duration_ms = emu_now_mono_ms() - ctx->t0;
        e->status = status;
        snprintf(e->method, sizeof(e->method), "%s", method);
        snprintf(e->request_id, sizeof(e->request_id), "%s", ctx->request_id);
        e->path = emu_strdup(path);
        e->error = emu_strdup(error);
    }
}

void emu_reqlog_clear(oft_emu *emu)
{
    emu_reqlog *log = emu->control->reqlog;
    for (size_t i = 0; log && i < log->len; i++)
        entry_clear(&log->ring[(log->head + i) % EMU_REQLOG_MAX]);
    if (log)
        log->head = log->len = 0;
}

void emu_reqlog_free(oft_emu *emu)
{
    emu_reqlog_clear(emu);
    if (emu->control->reqlog)
        free(emu->control->reqlog->ring);
    free(emu->control->reqlog);
    emu->control->reqlog = NULL;
}

static json_t *entry_json(const entry *e)
{
    return json_pack(
        "{s:I, s:f, s:s, s:s?, s:i, s:I, s:s, s:s?}", "seq", (json_int_t)e->seq, "time",
        e->time, "method", e->method, "path", e->path, "status", e->status, "duration_ms",
        (json_int_t)e->duration_ms, "request_id", e->request_id, "error", e->error);
}

/* DELETE /_emulator/requests */
int emu_requests_clear(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_reqlog_clear(req->emu);
    emu_reply_json(r, 200,
                   json_pack("{s:s, s:o}", "object", "list", "data", json_array()));
    return 1;
}

/* GET /_emulator/requests[?since=SEQ] */
int emu_requests_list(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    const char *since = emu_query(req, "since");
    unsigned long long after = 0;
    if (since) {
        char *end;
        errno = 0;
        after = strtoull(since, &end, 10);
        if (errno || end == since || *end || *since == '-')
            return emu_bad_request(r, "since",
                                   "Invalid 'since': expected a sequence number (an "
                                   "integer >= 0)."),
                   1;
    }
    json_t *data = json_array();
    emu_reqlog *log = req->emu->control->reqlog;
    for (size_t i = 0; log && i < log->len; i++) {
        const entry *e = &log->ring[(log->head + i) % EMU_REQLOG_MAX];
        if (e->seq > after)
            json_array_append_new(data, entry_json(e));
    }
    emu_reply_json(r, 200, json_pack("{s:s, s:o}", "object", "list", "data", data));
    return 1;
}

void emu_log_answer(oft_emu *emu, const emu_conn *ctx, const char *method,
                    const char *path, int status, const char *error)
{
    emu_log_request(emu, ctx, method, path, status, error);
    if (ctx->kind == EMU_KIND_API || ctx->kind == EMU_KIND_OTHER)
        emu_reqlog_add(emu, ctx, method, path, status, error);
}
