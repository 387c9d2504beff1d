/* Sleeping on a wake-up descriptor. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/sleep.h"

void oft__wake_drain(int wake_fd)
{
    char bytes[64];
    ssize_t n;
    do
        n = read(wake_fd, bytes, sizeof(bytes));
    while (n == (ssize_t)sizeof(bytes) || (n < 0 && errno == EINTR));
}

int oft__sleep_until(int64_t end_ms, int wake_fd)
{
    for (;;) {
        int64_t left = end_ms - oft__now_ms();
        if (left <= 0)
            return 0;
        struct pollfd pfd = {wake_fd, POLLIN, 0};
        if (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left) > 0 && pfd.revents != 0) {
            oft__wake_drain(wake_fd);
            return 1;
        }
    }
}
