/*
 * The API's routes: one table of method + path pattern + handler (table.c),
 * the dispatcher around it (dispatch.c: scripts, auth, faults, body checks),
 * the handlers of each resource, and what they share: the job checks, the
 * grader checks, idempotency keys.
 */

#ifndef OFT_EMU_ROUTES_H
#define OFT_EMU_ROUTES_H

#include "state/state.h"

/* 0 when the Bearer key of the Authorization header (NULL: none) is right for
 * path, else -1 and (when r is not NULL) a 401 in r. Never echoes the key. */
int emu_check_auth(oft_emu *emu, const char *authorization, const char *path,
                   emu_resp *r);

/* Which part of the server a request path (no query) is for: EMU_KIND_*. */
int emu_request_kind(const char *path);

/* Answers a request whose body has fully arrived (r->status 0 on entry);
 * url is the decoded path, values its headers and query. */
void emu_answer(oft_emu *emu, const emu_values *values, emu_conn *ctx, const char *method,
                const char *url, emu_resp *r);

/* table.c: one row per route the emulator answers. */
typedef int (*emu_handler)(emu_req *req, emu_resp *r, char segs[][256], size_t n);
typedef struct emu_route {
    const char *method;
    const char *path; /* after /v1 for the API; {name}: any one segment */
    emu_handler handler;
    int control; /* 1: a control API path, matched only for control requests */
} emu_route;

/* The row of method and the split path segs[0..n) (of a control request when
 * control), or NULL: no such route. */
const emu_route *emu_route_find(const char *method, char segs[][256], size_t n,
                                int control);

/* The handlers the table names, each answering the rows that name it (called
 * with the lock held, through emu_enter). */
int emu_files_create(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_files_list(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_file_retrieve(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_file_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_file_content(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_uploads_create(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_uploads_add_part(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_uploads_complete(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_uploads_cancel(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_models_list(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_model_retrieve(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_model_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_jobs_create(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_jobs_list(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_jobs_retrieve(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_jobs_cancel(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_jobs_pause(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_jobs_resume(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_jobs_events(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_jobs_checkpoints(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_permissions_create(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_permissions_list(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_permissions_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n);

int emu_graders_run(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_graders_validate(emu_req *req, emu_resp *r, char segs[][256], size_t n);

/* expires_after from a form or JSON: sets *out (seconds, 0: none) or answers 400. */
int emu_check_expiry(emu_resp *r, const char *anchor, int has_seconds, long long seconds,
                     int64_t *out);

/* job_checks.c: each answers 400 on r and returns -1 (or NULL) when bad. */
/* The method to store, {type, <type>:{hyperparameters, grader?}}, autos filled in. */
json_t *emu_job_method(emu_resp *r, json_t *body);

int emu_check_job_fields(oft_emu *emu, emu_resp *r, json_t *body);

int emu_check_metadata(emu_resp *r, json_t *md);

int emu_check_integrations(emu_resp *r, json_t *in);

/* A training or validation file: exists and has purpose fine-tune. */
int emu_check_data_file(oft_emu *emu, emu_resp *r, const char *param, json_t *v,
                        int required);

/* What the validator found in a data file (figures of a valid one). */
typedef struct emu_data_check {
    char *message;         /* the first error, malloc'd; NULL when valid */
    uint64_t examples;     /* JSON object lines */
    uint64_t epoch_tokens; /* tokens of one epoch: sum of min(context, example) */
    int default_epochs;    /* what "auto" picks for this many examples */
} emu_data_check;

/* Runs the JSONL validator on path (format: oft_jsonl_format; training: the
 * training file, which needs the API's minimum of examples). */
void emu_validate_data_file(const char *path, int format, const char *model, int training,
                            emu_data_check *out);

/* graders.c: a grader's shape as the API checks it (400 naming where.field). */
int emu_check_grader(emu_resp *r, json_t *g, const char *where, int nested);

/* idem.c: Idempotency-Key on POST /fine_tuning/jobs. */
/* 1 when r holds the answer to a key seen before (the job it made, 422 for
 * another body, 409 while its first request runs); else 0, with *canon the
 * body to remember (malloc'd) when the request has a key, or NULL. */
int emu_idem_check(emu_req *req, emu_resp *r, json_t *body, char **canon);

/* Remembers the request's key (canon stolen) for job, pending until settled. */
emu_idem *emu_idem_reserve(emu_req *req, char *canon, const char *job);

/* The job of k was made (kept, to be saved) or not (k forgotten). */
void emu_idem_settle(oft_emu *emu, emu_idem *k, int created);

#endif
