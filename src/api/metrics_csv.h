/*
 * The step-metrics CSV of a job's result file, read a line at a time from a
 * file (memory: one line of at most OFT__CSV_LINE_MAX bytes, whatever the
 * number of rows). The API serves it base64-encoded; a plain CSV is read
 * as well.
 */
#ifndef OFT_SRC_API_METRICS_CSV_H
#define OFT_SRC_API_METRICS_CSV_H

#include <stdio.h>

#include "openai_ft/metrics.h"

#define OFT__CSV_LINE_MAX 4096
#define OFT__CSV_COLS_MAX 32

typedef struct oft__csv {
    FILE *fp;
    long line;                          /* the number of the line read last, from 1 */
    int ncols;                          /* columns of the header */
    signed char col[OFT__CSV_COLS_MAX]; /* each column's field (OFT__CSV_F_*), or -1 */
    int64_t last_step;
    char buf[OFT__CSV_LINE_MAX + 2];
} oft__csv;

/* A new unlinked temporary file (TMPDIR, else /tmp) open for reading and
 * writing, or -1 with errno set. */
int oft__tmp_fd(void);

/*
 * Opens the CSV in fd (rewound first; the reader owns fd from here, even on
 * failure): a base64 text is decoded into a second temporary file first.
 * Reads the header. 0, or -1 with a message in err ("line 1: ...").
 */
int oft__csv_open(oft__csv *r, int fd, char *err, size_t errlen);
/* The next row into *out: 1; 0 at the end; -1 with a message in err
 * naming the line ("line 7: ..."). */
int oft__csv_next(oft__csv *r, oft_step_metrics *out, char *err, size_t errlen);
void oft__csv_close(oft__csv *r);

#endif
