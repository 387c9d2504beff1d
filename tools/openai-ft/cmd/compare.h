/*
 * openai-ft jobs compare (compare.c); the table sweep shows too.
 */
#ifndef OFT_CLI_COMPARE_H
#define OFT_CLI_COMPARE_H

#include <stddef.h>

#include <stdint.h>

#include <openai_ft.h>

#include "app/sweep_file.h"
#include "args/args.h"
#include "base/cli.h"
#include "ui/view.h"

/* A job compared: its hyperparameters and what its metrics and checkpoints
 * say. */
typedef struct cli_compare_row {
    const char *id;
    oft_job *job;
    double hp[SW_DIMS]; /* NAN: auto or absent */
    double final_train, final_valid, best_valid, full_valid;
    int64_t best_step, ckpt_step; /* -1: none */
    char ckpt[160];               /* the best checkpoint's model name */
} cli_compare_row;

/* Reads r->id's job, metrics and checkpoints into r (r->job: the caller's,
 * oft_job_free, also on failure); an OFT_ code, *what naming the failed step. */
int cli_compare_read(oft_client *client, cli_compare_row *r, const char **what);

/* The description of the comparison (ui/view.h; its --json is made from it). */
extern const cli_field cli_compare_fields[];

/* A row per job, sorted by best valid loss (table or --json). Exit code. */
int cli_compare_jobs(cli *c, const cli_args *a, const char *const *ids, size_t n);

extern const cli_cmd cli_jobs_compare;

#endif
