/*
 * libopenai_ft: the client, its options, global setup, logging and allocator.
 *
 * Threading: one oft_client must not be used by two threads at once; many
 * clients per process are fine. oft_client_interrupt() is the one call that
 * may be made from any thread. The conventions of ownership, threads and
 * options structs are in common.h, the return codes in errors.h.
 *
 * A client's life: oft_client_new() (which sets up the process with
 * oft_global_init() if nobody did), any number of calls, each reading its
 * failure with oft_client_last_error(), then oft_client_free().
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
 * Reference-counted process setup: the first call initialises libcurl's
 * globals (curl_global_init_mem, with memory functions that wipe each block
 * libcurl frees, so that its copies of the key do not linger) unless flags
 * has OFT_GLOBAL_NO_CURL or libcurl is set up already; later calls only
 * count. Pair each successful call with oft_global_cleanup().
 * oft_client_new() calls it for you if nobody did, and keeps that reference
 * until the process ends.
 *
 * Threads: the count is kept under a lock, but the first call must be made
 * before other threads start when libcurl is not thread-safe (curl_version_info
 * without CURL_VERSION_THREADSAFE), as curl_global_init requires.
 *
 * Returns the new count (> 0), or OFT_ERROR when curl_global_init fails
 * (then nothing is counted).
 */
OFT_API int oft_global_init(unsigned int flags);
/**
 * Drops one reference taken by oft_global_init(); the last one releases
 * curl's globals if the first call took them. Drop the last one only after
 * every client is freed, under the same thread rule as the first
 * oft_global_init(). Returns the new count (>= 0), or OFT_ERROR when there
 * was no reference to drop.
 */
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
 * newline, its level (@type oft_log_level) and the payload given with it.
 * The API key and Authorization header never appear in it. The line is
 * borrowed for the duration of the callback. It runs on the thread making
 * the call that logs, and must not call back into the same client.
 */
typedef void (*oft_log_cb)(int level, const char *message, void *payload);

/**
 * Client options. Initialise with OFT_CLIENT_OPTIONS_INIT or
 * oft_client_options_init(). Every string is copied by oft_client_new(); an
 * empty string counts as unset, as does an empty environment variable.
 */
typedef struct oft_client_options {
    unsigned int version; /**< OFT_CLIENT_OPTIONS_VERSION, or an older one */
    /** Bearer key; NULL: OPENAI_API_KEY. */
    const char *api_key;
    /** Admin key for checkpoint permissions; NULL: OPENAI_ADMIN_KEY, else api_key. */
    const char *admin_key;
    /** OpenAI-Organization; NULL: OPENAI_ORG_ID. */
    const char *organization;
    /** OpenAI-Project; NULL: OPENAI_PROJECT_ID. */
    const char *project;
    /** NULL: OPENAI_BASE_URL, else https://api.openai.com/v1. With or without a
     *  path. An http:// or https:// URL of plain ASCII whose host libcurl reads
     *  as a person does: a user name or password, a query or fragment, a
     *  backslash, whitespace or a percent-encoded host make oft_client_new()
     *  fail with OFT_EINVAL. */
    const char *base_url;
    /** Total time of one attempt in ms; 0: 600000. */
    int64_t timeout_ms;
    /** Connect timeout in ms; 0: 5000. */
    int64_t connect_timeout_ms;
    /** Retries after the first attempt; -1: default 2. 0 disables retries. */
    int max_retries;
    /** First backoff delay in ms; 0: 500. */
    int64_t initial_retry_delay_ms;
    /** Largest backoff delay in ms; 0: 8000. */
    int64_t max_retry_delay_ms;
    /** Largest Retry-After honoured, in ms; 0: 120000. Above it: no retry. */
    int64_t retry_after_cap_ms;
    /** Extra headers sent with every request (an Authorization header is
     *  ignored), headers_count of them. Copied. */
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
 * version and a shorter struct). Thread-safe. Returns OFT_OK, OFT_EINVAL for
 * a NULL opts, or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_client_options_init(oft_client_options *opts, unsigned int version);

/**
 * Creates a client. opts may be NULL (all defaults, from the environment).
 * Strings are copied. Calls oft_global_init() if nobody did. *out is the
 * caller's: free it with oft_client_free(). Any thread may create clients,
 * at once too (the first in the process under oft_global_init()'s rule).
 *
 * Returns OFT_OK; OFT_EVERSION for an unknown opts->version; OFT_EINVAL for
 * a NULL out, when no API key is available, the base URL is not http(s) (or
 * has a query, fragment or space), a header is malformed, a key, organization,
 * project or user_agent_suffix holds a control character, or a timeout,
 * delay or max_retries is negative (-1 allowed for max_retries); OFT_ENOMEM;
 * OFT_ERROR when the process setup, the wake-up pipe or the transport cannot
 * be made. On failure *out is NULL and, as there is no client to read it
 * from, the reason is left for oft_error_last() on the calling thread (and
 * goes to opts->log_cb, error level, when one is set); a success clears it.
 */
OFT_API OFT_WARN_UNUSED int oft_client_new(oft_client **out,
                                           const oft_client_options *opts);
/**
 * Frees a client: closes its connections and wipes its keys from memory.
 * Results it returned stay valid; its last error does not, and its iterators
 * may then only be freed. No call on the client may be running, and no
 * other thread may be inside or about to call oft_client_interrupt() on it
 * (as for sqlite3_interrupt and sqlite3_close). NULL is a no-op.
 */
OFT_API void oft_client_free(oft_client *client);

/**
 * The detail of the last failed call on this client (see oft_error). Never
 * NULL for a non-NULL client (NULL for a NULL one). Borrowed: valid until
 * the next call on this client or oft_client_free(); reading it changes
 * nothing. One call at a time per client.
 */
OFT_API const oft_error *oft_client_last_error(const oft_client *client);

/**
 * Stops the blocking call under way on this client as soon as possible
 * (a request, a retry sleep, a wait). Safe from any thread and from a signal
 * handler (it only counts the interrupt in a lock-free atomic and writes one
 * byte to a pipe). The stopped call returns OFT_EINTERRUPTED. An interrupt
 * made while no call is under way stops the next blocking call, so a signal
 * that lands between two calls is never lost; once it has stopped a call, the
 * following call starts afresh (unlike sqlite3_interrupt, which drops it;
 * oft_client_interrupt_clear() drops one on request). The client must stay
 * alive for the whole of this call: it must not race with oft_client_free(), as SQLite
 * documents for sqlite3_interrupt. A NULL client is a no-op.
 */
OFT_API void oft_client_interrupt(oft_client *client);

/**
 * Drops an interrupt left pending on this client: one that oft_client_interrupt()
 * made after the call it was meant for had already finished, or while no call
 * ran. The next call then runs unless it is interrupted itself. An interrupt
 * made after this returns stays pending as usual. This is the way to reuse a
 * client after a cancellation that may have come too late (a binding whose
 * context was cancelled as its call returned calls it, once the interrupting
 * thread is done, instead of making a new client). A program that relies on
 * an interrupt between two calls not being lost (a signal handler) simply
 * never calls it. Call it from the thread that makes the client's calls,
 * between two calls, not from a signal handler. A NULL client is a no-op.
 */
OFT_API void oft_client_interrupt_clear(oft_client *client);

/**
 * Changes the log callback, its payload and its level (@type oft_log_level,
 * clamped to OFT_LOG_OFF..OFT_LOG_DEBUG). With cb NULL, lines of the level
 * go to stderr, or nowhere when level is OFT_LOG_OFF. One call at a time per
 * client. A NULL client is a no-op.
 */
OFT_API void oft_client_set_log(oft_client *client, int level, oft_log_cb cb,
                                void *payload);

/**
 * The base URL in use: its scheme, host, port and path as libcurl reads
 * them (no trailing slash), or NULL for a NULL client.
 * Borrowed: valid until oft_client_free().
 */
OFT_API const char *oft_client_base_url(const oft_client *client);

/**
 * Options of the calls that follow on one client: what the SDKs take per call
 * (timeout, max_retries, extra_headers, extra_query). Set them with
 * oft_client_set_call_options(); initialise with OFT_CALL_OPTIONS_INIT or
 * oft_call_options_init().
 */
typedef struct oft_call_options {
    unsigned int version; /**< OFT_CALL_OPTIONS_VERSION */
    /** Total time of one attempt in ms; 0: the client's timeout. */
    int64_t timeout_ms;
    /** Retries after the first attempt; -1: the client's max_retries. */
    int max_retries;
    /** Headers added to every request, headers_count of them: one with the
     *  name of a client header or of a default one (Accept, User-Agent,
     *  Content-Type, Idempotency-Key...) replaces it; an Authorization header
     *  is ignored. */
    const oft_kv *headers;
    size_t headers_count;
    /** Query parameters added to every request's URL, after its own,
     *  query_count of them; keys and values are form-encoded here. A NULL
     *  value sends an empty one. */
    const oft_kv *query;
    size_t query_count;
    /** A JSON object whose members are merged into the JSON body of every
     *  POST (over the request's own members; a POST that sends no body sends
     *  this object), or NULL. GET and DELETE requests ignore it; a multipart
     *  upload refuses it (OFT_EINVAL, nothing sent), as does text that is not
     *  a JSON object. */
    const char *extra_body_json;
} oft_call_options;

#define OFT_CALL_OPTIONS_VERSION 1
#define OFT_CALL_OPTIONS_INIT                                                            \
    {                                                                                    \
        OFT_CALL_OPTIONS_VERSION, 0, -1, NULL, 0, NULL, 0, NULL                          \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_call_options_init(oft_call_options *opts, unsigned int version);

/**
 * Sets the options of every call that follows on this client, until the next
 * oft_client_set_call_options(); NULL clears them. Everything is copied. A
 * binding that takes options per call sets them before the call and clears
 * them after. One call at a time per client.
 *
 * Returns OFT_OK; OFT_EINVAL for a NULL client, a negative timeout_ms, a
 * max_retries below -1, a NULL array with a non-zero count, a header name
 * that is empty or holds ':', a space or a control character, a header value
 * or query key or value with a control character, or an empty query key;
 * OFT_EVERSION; OFT_ENOMEM. On failure the call options are cleared, and the
 * reason is the client's last error.
 */
OFT_API int oft_client_set_call_options(oft_client *client, const oft_call_options *opts);

/**
 * The status line and headers of the last HTTP response the client received
 * ("HTTP/1.1 200 OK\r\nx-request-id: ...\r\n..."), as the server sent them
 * (the last attempt's when a request was retried; at most 64 KiB of lines),
 * redacted as the library's errors are. NULL when the call that ran last
 * received none (a call clears it when it starts; an iterator's next that
 * fetches nothing leaves it as it was), or for a NULL client. Borrowed:
 * valid until the next call on the client or oft_client_free().
 */
OFT_API const char *oft_client_response_headers(const oft_client *client);

/**
 * Allocator hooks for the memory libopenai_ft itself allocates (curl,
 * jansson and OpenSSL keep their own). The library calls them only on the
 * threads that call it, never on a thread of its own (the one that hashes a
 * file during oft_file_upload_large() included), so they must be
 * thread-safe only when the library is used from several threads at once.
 */
typedef struct oft_allocator {
    /** Like malloc; size is never 0. NULL makes the call fail with OFT_ENOMEM. */
    void *(*malloc_fn)(size_t size, void *ctx);
    /** Like realloc; size is never 0. */
    void *(*realloc_fn)(void *ptr, size_t size, void *ctx);
    /** Like free; ptr is never NULL. */
    void (*free_fn)(void *ptr, void *ctx);
    /** Passed to each hook. */
    void *ctx;
} oft_allocator;

/**
 * Installs allocator hooks: all three functions, or libc's when allocator
 * is NULL or lacks one. Returns the previous hooks (all NULL for libc's).
 * Not thread-safe: call it once, before oft_global_init() and any other
 * call, while no other thread uses the library; memory is freed by the
 * hooks that allocated it, so never change them while a client, result or
 * copied error exists.
 */
OFT_API oft_allocator oft_set_allocator(const oft_allocator *allocator);

OFT_END_DECL

#endif
