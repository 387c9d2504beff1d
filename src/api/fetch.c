/*
 * One object, one page of any list, and the iterator of fetch.h: one page
 * in memory at a time, whatever the total.
 */
#include <stdio.h>
#include <string.h>

#include "api/fetch.h"

int oft__fetch_item(oft_client *c, const oft__request *req, const oft__object_spec *spec,
                    void **out)
{
    oft__response resp = OFT__RESPONSE_INIT;
    *out = NULL;
    int rc = oft__http_send(c, req, &resp);
    if (rc == OFT_OK)
        rc = oft__item_parse(c, spec, &resp, out);
    oft__response_dispose(&resp);
    return rc;
}

int oft__fetch_item_at(oft_client *c, oft__request *req, const char *what,
                       const char *prefix, const char *id, const char *suffix,
                       const oft__object_spec *spec, void **out)
{
    *out = NULL;
    char *path = oft__url_path(prefix, id, suffix);
    if (!path)
        return oft__error_set(c, OFT_ENOMEM, "%s: out of memory", what);
    req->path = path;
    int rc = oft__fetch_item(c, req, spec, out);
    req->path = NULL;
    oft__free(path);
    return rc;
}

int oft__list_query(oft_client *c, oft__str *q, const char *after, int limit)
{
    if (limit < 0)
        return oft__error_set(c, OFT_EINVAL, "limit: must not be negative (got %d)",
                              limit);
    if (after) {
        int rc = oft__check_id(c, "after", after);
        if (rc != OFT_OK)
            return rc;
        oft__str_put_query(q, "after", after);
    }
    if (limit > 0) {
        char num[16];
        snprintf(num, sizeof(num), "%d", limit);
        oft__str_put_query(q, "limit", num);
    }
    return OFT_OK;
}

int oft__list_page(oft_client *c, const oft__object_spec *spec, int admin,
                   const char *path, const char *base_query, const char *after,
                   oft__list *out)
{
    oft__str q = OFT__STR_INIT;
    oft__request req = OFT__REQUEST_INIT;
    oft__response resp = OFT__RESPONSE_INIT;
    memset(out, 0, sizeof(*out));
    oft__str_puts(&q, base_query ? base_query : "");
    int rc = oft__list_query(c, &q, after, 0);
    if (rc == OFT_OK && q.oom)
        rc = oft__error_set(c, OFT_ENOMEM, "%s list: out of memory", spec->what);
    req.method = "GET";
    req.path = path;
    req.query = q.len ? q.ptr : NULL;
    req.admin = admin;
    if (rc == OFT_OK)
        rc = oft__http_send(c, &req, &resp);
    if (rc == OFT_OK)
        rc = oft__list_parse(c, spec, &resp, out);
    oft__response_dispose(&resp);
    oft__str_free(&q);
    return rc;
}

int oft__list_iter_new(oft__iter **out, oft_client *c, const oft__object_spec *spec,
                       int admin, const char *path, const char *base_query,
                       const char *after)
{
    *out = NULL;
    if (after) {
        int rc = oft__check_id(c, "after", after);
        if (rc != OFT_OK)
            return rc;
    }
    oft__iter *it = oft__calloc(1, sizeof(*it));
    if (it) {
        it->client = c;
        it->spec = spec;
        it->admin = admin;
        it->path = oft__strdup(path);
        it->base_query = oft__strdup(base_query);
    }
    if (after && it && it->path) {
        /* Start after the caller's cursor, as if a page ending there had been read. */
        it->started = 1;
        it->page.has_more = 1;
        it->page.next_after = oft__strdup(after);
    }
    if (!it || !it->path || (base_query && !it->base_query) ||
        (after && !it->page.next_after)) {
        oft__list_iter_free(it);
        return oft__error_set(c, OFT_ENOMEM, "%s iterator: out of memory", spec->what);
    }
    *out = it;
    return OFT_OK;
}

/* The page after `after` (NULL: the first), keeping only its items and cursor. */
static int fetch(oft__iter *it, const char *after, oft__list *next)
{
    int rc = oft__list_page(it->client, it->spec, it->admin, it->path, it->base_query,
                            after, next);
    if (rc != OFT_OK)
        return rc;
    /* The envelope's strings are not needed: hold no more than the items. */
    OFT__FREE_CONST(next->first_id);
    OFT__FREE_CONST(next->last_id);
    OFT__FREE_CONST(next->request_id);
    OFT__FREE_CONST(next->raw_json);
    next->first_id = next->last_id = next->request_id = next->raw_json = NULL;
    return OFT_OK;
}

/*
 * A page that promises more must move the cursor forward: one that is empty,
 * or whose cursor is the one it was fetched after, would have the iterator
 * ask for the same page forever.
 */
static int check_progress(oft_client *c, const oft__list *next, const char *after)
{
    if (!next->has_more)
        return OFT_OK;
    if (next->count == 0)
        return oft__error_set(c, OFT_EPARSE,
                              "list: the server sent an empty page with has_more true "
                              "(after %s); stopping",
                              after ? after : "the start");
    if (after && next->next_after && strcmp(after, next->next_after) == 0)
        return oft__error_set(c, OFT_EPARSE,
                              "list: the server repeated the page cursor %s "
                              "(has_more true); stopping",
                              after);
    return OFT_OK;
}

int oft__list_iter_next(void **out, oft__iter *it)
{
    *out = NULL;
    oft__error_clear(it->client);
    while (it->pos >= it->page.count) {
        /* The exhausted page's items go; its cursor stays, so that a failed
         * fetch of the next page can be retried by calling again. */
        oft__list_drop_items(&it->page, it->spec->free_item);
        it->pos = 0;
        if (it->done || (it->started && (!it->page.has_more || !it->page.next_after))) {
            it->done = 1;
            return OFT_ITEROVER;
        }
        oft__list next;
        const char *after = it->started ? it->page.next_after : NULL;
        int rc = fetch(it, after, &next);
        if (rc == OFT_OK && (rc = check_progress(it->client, &next, after)) != OFT_OK)
            oft__list_dispose(&next, it->spec->free_item);
        if (rc != OFT_OK)
            return rc;
        oft__list_dispose(&it->page, it->spec->free_item);
        it->page = next;
        it->started = 1;
    }
    *out = it->page.items[it->pos++];
    return OFT_OK;
}

void oft__list_iter_free(oft__iter *it)
{
    if (!it)
        return;
    oft__list_dispose(&it->page, it->spec->free_item);
    oft__free(it->path);
    oft__free(it->base_query);
    oft__free(it);
}
