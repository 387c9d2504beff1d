/*
 * The gate to the state: the lock, taken with every job brought up to now
 * (the one place where the clock advances), and let go around work a handler
 * does without it; the waits on its conditions; the sleeps that a stop cuts
 * short. No other file names emu->state->lock.
 */
#include "state/state.h"

#include <errno.h>
#include <pthread.h>

void emu_enter(oft_emu *emu)
{
    pthread_mutex_lock(&emu->state->lock);
    emu_jobs_advance_all(emu);
}

void emu_leave(oft_emu *emu)
{
    pthread_mutex_unlock(&emu->state->lock);
}

void emu_unlock_for_work(oft_emu *emu)
{
    emu->state->unlocked_work++;
    pthread_mutex_unlock(&emu->state->lock);
}

void emu_relock_after_work(oft_emu *emu)
{
    pthread_mutex_lock(&emu->state->lock);
    if (--emu->state->unlocked_work == 0)
        pthread_cond_broadcast(&emu->state->settled);
}

void emu_sleep_ms(oft_emu *emu, int ms)
{
    struct timespec until;
    emu_deadline(&until, ms);
    pthread_mutex_lock(&emu->state->lock);
    while (!emu->state->stopping) {
        if (pthread_cond_timedwait(&emu->state->wake, &emu->state->lock, &until) ==
            ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&emu->state->lock);
}

void emu_lock(oft_emu *emu)
{
    pthread_mutex_lock(&emu->state->lock);
}

void emu_unlock(oft_emu *emu)
{
    pthread_mutex_unlock(&emu->state->lock);
}

void emu_tick(oft_emu *emu)
{
    emu_jobs_advance_all(emu);
}

void emu_gate_init(oft_emu *emu)
{
    pthread_mutex_init(&emu->state->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&emu->state->wake, &ca);
    pthread_cond_init(&emu->state->idle, &ca);
    pthread_cond_init(&emu->state->settled, &ca);
    pthread_condattr_destroy(&ca);
}

void emu_gate_destroy(oft_emu *emu)
{
    pthread_cond_destroy(&emu->state->wake);
    pthread_cond_destroy(&emu->state->idle);
    pthread_cond_destroy(&emu->state->settled);
    pthread_mutex_destroy(&emu->state->lock);
}

int emu_wait(oft_emu *emu, pthread_cond_t *cond, const struct timespec *until)
{
    if (!until)
        return pthread_cond_wait(cond, &emu->state->lock);
    return pthread_cond_timedwait(cond, &emu->state->lock, until);
}
