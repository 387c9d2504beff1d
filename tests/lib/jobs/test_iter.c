/*
 * The one list engine behind every list and iterator: memory bounded by one
 * page (measured with the library's allocator hooks), the stop rules, a
 * starting cursor, and the same page rules for every list endpoint (jobs,
 * events, checkpoints, permissions, files, models).
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

/* ---- every list endpoint through the one engine ---- */

#define PAGE_HEADERS "x-request-id: req_page_1"

/* One list endpoint: lists a page of two items into its public page struct,
 * reporting the page's and its second item's request ids. */
typedef struct endpoint {
    const char *path;   /* the path the emulator is scripted for */
    const char *object; /* the items' "object" */
    int (*list)(fixture *f, const char **page_rid, const char **item_rid, size_t *n,
                void **page);
    void (*page_free)(void *page);
} endpoint;

#define LIST_WRAPPER(name, page_t, call)                                                 \
    static int name(fixture *f, const char **page_rid, const char **item_rid, size_t *n, \
                    void **out)                                                          \
    {                                                                                    \
        page_t *p = NULL;                                                                \
        int rc = call;                                                                   \
        *out = p;                                                                        \
        if (rc == OFT_OK) {                                                              \
            *page_rid = p->request_id;                                                   \
            *n = p->count;                                                               \
            *item_rid = p->count > 1 ? p->items[1]->request_id : NULL;                   \
        }                                                                                \
        return rc;                                                                       \
    }                                                                                    \
    static void name##_free(void *p)                                                     \
    {                                                                                    \
        page_t##_free(p);                                                                \
    }

LIST_WRAPPER(list_jobs, oft_job_page, oft_job_list(&p, f->c, NULL))
LIST_WRAPPER(list_events, oft_event_page, oft_event_list(&p, f->c, "ftjob-it", NULL))
LIST_WRAPPER(list_checkpoints, oft_checkpoint_page,
             oft_checkpoint_list(&p, f->c, "ftjob-it", NULL))
LIST_WRAPPER(list_permissions, oft_checkpoint_permission_page,
             oft_checkpoint_permission_list(&p, f->c, "ft:ckpt-it", NULL))
LIST_WRAPPER(list_files, oft_file_page, oft_file_list(&p, f->c, NULL))
LIST_WRAPPER(list_models, oft_model_page, oft_model_list(&p, f->c))

static const endpoint endpoints[] = {
    {"/fine_tuning/jobs", "fine_tuning.job", list_jobs, list_jobs_free},
    {EVENTS, "fine_tuning.job.event", list_events, list_events_free},
    {"/fine_tuning/jobs/ftjob-it/checkpoints", "fine_tuning.job.checkpoint",
     list_checkpoints, list_checkpoints_free},
    {"/fine_tuning/checkpoints/ft:ckpt-it/permissions", "checkpoint.permission",
     list_permissions, list_permissions_free},
    {"/files", "file", list_files, list_files_free},
    {"/models", "model", list_models, list_models_free},
};

static void test_every_list_one_engine(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof(endpoints) / sizeof(endpoints[0]); i++) {
        const endpoint *e = &endpoints[i];
        char body[512], want[160];
        const char *page_rid = NULL, *item_rid = NULL;
        size_t n = 0;
        void *page = NULL;
        print_message("%s\n", e->path);
        /* The items share the page's request id. */
        snprintf(body, sizeof(body),
                 "{\"object\":\"list\",\"data\":[{\"id\":\"x-2\",\"object\":\"%s\"},"
                 "{\"id\":\"x-1\"}],\"has_more\":false}",
                 e->object);
        oft_emu_script(f->emu, "GET", e->path, 1, 200, PAGE_HEADERS, body, 0, 0);
        assert_int_equal(e->list(f, &page_rid, &item_rid, &n, &page), OFT_OK);
        assert_int_equal(n, 2);
        assert_string_equal(page_rid, "req_page_1");
        assert_string_equal(item_rid, "req_page_1");
        e->page_free(page);
        /* An item of another kind, and an item without an id, name the item. */
        oft_emu_script(f->emu, "GET", e->path, 1, 200, NULL,
                       "{\"data\":[{\"id\":\"x-1\",\"object\":\"other\"}]}", 0, 0);
        assert_int_equal(e->list(f, &page_rid, &item_rid, &n, &page), OFT_EPARSE);
        assert_null(page);
        snprintf(want, sizeof(want), "%s list: item 0: \"object\" is other, not %s",
                 e->object, e->object);
        assert_error_mentions(f->c, want);
        oft_emu_script(f->emu, "GET", e->path, 1, 200, NULL,
                       "{\"data\":[{\"id\":\"x-1\"},{\"object\":\"x\"}]}", 0, 0);
        assert_int_equal(e->list(f, &page_rid, &item_rid, &n, &page), OFT_EPARSE);
        snprintf(want, sizeof(want), "%s list: item 1: missing id", e->object);
        assert_error_mentions(f->c, want);
        /* No data array. */
        oft_emu_script(f->emu, "GET", e->path, 1, 200, NULL, "{\"object\":\"list\"}", 0,
                       0);
        assert_int_equal(e->list(f, &page_rid, &item_rid, &n, &page), OFT_EPARSE);
        snprintf(want, sizeof(want), "%s list: no \"data\" array", e->object);
        assert_error_mentions(f->c, want);
    }
    oft_emu_script_clear(f->emu);
}

/* One iterator endpoint: makes an iterator (after: the starting cursor or
 * NULL) and walks it, returning the ids seen and the code it stopped with. */
typedef struct iter_endpoint {
    const char *path;
    int (*walk)(fixture *f, const char *after, char *ids, size_t cap);
} iter_endpoint;

#define WALK_WRAPPER(name, iter_t, item_t, opts_t, opts_init, make)                      \
    static int name(fixture *f, const char *after, char *ids, size_t cap)                \
    {                                                                                    \
        iter_t *it = NULL;                                                               \
        const item_t *item = NULL;                                                       \
        opts_t o = opts_init;                                                            \
        o.after = after;                                                                 \
        int rc = make;                                                                   \
        ids[0] = '\0';                                                                   \
        while (rc == OFT_OK && (rc = iter_t##_next(&item, it)) == OFT_OK)                \
            snprintf(ids + strlen(ids), cap - strlen(ids), "%s ", item->id);             \
        iter_t##_free(it);                                                               \
        return rc;                                                                       \
    }

WALK_WRAPPER(walk_jobs, oft_job_iter, oft_job, oft_job_list_options,
             OFT_JOB_LIST_OPTIONS_INIT, oft_job_iter_new(&it, f->c, &o))
WALK_WRAPPER(walk_events, oft_event_iter, oft_event, oft_event_list_options,
             OFT_EVENT_LIST_OPTIONS_INIT, oft_event_iter_new(&it, f->c, "ftjob-it", &o))
WALK_WRAPPER(walk_checkpoints, oft_checkpoint_iter, oft_checkpoint,
             oft_checkpoint_list_options, OFT_CHECKPOINT_LIST_OPTIONS_INIT,
             oft_checkpoint_iter_new(&it, f->c, "ftjob-it", &o))
WALK_WRAPPER(walk_files, oft_file_iter, oft_file, oft_file_list_options,
             OFT_FILE_LIST_OPTIONS_INIT, oft_file_iter_new(&it, f->c, &o))

static const iter_endpoint iter_endpoints[] = {
    {"/fine_tuning/jobs", walk_jobs},
    {EVENTS, walk_events},
    {"/fine_tuning/jobs/ftjob-it/checkpoints", walk_checkpoints},
    {"/files", walk_files},
};

/* The CursorPage iterators alike: after the caller's cursor, then after each
 * page's last item; a repeated cursor stops the walk. */
static void test_every_iterator_one_engine(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof(iter_endpoints) / sizeof(iter_endpoints[0]); i++) {
        const iter_endpoint *e = &iter_endpoints[i];
        char ids[256], path[256];
        print_message("%s\n", e->path);
        oft_emu_script(
            f->emu, "GET", e->path, 1, 200, NULL,
            "{\"data\":[{\"id\":\"x-49\"},{\"id\":\"x-48\"}],\"has_more\":true,"
            "\"last_id\":\"ignored\"}",
            0, 0);
        oft_emu_script(f->emu, "GET", e->path, 1, 200, NULL,
                       "{\"data\":[{\"id\":\"x-47\"}],\"has_more\":false}", 0, 0);
        assert_int_equal(e->walk(f, "x-50", ids, sizeof(ids)), OFT_ITEROVER);
        assert_string_equal(ids, "x-49 x-48 x-47 ");
        last_request(f->emu, "GET", e->path, path, sizeof(path), NULL, 0);
        assert_non_null(strstr(path, "after=x-48"));
        assert_null(strstr(path, "after=x-50"));
        /* A page that ends where it started. */
        oft_emu_script(f->emu, "GET", e->path, 2, 200, NULL,
                       "{\"data\":[{\"id\":\"x-9\"}],\"has_more\":true}", 0, 0);
        assert_int_equal(e->walk(f, NULL, ids, sizeof(ids)), OFT_EPARSE);
        assert_string_equal(ids, "x-9 ");
        assert_error_mentions(f->c, "the server repeated the page cursor x-9");
        oft_emu_script_clear(f->emu);
    }
}

/* ConversationCursorPage (permissions): the next page starts after the
 * envelope's last_id, not after the last item. */
static void test_permission_iterator_last_id(void **state)
{
    fixture *f = *state;
    const char *perms = "/fine_tuning/checkpoints/ft:ckpt-it/permissions";
    oft_emu_script(
        f->emu, "GET", perms, 1, 200, NULL,
        "{\"data\":[{\"id\":\"cp_2\"}],\"has_more\":true,\"last_id\":\"cur_1\"}", 0, 0);
    oft_emu_script(f->emu, "GET", perms, 1, 200, NULL,
                   "{\"data\":[{\"id\":\"cp_1\"}],\"has_more\":false}", 0, 0);
    oft_checkpoint_permission_iter *it = NULL;
    const oft_checkpoint_permission *p = NULL;
    oft_checkpoint_permission_list_options o =
        OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_INIT;
    o.after = "cur_0";
    assert_int_equal(oft_checkpoint_permission_iter_new(&it, f->c, "ft:ckpt-it", &o),
                     OFT_OK);
    assert_int_equal(oft_checkpoint_permission_iter_next(&p, it), OFT_OK);
    assert_string_equal(p->id, "cp_2");
    char path[256];
    last_request(f->emu, "GET", perms, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=cur_0"));
    assert_int_equal(oft_checkpoint_permission_iter_next(&p, it), OFT_OK);
    assert_string_equal(p->id, "cp_1");
    last_request(f->emu, "GET", perms, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=cur_1"));
    assert_int_equal(oft_checkpoint_permission_iter_next(&p, it), OFT_ITEROVER);
    oft_checkpoint_permission_iter_free(it);
}

/* Every allocation of a file page and of a file iterator's pages refused in
 * turn: OFT_ENOMEM and nothing left allocated, until the whole list works. */
static void test_list_out_of_memory(void **state)
{
    fixture *f = *state;
    const char *body = "{\"object\":\"list\",\"data\":[{\"id\":\"file-2\",\"object\":"
                       "\"file\",\"filename\":\"a.jsonl\",\"purpose\":\"fine-tune\","
                       "\"status\":\"processed\",\"status_details\":\"ok\"},"
                       "{\"id\":\"file-1\",\"filename\":\"b\"}],\"has_more\":true,"
                       "\"first_id\":\"file-2\",\"last_id\":\"file-1\"}";
    long failed = 0, base = atomic_load(&test_alloc.live_blocks);
    oft_client *c = NULL;
    oft_client_options o = OFT_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = oft_emu_base_url(f->emu);
    o.max_retries = 0;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    for (long fail_at = 1;; fail_at++) {
        oft_emu_script(f->emu, "GET", "/files", 1, 200, PAGE_HEADERS, body, 0, 0);
        oft_file_page *page = NULL;
        atomic_store(&test_alloc.made, 0);
        atomic_store(&test_alloc.fail_at, fail_at);
        int rc = oft_file_list(&page, c, NULL);
        atomic_store(&test_alloc.fail_at, 0);
        if (atomic_load(&test_alloc.made) < fail_at) {
            assert_int_equal(rc, OFT_OK);
            assert_int_equal(page->count, 2);
            assert_string_equal(page->items[0]->status_details, "ok");
            assert_string_equal(page->last_id, "file-1");
            oft_file_page_free(page);
            break;
        }
        oft_emu_script_clear(f->emu);
        assert_int_equal(rc, OFT_ENOMEM);
        assert_null(page);
        failed++;
    }
    oft_client_free(c);
    assert_int_equal(atomic_load(&test_alloc.live_blocks), base);
    print_message("file list: %ld allocations, each failed in turn\n", failed);
    assert_true(failed >= 10);
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
        cmocka_unit_test_setup_teardown(test_every_list_one_engine, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_every_iterator_one_engine, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_permission_iterator_last_id, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_list_out_of_memory, setup_plain,
                                        teardown_plain),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    oft_set_allocator(NULL);
    return rc;
}
