/*
 * A generic lazy pager: fetches one page at a time through a callback, so an
 * iteration holds one page in memory whatever the total.
 */
#ifndef OFT_SRC_ITER_H
#define OFT_SRC_ITER_H

#include "core/common.h"

typedef struct oft__page {
    void **items;
    size_t count;
    int has_more;
    char *next_after; /* cursor for the next page (last id / last_id), or NULL */
} oft__page;

/* Fetches the page that follows `after` (NULL: the first page). */
typedef int (*oft__fetch_fn)(oft__page *out, oft_client *c, const char *after, void *ctx);
typedef void (*oft__free_fn)(void *item);

typedef struct oft__iter {
    oft_client *client;
    oft__fetch_fn fetch;
    oft__free_fn free_item;
    void *ctx; /* owned: freed with ctx_free */
    void (*ctx_free)(void *ctx);
    oft__page page;
    size_t pos;
    int started;
    int done;
} oft__iter;

void oft__iter_init(oft__iter *it, oft_client *c, oft__fetch_fn fetch,
                    oft__free_fn free_item, void *ctx, void (*ctx_free)(void *));
/* *out borrows an item valid until the next call or oft__iter_dispose.
 * Returns OFT_OK, OFT_ITEROVER at the end, or an error. */
int oft__iter_next(void **out, oft__iter *it);
void oft__iter_dispose(oft__iter *it);
void oft__page_dispose(oft__page *page, oft__free_fn free_item);

#endif
