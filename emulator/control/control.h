/*
 * The control API under /_emulator/, fault injection, the request log,
 * request recording and scripted answers (the test hooks of emulator.h).
 */

#ifndef OFT_EMU_CONTROL_H
#define OFT_EMU_CONTROL_H

#include "base/base.h"

typedef struct emu_script {
    char *method;
    char *prefix;
    int times;
    int status;
    char *headers;
    char *body;
    int flags;
    int delay_ms;
} emu_script;

struct emu_record {
    char *method;
    char *uri;     /* raw path + query */
    char *path;    /* decoded, after /v1, without query */
    char *headers; /* "Name: value\n" lines */
    char *body;    /* first EMU_RECORD_BODY_MAX bytes */
    size_t body_len;
};

/* An answer about to be sent: its log line, and for an API request (or an
 * unknown path) its entry in the request log. */
void emu_log_answer(oft_emu *emu, const emu_conn *ctx, const char *method,
                    const char *path, int status, const char *error);

/* reqlog.c: the log of API requests served by GET /_emulator/requests. */
void emu_reqlog_add(oft_emu *emu, const emu_conn *ctx, const char *method,
                    const char *path, int status, const char *error);

void emu_reqlog_add_locked(oft_emu *emu, const emu_conn *ctx, const char *method,
                           const char *path, int status, const char *error);

void emu_reqlog_clear(oft_emu *emu);

void emu_reqlog_free(oft_emu *emu);

int emu_route_requests(emu_req *req, emu_resp *r);

/* faults.c */
/* Latency, then the stall, status fault, rate limit and random failures; 0 to
 * go on (r->stall may say to drip the answer), else r holds the answer (or
 * r->stall says there is none). Called without the lock. */
int emu_inject_faults(oft_emu *emu, emu_resp *r);

int emu_route_faults(emu_req *req, emu_resp *r);

/* record.c */
/* "/v1/x" -> "/x"; other paths unchanged. */
const char *emu_strip_v1(const char *p);

/* Takes one use of the first script matching; a copy to free (headers, body, self), or
 * NULL. */
emu_script *emu_script_take(oft_emu *emu, const char *method, const char *path);

/* A new record of a request (NULL when not recording); headers(cls) makes its
 * "Name: value\n" lines (malloc'd), called only when recording. */
emu_record *emu_record_start(oft_emu *emu, char *(*headers)(void *cls), void *cls,
                             const char *method, const char *uri, const char *path);

void emu_record_body(oft_emu *emu, emu_record *rec, const char *data, size_t size);

void emu_records_free(oft_emu *emu);

/* control.c: /_emulator/... (segs after "_emulator"). */
int emu_route_control(emu_req *req, emu_resp *r, char segs[][256], size_t n);

/* control.c: forgets every object and the request log (POST /_emulator/reset).
 * Lock held; waits for handlers working without it. */
void emu_reset(oft_emu *emu);

#endif
