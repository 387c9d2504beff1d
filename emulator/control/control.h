/*
 * The control API under /_emulator/, fault injection, the request log,
 * request recording and scripted answers (the test hooks of emulator.h).
 */

#ifndef OFT_EMU_CONTROL_H
#define OFT_EMU_CONTROL_H

#include "base/base.h"

/* Fault injection, set by options and by POST /_emulator/faults. */
typedef struct emu_faults {
    double fail_rate; /* share of API requests answered 500 */
    int rate_limit;   /* >0: requests per second before 429 */
    int latency_ms;   /* added to every API response */
    int status;       /* >0: the next status_count API requests get this status */
    int status_count;
    int retry_after_s; /* >0: a 429 says Retry-After: this, and no retry-after-ms */
    int stall;         /* EMU_STALL_*: how every API request is (not) answered */
} emu_faults;

typedef struct emu_reqlog emu_reqlog; /* reqlog.c */

/* The control layer's part of oft_emu (emu->control). Guarded by emu's lock. */
struct emu_control {
    int no_recording; /* oft_emu_set_recording(emu, 0) */
    emu_faults faults;
    emu_reqlog *reqlog;  /* GET /_emulator/requests */
    emu_vec scripts;     /* emu_script* */
    emu_vec records;     /* emu_record* */
    int64_t rate_window; /* second of the current rate-limit window */
    int rate_count;
};

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

/* GET /_emulator/requests[?since=SEQ] and DELETE /_emulator/requests. */
int emu_requests_list(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_requests_clear(emu_req *req, emu_resp *r, char segs[][256], size_t n);

/* faults.c */
/* Latency, then the stall, status fault, rate limit and random failures; 0 to
 * go on (r->stall may say to drip the answer), else r holds the answer (or
 * r->stall says there is none). Called without the lock. */
int emu_inject_faults(oft_emu *emu, emu_resp *r);

/* GET and POST /_emulator/faults. */
int emu_faults_get(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_faults_set(emu_req *req, emu_resp *r, char segs[][256], size_t n);

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

/* control.c: the rows of the route table under /_emulator/ (segs[0] is
 * "_emulator"), each answering one method and path. */
int emu_control_state(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_control_reset(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_control_job_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_control_job_advance(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_control_job_fail(emu_req *req, emu_resp *r, char segs[][256], size_t n);

/* control.c: forgets every object and the request log (POST /_emulator/reset).
 * Lock held; waits for handlers working without it. */
void emu_reset(oft_emu *emu);

#endif
