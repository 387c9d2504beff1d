/*
 * The generic lazy pager behind every iterator: memory bounded by one page
 * (measured with the library's allocator hooks), the stop rules, a starting
 * cursor, and an empty list.
 */
#include "test_alloc.h"
#include "test_jobs_common.h"

#define EVENTS "/fine_tuning/jobs/ftjob-it/events"

static void script_pages(oft_emu *emu, int total, int limit)
{
    for (int start = total; start > 0; start -= limit) {
        size_t cap = 256 + (size_t)limit * 160;
        char *body = malloc(cap);
        if (!body)
            abort();
        size_t len = (size_t)snprintf(body, cap, "{\"object\":\"list\",\"data\":[");
        for (int n = start; n > start - limit && n > 0; n--)
            len += (size_t)snprintf(
                body + len, cap - len,
                "%s{\"id\":\"ftevent-%06d\",\"created_at\":%d,"
                "\"level\":\"info\",\"message\":\"a message of event %d\"}",
                n == start ? "" : ",", n, n, n);
        snprintf(body + len, cap - len, "],\"has_more\":%s}",
                 start - limit > 0 ? "true" : "false");
        assert_int_equal(oft_emu_script(emu, "GET", EVENTS, 1, 200, NULL, body, 0, 0), 0);
        free(body);
    }
}

/* Iterates `total` events in pages of 10; returns the peak live bytes seen
 * after the first page arrived, above the level before the iteration. */
static size_t iterate(fixture *f, int total)
{
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    oft_event_list_options o = OFT_EVENT_LIST_OPTIONS_INIT;
    o.limit = 10;
    script_pages(f->emu, total, 10);
    size_t base = atomic_load(&test_alloc.live_bytes);
    assert_int_equal(oft_event_iter_new(&it, f->c, "ftjob-it", &o), OFT_OK);
    int n = 0, rc;
    test_alloc_reset_peak();
    while ((rc = oft_event_iter_next(&e, it)) == OFT_OK)
        n++;
    assert_int_equal(rc, OFT_ITEROVER);
    assert_int_equal(n, total);
    oft_event_iter_free(it);
    /* everything the iteration took came back */
    assert_int_equal(atomic_load(&test_alloc.live_bytes), base);
    return atomic_load(&test_alloc.peak_bytes) - base;
}

static void test_memory_bounded_by_one_page(void **state)
{
    fixture *f = *state;
    size_t small = iterate(f, 30);   /* 3 pages */
    size_t large = iterate(f, 3000); /* 300 pages */
    print_message("peak live library bytes: 30 events %zu, 3000 events %zu\n", small,
                  large);
    assert_true(small > 0);
    /* 100 times the events, the same peak (within one page's worth of slack). */
    assert_true(large <= small + small / 2);
}

static void test_stop_rules(void **state)
{
    fixture *f = *state;
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    /* has_more with an empty page: a server error, not an endless loop. */
    oft_emu_script(f->emu, "GET", EVENTS, 1, 200, NULL, "{\"data\":[],\"has_more\":true}",
                   0, 0);
    assert_int_equal(oft_event_iter_new(&it, f->c, "ftjob-it", NULL), OFT_OK);
    assert_int_equal(oft_event_iter_next(&e, it), OFT_EPARSE);
    assert_error_mentions(f->c, "empty page with has_more true");
    assert_null(e);
    oft_event_iter_free(it);
    /* An item without an id: the page is invalid (no cursor to continue after). */
    oft_emu_script(f->emu, "GET", EVENTS, 1, 200, NULL,
                   "{\"data\":[{\"message\":\"no id\"}],\"has_more\":true}", 0, 0);
    assert_int_equal(oft_event_iter_new(&it, f->c, "ftjob-it", NULL), OFT_OK);
    assert_int_equal(oft_event_iter_next(&e, it), OFT_EPARSE);
    assert_error_mentions(f->c, "fine_tuning.job.event list: item 0: missing id");
    oft_event_iter_free(it);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 2);
}

/* A server that answers every page with the same cursor and has_more. */
static void test_repeated_cursor(void **state)
{
    fixture *f = *state;
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    oft_emu_script(f->emu, "GET", EVENTS, 5, 200, NULL,
                   "{\"data\":[{\"id\":\"ftevent-3\"},{\"id\":\"ftevent-2\"}],"
                   "\"has_more\":true}",
                   0, 0);
    assert_int_equal(oft_event_iter_new(&it, f->c, "ftjob-it", NULL), OFT_OK);
    assert_int_equal(oft_event_iter_next(&e, it), OFT_OK);
    assert_int_equal(oft_event_iter_next(&e, it), OFT_OK);
    assert_string_equal(e->id, "ftevent-2");
    /* The second page comes after ftevent-2 and ends at ftevent-2 again. */
    assert_int_equal(oft_event_iter_next(&e, it), OFT_EPARSE);
    assert_null(e);
    assert_error_mentions(f->c, "the server repeated the page cursor ftevent-2");
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 2);
    oft_event_iter_free(it);
    oft_emu_script_clear(f->emu);
}

static void test_start_after_cursor(void **state)
{
    fixture *f = *state;
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    oft_event_list_options o = OFT_EVENT_LIST_OPTIONS_INIT;
    o.after = "ftevent-50";
    oft_emu_script(f->emu, "GET", EVENTS, 1, 200, NULL,
                   "{\"data\":[{\"id\":\"ftevent-49\"}],\"has_more\":false}", 0, 0);
    assert_int_equal(oft_event_iter_new(&it, f->c, "ftjob-it", &o), OFT_OK);
    assert_int_equal(oft_event_iter_next(&e, it), OFT_OK);
    assert_string_equal(e->id, "ftevent-49");
    char path[256];
    last_request(f->emu, "GET", EVENTS, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=ftevent-50"));
    assert_int_equal(oft_event_iter_next(&e, it), OFT_ITEROVER);
    oft_event_iter_free(it);
    o.after = "";
    assert_int_equal(oft_event_iter_new(&it, f->c, "ftjob-it", &o), OFT_EINVAL);
    assert_error_mentions(f->c, "after");
    assert_null(it);
}

int main(void)
{
    /* Before any client exists, so every library allocation is counted. */
    test_alloc_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_memory_bounded_by_one_page, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_stop_rules, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_repeated_cursor, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_start_after_cursor, setup_plain,
                                        teardown_plain),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    oft_set_allocator(NULL);
    return rc;
}
