/*
 * libopenai_ft: status codes and the detailed error of a failed call.
 *
 * Every call that returns `int` returns OFT_OK (0) or a negative oft_status;
 * iterators also return OFT_ITEROVER at their end. Each call's comment lists
 * the codes it can return. A call on a client records the detail of its
 * failure (message, HTTP status, the API's type/code/param, request ID) as
 * the client's last error, read with oft_client_last_error(); a successful
 * call clears it. A NULL client is OFT_EINVAL with nothing recorded.
 * oft_client_new(), which has no client to record on when it fails, leaves
 * its reason on the calling thread instead, read with oft_error_last().
 *
 * "The request errors": every call that sends a request to the API can
 * return, besides the codes listed on it:
 *  - OFT_ENETWORK, OFT_ETIMEOUT: no response (DNS, connect, TLS, reset; an
 *    attempt longer than timeout_ms), after the client's retries; a TLS
 *    verification failure (a certificate refused, a CA file unreadable) is
 *    never retried; in a call that takes a deadline (oft_job_wait(),
 *    oft_file_wait_processed()), OFT_ETIMEOUT also ends a request at that
 *    deadline, whatever its last attempt got (its HTTP status and
 *    Retry-After stay in the error);
 *  - OFT_EAUTH (401), OFT_EPERM (403), OFT_ENOTFOUND (404), OFT_ECONFLICT
 *    (409), OFT_ERATELIMIT (429), OFT_ESERVER (5xx), OFT_EAPI (any other
 *    non-2xx): the server refused it; 408, 409, 429 and 5xx are retried
 *    first, as x-should-retry and Retry-After direct;
 *  - OFT_EPARSE: a 2xx response that is not the expected JSON object, or a
 *    body over max_response_bytes (never retried);
 *  - OFT_EINTERRUPTED: oft_client_interrupt() stopped it;
 *  - OFT_ENOMEM: out of memory;
 *  - OFT_EINTERNAL: libcurl refused an option or a transfer;
 *  - OFT_ERROR: the transport itself failed (no random bytes for an
 *    Idempotency-Key, a broken poll).
 */
#ifndef OPENAI_FT_ERRORS_H
#define OPENAI_FT_ERRORS_H

#include "common.h"

OFT_BEGIN_DECL

/** Return codes. Never renumbered; new codes are appended below the last. */
typedef enum oft_status {
    OFT_OK = 0,
    OFT_ERROR = -1,         /**< generic failure */
    OFT_ENOMEM = -2,        /**< out of memory */
    OFT_EINVAL = -3,        /**< an argument is invalid; nothing was sent */
    OFT_EVERSION = -4,      /**< an options struct has an unknown version */
    OFT_ENETWORK = -5,      /**< transport failure (DNS, connect, TLS, reset) */
    OFT_ETIMEOUT = -6,      /**< a request or a wait timed out */
    OFT_EAUTH = -7,         /**< HTTP 401 */
    OFT_EPERM = -8,         /**< HTTP 403 */
    OFT_ENOTFOUND = -9,     /**< HTTP 404 */
    OFT_ECONFLICT = -10,    /**< HTTP 409 */
    OFT_ERATELIMIT = -11,   /**< HTTP 429 */
    OFT_ESERVER = -12,      /**< HTTP 5xx */
    OFT_EAPI = -13,         /**< any other non-2xx HTTP status */
    OFT_EPARSE = -14,       /**< a response body could not be parsed */
    OFT_EUSER = -15,        /**< a callback asked to stop */
    OFT_EJOBFAILED = -16,   /**< a waited-for job ended failed or cancelled */
    OFT_EINTERRUPTED = -17, /**< oft_client_interrupt() stopped the call */
    OFT_EIO = -18,          /**< a local file could not be read or written */
    OFT_ITEROVER = -19,     /**< an iterator has no more items (not an error) */
    OFT_EINTERNAL = -20     /**< a dependency (libcurl, OpenSSL) refused an operation */
} oft_status;

/**
 * A static English description of a status code ("not found (HTTP 404)"),
 * "unknown status code" for a value that is none. Never NULL. Thread-safe.
 */
OFT_API const char *oft_status_str(int status);

/**
 * The detail of the last failed call on a client. Owned by the client; valid
 * until the next call on that client (oft_client_last_error(), the oft_error_*
 * getters and oft_client_base_url() do not change it) or oft_client_free().
 * Obtain with oft_client_last_error(); keep one with oft_error_dup(). Read it
 * under the client's thread rule: one call at a time per client.
 *
 * Every getter below takes a NULL err as "no error" (OFT_OK, 0, NULL, "" or
 * -1), and every string it returns is borrowed from err.
 */
typedef struct oft_error oft_error;

/** The oft_status of the failure (OFT_OK when the last call succeeded). */
OFT_API int oft_error_status(const oft_error *err);
/** The HTTP status of the failed response, or 0 when no response arrived. */
OFT_API int oft_error_http_status(const oft_error *err);
/** The API error's "type" (e.g. "invalid_request_error"), or NULL when absent. */
OFT_API const char *oft_error_type(const oft_error *err);
/** The API error's "code" (e.g. "model_not_found"), or NULL when absent. */
OFT_API const char *oft_error_code(const oft_error *err);
/** The API error's "param": the request field at fault, or NULL when absent. */
OFT_API const char *oft_error_param(const oft_error *err);
/**
 * A one-line English message naming the cause: the field for OFT_EINVAL,
 * the HTTP status, API message and request ID for an HTTP error, the path
 * for OFT_EIO. Never NULL (empty when there is no error); never contains
 * the API or admin key.
 */
OFT_API const char *oft_error_message(const oft_error *err);
/** The x-request-id of the failed response, or NULL. */
OFT_API const char *oft_error_request_id(const oft_error *err);
/** The server's Retry-After in milliseconds, or -1 when none was sent. */
OFT_API int64_t oft_error_retry_after_ms(const oft_error *err);
/** The CURLcode of a transport failure (OFT_ENETWORK, OFT_ETIMEOUT), or 0. */
OFT_API int oft_error_curl_code(const oft_error *err);
/** curl's detailed message of a transport failure, or NULL. */
OFT_API const char *oft_error_curl_message(const oft_error *err);
/** The raw response body of an HTTP error (possibly not JSON), or NULL. */
OFT_API const char *oft_error_body(const oft_error *err);

/**
 * Why the last oft_client_new() on the calling thread failed (thread-local,
 * as libgit2's git_error_last()): its status and a one-line message naming
 * the cause, e.g. "api_key: missing: the api_key option is not set and
 * OPENAI_API_KEY is unset or empty". Never NULL; after a successful
 * oft_client_new(), or before any, it reads as "no error" (OFT_OK, "").
 * Only oft_client_new() sets it: every other call records on its client
 * (oft_client_last_error()). Borrowed, and read on the thread that made the
 * call: valid until that thread's next oft_client_new() or its end; keep one
 * with oft_error_dup(). Never contains the API or admin key.
 */
OFT_API const oft_error *oft_error_last(void);

/**
 * Copies an error so that it outlives the next call on its client. *out is
 * the caller's: free it with oft_error_free(); its strings live as long as
 * it does. A copy is plain data, readable from any thread. Returns OFT_OK,
 * OFT_EINVAL for a NULL out or err, or OFT_ENOMEM (then *out is NULL).
 */
OFT_API int oft_error_dup(oft_error **out, const oft_error *err);
/**
 * Frees a copy made by oft_error_dup(); never the client's own error.
 * NULL is a no-op.
 */
OFT_API void oft_error_free(oft_error *err);

OFT_END_DECL

#endif
