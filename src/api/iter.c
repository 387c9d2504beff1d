/*
 * The generic lazy pager of iter.h, and the list fetch every resource of the
 * jobs area pages with: one page in memory at a time, whatever the total.
 */
#include <stdio.h>
#include <string.h>

#include "api/iter.h"
#include "api/jobs_internal.h"

void oft__iter_init(oft__iter *it, oft_client *c, oft__fetch_fn fetch,
                    oft__free_fn free_item, void *ctx, void (*ctx_free)(void *))
{
    memset(it, 0, sizeof(*it));
    it->client = c;
    it->fetch = fetch;
    it->free_item = free_item;
    it->ctx = ctx;
    it->ctx_free = ctx_free;
}

void oft__page_dispose(oft__page *page, oft__free_fn free_item)
{
    for (size_t i = 0; i < page->count; i++)
        free_item(page->items[i]);
    oft__free(page->items);
    oft__free(page->next_after);
    memset(page, 0, sizeof(*page));
}

/* Frees the items of the exhausted page but keeps its cursor and has_more,
 * so that a failed fetch of the next page can be retried by calling again. */
static void drop_items(oft__iter *it)
{
    for (size_t i = 0; i < it->page.count; i++)
        it->free_item(it->page.items[i]);
    oft__free(it->page.items);
    it->page.items = NULL;
    it->page.count = 0;
    it->pos = 0;
}

/*
 * A page that promises more must move the cursor forward: one that is empty,
 * or whose cursor is the one it was fetched after, would have the iterator
 * ask for the same page forever.
 */
static int check_progress(oft_client *c, const oft__page *next, const char *after)
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

int oft__iter_next(void **out, oft__iter *it)
{
    *out = NULL;
    oft__error_clear(it->client);
    while (it->pos >= it->page.count) {
        if (it->done || (it->started && (!it->page.has_more || !it->page.next_after))) {
            it->done = 1;
            drop_items(it);
            return OFT_ITEROVER;
        }
        drop_items(it);
        oft__page next = {NULL, 0, 0, NULL};
        const char *after = it->started ? it->page.next_after : NULL;
        int rc = it->fetch(&next, it->client, after, it->ctx);
        if (rc == OFT_OK)
            rc = check_progress(it->client, &next, after);
        if (rc != OFT_OK) {
            oft__page_dispose(&next, it->free_item);
            return rc;
        }
        oft__free(it->page.next_after);
        it->page = next;
        it->started = 1;
    }
    *out = it->page.items[it->pos++];
    return OFT_OK;
}

void oft__iter_dispose(oft__iter *it)
{
    if (!it)
        return;
    oft__page_dispose(&it->page, it->free_item);
    if (it->ctx_free)
        it->ctx_free(it->ctx);
    memset(it, 0, sizeof(*it));
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

int oft__list_get(oft_client *c, const oft__list_spec *spec, const char *path,
                  const char *query, oft__list *out)
{
    oft__request req = OFT__REQUEST_INIT;
    oft__response resp = OFT__RESPONSE_INIT;
    req.method = "GET";
    req.path = path;
    req.query = (query && *query) ? query : NULL;
    req.admin = spec->admin;
    memset(out, 0, sizeof(*out));
    int rc = oft__http_send(c, &req, &resp);
    if (rc == OFT_OK)
        rc = oft__list_parse(c, spec, &resp, out);
    oft__response_dispose(&resp);
    return rc;
}

/* The iterator's context: the list's path, its fixed query, how to read it. */
typedef struct list_ctx {
    const oft__list_spec *spec;
    char *path;
    char *base_query;
} list_ctx;

static void list_ctx_free(void *p)
{
    list_ctx *x = p;
    if (!x)
        return;
    oft__free(x->path);
    oft__free(x->base_query);
    oft__free(x);
}

static int list_fetch(oft__page *out, oft_client *c, const char *after, void *ctx)
{
    list_ctx *x = ctx;
    oft__str q = OFT__STR_INIT;
    oft__list l;
    oft__str_puts(&q, x->base_query ? x->base_query : "");
    if (after)
        oft__str_put_query(&q, "after", after);
    if (q.oom) {
        oft__str_free(&q);
        return oft__error_set(c, OFT_ENOMEM, "%s list: out of memory", x->spec->what);
    }
    int rc = oft__list_get(c, x->spec, x->path, q.ptr, &l);
    oft__str_free(&q);
    if (rc != OFT_OK)
        return rc;
    out->items = l.items;
    out->count = l.count;
    out->has_more = l.has_more;
    out->next_after = l.next_after;
    l.items = NULL;
    l.count = 0;
    l.next_after = NULL;
    oft__list_dispose(&l, x->spec->free_item);
    return OFT_OK;
}

int oft__list_iter_new(oft__iter **out, oft_client *c, const oft__list_spec *spec,
                       const char *path, const char *base_query, const char *after)
{
    *out = NULL;
    if (after) {
        int rc = oft__check_id(c, "after", after);
        if (rc != OFT_OK)
            return rc;
    }
    oft__iter *it = oft__calloc(1, sizeof(*it));
    list_ctx *x = oft__calloc(1, sizeof(*x));
    if (x) {
        x->spec = spec;
        x->path = oft__strdup(path);
        x->base_query = oft__strdup(base_query);
    }
    if (!it || !x || !x->path || (base_query && !x->base_query)) {
        oft__free(it);
        list_ctx_free(x);
        return oft__error_set(c, OFT_ENOMEM, "%s iterator: out of memory", spec->what);
    }
    oft__iter_init(it, c, list_fetch, spec->free_item, x, list_ctx_free);
    if (after) {
        /* As if a page ending at `after` had been read. */
        it->started = 1;
        it->page.has_more = 1;
        if (!(it->page.next_after = oft__strdup(after))) {
            oft__list_iter_free(it);
            return oft__error_set(c, OFT_ENOMEM, "%s iterator: out of memory",
                                  spec->what);
        }
    }
    *out = it;
    return OFT_OK;
}

void oft__list_iter_free(oft__iter *it)
{
    oft__iter_dispose(it);
    oft__free(it);
}
