/*
 * oft_job_wait: poll a job until it ends, reporting changes and new events.
 *
 * Each poll is one retrieve and, when a callback wants events, the events
 * that are new since the last poll (api/wait_events.c: one page in steady
 * state, memory flat however many events the job emits). Passing faults are
 * logged and polled again; only the deadline, the callback, an interrupt, a
 * definite client error (401, 403, 404, ...) or OFT__POLL_PARSE_FAILURES_MAX
 * unparseable answers in a row end the wait. Internal calls are used so that
 * nothing between two polls looks like the start of a new public call.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/poll_fault.h"
#include "api/wait_events.h"
#include "core/client_internal.h"
#include "util/options.h"

/* Unparseable answers in a row (no good poll between them) that end a wait:
 * one is a passing fault, a steady stream of them (a proxy's sign-in page)
 * will not pass. */

int oft_wait_options_init(oft_wait_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_wait_options, OFT_WAIT_OPTIONS_INIT,
                      OFT_WAIT_OPTIONS_VERSION, sizeof(oft_wait_options));
}

typedef struct waiter {
    oft_client *c;
    const char *job_id;
    const oft_wait_options *o;
    oft__reported reported; /* the newest event IDs already given to the callback */
    int parse_failures;     /* polls in a row whose answer did not parse */
    int change_unreported;  /* the job changed since the callback last saw it */
} waiter;

/* After a failed poll: 1 to poll again, 0 to end the wait (api/poll_fault.h). */
static int keep_waiting(waiter *w, int rc, int64_t *pause)
{
    char what[320];
    snprintf(what, sizeof(what), "wait %s", w->job_id);
    return oft__poll_fault_keep(w->c, rc, &w->parse_failures, what, pause);
}

/* One poll: retrieve the job, then report the events that are new since
 * the last poll, then the job if it changed: the events happened before the
 * state the retrieve saw, so the last steps of a job come before its
 * "succeeded". A change whose events request failed is reported at the
 * next poll that gets that far. *last is the latest job seen. Returns OFT_OK
 * (keep polling unless *done), or an error. */
static int poll_once(waiter *w, oft_job **last, int *done)
{
    oft_job *job = NULL;
    int rc = oft__job_get(&job, w->c, w->job_id);
    if (rc != OFT_OK)
        return rc;
    /* A change the callback can see; the estimated finish alone is not one. */
    if (!*last || oft__job_json_changed((*last)->raw_json, job->raw_json))
        w->change_unreported = 1;
    oft_job_free(*last);
    *last = job;
    if (w->o->on_progress) {
        rc = oft__wait_report_events(w->c, w->job_id, job, w->o, &w->reported);
        if (rc != OFT_OK)
            return rc;
        if (w->change_unreported) {
            w->change_unreported = 0;
            if (w->o->on_progress(job, NULL, w->o->payload))
                return oft__error_set(w->c, OFT_EUSER,
                                      "wait %s: stopped by the progress callback",
                                      w->job_id);
        }
    }
    *done = oft_job_status_is_terminal(job->status);
    return OFT_OK;
}

/* The job's status for a message: the API's string, else our name for it
 * ("unknown" when the job had none). */
static const char *status_text(const oft_job *job)
{
    return job->status_raw ? job->status_raw : oft_job_status_str(job->status);
}

static int finish(oft_client *c, const oft_job *job, const char *job_id)
{
    if (job->status == OFT_JOB_STATUS_SUCCEEDED) {
        oft__error_clear(c);
        return OFT_OK;
    }
    const oft_job_error *e = job->error;
    if (e)
        return oft__error_set(c, OFT_EJOBFAILED, "job %s %s: %s%s%s", job_id,
                              status_text(job), e->code ? e->code : "",
                              e->code ? ": " : "", e->message);
    return oft__error_set(c, OFT_EJOBFAILED, "job %s %s", job_id, status_text(job));
}

/* The end of a wait at its deadline: OFT_ETIMEOUT saying what stood in the
 * way: why the retry engine ended the last poll there, else the last poll's
 * error (rc), else the job's status. */
static int deadline_reached(waiter *w, int rc, const oft_job *last)
{
    const char *hit = oft__client_deadline_hit(w->c);
    if (hit[0] != '\0')
        return oft__error_set(
            w->c, OFT_ETIMEOUT,
            "wait %s: deadline of %lld ms reached during a poll%s%s%s: %s", w->job_id,
            (long long)w->o->timeout_ms, last ? " (the one before saw status " : "",
            last ? status_text(last) : "", last ? ")" : "", hit);
    if (rc != OFT_OK) {
        char why[512]; /* a copy: the error below replaces the one it is in */
        snprintf(why, sizeof(why), "%s", oft_error_message(oft_client_last_error(w->c)));
        return oft__error_set(
            w->c, OFT_ETIMEOUT,
            "wait %s: deadline of %lld ms reached; the last poll failed: %s", w->job_id,
            (long long)w->o->timeout_ms, why);
    }
    return oft__error_set(w->c, OFT_ETIMEOUT, "wait %s: not finished after %lld ms%s%s",
                          w->job_id, (long long)w->o->timeout_ms, last ? ", status " : "",
                          last ? status_text(last) : "");
}

/* Polls until the job ends, or the deadline (0: none), the callback, an
 * interrupt or an error that does not pass ends the wait. The client's
 * deadline is set: no poll, retry or pause of the retry engine crosses it. */
static int wait_loop(waiter *w, oft_job **last, int64_t deadline)
{
    oft_client *c = w->c;
    int64_t interval = w->o->poll_interval_ms ? w->o->poll_interval_ms : 5000;
    for (;;) {
        int done = 0, rc;
        int64_t pause = interval;
        if (oft__client_interrupted(c))
            rc = oft__error_set(c, OFT_EINTERRUPTED, "wait %s: interrupted", w->job_id);
        else
            rc = poll_once(w, last, &done);
        if (rc == OFT_OK && done)
            return finish(c, *last, w->job_id);
        if (rc == OFT_OK)
            w->parse_failures = 0;
        else if (deadline && oft__client_deadline_hit(c)[0] != '\0')
            return deadline_reached(w, rc, *last); /* the poll ended at the deadline */
        else if (!keep_waiting(w, rc, &pause))
            return rc;
        int64_t left = deadline ? deadline - oft__now_ms() : INT64_MAX;
        if (left <= 0)
            return deadline_reached(w, rc, *last);
        int last_pause = pause >= left; /* no poll would start before the deadline */
        if (oft__client_sleep_ms(c, last_pause ? left : pause) != OFT_OK)
            return oft__error_set(c, OFT_EINTERRUPTED, "wait %s: interrupted", w->job_id);
        if (last_pause)
            return deadline_reached(w, rc, *last);
    }
}

int oft_job_wait(oft_job **out, oft_client *c, const char *job_id,
                 const oft_wait_options *opts)
{
    static const oft_wait_options dflt = OFT_WAIT_OPTIONS_INIT;
    OFT__BEGIN(c, out);
    if (!opts)
        opts = &dflt;
    int rc = oft__check_version(c, "oft_wait_options", opts->version,
                                OFT_WAIT_OPTIONS_VERSION);
    if (rc != OFT_OK)
        return rc;
    if (opts->poll_interval_ms < 0)
        return oft__error_set(c, OFT_EINVAL, "poll_interval_ms: must not be negative");
    if (opts->timeout_ms < 0)
        return oft__error_set(c, OFT_EINVAL, "timeout_ms: must not be negative");
    if ((rc = oft__check_id(c, "job_id", job_id)) != OFT_OK)
        return rc;

    waiter w = {c, job_id, opts, {{NULL}, 0, 0}, 0, 0};
    int64_t deadline = opts->timeout_ms ? oft__now_ms() + opts->timeout_ms : 0;
    oft_job *last = NULL;
    oft__client_deadline_set(c, deadline);
    rc = wait_loop(&w, &last, deadline);
    oft__client_deadline_set(c, 0);
    oft__reported_free(&w.reported);
    *out = last;
    return rc;
}
