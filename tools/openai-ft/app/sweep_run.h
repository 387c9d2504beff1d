/*
 * openai-ft sweep: following a sweep's jobs (sweep_run.c); the live table
 * fitted to the terminal is sweep_view.h's, the comparison of jobs shared by
 * `jobs compare` and `sweep compare` cmd/compare.h's.
 */
#ifndef OFT_CLI_SWEEP_RUN_H
#define OFT_CLI_SWEEP_RUN_H

#include "app/sweep_file.h"
#include "base/cli.h"
#include "ui/series.h"

/* What the table shows of a point besides the file's record. */
typedef struct sweep_live {
    int64_t step;
    double train_loss, valid_loss;
    cli_series spark; /* train loss, a few points */
    int final;        /* metrics read after the job ended: no more reads */
    char shown[24];   /* the status last printed off a terminal */
} sweep_live;

typedef struct sweep_run {
    cli *c;
    sweep *s;
    const char *path;
    const char *model, *suffix, *valid_path;
    long max_parallel;
    int64_t poll_ms; /* 0: 5000 */
    int skip_validation, no_wait, status_only;
    sweep_live *live; /* one per point */
    size_t drawn;     /* lines of the table on screen */
} sweep_run;

/* Creates the jobs that may start and follows them to the end (or once with
 * no_wait / status_only); saves the file on every change. Exit code. */
int sweep_run_loop(sweep_run *r);
#endif
