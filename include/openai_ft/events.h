/*
 * libopenai_ft: the events of a fine-tuning job (listed newest first).
 *
 * The conventions of ownership, threads and options structs are in common.h;
 * "the request errors" every call that sends a request can return are in
 * errors.h. A job ID is checked as jobs.h says (OFT_EINVAL).
 */
#ifndef OPENAI_FT_EVENTS_H
#define OPENAI_FT_EVENTS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** An event's level. UNKNOWN: absent, or a string this version does not know. */
typedef enum oft_event_level {
    OFT_EVENT_LEVEL_UNKNOWN = 0,
    OFT_EVENT_LEVEL_INFO = 1,
    OFT_EVENT_LEVEL_WARN = 2,
    OFT_EVENT_LEVEL_ERROR = 3
} oft_event_level;

/** An event's type. */
typedef enum oft_event_type {
    OFT_EVENT_TYPE_UNSET = 0,   /**< absent */
    OFT_EVENT_TYPE_MESSAGE = 1, /**< a message for people */
    OFT_EVENT_TYPE_METRICS = 2, /**< training metrics in data_json (step, loss...) */
    OFT_EVENT_TYPE_UNKNOWN = 3  /**< a string this version does not know */
} oft_event_type;

/** A job event (response-struct rules in common.h). */
typedef struct oft_event {
    const char *id;        /**< "ft-event-..." */
    const char *object;    /**< "fine_tuning.job.event" */
    int64_t created_at;    /**< Unix seconds */
    int level;             /**< @type oft_event_level */
    const char *level_raw; /**< may be NULL */
    const char *message;   /**< never NULL (empty when absent) */
    int type;              /**< @type oft_event_type */
    const char *type_raw;  /**< may be NULL */
    const char *data_json; /**< the free-form data object as JSON text, or NULL */
    const char *request_id;
    const char *raw_json;
} oft_event;

/**
 * Frees an event the library returned, with its strings. Not for one lent
 * by an iterator or a wait callback, or one inside a page. NULL is a no-op.
 */
OFT_API void oft_event_free(oft_event *event);

/** One page of events, newest first. */
typedef struct oft_event_page {
    const oft_event *const *items; /**< count events, owned by the page */
    size_t count;
    int has_more;         /**< non-zero when older events follow */
    const char *first_id; /**< may be NULL */
    const char *last_id;  /**< may be NULL */
    const char *request_id;
    const char *raw_json; /**< the whole list response */
} oft_event_page;

/** Frees a page and every event in it. NULL is a no-op. */
OFT_API void oft_event_page_free(oft_event_page *page);

/** Options of oft_event_list() and oft_event_iter_new(). Strings are copied. */
typedef struct oft_event_list_options {
    unsigned int version; /**< OFT_EVENT_LIST_OPTIONS_VERSION */
    const char *after;    /**< start after (older than) this event ID; NULL: newest */
    int limit;            /**< events per page; 0: the server's default (20) */
} oft_event_list_options;

#define OFT_EVENT_LIST_OPTIONS_VERSION 1
#define OFT_EVENT_LIST_OPTIONS_INIT                                                      \
    {                                                                                    \
        OFT_EVENT_LIST_OPTIONS_VERSION, NULL, 0                                          \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_event_list_options_init(oft_event_list_options *opts,
                                        unsigned int version);

/**
 * Lists one page of a job's events (GET /fine_tuning/jobs/{job_id}/events),
 * newest first. opts may be NULL (the newest page, the server's limit). *out
 * is the caller's (oft_event_page_free); NULL on failure. One call at a time
 * per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out, an invalid job_id or
 * after, or a negative limit; OFT_EVERSION; OFT_ENOTFOUND for an unknown
 * job; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_event_list(oft_event_page **out, oft_client *client,
                                           const char *job_id,
                                           const oft_event_list_options *opts);

/**
 * An iterator over a job's events, newest first, one page in memory. It
 * works through its client (thread rule, last error) and is advanced only
 * while the client lives.
 */
typedef struct oft_event_iter oft_event_iter;

/**
 * Makes an iterator over a job's events, starting after opts->after when
 * set (opts may be NULL). Nothing is sent until the first
 * oft_event_iter_next(). *out is the caller's (oft_event_iter_free); NULL on
 * failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (NULL client or out, an invalid job_id or after,
 * a negative limit); OFT_EVERSION; or OFT_ENOMEM.
 */
OFT_API OFT_WARN_UNUSED int oft_event_iter_new(oft_event_iter **out, oft_client *client,
                                               const char *job_id,
                                               const oft_event_list_options *opts);
/**
 * *out borrows the next (older) event, valid until the next call or
 * oft_event_iter_free(). One call at a time per client.
 * Returns OFT_OK; OFT_ITEROVER at the end (and on every later call);
 * OFT_EINVAL for a NULL iter or out; OFT_ENOTFOUND for an unknown job;
 * OFT_EPARSE when a page promises more but is empty or repeats its cursor;
 * or a request error: then *out is NULL and calling again retries the page.
 */
OFT_API int oft_event_iter_next(const oft_event **out, oft_event_iter *iter);
/**
 * Frees an iterator and the page it holds (the events it lent become
 * invalid). Allowed after its client was freed. NULL is a no-op.
 */
OFT_API void oft_event_iter_free(oft_event_iter *iter);

OFT_END_DECL

#endif
