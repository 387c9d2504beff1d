/*
 * The validator against the corpus of tests/data/corpus/ (verdicts written by
 * hand in cases.json, which the emulator's corpus suite checks too), and the
 * two file-wide rules on their own: the API's minimum of 10 examples
 * (options.min_examples, version 2 of the options) and the formats each model
 * trains on (prompt/completion for babbage-002 and davinci-002 only).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "openai_ft/jsonl.h"

static const char *corpus_path(const char *name)
{
    static char path[4096];
    const char *dir = getenv("OFT_TEST_DATA");
    snprintf(path, sizeof(path), "%s/corpus/%s", dir ? dir : "tests/data", name);
    return path;
}

static int format_of(const char *method)
{
    if (method && strcmp(method, "dpo") == 0)
        return OFT_JSONL_DPO;
    if (method && strcmp(method, "reinforcement") == 0)
        return OFT_JSONL_REINFORCEMENT;
    return OFT_JSONL_AUTO;
}

static oft_jsonl_report *validate(const char *file, const char *model, int format,
                                  int min_examples)
{
    oft_jsonl_options o;
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_options_init(&o, OFT_JSONL_OPTIONS_VERSION), OFT_OK);
    o.model = model;
    o.format = format;
    o.min_examples = min_examples;
    assert_int_equal(oft_jsonl_validate_path(&r, corpus_path(file), &o), OFT_OK);
    return r;
}

/* The report's errors are exactly want ([[line, "code"], ...]; NULL: none). */
static void check_errors(const char *file, const oft_jsonl_report *r, json_t *want,
                         const char *needle)
{
    size_t k = 0;
    for (size_t i = 0; i < r->problems_count; i++) {
        const oft_jsonl_problem *p = &r->problems[i];
        if (p->severity != OFT_JSONL_ERROR)
            continue;
        json_t *w = json_array_get(want, k++);
        json_int_t line = json_integer_value(json_array_get(w, 0));
        const char *code = json_string_value(json_array_get(w, 1));
        if (!w || (uint64_t)line != p->line || strcmp(code, oft_jsonl_code_str(p->code)))
            fail_msg("%s: error %zu is line %llu %s (%s), want %s", file, k - 1,
                     (unsigned long long)p->line, oft_jsonl_code_str(p->code), p->message,
                     w ? code : "none");
        if (k == 1 && needle && !strstr(p->message, needle))
            fail_msg("%s: \"%s\" lacks \"%s\"", file, p->message, needle);
    }
    if (k != json_array_size(want))
        fail_msg("%s: %zu errors, want %zu", file, k, json_array_size(want));
    assert_int_equal(r->ok, k == 0);
}

static void check_case(json_t *c)
{
    const char *train = json_string_value(json_object_get(c, "training_file"));
    const char *valid = json_string_value(json_object_get(c, "validation_file"));
    const char *model = json_string_value(json_object_get(c, "model"));
    const char *param = json_string_value(json_object_get(c, "param"));
    const char *needle = json_string_value(json_object_get(c, "needle"));
    int format = format_of(json_string_value(json_object_get(c, "method")));
    json_t *errors = json_object_get(c, "errors");
    int at_valid = param && strcmp(param, "validation_file") == 0;

    oft_jsonl_report *r = validate(train, model, format, 0);
    check_errors(train, r, at_valid ? NULL : errors, needle);
    json_t *examples = json_object_get(c, "examples");
    if (examples)
        assert_int_equal(r->examples, json_integer_value(examples));
    oft_jsonl_report_free(r);
    if (valid) { /* a validation file: no minimum */
        r = validate(valid, model, format, -1);
        check_errors(valid, r, at_valid ? errors : NULL, needle);
        oft_jsonl_report_free(r);
    }
}

static void test_corpus(void **state)
{
    json_error_t e;
    json_t *m = json_load_file(corpus_path("cases.json"), 0, &e);
    if (!m)
        fail_msg("cases.json: %s (line %d)", e.text, e.line);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(m, "cases"), i, c) check_case(c);
    assert_true(i >= 20);
    json_decref(m);
}

/* n lines of one chat example (malloc'd). */
static char *chat_lines(int n)
{
    static const char line[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                               "{\"role\":\"assistant\",\"content\":\"b\"}]}\n";
    char *s = calloc((size_t)n + 1, sizeof(line));
    assert_non_null(s);
    for (int i = 0; i < n; i++)
        strcat(s, line);
    return s;
}

static oft_jsonl_report *validate_text(const char *text, const oft_jsonl_options *o)
{
    oft_jsonl_report *r = NULL;
    assert_int_equal(oft_jsonl_validate_buffer(&r, text, strlen(text), o), OFT_OK);
    return r;
}

/* The one error of r: its code, and its message holds needle. */
static void assert_one_error(oft_jsonl_report *r, int code, uint64_t line,
                             const char *needle)
{
    assert_false(r->ok);
    assert_int_equal(r->errors_total, 1);
    const oft_jsonl_problem *p = NULL;
    for (size_t i = 0; i < r->problems_count && !p; i++) /* warnings come too */
        if (r->problems[i].severity == OFT_JSONL_ERROR)
            p = &r->problems[i];
    assert_non_null(p);
    assert_int_equal(p->code, code);
    assert_int_equal(p->line, line);
    if (needle && !strstr(p->message, needle))
        fail_msg("\"%s\" lacks \"%s\"", p->message, needle);
    oft_jsonl_report_free(r);
}

static void test_min_examples(void **state)
{
    char *nine = chat_lines(9), *ten = chat_lines(10), *two = chat_lines(2);
    /* The default, also for NULL options: the API's minimum, with the count. */
    assert_one_error(validate_text(nine, NULL), OFT_JSONL_TOO_FEW_EXAMPLES, 0,
                     "the file has 9 examples; a training file needs at least 10");
    oft_jsonl_report *r = validate_text(ten, NULL);
    assert_true(r->ok);
    oft_jsonl_report_free(r);
    oft_jsonl_options o;
    oft_jsonl_options_init(&o, OFT_JSONL_OPTIONS_VERSION);
    o.min_examples = 3;
    assert_one_error(validate_text(two, &o), OFT_JSONL_TOO_FEW_EXAMPLES, 0,
                     "needs at least 3");
    o.min_examples = -1; /* a validation file */
    r = validate_text(two, &o);
    assert_true(r->ok);
    oft_jsonl_report_free(r);
    /* A version 1 struct has no such field: the minimum applies. */
    oft_jsonl_options v1;
    oft_jsonl_options_init(&v1, 1);
    assert_one_error(validate_text(two, &v1), OFT_JSONL_TOO_FEW_EXAMPLES, 0,
                     "2 examples");
    /* A stop at the first error did not count the whole file: no minimum then. */
    o.min_examples = 0;
    o.stop_at_first = 1;
    assert_one_error(validate_text("{\"messages\":[]}\n", &o), OFT_JSONL_MISSING_MESSAGES,
                     1, NULL);
    /* An empty file is empty, not short. */
    r = NULL;
    assert_int_equal(oft_jsonl_validate_buffer(&r, "", 0, NULL), OFT_OK);
    assert_one_error(r, OFT_JSONL_EMPTY_FILE, 0, NULL);
    free(nine);
    free(ten);
    free(two);
}

static void test_options_v1_size(void **state)
{
    /* A caller built against version 1 has a shorter struct: nothing past it. */
    unsigned char buf[sizeof(oft_jsonl_options) + 16];
    memset(buf, 0xAA, sizeof(buf));
    size_t v1 = offsetof(oft_jsonl_options, min_examples);
    assert_int_equal(oft_jsonl_options_init((oft_jsonl_options *)(void *)buf, 1), OFT_OK);
    for (size_t i = v1; i < sizeof(buf); i++)
        assert_int_equal(buf[i], 0xAA);
    assert_int_equal(((oft_jsonl_options *)(void *)buf)->version, 1);
}

static void test_format_for_model(void **state)
{
    static const char completion[] = "{\"prompt\":\"a\",\"completion\":\"b\"}\n";
    char *chat = chat_lines(10), comp[sizeof(completion) * 10 + 1] = "";
    for (int i = 0; i < 10; i++)
        strcat(comp, completion);
    static const struct {
        const char *model;
        int completion_data, refused;
    } cases[] = {
        {"gpt-4o-mini", 1, 1},
        {"gpt-4o-mini-2024-07-18", 1, 1},
        {"o4-mini", 1, 1},
        {"gpt-3.5-turbo", 0, 0},
        {"babbage-002", 0, 1},
        {"davinci-002", 0, 1},
        {"babbage-002", 1, 0},
        {"ft:davinci-002:org::x", 1, 0},
        {"ft:davinci-002:o::x", 0, 1},
        {"my-own-model", 1, 0},
        {NULL, 1, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oft_jsonl_options o;
        oft_jsonl_options_init(&o, OFT_JSONL_OPTIONS_VERSION);
        o.model = cases[i].model;
        oft_jsonl_report *r = validate_text(cases[i].completion_data ? comp : chat, &o);
        if (!cases[i].refused) {
            if (!r->ok)
                fail_msg("case %zu (%s): %s", i, cases[i].model ? cases[i].model : "NULL",
                         r->problems[0].message);
            oft_jsonl_report_free(r);
            continue;
        }
        /* Once, on the first example, whatever the number of lines. */
        assert_one_error(r, OFT_JSONL_FORMAT_NOT_FOR_MODEL, 1,
                         cases[i].completion_data ? "chat model" : "completion model");
    }
    free(chat);
    assert_string_equal(oft_jsonl_code_str(OFT_JSONL_FORMAT_NOT_FOR_MODEL),
                        "format_not_for_model");
    assert_string_equal(oft_jsonl_code_str(OFT_JSONL_TOO_FEW_EXAMPLES),
                        "too_few_examples");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_min_examples),
        cmocka_unit_test(test_options_v1_size),
        cmocka_unit_test(test_format_for_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
