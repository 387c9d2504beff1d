/*
 * The emulator's base: limits, vectors, struct oft_emu (what every layer reads,
 * and a pointer to each upper layer's part), one request as the handlers see
 * it and the answer they build, clocks, IDs, the reply and error helpers, the
 * pager, the log lines. Calls nothing above it.
 */

#ifndef OFT_EMU_BASE_H
#define OFT_EMU_BASE_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "emulator.h"

typedef struct emu_record emu_record; /* control/ */

#define EMU_ID_LEN 48

#define EMU_REQUEST_ID_LEN 128

#define EMU_JSON_BODY_MAX (10u * 1024u * 1024u) /* larger JSON bodies get 413 */

#define EMU_RECORD_BODY_MAX (64u * 1024u) /* bytes of each body kept for tests */

#define EMU_FORM_FIELDS 16

#define EMU_FILE_MAX_BYTES (512LL * 1024 * 1024) /* POST /files */

#define EMU_PART_MAX_BYTES (64LL * 1024 * 1024) /* one upload part */

#define EMU_REQLOG_MAX 10000 /* entries of GET /_emulator/requests kept */

#define EMU_TICK_MS 200 /* the ticker brings jobs up to date this often */

#define EMU_TICK_SAVE_MS 1000 /* and saves what only time changed this often */

#define EMU_STATE_FORMAT "openai-ft-emulator-state" /* the kept state's "format" */

#define EMU_STATE_VERSION 1

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

/* Frees the array (not the items), leaving v empty. */
void emu_vec_free(emu_vec *v);

/* Frees each item of v with free_item (a function of the items' type), then
 * the array, leaving v empty. */
#define EMU_VEC_FREE_ALL(v, free_item)                                                   \
    do {                                                                                 \
        emu_vec *emu_vec_ = (v);                                                         \
        for (size_t emu_i_ = 0; emu_i_ < emu_vec_->len; emu_i_++)                        \
            free_item(emu_vec_->items[emu_i_]);                                          \
        emu_vec_free(emu_vec_);                                                          \
    } while (0)

/* A server that does not answer properly, for clients' deadlines: */
enum {
    EMU_STALL_NONE = 0,
    EMU_STALL_HANG,  /* reads the request, never answers (until the client leaves) */
    EMU_STALL_DRIP,  /* the answer's body one byte a second */
    EMU_STALL_RESET, /* the connection reset (RST) instead of an answer */
};

/*
 * The emulator: what every layer reads (the options and what comes of them)
 * and one part per layer above, each defined in its own layer's header and
 * read only there and above: a lower layer cannot see the fields of an upper
 * one. server/server.c allocates the whole and sets the pointers.
 */
struct oft_emu {
    oft_emu_options opts; /* its strings NULL: the emulator's copies are below */
    char *api_key;
    char *admin_key;
    char *organization;
    char *data_dir;
    double job_duration_ms;
    int log_level; /* OFT_EMU_LOG_* */
    int log_json;
    int persist; /* a --data-dir was given: the state is kept in it (persist/) */

    struct emu_state *state;     /* state/state.h: tables, lock, change notes */
    struct emu_store *store;     /* persist/persist.h: the database, save times */
    struct emu_control *control; /* control/control.h: faults, request log, scripts */
    struct emu_server *server;   /* server/server.h: the daemon, ticker, connections */
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

int emu_store_fail(char *err, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An ID fit to be a file name in the data dir ([A-Za-z0-9_-], shorter than EMU_ID_LEN).
 */
int emu_store_safe_id(const char *s);

#endif
