/* Job checkpoints over real HTTP: every metric, absent metrics, pages. */
#include <math.h>

#include "test_jobs_common.h"

#define CKPTS "/fine_tuning/jobs/ftjob-ck/checkpoints"

static void test_checkpoint_fields(void **state)
{
    fixture *f = *state;
    oft_checkpoint_page *p = NULL;
    oft_emu_script(
        f->emu, "GET", CKPTS, 1, 200, "x-request-id: req_ck",
        "{\"object\":\"list\",\"first_id\":\"ftckpt_2\",\"last_id\":\"ftckpt_1\","
        "\"has_more\":true,\"data\":[{\"object\":\"fine_tuning.job.checkpoint\","
        "\"id\":\"ftckpt_2\",\"created_at\":30,\"fine_tuned_model_checkpoint\":"
        "\"ft:gpt-4o-mini:org:sfx:abc:ckpt-step-2000\",\"step_number\":2000,"
        "\"fine_tuning_job_id\":\"ftjob-ck\",\"metrics\":{\"step\":2000,"
        "\"train_loss\":0.25,\"train_mean_token_accuracy\":0.9,\"valid_loss\":0.5,"
        "\"valid_mean_token_accuracy\":0.8,\"full_valid_loss\":0.6,"
        "\"full_valid_mean_token_accuracy\":0.7}},"
        "{\"id\":\"ftckpt_1\",\"step_number\":1000,\"metrics\":{\"train_loss\":1}}]}",
        0, 0);
    oft_checkpoint_list_options o = OFT_CHECKPOINT_LIST_OPTIONS_INIT;
    o.limit = 2;
    assert_int_equal(oft_checkpoint_list(&p, f->c, "ftjob-ck", &o), OFT_OK);
    assert_int_equal(p->count, 2);
    assert_true(p->has_more);
    assert_string_equal(p->first_id, "ftckpt_2");
    assert_string_equal(p->last_id, "ftckpt_1");
    const oft_checkpoint *c = p->items[0];
    assert_string_equal(c->id, "ftckpt_2");
    assert_string_equal(c->object, "fine_tuning.job.checkpoint");
    assert_int_equal(c->created_at, 30);
    assert_string_equal(c->fine_tuned_model_checkpoint,
                        "ft:gpt-4o-mini:org:sfx:abc:ckpt-step-2000");
    assert_int_equal(c->step_number, 2000);
    assert_string_equal(c->fine_tuning_job_id, "ftjob-ck");
    assert_string_equal(c->request_id, "req_ck");
    const oft_checkpoint_metrics *m = &c->metrics;
    assert_true(m->step == 2000);
    assert_true(m->train_loss == 0.25);
    assert_true(m->train_mean_token_accuracy == 0.9);
    assert_true(m->valid_loss == 0.5);
    assert_true(m->valid_mean_token_accuracy == 0.8);
    assert_true(m->full_valid_loss == 0.6);
    assert_true(m->full_valid_mean_token_accuracy == 0.7);
    m = &p->items[1]->metrics;
    assert_true(m->train_loss == 1);
    assert_true(isnan(m->step));
    assert_true(isnan(m->full_valid_mean_token_accuracy));
    oft_checkpoint_page_free(p);
    char path[256];
    last_request(f->emu, "GET", CKPTS, path, sizeof(path), NULL, 0);
    assert_string_equal(path, "/v1" CKPTS "?limit=2");
}

static void test_checkpoint_iterator(void **state)
{
    fixture *f = *state;
    oft_checkpoint_iter *it = NULL;
    const oft_checkpoint *c = NULL;
    oft_emu_script(
        f->emu, "GET", CKPTS, 1, 200, NULL,
        "{\"data\":[{\"id\":\"ftckpt_3\"},{\"id\":\"ftckpt_2\"}],\"has_more\":true}", 0,
        0);
    oft_emu_script(f->emu, "GET", CKPTS, 1, 200, NULL,
                   "{\"data\":[{\"id\":\"ftckpt_1\"}],\"has_more\":false}", 0, 0);
    assert_int_equal(oft_checkpoint_iter_new(&it, f->c, "ftjob-ck", NULL), OFT_OK);
    const char *want[] = {"ftckpt_3", "ftckpt_2", "ftckpt_1"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(oft_checkpoint_iter_next(&c, it), OFT_OK);
        assert_string_equal(c->id, want[i]);
    }
    assert_int_equal(oft_checkpoint_iter_next(&c, it), OFT_ITEROVER);
    char path[256];
    last_request(f->emu, "GET", CKPTS, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=ftckpt_2"));
    oft_checkpoint_iter_free(it);
    assert_int_equal(oft_checkpoint_iter_new(&it, f->c, "", NULL), OFT_EINVAL);
    assert_null(it);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_checkpoint_fields, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_checkpoint_iterator, setup_plain,
                                        teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
