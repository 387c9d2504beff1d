/*
 * libopenai_ft: export macros, shared scalar types, and the conventions of
 * the whole API, which each declaration's comment refers to.
 *
 * Every public header includes this one. Public headers only ever include
 * <stddef.h>, <stdint.h> and other openai_ft headers: no curl, no jansson.
 *
 * Ownership
 *  - A result returned through an `out` parameter (`oft_job **out`) belongs
 *    to the caller, who releases it once with that type's own *_free function
 *    (NULL is a no-op), never with free(). On failure *out is set to NULL,
 *    except where a call says it hands back the last object seen. A result
 *    does not depend on its client and stays valid after oft_client_free();
 *    an iterator does (see its *_iter_new).
 *  - Everything a result points to (strings, arrays, nested structs, a
 *    page's items) belongs to the result, valid until the result is freed:
 *    the members are const, so the compiler refuses to free or write one.
 *  - A `const char *` returned directly is borrowed: valid for as long as the
 *    call's comment says, never freed by the caller. Status and format names
 *    are static strings.
 *  - Strings and arrays passed in (IDs, options, keys) are copied during the
 *    call: the library keeps no pointer to caller memory after it returns.
 *
 * Response structs
 *  - They are allocated by the library only; callers never allocate, copy by
 *    value or embed them. Fields are only ever appended.
 *  - The object's id is never NULL (a response without one fails with
 *    OFT_EPARSE). Other strings are NULL when the server sent null or
 *    nothing; timestamps and counts are then OFT_TIME_NONE, unless a member
 *    says otherwise.
 *  - request_id is the x-request-id of the response the object came in (a
 *    page's items each carry the page's), or NULL; raw_json is the object as
 *    JSON text, never NULL: the way to fields this version does not model.
 *  - The API key and the admin key never appear in a response's strings, nor
 *    any 8 characters of a key of 20 or more: a server that sends them back
 *    gets them replaced by "sk-...redacted" (a downloaded file's content
 *    stays as sent).
 *  - Enum-valued members are plain `int` (their type in a @type note), and
 *    hold the UNKNOWN value for a string this version does not know; the
 *    *_raw member beside them keeps the string as sent.
 *
 * Options structs
 *  - Caller-allocated and versioned: set them with the OFT_X_OPTIONS_INIT
 *    macro or oft_x_options_init(opts, OFT_X_OPTIONS_VERSION). An *_init
 *    function writes only the bytes of the version it is given (a caller
 *    built against an older header passes its own version and a shorter
 *    struct) and returns OFT_OK, OFT_EINVAL for a NULL opts, or OFT_EVERSION
 *    for a version this library does not know.
 *  - A call given options of an unknown version returns OFT_EVERSION and
 *    sends nothing. Options may be NULL wherever a call says so (defaults).
 *
 * Absent values: one way for each kind of value, in every struct
 *  - Strings and pointers (nested structs, arrays): NULL. In a response, the
 *    server sent null or nothing; in options, nothing is sent (or the
 *    default applies). An array's count is then 0.
 *  - Integers (int64_t timestamps, counts, sizes, IDs such as step numbers):
 *    OFT_NONE (-1) in a response. In options, 0 is "the default" where 0 is
 *    not a value the field can take (limits, timeouts, part sizes); where it
 *    is (a seed, max_retries), OFT_NONE / -1 is "not sent / the default".
 *    No has_ flags.
 *  - Numbers (double) in a response: NaN (test with isnan()). No has_ flags.
 *  - Hyperparameters: an oft_hp_num whose mode is OFT_HP_UNSET.
 *  - Enums: their UNSET or UNKNOWN value (0), with the *_raw string beside it.
 *  - Booleans (int): 0 is false, never "absent".
 *  - Durations are int64_t milliseconds everywhere (options, arguments,
 *    Retry-After); 0 is the documented default (or "none" for a deadline).
 *
 * Threads
 *  - "One call at a time per client": a call that takes an oft_client (or an
 *    iterator, which works through the client it was made with) may be made
 *    from any thread, but never while another call on the same client runs.
 *    Different clients may be used on different threads at once.
 *  - oft_client_interrupt() is the one call that may be made from another
 *    thread (or a signal handler) while a call runs.
 *  - "Thread-safe": calls that take no client (status and format names,
 *    *_options_init, the oft_jsonl_* validator, versions) keep no shared
 *    state and may be made from any thread at any time.
 *  - Results are plain data: any thread may read one, and free it once,
 *    when no other thread still reads it.
 *  - Callbacks (log, progress, wait) run on the thread that made the call,
 *    and so do the allocator hooks of oft_set_allocator(): the library's own
 *    thread (see oft_file_upload_large()) never calls them.
 *
 * Errors: the return codes and the detail of a failure are in errors.h.
 */
#ifndef OPENAI_FT_COMMON_H
#define OPENAI_FT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define OFT_BEGIN_DECL extern "C" {
#define OFT_END_DECL   }
#else
#define OFT_BEGIN_DECL
#define OFT_END_DECL
#endif

#if defined(OFT_STATIC)
#define OFT_API
#elif defined(_WIN32)
#if defined(OFT_BUILDING)
#define OFT_API __declspec(dllexport)
#else
#define OFT_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define OFT_API __attribute__((visibility("default")))
#else
#define OFT_API
#endif

#if defined(__GNUC__)
#define OFT_WARN_UNUSED     __attribute__((warn_unused_result))
#define OFT_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define OFT_WARN_UNUSED
#define OFT_DEPRECATED(msg)
#endif

OFT_BEGIN_DECL

/**
 * Opaque client handle: configuration, connections, last error. Made by
 * oft_client_new(), released by oft_client_free(); used by one call at a
 * time (see "Threads" above).
 */
typedef struct oft_client oft_client;

/**
 * An owned byte buffer returned by the library (always NUL-terminated when
 * ptr is not NULL). Release it with oft_buf_dispose(), never with free().
 */
typedef struct oft_buf {
    char *ptr;   /**< the bytes and a NUL, or NULL when empty */
    size_t size; /**< bytes at ptr, the NUL not counted */
} oft_buf;

#define OFT_BUF_INIT                                                                     \
    {                                                                                    \
        NULL, 0                                                                          \
    }

/**
 * Frees the buffer's memory and resets it to empty (ptr NULL, size 0), so
 * disposing twice is harmless. A NULL buf is a no-op. Thread-safe on
 * different buffers.
 */
OFT_API void oft_buf_dispose(oft_buf *buf);

/**
 * A string key/value pair (metadata, extra headers). In a request the
 * library copies both; in a result both belong to the result.
 */
typedef struct oft_kv {
    const char *key;
    const char *value;
} oft_kv;

/**
 * A number that may be unset (server default), "auto", or an explicit value.
 * Used for hyperparameters in requests and responses.
 */
typedef enum oft_hp_mode {
    OFT_HP_UNSET = 0, /**< requests: not sent; responses: absent or null */
    OFT_HP_AUTO = 1,  /**< the string "auto": the server chooses */
    OFT_HP_VALUE = 2  /**< the number in value */
} oft_hp_mode;

/** A hyperparameter: its mode, and its number when mode is OFT_HP_VALUE. */
typedef struct oft_hp_num {
    int mode;     /**< @type oft_hp_mode */
    double value; /**< meaningful only for OFT_HP_VALUE */
} oft_hp_num;

/**
 * The result of every delete (oft_file_delete(), oft_model_delete(),
 * oft_checkpoint_permission_delete()), under the response-struct rules
 * above: allocated by the library, its strings const and owned by it, the
 * whole released with oft_deleted_free() (never a member alone). A result
 * whose deleted is 0 is the server's answer, not an error: the call
 * returned OFT_OK.
 */
typedef struct oft_deleted {
    const char *id;         /**< the deleted object's ID */
    const char *object;     /**< its kind: "file", "model", "checkpoint.permission" */
    int deleted;            /**< non-zero when the server deleted it */
    const char *request_id; /**< x-request-id, or NULL */
    const char *raw_json;   /**< the response as JSON text */
} oft_deleted;

/**
 * Frees a delete result and every string in it; none of its members may be
 * read afterwards. NULL is a no-op. Any thread may call it, once per result
 * and not while another thread reads that result. Returns nothing: it
 * cannot fail.
 */
OFT_API void oft_deleted_free(oft_deleted *deleted);

/**
 * "Absent" for an integer (see "Absent values" above): a timestamp, count or
 * size the server sent as null or not at all, or a request integer whose 0
 * is a real value (a seed) and that is not to be sent.
 */
#define OFT_NONE ((int64_t)-1)
/** The same value as OFT_NONE, under the name timestamps have always used. */
#define OFT_TIME_NONE OFT_NONE

OFT_END_DECL

#endif
