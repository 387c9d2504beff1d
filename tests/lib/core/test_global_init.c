/*
 * oft_client_new's implicit process setup under contention: clients created
 * at once by many threads in a process that nobody set up take exactly one
 * reference between them (it was checked under the lock but taken outside
 * it, so two threads could both take one). Round after round, from a count
 * of zero each time. No server is needed: creating a client sends nothing.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "openai_ft.h"

#define THREADS 8

typedef struct round_ctx {
    pthread_barrier_t start;
    oft_client *clients[THREADS];
    int rcs[THREADS];
} round_ctx;

typedef struct worker {
    round_ctx *r;
    int i;
} worker;

static void *create_client(void *arg)
{
    worker *w = arg;
    oft_client_options o = OFT_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = "http://127.0.0.1:9";
    pthread_barrier_wait(&w->r->start);
    w->r->rcs[w->i] = oft_client_new(&w->r->clients[w->i], &o);
    return NULL;
}

static void one_reference_for_all(void **state)
{
    (void)state;
    int rounds = getenv("OFT_UNDER_VALGRIND") ? 50 : 5000;
    for (int round = 0; round < rounds; round++) {
        round_ctx r;
        worker w[THREADS];
        pthread_t th[THREADS];
        pthread_barrier_init(&r.start, NULL, THREADS);
        for (int i = 0; i < THREADS; i++) {
            w[i] = (worker){&r, i};
            assert_int_equal(pthread_create(&th[i], NULL, create_client, &w[i]), 0);
        }
        for (int i = 0; i < THREADS; i++)
            pthread_join(th[i], NULL);
        pthread_barrier_destroy(&r.start);
        for (int i = 0; i < THREADS; i++) {
            assert_int_equal(r.rcs[i], OFT_OK);
            oft_client_free(r.clients[i]);
        }
        /* Ours would be the second reference: the clients took one between them. */
        int count = oft_global_init(OFT_GLOBAL_DEFAULT);
        if (count != 2)
            fail_msg("round %d: %d clients created at once took %d references", round,
                     THREADS, count - 1);
        assert_int_equal(oft_global_cleanup(), 1);
        assert_int_equal(oft_global_cleanup(), 0); /* back to nobody's */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(one_reference_for_all)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
