/*
 * The emulator without a socket: a request given in memory goes through the
 * same dispatcher as one libmicrohttpd receives (dispatch.c: scripts, auth,
 * faults, body checks, the routes, the request log) and its answer comes back
 * in memory. What the fuzz target of the routes drives
 * (tests/fuzz/fuzz_emulator.c). Requests are not recorded for
 * oft_emu_last_request (that reads libmicrohttpd's headers).
 */
#ifndef OFT_EMU_DIRECT_H
#define OFT_EMU_DIRECT_H

#include <stddef.h>

#include "emulator.h"

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
