/* The growable string builder of src/common.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/str.h"

static int reserve(oft__str *s, size_t extra)
{
    if (s->oom)
        return -1;
    if (extra > SIZE_MAX - s->len - 1) {
        s->oom = 1;
        return -1;
    }
    size_t need = s->len + extra + 1;
    if (need <= s->cap)
        return 0;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = oft__realloc(s->ptr, cap);
    if (p == NULL) {
        s->oom = 1;
        return -1;
    }
    s->ptr = p;
    s->cap = cap;
    return 0;
}

int oft__str_reserve(oft__str *s, size_t extra)
{
    return reserve(s, extra);
}

void oft__str_putn(oft__str *s, const char *data, size_t n)
{
    if (reserve(s, n) != 0)
        return;
    if (n > 0)
        memcpy(s->ptr + s->len, data, n);
    s->len += n;
    s->ptr[s->len] = '\0';
}

void oft__str_puts(oft__str *s, const char *cstr)
{
    oft__str_putn(s, cstr ? cstr : "", cstr ? strlen(cstr) : 0);
}

void oft__str_putc(oft__str *s, char c)
{
    oft__str_putn(s, &c, 1);
}

void oft__str_printf(oft__str *s, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n < sizeof(small)) {
        oft__str_putn(s, small, (size_t)n);
    } else if (reserve(s, (size_t)n) == 0) {
        vsnprintf(s->ptr + s->len, (size_t)n + 1, fmt, ap2);
        s->len += (size_t)n;
    }
    va_end(ap2);
}

char *oft__str_detach(oft__str *s)
{
    char *p = NULL;
    if (!s->oom)
        p = s->ptr ? s->ptr : oft__strdup("");
    else
        oft__free(s->ptr);
    s->ptr = NULL;
    s->len = s->cap = 0;
    s->oom = 0;
    return p;
}

void oft__str_free(oft__str *s)
{
    oft__free(s->ptr);
    s->ptr = NULL;
    s->len = s->cap = 0;
    s->oom = 0;
}

/* The length of the UTF-8 sequence at p, or 0 when it is not a valid one. */
static size_t utf8_sequence(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    /* The second byte's range excludes overlong forms (E0, F0), surrogates
     * (ED) and code points above U+10FFFF (F4) (RFC 3629, section 4). */
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

size_t oft__utf8_check(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_sequence(p);
        if (n == 0)
            return (size_t)(p - (const unsigned char *)s) + 1;
        p += n;
    }
    return 0;
}
