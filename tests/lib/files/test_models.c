/*
 * Models over real HTTP against the emulator: list, retrieve, delete (a
 * fine-tuned model made by a finished job), and the errors.
 */
#include "test_files_common.h"

static void test_list_and_retrieve(void **state)
{
    fixture *f = *state;
    oft_model_page *page = NULL;
    assert_int_equal(oft_model_list(&page, f->c), OFT_OK);
    assert_true(page->count > 1);
    assert_non_null(page->request_id);
    int found = 0;
    for (size_t i = 0; i < page->count; i++) {
        assert_non_null(page->items[i]->id);
        assert_non_null(page->items[i]->raw_json);
        found += strcmp(page->items[i]->id, "gpt-4o-mini") == 0;
    }
    assert_int_equal(found, 1);
    oft_model_page_free(page);
    oft_model_page_free(NULL);

    oft_model *m = NULL;
    assert_int_equal(oft_model_retrieve(&m, f->c, "gpt-4o-mini"), OFT_OK);
    assert_string_equal(m->id, "gpt-4o-mini");
    assert_string_equal(m->object, "model");
    assert_non_null(m->owned_by);
    assert_true(m->created > 0);
    assert_null(m->shutdown_date);
    assert_non_null(m->request_id);
    oft_model_free(m);
    oft_model_free(NULL);
}

static void test_errors(void **state)
{
    fixture *f = *state;
    oft_model *m = (oft_model *)1;
    assert_int_equal(oft_model_retrieve(&m, f->c, "gpt-nope"), OFT_ENOTFOUND);
    assert_null(m);
    assert_int_equal(oft_error_http_status(oft_client_last_error(f->c)), 404);

    /* Fine-tuned IDs keep ':' literal; '/' is escaped. */
    assert_int_equal(oft_model_retrieve(&m, f->c, "ft:gpt-4o-mini:org:x/y:abc"),
                     OFT_ENOTFOUND);
    char p[256] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/models", NULL, NULL, 0, p,
                                          sizeof(p), NULL, 0),
                     0);
    assert_string_equal(p, "/v1/models/ft:gpt-4o-mini:org:x%2Fy:abc");

    size_t before = oft_emu_request_count(f->emu, NULL, "/");
    assert_int_equal(oft_model_retrieve(&m, f->c, ""), OFT_EINVAL);
    assert_error_mentions(f->c, "model_id");
    assert_int_equal(oft_model_retrieve(&m, f->c, NULL), OFT_EINVAL);
    assert_int_equal(oft_model_retrieve(&m, f->c, "."), OFT_EINVAL);
    oft_deleted *d = (oft_deleted *)1;
    assert_int_equal(oft_model_delete(&d, f->c, NULL), OFT_EINVAL);
    assert_null(d);
    assert_int_equal(oft_model_list(NULL, f->c), OFT_EINVAL);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, "/"), before);

    /* A base model cannot be deleted: 403. */
    assert_int_equal(oft_model_delete(&d, f->c, "gpt-4o-mini"), OFT_EPERM);
    assert_null(d);
    assert_string_equal(oft_error_code(oft_client_last_error(f->c)),
                        "model_not_deletable");

    /* A 500 with retries off surfaces as OFT_ESERVER. */
    assert_int_equal(
        oft_emu_script(f->emu, "GET", "/models", 1, 500, NULL,
                       "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\","
                       "\"param\":null,\"code\":null}}",
                       0, 0),
        0);
    oft_model_page *page = NULL;
    assert_int_equal(oft_model_list(&page, f->c), OFT_ESERVER);
    assert_null(page);
    assert_error_mentions(f->c, "boom");

    /* A body that is not a model list. */
    assert_int_equal(
        oft_emu_script(f->emu, "GET", "/models", 1, 200, NULL, "[1,2]", 0, 0), 0);
    assert_int_equal(oft_model_list(&page, f->c), OFT_EPARSE);
    assert_null(page);
}

static void test_delete_fine_tuned(void **state)
{
    fixture *f = *state;
    char path[512];
    test_path(f, "train.jsonl", path, sizeof(path));
    write_jsonl(path, 20);
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload(&file, f->c, path, NULL), OFT_OK);

    oft_job_create_options jo = OFT_JOB_CREATE_OPTIONS_INIT;
    jo.model = "gpt-4o-mini-2024-07-18";
    jo.training_file = file->id;
    oft_job *job = NULL;
    assert_int_equal(oft_job_create(&job, f->c, &jo), OFT_OK);
    assert_int_equal(oft_emu_job_finish(f->emu, job->id), 0);
    oft_job *done = NULL;
    assert_int_equal(oft_job_retrieve(&done, f->c, job->id), OFT_OK);
    assert_non_null(done->fine_tuned_model);
    const char *ft = done->fine_tuned_model;

    oft_model *m = NULL;
    assert_int_equal(oft_model_retrieve(&m, f->c, ft), OFT_OK);
    assert_string_equal(m->id, ft);
    oft_model_free(m);

    oft_deleted *d = NULL;
    assert_int_equal(oft_model_delete(&d, f->c, ft), OFT_OK);
    assert_string_equal(d->id, ft);
    assert_true(d->deleted);
    assert_non_null(d->request_id);
    oft_deleted_free(d);
    oft_deleted_free(NULL);

    assert_int_equal(oft_model_retrieve(&m, f->c, ft), OFT_ENOTFOUND);
    assert_int_equal(oft_model_delete(&d, f->c, ft), OFT_ENOTFOUND);

    oft_job_free(done);
    oft_job_free(job);
    oft_file_free(file);
}

/* A model body without an id, or a list without data, is an error. */
static void test_garbage_bodies_fail(void **state)
{
    fixture *f = *state;
    oft_model *m = (oft_model *)1;
    oft_emu_script(f->emu, "GET", "/models/gpt-g", 1, 200, NULL, "{\"object\":\"model\"}",
                   0, 0);
    assert_int_equal(oft_model_retrieve(&m, f->c, "gpt-g"), OFT_EPARSE);
    assert_null(m);
    assert_error_mentions(f->c, "model: missing id");
    oft_model_page *page = (oft_model_page *)1;
    oft_emu_script(f->emu, "GET", "/models", 1, 200, NULL, "{\"object\":\"list\"}", 0, 0);
    assert_int_equal(oft_model_list(&page, f->c), OFT_EPARSE);
    assert_null(page);
    assert_error_mentions(f->c, "model list: no \"data\" array");
    oft_emu_script(f->emu, "GET", "/models", 1, 200, NULL, "{\"data\":[{}]}", 0, 0);
    assert_int_equal(oft_model_list(&page, f->c), OFT_EPARSE);
    assert_error_mentions(f->c, "model list: item 0: missing id");
    oft_emu_script_clear(f->emu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_list_and_retrieve, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_errors, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_delete_fine_tuned, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_garbage_bodies_fail, setup_plain,
                                        teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
