/*
 * Every *_options_init alike: it writes the defaults (the struct's INIT
 * macro) and the version into exactly the bytes of the version it is given,
 * so that a caller built against an older header, whose struct is shorter,
 * keeps the memory after it; OFT_EINVAL for a NULL struct, OFT_EVERSION for a
 * version this library does not know (and nothing written).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "openai_ft.h"

#define GUARD 64
#define FILL  0xA5

typedef struct init_case {
    const char *name;
    int (*init)(void *opts, unsigned int version);
    const void *dflt; /* the INIT macro's value */
    size_t size;      /* sizeof the struct of this header */
    size_t v1_size;   /* the struct of a caller built against version 1 */
    unsigned int max; /* OFT_X_OPTIONS_VERSION */
} init_case;

/* A typed call of each init through one signature, and its INIT value. */
#define CASE(type, fn, init_macro)                                                       \
    static int fn##_call(void *opts, unsigned int version)                               \
    {                                                                                    \
        return fn((type *)opts, version);                                                \
    }                                                                                    \
    static const type fn##_dflt = init_macro;

CASE(oft_client_options, oft_client_options_init, OFT_CLIENT_OPTIONS_INIT)
CASE(oft_job_create_options, oft_job_create_options_init, OFT_JOB_CREATE_OPTIONS_INIT)
CASE(oft_job_list_options, oft_job_list_options_init, OFT_JOB_LIST_OPTIONS_INIT)
CASE(oft_event_list_options, oft_event_list_options_init, OFT_EVENT_LIST_OPTIONS_INIT)
CASE(oft_checkpoint_list_options, oft_checkpoint_list_options_init,
     OFT_CHECKPOINT_LIST_OPTIONS_INIT)
CASE(oft_checkpoint_permission_list_options, oft_checkpoint_permission_list_options_init,
     OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_INIT)
CASE(oft_wait_options, oft_wait_options_init, OFT_WAIT_OPTIONS_INIT)
CASE(oft_file_upload_options, oft_file_upload_options_init, OFT_FILE_UPLOAD_OPTIONS_INIT)
CASE(oft_file_list_options, oft_file_list_options_init, OFT_FILE_LIST_OPTIONS_INIT)
CASE(oft_upload_create_options, oft_upload_create_options_init,
     OFT_UPLOAD_CREATE_OPTIONS_INIT)
CASE(oft_jsonl_options, oft_jsonl_options_init, OFT_JSONL_OPTIONS_INIT)

#define ENTRY(type, fn, v1_size, max)                                                    \
    {                                                                                    \
#fn, fn##_call, &fn##_dflt, sizeof(type), v1_size, max                           \
    }

static const init_case cases[] = {
    /* Version 2 added max_response_bytes. */
    ENTRY(oft_client_options, oft_client_options_init,
          offsetof(oft_client_options, max_response_bytes), OFT_CLIENT_OPTIONS_VERSION),
    ENTRY(oft_job_create_options, oft_job_create_options_init,
          sizeof(oft_job_create_options), OFT_JOB_CREATE_OPTIONS_VERSION),
    ENTRY(oft_job_list_options, oft_job_list_options_init, sizeof(oft_job_list_options),
          OFT_JOB_LIST_OPTIONS_VERSION),
    ENTRY(oft_event_list_options, oft_event_list_options_init,
          sizeof(oft_event_list_options), OFT_EVENT_LIST_OPTIONS_VERSION),
    ENTRY(oft_checkpoint_list_options, oft_checkpoint_list_options_init,
          sizeof(oft_checkpoint_list_options), OFT_CHECKPOINT_LIST_OPTIONS_VERSION),
    ENTRY(oft_checkpoint_permission_list_options,
          oft_checkpoint_permission_list_options_init,
          sizeof(oft_checkpoint_permission_list_options),
          OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION),
    ENTRY(oft_wait_options, oft_wait_options_init, sizeof(oft_wait_options),
          OFT_WAIT_OPTIONS_VERSION),
    ENTRY(oft_file_upload_options, oft_file_upload_options_init,
          sizeof(oft_file_upload_options), OFT_FILE_UPLOAD_OPTIONS_VERSION),
    ENTRY(oft_file_list_options, oft_file_list_options_init,
          sizeof(oft_file_list_options), OFT_FILE_LIST_OPTIONS_VERSION),
    ENTRY(oft_upload_create_options, oft_upload_create_options_init,
          sizeof(oft_upload_create_options), OFT_UPLOAD_CREATE_OPTIONS_VERSION),
    /* Version 2 added min_examples. */
    ENTRY(oft_jsonl_options, oft_jsonl_options_init,
          offsetof(oft_jsonl_options, min_examples), OFT_JSONL_OPTIONS_VERSION),
};

static void assert_filled(const unsigned char *buf, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (buf[i] != v)
            fail_msg("byte %zu is 0x%02x, not 0x%02x", i, buf[i], v);
}

/* init(buf, version) writes the defaults of `version` into n bytes: the INIT
 * value with that version. (buf starts zeroed, as the static INIT value's
 * padding is, so that a copy member by member compares equal too.) */
static void assert_defaults(const init_case *t, size_t n, unsigned int version)
{
    unsigned char buf[1024];
    unsigned int got;
    memset(buf, 0, sizeof(buf));
    assert_int_equal(t->init(buf, version), OFT_OK);
    memcpy(&got, buf, sizeof(got));
    assert_int_equal(got, version);
    if (memcmp(buf + sizeof(got), (const unsigned char *)t->dflt + sizeof(got),
               n - sizeof(got)) != 0)
        fail_msg("%s: the defaults differ from the INIT macro", t->name);
}

static void test_version_1_buffer(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const init_case *t = &cases[i];
        unsigned char buf[1024];
        print_message("%s: version 1 is %zu bytes\n", t->name, t->v1_size);
        assert_true(t->v1_size + GUARD <= sizeof(buf));
        memset(buf, FILL, sizeof(buf));
        assert_int_equal(t->init(buf, 1), OFT_OK);
        assert_filled(buf + t->v1_size, GUARD, FILL);
        assert_defaults(t, t->v1_size, 1);
    }
}

static void test_current_version(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const init_case *t = &cases[i];
        unsigned char buf[1024];
        memset(buf, FILL, sizeof(buf));
        assert_int_equal(t->init(buf, t->max), OFT_OK);
        assert_filled(buf + t->size, GUARD, FILL);
        assert_defaults(t, t->size, t->max);
    }
}

static void test_bad_arguments(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const init_case *t = &cases[i];
        unsigned char buf[1024];
        print_message("%s\n", t->name);
        assert_int_equal(t->init(NULL, 1), OFT_EINVAL);
        assert_int_equal(t->init(NULL, 0), OFT_EINVAL);
        memset(buf, FILL, sizeof(buf));
        assert_int_equal(t->init(buf, 0), OFT_EVERSION);
        assert_int_equal(t->init(buf, t->max + 1), OFT_EVERSION);
        assert_int_equal(t->init(buf, 0xffffffffu), OFT_EVERSION);
        assert_filled(buf, t->size + GUARD, FILL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_1_buffer),
        cmocka_unit_test(test_current_version),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
