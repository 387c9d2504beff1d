/*
 * The suites' instrumented oft_allocator: counts the library's live blocks
 * and bytes (and the peak of those), and can fail one allocation on purpose.
 * Blocks carry no header of their own (sizes come from malloc_usable_size), so
 * a block allocated before test_alloc_install may be freed after it. Atomic:
 * some tests call the library from other threads too.
 */
#ifndef OFT_TEST_ALLOC_H
#define OFT_TEST_ALLOC_H

#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "openai_ft.h"

static struct {
    atomic_long live_blocks;
    atomic_size_t live_bytes, peak_bytes;
    atomic_long made;    /* allocations tried since the last reset of made */
    atomic_long fail_at; /* the allocation (1-based) to refuse; 0: none */
} test_alloc;

static inline void test_alloc_note_peak(size_t now)
{
    size_t seen = atomic_load(&test_alloc.peak_bytes);
    while (now > seen &&
           !atomic_compare_exchange_weak(&test_alloc.peak_bytes, &seen, now))
        ;
}

/* Starts a peak measurement from the bytes live now; returns them. */
static inline size_t test_alloc_reset_peak(void)
{
    size_t now = atomic_load(&test_alloc.live_bytes);
    atomic_store(&test_alloc.peak_bytes, now);
    return now;
}

static inline int test_alloc_refuse(void)
{
    long n = atomic_fetch_add(&test_alloc.made, 1) + 1;
    return n == atomic_load(&test_alloc.fail_at);
}

static inline void test_alloc_count(void *p, long blocks)
{
    size_t size = malloc_usable_size(p);
    atomic_fetch_add(&test_alloc.live_blocks, blocks);
    test_alloc_note_peak(atomic_fetch_add(&test_alloc.live_bytes, size) + size);
}

static inline void *counted_malloc(size_t size, void *ctx)
{
    (void)ctx;
    if (test_alloc_refuse())
        return NULL;
    void *p = malloc(size);
    if (p)
        test_alloc_count(p, 1);
    return p;
}

static inline void counted_free(void *ptr, void *ctx)
{
    (void)ctx;
    if (!ptr)
        return;
    atomic_fetch_sub(&test_alloc.live_blocks, 1);
    atomic_fetch_sub(&test_alloc.live_bytes, malloc_usable_size(ptr));
    free(ptr);
}

static inline void *counted_realloc(void *ptr, size_t size, void *ctx)
{
    if (!ptr)
        return counted_malloc(size, ctx);
    if (test_alloc_refuse())
        return NULL;
    size_t old = malloc_usable_size(ptr);
    void *q = realloc(ptr, size);
    if (!q)
        return NULL;
    atomic_fetch_sub(&test_alloc.live_bytes, old);
    test_alloc_count(q, 0);
    return q;
}

/* Routes the library's allocations through the counters; returns the
 * allocator it replaces. */
static inline oft_allocator test_alloc_install(void)
{
    oft_allocator a = {counted_malloc, counted_realloc, counted_free, NULL};
    return oft_set_allocator(&a);
}

#endif
