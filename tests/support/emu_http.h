/*
 * HTTP to an emulator with libcurl directly, independent of the client
 * library, for the emulator's suites (in-process and process): one request,
 * its status, headers and body; multipart forms; the body as JSON.
 */
#ifndef OFT_TESTS_EMU_HTTP_H
#define OFT_TESTS_EMU_HTTP_H

#include <stddef.h>

#include <jansson.h>

typedef struct http_reply {
    long status; /* 0: no response (connection refused or dropped) */
    char *body;  /* NUL-terminated, malloc'd (never NULL after a call) */
    size_t len;
    size_t cap;
    char headers[8192];
    int curl_rc; /* the CURLcode of the transfer */
} http_reply;

/* A multipart form: optional text fields and at most one file field. */
typedef struct http_form {
    const char *file_field; /* "file" or "data"; NULL for no file */
    const char *filename;
    const char *data;
    size_t len;
    const char *fields[8]; /* name, value pairs, NULL-terminated */
} http_form;

/* One request; key NULL sends no Authorization; json_body NULL sends none
 * (an empty body for POST); form (may be NULL) wins over json_body. */
http_reply http_send(const char *method, const char *url, const char *key,
                     const char *json_body, const http_form *form);
/* http_send without a form. */
http_reply http_do(const char *method, const char *url, const char *key,
                   const char *json_body);
/* POST url, multipart: a file field `field` named filename holding data, and one
 * more field (name, value; both NULL for none). */
http_reply http_multipart(const char *url, const char *key, const char *field,
                          const char *filename, const char *data, const char *name,
                          const char *value);
/* POST base_url/files: multipart with purpose and a file named filename. */
http_reply http_upload(const char *base_url, const char *key, const char *filename,
                       const char *data, const char *purpose);
/* http_upload with purpose fine-tune; fails the test unless 200; the file's id. */
void http_upload_id(const char *base_url, const char *key, const char *filename,
                    const char *data, char *id, size_t cap);
void http_reply_free(http_reply *r);
/* A libcurl write callback appending to the http_reply at arg. */
size_t http_collect_body(char *data, size_t size, size_t n, void *arg);
/* Non-zero when a response header line begins with prefix (any case). */
int http_has_header(const http_reply *r, const char *prefix);
/* The body as JSON; fails the test when it is not. */
json_t *http_json(const http_reply *r);
/* http_do + status check + JSON: fails the test unless the status is `status`. */
json_t *http_expect(long status, const char *method, const char *url, const char *key,
                    const char *json_body);
/* A string member, or fails the test. */
const char *json_str(json_t *o, const char *key);

#endif
