/*
 * Internal plumbing shared by every source file of the library: allocation,
 * the growable string builder, error setting and logging. Never installed.
 */
#ifndef OFT_SRC_COMMON_H
#define OFT_SRC_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "openai_ft/client.h"
#include "openai_ft/errors.h"

#if defined(__GNUC__)
#define OFT__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define OFT__PRINTF(f, a)
#endif

/* Allocation through the hooks of oft_set_allocator(). */
void *oft__malloc(size_t size);
void *oft__calloc(size_t n, size_t size);
void *oft__realloc(void *ptr, size_t size);
void oft__free(void *ptr);
char *oft__strdup(const char *s); /* NULL in, NULL out */
char *oft__strndup(const char *s, size_t n);

/* A growable NUL-terminated string. On allocation failure it sets oom and
 * ignores further writes, so callers check once at the end. */
typedef struct oft__str {
    char *ptr;
    size_t len;
    size_t cap;
    int oom;
} oft__str;

#define OFT__STR_INIT                                                                    \
    {                                                                                    \
        NULL, 0, 0, 0                                                                    \
    }

/* Room for extra more bytes without growing; 0, or -1 (and oom) on failure. */
int oft__str_reserve(oft__str *s, size_t extra);
void oft__str_putn(oft__str *s, const char *data, size_t n);
void oft__str_puts(oft__str *s, const char *cstr);
void oft__str_putc(oft__str *s, char c);
void oft__str_printf(oft__str *s, const char *fmt, ...) OFT__PRINTF(2, 3);
/* Percent-encodes one path segment (RFC 3986 pchar kept literal, ':' and '@' too). */
void oft__str_put_path_segment(oft__str *s, const char *segment);
/* Appends "key=value" (both form-encoded), preceded by '&' unless s is empty. */
void oft__str_put_query(oft__str *s, const char *key, const char *value);
/* Returns the string (caller frees with oft__free) and resets s; NULL if oom. */
char *oft__str_detach(oft__str *s);
void oft__str_free(oft__str *s);

/*
 * Errors on the client. oft__error_set records status and message (printf
 * style) as the client's last error and returns status, so a caller writes
 * `return oft__error_set(c, OFT_EINVAL, "suffix: longer than 64 characters");`.
 * oft__error_clear is called at the start of every public call.
 */
int oft__error_set(oft_client *c, int status, const char *fmt, ...) OFT__PRINTF(3, 4);
void oft__error_clear(oft_client *c);

/*
 * The start of every public call on a client: clears the previous call's
 * error and interrupt, then checks the result pointer `out`. Returns OFT_OK;
 * OFT_EINVAL for a NULL c (nothing to record it on); OFT_EINVAL recorded as
 * "out: must not be NULL" for a NULL out. A call without a result pointer
 * passes OFT__NO_OUT. OFT__BEGIN(c, out) is the usual form: it also sets
 * *out = NULL (when out is not NULL) and returns from the caller on failure.
 */
int oft__begin(oft_client *c, const void *out);
#define OFT__NO_OUT ((const void *)"")
#define OFT__BEGIN(c, out)                                                               \
    do {                                                                                 \
        int begin_rc_ = oft__begin((c), (const void *)(out));                            \
        if ((out) != NULL)                                                               \
            *(out) = NULL;                                                               \
        if (begin_rc_ != OFT_OK)                                                         \
            return begin_rc_;                                                            \
    } while (0)

/*
 * Argument checks shared by all resources. Each returns OFT_OK or sets an
 * OFT_EINVAL error naming `field` and returns it.
 *  - oft__check_id: not NULL, not empty, not "." or "..", no control chars.
 *  - oft__check_version: an options struct version in 1..max.
 */
int oft__check_id(oft_client *c, const char *field, const char *id);
int oft__check_version(oft_client *c, const char *what, unsigned int version,
                       unsigned int max);

/* Logging through the client's callback (cheap no-op when below level). */
void oft__log(oft_client *c, int level, const char *fmt, ...) OFT__PRINTF(3, 4);

/*
 * Sleeps up to ms milliseconds; returns OFT_OK, or OFT_EINTERRUPTED as soon
 * as oft_client_interrupt() is called.
 */
int oft__client_sleep_ms(oft_client *c, long ms);
/* Non-zero once oft_client_interrupt() was called during the current call. */
int oft__client_interrupted(oft_client *c);
/* Monotonic milliseconds. */
int64_t oft__now_ms(void);

#endif
