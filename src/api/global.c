/*
 * Process setup (oft_global_init, oft_global_cleanup): the reference count
 * of the process's users and the transport's global state (curl's), taken by
 * the first and given back by the last. api/client.c takes a reference for a
 * process nobody set up.
 */
#include <pthread.h>

#include "api/global.h"
#include "net/transport.h"

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static int global_count;
static int global_owns_curl;

/* oft_global_init's work; the caller holds global_lock. */
static int global_init_locked(unsigned int flags)
{
    if (global_count == 0 && !(flags & OFT_GLOBAL_NO_CURL)) {
        if (oft__transport_global_init() != 0)
            return OFT_ERROR;
        global_owns_curl = 1;
    }
    return ++global_count;
}

int oft_global_init(unsigned int flags)
{
    pthread_mutex_lock(&global_lock);
    int count = global_init_locked(flags);
    pthread_mutex_unlock(&global_lock);
    return count;
}

int oft_global_cleanup(void)
{
    pthread_mutex_lock(&global_lock);
    if (global_count == 0) {
        pthread_mutex_unlock(&global_lock);
        return OFT_ERROR;
    }
    int count = --global_count;
    if (count == 0 && global_owns_curl) {
        oft__transport_global_cleanup();
        global_owns_curl = 0;
    }
    pthread_mutex_unlock(&global_lock);
    return count;
}

int oft__global_ensure(void)
{
    /* Checked and taken under one lock: clients made at once by threads of a
     * process nobody set up take one reference between them. */
    pthread_mutex_lock(&global_lock);
    int count = global_count > 0 ? global_count : global_init_locked(OFT_GLOBAL_DEFAULT);
    pthread_mutex_unlock(&global_lock);
    return count;
}
