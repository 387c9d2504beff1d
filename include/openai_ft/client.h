/*
 * libopenai_ft: the client, its options, global setup, logging and allocator.
 *
 * Threading: one oft_client must not be used by two threads at once; many
 * clients per process are fine. oft_client_interrupt() is the one call that
 * may be made from any thread.
 */
#ifndef OPENAI_FT_CLIENT_H
#define OPENAI_FT_CLIENT_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** Flags for oft_global_init(). */
#define OFT_GLOBAL_DEFAULT 0u
/** The host application calls curl_global_init itself. */
#define OFT_GLOBAL_NO_CURL 1u

/**
 * Reference-counted process setup. Call before creating clients, before other
 * threads start if libcurl is not thread-safe. Returns the new count (> 0) or
 * a negative oft_status. oft_client_new() calls it for you if nobody did.
 */
OFT_API int oft_global_init(unsigned int flags);
/** Drops one reference; the last one releases curl's globals (if we took them). */
OFT_API int oft_global_cleanup(void);

/** Log levels (OPENAI_LOG / OFT_LOG_LEVEL: off, error, warn, info, debug). */
typedef enum oft_log_level {
    OFT_LOG_OFF = 0,
    OFT_LOG_ERROR = 1,
    OFT_LOG_WARN = 2,
    OFT_LOG_INFO = 3,
    OFT_LOG_DEBUG = 4
} oft_log_level;

/**
 * A log callback: receives an already formatted line with no trailing
 * newline. The API key and Authorization header never appear in it.
 */
typedef void (*oft_log_cb)(int level, const char *message, void *payload);

/** Client options. Initialise with OFT_CLIENT_OPTIONS_INIT or oft_client_options_init().
 */
typedef struct oft_client_options {
    unsigned int version;
    /** Bearer key; NULL: OPENAI_API_KEY. */
    const char *api_key;
    /** Admin key for checkpoint permissions; NULL: OPENAI_ADMIN_KEY, else api_key. */
    const char *admin_key;
    /** OpenAI-Organization; NULL: OPENAI_ORG_ID. */
    const char *organization;
    /** OpenAI-Project; NULL: OPENAI_PROJECT_ID. */
    const char *project;
    /** NULL: OPENAI_BASE_URL, else https://api.openai.com/v1. With or without a path. */
    const char *base_url;
    /** Total time of one attempt in ms; 0: 600000. */
    long timeout_ms;
    /** Connect timeout in ms; 0: 5000. */
    long connect_timeout_ms;
    /** Retries after the first attempt; -1: default 2. 0 disables retries. */
    int max_retries;
    /** First backoff delay in ms; 0: 500. */
    long initial_retry_delay_ms;
    /** Largest backoff delay in ms; 0: 8000. */
    long max_retry_delay_ms;
    /** Largest Retry-After honoured, in ms; 0: 120000. Above it: no retry. */
    long retry_after_cap_ms;
    /** Extra headers sent with every request. Copied. */
    const oft_kv *headers;
    size_t headers_count;
    /** Appended to the User-Agent. */
    const char *user_agent_suffix;
    /** CA bundle file / directory for TLS; verification is always on. */
    const char *ca_file;
    const char *ca_path;
    /**
     * Log callback and its level (0: from OPENAI_LOG, then OFT_LOG_LEVEL, else off).
     * Silent by default; with no callback but a level from the environment,
     * lines go to stderr. The API and admin keys never appear in a line.
     */
    oft_log_cb log_cb;
    void *log_payload;
    int log_level; /**< @type oft_log_level */
    /** Non-zero: send an Idempotency-Key header on POSTs, the same on each retry. */
    int idempotency_keys;
    /* ---- version 2 ---- */
    /**
     * Largest response body held in memory, in bytes; 0: 64 MiB. A larger
     * body stops the transfer and the call fails with OFT_EPARSE ("response
     * body larger than N bytes"), without a retry. Downloads written to a
     * file are not capped.
     */
    size_t max_response_bytes;
} oft_client_options;

/** 2 added max_response_bytes; a version 1 struct (without it) is still accepted. */
#define OFT_CLIENT_OPTIONS_VERSION 2
#define OFT_CLIENT_OPTIONS_INIT                                                          \
    {                                                                                    \
        OFT_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, 0, -1, 0, 0, 0,     \
            NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, 0, 0                               \
    }

/**
 * Fills opts with the defaults of the given version, writing only the fields
 * that version has (a caller built against an older header passes its own
 * version and a shorter struct). Returns OFT_EVERSION if unknown.
 */
OFT_API int oft_client_options_init(oft_client_options *opts, unsigned int version);

/**
 * Creates a client. opts may be NULL (all defaults, from the environment).
 * Returns OFT_OK, OFT_EVERSION for an unknown opts->version, or OFT_EINVAL
 * when no API key is available, the base URL is not http(s), or a header is
 * malformed; then *out is NULL and the reason goes to opts->log_cb (error
 * level) when one is set. Strings are copied. Calls oft_global_init() if
 * nobody did.
 */
OFT_API OFT_WARN_UNUSED int oft_client_new(oft_client **out,
                                           const oft_client_options *opts);
OFT_API void oft_client_free(oft_client *client);

/**
 * The detail of the last failed call on this client. Never NULL for a
 * non-NULL client. Valid until the next call on this client.
 */
OFT_API const oft_error *oft_client_last_error(const oft_client *client);

/**
 * Stops the blocking call under way on this client as soon as possible
 * (a request, a retry sleep, a wait). Safe from any thread and from a signal
 * handler. The stopped call returns OFT_EINTERRUPTED. An interrupt made while no
 * call is under way stops the next blocking call, so a signal that lands between
 * two calls is never lost; once it has stopped a call, the following call starts
 * afresh.
 */
OFT_API void oft_client_interrupt(oft_client *client);

/** Changes the log callback and level. */
OFT_API void oft_client_set_log(oft_client *client, int level, oft_log_cb cb,
                                void *payload);

/** The base URL in use (no trailing slash). Borrowed. */
OFT_API const char *oft_client_base_url(const oft_client *client);

/** Allocator hooks. Set once, before oft_global_init(). Returns the previous set. */
typedef struct oft_allocator {
    void *(*malloc_fn)(size_t size, void *ctx);
    void *(*realloc_fn)(void *ptr, size_t size, void *ctx);
    void (*free_fn)(void *ptr, void *ctx);
    void *ctx;
} oft_allocator;

/** Installs allocator hooks; NULL restores libc. Returns the previous hooks. */
OFT_API oft_allocator oft_set_allocator(const oft_allocator *allocator);

OFT_END_DECL

#endif
