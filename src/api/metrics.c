/*
 * A job's step metrics, steps in increasing order: from its result file (the
 * step-metrics CSV, metrics_csv.c) once it has succeeded, else from its
 * metrics events. Events come newest first, so the first walk goes to the
 * oldest page keeping only each page's cursor (and the newest page, which
 * may grow meanwhile), then the pages are read again from the oldest,
 * each walked backwards.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/jobs_internal.h"
#include "api/metrics_csv.h"

#define EVENTS_PAGE 100

enum { M_START, M_EVENTS, M_CSV, M_DONE };

struct oft_metrics_iter {
    oft_client *client;
    char *job_id;
    int mode;
    oft_step_metrics m;
    int64_t last_step;
    /* events */
    oft__list newest, cur; /* page 0, and the page being read when it is not 0 */
    char **cursors;        /* cursors[k - 1]: the `after` of page k */
    size_t ncursors, cap;
    int walked;  /* the first walk reached the oldest page */
    size_t page; /* the page being read back */
    size_t left; /* its events not read yet */
    /* the result file */
    char *file_id;
    oft__csv csv;
};

int oft_metrics_iter_new(oft_metrics_iter **out, oft_client *client, const char *job_id)
{
    OFT__BEGIN(client, out);
    int rc = oft__check_id(client, "job_id", job_id);
    if (rc != OFT_OK)
        return rc;
    oft_metrics_iter *it = oft__calloc(1, sizeof(*it));
    if (!it || !(it->job_id = oft__strdup(job_id))) {
        oft__free(it);
        return oft__error_set(client, OFT_ENOMEM, "metrics: out of memory");
    }
    it->client = client;
    it->last_step = -1;
    *out = it;
    return OFT_OK;
}

/* Downloads the result file into a temporary file and opens it as CSV. */
static int open_csv(oft_metrics_iter *it)
{
    oft_client *c = it->client;
    char err[256];
    int fd = oft__tmp_fd();
    if (fd < 0)
        return oft__error_set(c, OFT_EIO, "metrics: temporary file: %s", strerror(errno));
    int rc = oft_file_download_fd(c, it->file_id, fd);
    if (rc != OFT_OK) {
        close(fd);
        return rc;
    }
    if (oft__csv_open(&it->csv, fd, err, sizeof(err)) != 0) {
        oft__csv_close(&it->csv);
        it->mode = M_DONE;
        return oft__error_set(c, OFT_EPARSE, "result file %s %s", it->file_id, err);
    }
    it->mode = M_CSV;
    return OFT_OK;
}

static int start(oft_metrics_iter *it)
{
    oft_job *job = NULL;
    oft__free(it->file_id);
    it->file_id = NULL;
    int rc = oft__job_get(&job, it->client, it->job_id);
    if (rc != OFT_OK)
        return rc;
    if (job->status == OFT_JOB_STATUS_SUCCEEDED && job->result_files_count > 0) {
        it->file_id = oft__strdup(job->result_files[0]);
        rc = it->file_id
                 ? OFT_OK
                 : oft__error_set(it->client, OFT_ENOMEM, "metrics: out of memory");
    }
    oft_job_free(job);
    if (rc != OFT_OK)
        return rc;
    if (!it->file_id) {
        it->mode = M_EVENTS;
        return OFT_OK;
    }
    return open_csv(it);
}

static int csv_next(oft_metrics_iter *it)
{
    char err[256];
    int got = oft__csv_next(&it->csv, &it->m, err, sizeof(err));
    if (got == 1)
        return OFT_OK;
    oft__csv_close(&it->csv);
    it->mode = M_DONE;
    if (got == 0)
        return OFT_ITEROVER;
    return oft__error_set(it->client, OFT_EPARSE, "result file %s %s", it->file_id, err);
}

static int fetch(oft_metrics_iter *it, oft__list *l, const char *after)
{
    return oft__job_sublist(l, NULL, it->client, &oft__event_spec, it->job_id, "events",
                            after, EVENTS_PAGE);
}

static int push_cursor(oft_metrics_iter *it, const char *after)
{
    if (it->ncursors && strcmp(it->cursors[it->ncursors - 1], after) == 0)
        return oft__error_set(it->client, OFT_EPARSE,
                              "metrics: the events page after %s repeats its cursor",
                              after);
    if (it->ncursors == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 16;
        char **p = oft__realloc(it->cursors, cap * sizeof(*p));
        if (!p)
            return oft__error_set(it->client, OFT_ENOMEM, "metrics: out of memory");
        it->cursors = p;
        it->cap = cap;
    }
    if (!(it->cursors[it->ncursors] = oft__strdup(after)))
        return oft__error_set(it->client, OFT_ENOMEM, "metrics: out of memory");
    it->ncursors++;
    return OFT_OK;
}

/* The first walk, from the newest page to the oldest (resumable after a
 * failed request: it goes on after the last cursor kept). */
static int walk(oft_metrics_iter *it)
{
    while (!it->walked) {
        oft__list l;
        memset(&l, 0, sizeof(l));
        int first = it->ncursors == 0;
        int rc = fetch(it, &l, first ? NULL : it->cursors[it->ncursors - 1]);
        if (rc != OFT_OK)
            return rc;
        if (l.has_more && (!l.next_after || !l.count)) {
            oft__list_dispose(&l, oft__event_spec.free_item);
            return oft__error_set(
                it->client, OFT_EPARSE,
                "metrics: an events page promises more but has no cursor");
        }
        if (l.has_more && (rc = push_cursor(it, l.next_after)) != OFT_OK) {
            oft__list_dispose(&l, oft__event_spec.free_item);
            return rc;
        }
        oft__list_dispose(first ? &it->newest : &it->cur, oft__event_spec.free_item);
        *(first ? &it->newest : &it->cur) = l;
        if (!l.has_more) {
            it->walked = 1;
            it->page = it->ncursors;
            it->left = l.count;
        }
    }
    return OFT_OK;
}

/* The next metrics event, oldest first, into it->m: OFT_OK or OFT_ITEROVER. */
static int events_next(oft_metrics_iter *it)
{
    int rc = walk(it);
    while (rc == OFT_OK) {
        oft__list *l = it->page ? &it->cur : &it->newest;
        while (it->left) {
            const oft_event *ev = l->items[--it->left];
            if (ev->type != OFT_EVENT_TYPE_METRICS)
                continue;
            int got = oft__step_metrics_parse(ev->data_json, &it->m);
            if (got < 0)
                return oft__error_set(it->client, OFT_EPARSE,
                                      "metrics: event %s: its data is not step metrics",
                                      ev->id ? ev->id : "?");
            if (got && it->m.step > it->last_step)
                return OFT_OK;
        }
        if (it->page == 0)
            return OFT_ITEROVER;
        oft__list_dispose(&it->cur, oft__event_spec.free_item);
        if (it->page - 1 > 0 &&
            (rc = fetch(it, &it->cur, it->cursors[it->page - 2])) != OFT_OK)
            return rc;
        it->page--;
        it->left = it->page ? it->cur.count : it->newest.count;
    }
    return rc;
}

int oft_metrics_iter_next(const oft_step_metrics **out, oft_metrics_iter *iter)
{
    OFT__BEGIN(iter ? iter->client : NULL, out);
    int rc = OFT_OK;
    if (iter->mode == M_START)
        rc = start(iter);
    if (rc == OFT_OK && iter->mode == M_EVENTS)
        rc = events_next(iter);
    else if (rc == OFT_OK && iter->mode == M_CSV)
        rc = csv_next(iter);
    else if (rc == OFT_OK)
        rc = OFT_ITEROVER;
    if (rc == OFT_ITEROVER)
        iter->mode = M_DONE;
    if (rc != OFT_OK)
        return rc;
    iter->last_step = iter->m.step;
    *out = &iter->m;
    return OFT_OK;
}

void oft_metrics_iter_free(oft_metrics_iter *iter)
{
    if (!iter)
        return;
    oft__list_dispose(&iter->newest, oft__event_spec.free_item);
    oft__list_dispose(&iter->cur, oft__event_spec.free_item);
    for (size_t i = 0; i < iter->ncursors; i++)
        oft__free(iter->cursors[i]);
    oft__free(iter->cursors);
    oft__csv_close(&iter->csv);
    oft__free(iter->file_id);
    oft__free(iter->job_id);
    oft__free(iter);
}
