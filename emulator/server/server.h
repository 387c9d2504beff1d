/*
 * The emulator's server: its life (options, the data dir, start, drain,
 * stop), the libmicrohttpd daemon, multipart forms, and the socket-less entry
 * (below) that answers a request given in memory, as the fuzz target does.
 */

#ifndef OFT_EMU_SERVER_H
#define OFT_EMU_SERVER_H

#include "base/base.h"

/* The server's part of oft_emu (emu->server). */
struct emu_server {
    char *host;
    unsigned short port;
    char base_url[128];
    int temp_data_dir; /* data_dir was made by us: removed at the stop */
    struct MHD_Daemon *daemon;
    pthread_t ticker;
    int ticker_started;
    /* Guarded by emu's lock (emu_lock): */
    int draining;  /* oft_emu_drain: answers carry Connection: close */
    int inflight;  /* requests begun (request line read) and not ended */
    emu_vec conns; /* emu_conn* of the requests in flight */
};

/* http.c: the libmicrohttpd daemon. */
struct sockaddr;

int emu_http_start(oft_emu *emu, const struct sockaddr *sa, int ipv6, char *errbuf,
                   size_t errlen);

void emu_http_quiesce(oft_emu *emu); /* new connections refused from now */

void emu_http_stop(oft_emu *emu);

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

/* server.c: an emulator with its options checked and its data dir made, and
 * nothing started: no daemon, no ticker (oft_emu_start starts both; direct.c
 * answers requests without them). oft_emu_stop frees it. 0, or -1 with a
 * message in errbuf. */
int emu_create(oft_emu **out, const oft_emu_options *opts, char *errbuf, size_t errlen);

/*
 * The emulator without a socket: a request given in memory goes through the
 * same dispatcher as one libmicrohttpd receives (routes/dispatch.c: scripts, auth,
 * faults, body checks, the routes, the request log) and its answer comes back
 * in memory. What the fuzz target of the routes drives
 * (tests/fuzz/fuzz_emulator.c). Requests are not recorded for
 * oft_emu_last_request (that reads libmicrohttpd's headers).
 */
#include <stddef.h>

typedef struct emu_direct_header {
    const char *name;
    const char *value;
} emu_direct_header;

/* One field of a multipart form (POST /files, POST /uploads/{id}/parts). */
typedef struct emu_direct_field {
    const char *name;
    const char *filename; /* the file field's, or NULL */
    const char *data;
    size_t len;
} emu_direct_field;

typedef struct emu_direct_request {
    const char *method;
    const char *target; /* as on the request line: "/v1/files?limit=2", %-encoded */
    const emu_direct_header *headers;
    size_t n_headers;
    const char *body; /* a JSON body (need not end with a NUL); ignored with a form */
    size_t body_len;
    /* A multipart form (is_form non-zero): its fields, in order. A multipart
     * route given no form answers as to a body that is not one. */
    int is_form;
    const emu_direct_field *fields;
    size_t n_fields;
} emu_direct_request;

typedef struct emu_direct_response {
    int status;
    const char *ctype; /* static */
    char *body;        /* malloc'd (a download's bytes too), NUL-terminated */
    size_t len;
    char headers[256]; /* extra "Name: value\n" lines */
} emu_direct_response;

/*
 * An emulator with its state in a temporary data dir (opts->data_dir: kept
 * there) and nothing started: no daemon, no ticker. Jobs move when a request
 * comes (by the clock and job_duration_s) or through the control API. Free it
 * with oft_emu_stop. 0, or -1 with a message in errbuf.
 */
int emu_direct_open(oft_emu **out, const oft_emu_options *opts, char *errbuf,
                    size_t errlen);

/* Answers one request into *out (emu_direct_response_free). 0, or -1 when out
 * of memory before an answer (then *out is empty). */
int emu_direct_answer(oft_emu *emu, const emu_direct_request *rq,
                      emu_direct_response *out);

void emu_direct_response_free(emu_direct_response *r);

#endif
