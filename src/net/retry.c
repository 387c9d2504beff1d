/*
 * The retry policy (sdk-behaviors.md 2): which answers are retried, the
 * exponential backoff with jitter, and the server-directed delay read from
 * retry-after-ms or Retry-After (seconds or an HTTP date).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/retry.h"
#include "util/random.h"

/* A server-directed delay is clamped to this (about 31,700 years) before it
 * becomes an integer: any larger value, an infinite one included, is simply
 * above every cap. */
#define RETRY_AFTER_MAX_MS 1e15

/* Parses a whole string as a number: huge ones overflow to +-HUGE_VAL, which
 * the clamp below handles. -1 when it is not a number (NaN included). */
static int parse_number(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    while (end != s && (*end == ' ' || *end == '\t'))
        end++;
    if (end == s || *end != '\0' || isnan(v))
        return -1;
    *out = v;
    return 0;
}

/* Milliseconds as an integer: negative is 0, huge is RETRY_AFTER_MAX_MS. */
static int64_t clamp_ms(double ms)
{
    if (!(ms > 0))
        return 0;
    return (int64_t)ceil(ms < RETRY_AFTER_MAX_MS ? ms : RETRY_AFTER_MAX_MS);
}

int64_t oft__retry_after_ms(const char *retry_after_ms, const char *retry_after)
{
    double v;
    if (retry_after_ms && parse_number(retry_after_ms, &v) == 0)
        return clamp_ms(v);
    if (retry_after == NULL)
        return -1;
    if (parse_number(retry_after, &v) == 0)
        return clamp_ms(v * 1000.0);
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *end = strptime(retry_after, "%a, %d %b %Y %H:%M:%S", &tm);
    if (end == NULL)
        return -1;
    return clamp_ms(difftime(timegm(&tm), time(NULL)) * 1000.0);
}

int64_t oft__retry_backoff_ms(int64_t initial_ms, int64_t max_ms, int retries)
{
    double base = (double)initial_ms * pow(2.0, retries > 30 ? 30 : retries);
    if (base > (double)max_ms)
        base = (double)max_ms;
    double ms = base * (1.0 - 0.25 * oft__random_unit());
    /* (double)INT64_MAX is 2^63, one above it: that much and more is clamped. */
    return ms >= (double)INT64_MAX ? INT64_MAX : (int64_t)ms;
}

int oft__retry_status(long status, const char *should_retry)
{
    if (should_retry && strcmp(should_retry, "true") == 0)
        return 1;
    if (should_retry && strcmp(should_retry, "false") == 0)
        return 0;
    return status == 408 || status == 409 || status == 429 || status >= 500;
}
