/*
 * Internals of the emulator shared by its source files: the server state,
 * one request as the handlers see it, the response they build, and small
 * helpers (ids, clocks, JSON answers, errors, logging). Not installed.
 *
 * Locking: emu->lock guards the state. Every entry point (a request's
 * dispatch, a control call, a test hook, the ticker) takes it with
 * emu_enter(), which also brings every job up to now: the clock is advanced
 * there, once, and never by a handler.
 */
#ifndef OFT_EMU_INTERNAL_H
#define OFT_EMU_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "emulator.h"

#define EMU_ID_LEN          48
#define EMU_REQUEST_ID_LEN  128
#define EMU_JSON_BODY_MAX   (10u * 1024u * 1024u) /* larger JSON bodies get 413 */
#define EMU_RECORD_BODY_MAX (64u * 1024u)         /* bytes of each body kept for tests */
#define EMU_FORM_FIELDS     16
#define EMU_FILE_MAX_BYTES  (512LL * 1024 * 1024) /* POST /files */
#define EMU_PART_MAX_BYTES  (64LL * 1024 * 1024)  /* one upload part */
#define EMU_REQLOG_MAX      10000 /* entries of GET /_emulator/requests kept */
#define EMU_TICK_MS         200   /* the ticker brings jobs up to date this often */
#define EMU_TICK_SAVE_MS    1000  /* and saves what only time changed this often */
#define EMU_STATE_FORMAT    "openai-ft-emulator-state" /* the kept state's "format" */
#define EMU_STATE_VERSION   1

/* The kinds of objects the kept state has a row of (emu_touch). */
#define EMU_ROW_FILE   'f'
#define EMU_ROW_UPLOAD 'u'
#define EMU_ROW_MODEL  'm'
#define EMU_ROW_PERM   'p'
#define EMU_ROW_JOB    'j' /* touched when deleted: saves find changed jobs themselves */

/* A growable array of pointers. */
typedef struct emu_vec {
    void **items;
    size_t len;
    size_t cap;
} emu_vec;

int emu_vec_push(emu_vec *v, void *item);
void emu_vec_remove(emu_vec *v, size_t i); /* keeps order */
/* Removes item (by pointer) if present. */
void emu_vec_remove_item(emu_vec *v, const void *item);

typedef struct emu_file {
    char id[EMU_ID_LEN];
    char *filename;
    char *purpose;
    int64_t bytes;
    int64_t created_at;
    int64_t expires_at; /* 0: none */
} emu_file;

typedef struct emu_part {
    char id[EMU_ID_LEN];
    int64_t bytes;
    int64_t created_at;
} emu_part;

typedef struct emu_upload {
    char id[EMU_ID_LEN];
    char *filename;
    char *purpose;
    char *mime_type;
    int64_t bytes;
    int64_t created_at;
    int64_t expires_at;
    int64_t file_expires_after; /* seconds, 0: none */
    int status;                 /* EMU_UP_* */
    emu_vec parts;              /* emu_part* */
    char file_id[EMU_ID_LEN];
} emu_upload;

enum { EMU_UP_PENDING, EMU_UP_COMPLETING, EMU_UP_COMPLETED, EMU_UP_CANCELLED };

typedef struct emu_model {
    char *id;
    int64_t created;
    char *owned_by;
    int fine_tuned;
} emu_model;

typedef struct emu_perm {
    char id[EMU_ID_LEN];
    char *checkpoint;
    char *project_id;
    int64_t created_at;
} emu_perm;

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

typedef struct emu_record {
    char *method;
    char *uri;     /* raw path + query */
    char *path;    /* decoded, after /v1, without query */
    char *headers; /* "Name: value\n" lines */
    char *body;    /* first EMU_RECORD_BODY_MAX bytes */
    size_t body_len;
} emu_record;

/* An idempotency key of POST /fine_tuning/jobs (idem.c). */
typedef struct emu_idem {
    char *key;
    char *body; /* the first request's JSON body, keys sorted */
    char job[EMU_ID_LEN];
    int64_t created_at; /* wall clock, s */
    int pending;        /* its job is still being made (the lock let go) */
    int saved;          /* its row is in DIR/state.db */
} emu_idem;

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

/* A server that does not answer properly, for clients' deadlines: */
enum {
    EMU_STALL_NONE = 0,
    EMU_STALL_HANG,  /* reads the request, never answers (until the client leaves) */
    EMU_STALL_DRIP,  /* the answer's body one byte a second */
    EMU_STALL_RESET, /* the connection reset (RST) instead of an answer */
};

typedef struct emu_reqlog emu_reqlog; /* reqlog.c */

struct oft_emu {
    oft_emu_options opts;
    char *host;
    char *api_key;
    char *admin_key;
    char *organization;
    char *data_dir;
    int temp_data_dir;
    double job_duration_ms;
    int log_level; /* OFT_EMU_LOG_* */
    int log_json;
    unsigned short port;
    char base_url[128];
    struct MHD_Daemon *daemon;
    pthread_t ticker;
    int ticker_started;
    int persist; /* a --data-dir was given: the state is kept in it (persist.c) */
    int lock_fd; /* DIR/.lock, held while running; -1: none */

    pthread_mutex_t lock;   /* guards everything below */
    pthread_cond_t wake;    /* broadcast at stop, ends delays early */
    pthread_cond_t idle;    /* broadcast when the last request in flight ends */
    pthread_cond_t settled; /* broadcast when a handler working unlocked is done */
    int stopping;
    int draining;       /* oft_emu_drain: answers carry Connection: close */
    int inflight;       /* requests begun (request line read) and not ended */
    int unlocked_work;  /* handlers that let go of the lock mid-way (reset waits) */
    emu_vec conns;      /* emu_conn* of the requests in flight */
    int no_recording;   /* oft_emu_set_recording(emu, 0) */
    int dirty;          /* the state changed since it was last saved */
    int64_t saved_mono; /* when it was last saved */
    emu_vec trash;      /* names of bytes to unlink once the state is saved */
    emu_vec touched;    /* "K:ID" (K: EMU_ROW_*) of objects changed since then */
    int save_all;       /* the next save rewrites every row (a reset, a failed save) */
    int migrating;      /* the state came from a state.json of old (persist.c) */
    struct emu_db *db;  /* DIR/state.db (persist_db.c); NULL: none open */
    emu_faults faults;
    emu_reqlog *reqlog;  /* GET /_emulator/requests */
    emu_vec scripts;     /* emu_script* */
    emu_vec records;     /* emu_record* */
    emu_vec files;       /* emu_file*, oldest first */
    emu_vec uploads;     /* emu_upload* */
    emu_vec jobs;        /* emu_job* (job.h), oldest first */
    emu_vec models;      /* emu_model* */
    emu_vec perms;       /* emu_perm*, oldest first */
    emu_vec idem;        /* emu_idem* (idem.c) */
    int64_t rate_window; /* second of the current rate-limit window */
    int rate_count;
};

/* One multipart form field: small values kept, the file field on disk. */
typedef struct emu_form {
    const char *file_field; /* "file" or "data" */
    char *names[EMU_FORM_FIELDS];
    char *values[EMU_FORM_FIELDS];
    size_t nfields;
    int has_file;
    char *filename;
    char tmp_path[512];
    int fd;
    int64_t file_bytes; /* received, stored or not */
    int64_t file_cap;   /* bytes beyond it are counted, not stored */
    int io_error;
    int too_big;
} emu_form;

/* Which part of the server a request is for. */
enum { EMU_KIND_API, EMU_KIND_CONTROL, EMU_KIND_HEALTH, EMU_KIND_OTHER };

/* Per-request state of the HTTP layer, from the request line to the end. */
typedef struct emu_conn {
    struct MHD_Connection *conn;
    int answering;  /* the dispatcher has it: oft_emu_cut_off leaves it alone */
    int cut;        /* oft_emu_cut_off answered it: the rest is discarded */
    char *uri;      /* as received: percent-encoded, with the query */
    char *raw_path; /* uri up to '?' */
    int started;
    int kind;        /* EMU_KIND_* */
    char method[16]; /* once the headers are in; "" before */
    int64_t t0;
    double t_wall; /* Unix time with fractions, when the request line arrived */
    char request_id[EMU_REQUEST_ID_LEN];
    emu_record *rec;
    char *body;
    size_t body_len;
    size_t body_cap;
    int too_large;
    emu_form *form;
    struct MHD_PostProcessor *pp;
    int form_error;
} emu_conn;

/*
 * A request's headers and query arguments, wherever they come from: the
 * libmicrohttpd connection (http.c) or a request given in memory (direct.c).
 * Routes read them only through this.
 */
typedef struct emu_values {
    /* The value of header `name` (any case), or NULL. */
    const char *(*header)(const struct emu_values *v, const char *name);
    /* The value of query argument `name`, decoded, or NULL. */
    const char *(*query)(const struct emu_values *v, const char *name);
    /* Calls fn for each query argument, in order (value may be NULL). */
    void (*each_query)(const struct emu_values *v,
                       void (*fn)(void *arg, const char *key, const char *value),
                       void *arg);
    void *cls;
} emu_values;

typedef struct emu_req {
    oft_emu *emu;
    const emu_values *values;
    const char *method;
    const char *path;     /* after /v1 (or the whole path off /v1), decoded, no query */
    const char *raw_path; /* the same, still percent-encoded: routes split this */
    const char *body;     /* JSON body, NUL-terminated, may be empty */
    size_t body_len;
    emu_form *form; /* multipart uploads, else NULL */
} emu_req;

typedef struct emu_resp {
    int status;
    char *body; /* malloc'd, owned */
    size_t len;
    const char *ctype;
    int fd; /* >= 0: send this file's bytes (fd_size) instead of body */
    uint64_t fd_size;
    char headers[256]; /* extra "Name: value\n" lines */
    int reset;         /* scripted: send half of the body, then drop the connection */
    int stall;         /* EMU_STALL_*: a fault's way of (not) answering */
} emu_resp;

/* util.c */
int64_t emu_now_wall(void);
int64_t emu_now_mono_ms(void);
double emu_now_wall_exact(void); /* Unix time with fractions of a second */
void emu_random_id(char *out, size_t cap, const char *prefix, size_t nchars);
void emu_random_hex(char *out, size_t cap, const char *prefix, size_t nchars);
double emu_random_unit(void); /* [0, 1) */
char *emu_strdup(const char *s);
/* Non-zero when s (may be NULL) is one of the NULL-terminated list. */
int emu_one_of(const char *s, const char *const *list);
char *emu_path_join(const char *dir, const char *name);
/* "where.field" into out (cut to cap), the param of an API error. */
void emu_param_name(char *out, size_t cap, const char *where, const char *field);
/* Unlinks data_dir/name (a stored file or part); a missing one is no error. With
 * a kept state, only once the state without it has been saved. */
void emu_unlink_stored(oft_emu *emu, const char *name);
void emu_sleep_ms(oft_emu *emu, int ms); /* cut short at stop; takes the lock */
/* CLOCK_MONOTONIC now + ms, for pthread_cond_timedwait on emu's conds. */
void emu_deadline(struct timespec *until, int ms);
void emu_reply_json(emu_resp *r, int status, json_t *obj); /* steals obj */
/* The API's error shape; param/code may be NULL. Returns -1 for `return` chains. */
int emu_reply_error(emu_resp *r, int status, const char *type, const char *param,
                    const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int emu_bad_request(emu_resp *r, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int emu_not_found(emu_resp *r, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int emu_out_of_memory(emu_resp *r); /* 500 server_error */
/* The message of an API error answer ({"error":{"message"}}) into out, or NULL. */
const char *emu_error_message(const emu_resp *r, char *out, size_t cap);
/* Non-zero when s is valid UTF-8 (what a JSON string can hold). */
int emu_utf8_valid(const char *s);
/* Decodes %XX in place; a bad escape or %00 stays as written. */
void emu_percent_decode(char *s);
/* Parses req->body as a JSON object into *out, else answers 400 and returns -1. */
int emu_parse_body(emu_req *req, emu_resp *r, json_t **out);
/* As emu_parse_body, but an empty body is an empty object. */
int emu_parse_optional_body(emu_req *req, emu_resp *r, json_t **out);
const char *emu_query(emu_req *req, const char *key);
/* Reads ?limit= within [min,max] (dflt when absent); answers 400 and returns -1 if bad.
 */
int emu_query_limit(emu_req *req, emu_resp *r, long dflt, long min, long max, long *out);
const char *emu_form_value(const emu_form *f, const char *name);
/*
 * One page of a list. Offer the items in listing order; emu_pager_take
 * returns 1 when the item belongs on the page (append its JSON to p->data),
 * 0 to skip it (at or before the `after` cursor), -1 once the page is full.
 */
typedef struct emu_pager {
    const char *after;
    long limit;
    int seen_after;
    int has_more;
    json_t *data;
} emu_pager;

void emu_pager_init(emu_pager *p, const char *after, long limit);
int emu_pager_take(emu_pager *p, const char *id);
/* Answers {object:"list", data, has_more} (+ first_id/last_id when with_ids). */
void emu_pager_reply(emu_pager *p, emu_resp *r, int with_ids);

/* Splits a raw path "a/b%2Fc" into segments, then percent-decodes each one
 * ("a", "b/c"): an encoded '/' stays inside its segment. Returns the count. */
size_t emu_split(const char *path, char segs[][256], size_t max);

/* log.c: lines on stderr at or above emu->log_level, as text or JSON.
 * fields (stolen, may be NULL) are added to the JSON object. */
void emu_log(oft_emu *emu, int level, const char *event, json_t *fields, const char *fmt,
             ...) __attribute__((format(printf, 5, 6)));
/* The request line of a finished request (error: the API's message or NULL). */
void emu_log_request(oft_emu *emu, const emu_conn *ctx, const char *method,
                     const char *path, int status, const char *error);
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

/* http.c: the libmicrohttpd daemon. */
struct sockaddr;
int emu_http_start(oft_emu *emu, const struct sockaddr *sa, int ipv6, char *errbuf,
                   size_t errlen);
void emu_http_quiesce(oft_emu *emu); /* new connections refused from now */
void emu_http_stop(oft_emu *emu);

/* dispatch.c: enters the state (lock + every job brought up to now). */
void emu_enter(oft_emu *emu);
void emu_leave(oft_emu *emu);
/* The lock alone (the clock stays), and the clock advanced with the lock held
 * (the ticker); every other file takes the lock through these. */
void emu_lock(oft_emu *emu);
void emu_unlock(oft_emu *emu);
void emu_tick(oft_emu *emu);
/* Around work done without the lock inside a handler (the lock is held
 * before and after): emu_reset waits for it to end. */
void emu_unlock_for_work(oft_emu *emu);
void emu_relock_after_work(oft_emu *emu);
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

/* record.c */
/* "/v1/x" -> "/x"; other paths unchanged. */
const char *emu_strip_v1(const char *p);
/* Takes one use of the first script matching; a copy to free (headers, body, self), or
 * NULL. */
emu_script *emu_script_take(oft_emu *emu, const char *method, const char *path);
emu_record *emu_record_start(oft_emu *emu, struct MHD_Connection *conn,
                             const char *method, const char *uri,
                             const char *path); /* NULL when not recording */
void emu_record_body(oft_emu *emu, emu_record *rec, const char *data, size_t size);
void emu_records_free(oft_emu *emu);

/* form.c: multipart bodies streamed to the data dir. */
int emu_is_multipart_route(const char *method, const char *path);
/* An empty form for the multipart route path (its file field and limits). */
emu_form *emu_form_new(oft_emu *emu, const char *path);
/* Appends a piece of field key (the file field's filename given with its
 * first piece) to f. 0, or -1 when it cannot be kept (f says why). */
int emu_form_add(emu_form *f, const char *key, const char *filename, const char *data,
                 size_t size);
/* Streams ctx's body through libmicrohttpd's multipart parser into a new form. */
void emu_form_start(oft_emu *emu, emu_conn *ctx, struct MHD_Connection *conn,
                    const char *path);
void emu_form_free(emu_form *f);

/* Routes, each answering one request (called with emu->lock held). */
int emu_route_files(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_uploads(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_models(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_jobs(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_permissions(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_graders(emu_req *req, emu_resp *r, char segs[][256], size_t n);
/* control.c: /_emulator/... (segs after "_emulator"). */
int emu_route_control(emu_req *req, emu_resp *r, char segs[][256], size_t n);

/* files.c */
emu_file *emu_file_find(oft_emu *emu, const char *id);
json_t *emu_file_json(const emu_file *f);
/* Registers a file already written at data_dir/<id>. */
emu_file *emu_file_add(oft_emu *emu, const char *id, const char *filename,
                       const char *purpose, int64_t bytes, int64_t expires_at);
/* expires_after from a form or JSON: sets *out (seconds, 0: none) or answers 400. */
int emu_check_expiry(emu_resp *r, const char *anchor, int has_seconds, long long seconds,
                     int64_t *out);
/* Forgets every file; with unlink_bytes, also removes their bytes. */
void emu_files_free(oft_emu *emu, int unlink_bytes);

/* uploads.c */
json_t *emu_upload_json(oft_emu *emu, const emu_upload *u);
/* Forgets every upload; with unlink_bytes, also removes their parts' bytes. */
void emu_uploads_free(oft_emu *emu, int unlink_bytes);

/* models.c */
void emu_models_init(oft_emu *emu);
int emu_model_add(oft_emu *emu, const char *id, const char *owned_by);
emu_model *emu_model_find(oft_emu *emu, const char *id);
json_t *emu_model_json(const emu_model *m);
/* The dated snapshot a model alias stands for ("gpt-4o-mini" ->
 * "gpt-4o-mini-2024-07-18"); any other name unchanged. */
const char *emu_model_snapshot(const char *model);
void emu_models_free(oft_emu *emu);

/* permissions.c */
json_t *emu_perm_json(const emu_perm *p);
void emu_perms_free(oft_emu *emu);

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

/* jobs (job.h has the rest) */
void emu_jobs_free(oft_emu *emu);
/* Brings every job up to now (models and checkpoints appear as they are due). */
void emu_jobs_advance_all(oft_emu *emu);
/* A name permissions can be granted on: a checkpoint of some job
 * ("ft:...:ckpt-step-N") or a fine-tuned model that exists ("ft:..."). */
int emu_checkpoint_exists(oft_emu *emu, const char *name);

/* idem.c: Idempotency-Key on POST /fine_tuning/jobs. */
/* 1 when r holds the answer to a key seen before (the job it made, 422 for
 * another body, 409 while its first request runs); else 0, with *canon the
 * body to remember (malloc'd) when the request has a key, or NULL. */
int emu_idem_check(emu_req *req, emu_resp *r, json_t *body, char **canon);
/* Remembers the request's key (canon stolen) for job, pending until settled. */
emu_idem *emu_idem_reserve(emu_req *req, char *canon, const char *job);
/* The job of k was made (kept, to be saved) or not (k forgotten). */
void emu_idem_settle(oft_emu *emu, emu_idem *k, int created);
int emu_idem_restore(oft_emu *emu, const char *key, const char *body, const char *job,
                     int64_t created_at);
void emu_idem_free_all(oft_emu *emu);

/* persist.c: the state kept in the data dir (DIR/state.db, persist_db.c). */
/* A directory the emulator may use: empty, or with its state (*has_state). */
int emu_persist_check_dir(const char *dir, int *has_state, char *errbuf, size_t errlen);
int emu_persist_lock(oft_emu *emu, char *errbuf, size_t errlen);
/* Loads DIR/state.db, or a state.json of old (emu->migrating); changes nothing. */
int emu_persist_load(oft_emu *emu, char *errbuf, size_t errlen);
/* Opens (creates) the database, removes what no kept row refers to, saves a
 * migrated state.json and sets emu->persist. 0, or -1 with a message. */
int emu_persist_open(oft_emu *emu, char *errbuf, size_t errlen);
/* Saves what changed since the last save, in one transaction (a no-op without
 * persist). 0, or -1 (logged). Lock held. */
int emu_persist_save(oft_emu *emu);
/* Notes that object id of kind (EMU_ROW_*) was added, changed or removed. */
void emu_touch(oft_emu *emu, char kind, const char *id);
void emu_trash(oft_emu *emu, const char *name);
/* Forgets the trash (its bytes stay), closes the database, releases the lock. */
void emu_persist_close(oft_emu *emu);

/* persist_db.c: the rows of DIR/state.db (SQLite, WAL). */
int emu_db_open(oft_emu *emu, int create, char *errbuf, size_t errlen);
/* Loads every row into emu; -1 with the row at fault in errbuf. */
int emu_db_load(oft_emu *emu, char *errbuf, size_t errlen);
/* Writes the touched objects and the jobs that changed in one transaction. */
int emu_db_save(oft_emu *emu);
/* Reads the events of an ended job loaded without them (a no-op for any other
 * job). 0, or -1 (logged). Lock held. */
struct emu_job;
int emu_db_job_events(oft_emu *emu, struct emu_job *j);
void emu_db_close(oft_emu *emu);

/* store.c: the objects as JSON and back (job_store.c for jobs). */
typedef int (*emu_restore_fn)(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap);
/* The kept JSON of object id of kind, or NULL when there is none to keep. */
json_t *emu_store_dump(oft_emu *emu, char kind, const char *id);
emu_restore_fn emu_store_restorer(char kind);
/* Touches every object but the jobs (a save of everything). */
void emu_store_touch_all(oft_emu *emu);
/* Restores every object of a whole state (a state.json of old) into emu; -1
 * with the object at fault in err. */
int emu_store_restore(oft_emu *emu, json_t *state, char *err, size_t cap);
int emu_store_fail(char *err, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An ID fit to be a file name in the data dir ([A-Za-z0-9_-], shorter than EMU_ID_LEN).
 */
int emu_store_safe_id(const char *s);

/* server.c: an emulator with its options checked and its data dir made, and
 * nothing started: no daemon, no ticker (oft_emu_start starts both; direct.c
 * answers requests without them). oft_emu_stop frees it. 0, or -1 with a
 * message in errbuf. */
int emu_create(oft_emu **out, const oft_emu_options *opts, char *errbuf, size_t errlen);

/* control.c: forgets every object and the request log (POST /_emulator/reset).
 * Lock held; waits for handlers working without it. */
void emu_reset(oft_emu *emu);

/* The tables' own frees and lookups, used by their routes. */
void emu_file_free(emu_file *f);
void emu_perm_free(emu_perm *p);
void emu_model_free(emu_model *m);
void emu_upload_free(oft_emu *emu, emu_upload *u, int unlink_bytes);
void emu_upload_drop_parts(oft_emu *emu, emu_upload *u);
const char *emu_upload_status(const emu_upload *u);
emu_idem *emu_idem_find(oft_emu *emu, const char *key);
void emu_idem_drop(oft_emu *emu, emu_idem *k);
void emu_idem_free(emu_idem *k);

#endif
