/*
 * libFuzzer target: the training-data validator, oft_jsonl_validate_buffer,
 * with its options taken from the input's first bytes, checked against
 * jansson.
 *
 * Input: a header of HEADER_BYTES, then the training data.
 *   [0]    options version: 1 + (bit 0); 0xFF: an unknown version (OFT_EVERSION)
 *   [1]    format: value % 6 (5: out of range, OFT_EINVAL)
 *   [2]    model: an index into models[] (past its end: NULL)
 *   [3][4] max_errors, max_warnings: below 128 the default (0), else value - 127
 *   [5]    bit 0: stop_at_first
 *   [6..7] max_line_bytes, little-endian (0: the default)
 *   [8]    min_examples, signed (version 2 only)
 * The options struct is a heap block of exactly its version's size: reading
 * past a version 1 caller's struct is an ASan report.
 *
 * Differential check: every line the validator accepts as JSON (none of
 * invalid_json, nesting_too_deep, invalid_utf8, line_too_long, blank_line on
 * it) must load with jansson too, with the flags src/json uses
 * (JSON_ALLOW_NUL) plus JSON_DECODE_ANY (a line may hold any value; the
 * validator reports a scalar as data_type). The validator follows Python's
 * json.loads, which the API's checks use, so three differences are by design
 * and allowed: a number no double or int64 holds (jansson: numeric
 * overflow), a NUL in an object key (jansson refuses it even with
 * JSON_ALLOW_NUL), and a lone UTF-16 surrogate escape (the copy jansson reads
 * has every \uD800-\uDFFF escape turned into \uFFFD, which keeps the length).
 * Anything else jansson refuses aborts.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openai_ft/jsonl.h"

#include "fuzz.h"

#define HEADER_BYTES 9

static const char *const models[] = {
    "gpt-4o-mini-2024-07-18",
    "gpt-3.5-turbo",
    "babbage-002",
    "davinci-002",
    "ft:gpt-4o-mini-2024-07-18:org::abc",
    "o4-mini",
    "",
};

static int small_limit(uint8_t b)
{
    return b < 128 ? 0 : b - 127;
}

/* A copy of the options in a block of exactly the version's size (NULL when
 * the header asks for an unknown version: then a whole struct is given). */
static oft_jsonl_options *options_from(const uint8_t *h, unsigned *version)
{
    *version = h[0] == 0xFF ? OFT_JSONL_OPTIONS_VERSION + 1 : 1u + (h[0] & 1u);
    size_t size = *version == 1 ? offsetof(oft_jsonl_options, min_examples)
                                : sizeof(oft_jsonl_options);
    oft_jsonl_options *o = malloc(size);
    FUZZ_CHECK(o != NULL);
    if (*version > OFT_JSONL_OPTIONS_VERSION) {
        FUZZ_CHECK(oft_jsonl_options_init(o, *version) == OFT_EVERSION);
        oft_jsonl_options_init(o, OFT_JSONL_OPTIONS_VERSION);
        o->version = *version;
        return o;
    }
    FUZZ_CHECK(oft_jsonl_options_init(o, *version) == OFT_OK);
    FUZZ_CHECK(o->version == *version);
    o->format = h[1] % 6 == 5 ? -1 : h[1] % 6;
    o->model = h[2] < sizeof(models) / sizeof(models[0]) ? models[h[2]] : NULL;
    o->max_errors = small_limit(h[3]);
    o->max_warnings = small_limit(h[4]);
    o->stop_at_first = h[5] & 1;
    o->max_line_bytes = (size_t)h[6] | (size_t)h[7] << 8;
    if (*version >= 2)
        o->min_examples = (int8_t)h[8];
    return o;
}

/* Problems after which a line is not taken for JSON. */
static int refuses_json(int code)
{
    return code == OFT_JSONL_INVALID_JSON || code == OFT_JSONL_TOO_DEEP ||
           code == OFT_JSONL_INVALID_UTF8 || code == OFT_JSONL_LINE_TOO_LONG ||
           code == OFT_JSONL_BLANK_LINE;
}

static int hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Every \uD800-\uDFFF escape of line (in place) becomes \uFFFD. */
static void replace_surrogates(char *line, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (line[i] != '\\')
            continue;
        if (line[i + 1] == 'u' && i + 5 < len && (line[i + 2] | 0x20) == 'd' &&
            hex((unsigned char)line[i + 3]) >= 8 &&
            hex((unsigned char)line[i + 4]) >= 0 && hex((unsigned char)line[i + 5]) >= 0)
            memcpy(line + i + 2, "FFFD", 4);
        i++; /* the escaped character: "\\u..." is no escape */
    }
}

static void jansson_must_accept(const char *line, size_t len, uint64_t number)
{
    char *copy = malloc(len ? len : 1);
    FUZZ_CHECK(copy != NULL);
    memcpy(copy, line, len);
    replace_surrogates(copy, len);
    json_error_t err;
    json_t *v = json_loadb(copy, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
    free(copy);
    if (v != NULL) {
        json_decref(v);
        return;
    }
    enum json_error_code code = json_error_code(&err);
    if (code == json_error_numeric_overflow || code == json_error_null_byte_in_key)
        return;
    fuzz_fail("fuzz_jsonl: line %llu was accepted as JSON by the validator, refused by "
              "jansson: %s (column %d)",
              (unsigned long long)number, err.text, err.column);
}

/* The differential check, when the report kept every error. */
static void compare_with_jansson(const oft_jsonl_report *r, const char *data, size_t len)
{
    uint64_t kept_errors = 0;
    for (size_t i = 0; i < r->problems_count; i++)
        kept_errors += r->problems[i].severity == OFT_JSONL_ERROR;
    if (kept_errors != r->errors_total)
        return;
    unsigned char *refused = calloc(r->lines + 1, 1);
    FUZZ_CHECK(refused != NULL);
    for (size_t i = 0; i < r->problems_count; i++)
        if (refuses_json(r->problems[i].code) && r->problems[i].line <= r->lines)
            refused[r->problems[i].line] = 1;
    const char *p = data, *end = data + len;
    for (uint64_t line = 1; line <= r->lines && p <= end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        size_t content = n && p[n - 1] == '\r' ? n - 1 : n;
        if (!refused[line])
            jansson_must_accept(p, content, line);
        p += n + 1;
    }
    free(refused);
}

/* What every report must satisfy. */
static void check_report(const oft_jsonl_report *r, const oft_jsonl_options *o,
                         size_t len)
{
    uint64_t errors = 0, warnings = 0;
    FUZZ_CHECK(r->bytes == len);
    FUZZ_CHECK(r->examples <= r->lines);
    FUZZ_CHECK(r->format >= OFT_JSONL_AUTO && r->format <= OFT_JSONL_REINFORCEMENT);
    FUZZ_CHECK(o->format == OFT_JSONL_AUTO || r->format == o->format);
    for (size_t i = 0; i < r->problems_count; i++) {
        const oft_jsonl_problem *p = &r->problems[i];
        FUZZ_CHECK(p->message != NULL && p->message[0] != '\0');
        FUZZ_CHECK(strcmp(oft_jsonl_code_str(p->code), "unknown_code") != 0);
        FUZZ_CHECK(p->severity == OFT_JSONL_ERROR || p->severity == OFT_JSONL_WARNING);
        FUZZ_CHECK(p->line <= r->lines);
        errors += p->severity == OFT_JSONL_ERROR;
        warnings += p->severity == OFT_JSONL_WARNING;
    }
    FUZZ_CHECK(errors <= r->errors_total && warnings <= r->warnings_total);
    FUZZ_CHECK(errors <= (uint64_t)(o->max_errors ? o->max_errors : 100));
    FUZZ_CHECK(warnings <= (uint64_t)(o->max_warnings ? o->max_warnings : 100));
    FUZZ_CHECK(r->ok == (r->errors_total == 0));
    FUZZ_CHECK(r->est_tokens_min <= r->est_tokens_max);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HEADER_BYTES)
        return 0;
    unsigned version;
    oft_jsonl_options *o = options_from(data, &version);
    const char *text = (const char *)data + HEADER_BYTES;
    size_t len = size - HEADER_BYTES;
    oft_jsonl_report *r = NULL;
    int rc = oft_jsonl_validate_buffer(&r, text, len, o);
    if (version > OFT_JSONL_OPTIONS_VERSION || o->format < 0) {
        FUZZ_CHECK(rc == (o->format < 0 && version <= OFT_JSONL_OPTIONS_VERSION
                              ? OFT_EINVAL
                              : OFT_EVERSION));
        FUZZ_CHECK(r == NULL);
    } else {
        FUZZ_CHECK(rc == OFT_OK && r != NULL);
        check_report(r, o, len);
        compare_with_jansson(r, text, len);
    }
    oft_jsonl_report_free(r);
    free(o);
    return 0;
}
