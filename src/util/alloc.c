/* Allocation through the hooks of oft_set_allocator(); libc by default. */
#include <stdlib.h>
#include <string.h>

#include "openai_ft/client.h"
#include "util/alloc.h"

static oft_allocator hooks;

oft_allocator oft_set_allocator(const oft_allocator *allocator)
{
    oft_allocator prev = hooks;
    if (allocator != NULL && allocator->malloc_fn != NULL &&
        allocator->realloc_fn != NULL && allocator->free_fn != NULL)
        hooks = *allocator;
    else
        memset(&hooks, 0, sizeof(hooks));
    return prev;
}

void *oft__malloc(size_t size)
{
    if (size == 0)
        size = 1;
    return hooks.malloc_fn ? hooks.malloc_fn(size, hooks.ctx) : malloc(size);
}

void *oft__calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *p = oft__malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void *oft__realloc(void *ptr, size_t size)
{
    if (size == 0)
        size = 1;
    return hooks.realloc_fn ? hooks.realloc_fn(ptr, size, hooks.ctx) : realloc(ptr, size);
}

void oft__free(void *ptr)
{
    if (ptr == NULL)
        return;
    if (hooks.free_fn)
        hooks.free_fn(ptr, hooks.ctx);
    else
        free(ptr);
}

char *oft__strndup(const char *s, size_t n)
{
    if (s == NULL)
        return NULL;
    char *p = oft__malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *oft__strdup(const char *s)
{
    return s == NULL ? NULL : oft__strndup(s, strlen(s));
}
