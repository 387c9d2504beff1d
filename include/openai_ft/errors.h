/*
 * libopenai_ft: status codes and the detailed error of a failed call.
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

/** A static English description of a status code. Never NULL. */
OFT_API const char *oft_status_str(int status);

/**
 * The detail of the last failed call on a client. Owned by the client; valid
 * until the next call on that client. Obtain with oft_client_last_error().
 */
typedef struct oft_error oft_error;

/** The oft_status of the failure (OFT_OK when the last call succeeded). */
OFT_API int oft_error_status(const oft_error *err);
/** HTTP status, or 0 when no response arrived. */
OFT_API int oft_error_http_status(const oft_error *err);
/** The API error's type, code, param: NULL when absent. Borrowed. */
OFT_API const char *oft_error_type(const oft_error *err);
OFT_API const char *oft_error_code(const oft_error *err);
OFT_API const char *oft_error_param(const oft_error *err);
/** A human-readable message; never NULL (empty when there is no error). Borrowed. */
OFT_API const char *oft_error_message(const oft_error *err);
/** The x-request-id of the failed response, or NULL. Borrowed. */
OFT_API const char *oft_error_request_id(const oft_error *err);
/** The server's Retry-After in milliseconds, or -1 when none was sent. */
OFT_API int64_t oft_error_retry_after_ms(const oft_error *err);
/** The CURLcode of a transport failure, or 0. */
OFT_API int oft_error_curl_code(const oft_error *err);
/** curl's detailed message of a transport failure, or NULL. Borrowed. */
OFT_API const char *oft_error_curl_message(const oft_error *err);
/** The raw response body of an HTTP error (possibly not JSON), or NULL. Borrowed. */
OFT_API const char *oft_error_body(const oft_error *err);

/** Copies an error so it outlives the next call. Free with oft_error_free(). */
OFT_API int oft_error_dup(oft_error **out, const oft_error *err);
OFT_API void oft_error_free(oft_error *err);

OFT_END_DECL

#endif
