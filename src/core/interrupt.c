/*
 * The interrupt: oft_client_interrupt (any thread, a signal handler) and what
 * the thread running the client's call sees of it, including the sleep that
 * it cuts short.
 */
#include <errno.h>
#include <unistd.h>

#include "core/client_internal.h"
#include "util/sleep.h"

void oft_client_interrupt(oft_client *client)
{
    if (client == NULL)
        return;
    /* Async-signal-safe: an atomic store and a write(2). */
    int saved = errno;
    atomic_store(&client->interrupted, 1);
    ssize_t w = write(client->wake_fd[1], "!", 1);
    (void)w;
    errno = saved;
}

int oft__client_interrupted(oft_client *c)
{
    if (c == NULL || atomic_load(&c->interrupted) == 0)
        return 0;
    /* The caller stops because of it: the interrupt is spent once it returns. */
    atomic_store(&c->interrupt_taken, 1);
    return 1;
}

int oft__client_sleep_ms(oft_client *c, long ms)
{
    int64_t end = oft__now_ms() + (ms > 0 ? ms : 0);
    do {
        if (oft__client_interrupted(c))
            return OFT_EINTERRUPTED;
    } while (oft__sleep_until(end, c->wake_fd[0]));
    return OFT_OK;
}
