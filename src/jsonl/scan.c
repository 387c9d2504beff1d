/*
 * The single-pass JSON scanner of the training-data validator (see
 * scan.h). Strings are the bulk of a training file, so they are scanned
 * 8 bytes at a time while the bytes are plain ASCII (SWAR), and UTF-8 is
 * validated only where a byte >= 0x80 appears.
 */
#include "jsonl/scan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "openai_ft/jsonl.h"

void oft__js_init(oft__jscan *s, const char *line, size_t len)
{
    memset(s, 0, sizeof(*s));
    s->start = (const unsigned char *)line;
    s->p = s->start;
    s->end = s->start + len;
}

int oft__js_fail(oft__jscan *s, const char *what)
{
    if (!s->err) {
        s->err = OFT_JSONL_INVALID_JSON;
        s->err_col = (size_t)(s->p - s->start) + 1;
        s->err_what = what;
    }
    return -1;
}

int oft__js_kind(oft__jscan *s)
{
    switch (oft__js_peek(s)) {
        case '"':
            return OFT__JS_STRING;
        case '{':
            return OFT__JS_OBJECT;
        case '[':
            return OFT__JS_ARRAY;
        case 't':
            return OFT__JS_TRUE;
        case 'f':
            return OFT__JS_FALSE;
        case 'n':
            return OFT__JS_NULL;
        case '-':
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
            return OFT__JS_NUMBER;
        default:
            return OFT__JS_NONE;
    }
}

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/*
 * The number of plain bytes at p (not '"', '\\', a control byte or >= 0x80),
 * looking at most at the bytes before end: 16 at a time with SSE2 (where a
 * signed "less than 0x20" catches both control and high bytes), else 8 at a
 * time in a 64-bit word. The lowest flagged byte of a word is exact, so the
 * first special byte is found with one count of trailing zeros.
 */
static inline size_t plain_run(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *b = p;
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
            _mm_cmplt_epi8(x, space));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return (size_t)(p - b) + (size_t)__builtin_ctz(bits);
        p += 16;
    }
#endif
    while (end - p >= 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        uint64_t q = x ^ (ONES * '"');
        uint64_t e = x ^ (ONES * '\\');
        uint64_t t = ((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) | ((e - ONES) & ~e);
        t = (t | x) & HIGHS;
        if (t) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return (size_t)(p - b) + (size_t)__builtin_ctzll(t) / 8;
#else
            break; /* the byte loop below finds it */
#endif
        }
        p += 8;
    }
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        p++;
    return (size_t)(p - b);
}

/* Length of a valid UTF-8 sequence at p (RFC 3629), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if ((size_t)(end - p) < n)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int oft__js_string(oft__jscan *s, oft__jspan *raw)
{
    const unsigned char *p = s->p + 1, *end = s->end;
    uint64_t chars = 0;
    raw->ptr = p;
    raw->escaped = 0;
    for (;;) {
        size_t run = plain_run(p, end);
        p += run;
        chars += run;
        if (p >= end) {
            s->p = p;
            return oft__js_fail(s, "unterminated string");
        }
        unsigned char c = *p;
        if (c == '"')
            break;
        if (c < 0x20) {
            s->p = p;
            return oft__js_fail(s, "control character in a string (must be escaped)");
        }
        if (c == '\\') {
            raw->escaped = 1;
            if (end - p < 2) {
                s->p = p;
                return oft__js_fail(s, "unterminated string");
            }
            switch (p[1]) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    p += 2;
                    break;
                case 'u':
                    if (end - p < 6 || hexval(p[2]) < 0 || hexval(p[3]) < 0 ||
                        hexval(p[4]) < 0 || hexval(p[5]) < 0) {
                        s->p = p;
                        return oft__js_fail(s, "invalid \\u escape");
                    }
                    p += 6;
                    break;
                default:
                    s->p = p;
                    return oft__js_fail(s, "invalid escape in a string");
            }
            chars++;
            continue;
        }
        /* Two-byte letters (accents, Cyrillic, Greek...) are the common case. */
        if (c >= 0xC2 && c <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
            p += 2;
            chars++;
            continue;
        }
        size_t n = utf8_seq(p, end);
        if (n == 0) {
            /* Keep scanning so the line's other problems are still found. */
            if (!s->bad_utf8_col)
                s->bad_utf8_col = (size_t)(p - s->start) + 1;
            n = 1;
        }
        p += n;
        chars++;
    }
    raw->len = (size_t)(p - raw->ptr);
    s->p = p + 1;
    s->chars += chars;
    return 0;
}

static int digits(oft__jscan *s)
{
    const unsigned char *p = s->p;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        s->p++;
    return s->p > p ? 0 : oft__js_fail(s, "invalid number");
}

int oft__js_number(oft__jscan *s, double *value)
{
    const unsigned char *b = s->p;
    *value = NAN;
    if (s->p < s->end && *s->p == '-')
        s->p++;
    if (s->p < s->end && *s->p == '0')
        s->p++;
    else if (digits(s) < 0)
        return -1;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (digits(s) < 0)
            return -1;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
            s->p++;
        if (digits(s) < 0)
            return -1;
    }
    size_t n = (size_t)(s->p - b);
    if (n < 64) {
        char tmp[64];
        memcpy(tmp, b, n);
        tmp[n] = '\0';
        *value = strtod(tmp, NULL);
    }
    return 0;
}

static int literal(oft__jscan *s, const char *lit, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
        return oft__js_fail(s, "unexpected character");
    s->p += n;
    return 0;
}

static int enter(oft__jscan *s)
{
    if (++s->depth > OFT__JS_MAX_DEPTH) {
        if (!s->err) {
            s->err = OFT_JSONL_TOO_DEEP;
            s->err_col = (size_t)(s->p - s->start) + 1;
            s->err_what = "nesting deeper than 64 levels";
        }
        return -1;
    }
    s->p++;
    return 0;
}

int oft__js_obj_begin(oft__jscan *s)
{
    return enter(s);
}

int oft__js_arr_begin(oft__jscan *s)
{
    return enter(s);
}

int oft__js_obj_next(oft__jscan *s, oft__jspan *key, int *first)
{
    int c = oft__js_peek(s);
    if (c == '}') {
        s->p++;
        s->depth--;
        return 0;
    }
    if (!*first) {
        if (c != ',')
            return oft__js_fail(s, "expected ',' or '}' in an object");
        s->p++;
        c = oft__js_peek(s);
    }
    *first = 0;
    if (c != '"')
        return oft__js_fail(s, "expected a string key in an object");
    uint64_t chars = s->chars;
    if (oft__js_string(s, key) < 0)
        return -1;
    s->chars = chars; /* keys are not content */
    if (oft__js_peek(s) != ':')
        return oft__js_fail(s, "expected ':' after an object key");
    s->p++;
    if (oft__js_kind(s) == OFT__JS_NONE)
        return oft__js_fail(s, "expected a value");
    return 1;
}

int oft__js_arr_next(oft__jscan *s, int *first)
{
    int c = oft__js_peek(s);
    if (c == ']') {
        s->p++;
        s->depth--;
        return 0;
    }
    if (!*first) {
        if (c != ',')
            return oft__js_fail(s, "expected ',' or ']' in an array");
        s->p++;
    }
    *first = 0;
    if (oft__js_kind(s) == OFT__JS_NONE)
        return oft__js_fail(s, "expected a value");
    return 1;
}

int oft__js_skip(oft__jscan *s)
{
    oft__jspan str;
    double num;
    int first = 1, r;
    switch (oft__js_kind(s)) {
        case OFT__JS_STRING:
            return oft__js_string(s, &str);
        case OFT__JS_NUMBER:
            return oft__js_number(s, &num);
        case OFT__JS_TRUE:
            return literal(s, "true", 4);
        case OFT__JS_FALSE:
            return literal(s, "false", 5);
        case OFT__JS_NULL:
            return literal(s, "null", 4);
        case OFT__JS_OBJECT:
            if (oft__js_obj_begin(s) < 0)
                return -1;
            while ((r = oft__js_obj_next(s, &str, &first)) == 1)
                if (oft__js_skip(s) < 0)
                    return -1;
            return r;
        case OFT__JS_ARRAY:
            if (oft__js_arr_begin(s) < 0)
                return -1;
            while ((r = oft__js_arr_next(s, &first)) == 1)
                if (oft__js_skip(s) < 0)
                    return -1;
            return r;
        default:
            return oft__js_fail(s, "expected a value");
    }
}

static size_t put_utf8(char *buf, size_t at, size_t cap, unsigned cp)
{
    unsigned char tmp[4];
    size_t n;
    if (cp < 0x80) {
        tmp[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (unsigned char)(0xC0 | (cp >> 6));
        tmp[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (unsigned char)(0xE0 | (cp >> 12));
        tmp[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        tmp[0] = (unsigned char)(0xF0 | (cp >> 18));
        tmp[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (at + n > cap)
        return (size_t)-1;
    memcpy(buf + at, tmp, n);
    return at + n;
}

static unsigned hex4(const unsigned char *p)
{
    return (unsigned)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 |
                      hexval(p[3]));
}

/* The scanner already checked the escapes, so this decoder trusts them. */
size_t oft__js_unescape(const oft__jspan *raw, char *buf, size_t cap)
{
    const unsigned char *p = raw->ptr, *end = raw->ptr + raw->len;
    size_t at = 0;
    while (p < end && at != (size_t)-1) {
        if (*p != '\\') {
            if (at >= cap)
                return (size_t)-1;
            buf[at++] = (char)*p++;
            continue;
        }
        unsigned char e = p[1];
        p += 2;
        switch (e) {
            case 'b':
                e = '\b';
                break;
            case 'f':
                e = '\f';
                break;
            case 'n':
                e = '\n';
                break;
            case 'r':
                e = '\r';
                break;
            case 't':
                e = '\t';
                break;
            case 'u': {
                unsigned cp = hex4(p);
                p += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' &&
                    p[1] == 'u') {
                    unsigned lo = hex4(p + 2);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        p += 6;
                    }
                }
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    cp = 0xFFFD;
                at = put_utf8(buf, at, cap, cp);
                continue;
            }
            default:
                break; /* '"', '\\', '/' stand for themselves */
        }
        if (at >= cap)
            return (size_t)-1;
        buf[at++] = (char)e;
    }
    return at;
}

int oft__js_equals(const oft__jspan *raw, const char *lit, size_t lit_len)
{
    if (!raw->escaped)
        return raw->len == lit_len && memcmp(raw->ptr, lit, lit_len) == 0;
    char buf[64];
    size_t n = oft__js_unescape(raw, buf, sizeof(buf));
    return n == lit_len && memcmp(buf, lit, lit_len) == 0;
}
