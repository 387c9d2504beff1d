/*
 * oft_jobs_watch: follow many jobs from one thread. Each interval is one
 * job list for the status of all of them (paged until every watched job
 * still going was seen, or the list is older than the oldest of them), then,
 * job by job, the events that are new (api/wait_events.c, as oft_job_wait
 * reports them) for a job that changed or is running, and then its change.
 * A job the list does not show is retrieved alone. Passing faults are
 * logged and polled again, as in oft_job_wait.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/poll_fault.h"
#include "api/wait_events.h"
#include "core/client_internal.h"
#include "openai_ft/watch.h"
#include "util/options.h"

#define LIST_QUERY "limit=100"

int oft_watch_options_init(oft_watch_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_watch_options, OFT_WATCH_OPTIONS_INIT,
                      OFT_WATCH_OPTIONS_VERSION, sizeof(oft_watch_options));
}

typedef struct watched {
    const char *id; /* the caller's */
    oft_job *last;  /* the latest state seen, or NULL */
    oft__reported reported;
    int seen;              /* seen by this poll */
    int done;              /* ended, its last events and change reported */
    int change_unreported; /* changed since on_job last saw it */
    int events_due;        /* its events are to be asked for */
} watched;

typedef struct watcher {
    oft_client *c;
    const oft_watch_options *o;
    oft_wait_options wo; /* hands wait_events' reports to o->on_event */
    watched *jobs;
    size_t n, left; /* watched; not done */
    int parse_failures;
} watcher;

static int forward_event(const oft_job *job, const oft_event *ev, void *payload)
{
    const watcher *w = payload;
    return ev && w->o->on_event ? w->o->on_event(job, ev, w->o->payload) : 0;
}

/* Takes job as the latest state of k (job is k's from here). */
static void take(watched *k, oft_job *job)
{
    if (!k->last || oft__job_json_changed(k->last->raw_json, job->raw_json))
        k->change_unreported = k->events_due = 1;
    if (job->status == OFT_JOB_STATUS_RUNNING)
        k->events_due = 1; /* a running job emits events steadily */
    oft_job_free(k->last);
    k->last = job;
    k->seen = 1;
}

static watched *find(watcher *w, const char *id)
{
    for (size_t i = 0; id && i < w->n; i++)
        if (!w->jobs[i].done && !w->jobs[i].seen && strcmp(w->jobs[i].id, id) == 0)
            return &w->jobs[i];
    return NULL;
}

/* Takes the watched jobs of one page; 1 when the walk can stop there. */
static int take_page(watcher *w, oft__list *l, int64_t oldest)
{
    int64_t tail_at =
        l->count ? ((const oft_job *)l->items[l->count - 1])->created_at : 0;
    size_t unseen = 0;
    for (size_t i = 0; i < l->count; i++) {
        watched *k = find(w, ((const oft_job *)l->items[i])->id);
        if (k) {
            take(k, l->items[i]);
            l->items[i] = NULL;
        }
    }
    for (size_t i = 0; i < w->n; i++)
        unseen += !w->jobs[i].done && !w->jobs[i].seen;
    return unseen == 0 || !l->has_more || !l->next_after || l->count == 0 ||
           (oldest != INT64_MIN && tail_at < oldest);
}

/* The created_at of the oldest job still going, or INT64_MIN when one was
 * never seen (then the walk goes to the end of the list). */
static int64_t oldest_going(const watcher *w)
{
    int64_t oldest = INT64_MAX;
    for (size_t i = 0; i < w->n; i++) {
        const watched *k = &w->jobs[i];
        if (k->done)
            continue;
        if (!k->last)
            return INT64_MIN;
        if (k->last->created_at < oldest)
            oldest = k->last->created_at;
    }
    return oldest;
}

/* The status of every job still going: the job list, paged as far as
 * needed, then a retrieve for each the list did not show. */
static int poll_statuses(watcher *w)
{
    int64_t oldest = oldest_going(w);
    char *after = NULL;
    int rc = OFT_OK, stop = 0;
    for (size_t i = 0; i < w->n; i++)
        w->jobs[i].seen = 0;
    while (rc == OFT_OK && !stop) {
        oft__list l;
        rc = oft__list_page(w->c, &oft__job_spec, 0, "/fine_tuning/jobs", LIST_QUERY,
                            after, &l);
        if (rc != OFT_OK)
            break;
        stop = take_page(w, &l, oldest);
        oft__free(after);
        after = stop ? NULL : oft__strdup(l.next_after);
        if (!stop && !after)
            rc = oft__error_set(w->c, OFT_ENOMEM, "watch: out of memory");
        oft__list_dispose(&l, oft__job_spec.free_item);
    }
    oft__free(after);
    for (size_t i = 0; rc == OFT_OK && i < w->n; i++) {
        watched *k = &w->jobs[i];
        oft_job *job = NULL;
        if (k->done || k->seen)
            continue;
        if ((rc = oft__job_get(&job, w->c, k->id)) == OFT_OK)
            take(k, job);
    }
    return rc;
}

/* Reports each job's new events, then its change; marks the ended ones
 * done. A failed events request leaves that job's reports to the next poll
 * and does not stop the others: the first such error is returned. */
static int report(watcher *w)
{
    int failed = OFT_OK;
    for (size_t i = 0; i < w->n; i++) {
        watched *k = &w->jobs[i];
        if (k->done || !k->last)
            continue;
        if (w->o->on_event && k->events_due) {
            int rc = oft__wait_report_events(w->c, k->id, k->last, &w->wo, &k->reported);
            if (rc == OFT_EUSER)
                return oft__error_set(w->c, OFT_EUSER,
                                      "watch: stopped by the event callback");
            if (rc != OFT_OK) {
                failed = failed != OFT_OK ? failed : rc;
                continue;
            }
            k->events_due = 0;
        }
        if (k->change_unreported) {
            k->change_unreported = 0;
            if (w->o->on_job && w->o->on_job(k->last, w->o->payload))
                return oft__error_set(w->c, OFT_EUSER,
                                      "watch: stopped by the job callback");
        }
        if (oft_job_status_is_terminal(k->last->status)) {
            k->done = 1;
            w->left--;
        }
    }
    return failed;
}

static int deadline_reached(watcher *w, int rc)
{
    const char *hit = oft__client_deadline_hit(w->c);
    char why[512] = "";
    if (hit[0] == '\0' && rc != OFT_OK)
        snprintf(why, sizeof(why), "; the last poll failed: %s",
                 oft_error_message(oft_client_last_error(w->c)));
    return oft__error_set(
        w->c, OFT_ETIMEOUT,
        "watch: deadline of %lld ms reached with %zu of %zu jobs going%s%s%s",
        (long long)w->o->timeout_ms, w->left, w->n, hit[0] ? " during a poll: " : "", hit,
        why);
}

static int watch_loop(watcher *w, int64_t deadline)
{
    oft_client *c = w->c;
    int64_t interval = w->o->poll_interval_ms ? w->o->poll_interval_ms : 5000;
    for (;;) {
        int rc;
        int64_t pause = interval;
        if (oft__client_interrupted(c))
            return oft__error_set(c, OFT_EINTERRUPTED, "watch: interrupted");
        rc = poll_statuses(w);
        if (rc == OFT_OK)
            rc = report(w);
        if (rc == OFT_EUSER)
            return rc;
        if (rc == OFT_OK && w->left == 0) {
            oft__error_clear(c);
            return OFT_OK;
        }
        if (rc == OFT_OK)
            w->parse_failures = 0;
        else if (deadline && oft__client_deadline_hit(c)[0] != '\0')
            return deadline_reached(w, rc);
        else if (!oft__poll_fault_keep(w->c, rc, &w->parse_failures, "watch", &pause))
            return rc;
        int64_t left = deadline ? deadline - oft__now_ms() : INT64_MAX;
        if (left <= 0)
            return deadline_reached(w, rc);
        int last_pause = pause >= left;
        if (oft__client_sleep_ms(c, last_pause ? left : pause) != OFT_OK)
            return oft__error_set(c, OFT_EINTERRUPTED, "watch: interrupted");
        if (last_pause)
            return deadline_reached(w, rc);
    }
}

static int check_args(oft_client *c, const char *const *ids, size_t count,
                      const oft_watch_options *o)
{
    int rc =
        oft__check_version(c, "oft_watch_options", o->version, OFT_WATCH_OPTIONS_VERSION);
    if (rc != OFT_OK)
        return rc;
    if (o->poll_interval_ms < 0)
        return oft__error_set(c, OFT_EINVAL, "poll_interval_ms: must not be negative");
    if (o->timeout_ms < 0)
        return oft__error_set(c, OFT_EINVAL, "timeout_ms: must not be negative");
    if (!ids || count == 0)
        return oft__error_set(c, OFT_EINVAL, "job_ids: no job to watch");
    for (size_t i = 0; rc == OFT_OK && i < count; i++)
        rc = oft__check_id(c, "job_ids", ids[i]);
    return rc;
}

int oft_jobs_watch(oft_client *c, const char *const *job_ids, size_t count,
                   const oft_watch_options *opts)
{
    static const oft_watch_options dflt = OFT_WATCH_OPTIONS_INIT;
    int rc = oft__begin(c, OFT__NO_OUT);
    if (rc != OFT_OK)
        return rc;
    if (!opts)
        opts = &dflt;
    rc = check_args(c, job_ids, count, opts);
    if (rc != OFT_OK)
        return rc;
    watcher w = {c, opts, OFT_WAIT_OPTIONS_INIT, NULL, 0, 0, 0};
    w.wo.on_progress = forward_event;
    w.wo.payload = &w;
    if (!(w.jobs = oft__calloc(count, sizeof(*w.jobs))))
        return oft__error_set(c, OFT_ENOMEM, "watch: out of memory");
    for (size_t i = 0; i < count; i++) {
        int dup = 0;
        for (size_t j = 0; j < w.n && !dup; j++)
            dup = strcmp(w.jobs[j].id, job_ids[i]) == 0;
        if (!dup)
            w.jobs[w.n++].id = job_ids[i];
    }
    w.left = w.n;
    int64_t deadline = opts->timeout_ms ? oft__now_ms() + opts->timeout_ms : 0;
    oft__client_deadline_set(c, deadline);
    rc = watch_loop(&w, deadline);
    oft__client_deadline_set(c, 0);
    for (size_t i = 0; i < w.n; i++) {
        oft_job_free(w.jobs[i].last);
        oft__reported_free(&w.jobs[i].reported);
    }
    oft__free(w.jobs);
    return rc;
}
