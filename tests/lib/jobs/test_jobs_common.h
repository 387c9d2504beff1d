/*
 * Shared set-up of the jobs area's suites: an in-process emulator on
 * loopback and a client pointed at it, with fast retries.
 */
#ifndef OFT_TEST_JOBS_COMMON_H
#define OFT_TEST_JOBS_COMMON_H

#include "test_common.h"

#define TEST_KEY "sk-test-jobs-secret-0123456789"

typedef struct fixture {
    oft_emu *emu;
    oft_client *c;
} fixture;

static inline fixture *fixture_new(double job_duration_s, int max_retries)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    test_start(&f->emu, &f->c, job_duration_s, TEST_KEY, "sk-admin-test", max_retries);
    return f;
}

static inline void fixture_free(fixture *f)
{
    if (!f)
        return;
    test_stop(f->emu, f->c);
    free(f);
}

static inline int setup_plain(void **state)
{
    *state = fixture_new(0, 0);
    return 0;
}

static inline int teardown_plain(void **state)
{
    fixture_free(*state);
    return 0;
}

/* The last request matching method/prefix: its path+query and body. */
static inline void last_request(oft_emu *emu, const char *method, const char *prefix,
                                char *path, size_t path_cap, char *body, size_t body_cap)
{
    assert_int_equal(oft_emu_last_request(emu, method, prefix, NULL, NULL, 0, path,
                                          path_cap, body, body_cap),
                     0);
}

/* Uploads a small valid chat training file to the emulator and creates a
 * supervised job from it; returns the new job (free with oft_job_free). */
static inline oft_job *emulated_job(fixture *f)
{
    char path[] = "/tmp/oft-test-train-XXXXXX.jsonl";
    int fd = mkstemps(path, 6);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    for (int i = 0; i < 12; i++)
        fprintf(fp,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"q%d\"},"
                "{\"role\":\"assistant\",\"content\":\"a%d\"}]}\n",
                i, i);
    fclose(fp);
    oft_file *file = NULL;
    int rc = oft_file_upload(&file, f->c, path, NULL);
    unlink(path);
    if (rc != OFT_OK)
        fail_msg("upload: %s", oft_error_message(oft_client_last_error(f->c)));
    oft_job_create_options o = OFT_JOB_CREATE_OPTIONS_INIT;
    oft_job *job = NULL;
    o.model = "gpt-4o-mini-2024-07-18";
    o.training_file = file->id;
    rc = oft_job_create(&job, f->c, &o);
    oft_file_free(file);
    if (rc != OFT_OK)
        fail_msg("create: %s", oft_error_message(oft_client_last_error(f->c)));
    return job;
}

static inline int setup_timed(void **state)
{
    *state = fixture_new(1.0, 2);
    return 0;
}

#endif
