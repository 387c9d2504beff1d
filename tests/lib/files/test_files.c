/*
 * Files over real HTTP against the emulator: upload (path, fd, expiry,
 * progress), list paging and the iterator, retrieve, delete, download,
 * wait for processing, and the errors.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "test_files_common.h"

static oft_file *upload_jsonl(fixture *f, const char *name, int lines,
                              const char *purpose)
{
    char path[512];
    test_path(f, name, path, sizeof(path));
    write_jsonl(path, lines);
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.purpose = purpose;
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_OK);
    assert_non_null(file);
    return file;
}

static void test_upload_path(void **state)
{
    fixture *f = *state;
    char path[512];
    struct stat st;
    test_path(f, "train.jsonl", path, sizeof(path));
    write_jsonl(path, 50);
    assert_int_equal(stat(path, &st), 0);

    oft_file *file = NULL;
    assert_int_equal(oft_file_upload(&file, f->c, path, NULL), OFT_OK);
    assert_non_null(file);
    assert_non_null(file->id);
    assert_true(strncmp(file->id, "file-", 5) == 0);
    assert_string_equal(file->object, "file");
    assert_int_equal(file->bytes, st.st_size);
    assert_string_equal(file->filename, "train.jsonl");
    assert_string_equal(file->purpose, "fine-tune");
    assert_true(file->created_at > 0);
    assert_int_equal(file->expires_at, OFT_TIME_NONE);
    assert_int_equal(file->status, OFT_FILE_STATUS_PROCESSED);
    assert_string_equal(oft_file_status_str(file->status), "processed");
    assert_non_null(file->request_id);
    assert_non_null(strstr(file->raw_json, file->id));
    /* One multipart POST /files, and never the Uploads API for a small file. */
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/files"), 1);
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/uploads"), 0);
    char ctype[256] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/files", "Content-Type", ctype,
                                          sizeof(ctype), NULL, 0, NULL, 0),
                     0);
    assert_non_null(strstr(ctype, "multipart/form-data"));
    oft_file_free(file);
    oft_file_free(NULL);
}

static void test_upload_fd_and_expiry(void **state)
{
    fixture *f = *state;
    char path[512];
    char md5[33];
    test_path(f, "data.bin", path, sizeof(path));
    write_random_file(path, 100000, 7, md5);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);

    oft_file_upload_options o;
    assert_int_equal(oft_file_upload_options_init(&o, OFT_FILE_UPLOAD_OPTIONS_VERSION),
                     OFT_OK);
    o.purpose = "user_data";
    o.expires_after_seconds = 7200;
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload_fd(&file, f->c, fd, "renamed.bin", &o), OFT_OK);
    assert_string_equal(file->filename, "renamed.bin");
    assert_string_equal(file->purpose, "user_data");
    assert_int_equal(file->bytes, 100000);
    assert_int_equal(file->expires_at, file->created_at + 7200);
    /* The descriptor stays open and usable. */
    assert_int_equal(close(fd), 0);

    /* The bytes that arrived are the bytes on disk. */
    char back[512], md5b[33];
    test_path(f, "back.bin", back, sizeof(back));
    assert_int_equal(oft_file_download(f->c, file->id, back), OFT_OK);
    assert_int_equal(md5_of_file(back, md5b), 100000);
    assert_string_equal(md5, md5b);
    oft_file_free(file);
}

static void test_upload_progress(void **state)
{
    fixture *f = *state;
    char path[512], md5[33];
    test_path(f, "p.jsonl", path, sizeof(path));
    write_random_file(path, 3 * 1000 * 1000 + 17, 11, md5);
    progress_rec rec = {0};
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.progress = record_progress;
    o.payload = &rec;
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_OK);
    assert_true(rec.calls >= 1);
    assert_int_equal(rec.non_monotonic, 0);
    assert_int_equal(rec.last_sent, 3 * 1000 * 1000 + 17);
    assert_int_equal(rec.last_total, 3 * 1000 * 1000 + 17);
    oft_file_free(file);

    /* A callback that asks to stop ends the upload with OFT_EUSER. */
    progress_rec stop = {0};
    stop.stop_at = 1;
    o.payload = &stop;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EUSER);
    assert_null(file);
    assert_int_equal(oft_error_status(oft_client_last_error(f->c)), OFT_EUSER);
}

static void test_upload_errors(void **state)
{
    fixture *f = *state;
    oft_file *file = (oft_file *)1;
    char missing[512];
    test_path(f, "no-such-file.jsonl", missing, sizeof(missing));

    /* A missing path: OFT_EIO naming the path. */
    assert_int_equal(oft_file_upload(&file, f->c, missing, NULL), OFT_EIO);
    assert_null(file);
    assert_error_mentions(f->c, missing);

    char path[512];
    test_path(f, "ok.jsonl", path, sizeof(path));
    write_jsonl(path, 2);
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;

    o.purpose = "training";
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EINVAL);
    assert_error_mentions(f->c, "purpose");
    assert_error_mentions(f->c, "training");

    o.purpose = NULL;
    o.expires_after_seconds = 100;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EINVAL);
    assert_error_mentions(f->c, "expires_after_seconds");
    o.expires_after_seconds = 2592001;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EINVAL);
    o.expires_after_seconds = 0;

    o.part_size = (int64_t)65 * 1024 * 1024;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EINVAL);
    assert_error_mentions(f->c, "part_size");
    o.part_size = 0;
    o.concurrency = -1;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EINVAL);
    assert_error_mentions(f->c, "concurrency");
    o.concurrency = 0;

    o.version = 0;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EVERSION);
    o.version = 99;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_EVERSION);
    assert_int_equal(oft_file_upload_options_init(&o, 0), OFT_EVERSION);

    /* A directory is not a file. */
    assert_int_equal(oft_file_upload(&file, f->c, f->dir, NULL), OFT_EIO);
    assert_int_equal(oft_file_upload_fd(&file, f->c, -1, "x.jsonl", NULL), OFT_EIO);
    assert_int_equal(oft_file_upload(&file, f->c, "", NULL), OFT_EINVAL);
    assert_int_equal(oft_file_upload(NULL, f->c, path, NULL), OFT_EINVAL);
    assert_int_equal(oft_file_upload(&file, NULL, path, NULL), OFT_EINVAL);

    /* None of these sent anything. */
    assert_int_equal(oft_emu_request_count(f->emu, NULL, "/"), 0);

    /* The server's own check: fine-tune files must be .jsonl. */
    int fd = open(path, O_RDONLY);
    assert_int_equal(oft_file_upload_fd(&file, f->c, fd, "x.txt", NULL), OFT_EAPI);
    close(fd);
    assert_int_equal(oft_error_http_status(oft_client_last_error(f->c)), 400);
    assert_string_equal(oft_error_param(oft_client_last_error(f->c)), "file");
}

static void test_retrieve_delete(void **state)
{
    fixture *f = *state;
    oft_file *file = upload_jsonl(f, "r.jsonl", 3, NULL);
    oft_file *again = NULL;
    assert_int_equal(oft_file_retrieve(&again, f->c, file->id), OFT_OK);
    assert_string_equal(again->id, file->id);
    assert_int_equal(again->bytes, file->bytes);
    oft_file_free(again);

    oft_deleted *del = NULL;
    assert_int_equal(oft_file_delete(&del, f->c, file->id), OFT_OK);
    assert_string_equal(del->id, file->id);
    assert_true(del->deleted);
    assert_non_null(del->raw_json);
    oft_deleted_free(del);
    oft_deleted_free(NULL);

    assert_int_equal(oft_file_retrieve(&again, f->c, file->id), OFT_ENOTFOUND);
    assert_null(again);
    assert_int_equal(oft_error_http_status(oft_client_last_error(f->c)), 404);
    assert_int_equal(oft_file_delete(&del, f->c, file->id), OFT_ENOTFOUND);
    assert_null(del);

    /* Bad IDs are caught before sending. */
    size_t before = oft_emu_request_count(f->emu, NULL, "/");
    assert_int_equal(oft_file_retrieve(&again, f->c, ""), OFT_EINVAL);
    assert_error_mentions(f->c, "file_id");
    assert_int_equal(oft_file_retrieve(&again, f->c, ".."), OFT_EINVAL);
    assert_int_equal(oft_file_retrieve(&again, f->c, NULL), OFT_EINVAL);
    assert_int_equal(oft_file_delete(&del, f->c, "a\nb"), OFT_EINVAL);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, "/"), before);

    /* An ID with a slash is escaped into one path segment. */
    assert_int_equal(oft_file_retrieve(&again, f->c, "file-a/b"), OFT_ENOTFOUND);
    char p[256] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/files", NULL, NULL, 0, p,
                                          sizeof(p), NULL, 0),
                     0);
    assert_string_equal(p, "/v1/files/file-a%2Fb");
    oft_file_free(file);
}

static int count_dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void test_download(void **state)
{
    fixture *f = *state;
    char src[512], dst[512], md5[33], md5b[33];
    test_path(f, "src.jsonl", src, sizeof(src));
    write_random_file(src, 2 * 1024 * 1024 + 5, 3, md5);
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload(&file, f->c, src, NULL), OFT_OK);

    test_path(f, "dst.jsonl", dst, sizeof(dst));
    assert_int_equal(oft_file_download(f->c, file->id, dst), OFT_OK);
    assert_int_equal(md5_of_file(dst, md5b), 2 * 1024 * 1024 + 5);
    assert_string_equal(md5, md5b);
    char accept[128] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/files/", "Accept", accept,
                                          sizeof(accept), NULL, 0, NULL, 0),
                     0);
    assert_string_equal(accept, "application/binary");

    /* To a descriptor. */
    char fdp[512];
    test_path(f, "fd.jsonl", fdp, sizeof(fdp));
    int fd = open(fdp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(oft_file_download_fd(f->c, file->id, fd), OFT_OK);
    close(fd);
    assert_int_equal(md5_of_file(fdp, md5b), 2 * 1024 * 1024 + 5);
    assert_string_equal(md5, md5b);
    assert_int_equal(oft_file_download_fd(f->c, file->id, -1), OFT_EINVAL);

    /* A failed download leaves nothing at the path, nor a temporary file. */
    int entries = count_dir_entries(f->dir);
    char none[512];
    test_path(f, "none.jsonl", none, sizeof(none));
    assert_int_equal(oft_file_download(f->c, "file-doesnotexist", none), OFT_ENOTFOUND);
    assert_int_equal(access(none, F_OK), -1);
    assert_int_equal(count_dir_entries(f->dir), entries);

    /* A failure mid-body (a reset after half of it, on every attempt) too. */
    assert_int_equal(oft_emu_script(f->emu, "GET", "/files/", 10, 200,
                                    "Content-Type: application/octet-stream",
                                    "0123456789abcdefghij", OFT_EMU_RESET, 0),
                     0);
    assert_int_not_equal(oft_file_download(f->c, file->id, none), OFT_OK);
    oft_emu_script_clear(f->emu);
    assert_int_equal(access(none, F_OK), -1);
    assert_int_equal(count_dir_entries(f->dir), entries);

    /* An existing file at the path is replaced only by a complete download. */
    assert_int_equal(oft_file_download(f->c, "file-doesnotexist", dst), OFT_ENOTFOUND);
    assert_int_equal(md5_of_file(dst, md5b), 2 * 1024 * 1024 + 5);

    /* A directory that does not exist: OFT_EIO naming the path. */
    char bad[600];
    snprintf(bad, sizeof(bad), "%s/no/such/dir/x", f->dir);
    assert_int_equal(oft_file_download(f->c, file->id, bad), OFT_EIO);
    assert_error_mentions(f->c, bad);
    oft_file_free(file);
}

/* A downloaded file gets the mode the caller's umask leaves of 0666, as any
 * file the program creates (training data can be private). */
static void test_download_mode_follows_umask(void **state)
{
    fixture *f = *state;
    char src[512], dst[512];
    test_path(f, "mode.jsonl", src, sizeof(src));
    FILE *fp = fopen(src, "w");
    assert_non_null(fp);
    fputs("{\"prompt\":\"a\",\"completion\":\"b\"}\n", fp);
    fclose(fp);
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload(&file, f->c, src, NULL), OFT_OK);
    static const mode_t masks[] = {077, 022, 002, 0};
    for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
        snprintf(dst, sizeof(dst), "%s/mode-%zu.jsonl", f->dir, i);
        mode_t old = umask(masks[i]);
        int rc = oft_file_download(f->c, file->id, dst);
        umask(old);
        assert_int_equal(rc, OFT_OK);
        struct stat st;
        assert_int_equal(stat(dst, &st), 0);
        print_message("umask %03o: mode %03o\n", (unsigned)masks[i],
                      (unsigned)(st.st_mode & 0777));
        assert_int_equal(st.st_mode & 0777, 0666 & ~masks[i]);
    }
    oft_file_free(file);
}

static void test_list_and_iter(void **state)
{
    fixture *f = *state;
    char *ids[5];
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof(name), "l%d.jsonl", i);
        oft_file *file = upload_jsonl(f, name, 1 + i, NULL);
        ids[i] = strdup(file->id);
        oft_file_free(file);
    }
    oft_file *b = upload_jsonl(f, "batch.jsonl", 1, "batch");

    oft_file_list_options lo = OFT_FILE_LIST_OPTIONS_INIT;
    lo.purpose = "fine-tune";
    lo.order = OFT_FILE_ORDER_ASC;
    lo.limit = 2;
    oft_file_page *page = NULL;
    assert_int_equal(oft_file_list(&page, f->c, &lo), OFT_OK);
    assert_int_equal(page->count, 2);
    assert_true(page->has_more);
    assert_string_equal(page->items[0]->id, ids[0]);
    assert_string_equal(page->items[1]->id, ids[1]);
    assert_string_equal(page->last_id, ids[1]);
    assert_non_null(page->request_id);
    char p[256] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "GET", "/files", NULL, NULL, 0, p,
                                          sizeof(p), NULL, 0),
                     0);
    assert_string_equal(p, "/v1/files?purpose=fine-tune&order=asc&limit=2");

    /* The next page after the cursor. */
    lo.after = ids[1];
    oft_file_page *next = NULL;
    assert_int_equal(oft_file_list(&next, f->c, &lo), OFT_OK);
    assert_int_equal(next->count, 2);
    assert_string_equal(next->items[0]->id, ids[2]);
    oft_file_page_free(next);
    oft_file_page_free(page);
    oft_file_page_free(NULL);

    /* The iterator visits all five fine-tune files in order, two per request. */
    lo.after = NULL;
    oft_file_iter *it = NULL;
    assert_int_equal(oft_file_iter_new(&it, f->c, &lo), OFT_OK);
    size_t before = oft_emu_request_count(f->emu, "GET", "/files");
    const oft_file *item;
    int n = 0, rc;
    while ((rc = oft_file_iter_next(&item, it)) == OFT_OK) {
        assert_true(n < 5);
        assert_string_equal(item->id, ids[n]);
        n++;
    }
    assert_int_equal(rc, OFT_ITEROVER);
    assert_int_equal(n, 5);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", "/files") - before, 3);
    assert_int_equal(oft_file_iter_next(&item, it), OFT_ITEROVER);
    oft_file_iter_free(it);
    oft_file_iter_free(NULL);

    /* Starting after a cursor, newest first, every purpose. */
    oft_file_list_options all = OFT_FILE_LIST_OPTIONS_INIT;
    all.order = OFT_FILE_ORDER_DESC;
    all.after = ids[3];
    assert_int_equal(oft_file_iter_new(&it, f->c, &all), OFT_OK);
    n = 0;
    while ((rc = oft_file_iter_next(&item, it)) == OFT_OK) {
        assert_string_equal(item->id, ids[2 - n]);
        n++;
    }
    assert_int_equal(rc, OFT_ITEROVER);
    assert_int_equal(n, 3);
    oft_file_iter_free(it);

    /* Bad list options. */
    lo.limit = 10001;
    assert_int_equal(oft_file_list(&page, f->c, &lo), OFT_EINVAL);
    assert_error_mentions(f->c, "limit");
    lo.limit = -1;
    assert_int_equal(oft_file_list(&page, f->c, &lo), OFT_EINVAL);
    assert_int_equal(oft_file_iter_new(&it, f->c, &lo), OFT_EINVAL);
    assert_null(it);
    lo.limit = 0;
    lo.order = 7;
    assert_int_equal(oft_file_list(&page, f->c, &lo), OFT_EINVAL);
    assert_error_mentions(f->c, "order");
    lo.order = 0;
    lo.after = "";
    assert_int_equal(oft_file_iter_new(&it, f->c, &lo), OFT_EINVAL);
    assert_null(it);
    assert_int_equal(oft_file_list_options_init(&lo, 2), OFT_EVERSION);

    /* NULL options: every file, server defaults. */
    assert_int_equal(oft_file_list(&page, f->c, NULL), OFT_OK);
    assert_int_equal(page->count, 6);
    assert_false(page->has_more);
    oft_file_page_free(page);

    for (int i = 0; i < 5; i++)
        free(ids[i]);
    oft_file_free(b);
}

static void test_wait_processed(void **state)
{
    fixture *f = *state;
    oft_file *file = upload_jsonl(f, "w.jsonl", 2, NULL);
    oft_file *done = NULL;
    assert_int_equal(oft_file_wait_processed(&done, f->c, file->id, 10, 5000), OFT_OK);
    assert_int_equal(done->status, OFT_FILE_STATUS_PROCESSED);
    oft_file_free(done);

    /* The server says "uploaded" twice, then "processed": three retrievals. */
    char body[512];
    snprintf(
        body, sizeof(body),
        "{\"id\":\"%s\",\"object\":\"file\",\"bytes\":1,\"created_at\":1,"
        "\"filename\":\"w.jsonl\",\"purpose\":\"fine-tune\",\"status\":\"uploaded\"}",
        file->id);
    assert_int_equal(oft_emu_script(f->emu, "GET", "/files/", 2, 200, NULL, body, 0, 0),
                     0);
    size_t before = oft_emu_request_count(f->emu, "GET", "/files/");
    assert_int_equal(oft_file_wait_processed(&done, f->c, file->id, 5, 60000), OFT_OK);
    assert_int_equal(oft_emu_request_count(f->emu, "GET", "/files/") - before, 3);
    assert_int_equal(done->status, OFT_FILE_STATUS_PROCESSED);
    oft_file_free(done);

    /* Never processed: the deadline ends it, with the last file seen. */
    assert_int_equal(
        oft_emu_script(f->emu, "GET", "/files/", 1000, 200, NULL, body, 0, 0), 0);
    assert_int_equal(oft_file_wait_processed(&done, f->c, file->id, 5, 30), OFT_ETIMEOUT);
    assert_non_null(done);
    assert_int_equal(done->status, OFT_FILE_STATUS_UPLOADED);
    assert_error_mentions(f->c, file->id);
    oft_file_free(done);
    oft_emu_script_clear(f->emu);

    /* A deadline long enough for a slow machine (valgrind): the 404 ends it. */
    assert_int_equal(oft_file_wait_processed(&done, f->c, "file-nope", 5, 60000),
                     OFT_ENOTFOUND);
    assert_null(done);
    assert_int_equal(oft_file_wait_processed(&done, f->c, file->id, -1, 30), OFT_EINVAL);
    oft_file_free(file);
}

/* 200 answers without the identifying fields fail instead of reading as empty. */
static void test_garbage_bodies_fail(void **state)
{
    fixture *f = *state;
    oft_file *file = (oft_file *)1;
    oft_emu_script(f->emu, "GET", "/files/file-g", 1, 200, NULL, "{}", 0, 0);
    assert_int_equal(oft_file_retrieve(&file, f->c, "file-g"), OFT_EPARSE);
    assert_null(file);
    assert_error_mentions(f->c, "file: missing id");
    oft_emu_script(f->emu, "GET", "/files/file-g", 1, 200, NULL,
                   "{\"id\":\"file-g\",\"object\":\"model\"}", 0, 0);
    assert_int_equal(oft_file_retrieve(&file, f->c, "file-g"), OFT_EPARSE);
    assert_error_mentions(f->c, "\"object\" is model, not file");

    oft_file_page *page = (oft_file_page *)1;
    oft_emu_script(f->emu, "GET", "/files", 1, 200, NULL,
                   "{\"object\":\"list\",\"data\":[{\"bytes\":3}]}", 0, 0);
    assert_int_equal(oft_file_list(&page, f->c, NULL), OFT_EPARSE);
    assert_null(page);
    assert_error_mentions(f->c, "file list: item 0: missing id");

    oft_deleted *del = (oft_deleted *)1;
    oft_emu_script(f->emu, "DELETE", "/files/file-g", 1, 200, NULL, "{\"deleted\":true}",
                   0, 0);
    assert_int_equal(oft_file_delete(&del, f->c, "file-g"), OFT_EPARSE);
    assert_null(del);
    assert_error_mentions(f->c, "file delete: missing id");

    oft_upload *up = (oft_upload *)1;
    oft_emu_script(f->emu, "POST", "/uploads/upload_g/cancel", 1, 200, NULL,
                   "{\"status\":\"cancelled\"}", 0, 0);
    assert_int_equal(oft_upload_cancel(&up, f->c, "upload_g"), OFT_EPARSE);
    assert_null(up);
    assert_error_mentions(f->c, "upload: missing id");
    oft_emu_script_clear(f->emu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upload_path, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_upload_fd_and_expiry, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_upload_progress, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_upload_errors, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_retrieve_delete, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_download, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_download_mode_follows_umask, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_list_and_iter, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_wait_processed, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_garbage_bodies_fail, setup_plain,
                                        teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
