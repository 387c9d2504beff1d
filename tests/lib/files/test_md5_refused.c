/*
 * An OpenSSL that refuses MD5 (the suite runs with OPENSSL_CONF naming
 * tests/data/openssl-no-md5.cnf, which loads only the base provider, as a
 * FIPS-only or minimal system may): the Uploads path, which sends the file's
 * MD5 on complete, fails with OFT_EINTERNAL and OpenSSL's reason, not
 * OFT_ENOMEM, before anything is sent. (That configuration takes OpenSSL's
 * random generator away too, which curl's multipart boundaries need, so no
 * other upload is tried here.)
 */
#include "test_files_common.h"

static void test_md5_refused(void **state)
{
    fixture *f = *state;
    char path[512];
    test_path(f, "m.jsonl", path, sizeof(path));
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"prompt\":\"a\",\"completion\":\"b\"}\n", fp);
    fclose(fp);

    oft_file *file = (oft_file *)1;
    assert_int_equal(oft_file_upload_large(&file, f->c, path, NULL), OFT_EINTERNAL);
    assert_null(file);
    assert_error_mentions(f->c, "m.jsonl: MD5");
    assert_error_mentions(f->c, "unsupported"); /* OpenSSL's own words */
    assert_int_equal(oft_emu_request_count(f->emu, NULL, "/"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_md5_refused, setup_plain, teardown_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
