/*
 * The emulator's files and Uploads API in-process over real HTTP on loopback:
 * upload, list, retrieve, content, delete, upload errors, a large streamed
 * upload, multipart uploads with their parts' MD5s, parallel parts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <pthread.h>

#include "emu_inproc.h"

/* ---- files ---- */

/* POST /files with form is refused: 400 naming param. */
static void assert_upload_refused(oft_emu *emu, const http_form *form, const char *param)
{
    http_reply r = emu_send(emu, "POST", "/files", KEY, NULL, form);
    assert_api_error(&r, 400, param);
    http_reply_free(&r);
}

static void test_files(void **state)
{
    oft_emu *emu = *state;
    char a[64], b[64], path[256];
    snprintf(a, sizeof(a), "%s", upload_data(emu, "a.jsonl", chat_line, "fine-tune"));
    snprintf(b, sizeof(b), "%s", upload_data(emu, "b.jsonl", "{}\n", "batch"));
    assert_true(strncmp(a, "file-", 5) == 0);

    snprintf(path, sizeof(path), "/files/%s", a);
    http_reply r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_string_equal(json_str(j, "object"), "file");
    assert_string_equal(json_str(j, "filename"), "a.jsonl");
    assert_string_equal(json_str(j, "purpose"), "fine-tune");
    assert_string_equal(json_str(j, "status"), "processed");
    assert_int_equal(json_integer_value(json_object_get(j, "bytes")), strlen(chat_line));
    assert_true(json_is_integer(json_object_get(j, "created_at")));
    json_decref(j);
    http_reply_free(&r);

    /* Content comes back byte for byte. */
    snprintf(path, sizeof(path), "/files/%s/content", a);
    r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, strlen(chat_line));
    assert_memory_equal(r.body, chat_line, r.len);
    http_reply_free(&r);

    /* Lists: default newest first, asc, limit + after, purpose. */
    r = emu_get(emu, "/files");
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 2);
    assert_string_equal(json_str(j, "first_id"), b);
    assert_string_equal(json_str(j, "last_id"), a);
    assert_false(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, "/files?order=asc&limit=1");
    j = http_json(&r);
    assert_string_equal(json_str(json_array_get(json_object_get(j, "data"), 0), "id"), a);
    assert_true(json_is_true(json_object_get(j, "has_more")));
    json_decref(j);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/files?order=asc&after=%s", a);
    r = emu_get(emu, path);
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    assert_string_equal(json_str(j, "first_id"), b);
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, "/files?purpose=batch");
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, "/files?limit=0");
    assert_api_error(&r, 400, "limit");
    http_reply_free(&r);
    r = emu_get(emu, "/files?limit=10001");
    assert_api_error(&r, 400, "limit");
    http_reply_free(&r);
    r = emu_get(emu, "/files?order=sideways");
    assert_api_error(&r, 400, "order");
    http_reply_free(&r);

    /* Delete, then 404. */
    snprintf(path, sizeof(path), "/files/%s", b);
    r = emu_send(emu, "DELETE", path, KEY, NULL, NULL);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_true(json_is_true(json_object_get(j, "deleted")));
    assert_string_equal(json_str(j, "object"), "file");
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, path);
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/files/%s/content", b);
    r = emu_get(emu, path);
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
}

static void test_file_upload_errors(void **state)
{
    oft_emu *emu = *state;
    http_form no_purpose = {"file", "a.jsonl", "{}\n", 3, {NULL}};
    http_reply r = emu_send(emu, "POST", "/files", KEY, NULL, &no_purpose);
    assert_api_error(&r, 400, "purpose");
    http_reply_free(&r);
    http_form bad_purpose = {"file", "a.jsonl", "{}\n", 3, {"purpose", "fun", NULL}};
    assert_upload_refused(emu, &bad_purpose, "purpose");
    http_form no_file = {NULL, NULL, NULL, 0, {"purpose", "fine-tune", NULL}};
    assert_upload_refused(emu, &no_file, "file");
    http_form txt = {"file", "a.txt", "{}\n", 3, {"purpose", "fine-tune", NULL}};
    assert_upload_refused(emu, &txt, "file");
    http_form short_exp = {"file",
                           "a.jsonl",
                           "{}\n",
                           3,
                           {"purpose", "fine-tune", "expires_after[anchor]", "created_at",
                            "expires_after[seconds]", "60", NULL}};
    assert_upload_refused(emu, &short_exp, "expires_after.seconds");
    http_form exp = {"file",
                     "a.jsonl",
                     "{}\n",
                     3,
                     {"purpose", "fine-tune", "expires_after[anchor]", "created_at",
                      "expires_after[seconds]", "3600", NULL}};
    r = emu_send(emu, "POST", "/files", KEY, NULL, &exp);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "expires_at")),
                     json_integer_value(json_object_get(j, "created_at")) + 3600);
    json_decref(j);
    http_reply_free(&r);
    /* A filename that is not UTF-8 is refused: no JSON string holds it (the file
     * was kept, and answered with an empty body); found by fuzz_emulator. */
    http_form latin1 = {
        "file", "caf\xe9.jsonl", "{}\n", 3, {"purpose", "fine-tune", NULL}};
    assert_upload_refused(emu, &latin1, "file");
    r = emu_get(emu, "/files");
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(j, "data")), 1);
    json_decref(j);
    http_reply_free(&r);
    /* Not multipart at all. */
    r = emu_post(emu, "/files", "{\"purpose\":\"fine-tune\"}");
    assert_api_error(&r, 400, NULL);
    http_reply_free(&r);
    /* No key: refused before anything is stored. */
    r = emu_send(emu, "POST", "/files", NULL, NULL, &exp);
    assert_api_error(&r, 401, NULL);
    http_reply_free(&r);
}

static void test_large_upload_streamed(void **state)
{
    oft_emu *emu = *state;
    /* Big enough to cross many read buffers; smaller under valgrind. */
    size_t n = getenv("OFT_UNDER_VALGRIND") ? 2u << 20 : 48u << 20;
    char *data = malloc(n);
    assert_non_null(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 23);
    data[n - 1] = '\n';
    http_form f = {"file", "big.jsonl", data, n, {"purpose", "fine-tune", NULL}};
    http_reply r = emu_send(emu, "POST", "/files", KEY, NULL, &f);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "bytes")), n);
    char path[128];
    snprintf(path, sizeof(path), "/files/%s/content", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, n);
    assert_memory_equal(r.body, data, n);
    http_reply_free(&r);
    free(data);

    /* A part over 64 MB is refused (and not kept); skipped under valgrind. */
    if (getenv("OFT_UNDER_VALGRIND"))
        return;
    size_t big = (64u << 20) + 1;
    data = calloc(1, big);
    assert_non_null(data);
    r = emu_post(emu, "/uploads",
                 "{\"filename\":\"x.jsonl\",\"purpose\":\"fine-tune\","
                 "\"bytes\":70000000,\"mime_type\":\"text/jsonl\"}");
    j = http_json(&r);
    snprintf(path, sizeof(path), "/uploads/%s/parts", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    http_form part = {"data", "blob", data, big, {NULL}};
    r = emu_send(emu, "POST", path, KEY, NULL, &part);
    assert_api_error(&r, 400, "data");
    http_reply_free(&r);
    free(data);
}

/* ---- uploads ---- */

static const char *add_part(oft_emu *emu, const char *upload, const char *data)
{
    static char id[64];
    char path[128];
    snprintf(path, sizeof(path), "/uploads/%s/parts", upload);
    http_form f = {"data", "blob", data, strlen(data), {NULL}};
    http_reply r = emu_send(emu, "POST", path, KEY, NULL, &f);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_string_equal(json_str(j, "object"), "upload.part");
    assert_string_equal(json_str(j, "upload_id"), upload);
    snprintf(id, sizeof(id), "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    return id;
}

static void md5_hex(const char *data, char out[33])
{
    unsigned char d[16];
    unsigned int len = 0;
    EVP_Digest(data, strlen(data), d, &len, EVP_md5(), NULL);
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void test_uploads(void **state)
{
    oft_emu *emu = *state;
    const char *p1 = "{\"a\":1}\n", *p2 = "{\"b\":2}\n";
    char body[512], up[64], id1[64], id2[64], path[128], md5[33];
    snprintf(body, sizeof(body),
             "{\"filename\":\"x.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":%zu,"
             "\"mime_type\":\"text/jsonl\"}",
             strlen(p1) + strlen(p2));
    http_reply r = emu_post(emu, "/uploads", body);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    assert_string_equal(json_str(j, "object"), "upload");
    assert_string_equal(json_str(j, "status"), "pending");
    assert_true(json_is_null(json_object_get(j, "file")));
    assert_int_equal(json_integer_value(json_object_get(j, "expires_at")),
                     json_integer_value(json_object_get(j, "created_at")) + 3600);
    snprintf(up, sizeof(up), "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);

    snprintf(id1, sizeof(id1), "%s", add_part(emu, up, p1));
    snprintf(id2, sizeof(id2), "%s", add_part(emu, up, p2));

    /* Wrong MD5: refused; the order given is the order of the bytes. */
    snprintf(path, sizeof(path), "/uploads/%s/complete", up);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\",\"%s\"],\"md5\":\"%032d\"}", id2,
             id1, 0);
    r = emu_post(emu, path, body);
    assert_api_error(&r, 400, "md5");
    http_reply_free(&r);
    r = emu_post(emu, path, "{\"part_ids\":[\"part_nope\"]}");
    assert_api_error(&r, 400, "part_ids");
    http_reply_free(&r);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\"]}", id1);
    r = emu_post(emu, path, body); /* bytes do not add up */
    assert_api_error(&r, 400, "bytes");
    http_reply_free(&r);

    char both[64];
    snprintf(both, sizeof(both), "%s%s", p2, p1);
    md5_hex(both, md5);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\",\"%s\"],\"md5\":\"%s\"}", id2,
             id1, md5);
    r = emu_post(emu, path, body);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "status"), "completed");
    json_t *file = json_object_get(j, "file");
    assert_string_equal(json_str(file, "filename"), "x.jsonl");
    assert_int_equal(json_integer_value(json_object_get(file, "bytes")), strlen(both));
    char content[128];
    snprintf(content, sizeof(content), "/files/%s/content", json_str(file, "id"));
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, content);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, both);
    http_reply_free(&r);

    /* After completion: no parts, no second completion, no cancel. */
    http_form f = {"data", "blob", "x", 1, {NULL}};
    snprintf(path, sizeof(path), "/uploads/%s/parts", up);
    r = emu_send(emu, "POST", path, KEY, NULL, &f);
    assert_api_error(&r, 409, NULL);
    http_reply_free(&r);
    snprintf(path, sizeof(path), "/uploads/%s/cancel", up);
    r = emu_post(emu, path, NULL);
    assert_api_error(&r, 409, NULL);
    http_reply_free(&r);

    /* Without md5 the parts are joined in the kernel; same bytes. */
    snprintf(body, sizeof(body),
             "{\"filename\":\"z.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":%zu,"
             "\"mime_type\":\"text/jsonl\"}",
             strlen(both));
    r = emu_post(emu, "/uploads", body);
    j = http_json(&r);
    snprintf(up, sizeof(up), "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    snprintf(id1, sizeof(id1), "%s", add_part(emu, up, p1));
    snprintf(id2, sizeof(id2), "%s", add_part(emu, up, p2));
    snprintf(path, sizeof(path), "/uploads/%s/complete", up);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\",\"%s\"]}", id2, id1);
    r = emu_post(emu, path, body);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    snprintf(content, sizeof(content), "/files/%s/content",
             json_str(json_object_get(j, "file"), "id"));
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, content);
    assert_string_equal(r.body, both);
    http_reply_free(&r);

    /* Cancel a pending one. */
    r = emu_post(emu, "/uploads",
                 "{\"filename\":\"y.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":3,"
                 "\"mime_type\":\"text/jsonl\"}");
    j = http_json(&r);
    snprintf(path, sizeof(path), "/uploads/%s/cancel", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    r = emu_post(emu, path, NULL);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    assert_string_equal(json_str(j, "status"), "cancelled");
    json_decref(j);
    http_reply_free(&r);

    /* Field errors and unknown ids. */
    r = emu_post(emu, "/uploads",
                 "{\"purpose\":\"fine-tune\",\"bytes\":3,\"mime_type\":\"text/jsonl\"}");
    assert_api_error(&r, 400, "filename");
    http_reply_free(&r);
    r = emu_post(emu, "/uploads",
                 "{\"filename\":\"y\",\"purpose\":\"nope\",\"bytes\":3,"
                 "\"mime_type\":\"text/jsonl\"}");
    assert_api_error(&r, 400, "purpose");
    http_reply_free(&r);
    r = emu_post(emu, "/uploads",
                 "{\"filename\":\"y\",\"purpose\":\"fine-tune\",\"bytes\":-1,"
                 "\"mime_type\":\"text/jsonl\"}");
    assert_api_error(&r, 400, "bytes");
    http_reply_free(&r);
    r = emu_post(emu, "/uploads",
                 "{\"filename\":\"y\",\"purpose\":\"fine-tune\",\"bytes\":3}");
    assert_api_error(&r, 400, "mime_type");
    http_reply_free(&r);
    r = emu_post(emu, "/uploads/upload_nope/complete", "{\"part_ids\":[]}");
    assert_api_error(&r, 404, NULL);
    http_reply_free(&r);
}

typedef struct part_worker {
    oft_emu *emu;
    const char *upload;
    char data[64];
    char id[64];
} part_worker;

static void *part_main(void *p)
{
    part_worker *w = p;
    char path[128];
    snprintf(path, sizeof(path), "/uploads/%s/parts", w->upload);
    http_form f = {"data", "blob", w->data, strlen(w->data), {NULL}};
    http_reply r = emu_send(w->emu, "POST", path, KEY, NULL, &f);
    json_error_t e;
    json_t *j = r.status == 200 ? json_loads(r.body, 0, &e) : NULL;
    const char *id = json_string_value(json_object_get(j, "id"));
    snprintf(w->id, sizeof(w->id), "%s", id ? id : "");
    json_decref(j);
    http_reply_free(&r);
    return NULL;
}

static void test_parallel_parts(void **state)
{
    oft_emu *emu = *state;
    enum { N = 6 };
    part_worker w[N];
    pthread_t t[N];
    char body[1024], up[64], want[N * 64] = "";
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        snprintf(w[i].data, sizeof(w[i].data), "{\"part\":%d}\n", i);
        total += strlen(w[i].data);
        strcat(want, w[i].data);
    }
    snprintf(body, sizeof(body),
             "{\"filename\":\"p.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":%zu,"
             "\"mime_type\":\"text/jsonl\"}",
             total);
    http_reply r = emu_post(emu, "/uploads", body);
    json_t *j = http_json(&r);
    snprintf(up, sizeof(up), "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    for (int i = 0; i < N; i++) {
        w[i].emu = emu;
        w[i].upload = up;
        assert_int_equal(pthread_create(&t[i], NULL, part_main, &w[i]), 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    /* The order of part_ids, not of arrival, decides the bytes. */
    size_t len = (size_t)snprintf(body, sizeof(body), "{\"part_ids\":[");
    for (int i = 0; i < N; i++) {
        assert_true(strncmp(w[i].id, "part_", 5) == 0);
        len += (size_t)snprintf(body + len, sizeof(body) - len, "%s\"%s\"", i ? "," : "",
                                w[i].id);
    }
    snprintf(body + len, sizeof(body) - len, "]}");
    char path[128];
    snprintf(path, sizeof(path), "/uploads/%s/complete", up);
    r = emu_post(emu, path, body);
    assert_int_equal(r.status, 200);
    j = http_json(&r);
    snprintf(path, sizeof(path), "/files/%s/content",
             json_str(json_object_get(j, "file"), "id"));
    json_decref(j);
    http_reply_free(&r);
    r = emu_get(emu, path);
    assert_string_equal(r.body, want);
    http_reply_free(&r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_files, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_file_upload_errors, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_large_upload_streamed, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(test_uploads, emu_setup, emu_teardown),
        cmocka_unit_test_setup_teardown(test_parallel_parts, emu_setup, emu_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
