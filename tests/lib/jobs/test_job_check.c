/*
 * oft_job_create_options_check(): every rule oft_job_create() applies before
 * sending, reached with no client and no server; each failure names the
 * field and the rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <openai_ft.h>

static oft_job_create_options base(void)
{
    oft_job_create_options o = OFT_JOB_CREATE_OPTIONS_INIT;
    o.model = "gpt-4o-mini-2024-07-18";
    o.training_file = "file-train";
    return o;
}

static oft_hp_num num(double v)
{
    oft_hp_num h = {OFT_HP_VALUE, v};
    return h;
}

/* Checks o and expects status rc and, on failure, a message starting with
 * want (the field and the rule). */
static void expect(const oft_job_create_options *o, int rc, const char *want)
{
    oft_error *err = (oft_error *)1;
    assert_int_equal(oft_job_create_options_check(o, &err), rc);
    if (rc == OFT_OK) {
        assert_null(err);
        return;
    }
    assert_non_null(err);
    assert_int_equal(oft_error_status(err), rc);
    const char *msg = oft_error_message(err);
    if (strncmp(msg, want, strlen(want)) != 0)
        fail_msg("message \"%s\" does not start with \"%s\"", msg, want);
    oft_error_free(err);
}

static void test_valid(void **state)
{
    (void)state;
    oft_job_create_options o = base();
    expect(&o, OFT_OK, NULL);
    o.suffix = "my-model";
    o.seed = 2147483647;
    o.n_epochs = num(50);
    o.batch_size = num(256);
    o.learning_rate_multiplier.mode = OFT_HP_AUTO;
    expect(&o, OFT_OK, NULL);
    /* err may be NULL */
    assert_int_equal(oft_job_create_options_check(&o, NULL), OFT_OK);
    o.n_epochs = num(51);
    assert_int_equal(oft_job_create_options_check(&o, NULL), OFT_EINVAL);
}

static void test_required_and_version(void **state)
{
    (void)state;
    oft_job_create_options o = base();
    expect(NULL, OFT_EINVAL, "opts: required");
    o.model = "";
    expect(&o, OFT_EINVAL, "model: required");
    o = base();
    o.training_file = NULL;
    expect(&o, OFT_EINVAL, "training_file: must not be NULL");
    o = base();
    o.validation_file = "..";
    expect(&o, OFT_EINVAL, "validation_file: \"..\" is not a valid ID");
    o = base();
    o.version = 99;
    expect(&o, OFT_EVERSION, "oft_job_create_options: version 99");
}

static void test_ranges(void **state)
{
    (void)state;
    oft_job_create_options o = base();
    o.suffix = "";
    expect(&o, OFT_EINVAL, "suffix: must not be empty");
    o.suffix = "0123456789012345678901234567890123456789012345678901234567890123x";
    expect(&o, OFT_EINVAL, "suffix: longer than 64 characters");
    o = base();
    o.seed = OFT_NONE; /* not sent */
    expect(&o, OFT_OK, NULL);
    o.seed = 0;
    expect(&o, OFT_OK, NULL);
    o.seed = -2;
    expect(&o, OFT_EINVAL, "seed: must be in [0, 2147483647] (got -2)");
    o.seed = 2147483648LL;
    expect(&o, OFT_EINVAL, "seed: must be in [0, 2147483647]");
    o = base();
    o.n_epochs = num(0);
    expect(&o, OFT_EINVAL, "n_epochs: must be in [1, 50] (got 0)");
    o.n_epochs = num(2.5);
    expect(&o, OFT_EINVAL, "n_epochs: must be an integer (got 2.5)");
    o = base();
    o.batch_size = num(257);
    expect(&o, OFT_EINVAL, "batch_size: must be in [1, 256] (got 257)");
    o = base();
    o.learning_rate_multiplier = num(0);
    expect(&o, OFT_EINVAL, "learning_rate_multiplier: must be > 0 (got 0)");
    o = base();
    o.hyperparameters.n_epochs = num(60);
    expect(&o, OFT_EINVAL, "hyperparameters.n_epochs: must be in [1, 50] (got 60)");
    o = base();
    o.method_type = OFT_METHOD_DPO;
    o.beta = num(2.5);
    expect(&o, OFT_EINVAL, "beta: must be in (0, 2] (got 2.5)");
    o.beta = num(0);
    expect(&o, OFT_EINVAL, "beta: must be in (0, 2] (got 0)");
    o.beta = num(2);
    expect(&o, OFT_OK, NULL);
}

static void test_methods(void **state)
{
    (void)state;
    oft_job_create_options o = base();
    o.method_type = 9;
    expect(&o, OFT_EINVAL, "method_type: unknown method 9");
    o = base();
    o.beta = num(1);
    expect(&o, OFT_EINVAL, "beta: not a hyperparameter of method (unset method_type)");
    o.n_epochs = num(3); /* supervised by default */
    expect(&o, OFT_EINVAL, "beta: not a hyperparameter of method supervised");
    o = base();
    o.method_type = OFT_METHOD_REINFORCEMENT;
    expect(&o, OFT_EINVAL, "grader_json: required by the reinforcement method");
    o.grader_json = "{\"type\":\"string_check\"}";
    o.compute_multiplier = num(11);
    expect(&o, OFT_EINVAL, "compute_multiplier: must be in (1e-05, 10] (got 11)");
    o.compute_multiplier = num(1);
    o.reasoning_effort = "extreme";
    expect(&o, OFT_EINVAL, "reasoning_effort: must be default, low, medium or high");
    o.reasoning_effort = "high";
    o.eval_interval = num(0);
    expect(&o, OFT_EINVAL, "eval_interval: must be >= 1 (got 0)");
    o.eval_interval = num(1);
    expect(&o, OFT_OK, NULL);
    o.grader_json = "{not json";
    expect(&o, OFT_EINVAL, "grader_json");
    o = base();
    o.grader_json = "{}";
    expect(&o, OFT_EINVAL, "grader_json: only for the reinforcement method");
}

static void test_lists_and_text(void **state)
{
    (void)state;
    oft_job_create_options o = base();
    oft_kv md[17];
    for (size_t i = 0; i < 17; i++)
        md[i].key = md[i].value = "v";
    o.metadata = md;
    o.metadata_count = 17;
    expect(&o, OFT_EINVAL, "metadata: at most 16 pairs (got 17)");
    o.metadata_count = 1;
    md[0].value = "\xff";
    expect(&o, OFT_EINVAL, "metadata[0].value: not valid UTF-8");
    o = base();
    oft_wandb_options w[6];
    memset(w, 0, sizeof(w));
    o.integrations = w;
    o.integrations_count = 6;
    expect(&o, OFT_EINVAL, "integrations: at most 5 (got 6)");
    o.integrations_count = 1;
    expect(&o, OFT_EINVAL, "integrations[0].project: required");
    o = base();
    o.extra_body_json = "[1]";
    expect(&o, OFT_EINVAL, "extra_body_json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_required_and_version),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_lists_and_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
