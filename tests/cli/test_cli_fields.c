/*
 * The command-line tool's output descriptions (tools/openai-ft/ui/view.h)
 * against the documents its --json prints: for every field of every list
 * and get output, the value the text shows is the member of the item's JSON
 * document the field names. Real objects: the emulator in-process, a job
 * run to its end, read with the library over loopback, as the tool reads
 * them.
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

static int agrees(cli_value v, json_t *m)
{
    switch (v.kind) {
        case CLI_V_NONE:
            return is_nothing(m);
        case CLI_V_TEXT:
            return json_is_string(m) && strcmp(json_string_value(m), v.s) == 0;
        case CLI_V_LINES:
            return lines_hold(v.s, m);
        case CLI_V_NUM:
            return json_is_number(m) && fabs(json_number_value(m) - v.d) < 1e-9;
        default: /* CLI_V_INT, CLI_V_TIME */
            return json_is_integer(m) && json_integer_value(m) == v.n;
    }
}

/* Every field of fields read from item agrees with raw_json; returns how
 * many fields had a value (a check that the object is not empty). */
static size_t check(const char *what, const cli_field *fields, const void *item,
                    const char *raw_json)
{
    static char buf[16384];
    json_error_t e;
    json_t *doc = json_loads(raw_json, 0, &e);
    size_t shown = 0;
    assert_non_null(doc);
    for (const cli_field *f = fields; f->key != NULL; f++) {
        cli_value v;
        if (strchr(f->json, '*') != NULL || (f->flags & CLI_FIELD_TEXT_ONLY) != 0)
            continue; /* made of several members, or not in the document */
        v = f->get(item, buf, sizeof(buf));
        if (!agrees(v, member(doc, f->json)))
            fail_msg("%s: field %s shows what %s is not", what, f->key, f->json);
        shown += v.kind != CLI_V_NONE;
    }
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

/* What the view prints for rows of fields with --json (a made document),
 * read back from stdout. */
static char *made_json(const cli_field *fields, const void *row)
{
    static char text[16384];
    cli c;
    cli_view *v = NULL;
    FILE *tmp = tmpfile();
    int saved = dup(STDOUT_FILENO);
    size_t n;
    memset(&c, 0, sizeof(c));
    c.json = 1;
    assert_non_null(tmp);
    fflush(stdout);
    assert_true(dup2(fileno(tmp), STDOUT_FILENO) >= 0);
    assert_int_equal(cli_view_new_made(&v, &c, fields, NULL), 0);
    cli_view_row(v, row);
    cli_view_end(v);
    fflush(stdout);
    assert_true(dup2(saved, STDOUT_FILENO) >= 0);
    close(saved);
    rewind(tmp);
    n = fread(text, 1, sizeof(text) - 1, tmp);
    text[n] = '\0';
    fclose(tmp);
    return text;
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
