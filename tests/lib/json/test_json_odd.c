/*
 * Every JSON mapper on the odd shapes Prism mocks and real servers send
 * (tests/fixtures/odd/, written by hand, and bodies made here): a null for
 * every nullable field, unknown fields and enum strings, numbers out of
 * range, wrong types, huge strings, broken identities and envelopes, error
 * bodies of every shape. Each case asserts the values read or the specific
 * error. No HTTP at all: the mappers' entry points of json/mappers.h and
 * json/list.h, as the resources call them.
 */
#include <math.h>

#include "fixture.h"

#define ODD(name) ("odd/" name ".json")

static void *item_ok(const oft__object_spec *spec, const char *rel)
{
    void *item = NULL;
    int rc = parse_item(spec, rel, &item);
    if (rc != OFT_OK)
        fail_msg("%s: %s", rel, oft_error_message(oft_client_last_error(client)));
    assert_non_null(item);
    return item;
}

static void job_nulls(void **state)
{
    (void)state;
    oft_job *j = item_ok(&oft__job_spec, ODD("job_nulls"));
    assert_string_equal(j->id, "ftjob-nulls");
    assert_null(j->model);
    assert_int_equal(j->created_at, OFT_TIME_NONE);
    assert_int_equal(j->finished_at, OFT_TIME_NONE);
    assert_null(j->fine_tuned_model);
    assert_null(j->organization_id);
    assert_int_equal(j->result_files_count, 0);
    assert_int_equal(j->status, OFT_JOB_STATUS_UNKNOWN);
    assert_null(j->status_raw);
    assert_null(j->validation_file);
    assert_null(j->training_file);
    assert_null(j->hyperparameters);
    assert_int_equal(j->trained_tokens, OFT_TIME_NONE);
    assert_null(j->error);
    assert_int_equal(j->seed, OFT_NONE);
    assert_int_equal(j->estimated_finish, OFT_TIME_NONE);
    assert_int_equal(j->integrations_count, 0);
    assert_null(j->method);
    assert_int_equal(j->metadata_count, 0);
    assert_null(j->user_provided_suffix);
    assert_string_equal(j->request_id, FIXTURE_REQUEST_ID);
    oft_job_free(j);
}

static void job_unknown_fields(void **state)
{
    (void)state;
    oft_job *j = item_ok(&oft__job_spec, ODD("job_unknown"));
    assert_int_equal(j->status, OFT_JOB_STATUS_UNKNOWN); /* "pausing": not finished */
    assert_string_equal(j->status_raw, "pausing");
    assert_non_null(j->error);
    assert_string_equal(j->error->message, "The job failed");
    assert_string_equal(j->error->code, "invalid_training_file");
    assert_string_equal(j->error->param, "training_file");
    assert_int_equal(j->hyperparameters->n_epochs.mode, OFT_HP_VALUE);
    assert_true(j->hyperparameters->n_epochs.value == 3);
    assert_int_equal(j->hyperparameters->batch_size.mode, OFT_HP_AUTO);
    assert_true(j->hyperparameters->learning_rate_multiplier.value == 2);
    assert_int_equal(j->method->type, OFT_METHOD_UNKNOWN);
    assert_string_equal(j->method->type_raw, "distillation");
    assert_true(j->method->hyperparameters.n_epochs.value == 1);
    assert_int_equal(j->integrations_count, 2);
    assert_string_equal(j->integrations[0].type, "comet");
    assert_null(j->integrations[0].wandb.project);
    assert_string_equal(j->integrations[1].wandb.project, "p");
    assert_string_equal(j->integrations[1].wandb.run_id, "r1");
    assert_int_equal(j->metadata_count, 2);
    oft_job_free(j);
}

static void job_numbers_out_of_range(void **state)
{
    (void)state;
    oft_job *j = item_ok(&oft__job_spec, ODD("job_ranges"));
    assert_int_equal(j->created_at, OFT_TIME_NONE);  /* 1e300: no int64 holds it */
    assert_int_equal(j->finished_at, OFT_TIME_NONE); /* -9.3e18: below INT64_MIN */
    assert_int_equal(j->trained_tokens, INT64_MAX);
    assert_int_equal(j->seed, 2); /* 2.9 truncated */
    assert_int_equal(j->estimated_finish, -1);
    assert_int_equal(j->hyperparameters->n_epochs.mode, OFT_HP_VALUE);
    assert_true(j->hyperparameters->n_epochs.value == 1e308);
    assert_true(j->hyperparameters->batch_size.value == -3); /* answers are not judged */
    assert_true(j->hyperparameters->learning_rate_multiplier.value == 5e-324);
    oft_job_free(j);

    /* An integer beyond 64 bits is not JSON jansson reads: a parse error. */
    void *item = NULL;
    int rc = parse_item(&oft__job_spec, ODD("job_big_integer"), &item);
    assert_null(item);
    assert_error_has(rc, OFT_EPARSE, "fine_tuning.job: invalid JSON in the response");
    assert_error_has(rc, OFT_EPARSE, "too big");
}

static void job_wrong_types(void **state)
{
    (void)state;
    oft_job *j = item_ok(&oft__job_spec, ODD("job_wrong_types"));
    assert_int_equal(j->created_at, OFT_TIME_NONE);
    assert_null(j->model);
    assert_null(j->status_raw);
    assert_int_equal(j->status, OFT_JOB_STATUS_UNKNOWN);
    assert_int_equal(j->result_files_count, 0);
    assert_null(j->hyperparameters);
    assert_null(j->error);
    assert_int_equal(j->metadata_count, 0);
    assert_int_equal(j->integrations_count, 0);
    assert_null(j->method);
    assert_int_equal(j->finished_at, OFT_TIME_NONE);
    assert_int_equal(j->seed, OFT_NONE);
    assert_int_equal(j->trained_tokens, OFT_TIME_NONE);
    assert_null(j->user_provided_suffix);
    assert_null(j->fine_tuned_model);
    assert_null(j->validation_file);
    oft_job_free(j);

    j = item_ok(&oft__job_spec, ODD("job_mixed_arrays"));
    assert_int_equal(j->result_files_count, 2); /* the strings only */
    assert_string_equal(j->result_files[0], "file-a");
    assert_string_equal(j->result_files[1], "file-b");
    assert_int_equal(j->metadata_count, 2); /* string values only */
    assert_int_equal(j->integrations_count, 1);
    assert_int_equal(j->integrations[0].wandb.tags_count, 2);
    assert_string_equal(j->integrations[0].wandb.tags[1], "t2");
    oft_job_free(j);
}

/* A body that is not an object of the right identity: the specific error. */
static void expect_item_error(const oft__object_spec *spec, const char *body,
                              const char *content_type, const char *part)
{
    void *item = NULL;
    size_t len = strlen(body);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, body, len + 1);
    oft__response resp = response_of(copy, len, content_type);
    int rc = oft__item_parse(client, spec, &resp, &item);
    oft__response_dispose(&resp);
    assert_null(item);
    assert_error_has(rc, OFT_EPARSE, part);
}

static void identities_and_bodies(void **state)
{
    (void)state;
    void *item = NULL;
    int rc = parse_item(&oft__job_spec, ODD("job_missing_id"), &item);
    assert_error_has(rc, OFT_EPARSE, "fine_tuning.job: missing id");
    rc = parse_item(&oft__job_spec, ODD("job_numeric_id"), &item);
    assert_error_has(rc, OFT_EPARSE, "fine_tuning.job: id is not a string");
    rc = parse_item(&oft__job_spec, ODD("job_wrong_object"), &item);
    assert_error_has(rc, OFT_EPARSE, "\"object\" is file, not fine_tuning.job");
    assert_null(item);

    const char *json = "application/json";
    expect_item_error(&oft__job_spec, "{\"id\":\"\"}", json,
                      "fine_tuning.job: missing id");
    expect_item_error(&oft__file_spec, "[]", json, "file: not a JSON object");
    expect_item_error(&oft__model_spec, "", json, "model: the response body is empty");
    expect_item_error(&oft__job_spec, "{\"id\":\"ftjob-1\",", json, "invalid JSON");
    expect_item_error(&oft__event_spec, "<html><body>502 Bad Gateway</body></html>",
                      "text/html; charset=utf-8",
                      "HTTP 200 with a body that is not JSON (text/html)");
    expect_item_error(&oft__job_spec, "{\"id\":\"ftjob-\\u0000x\"}", json,
                      "\"id\" holds a NUL character");
    expect_item_error(&oft__job_spec, "{}", json, "fine_tuning.job: missing id");
    expect_item_error(
        &oft__grader_run_spec, "null", json,
        "grader run: HTTP 200 with a body that is not JSON (application/json)");
}

/* A 4 MiB string and a 20000-element array read whole, and freed. */
static void huge_strings(void **state)
{
    (void)state;
    size_t big = 4u << 20, files = 20000;
    size_t cap = big + files * 24 + 256;
    char *body = malloc(cap);
    assert_non_null(body);
    size_t n = (size_t)snprintf(body, cap, "{\"id\":\"ftjob-huge\",\"model\":\"");
    memset(body + n, 'm', big);
    n += big;
    n += (size_t)snprintf(body + n, cap - n, "\",\"result_files\":[");
    for (size_t i = 0; i < files; i++)
        n += (size_t)snprintf(body + n, cap - n, "%s\"file-%zu\"", i ? "," : "", i);
    n += (size_t)snprintf(body + n, cap - n, "]}");
    void *item = NULL;
    assert_int_equal(parse_body(&oft__job_spec, body, n, &item), OFT_OK);
    oft_job *j = item;
    assert_int_equal(strlen(j->model), big);
    assert_int_equal(j->result_files_count, files);
    assert_string_equal(j->result_files[files - 1], "file-19999");
    assert_int_equal(strlen(j->raw_json), n);
    oft_job_free(j);
}

static void event_odd(void **state)
{
    (void)state;
    oft_event *e = item_ok(&oft__event_spec, ODD("event_nulls"));
    assert_int_equal(e->created_at, OFT_TIME_NONE);
    assert_int_equal(e->level, OFT_EVENT_LEVEL_UNKNOWN);
    assert_null(e->level_raw);
    assert_string_equal(e->message, ""); /* never NULL */
    assert_int_equal(e->type, OFT_EVENT_TYPE_UNSET);
    assert_null(e->data_json);
    oft_event_free(e);

    e = item_ok(&oft__event_spec, ODD("event_odd"));
    assert_int_equal(e->level, OFT_EVENT_LEVEL_UNKNOWN);
    assert_string_equal(e->level_raw, "fatal");
    assert_int_equal(e->type, OFT_EVENT_TYPE_UNKNOWN);
    assert_string_equal(e->type_raw, "progress");
    assert_string_equal(e->data_json, "[1,2,3]");
    oft_step_metrics m;
    assert_int_equal(oft__step_metrics_parse(e->data_json, &m), -1); /* not an object */
    oft_event_free(e);
}

static void metrics_data(void **state)
{
    (void)state;
    oft_step_metrics m;
    assert_int_equal(oft__step_metrics_parse(NULL, &m), 0);
    assert_int_equal(oft__step_metrics_parse("{}", &m), 0);
    assert_int_equal(oft__step_metrics_parse("{\"step\":null}", &m), 0);
    assert_int_equal(oft__step_metrics_parse("{\"step\":-1}", &m), -1);
    assert_int_equal(oft__step_metrics_parse("{\"step\":1.5}", &m), -1);
    assert_int_equal(oft__step_metrics_parse("{\"step\":\"3\"}", &m), -1);
    assert_int_equal(oft__step_metrics_parse("not json", &m), -1);
    assert_int_equal(
        oft__step_metrics_parse("{\"step\":7,\"train_loss\":0.5,"
                                "\"valid_loss\":null,\"full_valid_loss\":\"x\","
                                "\"train_mean_token_accuracy\":1e308}",
                                &m),
        1);
    assert_int_equal(m.step, 7);
    assert_true(m.train_loss == 0.5);
    assert_true(m.train_mean_token_accuracy == 1e308);
    assert_true(isnan(m.valid_loss));
    assert_true(isnan(m.full_valid_loss));
    assert_true(isnan(m.valid_mean_token_accuracy));
}

static void checkpoint_odd(void **state)
{
    (void)state;
    oft_checkpoint *c = item_ok(&oft__checkpoint_spec, ODD("checkpoint_nulls"));
    assert_int_equal(c->created_at, OFT_TIME_NONE);
    assert_null(c->fine_tuned_model_checkpoint);
    assert_int_equal(c->step_number, -1);
    assert_null(c->fine_tuning_job_id);
    assert_true(isnan(c->metrics.step) && isnan(c->metrics.train_loss) &&
                isnan(c->metrics.valid_loss) && isnan(c->metrics.full_valid_loss));
    assert_true(isnan(c->metrics.train_loss));
    oft_checkpoint_free(c);

    c = item_ok(&oft__checkpoint_spec, ODD("checkpoint_metrics_odd"));
    assert_int_equal(c->step_number, 1500);
    assert_true(isnan(c->metrics.step)); /* "20": a string */
    assert_true(isnan(c->metrics.train_loss));
    assert_true(isnan(c->metrics.train_mean_token_accuracy)); /* true */
    assert_true(c->metrics.valid_loss == 1e308);
    assert_true(c->metrics.full_valid_loss == -0.5);
    oft_checkpoint_free(c);
}

static void files_models_permissions(void **state)
{
    (void)state;
    oft_file *f = item_ok(&oft__file_spec, ODD("file_nulls"));
    assert_int_equal(f->bytes, 0);
    assert_int_equal(f->created_at, OFT_TIME_NONE);
    assert_int_equal(f->expires_at, OFT_TIME_NONE);
    assert_null(f->filename);
    assert_null(f->purpose);
    assert_int_equal(f->status, OFT_FILE_STATUS_UNKNOWN);
    assert_null(f->status_raw);
    assert_null(f->status_details);
    oft_file_free(f);

    f = item_ok(&oft__file_spec, ODD("file_unknown"));
    assert_string_equal(f->purpose, "a-purpose-from-next-year");
    assert_int_equal(f->status, OFT_FILE_STATUS_UNKNOWN);
    assert_string_equal(f->status_raw, "archived");
    assert_string_equal(f->status_details, "moved to cold storage");
    assert_int_equal(f->bytes, 120000);
    oft_file_free(f);

    oft_model *m = item_ok(&oft__model_spec, ODD("model_nulls"));
    assert_string_equal(m->id, "ft:gpt-4o-mini:org::nulls");
    assert_int_equal(m->created, OFT_TIME_NONE);
    assert_null(m->owned_by);
    assert_null(m->shutdown_date);
    oft_model_free(m);

    oft_checkpoint_permission *p =
        item_ok(&oft__permission_spec, ODD("permission_nulls"));
    assert_int_equal(p->created_at, OFT_TIME_NONE);
    assert_null(p->project_id);
    oft_checkpoint_permission_free(p);

    oft_deleted *d = item_ok(&oft__file_deleted_spec, ODD("deleted_odd"));
    assert_int_equal(d->deleted, 0); /* "true", a string, is not true */
    assert_string_equal(d->id, "file-abc123");
    oft_deleted_free(d);
}

static void uploads_odd(void **state)
{
    (void)state;
    oft_upload *u = item_ok(&oft__upload_spec, ODD("upload_nulls"));
    assert_int_equal(u->bytes, 0);
    assert_int_equal(u->created_at, OFT_TIME_NONE);
    assert_int_equal(u->expires_at, OFT_TIME_NONE);
    assert_null(u->filename);
    assert_int_equal(u->status, OFT_UPLOAD_STATUS_UNKNOWN);
    assert_null(u->status_raw);
    assert_null(u->file);
    oft_upload_free(u);

    oft_upload_part *p = item_ok(&oft__upload_part_spec, ODD("upload_part_odd"));
    assert_int_equal(p->created_at, OFT_TIME_NONE);
    assert_null(p->upload_id);
    oft_upload_part_free(p);
}

static void graders_odd(void **state)
{
    (void)state;
    oft_grader_run_result *r = item_ok(&oft__grader_run_spec, ODD("grader_run_nulls"));
    assert_true(isnan(r->reward));
    assert_null(r->metadata.name);
    assert_true(isnan(r->metadata.execution_time));
    assert_int_equal(r->metadata.errors.other_error, 0);
    assert_int_equal(r->metadata.scores_count, 0);
    assert_int_equal(r->sub_rewards_count, 0);
    assert_null(r->sub_rewards_json);
    oft_grader_run_result_free(r);

    r = item_ok(&oft__grader_run_spec, ODD("grader_run_odd"));
    assert_true(isnan(r->reward)); /* "1.0": a string */
    assert_null(r->metadata.name);
    assert_string_equal(r->metadata.type, "string_check");
    assert_int_equal(r->metadata.errors.formula_parse_error, 0);
    assert_int_equal(r->metadata.errors.other_error, 1);
    assert_null(r->metadata.errors.python_grader_server_error_type);
    assert_true(isnan(r->metadata.execution_time));
    assert_int_equal(r->metadata.scores_count, 2); /* the numbers only */
    assert_string_equal(r->metadata.token_usage_json, "3");
    assert_null(r->metadata.sampled_model_name);
    assert_int_equal(r->sub_rewards_count, 1);
    assert_string_equal(r->sub_rewards[0].name, "a");
    assert_true(r->sub_rewards[0].value == 0.25);
    oft_grader_run_result_free(r);

    oft_grader_validation *v =
        item_ok(&oft__grader_validation_spec, ODD("grader_validation_nulls"));
    assert_null(v->grader_json);
    assert_null(v->type);
    assert_null(v->name);
    oft_grader_validation_free(v);
}

static void lists_odd(void **state)
{
    (void)state;
    oft__list l;
    int rc = parse_list(&oft__job_spec, ODD("list_no_data"), &l);
    assert_error_has(rc, OFT_EPARSE, "fine_tuning.job list: no \"data\" array");
    oft__list_dispose(&l, oft__job_spec.free_item);
    rc = parse_list(&oft__job_spec, ODD("list_data_null"), &l);
    assert_error_has(rc, OFT_EPARSE, "no \"data\" array");
    oft__list_dispose(&l, oft__job_spec.free_item);
    rc = parse_list(&oft__job_spec, ODD("list_bad_item"), &l);
    assert_error_has(rc, OFT_EPARSE, "fine_tuning.job list: item 1: missing id");
    assert_int_equal(l.count, 0);
    oft__list_dispose(&l, oft__job_spec.free_item);

    assert_int_equal(parse_list(&oft__job_spec, ODD("list_odd_envelope"), &l), OFT_OK);
    assert_int_equal(l.count, 2);
    assert_int_equal(l.has_more, 0); /* "yes" is not true */
    assert_null(l.first_id);         /* 5 */
    assert_null(l.last_id);
    assert_null(l.next_after);
    oft__list_dispose(&l, oft__job_spec.free_item);

    /* has_more with nothing to go on: no cursor, so no next page to loop on. */
    assert_int_equal(parse_list(&oft__file_spec, ODD("list_more_empty"), &l), OFT_OK);
    assert_int_equal(l.count, 0);
    assert_int_equal(l.has_more, 1);
    assert_null(l.next_after);
    oft__list_dispose(&l, oft__file_spec.free_item);

    /* Permissions page by the envelope's last_id. */
    assert_int_equal(parse_list(&oft__permission_spec, ODD("permission_list_more"), &l),
                     OFT_OK);
    assert_string_equal(l.next_after, "cp_1");
    assert_string_equal(((oft_checkpoint_permission *)l.items[0])->project_id, "proj_a");
    oft__list_dispose(&l, oft__permission_spec.free_item);
}

static void api_error(const char *rel, int want, const char *type, const char *code,
                      const char *param, const char *message)
{
    size_t len;
    char *body = fixture_read(rel, &len);
    oft__api_error e;
    assert_int_equal(oft__json_api_error(body, len, &e), want);
#define EQ(got, exp) ((exp) ? assert_string_equal((got), (exp)) : assert_null(got))
    EQ(e.type, type);
    EQ(e.code, code);
    EQ(e.param, param);
    EQ(e.message, message);
#undef EQ
    oft__api_error_dispose(&e);
    free(body);
}

static void api_error_bodies(void **state)
{
    (void)state;
    api_error(ODD("error_nulls"), 0, NULL, NULL, NULL, NULL);
    api_error(ODD("error_odd"), 0, "requests", "429", "false", "Rate limit reached");
    api_error(ODD("error_string"), 0, NULL, NULL, NULL, "Internal server error");
    api_error(ODD("error_problem"), 0, "about:blank", NULL, NULL, NULL);
    size_t len;
    char *body = fixture_read(ODD("error_problem"), &len);
    oft__api_error e;
    assert_int_equal(oft__json_api_error(body, len, &e), 0);
    assert_string_equal(e.title, "Bad Gateway");
    assert_string_equal(e.detail, "upstream timed out");
    oft__api_error_dispose(&e);
    free(body);
    assert_int_equal(oft__json_api_error("[1]", 3, &e), -1);
    assert_int_equal(oft__json_api_error("<html>", 6, &e), -1);
    assert_null(e.message);
}

static void job_changes(void **state)
{
    (void)state;
    assert_int_equal(oft__job_json_changed("{\"id\":\"a\",\"estimated_finish\":1}",
                                           "{\"estimated_finish\":2,\"id\":\"a\"}"),
                     0);
    assert_int_equal(oft__job_json_changed("{\"id\":\"a\",\"status\":\"running\"}",
                                           "{\"id\":\"a\",\"status\":\"succeeded\"}"),
                     1);
    assert_int_equal(oft__job_json_changed("not json", "not json either"), 1);
    assert_int_equal(oft__job_json_changed("same", "same"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(job_nulls),
        cmocka_unit_test(job_unknown_fields),
        cmocka_unit_test(job_numbers_out_of_range),
        cmocka_unit_test(job_wrong_types),
        cmocka_unit_test(identities_and_bodies),
        cmocka_unit_test(huge_strings),
        cmocka_unit_test(event_odd),
        cmocka_unit_test(metrics_data),
        cmocka_unit_test(checkpoint_odd),
        cmocka_unit_test(files_models_permissions),
        cmocka_unit_test(uploads_odd),
        cmocka_unit_test(graders_odd),
        cmocka_unit_test(lists_odd),
        cmocka_unit_test(api_error_bodies),
        cmocka_unit_test(job_changes),
    };
    return cmocka_run_group_tests(tests, client_setup, client_teardown);
}
