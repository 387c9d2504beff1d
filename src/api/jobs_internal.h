/*
 * Internal plumbing of the jobs area (jobs, events, checkpoints, permissions,
 * wait): the generic list envelope, its page conversion and its iterator, and
 * the JSON mappers implemented in json_job*.c, json_event.c,
 * json_checkpoint.c and json_permission.c. Free of <jansson.h>: mappers take
 * a `struct json_t` they never dereference here.
 */
#ifndef OFT_SRC_JOBS_INTERNAL_H
#define OFT_SRC_JOBS_INTERNAL_H

#include <string.h>

#include "core/common.h"
#include "net/http.h"
#include "api/iter.h"

#include "openai_ft/jobs.h"
#include "openai_ft/events.h"
#include "openai_ft/checkpoints.h"
#include "openai_ft/permissions.h"

struct json_t;

/* Maps one JSON object to a new item; NULL when out of memory. request_id
 * and the item's JSON text are copied into it: `raw` when it is not NULL (the
 * response body of a single object, which saves serialising it again), else
 * the object dumped. */
typedef void *(*oft__item_fn)(const struct json_t *obj, const char *request_id,
                              const char *raw);
/* The item's raw_json: a copy of raw, or obj serialised; NULL when out of memory. */
char *oft__item_raw(const struct json_t *obj, const char *raw);

/* How a resource's list is read. */
typedef struct oft__list_spec {
    const char *what; /* the item object, for error messages */
    oft__item_fn from_json;
    oft__free_fn free_item;
    int admin;          /* send the admin key */
    int cursor_last_id; /* next page after the envelope's last_id, not the last item's id
                         */
} oft__list_spec;

/* A parsed list envelope. */
typedef struct oft__list {
    void **items;
    size_t count;
    int has_more;
    char *first_id;
    char *last_id;
    char *next_after; /* the next page's cursor, or NULL when there is none */
    char *request_id;
    char *raw_json;
} oft__list;

/* GETs path?query (query may be NULL) and parses the list envelope into out. */
int oft__list_get(oft_client *c, const oft__list_spec *spec, const char *path,
                  const char *query, oft__list *out);
/* Parses a list envelope from a response already received. */
int oft__list_parse(oft_client *c, const oft__list_spec *spec, const oft__response *resp,
                    oft__list *out);
void oft__list_dispose(oft__list *l, oft__free_fn free_item);

/* Appends "&limit=N" and "&after=ID" when set; OFT_EINVAL for a negative limit. */
int oft__list_query(oft_client *c, oft__str *q, const char *after, int limit);

/* A new iterator over path?base_query pages (base_query may be NULL), starting
 * after `after` when it is not NULL (checked as an ID); copies all three.
 * The public iterator types are structs whose only member is an oft__iter. */
int oft__list_iter_new(oft__iter **out, oft_client *c, const oft__list_spec *spec,
                       const char *path, const char *base_query, const char *after);
void oft__list_iter_free(oft__iter *it);

/*
 * Moves a list into a typed page struct (page_t has the fields items, count,
 * has_more, first_id, last_id, request_id, raw_json) and empties the list.
 * Sets rc to OFT_OK or OFT_ENOMEM (the list is then left for the caller).
 */
#define OFT__LIST_TO_PAGE(rc, out, l, page_t, item_t)                                    \
    do {                                                                                 \
        page_t *p_ = oft__calloc(1, sizeof(*p_));                                        \
        item_t **a_ = (l)->count ? oft__calloc((l)->count, sizeof(*a_)) : NULL;          \
        if (!p_ || ((l)->count && !a_)) {                                                \
            oft__free(p_);                                                               \
            oft__free(a_);                                                               \
            (rc) = OFT_ENOMEM;                                                           \
            break;                                                                       \
        }                                                                                \
        for (size_t i_ = 0; i_ < (l)->count; i_++)                                       \
            a_[i_] = (l)->items[i_];                                                     \
        p_->items = a_;                                                                  \
        p_->count = (l)->count;                                                          \
        p_->has_more = (l)->has_more;                                                    \
        p_->first_id = (l)->first_id;                                                    \
        p_->last_id = (l)->last_id;                                                      \
        p_->request_id = (l)->request_id;                                                \
        p_->raw_json = (l)->raw_json;                                                    \
        oft__free((l)->items);                                                           \
        oft__free((l)->next_after);                                                      \
        memset((l), 0, sizeof(*(l)));                                                    \
        *(out) = p_;                                                                     \
        (rc) = OFT_OK;                                                                   \
    } while (0)

/* Frees a typed page and its items. */
#define OFT__PAGE_FREE(page, free_item)                                                  \
    do {                                                                                 \
        if (!(page))                                                                     \
            break;                                                                       \
        for (size_t i_ = 0; i_ < (page)->count; i_++)                                    \
            free_item((page)->items[i_]);                                                \
        oft__free((page)->items);                                                        \
        oft__free((page)->first_id);                                                     \
        oft__free((page)->last_id);                                                      \
        oft__free((page)->request_id);                                                   \
        oft__free((page)->raw_json);                                                     \
        oft__free((page));                                                               \
    } while (0)

/* Frees a string the public structs hold as const char * (oft_kv). */
#define OFT__FREE_CONST(p) oft__free((void *)(uintptr_t)(p))

/* GET /fine_tuning/jobs/{job_id} without clearing the client's error or
 * interrupt flag (for oft_job_wait); job_id must be checked already. */
int oft__job_get(oft_job **out, oft_client *c, const char *job_id);

/*
 * A job's events or checkpoints (/fine_tuning/jobs/{job_id}/{sub}, query
 * after + limit): lists one page into *l when l is set, else makes an
 * iterator in *it. Checks job_id, after and limit.
 */
int oft__job_sublist(oft__list *l, oft__iter **it, oft_client *c,
                     const oft__list_spec *spec, const char *job_id, const char *sub,
                     const char *after, int limit);

/* Parses a single-object response into an item with spec->from_json. */
int oft__item_parse(oft_client *c, const oft__list_spec *spec, const oft__response *resp,
                    void **out);

/* oft__item_parse for a job, which takes resp's body as its raw_json and
 * resp's request_id (both left NULL in resp) instead of copying them. */
int oft__job_parse(oft_client *c, oft__response *resp, oft_job **out);

/* The resources' list specs (defined next to their mappers). */
extern const oft__list_spec oft__job_spec;
extern const oft__list_spec oft__event_spec;
extern const oft__list_spec oft__checkpoint_spec;
extern const oft__list_spec oft__permission_spec;
extern const oft__list_spec oft__permission_deleted_spec; /* single object */

/* The mappers. */
void *oft__job_from_json(const struct json_t *obj, const char *request_id,
                         const char *raw);
void *oft__event_from_json(const struct json_t *obj, const char *request_id,
                           const char *raw);
void *oft__checkpoint_from_json(const struct json_t *obj, const char *request_id,
                                const char *raw);
void *oft__permission_from_json(const struct json_t *obj, const char *request_id,
                                const char *raw);
void *oft__permission_deleted_from_json(const struct json_t *obj, const char *request_id,
                                        const char *raw);

/* Builds the body of POST /fine_tuning/jobs from validated options and the
 * method they resolve to (oft__job_effective_method). OFT_EINVAL naming the
 * field for JSON that does not parse (grader, extra body). */
int oft__job_create_body(oft_client *c, const oft_job_create_options *o, int method,
                         char **body, size_t *len);
/* Builds {"project_ids":[...]}. */
int oft__permission_create_body(oft_client *c, const char *const *ids, size_t n,
                                char **body, size_t *len);

/* Status and method strings <-> enums. */
int oft__job_status_from_str(const char *s);
int oft__method_type_from_str(const char *s);
const char *oft__method_type_str(int type);
/* The method a create request uses: method_type, or supervised (the API's
 * default) when it is unset but n_epochs, batch_size or
 * learning_rate_multiplier is given. */
int oft__job_effective_method(const oft_job_create_options *o);

#endif
