/*
 * The gate to the state: the lock, taken with every job brought up to now
 * (the one place where the clock advances), and let go around work a handler
 * does without it; the sleeps that a stop cuts short.
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
