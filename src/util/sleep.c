/* Sleeping on a wake-up descriptor. */
#include <limits.h>
#include <poll.h>

#include "util/clock.h"
#include "util/sleep.h"

int oft__sleep_until(int64_t end_ms, int wake_fd)
{
    for (;;) {
        int64_t left = end_ms - oft__now_ms();
        if (left <= 0)
            return 0;
        struct pollfd pfd = {wake_fd, POLLIN, 0};
        if (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left) > 0 && pfd.revents != 0)
            return 1;
    }
}
