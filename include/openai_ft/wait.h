/*
 * libopenai_ft: the blocking wait for a fine-tuning job to finish.
 *
 * The conventions of ownership, threads and options structs are in common.h;
 * the return codes in errors.h.
 */
#ifndef OPENAI_FT_WAIT_H
#define OPENAI_FT_WAIT_H

#include "common.h"
#include "errors.h"
#include "jobs.h"
#include "events.h"

OFT_BEGIN_DECL

/**
 * Progress callback of oft_job_wait(): called with event NULL when the job
 * is first seen and whenever it changed (its status, a resolved
 * hyperparameter, trained tokens, the fine-tuned model, result files, an
 * error: any field but estimated_finish, which the server moves by a second
 * or so at each poll while training runs; a change of it alone is not
 * reported, so running -> running with nothing else new calls nothing), and
 * once per new event (event
 * non-NULL), oldest first, each exactly once. Each poll reports its new
 * events first, then the job if it changed, so a job's last events come
 * before its final status. Both pointers are borrowed for the duration of
 * the call: copy what must outlive it. It runs on the thread that called
 * oft_job_wait() and must make no call on that client but
 * oft_client_interrupt(). Return non-zero to stop the wait (it then returns
 * OFT_EUSER).
 */
typedef int (*oft_wait_progress_cb)(const oft_job *job, const oft_event *event,
                                    void *payload);

/** Options of oft_job_wait(). Initialise with OFT_WAIT_OPTIONS_INIT or _init(). */
typedef struct oft_wait_options {
    unsigned int version;     /**< OFT_WAIT_OPTIONS_VERSION */
    int64_t poll_interval_ms; /**< 0: 5000; a larger Retry-After is honoured */
    int64_t timeout_ms;       /**< the deadline from the start; 0: none (see below) */
    oft_wait_progress_cb on_progress; /**< may be NULL (then no events are fetched) */
    void *payload;                    /**< passed to on_progress */
} oft_wait_options;

#define OFT_WAIT_OPTIONS_VERSION 1
#define OFT_WAIT_OPTIONS_INIT                                                            \
    {                                                                                    \
        OFT_WAIT_OPTIONS_VERSION, 5000, 0, NULL, NULL                                    \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_wait_options_init(oft_wait_options *opts, unsigned int version);

/**
 * Blocks until the job succeeded (OFT_OK), failed or was cancelled
 * (OFT_EJOBFAILED; the job's error says why), the deadline passed
 * (OFT_ETIMEOUT), the callback stopped it (OFT_EUSER) or oft_client_interrupt()
 * was called (OFT_EINTERRUPTED). validating_files, queued, running, paused and
 * unknown statuses are not finished. Passing faults (5xx, 429, 409, resets,
 * network errors, request timeouts, and a reply that does not parse) are
 * logged and polled again (after their Retry-After when it is longer than
 * the poll interval, but never longer than the client's retry_after_cap_ms),
 * but 3 replies in a row that do not parse (no good poll between them) end
 * the wait with OFT_EPARSE; 401, 403, 404 and other client errors end the
 * wait with their code.
 * opts may be NULL (the defaults).
 *
 * The deadline (timeout_ms) bounds the whole call: every poll's requests,
 * their retries and Retry-After pauses included. A request is cut when the
 * deadline comes, and no retry or pause that would end past it is made (a
 * Retry-After that does ends the wait at once), so the call returns within
 * timeout_ms plus a margin of 250 ms (the time to close the connection and
 * build the error; 10 ms or less measured on loopback) whatever the server
 * does. The OFT_ETIMEOUT message says what stood in the way: "wait ID:
 * deadline of N ms reached during a poll: the server did not answer", "...
 * the answer was still arriving", "... the server asked to retry after 120
 * s", "... the last poll failed: <its error>", or "wait ID: not finished
 * after N ms, status running".
 *
 * *out receives the last job seen whenever one was fetched, whatever the
 * code: the caller's (oft_job_free); else NULL. One call at a time per
 * client; another thread stops it with oft_client_interrupt().
 *
 * Returns, besides the codes above: OFT_EINVAL for a NULL client or out, a
 * negative poll_interval_ms or timeout_ms, or an invalid job_id;
 * OFT_EVERSION; OFT_EAUTH, OFT_EPERM, OFT_ENOTFOUND or OFT_EAPI (the client
 * errors above); OFT_ENOMEM; OFT_ERROR when the transport fails.
 */
OFT_API int oft_job_wait(oft_job **out, oft_client *client, const char *job_id,
                         const oft_wait_options *opts);

OFT_END_DECL

#endif
