/*
 * The openai-ft-emulator binary against the corpus of tests/data/corpus/:
 * each case's training (and validation) file uploaded, a job created with its
 * model and method and run to the end, its verdict compared with the one
 * written by hand in cases.json. The emulator validates with the library's
 * validator; tests/lib/jsonl/test_jsonl_corpus.c holds the library to the same
 * verdicts, so a bug the two share fails both rather than neither.
 *   test_emulator_corpus PATH-TO-openai-ft-emulator
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "emu_proc.h"

#define KEY "sk-corpus"

static const char *corpus_path(const char *name)
{
    static char path[4096];
    const char *dir = getenv("OFT_TEST_DATA");
    snprintf(path, sizeof(path), "%s/corpus/%s", dir ? dir : "tests/data", name);
    return path;
}

/* Uploads a corpus file; its id into id. */
static void upload(emu_proc *p, const char *name, char *id, size_t cap)
{
    char *data = emu_slurp(corpus_path(name));
    http_upload_id(p->url, KEY, name, data, id, cap);
    free(data);
}

/* The method member of a job for the case's method (supervised: none). */
static const char *method_json(const char *method)
{
    if (method && strcmp(method, "dpo") == 0)
        return ",\"method\":{\"type\":\"dpo\"}";
    if (method && strcmp(method, "reinforcement") == 0)
        return ",\"method\":{\"type\":\"reinforcement\",\"reinforcement\":{\"grader\":{"
               "\"type\":\"string_check\",\"name\":\"g\",\"input\":"
               "\"{{sample.output_text}}\",\"reference\":\"{{item.answer}}\","
               "\"operation\":\"eq\"}}}";
    return "";
}

/* Creates the case's job and runs it to the end; the job. */
static json_t *run_job(emu_proc *p, json_t *c)
{
    char train[64], valid[64] = "", body[1024], url[512];
    const char *vname = json_string_value(json_object_get(c, "validation_file"));
    upload(p, json_string_value(json_object_get(c, "training_file")), train,
           sizeof(train));
    if (vname)
        upload(p, vname, valid, sizeof(valid));
    snprintf(body, sizeof(body), "{\"model\":\"%s\",\"training_file\":\"%s\"%s%s%s%s}",
             json_string_value(json_object_get(c, "model")), train,
             vname ? ",\"validation_file\":\"" : "", valid, vname ? "\"" : "",
             method_json(json_string_value(json_object_get(c, "method"))));
    snprintf(url, sizeof(url), "%s/fine_tuning/jobs", p->url);
    json_t *job = http_expect(200, "POST", url, KEY, body);
    snprintf(url, sizeof(url), "%s/_emulator/jobs/%s/advance", p->root,
             json_str(job, "id"));
    json_decref(job);
    return http_expect(200, "POST", url, NULL, "{\"to\":\"end\"}");
}

static void check_case(emu_proc *p, json_t *c, size_t i)
{
    json_t *errors = json_object_get(c, "errors");
    json_t *job = run_job(p, c);
    const char *status = json_str(job, "status");
    if (!errors) {
        if (strcmp(status, "succeeded") != 0)
            fail_msg("case %zu: %s, want succeeded: %s", i, status,
                     json_string_value(
                         json_object_get(json_object_get(job, "error"), "message")));
        json_decref(job);
        return;
    }
    if (strcmp(status, "failed") != 0)
        fail_msg("case %zu: %s, want failed", i, status);
    json_t *e = json_object_get(job, "error");
    const char *param = json_string_value(json_object_get(c, "param"));
    assert_string_equal(json_str(e, "code"), "invalid_training_file");
    assert_string_equal(json_str(e, "param"), param ? param : "training_file");
    const char *msg = json_str(e, "message");
    json_int_t line = json_integer_value(json_array_get(json_array_get(errors, 0), 0));
    char at[32];
    snprintf(at, sizeof(at), "line %lld:", (long long)line);
    const char *needle = json_string_value(json_object_get(c, "needle"));
    if ((line > 0 && !strstr(msg, at)) || (needle && !strstr(msg, needle)))
        fail_msg("case %zu: \"%s\" lacks \"%s\" or \"%s\"", i, msg, at,
                 needle ? needle : "");
    json_decref(job);
}

static void test_corpus(void **state)
{
    json_error_t e;
    json_t *m = json_load_file(corpus_path("cases.json"), 0, &e);
    if (!m)
        fail_msg("cases.json: %s (line %d)", e.text, e.line);
    emu_proc p;
    const char *args[] = {"--quiet", "--api-key", KEY, "--job-duration", "3600", NULL};
    emu_proc_start(&p, args);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(m, "cases"), i, c) check_case(&p, c, i);
    assert_true(i >= 20);
    json_decref(m);
    assert_int_equal(emu_proc_stop(&p), 0);
    emu_proc_cleanup(&p);
}

int main(int argc, char **argv)
{
    if (emu_proc_init(argc, argv) != 0)
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_corpus, emu_proc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
