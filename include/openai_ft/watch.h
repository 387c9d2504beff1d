/*
 * libopenai_ft: watching many fine-tuning jobs from one thread.
 *
 * The conventions of ownership, threads and options structs are in common.h;
 * the return codes in errors.h.
 */
#ifndef OPENAI_FT_WATCH_H
#define OPENAI_FT_WATCH_H

#include "common.h"
#include "errors.h"
#include "jobs.h"
#include "events.h"

OFT_BEGIN_DECL

/**
 * Event callback of oft_jobs_watch(): one call per new event of a watched
 * job (job is that job as last seen, for its id), oldest first, each exactly
 * once. Both pointers are borrowed for the duration of the call. It runs on
 * the watching thread and must make no call on that client but
 * oft_client_interrupt(). Return non-zero to stop the watch (OFT_EUSER).
 */
typedef int (*oft_watch_event_cb)(const oft_job *job, const oft_event *event,
                                  void *payload);

/**
 * Job callback of oft_jobs_watch(): called when a watched job is first seen
 * and whenever it changed (its status or any field but estimated_finish,
 * as oft_job_wait() reports), after the events that came before that state.
 * job is borrowed for the duration of the call. Same thread rules as
 * oft_watch_event_cb; return non-zero to stop the watch (OFT_EUSER).
 */
typedef int (*oft_watch_job_cb)(const oft_job *job, void *payload);

/** Options of oft_jobs_watch(). Initialise with OFT_WATCH_OPTIONS_INIT or _init(). */
typedef struct oft_watch_options {
    unsigned int version;        /**< OFT_WATCH_OPTIONS_VERSION */
    int64_t poll_interval_ms;    /**< 0: 5000; a larger Retry-After is honoured */
    int64_t timeout_ms;          /**< the deadline from the start; 0: none */
    oft_watch_event_cb on_event; /**< may be NULL (then no events are fetched) */
    oft_watch_job_cb on_job;     /**< may be NULL */
    void *payload;               /**< passed to both callbacks */
} oft_watch_options;

#define OFT_WATCH_OPTIONS_VERSION 1
#define OFT_WATCH_OPTIONS_INIT                                                           \
    {                                                                                    \
        OFT_WATCH_OPTIONS_VERSION, 5000, 0, NULL, NULL, NULL                             \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_watch_options_init(oft_watch_options *opts, unsigned int version);

/**
 * Follows count jobs until each has ended (succeeded, failed or cancelled:
 * OFT_OK, whatever they ended as; on_job tells which), the deadline passed
 * (OFT_ETIMEOUT), a callback stopped it (OFT_EUSER) or oft_client_interrupt()
 * was called (OFT_EINTERRUPTED).
 *
 * Each interval costs one request for the status of all of them: the job
 * list, newest first, paged (100 a page) until every watched job not yet
 * ended was seen or the page is older than the oldest of them (a job the
 * list does not show is retrieved alone); plus, when on_event is set, the
 * events of each job that changed or is running (a running job emits events
 * steadily), one page in steady state. With oft_job_wait() per job that
 * would be count requests or more.
 *
 * It gives the guarantees of oft_job_wait(): each job's events reported
 * once, oldest first, before the change of status they led to; passing
 * faults (5xx, 429, 409, resets, network errors, request timeouts, a reply
 * that does not parse) logged and polled again after the interval or their
 * Retry-After (capped by the client's retry_after_cap_ms), but 3 replies in
 * a row that do not parse end the watch with OFT_EPARSE; 401, 403, 404 (a
 * watched job that does not exist) and other client errors end it with their
 * code. The deadline (timeout_ms) bounds the whole call, requests, retries
 * and pauses included, as in oft_job_wait(). The same job ID given twice is
 * watched once. opts may be NULL (the defaults: no callbacks).
 *
 * One call at a time per client; another thread stops it with
 * oft_client_interrupt(). Memory: the last state of each job, a page of
 * events and 100 event IDs per job.
 *
 * Returns, besides the codes above: OFT_EINVAL for a NULL client, job_ids
 * NULL with count > 0, count 0, an invalid job ID or a negative
 * poll_interval_ms or timeout_ms; OFT_EVERSION; OFT_EAUTH, OFT_EPERM,
 * OFT_ENOTFOUND or OFT_EAPI; OFT_ENOMEM; OFT_ERROR when the transport fails.
 */
OFT_API int oft_jobs_watch(oft_client *client, const char *const *job_ids, size_t count,
                           const oft_watch_options *opts);

OFT_END_DECL

#endif
