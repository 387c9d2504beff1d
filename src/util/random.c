/* Randomness from the kernel, for retry jitter and idempotency keys. */
#include <errno.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/types.h>

#include "util/clock.h"
#include "util/random.h"

int oft__random_bytes(void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

double oft__random_unit(void)
{
    uint64_t r = 0;
    if (oft__random_bytes(&r, sizeof(r)) != 0)
        r = (uint64_t)oft__now_ms() * 0x9E3779B97F4A7C15ull;
    return (double)(r >> 11) / 9007199254740992.0; /* 2^53 */
}
