/*
 * Job events over real HTTP: field mapping, the page call, and an iterator
 * over 250 events in pages of 7 (newest first, each exactly once).
 */
#include "test_jobs_common.h"

#define EVENTS "/fine_tuning/jobs/ftjob-ev/events"

static void test_event_fields(void **state)
{
    fixture *f = *state;
    oft_event_page *p = NULL;
    oft_emu_script(
        f->emu, "GET", EVENTS, 1, 200, "x-request-id: req_ev",
        "{\"object\":\"list\",\"has_more\":false,\"data\":["
        "{\"object\":\"fine_tuning.job.event\",\"id\":\"ftevent-2\",\"created_at\":20,"
        "\"level\":\"warn\",\"message\":\"Step 2\",\"type\":\"metrics\","
        "\"data\":{\"step\":2,\"train_loss\":0.5}},"
        "{\"object\":\"fine_tuning.job.event\",\"id\":\"ftevent-1\",\"created_at\":10,"
        "\"level\":\"error\",\"message\":\"x\",\"type\":\"message\",\"data\":null},"
        "{\"id\":\"ftevent-0\",\"level\":\"loud\",\"type\":\"other\"}]}",
        0, 0);
    oft_event_list_options o = OFT_EVENT_LIST_OPTIONS_INIT;
    o.limit = 3;
    o.after = "ftevent-9";
    assert_int_equal(oft_event_list(&p, f->c, "ftjob-ev", &o), OFT_OK);
    assert_int_equal(p->count, 3);
    assert_false(p->has_more);
    assert_string_equal(p->request_id, "req_ev");
    const oft_event *e = p->items[0];
    assert_string_equal(e->id, "ftevent-2");
    assert_string_equal(e->object, "fine_tuning.job.event");
    assert_int_equal(e->created_at, 20);
    assert_int_equal(e->level, OFT_EVENT_LEVEL_WARN);
    assert_string_equal(e->level_raw, "warn");
    assert_string_equal(e->message, "Step 2");
    assert_int_equal(e->type, OFT_EVENT_TYPE_METRICS);
    assert_string_equal(e->data_json, "{\"step\":2,\"train_loss\":0.5}");
    assert_string_equal(e->request_id, "req_ev");
    assert_non_null(strstr(e->raw_json, "\"ftevent-2\""));
    e = p->items[1];
    assert_int_equal(e->level, OFT_EVENT_LEVEL_ERROR);
    assert_int_equal(e->type, OFT_EVENT_TYPE_MESSAGE);
    assert_null(e->data_json);
    e = p->items[2];
    assert_int_equal(e->level, OFT_EVENT_LEVEL_UNKNOWN);
    assert_int_equal(e->type, OFT_EVENT_TYPE_UNKNOWN);
    assert_string_equal(e->message, "");
    assert_int_equal(e->created_at, OFT_TIME_NONE);
    oft_event_page_free(p);
    char path[256];
    last_request(f->emu, "GET", EVENTS, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "limit=3"));
    assert_non_null(strstr(path, "after=ftevent-9"));

    assert_int_equal(oft_event_list(&p, f->c, "..", NULL), OFT_EINVAL);
    assert_error_mentions(f->c, "job_id");
    o.version = 0;
    assert_int_equal(oft_event_list(&p, f->c, "ftjob-ev", &o), OFT_EVERSION);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 1);
}

/* Scripts `total` events (ids ftevent-<n>, newest first) in pages of `limit`. */
static void script_event_pages(oft_emu *emu, int total, int limit)
{
    for (int start = total; start > 0; start -= limit) {
        size_t cap = 256 + (size_t)limit * 128, len = 0;
        char *body = malloc(cap);
        if (!body)
            abort();
        len += (size_t)snprintf(body + len, cap - len, "{\"object\":\"list\",\"data\":[");
        for (int n = start; n > start - limit && n > 0; n--)
            len +=
                (size_t)snprintf(body + len, cap - len,
                                 "%s{\"id\":\"ftevent-%d\",\"created_at\":%d,\"level\":"
                                 "\"info\",\"message\":\"event %d\"}",
                                 n == start ? "" : ",", n, n, n);
        snprintf(body + len, cap - len, "],\"has_more\":%s}",
                 start - limit > 0 ? "true" : "false");
        assert_int_equal(oft_emu_script(emu, "GET", EVENTS, 1, 200, NULL, body, 0, 0), 0);
        free(body);
    }
}

static void test_iterate_250_in_pages_of_7(void **state)
{
    fixture *f = *state;
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    oft_event_list_options o = OFT_EVENT_LIST_OPTIONS_INIT;
    o.limit = 7;
    script_event_pages(f->emu, 250, 7);
    assert_int_equal(oft_event_iter_new(&it, f->c, "ftjob-ev", &o), OFT_OK);
    int expect = 250, rc;
    while ((rc = oft_event_iter_next(&e, it)) == OFT_OK) {
        char id[32];
        snprintf(id, sizeof(id), "ftevent-%d", expect--);
        assert_string_equal(e->id, id);
    }
    assert_int_equal(rc, OFT_ITEROVER);
    assert_int_equal(expect, 0);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", EVENTS), 36);
    char path[256];
    last_request(f->emu, "GET", EVENTS, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=ftevent-6"));
    assert_non_null(strstr(path, "limit=7"));
    oft_event_iter_free(it);
}

/* The emulator's own events (oft_emu_add_events) through the iterator. */
static void test_emulator_events(void **state)
{
    fixture *f = *state;
    oft_job *job = emulated_job(f);
    assert_int_equal(oft_emu_add_events(f->emu, job->id, 250), 0);
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    oft_event_list_options o = OFT_EVENT_LIST_OPTIONS_INIT;
    o.limit = 7;
    assert_int_equal(oft_event_iter_new(&it, f->c, job->id, &o), OFT_OK);
    size_t n = 0;
    int64_t prev = INT64_MAX;
    int rc;
    while ((rc = oft_event_iter_next(&e, it)) == OFT_OK) {
        assert_true(e->created_at <= prev);
        assert_non_null(e->id);
        prev = e->created_at;
        n++;
    }
    assert_int_equal(rc, OFT_ITEROVER);
    assert_true(n >= 250);
    size_t pages = oft_emu_request_count(f->emu, "GET", "/fine_tuning/jobs/");
    assert_true(pages >= (n + 6) / 7 && pages <= (n + 6) / 7 + 1);
    oft_event_iter_free(it);
    oft_job_free(job);
}

static int setup_slow(void **state)
{
    *state = fixture_new(600, 2); /* the job stays running while it is read */
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_event_fields, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_iterate_250_in_pages_of_7, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_emulator_events, setup_slow, teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
