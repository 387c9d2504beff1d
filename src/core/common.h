/*
 * What every file above util/ shares: the client's error setting, the start
 * of a public call, argument checks, logging and the interrupt (core/interrupt.c).
 * It brings the util/ helpers every such file uses (allocation, strings, the
 * clock). Never installed.
 */
#ifndef OFT_SRC_CORE_COMMON_H
#define OFT_SRC_CORE_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "openai_ft/client.h"
#include "openai_ft/errors.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/str.h"

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
 * error (a pending interrupt stays pending), then checks the result pointer
 * `out`. Returns OFT_OK; OFT_EINVAL for a NULL c (nothing to record it on);
 * OFT_EINVAL recorded as "out: must not be NULL" for a NULL out. A call
 * without a result pointer passes OFT__NO_OUT. OFT__BEGIN(c, out) is the
 * usual form: it also sets *out = NULL (when out is not NULL) and returns
 * from the caller on failure.
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
 *  - oft__check_id: not NULL, not empty, not "." or "..", no control chars,
 *    valid UTF-8.
 *  - oft__check_version: an options struct version in 1..max.
 *  - oft__check_utf8: NULL, or valid UTF-8 (a string that goes into a JSON
 *    body: jansson refuses anything else).
 */
int oft__check_id(oft_client *c, const char *field, const char *id);
int oft__check_utf8(oft_client *c, const char *field, const char *s);
int oft__check_version(oft_client *c, const char *what, unsigned int version,
                       unsigned int max);
/* A client that only records errors (no transport, no keys), for the checks
 * a public call makes without one (oft_job_create_options_check). */
oft_client *oft__check_client_new(void);
void oft__check_client_free(oft_client *c);

/* Logging through the client's callback (cheap no-op when below level). */
void oft__log(oft_client *c, int level, const char *fmt, ...) OFT__PRINTF(3, 4);

/*
 * The interrupt (core/interrupt.c), for the thread running the call.
 * oft__client_sleep_ms sleeps up to ms milliseconds; it returns OFT_OK, or
 * OFT_EINTERRUPTED as soon as oft_client_interrupt() is called (or at once
 * when an interrupt is pending). oft__client_interrupted is non-zero when an
 * interrupt is pending, and spends it: call it where the call stops for it.
 */
int oft__client_sleep_ms(oft_client *c, int64_t ms);
int oft__client_interrupted(oft_client *c);

/*
 * The deadline of the public call running now (core/check.c): an absolute
 * oft__now_ms() time, 0 for none. A call that takes a deadline sets it at
 * its start and clears it (0) before it returns; a call made from its
 * callback runs under it too.
 * The retry engine (net/http.c) cuts every attempt at it and makes no retry
 * nor Retry-After pause that would cross it: a request it ends for the
 * deadline fails with OFT_ETIMEOUT and records why (oft__client_deadline_hit,
 * "" when it ended none since the deadline was set).
 */
void oft__client_deadline_set(oft_client *c, int64_t at_ms);
int64_t oft__client_deadline(const oft_client *c);
void oft__client_deadline_record(oft_client *c, const char *why);
const char *oft__client_deadline_hit(const oft_client *c);

#endif
