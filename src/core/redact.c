/*
 * The redactor (core/redact.h): a set of the keys' 8-byte windows, and the
 * scan; then the client's redaction of what it stores or shows (copies,
 * formatted lines), declared in core/client_internal.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/client_internal.h"
#include "core/redact.h"
#include "util/alloc.h"

#if OFT__KEY_PIECE != 8
#error "the windows are 8-byte words"
#endif

/* Fibonacci hashing: the top bits of the product pick the slot. */
#define GOLDEN 0x9E3779B97F4A7C15ull

static uint64_t window_at(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* The quads bitmap: 2^16 bits, indexed by the top bits of a 32-bit hash. */
#define QUAD_BITS  16
#define QUAD_WORDS ((size_t)1 << (QUAD_BITS - 6))

static size_t quad_of(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return (size_t)((v * 0x9E3779B1u) >> (32 - QUAD_BITS));
}

static int quad_set(const oft__redactor *r, const char *p)
{
    size_t q = quad_of(p);
    return (int)((r->quads[q >> 6] >> (q & 63)) & 1);
}

static size_t slot_of(const oft__redactor *r, uint64_t v)
{
    return (size_t)((v * GOLDEN) >> r->shift);
}

static void add_window(oft__redactor *r, uint64_t v)
{
    size_t i = slot_of(r, v);
    while (r->windows[i] != 0 && r->windows[i] != v)
        i = (i + 1) & r->mask;
    r->windows[i] = v;
}

/* 1 when the 8 bytes at p are a window of a key. */
static int is_piece(const oft__redactor *r, const char *p)
{
    uint64_t v = window_at(p);
    if (r->windows == NULL || v == 0)
        return 0;
    for (size_t i = slot_of(r, v);; i = (i + 1) & r->mask) {
        if (r->windows[i] == v)
            return 1;
        if (r->windows[i] == 0)
            return 0;
    }
}

int oft__redactor_init(oft__redactor *r, const char *key1, const char *key2)
{
    const char *keys[2] = {key1, key2};
    size_t count = 0;
    for (size_t k = 0; k < 2; k++) {
        size_t n = keys[k] ? strlen(keys[k]) : 0;
        if (n < OFT__KEY_MIN)
            continue;
        r->keys[k] = keys[k];
        r->lens[k] = n;
        r->whole[k] = n < OFT__KEY_PIECES_MIN;
        count += r->whole[k] ? 0 : n - OFT__KEY_PIECE + 1;
    }
    if (count == 0)
        return 0;
    /* At most half full, so that a probe always meets an empty slot soon. */
    size_t slots = 64;
    unsigned bits = 6;
    while (slots < 2 * count) {
        slots *= 2;
        bits++;
    }
    if ((r->windows = oft__calloc(slots, sizeof(uint64_t))) == NULL ||
        (r->quads = oft__calloc(QUAD_WORDS, sizeof(uint64_t))) == NULL)
        return -1;
    r->mask = slots - 1;
    r->shift = 64 - bits;
    for (size_t k = 0; k < 2; k++) {
        size_t n = r->whole[k] ? 0 : r->lens[k];
        for (size_t i = 0; i + OFT__KEY_PIECE <= n; i++)
            add_window(r, window_at(r->keys[k] + i));
        for (size_t i = 0; i + 4 <= n; i++) {
            size_t q = quad_of(r->keys[k] + i);
            r->quads[q >> 6] |= (uint64_t)1 << (q & 63);
        }
    }
    return 0;
}

void oft__redactor_dispose(oft__redactor *r)
{
    if (r->windows != NULL) /* pieces of the keys: they do not linger either */
        explicit_bzero(r->windows, (r->mask + 1) * sizeof(uint64_t));
    if (r->quads != NULL)
        explicit_bzero(r->quads, QUAD_WORDS * sizeof(uint64_t));
    oft__free(r->windows);
    oft__free(r->quads);
    memset(r, 0, sizeof(*r));
}

/* The length of the run of a key's windows at s[i], or 0. */
static size_t run_at(const oft__redactor *r, const char *s, size_t len, size_t i)
{
    if (i + OFT__KEY_PIECE > len || !is_piece(r, s + i))
        return 0;
    size_t end = i + OFT__KEY_PIECE;
    while (end < len && is_piece(r, s + end + 1 - OFT__KEY_PIECE))
        end++;
    return end - i;
}

/* The first run of windows at or after `from`, into *at and *n. Only 4-byte
 * samples whose bit is set are looked at closely: a piece at i holds the
 * aligned sample p in [i, i + 4]. */
static int next_piece(const oft__redactor *r, const char *s, size_t len, size_t from,
                      size_t *at, size_t *n)
{
    if (r->windows == NULL)
        return 0;
    for (size_t p = (from + 3) & ~(size_t)3; p + 4 <= len; p += 4) {
        if (!quad_set(r, s + p))
            continue;
        for (size_t i = p >= from + 4 ? p - 4 : from; i <= p; i++)
            if ((*n = run_at(r, s, len, i)) > 0) {
                *at = i;
                return 1;
            }
    }
    return 0;
}

/* The first run to redact at or after `from` (a run of windows, or a key
 * looked for whole): 1 with its start and length, or 0. */
static int next_run(const oft__redactor *r, const char *s, size_t len, size_t from,
                    size_t *at, size_t *n)
{
    int found = next_piece(r, s, len, from, at, n);
    for (size_t k = 0; k < 2; k++) {
        if (r->keys[k] == NULL || !r->whole[k])
            continue;
        /* only one that starts before the run found counts */
        size_t stop = found && *at + r->lens[k] < len ? *at + r->lens[k] : len;
        const char *hit = memmem(s + from, stop - from, r->keys[k], r->lens[k]);
        if (hit != NULL && (!found || (size_t)(hit - s) < *at)) {
            *at = (size_t)(hit - s);
            *n = r->lens[k];
            found = 1;
        }
    }
    return found;
}

int oft__redact_found(const oft__redactor *r, const char *s, size_t len)
{
    size_t at, n;
    return next_run(r, s, len, 0, &at, &n);
}

int oft__redact_next(const oft__redactor *r, const char *s, size_t len, size_t from,
                     size_t *at, size_t *n)
{
    return next_run(r, s, len, from, at, n);
}

/* The length of the longest tail of s[0..len) that begins a key, or 0 (a
 * tail of a window or more was a piece already). */
static size_t key_tail(const oft__redactor *r, const char *s, size_t len)
{
    size_t best = 0;
    for (size_t k = 0; k < 2; k++) {
        size_t t = r->lens[k] < OFT__KEY_PIECE ? r->lens[k] : OFT__KEY_PIECE - 1;
        for (t = t < len ? t : len; t >= OFT__KEY_TAIL_MIN && t > best; t--) {
            if (memcmp(s + len - t, r->keys[k], t) == 0) {
                best = t;
                break;
            }
        }
    }
    return best;
}

void oft__redact_put(const oft__redactor *r, oft__str *out, const char *s, size_t len,
                     int cut)
{
    size_t done = 0, at, run; /* s[0..done) is out already */
    while (next_run(r, s, len, done, &at, &run)) {
        oft__str_putn(out, s + done, at - done);
        oft__str_puts(out, OFT__REDACTED);
        done = at + run;
    }
    size_t tail = cut ? key_tail(r, s + done, len - done) : 0;
    oft__str_putn(out, s + done, len - done - tail);
    if (tail > 0)
        oft__str_puts(out, OFT__REDACTED);
}

/* A line (a log line, an error message) is at most this long, its NUL included. */
#define LINE_CAP 1024

static void redact_into(const oft_client *c, oft__str *out, const char *s, size_t len,
                        int cut)
{
    if (c != NULL)
        oft__redact_put(&c->redactor, out, s, len, cut);
    else
        oft__str_putn(out, s, len);
}

static char *redacted_copy(const oft_client *c, const char *s, size_t len, int cut)
{
    if (s == NULL)
        return NULL;
    oft__str out = OFT__STR_INIT;
    oft__str_reserve(&out, len); /* the usual case in one allocation */
    redact_into(c, &out, s, len, cut);
    return oft__str_detach(&out);
}

char *oft__redact(const oft_client *c, const char *s)
{
    return redacted_copy(c, s, s ? strlen(s) : 0, 0);
}

char *oft__redact_cut(const oft_client *c, const char *s)
{
    return redacted_copy(c, s, s ? strlen(s) : 0, 1);
}

char *oft__redactn(const oft_client *c, const char *s, size_t len)
{
    return redacted_copy(c, s, s ? strnlen(s, len) : 0, 0);
}

/* Cuts a line longer than LINE_CAP - 1 bytes at a character boundary, "..."
 * marking the cut. */
static void cap_line(oft__str *line)
{
    if (line->oom || line->len < LINE_CAP)
        return;
    size_t keep = LINE_CAP - 4;
    while (keep > 0 && ((unsigned char)line->ptr[keep] & 0xC0) == 0x80)
        keep--; /* not inside a UTF-8 sequence */
    line->len = keep;
    oft__str_puts(line, "...");
}

char *oft__format_redacted(const oft_client *c, const char *fmt, va_list ap)
{
    char small[LINE_CAP];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    char *text = small;
    int cut = 0;
    if (n < 0) {
        small[0] = '\0';
        n = 0;
    } else if ((size_t)n >= sizeof(small)) {
        /* Redacted whole, then cut: a key across the cut would leave a piece. */
        if ((text = oft__malloc((size_t)n + 1)) != NULL) {
            vsnprintf(text, (size_t)n + 1, fmt, again);
        } else {
            text = small;
            n = (int)sizeof(small) - 1;
            cut = 1;
        }
    }
    va_end(again);
    oft__str line = OFT__STR_INIT;
    redact_into(c, &line, text, (size_t)n, cut);
    /* The text before redaction does not linger, on the stack or the heap. */
    explicit_bzero(small, (size_t)n < sizeof(small) ? (size_t)n + 1 : sizeof(small));
    if (text != small) {
        explicit_bzero(text, (size_t)n);
        oft__free(text);
    }
    cap_line(&line);
    return oft__str_detach(&line);
}
