/* Checkpoint permissions over real HTTP: admin key, body, last_id cursor, delete. */
#include "test_jobs_common.h"

#define CKPT  "ft:gpt-4o-mini:org:sfx:abc:ckpt-step-10"
#define PERMS "/fine_tuning/checkpoints/" CKPT "/permissions"

static void test_create_sends_admin_key_and_ids(void **state)
{
    fixture *f = *state;
    oft_checkpoint_permission_page *p = NULL;
    const char *ids[] = {"proj_a", "proj_b"};
    oft_emu_script(f->emu, "POST", PERMS, 1, 200, "x-request-id: req_pc",
                   "{\"object\":\"list\",\"data\":[{\"object\":\"checkpoint.permission\","
                   "\"id\":\"cp_1\",\"created_at\":5,\"project_id\":\"proj_a\"},"
                   "{\"object\":\"checkpoint.permission\",\"id\":\"cp_2\","
                   "\"created_at\":6,\"project_id\":\"proj_b\"}],\"has_more\":false,"
                   "\"first_id\":\"cp_1\",\"last_id\":\"cp_2\"}",
                   0, 0);
    assert_int_equal(oft_checkpoint_permission_create(&p, f->c, CKPT, ids, 2), OFT_OK);
    assert_int_equal(p->count, 2);
    assert_string_equal(p->items[0]->id, "cp_1");
    assert_string_equal(p->items[0]->object, "checkpoint.permission");
    assert_int_equal(p->items[0]->created_at, 5);
    assert_string_equal(p->items[1]->project_id, "proj_b");
    assert_string_equal(p->request_id, "req_pc");
    assert_string_equal(p->last_id, "cp_2");
    oft_checkpoint_permission_page_free(p);
    char auth[256], path[512], body[256];
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/fine_tuning/checkpoints/",
                                          "authorization", auth, sizeof(auth), path,
                                          sizeof(path), body, sizeof(body)),
                     0);
    assert_string_equal(auth, "Bearer sk-admin-test");
    assert_string_equal(body, "{\"project_ids\":[\"proj_a\",\"proj_b\"]}");
    /* ':' stays literal in the path segment. */
    assert_string_equal(path, "/v1" PERMS);

    assert_int_equal(oft_checkpoint_permission_create(&p, f->c, CKPT, ids, 0),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "project_ids");
    const char *bad[] = {"proj_a", ""};
    assert_int_equal(oft_checkpoint_permission_create(&p, f->c, CKPT, bad, 2),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "project_ids[1]");
    const char *latin1[] = {"proj_caf\xe9"};
    assert_int_equal(oft_checkpoint_permission_create(&p, f->c, CKPT, latin1, 1),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "project_ids[0]: not valid UTF-8");
    assert_int_equal(oft_checkpoint_permission_create(&p, f->c, "..", ids, 1),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "checkpoint");
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 1);
}

static void test_list_query_and_last_id_cursor(void **state)
{
    fixture *f = *state;
    oft_checkpoint_permission_list_options o =
        OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_INIT;
    o.project_id = "proj_a";
    o.limit = 1;
    o.order = OFT_ORDER_ASCENDING;
    /* The items' ids differ from last_id: the iterator must follow last_id. */
    oft_emu_script(
        f->emu, "GET", PERMS, 1, 200, NULL,
        "{\"data\":[{\"id\":\"cp_1\"}],\"has_more\":true,\"last_id\":\"cursor_1\"}", 0,
        0);
    oft_emu_script(
        f->emu, "GET", PERMS, 1, 200, NULL,
        "{\"data\":[{\"id\":\"cp_2\"}],\"has_more\":false,\"last_id\":\"cp_2\"}", 0, 0);
    oft_checkpoint_permission_iter *it = NULL;
    const oft_checkpoint_permission *perm = NULL;
    assert_int_equal(oft_checkpoint_permission_iter_new(&it, f->c, CKPT, &o), OFT_OK);
    assert_int_equal(oft_checkpoint_permission_iter_next(&perm, it), OFT_OK);
    assert_string_equal(perm->id, "cp_1");
    char path[512], auth[128];
    assert_int_equal(oft_emu_last_request(f->emu, "GET", PERMS, "authorization", auth,
                                          sizeof(auth), path, sizeof(path), NULL, 0),
                     0);
    assert_string_equal(auth, "Bearer sk-admin-test");
    assert_non_null(strstr(path, "project_id=proj_a"));
    assert_non_null(strstr(path, "limit=1"));
    assert_non_null(strstr(path, "order=ascending"));
    assert_int_equal(oft_checkpoint_permission_iter_next(&perm, it), OFT_OK);
    assert_string_equal(perm->id, "cp_2");
    last_request(f->emu, "GET", PERMS, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "after=cursor_1"));
    assert_int_equal(oft_checkpoint_permission_iter_next(&perm, it), OFT_ITEROVER);
    oft_checkpoint_permission_iter_free(it);

    oft_checkpoint_permission_page *p = NULL;
    o.order = 7;
    assert_int_equal(oft_checkpoint_permission_list(&p, f->c, CKPT, &o), OFT_EINVAL);
    assert_error_mentions(f->c, "order");
    o.order = OFT_ORDER_DESCENDING;
    o.after = "cp_9";
    oft_emu_script(f->emu, "GET", PERMS, 1, 200, NULL, "{\"data\":[],\"has_more\":false}",
                   0, 0);
    assert_int_equal(oft_checkpoint_permission_list(&p, f->c, CKPT, &o), OFT_OK);
    assert_int_equal(p->count, 0);
    oft_checkpoint_permission_page_free(p);
    last_request(f->emu, "GET", PERMS, path, sizeof(path), NULL, 0);
    assert_non_null(strstr(path, "order=descending"));
    assert_non_null(strstr(path, "after=cp_9"));
}

static void test_delete(void **state)
{
    fixture *f = *state;
    oft_deleted *d = NULL;
    oft_emu_script(
        f->emu, "DELETE", PERMS "/cp_1", 1, 200, "x-request-id: req_del",
        "{\"id\":\"cp_1\",\"object\":\"checkpoint.permission\",\"deleted\":true}", 0, 0);
    assert_int_equal(oft_checkpoint_permission_delete(&d, f->c, CKPT, "cp_1"), OFT_OK);
    assert_string_equal(d->id, "cp_1");
    assert_string_equal(d->object, "checkpoint.permission");
    assert_true(d->deleted);
    assert_string_equal(d->request_id, "req_del");
    oft_deleted_free(d);
    oft_deleted_free(NULL);
    oft_emu_script(f->emu, "DELETE", PERMS "/cp_1", 1, 404, NULL,
                   "{\"error\":{\"message\":\"not found\",\"type\":\"x\"}}", 0, 0);
    assert_int_equal(oft_checkpoint_permission_delete(&d, f->c, CKPT, "cp_1"),
                     OFT_ENOTFOUND);
    assert_null(d);
    assert_int_equal(oft_checkpoint_permission_delete(&d, f->c, CKPT, "."), OFT_EINVAL);
    assert_error_mentions(f->c, "permission_id");
    assert_int_equal(oft_emu_request_count(f->emu, NULL, NULL), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_sends_admin_key_and_ids, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_list_query_and_last_id_cursor, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_delete, setup_plain, teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
