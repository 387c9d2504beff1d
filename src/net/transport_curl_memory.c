/*
 * libcurl's memory, through functions that wipe each block before it goes
 * back to libc: curl builds each request, its Authorization line with the
 * key among them, in buffers it frees as they are. A block carries its size
 * in a header, so this works over any malloc. A realloc that grows a block
 * moves it (the old block wiped) rather than leave a copy behind.
 */
#include <stdlib.h>
#include <string.h>

#include "net/transport_curl.h"

typedef union block_head {
    size_t size;
    max_align_t align; /* what follows is aligned as malloc's blocks are */
} block_head;

static void *wiping_malloc(size_t size)
{
    if (size > SIZE_MAX - sizeof(block_head))
        return NULL;
    block_head *h = malloc(sizeof(*h) + size);
    if (h == NULL)
        return NULL;
    h->size = size;
    return h + 1;
}

static void wiping_free(void *ptr)
{
    if (ptr == NULL)
        return;
    block_head *h = (block_head *)ptr - 1;
    explicit_bzero(ptr, h->size);
    free(h);
}

static void *wiping_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return wiping_malloc(size);
    block_head *h = (block_head *)ptr - 1;
    if (size <= h->size) { /* shrinks in place: the tail is wiped now */
        explicit_bzero((char *)ptr + size, h->size - size);
        h->size = size;
        return ptr;
    }
    void *grown = wiping_malloc(size);
    if (grown == NULL)
        return NULL;
    memcpy(grown, ptr, h->size);
    wiping_free(ptr);
    return grown;
}

static char *wiping_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = wiping_malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

static void *wiping_calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *p = wiping_malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

int oft__transport_global_init(void)
{
    /* When libcurl is set up already (by the application), this only counts:
     * its memory is then the application's business. */
    return curl_global_init_mem(CURL_GLOBAL_DEFAULT, wiping_malloc, wiping_free,
                                wiping_realloc, wiping_strdup, wiping_calloc) == CURLE_OK
               ? 0
               : -1;
}
