/*
 * JSON text redacted in decoded form (json/redact.h). A lexer of strings and
 * their escapes, not jansson: jansson refuses text that other decoders take
 * (a lone surrogate, an integer beyond 64 bits, 1e400 for Python's json), and
 * a key in such a text would reach a binding that decodes it. Each string is
 * read in units, a character or an escape, so that a run of decoded bytes
 * maps back to the escapes it came from.
 */
#include <string.h>

#include "json/redact.h"

/* A character of a string, or an escape, and what it decodes to. */
typedef struct unit {
    size_t raw; /* bytes of the text it takes */
    size_t n;   /* bytes it decodes to */
    char b[4];
} unit;

/* The 4 hex digits at s[i] into *out; 0 when they are not. */
static int hex4(const char *s, size_t len, size_t i, unsigned *out)
{
    unsigned v = 0;
    for (size_t k = 0; k < 4; k++) {
        char c = i + k < len ? s[i + k] : '\0';
        if (c >= '0' && c <= '9')
            v = v << 4 | (unsigned)(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            v = v << 4 | (unsigned)((c | 0x20) - 'a' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

/* A code point in UTF-8 (a lone surrogate as its 3 bytes, which match no
 * key written in UTF-8); the length. */
static size_t utf8(unsigned cp, char *b)
{
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (char)(0xF0 | cp >> 18);
    b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The unit at s[i], inside a string that ends at len. A backslash always
 * takes the byte after it (so "\"" never ends a string); one that begins no
 * escape decodes to itself, as the decoder that refuses the text leaves it. */
static void unit_at(const char *s, size_t len, size_t i, unit *u)
{
    static const char esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
    u->raw = u->n = 1;
    u->b[0] = s[i];
    if (s[i] != '\\' || i + 1 >= len)
        return;
    u->raw = u->n = 2;
    u->b[1] = s[i + 1];
    const char *e = s[i + 1] != '\0' ? strchr(esc, s[i + 1]) : NULL;
    unsigned cp, lo;
    if (e != NULL) {
        u->n = 1;
        u->b[0] = val[e - esc];
    } else if (s[i + 1] == 'u' && hex4(s, len, i + 2, &cp)) {
        u->raw = 6;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 7 < len && s[i + 6] == '\\' &&
            s[i + 7] == 'u' && hex4(s, len, i + 8, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            u->raw = 12;
        }
        u->n = utf8(cp, u->b);
    }
}

/* Where the string whose characters begin at s[i] ends: its closing '"', or
 * len. *escaped: a backslash is in it. Each byte is looked at by memchr once
 * for each of '"' and '\\'. */
static size_t string_end(const char *s, size_t len, size_t i, int *escaped)
{
    size_t q = 0; /* the first '"' at or after i, once looked for */
    *escaped = 0;
    for (int have_q = 0;; have_q = 1) {
        if (!have_q || q < i) {
            const char *p = i < len ? memchr(s + i, '"', len - i) : NULL;
            q = p != NULL ? (size_t)(p - s) : len;
        }
        const char *bs = q > i ? memchr(s + i, '\\', q - i) : NULL;
        if (bs == NULL)
            return q;
        *escaped = 1;
        i = (size_t)(bs - s) + 2; /* the byte after it is escaped, a '"' too */
        if (i >= len)
            return len;
    }
}

/* The string s[a..b) decoded into dec, whose buffer never grows by a copy
 * (the old one, which may hold what a key decoded to, is wiped and freed). A
 * string decodes to no more bytes than it has. */
static void decode(const char *s, size_t a, size_t b, oft__str *dec)
{
    if (dec->cap <= b - a) {
        if (dec->ptr != NULL)
            explicit_bzero(dec->ptr, dec->cap);
        oft__str_free(dec);
        if (oft__str_reserve(dec, b - a) != 0)
            return;
    }
    size_t n = 0;
    for (size_t i = a; i < b;) {
        const char *bs = memchr(s + i, '\\', b - i);
        size_t run = (bs != NULL ? (size_t)(bs - s) : b) - i;
        memcpy(dec->ptr + n, s + i, run);
        n += run;
        i += run;
        if (i < b) {
            unit u;
            unit_at(s, b, i, &u);
            memcpy(dec->ptr + n, u.b, u.n);
            n += u.n;
            i += u.raw;
        }
    }
    dec->len = n;
    dec->ptr[n] = '\0';
}

/* The string s[a..b), decoded in dec, into out: each run r finds in dec
 * replaced, with every unit that decodes to a part of it, by OFT__REDACTED. */
static void put_redacted(const oft__redactor *r, const char *s, size_t a, size_t b,
                         const oft__str *dec, oft__str *out)
{
    size_t at, n, d = 0; /* d: where the unit at i begins in dec */
    int found = oft__redact_next(r, dec->ptr, dec->len, 0, &at, &n), put = 0;
    for (size_t i = a; i < b;) {
        unit u;
        unit_at(s, b, i, &u);
        if (found && d + u.n > at) { /* in the run (d < at + n) */
            if (!put)
                oft__str_puts(out, OFT__REDACTED);
            put = 1;
        } else {
            oft__str_putn(out, s + i, u.raw);
        }
        i += u.raw;
        d += u.n;
        if (found && d >= at + n) {
            found = oft__redact_next(r, dec->ptr, dec->len, d, &at, &n);
            put = 0;
        }
    }
}

/* The strings of s that hold a key once decoded, redacted into out (empty):
 * 0 when there is none, 1, or -1 when out of memory (out freed). */
static int redact_strings(const oft__redactor *r, const char *s, size_t len,
                          oft__str *out)
{
    /* Without a backslash every string is as the raw text has it. */
    if (memchr(s, '\\', len) == NULL)
        return 0;
    oft__str dec = OFT__STR_INIT;
    size_t done = 0; /* s[0..done) is in out */
    int changed = 0;
    for (size_t i = 0; i < len && !dec.oom;) {
        const char *q = memchr(s + i, '"', len - i);
        if (q == NULL)
            break;
        size_t a = (size_t)(q - s) + 1, b;
        int escaped;
        b = string_end(s, len, a, &escaped);
        i = b + 1;
        if (!escaped)
            continue;
        decode(s, a, b, &dec);
        if (dec.oom || !oft__redact_found(r, dec.ptr, dec.len))
            continue;
        if (!changed)
            oft__str_reserve(out, len);
        changed = 1;
        oft__str_putn(out, s + done, a - done);
        put_redacted(r, s, a, b, &dec, out);
        done = b;
    }
    int oom = dec.oom;
    if (dec.ptr != NULL)
        explicit_bzero(dec.ptr, dec.cap);
    oft__str_free(&dec);
    if (changed) {
        oft__str_putn(out, s + done, len - done);
        oom |= out->oom;
    }
    if (oom) {
        oft__str_free(out);
        return -1;
    }
    return changed;
}

int oft__json_redact(const oft__redactor *r, const char *s, size_t len, oft__str *out)
{
    if ((r->keys[0] == NULL && r->keys[1] == NULL) || len == 0)
        return 0;
    oft__str raw = OFT__STR_INIT;
    if (oft__redact_found(r, s, len)) {
        oft__redact_put(r, &raw, s, len, 0);
        if (raw.oom) {
            oft__str_free(&raw);
            return -1;
        }
        s = raw.ptr;
        len = raw.len;
    }
    int rc = redact_strings(r, s, len, out);
    if (rc == 0 && raw.ptr != NULL) { /* the raw text's redaction alone */
        *out = raw;
        return 1;
    }
    oft__str_free(&raw);
    return rc < 0 ? -1 : rc;
}
