/* Randomness from the kernel (getrandom), for jitter and idempotency keys. */
#ifndef OFT_SRC_UTIL_RANDOM_H
#define OFT_SRC_UTIL_RANDOM_H

#include <stddef.h>

/* Fills buf with n random bytes; 0, or -1 when the kernel refuses. */
int oft__random_bytes(void *buf, size_t n);
/* A uniform double in [0, 1) (from the clock if the kernel refuses). */
double oft__random_unit(void);

#endif
