/*
 * The new events of one poll (api/wait_events.h). The list is newest first,
 * so the walk goes from the newest page down to the first event already
 * reported, and the new ones are then reported from the oldest. Only the
 * newest page and the one at hand stay in memory: the walk keeps the cursor
 * of each page it passed, and the pages between the oldest and the newest
 * are fetched again, oldest first, to be reported (new events only appear in
 * front of the newest page, so a cursor always gives back the same page).
 * In steady state that is one request per poll; a first pass over a long
 * history costs about twice its pages.
 */
#include <string.h>

#include "api/wait_events.h"

static int reported_has(const oft__reported *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->ids[i], id) == 0)
            return 1;
    return 0;
}

/* Remembers id as the newest reported, forgetting the oldest when full. */
static int reported_add(oft__reported *r, const char *id)
{
    char *copy = oft__strdup(id);
    if (copy == NULL)
        return -1;
    if (r->n == OFT__WAIT_EVENT_PAGE)
        oft__free(r->ids[r->next]);
    else
        r->n++;
    r->ids[r->next] = copy;
    r->next = (r->next + 1) % OFT__WAIT_EVENT_PAGE;
    return 0;
}

void oft__reported_free(oft__reported *r)
{
    for (size_t i = 0; i < r->n; i++)
        oft__free(r->ids[i]);
    memset(r, 0, sizeof(*r));
}

/* One walk over the list, from the newest page down. */
typedef struct walk {
    oft_client *c;
    const char *job_id;
    const oft_job *job;
    const oft_wait_options *o;
    oft__reported *seen;
    oft__list newest; /* page 0, kept until it is reported */
    char **cursors;   /* cursors[i] fetches page i + 1 */
    size_t n_cursors, cap_cursors;
} walk;

static int fetch(walk *w, const char *after, oft__list *l)
{
    return oft__job_sublist(l, NULL, w->c, &oft__event_spec, w->job_id, "events", after,
                            OFT__WAIT_EVENT_PAGE);
}

/* How many of l's events, from the newest, come before the first one already
 * reported; *met says whether the page holds such a one. */
static size_t count_new(const walk *w, const oft__list *l, int *met)
{
    for (size_t i = 0; i < l->count; i++) {
        const oft_event *ev = l->items[i];
        if (ev->id && reported_has(w->seen, ev->id)) {
            *met = 1;
            return i;
        }
    }
    *met = 0;
    return l->count;
}

/* Takes the cursor (owned) that fetches the next page. */
static int keep_cursor(walk *w, char *after)
{
    if (w->n_cursors == w->cap_cursors) {
        size_t cap = w->cap_cursors ? w->cap_cursors * 2 : 8;
        char **grown = oft__realloc(w->cursors, cap * sizeof(*grown));
        if (grown == NULL) {
            oft__free(after);
            return oft__error_set(w->c, OFT_ENOMEM, "wait %s: out of memory", w->job_id);
        }
        w->cursors = grown;
        w->cap_cursors = cap;
    }
    w->cursors[w->n_cursors++] = after;
    return OFT_OK;
}

/* Reports l's events [0, n) oldest first, but for one already reported (a
 * repeat) or without an ID. */
static int report_page(walk *w, const oft__list *l, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        const oft_event *ev = l->items[i];
        if (ev->id == NULL || reported_has(w->seen, ev->id))
            continue;
        /* Remembered first: running out of memory reports nothing twice. */
        if (reported_add(w->seen, ev->id) != 0)
            return oft__error_set(w->c, OFT_ENOMEM, "wait %s: out of memory", w->job_id);
        if (w->o->on_progress(w->job, ev, w->o->payload))
            return oft__error_set(w->c, OFT_EUSER,
                                  "wait %s: stopped by the progress callback", w->job_id);
    }
    return OFT_OK;
}

/* Reports a page passed on the way down, fetched again by its cursor. */
static int report_again(walk *w, const char *cursor)
{
    oft__list page;
    int rc = fetch(w, cursor, &page);
    if (rc != OFT_OK)
        return rc;
    rc = report_page(w, &page, page.count);
    oft__list_dispose(&page, oft__event_spec.free_item);
    return rc;
}

/* Walks down from page 1 (next is its cursor, owned) while no reported event
 * is met; then reports the oldest page reached and the pages between it and
 * the newest, oldest first. */
static int walk_older_pages(walk *w, char *next)
{
    oft__list page;
    size_t n_new = 0;
    int rc = OFT_OK, met = 0, have_page = 0;
    while (next != NULL) {
        if ((rc = keep_cursor(w, next)) != OFT_OK)
            return rc;
        next = NULL;
        if ((rc = fetch(w, w->cursors[w->n_cursors - 1], &page)) != OFT_OK)
            return rc;
        have_page = 1;
        n_new = count_new(w, &page, &met);
        next = page.next_after;
        page.next_after = NULL;
        if (met || next == NULL)
            break;
        oft__list_dispose(&page, oft__event_spec.free_item);
        have_page = 0;
    }
    oft__free(next); /* the oldest page met reported events: no further */
    if (have_page) {
        rc = report_page(w, &page, n_new);
        oft__list_dispose(&page, oft__event_spec.free_item);
    }
    /* Pages n_cursors - 1 down to 1, each fetched by cursors[page - 1]. */
    for (size_t p = w->n_cursors; rc == OFT_OK && p-- > 1;)
        rc = report_again(w, w->cursors[p - 1]);
    return rc;
}

int oft__wait_report_events(oft_client *c, const char *job_id, const oft_job *job,
                            const oft_wait_options *o, oft__reported *r)
{
    walk w = {c, job_id, job, o, r, {0}, NULL, 0, 0};
    int rc = fetch(&w, NULL, &w.newest);
    if (rc != OFT_OK)
        return rc;
    int met = 0;
    size_t n_new = count_new(&w, &w.newest, &met);
    char *after = w.newest.next_after;
    w.newest.next_after = NULL;
    if (met) {
        oft__free(after);
        after = NULL;
    }
    if (after != NULL)
        rc = walk_older_pages(&w, after);
    if (rc == OFT_OK)
        rc = report_page(&w, &w.newest, n_new);
    oft__list_dispose(&w.newest, oft__event_spec.free_item);
    for (size_t i = 0; i < w.n_cursors; i++)
        oft__free(w.cursors[i]);
    oft__free(w.cursors);
    return rc;
}
