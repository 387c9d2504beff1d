/*
 * Every JSON mapper on recorded answers, with no HTTP: the emulator's
 * (tests/fixtures/emulator/, made by tests/fixtures/record.py) and the
 * OpenAPI spec's examples (tests/fixtures/spec/, made by extract.py). Each
 * answer goes through the mapper's entry point as the resource calls it
 * (json/mappers.h's spec, json/list.h's engine), then every field the struct
 * has is checked against the JSON itself, read here with jansson: a string
 * equal or NULL when absent, null or not a string; a time equal or
 * OFT_TIME_NONE; an enum from its string, the string kept. The spec's
 * examples that are not JSON as written (*.as_written.json) are parse errors
 * naming the object.
 */
#include <math.h>

#include <jansson.h>

#include "fixture.h"

static json_t *load(const char *raw)
{
    json_error_t err;
    json_t *v = json_loads(raw, 0, &err);
    if (!v)
        fail_msg("raw_json does not parse: %s", err.text);
    return v;
}

static void eq_str(const char *got, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, json_string_value(v));
}

static void eq_int(int64_t got, const json_t *obj, const char *key, int64_t dflt)
{
    const json_t *v = json_object_get(obj, key);
    if (json_is_integer(v))
        assert_int_equal(got, json_integer_value(v));
    else if (json_is_real(v) && fabs(json_real_value(v)) < 9e18)
        assert_int_equal(got, (int64_t)json_real_value(v));
    else
        assert_int_equal(got, dflt);
}

static void eq_num(double got, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (json_is_number(v))
        assert_true(got == json_number_value(v));
    else
        assert_true(isnan(got));
}

static void eq_hp(oft_hp_num got, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (json_is_string(v) && strcmp(json_string_value(v), "auto") == 0) {
        assert_int_equal(got.mode, OFT_HP_AUTO);
    } else if (json_is_number(v)) {
        assert_int_equal(got.mode, OFT_HP_VALUE);
        assert_true(got.value == json_number_value(v));
    } else {
        assert_int_equal(got.mode, OFT_HP_UNSET);
    }
}

/* JSON text equal (as JSON) to obj[key]; NULL when that is absent or null. */
static void eq_json(const char *got, const json_t *obj, const char *key)
{
    const json_t *v = key ? json_object_get(obj, key) : obj;
    if (!v || json_is_null(v)) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    json_t *g = load(got);
    assert_true(json_equal(g, v));
    json_decref(g);
}

/* The index of s in names (n of them) plus `first`, else `other`. */
static int enum_of(const json_t *obj, const char *key, const char *const *names, int n,
                   int first, int other)
{
    const char *s = json_string_value(json_object_get(obj, key));
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return first + i;
    return other;
}

/* The envelope the engine gives every item: the request id, the JSON itself. */
static void eq_envelope(const char *request_id, const char *raw_json, const json_t *obj)
{
    assert_string_equal(request_id, FIXTURE_REQUEST_ID);
    eq_json(raw_json, obj, NULL);
}

static void check_job(const void *item, const json_t *o)
{
    static const char *const statuses[] = {
        "validating_files", "queued",    "running", "succeeded",
        "failed",           "cancelled", "paused"};
    static const char *const methods[] = {"supervised", "dpo", "reinforcement"};
    const oft_job *j = item;
    eq_str(j->id, o, "id");
    eq_str(j->object, o, "object");
    eq_int(j->created_at, o, "created_at", OFT_TIME_NONE);
    eq_str(j->model, o, "model");
    eq_str(j->organization_id, o, "organization_id");
    eq_str(j->status_raw, o, "status");
    assert_int_equal(j->status, enum_of(o, "status", statuses, 7, 1, 0));
    eq_str(j->training_file, o, "training_file");
    eq_str(j->validation_file, o, "validation_file");
    eq_str(j->fine_tuned_model, o, "fine_tuned_model");
    eq_int(j->finished_at, o, "finished_at", OFT_TIME_NONE);
    eq_int(j->trained_tokens, o, "trained_tokens", OFT_TIME_NONE);
    eq_int(j->seed, o, "seed", OFT_NONE);
    eq_int(j->estimated_finish, o, "estimated_finish", OFT_TIME_NONE);
    eq_str(j->user_provided_suffix, o, "user_provided_suffix");
    const json_t *files = json_object_get(o, "result_files");
    assert_int_equal(j->result_files_count, json_array_size(files));
    for (size_t i = 0; i < j->result_files_count; i++)
        assert_string_equal(j->result_files[i],
                            json_string_value(json_array_get(files, i)));
    const json_t *err = json_object_get(o, "error");
    if (json_is_string(json_object_get(err, "message"))) {
        assert_non_null(j->error);
        eq_str(j->error->message, err, "message");
        eq_str(j->error->code, err, "code");
        eq_str(j->error->param, err, "param");
    } else {
        assert_null(j->error);
    }
    const json_t *hp = json_object_get(o, "hyperparameters");
    if (json_is_object(hp)) {
        assert_non_null(j->hyperparameters);
        eq_hp(j->hyperparameters->n_epochs, hp, "n_epochs");
        eq_hp(j->hyperparameters->batch_size, hp, "batch_size");
        eq_hp(j->hyperparameters->learning_rate_multiplier, hp,
              "learning_rate_multiplier");
    } else {
        assert_null(j->hyperparameters);
    }
    const json_t *m = json_object_get(o, "method");
    if (json_is_object(m)) {
        assert_non_null(j->method);
        eq_str(j->method->type_raw, m, "type");
        assert_int_equal(j->method->type, enum_of(m, "type", methods, 3, 1,
                                                  json_object_get(m, "type") ? 4 : 0));
        const json_t *sub =
            json_object_get(m, json_string_value(json_object_get(m, "type")));
        const json_t *mhp = json_object_get(sub, "hyperparameters");
        eq_hp(j->method->hyperparameters.n_epochs, mhp, "n_epochs");
        eq_hp(j->method->hyperparameters.batch_size, mhp, "batch_size");
        eq_hp(j->method->hyperparameters.learning_rate_multiplier, mhp,
              "learning_rate_multiplier");
        eq_hp(j->method->hyperparameters.beta, mhp, "beta");
        eq_str(j->method->hyperparameters.reasoning_effort, mhp, "reasoning_effort");
        eq_json(j->method->grader_json, sub, "grader");
    } else {
        assert_null(j->method);
    }
    const json_t *md = json_object_get(o, "metadata");
    assert_int_equal(j->metadata_count, json_object_size(md));
    for (size_t i = 0; i < j->metadata_count; i++)
        eq_str(j->metadata[i].value, md, j->metadata[i].key);
    assert_int_equal(j->integrations_count,
                     json_array_size(json_object_get(o, "integrations")));
    eq_envelope(j->request_id, j->raw_json, o);
}

static void check_event(const void *item, const json_t *o)
{
    static const char *const levels[] = {"info", "warn", "error"};
    static const char *const types[] = {"message", "metrics"};
    const oft_event *e = item;
    eq_str(e->id, o, "id");
    eq_str(e->object, o, "object");
    eq_int(e->created_at, o, "created_at", OFT_TIME_NONE);
    eq_str(e->level_raw, o, "level");
    assert_int_equal(e->level, enum_of(o, "level", levels, 3, 1, 0));
    assert_string_equal(e->message, json_is_string(json_object_get(o, "message"))
                                        ? json_string_value(json_object_get(o, "message"))
                                        : "");
    eq_str(e->type_raw, o, "type");
    assert_int_equal(e->type,
                     enum_of(o, "type", types, 2, 1,
                             json_is_string(json_object_get(o, "type")) ? 3 : 0));
    eq_json(e->data_json, o, "data");
    eq_envelope(e->request_id, e->raw_json, o);
}

static void check_checkpoint(const void *item, const json_t *o)
{
    const oft_checkpoint *c = item;
    eq_str(c->id, o, "id");
    eq_str(c->object, o, "object");
    eq_int(c->created_at, o, "created_at", OFT_TIME_NONE);
    eq_str(c->fine_tuned_model_checkpoint, o, "fine_tuned_model_checkpoint");
    eq_int(c->step_number, o, "step_number", -1);
    eq_str(c->fine_tuning_job_id, o, "fine_tuning_job_id");
    const json_t *m = json_object_get(o, "metrics");
    const oft_checkpoint_metrics *x = &c->metrics;
    assert_int_equal(!isnan(x->step), json_is_number(json_object_get(m, "step")));
    eq_num(x->step, m, "step");
    assert_int_equal(!isnan(x->train_loss),
                     json_is_number(json_object_get(m, "train_loss")));
    eq_num(x->train_loss, m, "train_loss");
    eq_num(x->train_mean_token_accuracy, m, "train_mean_token_accuracy");
    eq_num(x->valid_loss, m, "valid_loss");
    eq_num(x->valid_mean_token_accuracy, m, "valid_mean_token_accuracy");
    eq_num(x->full_valid_loss, m, "full_valid_loss");
    eq_num(x->full_valid_mean_token_accuracy, m, "full_valid_mean_token_accuracy");
    eq_envelope(c->request_id, c->raw_json, o);
}

static void check_permission(const void *item, const json_t *o)
{
    const oft_checkpoint_permission *p = item;
    eq_str(p->id, o, "id");
    eq_str(p->object, o, "object");
    eq_int(p->created_at, o, "created_at", OFT_TIME_NONE);
    eq_str(p->project_id, o, "project_id");
    eq_envelope(p->request_id, p->raw_json, o);
}

static void check_file_fields(const oft_file *f, const json_t *o)
{
    static const char *const statuses[] = {"uploaded", "processed", "error"};
    eq_str(f->id, o, "id");
    eq_str(f->object, o, "object");
    eq_int(f->bytes, o, "bytes", 0);
    eq_int(f->created_at, o, "created_at", OFT_TIME_NONE);
    eq_int(f->expires_at, o, "expires_at", OFT_TIME_NONE);
    eq_str(f->filename, o, "filename");
    eq_str(f->purpose, o, "purpose");
    eq_str(f->status_raw, o, "status");
    assert_int_equal(f->status, enum_of(o, "status", statuses, 3, 1, 0));
    eq_str(f->status_details, o, "status_details");
}

static void check_file(const void *item, const json_t *o)
{
    const oft_file *f = item;
    check_file_fields(f, o);
    eq_envelope(f->request_id, f->raw_json, o);
}

static void check_model(const void *item, const json_t *o)
{
    const oft_model *m = item;
    eq_str(m->id, o, "id");
    eq_str(m->object, o, "object");
    eq_int(m->created, o, "created", OFT_TIME_NONE);
    eq_str(m->owned_by, o, "owned_by");
    eq_str(m->shutdown_date, o, "shutdown_date");
    eq_envelope(m->request_id, m->raw_json, o);
}

static void check_upload(const void *item, const json_t *o)
{
    static const char *const statuses[] = {"pending", "completed", "cancelled",
                                           "expired"};
    const oft_upload *u = item;
    eq_str(u->id, o, "id");
    eq_str(u->object, o, "object");
    eq_int(u->bytes, o, "bytes", 0);
    eq_int(u->created_at, o, "created_at", OFT_TIME_NONE);
    eq_int(u->expires_at, o, "expires_at", OFT_TIME_NONE);
    eq_str(u->filename, o, "filename");
    eq_str(u->purpose, o, "purpose");
    eq_str(u->status_raw, o, "status");
    assert_int_equal(u->status, enum_of(o, "status", statuses, 4, 1, 0));
    const json_t *f = json_object_get(o, "file");
    if (json_is_object(f)) {
        assert_non_null(u->file);
        check_file_fields(u->file, f);
        eq_json(u->file->raw_json, f, NULL);
    } else {
        assert_null(u->file);
    }
    eq_envelope(u->request_id, u->raw_json, o);
}

static void check_upload_part(const void *item, const json_t *o)
{
    const oft_upload_part *p = item;
    eq_str(p->id, o, "id");
    eq_str(p->object, o, "object");
    eq_int(p->created_at, o, "created_at", OFT_TIME_NONE);
    eq_str(p->upload_id, o, "upload_id");
    eq_envelope(p->request_id, p->raw_json, o);
}

static void check_deleted(const void *item, const json_t *o)
{
    const oft_deleted *d = item;
    eq_str(d->id, o, "id");
    eq_str(d->object, o, "object");
    assert_int_equal(d->deleted, json_is_true(json_object_get(o, "deleted")));
    eq_envelope(d->request_id, d->raw_json, o);
}

static void check_validation(const void *item, const json_t *o)
{
    const oft_grader_validation *v = item;
    const json_t *g = json_object_get(o, "grader");
    eq_json(v->grader_json, o, "grader");
    eq_str(v->type, g, "type");
    eq_str(v->name, g, "name");
    eq_envelope(v->request_id, v->raw_json, o);
}

static void check_grader_run(const void *item, const json_t *o)
{
    const oft_grader_run_result *r = item;
    const json_t *m = json_object_get(o, "metadata");
    const json_t *e = json_object_get(m, "errors");
    eq_num(r->reward, o, "reward");
    eq_str(r->metadata.name, m, "name");
    eq_str(r->metadata.type, m, "type");
    eq_num(r->metadata.execution_time, m, "execution_time");
    eq_str(r->metadata.sampled_model_name, m, "sampled_model_name");
    assert_int_equal(r->metadata.errors.formula_parse_error,
                     json_is_true(json_object_get(e, "formula_parse_error")));
    assert_int_equal(r->metadata.errors.model_grader_refusal_error,
                     json_is_true(json_object_get(e, "model_grader_refusal_error")));
    eq_str(r->metadata.errors.python_grader_server_error_type, e,
           "python_grader_server_error_type");
    eq_json(r->metadata.scores_json, m, "scores");
    eq_json(r->metadata.token_usage_json, m, "token_usage");
    eq_json(r->sub_rewards_json, o, "sub_rewards");
    eq_envelope(r->request_id, r->raw_json, o);
}

typedef void (*check_fn)(const void *item, const json_t *obj);

typedef struct answer {
    const char *name; /* tests/fixtures/<dir>/<name>.json */
    const oft__object_spec *spec;
    int list;
    check_fn check;
} answer;

/* The answers both directories hold (a name missing from one is skipped). */
static const answer answers[] = {
    {"job", &oft__job_spec, 0, check_job},
    {"job_create", &oft__job_spec, 0, check_job},
    {"job_list", &oft__job_spec, 1, check_job},
    {"event", &oft__event_spec, 0, check_event},
    {"event_list", &oft__event_spec, 1, check_event},
    {"checkpoint", &oft__checkpoint_spec, 0, check_checkpoint},
    {"checkpoint_list", &oft__checkpoint_spec, 1, check_checkpoint},
    {"permission", &oft__permission_spec, 0, check_permission},
    {"permission_create", &oft__permission_spec, 1, check_permission},
    {"permission_list", &oft__permission_spec, 1, check_permission},
    {"permission_deleted", &oft__permission_deleted_spec, 0, check_deleted},
    {"file", &oft__file_spec, 0, check_file},
    {"file_retrieve", &oft__file_spec, 0, check_file},
    {"file_list", &oft__file_spec, 1, check_file},
    {"file_deleted", &oft__file_deleted_spec, 0, check_deleted},
    {"model", &oft__model_spec, 0, check_model},
    {"model_list", &oft__model_spec, 1, check_model},
    {"model_deleted", &oft__model_deleted_spec, 0, check_deleted},
    {"upload", &oft__upload_spec, 0, check_upload},
    {"upload_completed", &oft__upload_spec, 0, check_upload},
    {"upload_part", &oft__upload_part_spec, 0, check_upload_part},
    {"grader_validation", &oft__grader_validation_spec, 0, check_validation},
    {"grader_run", &oft__grader_run_spec, 0, check_grader_run},
};
#define N_ANSWERS (sizeof(answers) / sizeof(answers[0]))

static int exists(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", OFT_FIXTURES_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

static void check_list(const answer *a, const char *rel)
{
    oft__list l;
    int rc = parse_list(a->spec, rel, &l);
    if (rc != OFT_OK)
        fail_msg("%s: %s", rel, oft_error_message(oft_client_last_error(client)));
    size_t len;
    char *body = fixture_read(rel, &len);
    json_t *root = load(body);
    const json_t *data = json_object_get(root, "data");
    assert_int_equal(l.count, json_array_size(data));
    assert_int_equal(l.has_more, json_is_true(json_object_get(root, "has_more")));
    eq_str(l.first_id, root, "first_id");
    eq_str(l.last_id, root, "last_id");
    if (!l.has_more)
        assert_null(l.next_after);
    for (size_t i = 0; i < l.count; i++)
        a->check(l.items[i], json_array_get(data, i));
    json_decref(root);
    free(body);
    oft__list_dispose(&l, a->spec->free_item);
}

static void check_item(const answer *a, const char *rel)
{
    void *item = NULL;
    int rc = parse_item(a->spec, rel, &item);
    if (rc != OFT_OK)
        fail_msg("%s: %s", rel, oft_error_message(oft_client_last_error(client)));
    size_t len;
    char *body = fixture_read(rel, &len);
    json_t *root = load(body);
    a->check(item, root);
    json_decref(root);
    free(body);
    a->spec->free_item(item);
}

/* Every answer of dir through its mapper; returns how many there were. */
static size_t check_dir(const char *dir)
{
    size_t seen = 0;
    for (size_t i = 0; i < N_ANSWERS; i++) {
        char rel[256];
        snprintf(rel, sizeof(rel), "%s/%s.json", dir, answers[i].name);
        if (!exists(rel))
            continue;
        seen++;
        if (answers[i].list)
            check_list(&answers[i], rel);
        else
            check_item(&answers[i], rel);
    }
    return seen;
}

static void emulator_answers(void **state)
{
    (void)state;
    assert_int_equal(check_dir("emulator"), 20); /* record.py's, the error apart */
}

static void spec_examples(void **state)
{
    (void)state;
    assert_int_equal(check_dir("spec"), 20); /* extract.py's */
}

/* The spec's examples that are not JSON as written: a parse error naming the
 * object and where, nothing returned. */
static void spec_examples_as_written(void **state)
{
    (void)state;
    static const answer broken[] = {
        {"event", &oft__event_spec, 0, NULL},
        {"file", &oft__file_spec, 0, NULL},
        {"upload", &oft__upload_spec, 0, NULL},
        {"upload_completed", &oft__upload_spec, 0, NULL},
        {"job_list", &oft__job_spec, 1, NULL},
        {"file_list", &oft__file_spec, 1, NULL},
        {"model_list", &oft__model_spec, 1, NULL},
        {"permission_list", &oft__permission_spec, 1, NULL},
    };
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        char rel[256];
        snprintf(rel, sizeof(rel), "spec/%s.as_written.json", broken[i].name);
        int rc;
        if (broken[i].list) {
            oft__list l;
            rc = parse_list(broken[i].spec, rel, &l);
            assert_int_equal(l.count, 0);
            oft__list_dispose(&l, broken[i].spec->free_item);
        } else {
            void *item = NULL;
            rc = parse_item(broken[i].spec, rel, &item);
            assert_null(item);
        }
        assert_error_has(rc, OFT_EPARSE, broken[i].spec->what);
        assert_error_has(rc, OFT_EPARSE, "invalid JSON in the response at line");
    }
}

/* The emulator's error body through the API error mapper. */
static void emulator_error_body(void **state)
{
    (void)state;
    size_t len;
    char *body = fixture_read("emulator/error_not_found.json", &len);
    oft__api_error e;
    assert_int_equal(oft__json_api_error(body, len, &e), 0);
    json_t *root = load(body);
    const json_t *err = json_object_get(root, "error");
    eq_str(e.message, err, "message");
    eq_str(e.type, err, "type");
    eq_str(e.param, err, "param");
    assert_null(e.code); /* null in the answer */
    assert_non_null(e.message);
    oft__api_error_dispose(&e);
    json_decref(root);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emulator_answers),
        cmocka_unit_test(spec_examples),
        cmocka_unit_test(spec_examples_as_written),
        cmocka_unit_test(emulator_error_body),
    };
    return cmocka_run_group_tests(tests, client_setup, client_teardown);
}
