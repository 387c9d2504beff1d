/*
 * libopenai_ft: the blocking wait for a fine-tuning job to finish.
 */
#ifndef OPENAI_FT_WAIT_H
#define OPENAI_FT_WAIT_H

#include "common.h"
#include "errors.h"
#include "jobs.h"
#include "events.h"

OFT_BEGIN_DECL

/**
 * Progress callback of oft_job_wait(): called with event NULL whenever the
 * job changed, and once per new event (event non-NULL), oldest first, each
 * exactly once. Both pointers are borrowed for the duration of the call.
 * Return non-zero to stop the wait (it then returns OFT_EUSER).
 */
typedef int (*oft_wait_progress_cb)(const oft_job *job, const oft_event *event,
                                    void *payload);

typedef struct oft_wait_options {
    unsigned int version;
    long poll_interval_ms;            /**< 0: 5000; a larger Retry-After is honoured */
    long timeout_ms;                  /**< the deadline from the start; 0: none */
    oft_wait_progress_cb on_progress; /**< may be NULL (then no events are fetched) */
    void *payload;
} oft_wait_options;

#define OFT_WAIT_OPTIONS_VERSION 1
#define OFT_WAIT_OPTIONS_INIT                                                            \
    {                                                                                    \
        OFT_WAIT_OPTIONS_VERSION, 5000, 0, NULL, NULL                                    \
    }

OFT_API int oft_wait_options_init(oft_wait_options *opts, unsigned int version);

/**
 * Blocks until the job succeeded (OFT_OK), failed or was cancelled
 * (OFT_EJOBFAILED; the job's error says why), the deadline passed
 * (OFT_ETIMEOUT), the callback stopped it (OFT_EUSER) or oft_client_interrupt()
 * was called (OFT_EINTERRUPTED). validating_files, queued, running, paused and
 * unknown statuses are not finished. Passing faults (5xx, 429, resets, network
 * errors, request timeouts) are logged and polled again; 401, 403, 404 and
 * other client errors end the wait with their code. *out receives the last job
 * seen whenever one was fetched (free it with oft_job_free), else NULL.
 * opts may be NULL (the defaults).
 */
OFT_API int oft_job_wait(oft_job **out, oft_client *client, const char *job_id,
                         const oft_wait_options *opts);

OFT_END_DECL

#endif
