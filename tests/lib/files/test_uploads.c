/*
 * The Uploads API and the large-file helper over real HTTP against the
 * emulator: parts, complete with MD5, cancel, a ~300 MB file in parallel
 * parts checked byte for byte, a part retried, an upload that cannot finish
 * cancelled, progress, the callback and an interrupt stopping an upload.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "test_files_common.h"

#define MIB ((int64_t)1024 * 1024)

static int under_valgrind(void)
{
    const char *v = getenv("OFT_UNDER_VALGRIND");
    return v && *v && strcmp(v, "0") != 0;
}

static void test_low_level(void **state)
{
    fixture *f = *state;
    char path[512], md5[33], back[512], md5b[33];
    test_path(f, "ll.jsonl", path, sizeof(path));
    write_random_file(path, 3 * MIB + 100, 5, md5);

    oft_upload_create_options co;
    assert_int_equal(
        oft_upload_create_options_init(&co, OFT_UPLOAD_CREATE_OPTIONS_VERSION), OFT_OK);
    co.filename = "ll.jsonl";
    co.bytes = 3 * MIB + 100;
    co.expires_after_seconds = 3600;
    oft_upload *up = NULL;
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_OK);
    assert_int_equal(up->status, OFT_UPLOAD_STATUS_PENDING);
    assert_string_equal(oft_upload_status_str(up->status), "pending");
    assert_int_equal(up->bytes, 3 * MIB + 100);
    assert_string_equal(up->purpose, "fine-tune");
    assert_null(up->file);
    char body[1024] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/uploads", NULL, NULL, 0, NULL,
                                          0, body, sizeof(body)),
                     0);
    assert_non_null(strstr(body, "\"mime_type\":\"text/jsonl\""));
    assert_non_null(strstr(body, "\"seconds\":3600"));

    /* Two parts from the descriptor, the last from memory. */
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    oft_upload_part *p1 = NULL, *p2 = NULL, *p3 = NULL;
    assert_int_equal(oft_upload_add_part(&p1, f->c, up->id, fd, 0, 2 * MIB), OFT_OK);
    assert_string_equal(p1->upload_id, up->id);
    assert_string_equal(p1->object, "upload.part");
    assert_int_equal(oft_upload_add_part(&p2, f->c, up->id, fd, 2 * MIB, MIB), OFT_OK);
    char tail[100];
    assert_int_equal(pread(fd, tail, sizeof(tail), 3 * MIB), (ssize_t)sizeof(tail));
    assert_int_equal(oft_upload_add_part_buffer(&p3, f->c, up->id, tail, sizeof(tail)),
                     OFT_OK);

    /* Bad parts, caught before sending. */
    oft_upload_part *bad = NULL;
    assert_int_equal(oft_upload_add_part(&bad, f->c, up->id, fd, 0, 65 * MIB),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "length");
    assert_int_equal(oft_upload_add_part(&bad, f->c, up->id, fd, -1, 10), OFT_EINVAL);
    assert_int_equal(oft_upload_add_part(&bad, f->c, up->id, fd, 3 * MIB, MIB),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "past the end");
    /* offset + length beyond INT64_MAX: past the end too, not an overflow. */
    size_t sent = oft_emu_request_count(f->emu, NULL, "/");
    assert_int_equal(oft_upload_add_part(&bad, f->c, up->id, fd, INT64_MAX, 1),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "past the end");
    assert_int_equal(
        oft_upload_add_part(&bad, f->c, up->id, fd, INT64_MAX - MIB, 64 * MIB),
        OFT_EINVAL);
    assert_error_mentions(f->c, "past the end");
    assert_null(bad);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, "/"), sent);
    assert_int_equal(oft_upload_add_part(&bad, f->c, "", fd, 0, 1), OFT_EINVAL);
    assert_int_equal(oft_upload_add_part_buffer(&bad, f->c, up->id, NULL, 1), OFT_EINVAL);
    close(fd);

    /* A wrong MD5 is refused by the server; a malformed one before sending. */
    const char *ids[] = {p1->id, p2->id, p3->id};
    oft_upload *done = NULL;
    assert_int_equal(oft_upload_complete(&done, f->c, up->id, ids, 3, "xyz"), OFT_EINVAL);
    assert_error_mentions(f->c, "md5");
    assert_int_equal(oft_upload_complete(&done, f->c, up->id, ids, 3,
                                         "00000000000000000000000000000000"),
                     OFT_EAPI);
    assert_string_equal(oft_error_param(oft_client_last_error(f->c)), "md5");
    assert_int_equal(oft_upload_complete(&done, f->c, up->id, ids, 3, md5), OFT_OK);
    assert_int_equal(done->status, OFT_UPLOAD_STATUS_COMPLETED);
    assert_non_null(done->file);
    assert_int_equal(done->file->bytes, 3 * MIB + 100);
    assert_string_equal(done->file->filename, "ll.jsonl");
    assert_non_null(done->file->request_id);

    test_path(f, "ll.back", back, sizeof(back));
    assert_int_equal(oft_file_download(f->c, done->file->id, back), OFT_OK);
    assert_int_equal(md5_of_file(back, md5b), 3 * MIB + 100);
    assert_string_equal(md5, md5b);

    oft_upload_part_free(p1);
    oft_upload_part_free(p2);
    oft_upload_part_free(p3);
    oft_upload_part_free(NULL);
    oft_upload_free(done);
    oft_upload_free(up);
    oft_upload_free(NULL);
}

static void test_cancel_and_create_errors(void **state)
{
    fixture *f = *state;
    oft_upload_create_options co = OFT_UPLOAD_CREATE_OPTIONS_INIT;
    co.filename = "c.jsonl";
    co.bytes = 10;
    oft_upload *up = NULL, *cancelled = NULL;
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_OK);
    assert_int_equal(oft_upload_cancel(&cancelled, f->c, up->id), OFT_OK);
    assert_int_equal(cancelled->status, OFT_UPLOAD_STATUS_CANCELLED);
    oft_upload_part *part = NULL;
    assert_int_equal(oft_upload_add_part_buffer(&part, f->c, up->id, "0123456789", 10),
                     OFT_ECONFLICT);
    assert_null(part);
    oft_upload_free(cancelled);
    oft_upload_free(up);

    size_t before = oft_emu_request_count(f->emu, NULL, "/");
    up = (oft_upload *)1;
    assert_int_equal(oft_upload_create(&up, f->c, NULL), OFT_EINVAL);
    assert_null(up);
    co.purpose = "user_data";
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_EINVAL);
    assert_error_mentions(f->c, "purpose");
    co.purpose = NULL;
    co.bytes = (int64_t)9 * 1024 * MIB;
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_EINVAL);
    assert_error_mentions(f->c, "bytes");
    co.bytes = 10;
    co.expires_after_seconds = 5;
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_EINVAL);
    co.expires_after_seconds = 0;
    co.filename = "donn\xe9"
                  "es.jsonl"; /* Latin-1 */
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_EINVAL);
    assert_error_mentions(f->c, "filename: not valid UTF-8");
    co.filename = "c.jsonl";
    co.mime_type = "text/\xff";
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_EINVAL);
    assert_error_mentions(f->c, "mime_type: not valid UTF-8");
    co.mime_type = NULL;
    co.filename = "";
    assert_int_equal(oft_upload_create(&up, f->c, &co), OFT_EINVAL);
    assert_int_equal(oft_upload_cancel(&up, f->c, "."), OFT_EINVAL);
    assert_int_equal(oft_upload_complete(&up, f->c, "upload_x", NULL, 2, NULL),
                     OFT_EINVAL);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, "/"), before);
    assert_int_equal(oft_upload_cancel(&up, f->c, "upload_nope"), OFT_ENOTFOUND);
}

/* The helper on a file of `size` bytes in parts of part_size; checks the
 * result byte for byte (download and MD5) and the MD5 sent on complete. */
static void large_roundtrip(fixture *f, int64_t size, int64_t part_size, int concurrency,
                            int64_t *parts_sent)
{
    char path[512], md5[33], back[512], md5b[33];
    test_path(f, "big.jsonl", path, sizeof(path));
    write_random_file(path, size, 42, md5);
    size_t parts_before = oft_emu_request_count(f->emu, "POST", "/uploads/");

    progress_rec rec = {0};
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.part_size = part_size;
    o.concurrency = concurrency;
    o.progress = record_progress;
    o.payload = &rec;
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload_large(&file, f->c, path, &o), OFT_OK);
    assert_int_equal(file->bytes, size);
    assert_string_equal(file->filename, "big.jsonl");
    assert_string_equal(file->purpose, "fine-tune");
    /* Progress: monotonic, ending at the total. */
    assert_true(rec.calls >= 1);
    assert_int_equal(rec.non_monotonic, 0);
    assert_int_equal(rec.last_sent, size);
    assert_int_equal(rec.last_total, size);
    /* The MD5 sent on complete is the file's (and the server checked it). */
    char body[64 * 1024] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/uploads/", NULL, NULL, 0,
                                          NULL, 0, body, sizeof(body)),
                     0);
    assert_non_null(strstr(body, md5));
    *parts_sent =
        (int64_t)(oft_emu_request_count(f->emu, "POST", "/uploads/") - parts_before) -
        1; /* minus complete */
    /* Nothing was cancelled. */
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/uploads/") - parts_before,
                     (size_t)*parts_sent + 1);

    /* Delete the source first: the download must come from the server. */
    assert_int_equal(unlink(path), 0);
    test_path(f, "big.back", back, sizeof(back));
    assert_int_equal(oft_file_download(f->c, file->id, back), OFT_OK);
    assert_int_equal(md5_of_file(back, md5b), size);
    assert_string_equal(md5, md5b);
    assert_int_equal(unlink(back), 0);
    oft_file_free(file);
}

static void test_large_file(void **state)
{
    fixture *f = *state;
    /* ~300 MB in 8 MiB parts, 3 at once (smaller under valgrind). */
    int64_t size = under_valgrind() ? 12 * MIB + 3 : 300 * 1000 * 1000 + 3;
    int64_t part = under_valgrind() ? MIB : 8 * MIB;
    int64_t sent = 0;
    large_roundtrip(f, size, part, 3, &sent);
    assert_int_equal(sent, (size + part - 1) / part);
}

static void test_part_fails_once(void **state)
{
    fixture *f = *state;
    /* Retries off in the HTTP layer: the helper itself re-sends the part. */
    assert_int_equal(oft_emu_script(f->emu, "POST", "/uploads/", 1, 500, NULL,
                                    "{\"error\":{\"message\":\"part failed\"}}", 0, 0),
                     0);
    int64_t sent = 0;
    large_roundtrip(f, 5 * MIB + 1, MIB, 2, &sent);
    assert_int_equal(sent, 6 + 1);
}

static void test_part_fails_once_http_retry(void **state)
{
    fixture *f = *state;
    /* With the HTTP layer's retries on, the part is retried there. */
    assert_int_equal(
        oft_emu_script(f->emu, "POST", "/uploads/", 1, 503, NULL, NULL, 0, 0), 0);
    int64_t sent = 0;
    large_roundtrip(f, 4 * MIB, MIB, 4, &sent);
    assert_int_equal(sent, 4 + 1);
}

/* The helper must fail, having cancelled the Upload, with `expect` and an
 * error that mentions `needle` (the failure's, not the cancel's). */
static void expect_cancelled(fixture *f, const char *path,
                             const oft_file_upload_options *o, int expect,
                             const char *needle)
{
    size_t cancels = oft_emu_request_count(f->emu, "POST", "/uploads/");
    oft_file *file = (oft_file *)1;
    assert_int_equal(oft_file_upload_large(&file, f->c, path, o), expect);
    assert_null(file);
    assert_int_equal(oft_error_status(oft_client_last_error(f->c)), expect);
    assert_error_mentions(f->c, needle);
    if (expect == OFT_ESERVER)
        assert_int_equal(oft_error_http_status(oft_client_last_error(f->c)), 500);
    assert_true(oft_emu_request_count(f->emu, "POST", "/uploads/") > cancels);
    char p[256] = "";
    assert_int_equal(oft_emu_last_request(f->emu, "POST", "/uploads/", NULL, NULL, 0, p,
                                          sizeof(p), NULL, 0),
                     0);
    /* "/v1/uploads/ID/...": exactly one cancel of that Upload. (An aborted
     * part may reach the server's log after the cancel: count, not order.) */
    char cancel[256];
    const char *id = p + strlen("/v1/uploads/");
    const char *slash = strchr(id, '/');
    assert_non_null(slash);
    snprintf(cancel, sizeof(cancel), "/uploads/%.*s/cancel", (int)(slash - id), id);
    assert_int_equal(oft_emu_request_count(f->emu, "POST", cancel), 1);
    /* No file was created. */
    oft_file_page *page = NULL;
    assert_int_equal(oft_file_list(&page, f->c, NULL), OFT_OK);
    assert_int_equal(page->count, 0);
    oft_file_page_free(page);
}

static void test_cannot_complete_is_cancelled(void **state)
{
    fixture *f = *state;
    char path[512], md5[33];
    test_path(f, "fail.jsonl", path, sizeof(path));
    write_random_file(path, 4 * MIB, 9, md5);
    /* Every part fails both times (4 parts, sent twice); the cancel passes. */
    assert_int_equal(oft_emu_script(f->emu, "POST", "/uploads/", 8, 500, NULL,
                                    "{\"error\":{\"message\":\"disk on fire\","
                                    "\"type\":\"server_error\"}}",
                                    0, 0),
                     0);
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.part_size = MIB;
    o.concurrency = 2;
    size_t before = oft_emu_request_count(f->emu, "POST", "/uploads/");
    expect_cancelled(f, path, &o, OFT_ESERVER, "disk on fire");
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/uploads/") - before, 8 + 1);
}

static void test_progress_stop_is_cancelled(void **state)
{
    fixture *f = *state;
    char path[512], md5[33];
    test_path(f, "stop.jsonl", path, sizeof(path));
    write_random_file(path, 6 * MIB, 13, md5);
    progress_rec rec = {0};
    rec.stop_at = 1;
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.part_size = MIB;
    o.concurrency = 2;
    o.progress = record_progress;
    o.payload = &rec;
    expect_cancelled(f, path, &o, OFT_EUSER, "progress callback");
    assert_int_equal(rec.non_monotonic, 0);
    /* No part was re-sent after the stop. */
    assert_true(oft_emu_request_count(f->emu, "POST", "/uploads/") <= 6 + 1);
}

typedef struct interrupter {
    oft_client *c;
    atomic_int started; /* set by the progress callback */
    atomic_int done;    /* set by the thread once it interrupted */
} interrupter;

static void *interrupt_main(void *p)
{
    interrupter *in = p;
    while (!atomic_load(&in->started))
        usleep(1000);
    oft_client_interrupt(in->c);
    atomic_store(&in->done, 1);
    return NULL;
}

/* Holds the upload at its first progress report until the other thread has
 * called oft_client_interrupt, so the interrupt lands mid-upload. */
static int progress_wait_interrupt(int64_t sent, int64_t total, void *payload)
{
    interrupter *in = payload;
    atomic_store(&in->started, 1);
    while (!atomic_load(&in->done))
        usleep(1000);
    return 0;
}

/* Interrupts the client (the payload) when a part's failure is logged: after
 * its transfer ended, so the interrupt is pending when the helper decides
 * whether to send the failed part again. */
static void interrupt_on_failed_part(int level, const char *message, void *payload)
{
    (void)level;
    if (strstr(message, "/parts -> 500") != NULL)
        oft_client_interrupt(payload);
}

/* An interrupt that lands between a part's failure and its second sending
 * stops the upload with OFT_EINTERRUPTED (it was spent without stopping the
 * call, which then reported the part's 500): the part is not sent again, the
 * Upload is cancelled, and the next call is not interrupted. */
static void test_interrupt_after_failed_part(void **state)
{
    fixture *f = *state;
    char path[512], md5[33];
    test_path(f, "intr2.jsonl", path, sizeof(path));
    write_random_file(path, MIB, 19, md5);
    assert_int_equal(oft_emu_script(f->emu, "POST", "/uploads/", 1, 500, NULL,
                                    "{\"error\":{\"message\":\"part failed\"}}", 0, 0),
                     0);
    oft_client_set_log(f->c, OFT_LOG_DEBUG, interrupt_on_failed_part, f->c);
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.part_size = MIB;
    o.concurrency = 1;
    size_t before = oft_emu_request_count(f->emu, "POST", "/uploads/");
    expect_cancelled(f, path, &o, OFT_EINTERRUPTED, "interrupted");
    oft_client_set_log(f->c, OFT_LOG_OFF, NULL, NULL);
    /* The part once, then the cancel: no second sending, no complete. */
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/uploads/") - before, 2);
    oft_model *m = NULL;
    assert_int_equal(oft_model_retrieve(&m, f->c, "gpt-4o-mini"), OFT_OK);
    oft_model_free(m);
}

static void test_interrupt_is_cancelled(void **state)
{
    fixture *f = *state;
    char path[512], md5[33];
    test_path(f, "intr.jsonl", path, sizeof(path));
    write_random_file(path, 8 * MIB, 17, md5);
    interrupter in;
    in.c = f->c;
    atomic_init(&in.started, 0);
    atomic_init(&in.done, 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, interrupt_main, &in), 0);
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.part_size = MIB;
    o.concurrency = 2;
    o.progress = progress_wait_interrupt;
    o.payload = &in;
    expect_cancelled(f, path, &o, OFT_EINTERRUPTED, "interrupt");
    pthread_join(t, NULL);
    /* The client works again for the next call. */
    oft_model *m = NULL;
    assert_int_equal(oft_model_retrieve(&m, f->c, "gpt-4o-mini"), OFT_OK);
    oft_model_free(m);
}

static void test_upload_switches_above_threshold(void **state)
{
    fixture *f = *state;
    char path[512], md5[33];
    test_path(f, "switch.jsonl", path, sizeof(path));
    write_random_file(path, 3 * MIB, 21, md5);
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.large_threshold = MIB;
    o.part_size = MIB;
    oft_file *file = NULL;
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_OK);
    assert_int_equal(file->bytes, 3 * MIB);
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/files"), 0);
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/uploads/"), 3 + 1);
    oft_file_free(file);

    /* user_data cannot use the Uploads API: it stays on POST /files. */
    o.purpose = "user_data";
    assert_int_equal(oft_file_upload(&file, f->c, path, &o), OFT_OK);
    assert_int_equal(oft_emu_request_count(f->emu, "POST", "/files"), 1);
    oft_file_free(file);
    assert_int_equal(oft_file_upload_large(&file, f->c, path, &o), OFT_EINVAL);
    assert_error_mentions(f->c, "purpose");

    /* The helper's own errors. */
    char missing[512];
    test_path(f, "missing.jsonl", missing, sizeof(missing));
    assert_int_equal(oft_file_upload_large(&file, f->c, missing, NULL), OFT_EIO);
    assert_error_mentions(f->c, missing);
    o.purpose = NULL;
    o.concurrency = 65;
    assert_int_equal(oft_file_upload_large(&file, f->c, path, &o), OFT_EINVAL);
    assert_error_mentions(f->c, "concurrency");
    assert_int_equal(oft_file_upload_large_fd(&file, f->c, 0, NULL, NULL), OFT_EINVAL);

    /* A file name that is not UTF-8 cannot go into the Upload's JSON: said so,
     * before anything is sent. */
    size_t before = oft_emu_request_count(f->emu, NULL, "/");
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    o.concurrency = 0;
    assert_int_equal(oft_file_upload_large_fd(&file, f->c, fd,
                                              "donn\xe9"
                                              "es.jsonl",
                                              &o),
                     OFT_EINVAL);
    assert_error_mentions(f->c, "filename: not valid UTF-8");
    assert_null(file);
    close(fd);
    assert_int_equal(oft_emu_request_count(f->emu, NULL, "/"), before);
}

/* Allocator hooks that note a call from any thread but the one that set them. */
static pthread_t hooks_owner;
static atomic_int foreign_calls;

static void note_thread(void)
{
    if (!pthread_equal(pthread_self(), hooks_owner))
        atomic_fetch_add(&foreign_calls, 1);
}

static void *owner_malloc(size_t size, void *ctx)
{
    (void)ctx;
    note_thread();
    return malloc(size);
}

static void *owner_realloc(void *ptr, size_t size, void *ctx)
{
    (void)ctx;
    note_thread();
    return realloc(ptr, size);
}

static void owner_free(void *ptr, void *ctx)
{
    (void)ctx;
    if (ptr)
        note_thread();
    free(ptr);
}

/* The thread that hashes the parts never calls the caller's allocator: hooks
 * need be no more thread-safe than the caller's own use of the library. */
static void test_hash_thread_off_the_allocator(void **state)
{
    fixture *f = *state;
    char path[512], md5[33];
    test_path(f, "hooks.jsonl", path, sizeof(path));
    write_random_file(path, 3 * MIB + 7, 11, md5);
    oft_file_upload_options o = OFT_FILE_UPLOAD_OPTIONS_INIT;
    o.part_size = MIB;
    oft_allocator hooks = {owner_malloc, owner_realloc, owner_free, NULL};
    hooks_owner = pthread_self();
    atomic_store(&foreign_calls, 0);
    oft_set_allocator(&hooks);
    oft_file *file = NULL;
    int rc = oft_file_upload_large(&file, f->c, path, &o);
    oft_file_free(file);
    oft_set_allocator(NULL);
    assert_int_equal(rc, OFT_OK);
    assert_int_equal(atomic_load(&foreign_calls), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_low_level, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_cancel_and_create_errors, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_large_file, setup_plain, teardown_plain),
        cmocka_unit_test_setup_teardown(test_hash_thread_off_the_allocator, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_part_fails_once, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_part_fails_once_http_retry, setup_retries,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_cannot_complete_is_cancelled, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_progress_stop_is_cancelled, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_interrupt_is_cancelled, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_interrupt_after_failed_part, setup_plain,
                                        teardown_plain),
        cmocka_unit_test_setup_teardown(test_upload_switches_above_threshold, setup_plain,
                                        teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
