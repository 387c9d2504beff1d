/*
 * A JSON scanner for one line of training data, for the validator only.
 *
 * It validates syntax (RFC 8259, as strict as Python's json.loads) and UTF-8
 * while walking the text once, without building values or allocating: the
 * rules (walk.c) call it to step through the keys and values they care
 * about and skip the rest. jansson stays the parser for API objects; this one
 * exists because training files are large (see bench/bench_validate.c).
 */
#ifndef OFT_SRC_JSONL_SCAN_H
#define OFT_SRC_JSONL_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Deepest nesting accepted; deeper lines get OFT_JSONL_TOO_DEEP. */
#define OFT__JS_MAX_DEPTH 64

typedef struct oft__jscan {
    const unsigned char *p;     /* cursor */
    const unsigned char *end;   /* one past the line's last byte */
    const unsigned char *start; /* the line's first byte (for columns) */
    int depth;
    int err;              /* 0, OFT_JSONL_INVALID_JSON or OFT_JSONL_TOO_DEEP */
    size_t err_col;       /* 1-based byte column of err */
    const char *err_what; /* static text: what was wrong there */
    size_t bad_utf8_col;  /* 1-based column of the first invalid UTF-8 byte, or 0 */
    uint64_t chars;       /* code points of every string scanned so far */
} oft__jscan;

/* The raw text between a string's quotes (escapes not decoded). */
typedef struct oft__jspan {
    const unsigned char *ptr;
    size_t len;
    int escaped; /* contains a backslash */
} oft__jspan;

/* Value kinds, from the first byte of a value. */
enum {
    OFT__JS_NONE = 0,
    OFT__JS_STRING,
    OFT__JS_NUMBER,
    OFT__JS_OBJECT,
    OFT__JS_ARRAY,
    OFT__JS_TRUE,
    OFT__JS_FALSE,
    OFT__JS_NULL
};

void oft__js_init(oft__jscan *s, const char *line, size_t len);

/* Records a syntax error at the cursor (first one wins); returns -1. */
int oft__js_fail(oft__jscan *s, const char *what);

/* Skips JSON whitespace; returns the next byte or -1 at the end. */
static inline int oft__js_peek(oft__jscan *s)
{
    while (s->p < s->end) {
        unsigned char c = *s->p;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return c;
        s->p++;
    }
    return -1;
}

/* The kind of the value at the cursor (after whitespace), OFT__JS_NONE if none. */
int oft__js_kind(oft__jscan *s);

/* Scans a string at the cursor (which must be '"'); fills raw. 0 or -1. */
int oft__js_string(oft__jscan *s, oft__jspan *raw);

/* Scans a number; *value receives its value when it is short enough to convert
 * (else NaN). 0 or -1. */
int oft__js_number(oft__jscan *s, double *value);

/* Skips any value, checking its syntax. 0 or -1. */
int oft__js_skip(oft__jscan *s);

/*
 * Object and array walking. Call oft__js_obj_begin at '{', then
 * oft__js_obj_next repeatedly: it returns 1 with the key in *key and the
 * cursor at the value (which the caller must consume), 0 at the closing '}',
 * -1 on error. Arrays alike: 1 with the cursor at an element.
 */
int oft__js_obj_begin(oft__jscan *s);
int oft__js_obj_next(oft__jscan *s, oft__jspan *key, int *first);
int oft__js_arr_begin(oft__jscan *s);
int oft__js_arr_next(oft__jscan *s, int *first);

/*
 * Decodes a string's raw text into buf (cap bytes, not NUL-terminated);
 * returns the decoded length, or (size_t)-1 when it does not fit. Lone
 * surrogates become U+FFFD.
 */
size_t oft__js_unescape(const oft__jspan *raw, char *buf, size_t cap);

/* Non-zero when the string's decoded text equals lit (a short literal). */
int oft__js_equals(const oft__jspan *raw, const char *lit, size_t lit_len);
#define OFT__JS_EQ(raw, lit) oft__js_equals((raw), (lit), sizeof(lit) - 1)

#endif
