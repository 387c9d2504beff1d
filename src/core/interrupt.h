/*
 * The interrupt's state machine, shared by oft_client_interrupt (any thread,
 * a signal handler) and the one thread running the client's call:
 *
 *   requested  counts oft_client_interrupt calls (atomic; only ever grows)
 *   consumed   the value of requested when a call last stopped for it
 *              (read and written by the calling thread only)
 *
 * An interrupt is pending while requested != consumed: one made while no
 * call runs stops the next blocking call, and a call that stops for it sets
 * consumed to the requested it saw, so the next call starts afresh while an
 * interrupt made after that look stays pending. The wake-up pipe only wakes
 * a poll: each request writes a byte, and every poll loop that it wakes drains
 * the pipe before looking at the counters again, so a byte left behind costs
 * one spurious wake-up, never a loop that spins, and a drain never loses an
 * interrupt (the counter moved before its byte was written).
 */
#ifndef OFT_SRC_CORE_INTERRUPT_H
#define OFT_SRC_CORE_INTERRUPT_H

#include <stdatomic.h>

typedef struct oft__interrupt {
    atomic_uint requested;
    unsigned int consumed;
    int wake_fd[2]; /* a pipe, both ends non-blocking; read end polled */
} oft__interrupt;

/* Makes the pipe. 0, or -1 with errno set. */
int oft__interrupt_init(oft__interrupt *in);
void oft__interrupt_dispose(oft__interrupt *in);

/* Async-signal-safe: a lock-free atomic increment and a write(2). */
void oft__interrupt_request(oft__interrupt *in);

/* 1 when an interrupt is pending, and then spends it: for the caller that
 * stops because of it. Calling thread only. */
int oft__interrupt_take(oft__interrupt *in);

/* The descriptor that becomes readable on a request, for poll loops; when
 * it wakes them, they drain it (oft__wake_drain) and call oft__interrupt_take. */
int oft__interrupt_wake_fd(const oft__interrupt *in);

#endif
