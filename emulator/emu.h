/*
 * Internals of the emulator shared by its source files: the server state,
 * one request as the handlers see it, the response they build, and small
 * helpers (ids, clocks, JSON answers, errors). Not installed.
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
#define EMU_JSON_BODY_MAX   (10u * 1024u * 1024u) /* larger JSON bodies get 413 */
#define EMU_RECORD_BODY_MAX (64u * 1024u)         /* bytes of each body kept for tests */
#define EMU_FORM_FIELDS     16
#define EMU_FILE_MAX_BYTES  (512LL * 1024 * 1024) /* POST /files */
#define EMU_PART_MAX_BYTES  (64LL * 1024 * 1024)  /* one upload part */

/* A growable array of pointers. */
typedef struct emu_vec {
    void **items;
    size_t len;
    size_t cap;
} emu_vec;

int emu_vec_push(emu_vec *v, void *item);
void emu_vec_remove(emu_vec *v, size_t i); /* keeps order */

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

struct oft_emu {
    oft_emu_options opts;
    char *host;
    char *api_key;
    char *admin_key;
    char *organization;
    char *data_dir;
    int temp_data_dir;
    double job_duration_ms;
    unsigned short port;
    char base_url[128];
    struct MHD_Daemon *daemon;

    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t wake;  /* broadcast at stop, ends delays early */
    pthread_cond_t idle;  /* broadcast when the last request in flight ends */
    int stopping;
    int draining;        /* oft_emu_drain: answers carry Connection: close */
    int inflight;        /* requests begun (request line read) and not ended */
    int no_recording;    /* oft_emu_set_recording(emu, 0) */
    emu_vec scripts;     /* emu_script* */
    emu_vec records;     /* emu_record* */
    emu_vec files;       /* emu_file*, oldest first */
    emu_vec uploads;     /* emu_upload* */
    emu_vec jobs;        /* emu_job* (jobs.c), oldest first */
    emu_vec models;      /* emu_model* */
    emu_vec perms;       /* emu_perm*, oldest first */
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

typedef struct emu_req {
    oft_emu *emu;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;     /* after /v1, decoded, no query */
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
} emu_resp;

/* util.c */
int64_t emu_now_wall(void);
int64_t emu_now_mono_ms(void);
void emu_random_id(char *out, size_t cap, const char *prefix, size_t nchars);
void emu_random_hex(char *out, size_t cap, const char *prefix, size_t nchars);
double emu_random_unit(void); /* [0, 1) */
char *emu_strdup(const char *s);
char *emu_path_join(const char *dir, const char *name);
void emu_sleep_ms(oft_emu *emu, int ms); /* cut short at stop */
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
/* Parses req->body as a JSON object into *out, else answers 400 and returns -1. */
int emu_parse_body(emu_req *req, emu_resp *r, json_t **out);
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

/* Routes, each answering one request (called with emu->lock held). */
int emu_route_files(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_uploads(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_models(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_jobs(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_permissions(emu_req *req, emu_resp *r, char segs[][256], size_t n);
int emu_route_graders(emu_req *req, emu_resp *r, char segs[][256], size_t n);

/* files.c */
emu_file *emu_file_find(oft_emu *emu, const char *id);
json_t *emu_file_json(const emu_file *f);
/* Registers a file already written at data_dir/<id>. */
emu_file *emu_file_add(oft_emu *emu, const char *id, const char *filename,
                       const char *purpose, int64_t bytes, int64_t expires_at);
void emu_files_free(oft_emu *emu);
void emu_uploads_free(oft_emu *emu);

/* models.c */
void emu_models_init(oft_emu *emu);
int emu_model_add(oft_emu *emu, const char *id, const char *owned_by);
emu_model *emu_model_find(oft_emu *emu, const char *id);
void emu_models_free(oft_emu *emu);
void emu_perms_free(oft_emu *emu);

/* job_checks.c: each answers 400 on r and returns -1 (or NULL) when bad. */
/* The method to store, {type, <type>:{hyperparameters, grader?}}, autos filled in. */
json_t *emu_job_method(emu_resp *r, json_t *body);
int emu_check_metadata(emu_resp *r, json_t *md);
int emu_check_integrations(emu_resp *r, json_t *in);
/* A training or validation file: exists and has purpose fine-tune. */
int emu_check_data_file(oft_emu *emu, emu_resp *r, const char *param, json_t *v,
                        int required);
/* Runs the JSONL validator on path (format: oft_jsonl_format). On the first
 * error sets *message (malloc'd), else fills the figures (any may be NULL). */
void emu_validate_data_file(const char *path, int format, const char *model,
                            char **message, uint64_t *examples, uint64_t *tokens,
                            uint64_t *billed, int *epochs);

/* graders.c: a grader's shape as the API checks it (400 naming where.field). */
int emu_check_grader(emu_resp *r, json_t *g, const char *where, int nested);

/* jobs.c */
void emu_jobs_free(oft_emu *emu);
/* Brings every job up to now (models and checkpoints appear lazily). */
void emu_jobs_advance_all(oft_emu *emu);
/* Checkpoint names ("ft:...:ckpt-step-N") of every job, for permissions. */
int emu_checkpoint_exists(oft_emu *emu, const char *name);

#endif
