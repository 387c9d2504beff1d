/*
 * Allocation through the hooks of oft_set_allocator(). Every allocation of the
 * library goes through here, so a caller's allocator sees all of it.
 */
#ifndef OFT_SRC_UTIL_ALLOC_H
#define OFT_SRC_UTIL_ALLOC_H

#include <stddef.h>
#include <stdint.h>

void *oft__malloc(size_t size);
void *oft__calloc(size_t n, size_t size);
void *oft__realloc(void *ptr, size_t size);
void oft__free(void *ptr);
char *oft__strdup(const char *s); /* NULL in, NULL out */
char *oft__strndup(const char *s, size_t n);

/*
 * The library's own memory that the public structs hold as const (a
 * result's strings, arrays and nested structs: const so that a caller cannot
 * free or replace one alone). The one cast back, for the library's free
 * functions and for taking a member out of a result it owns.
 */
#define OFT__MUTABLE(p)    ((void *)(uintptr_t)(p))
#define OFT__FREE_CONST(p) oft__free(OFT__MUTABLE(p))

#endif
