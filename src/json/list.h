/*
 * The one engine that reads API objects out of 2xx responses: a single
 * object (retrieve, create, delete...) or a list envelope
 * {object:"list", data:[...], has_more, first_id?, last_id?} of any
 * resource. A mapper only reads an object's own fields; the engine checks
 * its identity (id, object), gives it its request_id and raw_json, and reads
 * the envelope and its cursor. Free of <jansson.h>: mappers take a
 * `struct json_t` that callers above json/ never look into.
 */
#ifndef OFT_SRC_JSON_LIST_H
#define OFT_SRC_JSON_LIST_H

#include "core/common.h"
#include "core/response.h"

struct json_t;

/*
 * Reads the fields of one object into a new item, all but its request_id
 * and raw_json (the engine sets those); NULL when out of memory. request_id
 * is the response's, for a nested object that carries its own (an upload's
 * file).
 */
typedef void *(*oft__fields_fn)(const struct json_t *obj, const char *request_id);
typedef void (*oft__free_fn)(void *item);

/* Where the next page of a list starts (reference/sdk-behaviors.md). */
enum {
    OFT__CURSOR_LAST_ITEM = 0, /* CursorPage: after = the last item's id */
    OFT__CURSOR_LAST_ID = 1 /* ConversationCursorPage: after = the envelope's last_id */
};

/* How one kind of API object is read. */
typedef struct oft__object_spec {
    const char *what;   /* its name in messages ("fine_tuning.job", "file delete") */
    const char *object; /* the "object" value it must have when present; NULL: any */
    oft__fields_fn fields;
    oft__free_fn free_item;
    size_t request_id_at; /* offsetof the item's request_id member */
    size_t raw_json_at;   /* offsetof the item's raw_json member */
    int cursor;           /* OFT__CURSOR_*, for its lists */
    int anonymous;        /* an answer with no "id" to check (a grader run) */
} oft__object_spec;

/* A parsed list envelope; its items are spec->free_item's to free. */
typedef struct oft__list {
    void **items;
    size_t count;
    int has_more;
    const char *first_id; /* const: they go into a page's members as they are */
    const char *last_id;
    char *next_after; /* the next page's cursor, or NULL when there is none */
    const char *request_id;
    const char *raw_json;
} oft__list;

/*
 * Parses a single-object response into a new item in *out. The item takes
 * resp's body as its raw_json and resp's request id (both left NULL in resp)
 * instead of copying them. OFT_OK, or OFT_EPARSE / OFT_ENOMEM set on c
 * naming spec->what (*out NULL then).
 */
int oft__item_parse(oft_client *c, const oft__object_spec *spec, oft__response *resp,
                    void **out);
/* A new item from obj, with a copy of request_id (may be NULL) and obj's JSON
 * text as raw_json: a list's item, or an object nested in another. */
void *oft__item_from_json(const oft__object_spec *spec, const struct json_t *obj,
                          const char *request_id);

/* Parses a list envelope from a response; every item is checked and mapped
 * with spec. OFT_OK, or OFT_EPARSE / OFT_ENOMEM set on c (out empty then). */
int oft__list_parse(oft_client *c, const oft__object_spec *spec,
                    const oft__response *resp, oft__list *out);
/* Frees what l holds (its items with free_item) and empties it. */
void oft__list_dispose(oft__list *l, oft__free_fn free_item);
/* Frees l's items but keeps its cursor and has_more. */
void oft__list_drop_items(oft__list *l, oft__free_fn free_item);

/*
 * Moves l's items, request_id and raw_json into the typed page p (fields
 * items of type const item_t *const *, count, request_id, raw_json), leaving the rest
 * of l to oft__list_dispose. Sets rc to OFT_OK, or OFT_ENOMEM with l as it
 * was.
 */
#define OFT__LIST_ITEMS_TO_PAGE(rc, p, l, item_t)                                        \
    do {                                                                                 \
        const item_t **a_ = (l)->count ? oft__calloc((l)->count, sizeof(*a_)) : NULL;    \
        (rc) = OFT_ENOMEM;                                                               \
        if ((l)->count && !a_)                                                           \
            break;                                                                       \
        for (size_t i_ = 0; i_ < (l)->count; i_++)                                       \
            a_[i_] = (l)->items[i_];                                                     \
        (p)->items = a_;                                                                 \
        (p)->count = (l)->count;                                                         \
        (p)->request_id = (l)->request_id;                                               \
        (p)->raw_json = (l)->raw_json;                                                   \
        oft__free((l)->items);                                                           \
        (l)->items = NULL;                                                               \
        (l)->count = 0;                                                                  \
        (l)->request_id = (l)->raw_json = NULL;                                          \
        (rc) = OFT_OK;                                                                   \
    } while (0)

/*
 * Moves a list of spec's items into a new cursor page in *out (page_t: the
 * fields of OFT__LIST_ITEMS_TO_PAGE plus has_more, first_id, last_id) and
 * empties the list. Sets rc to OFT_OK, or to OFT_ENOMEM set on c, the list
 * disposed.
 */
#define OFT__LIST_TO_PAGE(rc, c, spec, out, l, page_t, item_t)                           \
    do {                                                                                 \
        page_t *p_ = oft__calloc(1, sizeof(*p_));                                        \
        (rc) = OFT_ENOMEM;                                                               \
        if (p_)                                                                          \
            OFT__LIST_ITEMS_TO_PAGE(rc, p_, l, item_t);                                  \
        if ((rc) != OFT_OK) {                                                            \
            oft__free(p_);                                                               \
            oft__list_dispose((l), (spec)->free_item);                                   \
            oft__error_set((c), OFT_ENOMEM, "%s list: out of memory", (spec)->what);     \
            break;                                                                       \
        }                                                                                \
        p_->has_more = (l)->has_more;                                                    \
        p_->first_id = (l)->first_id;                                                    \
        p_->last_id = (l)->last_id;                                                      \
        (l)->first_id = (l)->last_id = NULL;                                             \
        oft__list_dispose((l), (spec)->free_item);                                       \
        *(out) = p_;                                                                     \
    } while (0)

/* Frees what OFT__LIST_ITEMS_TO_PAGE put in a page (not the page itself). */
#define OFT__PAGE_FREE_ITEMS(page, free_item)                                            \
    do {                                                                                 \
        for (size_t i_ = 0; i_ < (page)->count; i_++)                                    \
            free_item(OFT__MUTABLE((page)->items[i_]));                                  \
        OFT__FREE_CONST((page)->items);                                                  \
        OFT__FREE_CONST((page)->request_id);                                             \
        OFT__FREE_CONST((page)->raw_json);                                               \
    } while (0)

/* Frees a cursor page made by OFT__LIST_TO_PAGE, and its items; NULL is a no-op. */
#define OFT__PAGE_FREE(page, free_item)                                                  \
    do {                                                                                 \
        if (!(page))                                                                     \
            break;                                                                       \
        OFT__PAGE_FREE_ITEMS(page, free_item);                                           \
        OFT__FREE_CONST((page)->first_id);                                               \
        OFT__FREE_CONST((page)->last_id);                                                \
        oft__free((page));                                                               \
    } while (0)

#endif
