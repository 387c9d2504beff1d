/*
 * The emulator's log: one line per event on stderr, at or above the level
 * chosen, as text ("2026-12-01T10:00:00.123Z info  GET /v1/models 200 3ms
 * req_...") or as one JSON object ({"time","level","msg","event",...}). A
 * line is written with one stdio call, so lines of several threads never mix.
 * Nothing logged carries a key: paths, statuses and the API's messages only.
 */
#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *level_name(int level)
{
    switch (level) {
        case OFT_EMU_LOG_DEBUG:
            return "debug";
        case OFT_EMU_LOG_INFO:
            return "info";
        case OFT_EMU_LOG_WARN:
            return "warn";
        default:
            return "error";
    }
}

/* "2026-12-01T10:00:00.123Z" */
static void iso_time(char *out, size_t cap)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, cap - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

static void write_line(oft_emu *emu, int level, const char *event, json_t *fields,
                       const char *msg)
{
    char when[40];
    iso_time(when, sizeof(when));
    if (!emu->log_json) {
        fprintf(stderr, "%s %-5s %s\n", when, level_name(level), msg);
        json_decref(fields);
        return;
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "time", when, "level",
                          level_name(level), "msg", msg, "event", event);
    if (o && fields)
        json_object_update(o, fields);
    json_decref(fields);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (text)
        fprintf(stderr, "%s\n", text);
    free(text);
}

void emu_log(oft_emu *emu, int level, const char *event, json_t *fields, const char *fmt,
             ...)
{
    if (level < emu->log_level) {
        json_decref(fields);
        return;
    }
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    write_line(emu, level, event, fields, msg);
}

void oft_emu_log(oft_emu *emu, int level, const char *event, const char *message)
{
    if (emu)
        emu_log(emu, level, event ? event : "server", NULL, "%s", message ? message : "");
}

void emu_log_request(oft_emu *emu, const emu_conn *ctx, const char *method,
                     const char *path, int status, const char *error)
{
    /* Health checks come every second from some supervisors: debug only. */
    int level = ctx->kind == EMU_KIND_HEALTH ? OFT_EMU_LOG_DEBUG : OFT_EMU_LOG_INFO;
    if (level < emu->log_level)
        return;
    long long ms = (long long)(emu_now_mono_ms() - ctx->t0);
    const char *query = strchr(ctx->uri ? ctx->uri : "", '?');
    json_t *f = json_pack("{s:s, s:s, s:i, s:I, s:s, s:s?}", "method", method, "path",
                          path, "status", status, "duration_ms", (json_int_t)ms,
                          "request_id", ctx->request_id, "error", error);
    if (f && query)
        json_object_set_new(f, "query", json_string(query + 1));
    emu_log(emu, level, "request", f, "%s %s%s %d %lldms %s%s%s%s", method, path,
            query ? query : "", status, ms, ctx->request_id, error ? " \"" : "",
            error ? error : "", error ? "\"" : "");
}
