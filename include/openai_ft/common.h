/*
 * libopenai_ft: export macros and shared scalar types.
 *
 * Every public header includes this one. Public headers only ever include
 * <stddef.h>, <stdint.h> and other openai_ft headers: no curl, no jansson.
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

/** Opaque client handle: configuration, connection, last error. */
typedef struct oft_client oft_client;

/**
 * An owned byte buffer returned by the library (always NUL-terminated when
 * ptr is not NULL). Release it with oft_buf_dispose(), never with free().
 */
typedef struct oft_buf {
    char *ptr;
    size_t size;
} oft_buf;

#define OFT_BUF_INIT                                                                     \
    {                                                                                    \
        NULL, 0                                                                          \
    }

/** Frees the buffer's memory and resets it to empty. NULL is a no-op. */
OFT_API void oft_buf_dispose(oft_buf *buf);

/** A string key/value pair (metadata, extra headers, extra query parameters). */
typedef struct oft_kv {
    const char *key;
    const char *value;
} oft_kv;

/**
 * A number that may be unset (server default), "auto", or an explicit value.
 * Used for hyperparameters in requests and responses.
 */
typedef enum oft_hp_mode {
    OFT_HP_UNSET = 0,
    OFT_HP_AUTO = 1,
    OFT_HP_VALUE = 2
} oft_hp_mode;

typedef struct oft_hp_num {
    int mode; /**< @type oft_hp_mode */
    double value;
} oft_hp_num;

/**
 * A "not set" marker for int64 timestamps in response structs
 * (the JSON field was null or absent).
 */
#define OFT_TIME_NONE ((int64_t)-1)

OFT_END_DECL

#endif
