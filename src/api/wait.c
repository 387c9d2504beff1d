/*
 * oft_job_wait: poll a job until it ends, reporting changes and new events.
 *
 * Each poll is one retrieve and, when a callback wants events, one events
 * page (newest first) in steady state: the walk stops at the first event
 * already reported, then the new ones are reported oldest first. Since new
 * events only appear in front of the list, recognising the newest reported
 * ones is enough to find that boundary: the helper keeps the IDs of the last
 * FRONTIER_MAX events reported (a page's worth, so events of one second that
 * the server lists in another order still match), not every event's ID, and
 * its memory stays flat however many events the job emits. Passing
 * faults are logged and polled again; only the deadline, the callback, an
 * interrupt or a definite client error (401, 403, 404, ...) end the wait.
 * Internal calls are used so that the client's interrupt flag is never
 * cleared in the middle of a wait.
 */
#include <stdint.h>
#include <string.h>

#include "api/jobs_internal.h"
#include "openai_ft/wait.h"

#define EVENT_PAGE_LIMIT 100
#define FRONTIER_MAX     EVENT_PAGE_LIMIT
/* Unparseable answers in a row (no good poll between them) that end a wait:
 * one is a passing fault, a steady stream of them (a proxy's sign-in page)
 * will not pass. */
#define PARSE_FAILURES_MAX 3

int oft_wait_options_init(oft_wait_options *opts, unsigned int version)
{
    static const oft_wait_options dflt = OFT_WAIT_OPTIONS_INIT;
    if (!opts || version == 0 || version > OFT_WAIT_OPTIONS_VERSION)
        return OFT_EVERSION;
    *opts = dflt;
    opts->version = version;
    return OFT_OK;
}

/* A set of borrowed event IDs (open addressing, FNV-1a). */
typedef struct id_set {
    const char **slots;
    size_t cap, n;
} id_set;

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

static const char **find_slot(const char **slots, size_t cap, const char *id)
{
    size_t i = hash(id) & (cap - 1);
    while (slots[i] && strcmp(slots[i], id) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int set_has(const id_set *s, const char *id)
{
    return s->cap && *find_slot(s->slots, s->cap, id) != NULL;
}

/* Adds id (borrowed: it must outlive the set). 0, or -1 when out of memory. */
static int set_add(id_set *s, const char *id)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        const char **slots = oft__calloc(cap, sizeof(*slots));
        if (!slots)
            return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                *find_slot(slots, cap, s->slots[i]) = s->slots[i];
        OFT__FREE_CONST(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    const char **slot = find_slot(s->slots, s->cap, id);
    if (!*slot) {
        *slot = id;
        s->n++;
    }
    return 0;
}

static void set_free(id_set *s)
{
    OFT__FREE_CONST(s->slots);
    memset(s, 0, sizeof(*s));
}

/* The IDs of the newest events reported, newest first (owned). */
typedef struct frontier {
    char *ids[FRONTIER_MAX];
    size_t n;
} frontier;

static int frontier_has(const frontier *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->ids[i], id) == 0)
            return 1;
    return 0;
}

static void frontier_free(frontier *f)
{
    for (size_t i = 0; i < f->n; i++)
        oft__free(f->ids[i]);
    f->n = 0;
}

typedef struct waiter {
    oft_client *c;
    const char *job_id;
    const oft_wait_options *o;
    frontier reported;  /* the newest event IDs already given to the callback */
    int parse_failures; /* polls in a row whose answer did not parse */
} waiter;

/* The new events, newest first (owned), gathered from one walk. */
typedef struct batch {
    oft_event **items;
    size_t n, cap;
    id_set ids; /* de-duplicates within the walk; borrows from items */
} batch;

static void batch_free(batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        oft_event_free(b->items[i]);
    oft__free(b->items);
    set_free(&b->ids);
}

/* Takes ownership of ev. Returns 1 when the walk reached reported events. */
static int batch_take(waiter *w, batch *b, oft_event *ev, int *oom)
{
    if (!ev->id || set_has(&b->ids, ev->id)) {
        oft_event_free(ev);
        return 0;
    }
    if (frontier_has(&w->reported, ev->id)) {
        oft_event_free(ev);
        return 1;
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        oft_event **items = oft__realloc(b->items, cap * sizeof(*items));
        if (!items) {
            oft_event_free(ev);
            *oom = 1;
            return 1;
        }
        b->items = items;
        b->cap = cap;
    }
    b->items[b->n++] = ev;
    if (set_add(&b->ids, ev->id))
        *oom = 1;
    return 0;
}

/* The frontier once the batch (newest first) is reported: the batch's newest
 * IDs, then the old ones, FRONTIER_MAX in all. Set before reporting, so
 * that running out of memory reports nothing twice. 0, or -1 (oom). */
static int frontier_advance(frontier *f, const batch *b)
{
    frontier next = {{NULL}, 0};
    for (size_t i = 0; i < b->n && next.n < FRONTIER_MAX; i++) {
        if ((next.ids[next.n] = oft__strdup(b->items[i]->id)) == NULL) {
            frontier_free(&next);
            return -1;
        }
        next.n++;
    }
    size_t kept = 0;
    for (; kept < f->n && next.n < FRONTIER_MAX; kept++)
        next.ids[next.n++] = f->ids[kept];
    for (size_t i = kept; i < f->n; i++)
        oft__free(f->ids[i]);
    *f = next;
    return 0;
}

/* Walks the events newest first down to the first one already reported,
 * then reports the new ones oldest first. */
static int report_events(waiter *w, const oft_job *job)
{
    batch b = {NULL, 0, 0, {NULL, 0, 0}};
    char *after = NULL;
    int rc = OFT_OK, stop = 0, oom = 0;
    while (!stop) {
        oft__list l;
        rc = oft__job_sublist(&l, NULL, w->c, &oft__event_spec, w->job_id, "events",
                              after, EVENT_PAGE_LIMIT);
        if (rc != OFT_OK)
            break;
        for (size_t i = 0; i < l.count; i++) {
            if (stop)
                oft_event_free(l.items[i]);
            else
                stop = batch_take(w, &b, l.items[i], &oom);
        }
        l.count = 0;
        oft__free(after);
        after = l.next_after;
        l.next_after = NULL;
        if (!after)
            stop = 1;
        oft__list_dispose(&l, oft__event_spec.free_item);
    }
    oft__free(after);
    if (oom || (rc == OFT_OK && frontier_advance(&w->reported, &b) != 0))
        rc = oft__error_set(w->c, OFT_ENOMEM, "wait %s: out of memory", w->job_id);
    for (size_t i = b.n; rc == OFT_OK && i-- > 0;) {
        if (w->o->on_progress(job, b.items[i], w->o->payload))
            rc = oft__error_set(w->c, OFT_EUSER,
                                "wait %s: stopped by the progress callback", w->job_id);
    }
    batch_free(&b);
    return rc;
}

/* A fault that a later poll may not see: keep waiting. */
static int is_passing(oft_client *c, int rc)
{
    switch (rc) {
        case OFT_ENETWORK:
        case OFT_ETIMEOUT:
        case OFT_ESERVER:
        case OFT_ERATELIMIT:
        case OFT_ECONFLICT:
        case OFT_EPARSE:
            return 1;
        case OFT_EAPI:
            return oft_error_http_status(oft_client_last_error(c)) == 408;
        default:
            return 0;
    }
}

/* After a failed poll: 1 to poll again (a passing fault, logged; pause
 * stretched to its Retry-After), 0 to end the wait with the error recorded. */
static int keep_waiting(waiter *w, int rc, long *pause)
{
    const oft_error *err = oft_client_last_error(w->c);
    if (rc == OFT_EPARSE && ++w->parse_failures >= PARSE_FAILURES_MAX) {
        oft__error_set(w->c, OFT_EPARSE,
                       "wait %s: %d polls in a row got an answer that does not parse; "
                       "the last: %s",
                       w->job_id, w->parse_failures, oft_error_message(err));
        return 0;
    }
    if (!is_passing(w->c, rc))
        return 0;
    int64_t ra = oft_error_retry_after_ms(err);
    if (ra > *pause)
        *pause = (long)ra;
    oft__log(w->c, OFT_LOG_WARN, "wait %s: %s (%s); polling again in %ld ms", w->job_id,
             oft_error_message(err), oft_status_str(rc), *pause);
    return 1;
}

/* One poll: retrieve the job, then report the events that are new since
 * the last poll, then the job if it changed: the events happened before the
 * state the retrieve saw, so the last steps of a job come before its
 * "succeeded". *last is the latest job seen. Returns OFT_OK (keep polling
 * unless *done), or an error. */
static int poll_once(waiter *w, oft_job **last, int *done)
{
    oft_job *job = NULL;
    int rc = oft__job_get(&job, w->c, w->job_id);
    if (rc != OFT_OK)
        return rc;
    int changed = !*last || strcmp((*last)->raw_json, job->raw_json) != 0;
    oft_job_free(*last);
    *last = job;
    if (w->o->on_progress && (rc = report_events(w, job)) != OFT_OK)
        return rc;
    if (changed && w->o->on_progress && w->o->on_progress(job, NULL, w->o->payload))
        return oft__error_set(w->c, OFT_EUSER,
                              "wait %s: stopped by the progress callback", w->job_id);
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

    waiter w = {c, job_id, opts, {{NULL}, 0}, 0};
    long interval = opts->poll_interval_ms ? opts->poll_interval_ms : 5000;
    int64_t deadline = opts->timeout_ms ? oft__now_ms() + opts->timeout_ms : 0;
    oft_job *last = NULL;
    for (;;) {
        int done = 0;
        long pause = interval;
        if (oft__client_interrupted(c))
            rc = oft__error_set(c, OFT_EINTERRUPTED, "wait %s: interrupted", job_id);
        else
            rc = poll_once(&w, &last, &done);
        if (rc == OFT_OK && done) {
            rc = finish(c, last, job_id);
            break;
        }
        if (rc == OFT_OK)
            w.parse_failures = 0;
        else if (!keep_waiting(&w, rc, &pause))
            break;
        if (deadline) {
            int64_t left = deadline - oft__now_ms();
            if (left <= 0) {
                rc = oft__error_set(c, OFT_ETIMEOUT,
                                    "wait %s: not finished after %ld ms%s%s", job_id,
                                    opts->timeout_ms, last ? ", status " : "",
                                    last ? status_text(last) : "");
                break;
            }
            if (pause > left)
                pause = (long)left;
        }
        if ((rc = oft__client_sleep_ms(c, pause)) != OFT_OK) {
            oft__error_set(c, rc, "wait %s: interrupted", job_id);
            break;
        }
    }
    frontier_free(&w.reported);
    *out = last;
    return rc;
}
