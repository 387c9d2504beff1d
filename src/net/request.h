/*
 * What the retry engine (net/http.c) knows of one request, and the build of
 * its attempts (net/request.c).
 */
#ifndef OFT_SRC_NET_REQUEST_H
#define OFT_SRC_NET_REQUEST_H

#include <sys/types.h>

#include "core/client_internal.h"
#include "net/http.h"

/* One request in the retry engine, from its first attempt to its result. */
typedef struct oft__req_state {
    const oft__request *req;
    oft__response *resp; /* the caller's, filled when the request is done */
    char *url;
    char *body; /* the JSON body with the call options' extra merged, or NULL */
    size_t body_len;
    int attempt; /* retries made so far */
    int max_retries;
    int64_t timeout_ms;
    int64_t due;        /* when the next attempt may start (a retry's delay) */
    int64_t started;    /* when the current attempt started */
    int64_t attempt_ms; /* the current attempt's time limit */
    int cut;            /* 1: attempt_ms is what was left before the call's deadline */
    char idem[40];      /* the idempotency key, "" when none is sent */
    oft__xfer *x;       /* the attempt in flight, or NULL */
    int done;
    int result;     /* OFT_OK or the request's failure, err telling why */
    off_t dl_start; /* -1: the download descriptor cannot be rewound */
    oft_error err;
} oft__req_state;

/* OFT_OK, or OFT_EINVAL recorded on c when r is not a request. */
int oft__req_check(oft_client *c, const oft__request *r);

/* Fills st for r (checked) answering into resp: the URL, the idempotency key
 * of a POST when the client sends them, the download's start. OFT_OK, or
 * OFT_ENOMEM / OFT_ERROR (recorded on c). st->url is the caller's to free. */
int oft__req_init(oft_client *c, oft__req_state *st, const oft__request *r,
                  oft__response *resp);

/* Starts st's next attempt in st->x (own_handle: its own curl handle rather
 * than the client's main one). OFT_OK; else OFT_ENOMEM or OFT_EINTERNAL,
 * with st->err saying why. */
int oft__req_start_attempt(oft_client *c, oft__req_state *st, int own_handle);

#endif
