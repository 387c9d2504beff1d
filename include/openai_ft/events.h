/*
 * libopenai_ft: the events of a fine-tuning job (listed newest first).
 */
#ifndef OPENAI_FT_EVENTS_H
#define OPENAI_FT_EVENTS_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

typedef enum oft_event_level {
    OFT_EVENT_LEVEL_UNKNOWN = 0,
    OFT_EVENT_LEVEL_INFO = 1,
    OFT_EVENT_LEVEL_WARN = 2,
    OFT_EVENT_LEVEL_ERROR = 3
} oft_event_level;

typedef enum oft_event_type {
    OFT_EVENT_TYPE_UNSET = 0, /**< absent */
    OFT_EVENT_TYPE_MESSAGE = 1,
    OFT_EVENT_TYPE_METRICS = 2,
    OFT_EVENT_TYPE_UNKNOWN = 3
} oft_event_type;

/** A job event. */
typedef struct oft_event {
    char *id;
    char *object;
    int64_t created_at;
    int level;       /**< @type oft_event_level */
    char *level_raw; /**< may be NULL */
    char *message;   /**< never NULL (empty when absent) */
    int type;        /**< @type oft_event_type */
    char *type_raw;  /**< may be NULL */
    char *data_json; /**< the free-form data object as JSON text, or NULL */
    char *request_id;
    char *raw_json;
} oft_event;

OFT_API void oft_event_free(oft_event *event);

/** One page of events, newest first. */
typedef struct oft_event_page {
    oft_event **items;
    size_t count;
    int has_more;
    char *first_id;
    char *last_id;
    char *request_id;
    char *raw_json;
} oft_event_page;

OFT_API void oft_event_page_free(oft_event_page *page);

typedef struct oft_event_list_options {
    unsigned int version;
    const char *after; /**< an event ID */
    int limit;         /**< 0: the server's default (20) */
} oft_event_list_options;

#define OFT_EVENT_LIST_OPTIONS_VERSION 1
#define OFT_EVENT_LIST_OPTIONS_INIT                                                      \
    {                                                                                    \
        OFT_EVENT_LIST_OPTIONS_VERSION, NULL, 0                                          \
    }

OFT_API int oft_event_list_options_init(oft_event_list_options *opts,
                                        unsigned int version);

/** Lists one page of a job's events. opts may be NULL. */
OFT_API OFT_WARN_UNUSED int oft_event_list(oft_event_page **out, oft_client *client,
                                           const char *job_id,
                                           const oft_event_list_options *opts);

/** An iterator over a job's events, newest first, one page in memory. */
typedef struct oft_event_iter oft_event_iter;

OFT_API OFT_WARN_UNUSED int oft_event_iter_new(oft_event_iter **out, oft_client *client,
                                               const char *job_id,
                                               const oft_event_list_options *opts);
/** OFT_OK (*out borrowed until the next call), OFT_ITEROVER, or an error. */
OFT_API int oft_event_iter_next(const oft_event **out, oft_event_iter *iter);
OFT_API void oft_event_iter_free(oft_event_iter *iter);

OFT_END_DECL

#endif
