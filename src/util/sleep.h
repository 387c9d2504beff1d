/* Sleeping that a descriptor can cut short: what every interruptible wait is built on. */
#ifndef OFT_SRC_UTIL_SLEEP_H
#define OFT_SRC_UTIL_SLEEP_H

#include <stdint.h>

/*
 * Sleeps until the monotonic clock (oft__now_ms) reaches end_ms or wake_fd
 * becomes readable, whichever comes first. Returns 1 when wake_fd woke it
 * (and then has drained it), 0 once end_ms has passed. A signal does not end
 * it early.
 */
int oft__sleep_until(int64_t end_ms, int wake_fd);

/* Reads a non-blocking descriptor until it is empty: a poll loop that a
 * wake-up byte woke calls it before it looks at why, so that the byte cannot
 * wake it again. */
void oft__wake_drain(int wake_fd);

#endif
