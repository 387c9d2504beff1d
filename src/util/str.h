/*
 * A growable NUL-terminated string, and the URL escaping that writes into one.
 */
#ifndef OFT_SRC_UTIL_STR_H
#define OFT_SRC_UTIL_STR_H

#include <stddef.h>

#if defined(__GNUC__)
#define OFT__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define OFT__PRINTF(f, a)
#endif

/* On allocation failure it sets oom and ignores further writes, so callers
 * check once at the end. */
typedef struct oft__str {
    char *ptr;
    size_t len;
    size_t cap;
    int oom;
} oft__str;

#define OFT__STR_INIT                                                                    \
    {                                                                                    \
        NULL, 0, 0, 0                                                                    \
    }

/* Room for extra more bytes without growing; 0, or -1 (and oom) on failure. */
int oft__str_reserve(oft__str *s, size_t extra);
void oft__str_putn(oft__str *s, const char *data, size_t n);
void oft__str_puts(oft__str *s, const char *cstr);
void oft__str_putc(oft__str *s, char c);
void oft__str_printf(oft__str *s, const char *fmt, ...) OFT__PRINTF(2, 3);
/* Returns the string (caller frees with oft__free) and resets s; NULL if oom. */
char *oft__str_detach(oft__str *s);
void oft__str_free(oft__str *s);

/* 0 when s (NUL-terminated) is valid UTF-8 (no overlong form, surrogate or
 * code point above U+10FFFF), else the 1-based offset of the first byte that
 * is not. */
size_t oft__utf8_check(const char *s);

/* url.c: percent-encodes one path segment (RFC 3986 pchar kept literal, ':'
 * and '@' too). */
void oft__str_put_path_segment(oft__str *s, const char *segment);
/* "prefix/{id, escaped as a segment}suffix" (id and suffix may be NULL), owned;
 * NULL when out of memory. */
char *oft__url_path(const char *prefix, const char *id, const char *suffix);
/* Appends "key=value" (both form-encoded), preceded by '&' unless s is empty. */
void oft__str_put_query(oft__str *s, const char *key, const char *value);

#endif
