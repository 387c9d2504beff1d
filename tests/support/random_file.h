/*
 * A file of pseudo-random bytes with its MD5, for the files suites and
 * bench/bench_upload.c (no cmocka here: the bench asserts nothing).
 */
#ifndef OFT_TEST_RANDOM_FILE_H
#define OFT_TEST_RANDOM_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "openai_ft/errors.h"
#include "util/md5.h"

/*
 * Writes `size` pseudo-random bytes (xorshift64 from the non-zero state x,
 * not sparse) to path in 1 MiB chunks and their MD5 into md5 (33 bytes).
 * Returns 0, or -1 when the file or the MD5 could not be made.
 */
static inline int random_file_write(const char *path, int64_t size, uint64_t x,
                                    char md5[33])
{
    enum { CHUNK = 1 << 20 };
    uint64_t *buf = malloc(CHUNK);
    oft__md5 *m = NULL;
    FILE *fp = buf && oft__md5_new(&m, NULL, 0) == OFT_OK ? fopen(path, "wb") : NULL;
    int bad = !fp;
    for (int64_t left = size; !bad && left > 0;) {
        size_t n = left < CHUNK ? (size_t)left : CHUNK;
        for (size_t i = 0; i < CHUNK / 8; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[i] = x;
        }
        bad = fwrite(buf, 1, n, fp) != n || oft__md5_update(m, buf, n) != OFT_OK;
        left -= (int64_t)n;
    }
    if (fp && fclose(fp) != 0)
        bad = 1;
    if (!bad && oft__md5_final(m, md5) != OFT_OK)
        bad = 1;
    oft__md5_free(m);
    free(buf);
    return bad ? -1 : 0;
}

#endif
