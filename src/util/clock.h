/* The monotonic clock. */
#ifndef OFT_SRC_UTIL_CLOCK_H
#define OFT_SRC_UTIL_CLOCK_H

#include <stdint.h>

/* Monotonic milliseconds (CLOCK_MONOTONIC: unaffected by changes of the wall clock). */
int64_t oft__now_ms(void);

#endif
