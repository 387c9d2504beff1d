/*
 * The interrupt (core/interrupt.h): oft_client_interrupt, what the thread
 * running the client's call sees of it, and the sleep that it cuts short.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/client_internal.h"
#include "util/sleep.h"

/* oft_client_interrupt is documented as async-signal-safe: that needs a
 * counter that is lock-free. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the interrupt needs a lock-free atomic_uint");

int oft__interrupt_init(oft__interrupt *in)
{
    atomic_init(&in->requested, 0);
    in->consumed = 0;
    if (pipe2(in->wake_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
        in->wake_fd[0] = in->wake_fd[1] = -1;
        return -1;
    }
    return 0;
}

void oft__interrupt_dispose(oft__interrupt *in)
{
    for (int i = 0; i < 2; i++) {
        if (in->wake_fd[i] >= 0)
            close(in->wake_fd[i]);
        in->wake_fd[i] = -1;
    }
}

void oft__interrupt_request(oft__interrupt *in)
{
    int saved = errno;
    /* The count first: whoever drains this byte then sees the count moved. */
    atomic_fetch_add(&in->requested, 1);
    /* A full pipe (EAGAIN) is readable already: the byte is not needed. */
    ssize_t w = write(in->wake_fd[1], "!", 1);
    (void)w;
    errno = saved;
}

int oft__interrupt_take(oft__interrupt *in)
{
    unsigned int seen = atomic_load(&in->requested);
    if (seen == in->consumed)
        return 0;
    in->consumed = seen;
    return 1;
}

int oft__interrupt_wake_fd(const oft__interrupt *in)
{
    return in->wake_fd[0];
}

void oft_client_interrupt(oft_client *client)
{
    if (client != NULL)
        oft__interrupt_request(&client->interrupt);
}

void oft_client_interrupt_clear(oft_client *client)
{
    if (client == NULL)
        return;
    /* The pipe first, then the count: a request moves the count before it
     * writes its byte, so one that this take leaves pending (its count moved
     * after the read) writes its byte after the drain, and a poll still wakes
     * for it; a byte left of a dropped one costs one spurious wake-up. */
    oft__wake_drain(oft__interrupt_wake_fd(&client->interrupt));
    (void)oft__interrupt_take(&client->interrupt);
}

int oft__client_interrupted(oft_client *c)
{
    return c != NULL && oft__interrupt_take(&c->interrupt);
}

int oft__client_sleep_ms(oft_client *c, int64_t ms)
{
    int64_t end = oft__now_ms() + (ms > 0 ? ms : 0);
    do {
        if (oft__client_interrupted(c))
            return OFT_EINTERRUPTED;
    } while (oft__sleep_until(end, oft__interrupt_wake_fd(&c->interrupt)));
    return OFT_OK;
}
