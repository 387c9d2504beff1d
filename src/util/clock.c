/* The monotonic clock. */
#include <time.h>

#include "util/clock.h"

int64_t oft__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
