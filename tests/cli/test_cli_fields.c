/*
 * The command-line tool's output descriptions (tools/openai-ft/ui/view.h)
 * against the documents its --json prints: for every field of every list
 * and get output, the value the text shows is the member of the item's JSON
 * document the field names. Real objects: the emulator in-process, a job
 * run to its end, read with the library over loopback, as the tool reads
 * them. The sentences made from templates (graders validate, train's job
 * line, validate's report): every %{key} names a field, the text shows each
 * field's value, and the document holds each field's member (validate's,
 * made from the fields, has the members scripts read, in their order).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <openai_ft.h>

#include "emu_inproc.h"

#include "app/sweep_view.h"
#include "cmd/checkpoints.h"
#include "cmd/compare.h"
#include "cmd/files.h"
#include "cmd/graders.h"
#include "cmd/jobs.h"
#include "cmd/jobs_list.h"
#include "cmd/models.h"
#include "cmd/permissions.h"
#include "cmd/train.h"
#include "ui/report.h"
#include "ui/view.h"

/* The member at a dotted path ("method.type"), or NULL. */
static json_t *member(json_t *doc, const char *path)
{
    char key[128];
    const char *p = path;
    while (doc != NULL && *p != '\0') {
        size_t n = strcspn(p, ".");
        snprintf(key, sizeof(key), "%.*s", (int)n, p);
        doc = json_is_object(doc) ? json_object_get(doc, key) : NULL;
        p += n + (p[n] == '.');
    }
    return doc;
}

/* A member that shows as nothing: absent, null, "", 0 or less, empty. */
static int is_nothing(json_t *m)
{
    return m == NULL || json_is_null(m) ||
           (json_is_string(m) && json_string_value(m)[0] == '\0') ||
           (json_is_integer(m) && json_integer_value(m) <= 0) ||
           (json_is_array(m) && json_array_size(m) == 0) ||
           (json_is_object(m) && json_object_size(m) == 0);
}

/* A number as the text shows it ("%g") is in text. */
static int number_in(const char *text, json_t *m)
{
    char n[64];
    if (!json_is_number(m))
        return 0;
    snprintf(n, sizeof(n), "%g", json_number_value(m));
    return strstr(text, n) != NULL;
}

/* Text made of several members (metadata, result files, an error, scores):
 * each string or number of m is in it, with the names of an object's. */
static int lines_hold(const char *text, json_t *m)
{
    const char *k;
    json_t *v;
    size_t i;
    if (json_is_string(m))
        return strstr(text, json_string_value(m)) != NULL;
    if (json_is_number(m))
        return number_in(text, m);
    if (json_is_array(m)) {
        json_array_foreach(m, i,
                           v) if (!json_is_string(v) ||
                                  strstr(text, json_string_value(v)) == NULL) return 0;
        return 1;
    }
    if (json_is_object(m)) {
        json_object_foreach(m, k,
                            v) if (strstr(text, k) == NULL ||
                                   (!json_is_string(v) && !number_in(text, v)) ||
                                   (json_is_string(v) &&
                                    strstr(text, json_string_value(v)) == NULL)) return 0;
        return 1;
    }
    return 0;
}

static size_t check_doc(const char *what, const cli_field *fields, const void *item,
                        json_t *doc);

/* Each row of v (read from item) agrees with the object at its index in m. */
static int rows_agree(const char *what, cli_value v, const void *item, json_t *m)
{
    if (!json_is_array(m) || (long long)json_array_size(m) != v.n)
        return 0;
    for (size_t i = 0; i < json_array_size(m); i++) {
        cli_row row = {item, i};
        check_doc(what, v.rows, &row, json_array_get(m, i));
    }
    return 1;
}

static int agrees(const char *what, const cli_field *f, cli_value v, const void *item,
                  json_t *m)
{
    switch (v.kind) {
        case CLI_V_NONE:
            return is_nothing(m);
        case CLI_V_TEXT:
            return json_is_string(m) && strcmp(json_string_value(m), v.s) == 0;
        case CLI_V_LINES:
            return lines_hold(v.s, m);
        case CLI_V_NUM: /* a mean shows one decimal in JSON */
            return json_is_number(m) && fabs(json_number_value(m) - v.d) <
                                            (f->fmt == CLI_FMT_MEAN ? 0.051 : 1e-9);
        case CLI_V_BOOL:
            return json_is_boolean(m) && json_is_true(m) == (v.n != 0);
        case CLI_V_ROWS:
            return rows_agree(what, v, item, m);
        default: /* CLI_V_INT, CLI_V_TIME */
            return json_is_integer(m) && json_integer_value(m) == v.n;
    }
}

/* Every field of fields read from item agrees with the document doc; returns
 * how many fields had a value (a check that the object is not empty). */
static size_t check_doc(const char *what, const cli_field *fields, const void *item,
                        json_t *doc)
{
    char *buf = malloc(16384); /* a row's fields are checked inside its field's */
    size_t shown = 0;
    assert_non_null(buf);
    assert_non_null(doc);
    for (const cli_field *f = fields; f->key != NULL; f++) {
        cli_value v;
        if (strchr(f->json, '*') != NULL || (f->flags & CLI_FIELD_TEXT_ONLY) != 0)
            continue; /* made of several members, or not in the document */
        v = f->get(item, buf, 16384);
        if (!agrees(what, f, v, item, member(doc, f->json)))
            fail_msg("%s: field %s shows what %s is not", what, f->key, f->json);
        shown += v.kind != CLI_V_NONE;
    }
    free(buf);
    return shown;
}

static size_t check(const char *what, const cli_field *fields, const void *item,
                    const char *raw_json)
{
    json_error_t e;
    json_t *doc = json_loads(raw_json, 0, &e);
    size_t shown = check_doc(what, fields, item, doc);
    json_decref(doc);
    return shown;
}

static oft_client *client_for(oft_emu *emu)
{
    oft_client_options o = OFT_CLIENT_OPTIONS_INIT;
    oft_client *c = NULL;
    o.api_key = KEY;
    o.admin_key = KEY;
    o.base_url = oft_emu_base_url(emu);
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    return c;
}

static void check_lists(oft_client *c, const char *job_id)
{
    oft_job_page *jobs = NULL;
    oft_event_page *events = NULL;
    oft_checkpoint_iter *it = NULL;
    const oft_checkpoint *ck;
    oft_job_list_options jl = OFT_JOB_LIST_OPTIONS_INIT;
    oft_event_list_options el = OFT_EVENT_LIST_OPTIONS_INIT;
    size_t n = 0;
    assert_int_equal(oft_job_list(&jobs, c, &jl), OFT_OK);
    assert_true(jobs->count > 0);
    for (size_t i = 0; i < jobs->count; i++)
        check("jobs list", cli_job_fields, jobs->items[i], jobs->items[i]->raw_json);
    oft_job_page_free(jobs);
    assert_int_equal(oft_event_list(&events, c, job_id, &el), OFT_OK);
    assert_true(events->count > 0);
    for (size_t i = 0; i < events->count; i++)
        check("jobs events", cli_event_fields, events->items[i],
              events->items[i]->raw_json);
    oft_event_page_free(events);
    assert_int_equal(oft_checkpoint_iter_new(&it, c, job_id, NULL), OFT_OK);
    while (oft_checkpoint_iter_next(&ck, it) == OFT_OK) {
        check("jobs checkpoints", cli_checkpoint_fields, ck, ck->raw_json);
        n++;
    }
    oft_checkpoint_iter_free(it);
    assert_true(n > 0);
}

static void check_model_and_permissions(oft_client *c, const oft_job *job)
{
    oft_model *m = NULL;
    oft_model_page *models = NULL;
    oft_checkpoint_iter *it = NULL;
    const oft_checkpoint *ck;
    oft_checkpoint_permission_page *perms = NULL;
    const char *projects[] = {"proj-fields-1", "proj-fields-2"};
    assert_int_equal(oft_model_retrieve(&m, c, job->fine_tuned_model), OFT_OK);
    assert_true(check("models get", cli_model_lines, m, m->raw_json) >= 3);
    oft_model_free(m);
    assert_int_equal(oft_model_list(&models, c), OFT_OK);
    for (size_t i = 0; i < models->count; i++)
        check("models list", cli_model_fields, models->items[i],
              models->items[i]->raw_json);
    oft_model_page_free(models);
    assert_int_equal(oft_checkpoint_iter_new(&it, c, job->id, NULL), OFT_OK);
    assert_int_equal(oft_checkpoint_iter_next(&ck, it), OFT_OK);
    assert_int_equal(oft_checkpoint_permission_create(
                         &perms, c, ck->fine_tuned_model_checkpoint, projects, 2),
                     OFT_OK);
    oft_checkpoint_iter_free(it);
    assert_int_equal(perms->count, 2);
    for (size_t i = 0; i < perms->count; i++)
        check("permissions create", cli_permission_fields, perms->items[i],
              perms->items[i]->raw_json);
    oft_checkpoint_permission_page_free(perms);
}

/* A grader run on one sample, and a multi grader's with sub-rewards and an
 * error flagged (its python grader's server is down in the emulator). */
static void grader_runs_agree_with_their_json(void **state)
{
    oft_emu *emu = *state;
    oft_client *c = client_for(emu);
    oft_grader_run_options o = OFT_GRADER_RUN_OPTIONS_INIT;
    oft_grader_run_result *r = NULL;
    const char *exact = "{\"type\": \"string_check\", \"name\": \"exact\", "
                        "\"input\": \"{{sample.output_text}}\", "
                        "\"reference\": \"{{item.label}}\", \"operation\": \"eq\"}";
    const char *multi = "{\"type\": \"multi\", \"name\": \"both\", \"calculate_output\": "
                        "\"(a + b) / 2\", "
                        "\"graders\": [{\"type\": \"string_check\", \"name\": \"a\", "
                        "\"input\": \"{{sample.output_text}}\", \"reference\": \"yes\", "
                        "\"operation\": \"eq\"}, {\"type\": \"python\", \"name\": \"b\", "
                        "\"source\": \"def grade(s, i): return 1\"}]}";
    o.item_json = "{\"label\": \"Paris\"}";
    assert_int_equal(oft_grader_run(&r, c, exact, "Paris", &o), OFT_OK);
    assert_true(check("graders run", cli_grader_run_lines, r, r->raw_json) >= 4);
    oft_grader_run_result_free(r);
    assert_int_equal(oft_grader_run(&r, c, multi, "yes", NULL), OFT_OK);
    assert_true(check("graders run (multi)", cli_grader_run_lines, r, r->raw_json) >= 4);
    assert_true(r->sub_rewards_count == 2);
    oft_grader_run_result_free(r);
    oft_client_free(c);
}

/* stdout into a temporary file, from capture_begin to capture_end (which
 * returns what was printed). */
static FILE *captured;
static int saved_stdout = -1;

static void capture_begin(void)
{
    captured = tmpfile();
    assert_non_null(captured);
    fflush(stdout);
    saved_stdout = dup(STDOUT_FILENO);
    assert_true(dup2(fileno(captured), STDOUT_FILENO) >= 0);
}

static char *capture_end(void)
{
    static char text[65536];
    size_t n;
    fflush(stdout);
    assert_true(dup2(saved_stdout, STDOUT_FILENO) >= 0);
    close(saved_stdout);
    rewind(captured);
    n = fread(text, 1, sizeof(text) - 1, captured);
    text[n] = '\0';
    fclose(captured);
    return text;
}

/* What the view prints for rows of fields with --json (a made document),
 * read back from stdout. */
static char *made_json(const cli_field *fields, const void *row)
{
    cli c;
    cli_view *v = NULL;
    memset(&c, 0, sizeof(c));
    c.json = 1;
    capture_begin();
    assert_int_equal(cli_view_new_made(&v, &c, fields, NULL), 0);
    cli_view_row(v, row);
    cli_view_end(v);
    return capture_end();
}

/* jobs compare's row of the job: its --json document (made from the fields)
 * holds what the table shows, and the members taken from the job hold the
 * job's (its suffix, status, tokens, the hyperparameters it ran with). */
static void check_compare(oft_client *c, const oft_job *job)
{
    cli_compare_row row;
    const char *what = NULL;
    json_error_t e;
    json_t *doc, *item, *api;
    memset(&row, 0, sizeof(row));
    row.id = job->id;
    assert_int_equal(cli_compare_read(c, &row, &what), OFT_OK);
    doc = json_loads(made_json(cli_compare_fields, &row), 0, &e);
    assert_non_null(doc);
    item = json_array_get(json_object_get(doc, "data"), 0);
    assert_non_null(item);
    char *one = json_dumps(item, 0);
    assert_true(check("jobs compare", cli_compare_fields, &row, one) >= 7);
    free(one);
    api = json_loads(job->raw_json, 0, &e);
    assert_true(json_equal(json_object_get(item, "suffix"),
                           json_object_get(api, "user_provided_suffix")));
    assert_true(
        json_equal(json_object_get(item, "status"), json_object_get(api, "status")));
    assert_true(json_equal(json_object_get(item, "trained_tokens"),
                           json_object_get(api, "trained_tokens")));
    assert_true(
        json_number_value(json_object_get(item, "n_epochs")) ==
        json_number_value(member(api, "method.supervised.hyperparameters.n_epochs")));
    json_decref(api);
    json_decref(doc);
    oft_job_free(row.job);
}

/* The sweep's table (sweep status): a point with the finished job, one
 * whose job could not be created. Its --json objects hold what the text
 * shows and the JSON-only members (hyperparameters, error, the status
 * spelled "pending"), never the text-only ones (the sparkline). */
static void check_sweep(const oft_job *job)
{
    sweep_point p[2];
    sweep_live lv[2];
    char buf[256];
    json_error_t e;
    memset(p, 0, sizeof(p));
    memset(lv, 0, sizeof(lv));
    snprintf(p[0].name, sizeof(p[0].name), "e2-lr0.5");
    snprintf(p[0].job, sizeof(p[0].job), "%s", job->id);
    snprintf(p[0].status, sizeof(p[0].status), "%s", oft_job_status_str(job->status));
    p[0].hp[SW_EPOCHS] = 2, p[0].hp[SW_LR] = 0.5, p[0].hp[SW_BATCH] = NAN;
    lv[0].step = 20, lv[0].train_loss = 0.25, lv[0].valid_loss = NAN;
    snprintf(p[1].name, sizeof(p[1].name), "e3-lr1");
    snprintf(p[1].error, sizeof(p[1].error), "quota exceeded");
    p[1].hp[SW_EPOCHS] = 3, p[1].hp[SW_LR] = 1, p[1].hp[SW_BATCH] = NAN;
    lv[1].step = -1, lv[1].train_loss = lv[1].valid_loss = NAN;
    for (int i = 0; i < 2; i++) {
        sweep_view_item it = {&p[i], &lv[i], 8};
        json_t *doc = json_loads(made_json(sweep_view_fields, &it), 0, &e);
        json_t *item = json_array_get(json_object_get(doc, "data"), 0);
        char *one;
        assert_non_null(item);
        one = json_dumps(item, 0);
        assert_true(check("sweep status", sweep_view_fields, &it, one) >= 4);
        free(one);
        assert_null(json_object_get(item, "loss"));
        assert_true(json_is_null(json_object_get(item, "batch_size")));
        assert_true(json_number_value(json_object_get(item, "n_epochs")) ==
                    p[i].hp[SW_EPOCHS]);
        if (i == 1) { /* the JSON's spelling, and the error only it holds */
            assert_string_equal(json_string_value(json_object_get(item, "status")),
                                "pending");
            assert_string_equal(json_string_value(json_object_get(item, "error")),
                                "quota exceeded");
            assert_true(json_is_null(json_object_get(item, "job")));
        }
        json_decref(doc);
    }
    {
        sweep_view_item ok = {&p[0], &lv[0], 8}, failed = {&p[1], &lv[1], 8};
        const cli_field *f;
        for (f = sweep_view_fields; strcmp(f->key, "status") != 0; f++)
            ;
        assert_true((f->flags & CLI_FIELD_TEXT_ONLY) != 0);
        assert_string_equal(cli_view_cell(f, &failed, buf, sizeof(buf)), "error");
        assert_string_equal(cli_view_cell(f, &ok, buf, sizeof(buf)), p[0].status);
    }
}

/* The text of t made from item (cli_view_print). */
static const char *said(const cli_template *t, const void *item)
{
    static char text[65536];
    FILE *f = tmpfile();
    size_t n;
    assert_non_null(f);
    cli_view_print(f, t, item);
    rewind(f);
    n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* Every %{key} of t names a field, and the text made from item shows the
 * value of each field it names. */
static void check_text(const cli_template *t, const void *item)
{
    static char buf[16384];
    char key[64], named[80];
    const char *text = said(t, item);
    if (cli_template_check(t, key, sizeof(key)) != NULL)
        fail_msg("%s: %%{%s} names no field", t->name, key);
    for (const cli_field *f = t->fields; f->key != NULL; f++) {
        const char *cell;
        snprintf(named, sizeof(named), "%%{%s}", f->key);
        if (strstr(t->text, named) == NULL)
            continue;
        cell = cli_view_cell(f, item, buf, sizeof(buf));
        if (strstr(text, cell) == NULL)
            fail_msg("%s: the text does not show %s (\"%s\"): %s", t->name, f->key, cell,
                     text);
    }
}

/* Every field of fields the text shows (all but the JSON-only ones) is
 * named by one of the templates ts that are made from fields. */
static void every_field_said(const cli_field *fields, const cli_template *ts)
{
    char named[80];
    for (const cli_field *f = fields; f->key != NULL; f++) {
        int found = 0;
        if ((f->flags & CLI_FIELD_JSON_ONLY) != 0)
            continue;
        snprintf(named, sizeof(named), "%%{%s}", f->key);
        for (const cli_template *t = ts; t->text != NULL; t++)
            found |= t->fields == fields && strstr(t->text, named) != NULL;
        if (!found)
            fail_msg("field %s is in no template of its output", f->key);
    }
}

/* A sentence's --json: the API's document as it came. */
static void check_say_json(const cli_template *t, const char *raw_json, const void *item)
{
    cli c;
    char *text;
    memset(&c, 0, sizeof(c));
    c.json = 1;
    capture_begin();
    cli_view_say(&c, t, raw_json, item);
    text = capture_end();
    assert_int_equal(strlen(text), strlen(raw_json) + 1);
    assert_memory_equal(text, raw_json, strlen(raw_json));
}

/* A template's key that names no field is found (a programming error the
 * checks above turn into a failed test), "%%{" is no key, and the text
 * shows "%" for "%%" and what a known key names. */
static void templates_name_their_fields(void **state)
{
    const cli_template bad = {"bad", cli_report_fields, "100%% %{file} %{nope} %%{no}"};
    const cli_template odd = {"odd", cli_report_fields, "%%{no} 5% %{file"};
    const cli_template ok = {"ok", cli_report_fields, "100%% of %{file}: %{verdict}\n"};
    oft_jsonl_report r;
    cli_validation v;
    cli_report_item it = {NULL, "a.jsonl", &r, &v};
    char key[64];
    (void)state;
    memset(&r, 0, sizeof(r));
    memset(&v, 0, sizeof(v));
    assert_string_equal(cli_template_check(&bad, key, sizeof(key)), "nope");
    assert_null(cli_template_check(&odd, key, sizeof(key)));
    assert_null(cli_template_check(&ok, key, sizeof(key)));
    assert_string_equal(said(&ok, &it), "100% of a.jsonl: INVALID\n");
    assert_string_equal(said(&odd, &it), "%{no} 5% %{file");
    for (const cli_template *t = cli_report_lines; t->text != NULL; t++)
        assert_null(cli_template_check(t, key, sizeof(key)));
    assert_null(cli_template_check(&cli_grader_valid, key, sizeof(key)));
    assert_null(cli_template_check(&cli_train_result, key, sizeof(key)));
}

/* The members of validate's --json document, as scripts read them (it is
 * made from the fields: a field renamed would rename its member). */
static const char *const report_members[] = {"object",
                                             "file",
                                             "ok",
                                             "format",
                                             "bytes",
                                             "lines",
                                             "examples",
                                             "messages",
                                             "characters",
                                             "est_tokens",
                                             "est_tokens_min",
                                             "est_tokens_max",
                                             "est_tokens_mean",
                                             "context_limit",
                                             "examples_over_limit",
                                             "default_epochs",
                                             "est_billed_tokens",
                                             "epochs",
                                             "epochs_estimated",
                                             "est_billable_tokens",
                                             "errors",
                                             "warnings",
                                             "problems",
                                             NULL};
static const char *const problem_members[] = {"line", "column",  "severity",
                                              "code", "message", NULL};

/* doc's members are names, in that order. */
static void members_are(json_t *doc, const char *const *names)
{
    const char *k;
    json_t *m;
    size_t i = 0;
    json_object_foreach(doc, k, m)
    {
        if (names[i] == NULL || strcmp(k, names[i]) != 0)
            fail_msg("member %zu is \"%s\", not \"%s\"", i, k,
                     names[i] != NULL ? names[i] : "(none)");
        i++;
    }
    assert_null(names[i]);
}

/* validate's report of path (epochs: 0 for auto): its --json document holds
 * every field and nothing else, and each line's text shows its fields. */
static void check_report(const char *path, int epochs)
{
    oft_jsonl_options o = OFT_JSONL_OPTIONS_INIT;
    oft_jsonl_report *r = NULL;
    cli_validation v;
    cli c;
    size_t members = 0;
    json_error_t e;
    json_t *doc;
    memset(&v, 0, sizeof(v));
    memset(&c, 0, sizeof(c));
    if (epochs > 0) {
        v.n_epochs.mode = OFT_HP_VALUE;
        v.n_epochs.value = epochs;
    }
    assert_int_equal(oft_jsonl_validate_path(&r, path, &o), OFT_OK);
    cli_report_item it = {&c, path, r, &v};
    capture_begin();
    cli_report_print_json(path, r, &v);
    doc = json_loads(capture_end(), 0, &e);
    assert_non_null(doc);
    assert_true(check_doc("validate --json", cli_report_fields, &it, doc) >= 15);
    for (const cli_field *f = cli_report_fields; f->key != NULL; f++)
        members += (f->flags & CLI_FIELD_TEXT_ONLY) == 0;
    assert_int_equal(json_object_size(doc), members);
    assert_int_equal(json_array_size(json_object_get(doc, "problems")),
                     r->problems_count);
    members_are(doc, report_members);
    for (size_t i = 0; i < r->problems_count; i++)
        members_are(json_array_get(json_object_get(doc, "problems"), i), problem_members);
    json_decref(doc);
    for (const cli_template *t = cli_report_lines; t->text != NULL; t++) {
        for (size_t i = 0; t->fields == cli_problem_fields && i < r->problems_count;
             i++) {
            cli_row row = {&it, i};
            check_text(t, &row);
        }
        if (t->fields == cli_report_fields)
            check_text(t, &it);
    }
    oft_jsonl_report_free(r);
}

/* A file of count lines made by line(i). */
static char *jsonl_file(size_t count,
                        const char *(*line)(size_t i, char *buf, size_t cap))
{
    static char path[64];
    char buf[4096];
    int fd;
    FILE *f;
    snprintf(path, sizeof(path), "/tmp/cli_fields_XXXXXX");
    assert_true((fd = mkstemp(path)) >= 0);
    assert_non_null(f = fdopen(fd, "w"));
    for (size_t i = 0; i < count; i++)
        fputs(line(i, buf, sizeof(buf)), f);
    fclose(f);
    return path;
}

static const char *good_line(size_t i, char *buf, size_t cap)
{
    snprintf(buf, cap,
             "{\"messages\": [{\"role\": \"system\", \"content\": \"be brief\"}, "
             "{\"role\": \"user\", \"content\": \"question %zu\"}, "
             "{\"role\": \"assistant\", \"content\": \"answer %zu %*s\"}]}\n",
             i, i, (int)(i * 7 % 300), "");
    return buf;
}

static const char *mixed_line(size_t i, char *buf, size_t cap)
{
    if (i % 3 == 0)
        return "{bad json\n";
    if (i % 3 == 1)
        return "{\"messages\": [{\"role\": \"user\", \"content\": \"no answer\"}]}\n";
    return good_line(i, buf, cap);
}

static void validate_report_from_one_description(void **state)
{
    char *path;
    (void)state;
    every_field_said(cli_report_fields, cli_report_lines);
    every_field_said(cli_problem_fields, cli_report_lines);
    path = jsonl_file(30, good_line);
    check_report(path, 0);
    check_report(path, 3);
    unlink(path);
    path = jsonl_file(400, mixed_line); /* folded, and more than the report lists */
    check_report(path, 0);
    unlink(path);
    path = jsonl_file(0, good_line); /* empty: a whole-file problem */
    check_report(path, 1);
    unlink(path);
}

/* graders validate's sentence: its fields are members of the API's answer,
 * its text shows them, its --json is the answer. */
static void grader_validation_says_its_fields(void **state)
{
    oft_client *c = client_for(*state);
    const cli_template *t = &cli_grader_valid;
    const cli_template alone[] = {cli_grader_valid, {0}};
    oft_grader_validation *v = NULL;
    const char *grader = "{\"type\": \"string_check\", \"name\": \"exact\", "
                         "\"input\": \"{{sample.output_text}}\", "
                         "\"reference\": \"{{item.label}}\", \"operation\": \"eq\"}";
    assert_int_equal(oft_grader_validate(&v, c, grader), OFT_OK);
    assert_int_equal(check("graders validate", t->fields, v, v->raw_json), 2);
    check_text(t, v);
    every_field_said(t->fields, alone);
    check_say_json(t, v->raw_json, v);
    oft_grader_validation_free(v);
    oft_client_free(c);
}

/* A job with a suffix, a seed and metadata, run to its end; every output of
 * it and of what it made. */
static void every_output_agrees_with_its_json(void **state)
{
    oft_emu *emu = *state;
    char body[512];
    const char *file_id = upload_training(emu);
    oft_client *c = client_for(emu);
    oft_job *job = NULL;
    oft_file *f = NULL;
    oft_file_iter *files = NULL;
    const oft_file *lf;
    snprintf(body, sizeof(body),
             "{\"model\": \"gpt-4o-mini-2024-07-18\", \"training_file\": \"%s\", "
             "\"suffix\": \"fields\", \"seed\": 7, "
             "\"metadata\": {\"team\": \"nlp\", \"run\": \"1\"}}",
             file_id);
    const char *job_id = create_job(emu, body);
    assert_string_equal(wait_job(emu, job_id), "succeeded");

    assert_int_equal(oft_job_retrieve(&job, c, job_id), OFT_OK);
    assert_true(check("jobs get", cli_job_lines, job, job->raw_json) >= 12);
    check_text(&cli_train_result, job); /* its fields: cli_job_lines, checked above */
    check_say_json(&cli_train_result, job->raw_json, job);
    check_lists(c, job_id);
    check_model_and_permissions(c, job);
    check_compare(c, job);
    check_sweep(job);
    oft_job_free(job);

    assert_int_equal(oft_file_retrieve(&f, c, file_id), OFT_OK);
    assert_true(check("files get", cli_file_lines, f, f->raw_json) >= 6);
    oft_file_free(f);
    assert_int_equal(oft_file_iter_new(&files, c, NULL), OFT_OK);
    while (oft_file_iter_next(&lf, files) == OFT_OK)
        check("files list", cli_file_fields, lf, lf->raw_json);
    oft_file_iter_free(files);
    oft_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_output_agrees_with_its_json, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(grader_runs_agree_with_their_json, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(grader_validation_says_its_fields, emu_setup,
                                        emu_teardown),
        cmocka_unit_test(templates_name_their_fields),
        cmocka_unit_test(validate_report_from_one_description),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
