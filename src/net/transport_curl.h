/*
 * Inside the libcurl transport (net/transport_curl*.c, the only files that
 * include <curl/curl.h>): the transport and a transfer as curl sees them.
 */
#ifndef OFT_SRC_NET_TRANSPORT_CURL_H
#define OFT_SRC_NET_TRANSPORT_CURL_H

#include <curl/curl.h>

#include "net/transport.h"
#include "openai_ft/errors.h"
#include "util/alloc.h"
#include "util/str.h"

struct oft__transport {
    CURLM *multi;
    CURL *main_easy;
    int main_busy;
    int wake_fd;
    /* The main handle's last header list, reused while its lines stay the same
     * (one Authorization line holds the key: wiped before it is freed). */
    struct curl_slist *hdr_cache;
    /* The main handle still holds the options every transfer sets alike
     * (set by a finished setup, dropped by curl_easy_reset). */
    int main_ready;
};

struct oft__xfer {
    oft__transport *t;
    CURL *easy;
    int own;
    int done;
    CURLcode code;
    struct curl_slist *hdrs;
    int hdrs_cached; /* hdrs is t->hdr_cache, not ours to free */
    curl_mime *mime;
    oft__xfer_spec spec;
    oft__str body;
    char *request_id, *retry_after_ms, *retry_after, *should_retry, *content_type;
    oft__str resp_headers; /* the answer's status line and header lines */
    int64_t downloaded;
    int64_t file_pos;
    int io_error;
    int nomem;
    int user_stop;
    int too_big;              /* the in-memory body passed spec.max_body */
    int plain;                /* a GET without body, form or CA options */
    const char *refused_step; /* the option or step libcurl refused at setup */
    int64_t last_progress;
    char errbuf[CURL_ERROR_SIZE];
};

/* transport_curl_setup.c: sets x's handle up for x->spec (headers, options,
 * body or form, callbacks). CURLE_OK; else the first refusal, its step in
 * x->refused_step (CURLE_OUT_OF_MEMORY when memory ran out). */
CURLcode oft__curl_setup(oft__xfer *x);
/* Frees a header list after wiping its lines (the key is among them). */
void oft__curl_hdrs_free(struct curl_slist *l);

#endif
