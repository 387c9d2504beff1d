/*
 * Shared set-up of the files area's suites (files, uploads, models): an
 * in-process emulator on loopback, a client pointed at it, and test files
 * with pseudo-random content in a private temporary directory.
 */
#ifndef OFT_TEST_FILES_COMMON_H
#define OFT_TEST_FILES_COMMON_H

#include <fcntl.h>

#include "util/md5.h"
#include "random_file.h"
#include "test_common.h"

/* No 8 characters in common with the temporary paths (oft-files-XXXXXX):
 * every run of 8 of a key's characters is redacted from error messages. */
#define TEST_KEY "sk-test-FILES-secret-0123456789"

typedef struct fixture {
    oft_emu *emu;
    oft_client *c;
    char dir[256]; /* a private temporary directory, removed at teardown */
} fixture;

static inline fixture *fixture_new(int max_retries)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    test_start(&f->emu, &f->c, 0, TEST_KEY, NULL, max_retries);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof(f->dir), "%s/oft-files-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->dir));
    return f;
}

static inline void fixture_free(fixture *f)
{
    if (!f)
        return;
    test_stop(f->emu, f->c);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
}

static inline int setup_plain(void **state)
{
    *state = fixture_new(0);
    return 0;
}

static inline int setup_retries(void **state)
{
    *state = fixture_new(2);
    return 0;
}

static inline int teardown_plain(void **state)
{
    fixture_free(*state);
    return 0;
}

/* dir/name into out. */
static inline const char *test_path(const fixture *f, const char *name, char *out,
                                    size_t cap)
{
    snprintf(out, cap, "%s/%s", f->dir, name);
    return out;
}

/* random_file_write with seed (made odd: never zero), asserting it worked. */
static inline void write_random_file(const char *path, int64_t size, uint64_t seed,
                                     char md5[33])
{
    assert_int_equal(random_file_write(path, size, seed | 1, md5), 0);
}

/* The MD5 of a file's content into md5 (33 bytes); returns its size. */
static inline int64_t md5_of_file(const char *path, char md5[33])
{
    enum { CHUNK = 1 << 18 };
    char *buf = malloc(CHUNK);
    oft__md5 *m = NULL;
    int64_t total = 0;
    assert_non_null(buf);
    assert_int_equal(oft__md5_new(&m, NULL, 0), OFT_OK);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n;
    while ((n = fread(buf, 1, CHUNK, fp)) > 0) {
        assert_int_equal(oft__md5_update(m, buf, n), OFT_OK);
        total += (int64_t)n;
    }
    fclose(fp);
    assert_int_equal(oft__md5_final(m, md5), OFT_OK);
    oft__md5_free(m);
    free(buf);
    return total;
}

/* Writes a small JSONL training file of `lines` chat examples. */
static inline void write_jsonl(const char *path, int lines)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (int i = 0; i < lines; i++)
        fprintf(fp,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"q%d\"},"
                "{\"role\":\"assistant\",\"content\":\"a%d\"}]}\n",
                i, i);
    assert_int_equal(fclose(fp), 0);
}

/* Progress recorder: checks monotonic calls and keeps the last one. */
typedef struct progress_rec {
    int64_t last_sent;
    int64_t last_total;
    int calls;
    int non_monotonic;
    int64_t stop_at; /* > 0: ask to stop once sent reaches it */
} progress_rec;

static inline int record_progress(int64_t sent, int64_t total, void *payload)
{
    progress_rec *p = payload;
    if (sent < p->last_sent || sent > total || (p->calls && total != p->last_total))
        p->non_monotonic++;
    p->last_sent = sent;
    p->last_total = total;
    p->calls++;
    return p->stop_at > 0 && sent >= p->stop_at;
}

#endif
