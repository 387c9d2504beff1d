/*
 * Training-data validation (oft_jsonl_*): good and bad files per format under
 * tests/data/jsonl/ (each bad line checked by number and code), the three
 * inputs (buffer, fd, path) agreeing, caps, block boundaries, UTF-8, CRLF,
 * empty and over-long lines, and the summary figures of a known file.
 * Pure local work: no network, so no emulator is involved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "openai_ft/jsonl.h"
#include "util/alloc.h"
#include "util/str.h"
#include "jsonl/internal.h"

/* ---- helpers ---- */

/* Most cases check one rule on a few lines: without the file-wide minimum of
 * examples, which test_min_examples checks on its own. */
static const oft_jsonl_options rules_only = {
    OFT_JSONL_OPTIONS_VERSION, OFT_JSONL_AUTO, NULL, 0, 0, 0, 0, -1};
#define RULES (&rules_only)

static char *data_path(const char *name)
{
    const char *dir = getenv("OFT_TEST_DATA");
    static char path[4096];
    snprintf(path, sizeof(path), "%s/jsonl/%s", dir ? dir : "tests/data", name);
    return path;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* A temporary file holding len bytes; returns its path (static buffer). */
static const char *temp_file(const char *data, size_t len)
{
    static char path[256];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/oft_jsonl_XXXXXX", dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t at = 0;
    while (at < len) {
        ssize_t n = write(fd, data + at, len - at);
        assert_true(n > 0);
        at += (size_t)n;
    }
    close(fd);
    return path;
}

static oft_jsonl_report *validate_buf(const char *data, size_t len,
                                      const oft_jsonl_options *opts)
{
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_buffer(&r, data, len, opts), OFT_OK);
    assert_non_null(r);
    return r;
}

static oft_jsonl_report *validate_str(const char *s)
{
    return validate_buf(s, strlen(s), RULES);
}

typedef struct expect {
    uint64_t line;
    int code;
} expect;

/* The report's errors are exactly `want`, in order (warnings ignored). */
static void check_errors(const oft_jsonl_report *r, const expect *want, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < r->problems_count; i++) {
        const oft_jsonl_problem *p = &r->problems[i];
        if (p->severity != OFT_JSONL_ERROR)
            continue;
        if (k >= n || p->line != want[k].line || p->code != want[k].code)
            fail_msg("error %zu: got line %llu %s (%s), want line %llu %s", k,
                     (unsigned long long)p->line, oft_jsonl_code_str(p->code), p->message,
                     k < n ? (unsigned long long)want[k].line : 0ULL,
                     k < n ? oft_jsonl_code_str(want[k].code) : "nothing");
        k++;
    }
    assert_int_equal(k, n);
    assert_int_equal(r->errors_total, n);
    assert_int_equal(r->ok, n == 0);
}

static int has_problem(const oft_jsonl_report *r, uint64_t line, int code)
{
    for (size_t i = 0; i < r->problems_count; i++)
        if (r->problems[i].line == line && r->problems[i].code == code)
            return 1;
    return 0;
}

static void check_file(const char *name, int format, const expect *want, size_t n)
{
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_path(&r, data_path(name), RULES), OFT_OK);
    check_errors(r, want, n);
    assert_int_equal(r->format, format);
    /* Every message starts with its line, and no error lacks a message. */
    for (size_t i = 0; i < r->problems_count; i++) {
        char prefix[32];
        snprintf(prefix, sizeof(prefix),
                 "line %llu: ", (unsigned long long)r->problems[i].line);
        assert_true(strncmp(r->problems[i].message, prefix, strlen(prefix)) == 0);
    }
    oft_jsonl_report_free(r);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define GOOD_LINE_FIRST "{\"prompt\":\"a\",\"completion\":\"b\"}"

/* ---- good and bad files per format ---- */

static void test_good_files(void **state)
{
    (void)state;
    check_file("chat_good.jsonl", OFT_JSONL_CHAT, NULL, 0);
    check_file("completion_good.jsonl", OFT_JSONL_COMPLETION, NULL, 0);
    check_file("dpo_good.jsonl", OFT_JSONL_DPO, NULL, 0);
    check_file("reinforcement_good.jsonl", OFT_JSONL_REINFORCEMENT, NULL, 0);
}

static void test_chat_bad(void **state)
{
    (void)state;
    static const expect want[] = {
        {2, OFT_JSONL_INVALID_JSON},       {3, OFT_JSONL_DATA_TYPE},
        {4, OFT_JSONL_MISSING_MESSAGES},   {5, OFT_JSONL_MISSING_MESSAGES},
        {6, OFT_JSONL_MESSAGE_NOT_OBJECT}, {7, OFT_JSONL_MESSAGE_MISSING_KEY},
        {8, OFT_JSONL_UNRECOGNIZED_ROLE},  {9, OFT_JSONL_MISSING_CONTENT},
        {10, OFT_JSONL_INVALID_CONTENT},   {11, OFT_JSONL_INVALID_WEIGHT},
        {12, OFT_JSONL_INVALID_WEIGHT},    {13, OFT_JSONL_MISSING_ASSISTANT},
        {14, OFT_JSONL_INVALID_TOOLS},     {15, OFT_JSONL_BLANK_LINE},
        {16, OFT_JSONL_INVALID_JSON},      {17, OFT_JSONL_FORMAT_MISMATCH},
        {18, OFT_JSONL_MISSING_MESSAGES},  {19, OFT_JSONL_INVALID_CONTENT},
        {20, OFT_JSONL_MISSING_CONTENT},   {21, OFT_JSONL_TOO_DEEP},
        {22, OFT_JSONL_INVALID_UTF8},      {23, OFT_JSONL_INVALID_JSON},
        {24, OFT_JSONL_INVALID_JSON},      {25, OFT_JSONL_INVALID_WEIGHT},
        {26, OFT_JSONL_UNRECOGNIZED_ROLE}, {26, OFT_JSONL_MISSING_ASSISTANT},
    };
    check_file("chat_bad.jsonl", OFT_JSONL_CHAT, want, N(want));

    /* Spot-check the English of a few messages. */
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_path(&r, data_path("chat_bad.jsonl"), RULES),
                     OFT_OK);
    int seen = 0;
    for (size_t i = 0; i < r->problems_count; i++) {
        const char *m = r->problems[i].message;
        if (r->problems[i].line == 8 &&
            r->problems[i].code == OFT_JSONL_UNRECOGNIZED_ROLE) {
            assert_non_null(strstr(m, "line 8: message 2 has unknown role \"robot\""));
            seen++;
        }
        if (r->problems[i].line == 2) {
            assert_non_null(strstr(m, "column 15"));
            assert_int_equal(r->problems[i].column, 15);
            seen++;
        }
        if (r->problems[i].line == 22) { /* "caf\xc3" then the closing quote */
            assert_int_equal(r->problems[i].column, 75);
            seen++;
        }
    }
    assert_int_equal(seen, 3);
    oft_jsonl_report_free(r);
}

static void test_chat_warnings(void **state)
{
    (void)state;
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_path(&r, data_path("chat_warn.jsonl"), RULES),
                     OFT_OK);
    assert_true(r->ok);
    assert_int_equal(r->errors_total, 0);
    assert_int_equal(r->warnings_total, 5);
    assert_true(has_problem(r, 1, OFT_JSONL_MISSING_SYSTEM));
    assert_true(has_problem(r, 2, OFT_JSONL_MISSING_USER));
    assert_true(has_problem(r, 3, OFT_JSONL_MESSAGE_UNRECOGNIZED_KEY));
    assert_true(has_problem(r, 4, OFT_JSONL_UNRECOGNIZED_KEY));
    assert_true(has_problem(r, 5, OFT_JSONL_DUPLICATE_KEY));
    assert_int_equal(r->missing_system, 1);
    assert_int_equal(r->missing_user, 1);
    for (size_t i = 0; i < r->problems_count; i++)
        assert_int_equal(r->problems[i].severity, OFT_JSONL_WARNING);
    oft_jsonl_report_free(r);
}

static void test_completion_bad(void **state)
{
    (void)state;
    static const expect want[] = {
        {2, OFT_JSONL_INVALID_PROMPT_COMPLETION},
        {3, OFT_JSONL_INVALID_PROMPT_COMPLETION},
        {4, OFT_JSONL_FORMAT_MISMATCH},
        {5, OFT_JSONL_DATA_TYPE},
    };
    check_file("completion_bad.jsonl", OFT_JSONL_COMPLETION, want, N(want));
}

static void test_dpo_bad(void **state)
{
    (void)state;
    static const expect want[] = {
        {2, OFT_JSONL_INVALID_DPO_INPUT},  {3, OFT_JSONL_INVALID_DPO_INPUT},
        {4, OFT_JSONL_INVALID_DPO_OUTPUT}, {5, OFT_JSONL_INVALID_DPO_OUTPUT},
        {6, OFT_JSONL_INVALID_DPO_OUTPUT}, {7, OFT_JSONL_UNRECOGNIZED_ROLE},
        {8, OFT_JSONL_INVALID_DPO_INPUT},
    };
    check_file("dpo_bad.jsonl", OFT_JSONL_DPO, want, N(want));
}

static void test_reinforcement_bad(void **state)
{
    (void)state;
    static const expect want[] = {
        {2, OFT_JSONL_MISSING_MESSAGES}, {3, OFT_JSONL_MISSING_MESSAGES},
        {4, OFT_JSONL_INVALID_TOOLS},    {5, OFT_JSONL_FORMAT_MISMATCH},
        {6, OFT_JSONL_MISSING_CONTENT},
    };
    check_file("reinforcement_bad.jsonl", OFT_JSONL_REINFORCEMENT, want, N(want));
}

/* A format given in the options is enforced from the first line. */
static void test_format_given(void **state)
{
    (void)state;
    oft_jsonl_options o = OFT_JSONL_OPTIONS_INIT;
    o.min_examples = -1; /* a rule at a time: no file-wide minimum */
    o.format = OFT_JSONL_COMPLETION;
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_path(&r, data_path("chat_good.jsonl"), &o),
                     OFT_OK);
    assert_int_equal(r->format, OFT_JSONL_COMPLETION);
    assert_int_equal(r->errors_total, 10); /* each of its lines */
    for (size_t i = 0; i < r->problems_count; i++)
        if (r->problems[i].severity == OFT_JSONL_ERROR)
            assert_int_equal(r->problems[i].code, OFT_JSONL_FORMAT_MISMATCH);
    oft_jsonl_report_free(r);

    /* Detection skips lines that are not JSON objects. */
    r = validate_str("nope\n{\"prompt\":\"a\",\"completion\":\"b\"}\n");
    assert_int_equal(r->format, OFT_JSONL_COMPLETION);
    assert_int_equal(r->errors_total, 1);
    oft_jsonl_report_free(r);

    /* Token figures cover only examples of the file's format. */
    r = validate_str("{\"x\":1}\n{\"prompt\":\"abcd\",\"completion\":\"abcd\"}\n");
    assert_int_equal(r->examples, 2);
    assert_int_equal(r->est_tokens, 2);
    assert_int_equal(r->est_tokens_min, 2);
    assert_int_equal(r->est_tokens_max, 2);
    assert_true(r->est_tokens_mean > 1.99 && r->est_tokens_mean < 2.01);
    oft_jsonl_report_free(r);

    /* No example: no format. */
    r = validate_str("{\"x\":1}\n");
    assert_int_equal(r->format, OFT_JSONL_AUTO);
    assert_true(has_problem(r, 1, OFT_JSONL_UNKNOWN_FORMAT));
    oft_jsonl_report_free(r);
}

/* ---- the three inputs agree ---- */

static void same_report(const oft_jsonl_report *a, const oft_jsonl_report *b)
{
    assert_int_equal(a->ok, b->ok);
    assert_int_equal(a->format, b->format);
    assert_int_equal(a->bytes, b->bytes);
    assert_int_equal(a->lines, b->lines);
    assert_int_equal(a->examples, b->examples);
    assert_int_equal(a->messages, b->messages);
    assert_int_equal(a->characters, b->characters);
    assert_int_equal(a->est_tokens, b->est_tokens);
    assert_int_equal(a->errors_total, b->errors_total);
    assert_int_equal(a->warnings_total, b->warnings_total);
    assert_int_equal(a->problems_count, b->problems_count);
    for (size_t i = 0; i < a->problems_count; i++) {
        assert_int_equal(a->problems[i].line, b->problems[i].line);
        assert_int_equal(a->problems[i].code, b->problems[i].code);
        assert_int_equal(a->problems[i].column, b->problems[i].column);
        assert_string_equal(a->problems[i].message, b->problems[i].message);
    }
}

static void test_inputs_agree(void **state)
{
    (void)state;
    static const char *const names[] = {
        "chat_good.jsonl", "chat_bad.jsonl",
        "chat_warn.jsonl", "completion_bad.jsonl",
        "dpo_bad.jsonl",   "reinforcement_bad.jsonl",
        "counts.jsonl",    "reinforcement_good.jsonl",
    };
    for (size_t i = 0; i < N(names); i++) {
        size_t len;
        const char *path = data_path(names[i]);
        char *data = slurp(path, &len);
        oft_jsonl_report *a = NULL, *b = NULL, *c = NULL;
        assert_int_equal(oft_jsonl_validate_path(&a, path, RULES), OFT_OK);
        int fd = open(path, O_RDONLY);
        assert_true(fd >= 0);
        assert_int_equal(oft_jsonl_validate_fd(&b, fd, RULES), OFT_OK);
        close(fd);
        assert_int_equal(oft_jsonl_validate_buffer(&c, data, len, RULES), OFT_OK);
        same_report(a, b);
        same_report(a, c);
        assert_int_equal(a->bytes, len);
        oft_jsonl_report_free(a);
        oft_jsonl_report_free(b);
        oft_jsonl_report_free(c);
        free(data);
    }
}

/* The fd variant reads from the descriptor's current offset. */
static void test_fd_offset(void **state)
{
    (void)state;
    const char *text = GOOD_LINE_FIRST "\n{\"messages\":[]}\n";
    const char *path = temp_file(text, strlen(text));
    int fd = open(path, O_RDONLY);
    unlink(path); /* the descriptor keeps it readable */
    assert_true(fd >= 0);
    assert_int_equal(lseek(fd, (off_t)strlen(GOOD_LINE_FIRST) + 1, SEEK_SET),
                     (off_t)strlen(GOOD_LINE_FIRST) + 1);
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_fd(&r, fd, RULES), OFT_OK);
    close(fd);
    assert_int_equal(r->lines, 1);
    static const expect want[] = {{1, OFT_JSONL_MISSING_MESSAGES}};
    check_errors(r, want, N(want));
    oft_jsonl_report_free(r);
}

/* ---- caps and stopping ---- */

static char *repeat_line(const char *line, size_t times, size_t *len)
{
    size_t n = strlen(line);
    char *buf = malloc(n * times + 1);
    assert_non_null(buf);
    for (size_t i = 0; i < times; i++)
        memcpy(buf + i * n, line, n);
    buf[n * times] = '\0';
    *len = n * times;
    return buf;
}

static void test_max_errors(void **state)
{
    (void)state;
    size_t len;
    /* Each line: one error (unknown role) and one warning (no system). */
    char *data = repeat_line("{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},"
                             "{\"role\":\"bot\",\"content\":\"x\"},"
                             "{\"role\":\"assistant\",\"content\":\"x\"}]}\n",
                             250, &len);
    oft_jsonl_report *r = validate_buf(data, len, RULES);
    assert_int_equal(r->lines, 250);
    assert_int_equal(r->errors_total, 250);
    assert_int_equal(r->warnings_total, 250);
    assert_int_equal(r->problems_count, 200); /* 100 of each kept */
    assert_int_equal(r->problems[r->problems_count - 1].line, 100);
    oft_jsonl_report_free(r);

    oft_jsonl_options o = OFT_JSONL_OPTIONS_INIT;
    o.min_examples = -1; /* a rule at a time: no file-wide minimum */
    o.max_errors = 7;
    o.max_warnings = 3;
    r = validate_buf(data, len, &o);
    assert_int_equal(r->errors_total, 250);
    assert_int_equal(r->warnings_total, 250);
    assert_int_equal(r->problems_count, 10);
    assert_int_equal(r->problems[9].line, 7);
    oft_jsonl_report_free(r);

    o.stop_at_first = 1;
    r = validate_buf(data, len, &o);
    assert_int_equal(r->errors_total, 1);
    assert_int_equal(r->lines, 1);
    assert_false(r->ok);
    oft_jsonl_report_free(r);
    free(data);

    /* Many problems on one line are all counted, beyond what a line keeps. */
    oft__str big = OFT__STR_INIT;
    oft__str_puts(&big, "{\"messages\":[");
    for (int i = 0; i < 40; i++)
        oft__str_puts(&big, "{\"role\":\"x\",\"content\":\"c\"},");
    oft__str_puts(&big, "{\"role\":\"assistant\",\"content\":\"a\"}]}\n");
    assert_false(big.oom);
    r = validate_buf(big.ptr, big.len, RULES);
    assert_int_equal(r->errors_total, 40);
    oft_jsonl_report_free(r);
    oft__str_free(&big);
}

/* ---- lines and bytes ---- */

#define GOOD_LINE                                                                        \
    "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\","         \
    "\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"a\"}]}"

#define LONG_HEAD                                                                        \
    "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\","         \
    "\"content\":\""
#define CONTENT_AT (sizeof(LONG_HEAD) - 1)

/* A chat line whose user content is n bytes of 'x' with `bad` at offset at. */
static char *long_line(size_t n, const char *bad, size_t at, size_t *len)
{
    const char *head = LONG_HEAD;
    const char *tail = "\"},{\"role\":\"assistant\",\"content\":\"a\"}]}";
    size_t h = strlen(head), t = strlen(tail);
    char *buf = malloc(h + n + t + 1);
    assert_non_null(buf);
    memcpy(buf, head, h);
    memset(buf + h, 'x', n);
    if (bad)
        memcpy(buf + h + at, bad, strlen(bad));
    memcpy(buf + h + n, tail, t);
    buf[h + n + t] = '\0';
    *len = h + n + t;
    return buf;
}

static void test_block_boundary(void **state)
{
    (void)state;
    /* short lines, a 3 MiB line spanning several 1 MiB blocks, an error after it */
    size_t n = 3u << 20, llen;
    char *line =
        long_line(n, "\xc3\x28", (1u << 20) + 5, &llen); /* bad UTF-8 past 1 MiB */
    oft__str s = OFT__STR_INIT;
    for (int i = 0; i < 1000; i++)
        oft__str_puts(&s, GOOD_LINE "\n");
    size_t line_start = s.len;
    oft__str_putn(&s, line, llen);
    oft__str_puts(&s, "\n" GOOD_LINE "\n{\"messages\":[]}\n");
    assert_false(s.oom);

    const char *path = temp_file(s.ptr, s.len);
    oft_jsonl_report *a = NULL, *b = NULL;
    int rc = oft_jsonl_validate_path(&a, path, RULES);
    /* "No limit" on line length reads the same. */
    oft_jsonl_options o = OFT_JSONL_OPTIONS_INIT;
    o.min_examples = -1; /* a rule at a time: no file-wide minimum */
    o.max_line_bytes = SIZE_MAX;
    oft_jsonl_report *c = NULL;
    int rc2 = oft_jsonl_validate_path(&c, path, &o);
    unlink(path); /* before any assertion can leave it behind */
    assert_int_equal(rc, OFT_OK);
    assert_int_equal(rc2, OFT_OK);
    same_report(a, c);
    oft_jsonl_report_free(c);
    b = validate_buf(s.ptr, s.len, RULES);
    same_report(a, b);
    assert_int_equal(a->lines, 1003);
    assert_int_equal(a->examples, 1003);
    assert_int_equal(a->errors_total, 2);
    assert_int_equal(a->problems[0].line, 1001);
    assert_int_equal(a->problems[0].code, OFT_JSONL_INVALID_UTF8);
    size_t col = CONTENT_AT + (1u << 20) + 5 + 1;
    assert_int_equal(a->problems[0].column, col);
    char want[64];
    snprintf(want, sizeof(want), "byte offset %zu ", line_start + col - 1);
    assert_non_null(strstr(a->problems[0].message, want));
    assert_true(has_problem(a, 1003, OFT_JSONL_MISSING_MESSAGES));
    assert_true(has_problem(a, 1001, OFT_JSONL_EXAMPLE_TOO_LONG)); /* ~786k tokens */
    /* characters: 1001 short examples of 3 chars, the long one of n + 2 - 1 */
    assert_int_equal(a->characters, 1002 * 3 + n - 1);
    oft_jsonl_report_free(a);
    oft_jsonl_report_free(b);
    oft__str_free(&s);
    free(line);
}

static void test_utf8_positions(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t at;
        int ok;
    } cases[] = {
        {"\xc0\x80", 0, 0},         /* overlong NUL */
        {"\xe0\x80\xaf", 3, 0},     /* overlong '/' */
        {"\xed\xa0\x80", 7, 0},     /* UTF-16 surrogate */
        {"\xf5\x80\x80\x80", 1, 0}, /* above U+10FFFF */
        {"\x80", 9, 0},             /* lone continuation */
        {"\xe2\x82", 18, 0},        /* truncated, then 'x' */
        {"\xff", 19, 0},            /* at the last content byte */
        {"\xf0\x9f\x98\x80", 2, 1}, /* an emoji is fine */
        {"\xe2\x82\xac", 17, 1},    /* the euro sign, at the end */
    };
    for (size_t i = 0; i < N(cases); i++) {
        size_t len;
        char *line = long_line(20, cases[i].bytes, cases[i].at, &len);
        oft_jsonl_report *r = validate_buf(line, len, RULES);
        if (cases[i].ok) {
            assert_true(r->ok);
        } else {
            assert_int_equal(r->errors_total, 1);
            assert_int_equal(r->problems[0].code, OFT_JSONL_INVALID_UTF8);
            /* 1-based column: the user content starts after CONTENT_AT bytes */
            assert_int_equal(r->problems[0].column, CONTENT_AT + cases[i].at + 1);
        }
        oft_jsonl_report_free(r);
        free(line);
    }
    /* A byte order mark is named as such. */
    oft_jsonl_report *bom = validate_str("\xef\xbb\xbf" GOOD_LINE "\n" GOOD_LINE "\n");
    static const expect want[] = {{1, OFT_JSONL_INVALID_JSON}};
    check_errors(bom, want, N(want));
    assert_non_null(strstr(bom->problems[0].message, "byte order mark"));
    oft_jsonl_report_free(bom);
    /* Outside a string, a high byte is a syntax error. */
    oft_jsonl_report *r = validate_str("{\"messages\":\xc3\xa9}\n");
    assert_true(has_problem(r, 1, OFT_JSONL_INVALID_JSON));
    oft_jsonl_report_free(r);
}

static void test_crlf_and_last_line(void **state)
{
    (void)state;
    size_t len;
    char *lf = slurp(data_path("chat_good.jsonl"), &len);
    oft__str crlf = OFT__STR_INIT;
    for (size_t i = 0; i < len; i++) {
        if (lf[i] == '\n')
            oft__str_putc(&crlf, '\r');
        oft__str_putc(&crlf, lf[i]);
    }
    assert_false(crlf.oom);
    oft_jsonl_report *a = validate_buf(lf, len, RULES);
    oft_jsonl_report *b = validate_buf(crlf.ptr, crlf.len, RULES);
    assert_true(b->ok);
    assert_int_equal(a->lines, b->lines);
    assert_int_equal(a->examples, b->examples);
    assert_int_equal(a->characters, b->characters);
    assert_int_equal(a->est_tokens, b->est_tokens);
    oft_jsonl_report_free(b);

    /* Without the final newline: the same lines. */
    b = validate_buf(lf, len - 1, RULES);
    assert_true(b->ok);
    assert_int_equal(a->lines, b->lines);
    assert_int_equal(a->examples, b->examples);
    oft_jsonl_report_free(b);
    /* Cut inside the last line: it is still checked (and broken). */
    b = validate_buf(lf, len - 5, RULES);
    assert_int_equal(b->lines, a->lines);
    assert_true(has_problem(b, a->lines, OFT_JSONL_INVALID_JSON));
    oft_jsonl_report_free(b);
    oft_jsonl_report_free(a);
    oft__str_free(&crlf);
    free(lf);
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    oft_jsonl_report *r = validate_buf("", 0, RULES);
    assert_false(r->ok);
    assert_int_equal(r->lines, 0);
    assert_int_equal(r->problems_count, 1);
    assert_int_equal(r->problems[0].code, OFT_JSONL_EMPTY_FILE);
    assert_int_equal(r->problems[0].line, 0);
    oft_jsonl_report_free(r);

    const char *path = temp_file("", 0);
    int rc = oft_jsonl_validate_path(&r, path, RULES);
    unlink(path);
    assert_int_equal(rc, OFT_OK);
    assert_int_equal(r->problems[0].code, OFT_JSONL_EMPTY_FILE);
    oft_jsonl_report_free(r);

    r = validate_str(GOOD_LINE "\n\n  \t\r\n" GOOD_LINE "\n");
    static const expect want[] = {{2, OFT_JSONL_BLANK_LINE}, {3, OFT_JSONL_BLANK_LINE}};
    check_errors(r, want, N(want));
    assert_int_equal(r->lines, 4);
    assert_int_equal(r->examples, 2);
    oft_jsonl_report_free(r);
}

static void test_line_too_long(void **state)
{
    (void)state;
    /* In a buffer: a 5000-byte line over a 1000-byte limit. */
    size_t len;
    char *line = long_line(5000, NULL, 0, &len);
    oft__str s = OFT__STR_INIT;
    oft__str_puts(&s, GOOD_LINE "\n");
    oft__str_putn(&s, line, len);
    oft__str_puts(&s, "\n{\"messages\":[]}\n");
    oft_jsonl_options o = OFT_JSONL_OPTIONS_INIT;
    o.min_examples = -1; /* a rule at a time: no file-wide minimum */
    o.max_line_bytes = 1000;
    oft_jsonl_report *r = validate_buf(s.ptr, s.len, &o);
    static const expect want[] = {{2, OFT_JSONL_LINE_TOO_LONG},
                                  {3, OFT_JSONL_MISSING_MESSAGES}};
    check_errors(r, want, N(want));
    assert_int_equal(r->lines, 3);
    oft_jsonl_report_free(r);
    oft__str_free(&s);
    free(line);

    /* From a file: a 5 MiB line over a 2 MiB limit is skipped without being
     * held, in blocks; the lines around it are still checked. */
    line = long_line(5u << 20, NULL, 0, &len);
    oft__str_puts(&s, GOOD_LINE "\n");
    oft__str_putn(&s, line, len);
    oft__str_puts(&s, "\r\n{\"messages\":[]}\n" GOOD_LINE);
    assert_false(s.oom);
    const char *path = temp_file(s.ptr, s.len);
    o.max_line_bytes = 2u << 20;
    oft_jsonl_report *within = NULL;
    int rc = oft_jsonl_validate_path(&r, path, &o);
    /* The same line within the limit passes. */
    o.max_line_bytes = 6u << 20;
    int rc2 = oft_jsonl_validate_path(&within, path, &o);
    unlink(path); /* before any assertion can leave it behind */
    assert_int_equal(rc, OFT_OK);
    assert_int_equal(rc2, OFT_OK);
    check_errors(r, want, N(want));
    assert_int_equal(r->lines, 4);
    assert_int_equal(r->examples, 3);
    assert_int_equal(r->bytes, s.len);
    oft_jsonl_report_free(r);
    static const expect want2[] = {{3, OFT_JSONL_MISSING_MESSAGES}};
    check_errors(within, want2, N(want2));
    oft_jsonl_report_free(within);
    oft__str_free(&s);
    free(line);
}

/* ---- summary figures ---- */

static void test_counts(void **state)
{
    (void)state;
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_path(&r, data_path("counts.jsonl"), RULES),
                     OFT_OK);
    assert_true(r->ok);
    assert_int_equal(r->format, OFT_JSONL_CHAT);
    assert_int_equal(r->lines, 2);
    assert_int_equal(r->examples, 2);
    assert_int_equal(r->messages, 6);
    /* "abcd" "abcdefgh" "abc" | "\u00e9t\u00e9" "ab" "é" */
    assert_int_equal(r->characters, 15 + 6);
    /* line 1: 3 + (3+2+1) + (3+1+2) + (3+3+1) = 22;
     * line 2: 3 + (3+2+1) + (3+1+1 + 1+1 for the name) + (3+3+1) = 23 */
    assert_int_equal(r->est_tokens, 45);
    assert_int_equal(r->est_tokens_min, 22);
    assert_int_equal(r->est_tokens_max, 23);
    assert_true(r->est_tokens_mean > 22.49 && r->est_tokens_mean < 22.51);
    assert_int_equal(r->context_limit, 16385);
    assert_int_equal(r->examples_over_limit, 0);
    assert_int_equal(r->default_epochs, 25); /* 2 examples: min(25, 100 / 2) */
    assert_int_equal(r->est_billed_tokens, 25 * 45);
    assert_int_equal(r->missing_system, 0);
    assert_int_equal(r->warnings_total, 0);
    oft_jsonl_report_free(r);
}

static void test_context_and_epochs(void **state)
{
    (void)state;
    assert_int_equal(oft__jl_context_limit(NULL), 16385);
    assert_int_equal(oft__jl_context_limit("gpt-4o-mini-2024-07-18"), 65536);
    assert_int_equal(oft__jl_context_limit("gpt-4.1-nano-2025-04-14"), 65536);
    assert_int_equal(oft__jl_context_limit("ft:gpt-4o-2024-08-06:acme::abc"), 65536);
    assert_int_equal(oft__jl_context_limit("gpt-3.5-turbo-0125"), 16385);
    assert_int_equal(oft__jl_context_limit("some-new-model"), 16385);
    assert_int_equal(oft__jl_default_epochs(0), 0);
    assert_int_equal(oft__jl_default_epochs(1), 25);
    assert_int_equal(oft__jl_default_epochs(10), 10);
    assert_int_equal(oft__jl_default_epochs(34), 3);
    assert_int_equal(oft__jl_default_epochs(8333), 3);
    assert_int_equal(oft__jl_default_epochs(1000), 3);
    assert_int_equal(oft__jl_default_epochs(9000), 2);
    assert_int_equal(oft__jl_default_epochs(10000), 2);
    assert_int_equal(oft__jl_default_epochs(100000), 1);

    /* An example of ~20000 estimated tokens: over 16385, not over 65536. */
    size_t len;
    char *line = long_line(80000, NULL, 0, &len);
    oft_jsonl_report *r = validate_buf(line, len, RULES);
    assert_true(r->ok);
    assert_int_equal(r->examples_over_limit, 1);
    assert_true(has_problem(r, 1, OFT_JSONL_EXAMPLE_TOO_LONG));
    assert_int_equal(r->est_billed_tokens, 25 * 16385);
    oft_jsonl_report_free(r);
    oft_jsonl_options o = OFT_JSONL_OPTIONS_INIT;
    o.min_examples = -1; /* a rule at a time: no file-wide minimum */
    o.model = "gpt-4o-mini";
    r = validate_buf(line, len, &o);
    assert_int_equal(r->context_limit, 65536);
    assert_int_equal(r->examples_over_limit, 0);
    assert_int_equal(r->warnings_total, 0);
    assert_int_equal(r->est_billed_tokens, 25 * r->est_tokens);
    oft_jsonl_report_free(r);
    free(line);
}

/* ---- API contract ---- */

static void test_arguments(void **state)
{
    (void)state;
    oft_jsonl_report *r = (oft_jsonl_report *)&r; /* must be reset to NULL */
    oft_jsonl_options o;
    assert_int_equal(oft_jsonl_options_init(&o, OFT_JSONL_OPTIONS_VERSION), OFT_OK);
    assert_int_equal(o.version, OFT_JSONL_OPTIONS_VERSION);
    assert_int_equal(o.format, OFT_JSONL_AUTO);
    assert_int_equal(oft_jsonl_options_init(&o, 99), OFT_EVERSION);
    assert_int_equal(oft_jsonl_options_init(NULL, 1), OFT_EINVAL);

    assert_int_equal(oft_jsonl_validate_buffer(NULL, "x", 1, NULL), OFT_EINVAL);
    assert_int_equal(oft_jsonl_validate_buffer(&r, NULL, 1, NULL), OFT_EINVAL);
    assert_null(r);
    assert_int_equal(oft_jsonl_validate_path(&r, NULL, NULL), OFT_EINVAL);
    assert_int_equal(oft_jsonl_validate_path(&r, "", NULL), OFT_EINVAL);
    assert_int_equal(oft_jsonl_validate_fd(&r, -1, NULL), OFT_EINVAL);

    oft_jsonl_options_init(&o, OFT_JSONL_OPTIONS_VERSION);
    o.version = 0;
    assert_int_equal(oft_jsonl_validate_buffer(&r, "x", 1, &o), OFT_EVERSION);
    o.version = OFT_JSONL_OPTIONS_VERSION + 1;
    assert_int_equal(oft_jsonl_validate_buffer(&r, "x", 1, &o), OFT_EVERSION);
    o.version = OFT_JSONL_OPTIONS_VERSION;
    o.format = 9;
    assert_int_equal(oft_jsonl_validate_buffer(&r, "x", 1, &o), OFT_EINVAL);
    o.format = OFT_JSONL_AUTO;
    o.max_errors = -1;
    assert_int_equal(oft_jsonl_validate_buffer(&r, "x", 1, &o), OFT_EINVAL);
    o.max_errors = 0;
    o.max_warnings = -5;
    assert_int_equal(oft_jsonl_validate_buffer(&r, "x", 1, &o), OFT_EINVAL);
    assert_null(r);

    oft_jsonl_report_free(NULL);
}

static void test_io_error(void **state)
{
    (void)state;
    oft_jsonl_report *r = NULL;
    const char *missing = "/nonexistent-dir/oft/training.jsonl";
    assert_int_equal(oft_jsonl_validate_path(&r, missing, NULL), OFT_EIO);
    assert_non_null(r);
    assert_false(r->ok);
    const oft_jsonl_problem *p = &r->problems[r->problems_count - 1];
    assert_int_equal(p->code, OFT_JSONL_IO_ERROR);
    assert_non_null(strstr(p->message, missing));
    assert_non_null(strstr(p->message, "No such file"));
    oft_jsonl_report_free(r);

    /* A directory opens but cannot be read. */
    const char *dir = getenv("OFT_TEST_DATA");
    assert_int_equal(oft_jsonl_validate_path(&r, dir ? dir : "tests/data", NULL),
                     OFT_EIO);
    assert_non_null(r);
    assert_int_equal(r->problems[r->problems_count - 1].code, OFT_JSONL_IO_ERROR);
    oft_jsonl_report_free(r);
}

static void test_names(void **state)
{
    (void)state;
    for (int a = OFT_JSONL_IO_ERROR; a <= OFT_JSONL_FORMAT_NOT_FOR_MODEL; a++) {
        assert_string_not_equal(oft_jsonl_code_str(a), "unknown_code");
        for (int b = OFT_JSONL_IO_ERROR; b < a; b++)
            assert_string_not_equal(oft_jsonl_code_str(a), oft_jsonl_code_str(b));
    }
    assert_string_equal(oft_jsonl_code_str(OFT_JSONL_MISSING_MESSAGES),
                        "missing_messages_list");
    assert_string_equal(oft_jsonl_code_str(0), "unknown_code");
    assert_string_equal(oft_jsonl_code_str(OFT_JSONL_FORMAT_NOT_FOR_MODEL + 1),
                        "unknown_code");
    assert_string_equal(oft_jsonl_code_str(-3), "unknown_code");
    assert_string_equal(oft_jsonl_format_str(OFT_JSONL_DPO), "dpo");
    assert_string_equal(oft_jsonl_format_str(42), "unknown");
}

/* Syntax corner cases agree with a strict JSON parser. */
static void test_json_syntax(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int valid;
    } cases[] = {
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":[1,-0.5e+3,0,1E2,true,false,null,{"
         "}]}",
         1},
        {"{\"prompt\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00FF\",\"completion\":\"b\"}", 1},
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":01}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":1.}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":-}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":NaN}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":tru}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":[1,]}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\",\"n\":[1 2]}", 0},
        {"{\"prompt\":\"\\u12G4\",\"completion\":\"b\"}", 0},
        {"{\"prompt\":\"\\x\",\"completion\":\"b\"}", 0},
        {"{\"prompt\" \"a\"}", 0},
        {"{prompt:\"a\"}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\"", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b\"}}", 0},
        {"{\"prompt\":\"a\",\"completion\":\"b", 0},
    };
    for (size_t i = 0; i < N(cases); i++) {
        oft_jsonl_report *r = validate_str(cases[i].line);
        if (cases[i].valid != r->ok)
            fail_msg("case %zu (%s): ok=%d", i, cases[i].line, r->ok);
        if (!cases[i].valid)
            assert_int_equal(r->problems[0].code, OFT_JSONL_INVALID_JSON);
        oft_jsonl_report_free(r);
    }
    /* Escaped keys and roles are decoded before they are compared. */
    oft_jsonl_report *r =
        validate_str("{\"m\\u0065ssages\":[{\"role\":\"\\u0073ystem\","
                     "\"content\":\"s\"},{\"role\":\"user\",\"content\":"
                     "\"u\"},{\"r\\u006fle\":\"assistant\",\"content\":\"a\"}]}");
    assert_true(r->ok);
    assert_int_equal(r->warnings_total, 0);
    oft_jsonl_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_files),
        cmocka_unit_test(test_chat_bad),
        cmocka_unit_test(test_chat_warnings),
        cmocka_unit_test(test_completion_bad),
        cmocka_unit_test(test_dpo_bad),
        cmocka_unit_test(test_reinforcement_bad),
        cmocka_unit_test(test_format_given),
        cmocka_unit_test(test_inputs_agree),
        cmocka_unit_test(test_fd_offset),
        cmocka_unit_test(test_max_errors),
        cmocka_unit_test(test_block_boundary),
        cmocka_unit_test(test_utf8_positions),
        cmocka_unit_test(test_crlf_and_last_line),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_line_too_long),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_context_and_epochs),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_io_error),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_json_syntax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
