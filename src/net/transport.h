/*
 * The transport seam between http.c and libcurl: transport_curl.c is the only
 * file that includes <curl/curl.h>. It owns its types and knows nothing of
 * the layer above. One transfer (oft__xfer) is one attempt of
 * one request; a transport drives any number of them on one curl multi handle
 * whose connection cache is kept for the life of the client (connection reuse).
 */
#ifndef OFT_SRC_NET_TRANSPORT_H
#define OFT_SRC_NET_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

/* Progress of one request body: bytes sent so far and the total. Return
 * non-zero to stop (the call then fails with OFT_EUSER). */
typedef int (*oft__progress_fn)(int64_t sent, int64_t total, void *payload);

/* A plain multipart form field. */
typedef struct oft__form_field {
    const char *name;
    const char *value;
} oft__form_field;

/* A multipart file part streamed from fd (pread: offset..offset+length),
 * so it can be re-read on every retry and never sits whole in memory. */
typedef struct oft__form_file {
    const char *field; /* "file" or "data" */
    const char *filename;
    const char *content_type; /* NULL: application/octet-stream */
    int fd;
    int64_t offset;
    int64_t length;
} oft__form_file;

typedef struct oft__transport oft__transport;
typedef struct oft__xfer oft__xfer;

/* What one attempt needs; every pointer is borrowed until the xfer ends. */
typedef struct oft__xfer_spec {
    const char *method;
    const char *url;
    const char *const *headers; /* "Name: value" lines */
    size_t headers_count;
    const char *body; /* NULL: no body (a POST then sends Content-Length 0) */
    size_t body_len;
    const oft__form_field *form;
    size_t form_count;
    const oft__form_file *form_file;
    int download_fd; /* >= 0: 2xx bodies go to this descriptor */
    /* ms; >= 0 (0: none), clamped to libcurl's long when set */
    int64_t timeout_ms;
    int64_t connect_timeout_ms;
    const char *ca_file;
    const char *ca_path;
    oft__progress_fn progress;
    void *progress_payload;
    void *user;      /* the caller's tag, returned by oft__xfer_user */
    size_t max_body; /* a body kept in memory above this stops the xfer; 0: no cap */
} oft__xfer_spec;

enum {
    OFT__XFER_HTTP = 0,    /* a complete HTTP response arrived */
    OFT__XFER_NETWORK,     /* connect, DNS, TLS, reset, ... */
    OFT__XFER_TIMEOUT,     /* the attempt's timeout passed */
    OFT__XFER_USER,        /* the progress callback asked to stop */
    OFT__XFER_INTERRUPTED, /* ended unfinished by the caller (an interrupt) */
    OFT__XFER_IO,          /* writing the download descriptor failed */
    OFT__XFER_NOMEM,
    OFT__XFER_TOO_BIG, /* a body to keep in memory exceeded spec.max_body */
    OFT__XFER_TLS      /* TLS verification failed (a certificate, the CA files):
                          another attempt would fail the same way */
};

typedef struct oft__xfer_result {
    int kind;
    long status;
    char *body; /* owned, NUL-terminated (empty string when no body) */
    size_t body_len;
    char *request_id; /* response headers of interest, owned or NULL */
    char *retry_after_ms;
    char *retry_after;
    char *should_retry;
    char *content_type;
    char *headers;      /* the status line and header lines as sent, owned or NULL */
    int64_t downloaded; /* bytes written to download_fd */
    int curl_code;
    char curl_message[256];
    long new_connects; /* connections this attempt opened */
    int64_t received;  /* bytes of the answer received (headers and body) */
} oft__xfer_result;

/* A URL as libcurl reads it (curl_url): each part owned or NULL when
 * absent; of a user name or password only that one was there. */
typedef struct oft__url_parts {
    char *scheme; /* lower case */
    char *host;   /* as curl connects to it: decoded, an IPv4 number written
                     plainly, an IPv6 literal in brackets and shortest form */
    char *port;   /* NULL: the scheme's default */
    char *path;   /* "/" at least, dot segments removed */
    char *query;
    char *fragment;
    int has_user;
    int has_password;
} oft__url_parts;

/* Splits url the way libcurl will when it connects. OFT_OK; OFT_EINVAL with
 * libcurl's reason in why (it never quotes the URL); OFT_ENOMEM. */
int oft__url_split(const char *url, oft__url_parts *out, char *why, size_t why_len);
void oft__url_parts_dispose(oft__url_parts *p);

/* curl_global_init, with memory functions that wipe what curl frees
 * (net/transport_curl_memory.c). 0, or -1. */
int oft__transport_global_init(void);
void oft__transport_global_cleanup(void);
/* "libcurl/7.88.1" */
const char *oft__transport_version(void);

/* wake_fd: a non-blocking descriptor polled along with the sockets (the
 * client's wake-up pipe); when it becomes readable, oft__transport_poll
 * drains it and returns, so that the caller looks at why. */
int oft__transport_new(oft__transport **out, int wake_fd);
void oft__transport_free(oft__transport *t);

/* Starts one attempt. own_handle: 0 reuses the transport's main easy handle
 * (one at a time), 1 creates a handle for this transfer. OFT_OK; else
 * OFT_ENOMEM, or OFT_EINTERNAL when libcurl refused an option or the
 * transfer, with the reason in why (naming the option). */
int oft__xfer_start(oft__xfer **out, oft__transport *t, const oft__xfer_spec *spec,
                    int own_handle, char *why, size_t why_len);
void *oft__xfer_user(const oft__xfer *x);

/* Waits up to timeout_ms (-1: no limit; one past the clock's range counts
 * as none) for activity; returns a finished transfer in *done, or NULL on
 * timeout or when wake_fd woke it. */
int oft__transport_poll(oft__transport *t, int64_t timeout_ms, oft__xfer **done);

/* Ends a transfer (finished or not: an unfinished one ends INTERRUPTED or
 * with `abort_kind`), fills res and frees the xfer. */
void oft__xfer_finish(oft__xfer *x, int abort_kind, oft__xfer_result *res);
void oft__xfer_result_dispose(oft__xfer_result *res);

#endif
