/*
 * The definitions of struct oft_client and struct oft_error, and the helpers
 * that core files share. Resource files only need src/common.h and http.h.
 */
#ifndef OFT_SRC_CORE_CLIENT_INTERNAL_H
#define OFT_SRC_CORE_CLIENT_INTERNAL_H

#include "core/common.h"
#include "core/interrupt.h"
#include "core/redact.h"

/* The client owns a transport (net/transport.h) it never looks into. */
typedef struct oft__transport oft__transport;

/* The fields of an API error body ({"error": {...}}, or problem+json). */
typedef struct oft__api_error {
    char *type;
    char *code;
    char *param;
    char *message;
    char *title; /* application/problem+json */
    char *detail;
} oft__api_error;

/* Reads an error body's fields into out: 0 when the body is a JSON object
 * (fields may be NULL; dispose out either way), -1 when it is not (out is
 * then empty). The client's is json/api_error.c's, set by api/client.c: the
 * net layer reads error bodies through it without depending on json/. */
typedef int (*oft__error_body_reader)(const char *body, size_t len, oft__api_error *out);

struct oft_error {
    int status;
    int http_status;
    char *type;
    char *code;
    char *param;
    char *message;
    char *request_id;
    char *body;
    int64_t retry_after_ms;
    int curl_code;
    char *curl_message;
};

struct oft_client {
    char *api_key;
    char *admin_key;
    char *organization;
    char *project;
    char *base_url;
    char *user_agent;
    char **extra_headers; /* "Name: value" */
    size_t extra_count;
    int64_t timeout_ms;
    int64_t connect_timeout_ms;
    int max_retries;
    int64_t initial_retry_delay_ms;
    int64_t max_retry_delay_ms;
    int64_t retry_after_cap_ms;
    char *ca_file;
    char *ca_path;
    oft_log_cb log_cb;
    void *log_payload;
    int log_level;
    int idempotency_keys;
    size_t max_response_bytes; /* in-memory body cap, resolved (> 0) */

    oft__redactor redactor; /* finds api_key and admin_key */
    oft__transport *transport;
    oft__error_body_reader read_error_body; /* NULL: every body is an excerpt */
    oft__interrupt interrupt;               /* the one part another thread touches */
    oft_error err;

    /* oft_client_set_call_options(): the calls that follow take these */
    char **call_headers; /* "Name: value" */
    size_t call_header_count;
    char *call_query;        /* form-encoded "a=b&c=d", or NULL */
    char *call_body;         /* JSON object text merged into POST bodies, or NULL */
    int64_t call_timeout_ms; /* 0: timeout_ms */
    int call_max_retries;    /* -1: max_retries */
    char *resp_headers;      /* oft_client_response_headers(), or NULL */

    int64_t deadline_ms;    /* of the public call running now; 0: none */
    char deadline_hit[256]; /* why the retry engine ended a request at it, or "" */
};

/* client.c: fills c from the options and the environment (c zeroed, its
 * error initialised); transport_version goes into the User-Agent. OFT_OK, or
 * the error recorded on c. */
int oft__client_configure(oft_client *c, const oft_client_options *o,
                          const char *transport_version);
/* call_options.c: copies n key/value pairs as "Name: value" lines into
 * *lines (allocated, *count of them; Authorization pairs dropped), what
 * naming the argument in an OFT_EINVAL. OFT_OK, or the error recorded on c
 * (what was copied stays in *lines for the caller to free). */
int oft__header_lines(oft_client *c, const char *what, const oft_kv *kv, size_t n,
                      char ***lines, size_t *count);
/* Frees n header lines after wiping them (a header may carry a credential). */
void oft__header_lines_free(char **lines, size_t n);
/* Frees the call options and the response headers kept on c. */
void oft__call_options_dispose(oft_client *c);
/* Keeps headers (owned, or NULL) as the last response's, freeing the previous. */
void oft__client_keep_response_headers(oft_client *c, char *headers);

/* Frees everything c holds but c itself and its transport; the keys are wiped. */
void oft__client_dispose(oft_client *c);

/* error.c */
void oft__error_init(oft_error *e);
void oft__error_reset(oft_error *e); /* frees the fields, back to "no error" */
int oft__error_copy(oft_error *dst, const oft_error *src);
/* What oft_error_last() reads on this thread: status and message (copied, cut
 * to 1,023 bytes; NULL or "": the status's string); OFT_OK clears it. */
void oft__error_set_last(int status, const char *message);
/* Frees the fields of an API error body and empties it. */
void oft__api_error_dispose(oft__api_error *e);
/* Stores e as the client's last error (taking its fields); returns e->status. */
int oft__error_adopt(oft_client *c, oft_error *e);

/*
 * redact.c: owned copies with every key, and every piece of one, replaced
 * (core/redact.h); NULL for NULL or when out of memory; a NULL c copies.
 * oft__redact_cut is for a text someone else cut short (curl's message): a
 * tail of it that begins a key goes too. oft__redactn reads at most len
 * bytes, up to a NUL.
 */
char *oft__redact(const oft_client *c, const char *s);
char *oft__redact_cut(const oft_client *c, const char *s);
char *oft__redactn(const oft_client *c, const char *s, size_t len);
/* The line fmt and ap make, redacted before it is cut to 1,023 bytes (a
 * "..." marks the cut); the text before redaction is wiped. NULL when out of
 * memory. What oft__log and oft__error_set store. */
char *oft__format_redacted(const oft_client *c, const char *fmt, va_list ap)
    OFT__PRINTF(2, 0);
int oft__log_level_parse(const char *s); /* -1 if unknown */
int oft__log_enabled(const oft_client *c, int level);

#endif
