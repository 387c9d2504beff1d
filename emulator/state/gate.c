/*
 * The gate to the state: the lock, taken with every job brought up to now
 * (the one place where the clock advances), and let go around work a handler
 * does without it; the waits on its conditions; the sleeps that a stop cuts
 * short. No other file names emu->lock.
 */
#include "state/state.h"

#include <errno.h>
#include <pthread.h>

void emu_enter(oft_emu *emu)
{
    pthread_mutex_lock(&emu->lock);
    emu_jobs_advance_all(emu);
}

void emu_leave(oft_emu *emu)
{
    pthread_mutex_unlock(&emu->lock);
}

void emu_unlock_for_work(oft_emu *emu)
{
    emu->unlocked_work++;
    pthread_mutex_unlock(&emu->lock);
}

void emu_relock_after_work(oft_emu *emu)
{
    pthread_mutex_lock(&emu->lock);
    if (--emu->unlocked_work == 0)
        pthread_cond_broadcast(&emu->settled);
}

void emu_sleep_ms(oft_emu *emu, int ms)
{
    struct timespec until;
    emu_deadline(&until, ms);
    pthread_mutex_lock(&emu->lock);
    while (!emu->stopping) {
        if (pthread_cond_timedwait(&emu->wake, &emu->lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&emu->lock);
}

void emu_lock(oft_emu *emu)
{
    pthread_mutex_lock(&emu->lock);
}

void emu_unlock(oft_emu *emu)
{
    pthread_mutex_unlock(&emu->lock);
}

void emu_tick(oft_emu *emu)
{
    emu_jobs_advance_all(emu);
}

void emu_gate_init(oft_emu *emu)
{
    pthread_mutex_init(&emu->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&emu->wake, &ca);
    pthread_cond_init(&emu->idle, &ca);
    pthread_cond_init(&emu->settled, &ca);
    pthread_condattr_destroy(&ca);
}

void emu_gate_destroy(oft_emu *emu)
{
    pthread_cond_destroy(&emu->wake);
    pthread_cond_destroy(&emu->idle);
    pthread_cond_destroy(&emu->settled);
    pthread_mutex_destroy(&emu->lock);
}

int emu_wait(oft_emu *emu, pthread_cond_t *cond, const struct timespec *until)
{
    if (!until)
        return pthread_cond_wait(cond, &emu->lock);
    return pthread_cond_timedwait(cond, &emu->lock, until);
}
