/*
 * Fetching resources, read by json/list.h's engine: one object, one page of
 * a list, and the lazy iterator over every page, which holds one page in
 * memory at a time whatever the total.
 */
#ifndef OFT_SRC_API_FETCH_H
#define OFT_SRC_API_FETCH_H

#include "core/common.h"
#include "json/list.h"
#include "net/http.h"
#include "util/str.h"

/* Sends req and parses the response as one object of spec into *out (NULL
 * on failure). */
int oft__fetch_item(oft_client *c, const oft__request *req, const oft__object_spec *spec,
                    void **out);

/* oft__fetch_item on prefix/{id}{suffix}, as oft__url_path makes it (id
 * escaped; id and suffix may be NULL): req->path is set for the call only.
 * No memory for the path is an OFT_ENOMEM "WHAT: out of memory". */
int oft__fetch_item_at(oft_client *c, oft__request *req, const char *what,
                       const char *prefix, const char *id, const char *suffix,
                       const oft__object_spec *spec, void **out);

/* Appends "after=ID" and "limit=N" when set; OFT_EINVAL for a negative limit
 * or a malformed ID. */
int oft__list_query(oft_client *c, oft__str *q, const char *after, int limit);

/* One page of a list: GETs path?base_query&after=ID (base_query may be NULL;
 * after, when not NULL, is checked as an ID; admin: with the admin key) and
 * parses the list envelope into out. */
int oft__list_page(oft_client *c, const oft__object_spec *spec, int admin,
                   const char *path, const char *base_query, const char *after,
                   oft__list *out);

/* The iterator behind every public oft_X_iter (a struct whose only member
 * is an oft__iter). */
typedef struct oft__iter {
    oft_client *client;
    const oft__object_spec *spec;
    int admin;
    char *path;
    char *base_query; /* the fixed query (filters, limit), or NULL */
    oft__list page;   /* the current page: its items, has_more and cursor */
    size_t pos;       /* the next item of page */
    int started;      /* a page was read (or the caller's cursor stands for one) */
    int done;
} oft__iter;

/* A new iterator over path?base_query pages (base_query may be NULL),
 * starting after `after` when it is not NULL (checked as an ID); copies all
 * three. */
int oft__list_iter_new(oft__iter **out, oft_client *c, const oft__object_spec *spec,
                       int admin, const char *path, const char *base_query,
                       const char *after);
/* *out borrows an item valid until the next call or oft__list_iter_free.
 * Returns OFT_OK, OFT_ITEROVER at the end, or an error (a failed fetch can
 * be retried by calling again). */
int oft__list_iter_next(void **out, oft__iter *it);
void oft__list_iter_free(oft__iter *it); /* NULL is a no-op */

#endif
