/* The retry policy of the retry engine (net/http.c): plain functions of values. */
#ifndef OFT_SRC_NET_RETRY_H
#define OFT_SRC_NET_RETRY_H

#include <stdint.h>

/*
 * The server-directed delay in ms from the retry-after-ms and Retry-After
 * header values (either may be NULL), or -1 when neither gives one. Negative
 * values read as 0; huge or infinite ones as 10^15 ms, above every cap.
 */
int64_t oft__retry_after_ms(const char *retry_after_ms, const char *retry_after);

/* The backoff before retry number retries + 1: initial_ms doubled per retry,
 * at most max_ms, less up to 25 % of jitter. */
int64_t oft__retry_backoff_ms(int64_t initial_ms, int64_t max_ms, int retries);

/* 1 when an answer with this status may be retried: x-should-retry ("true"
 * or "false") decides when present, else 408, 409, 429 and 5xx. */
int oft__retry_status(long status, const char *should_retry);

#endif
