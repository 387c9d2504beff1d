/*
 * openai-ft jobs checkpoints ID: a table (table.h) of the checkpoints with
 * their metrics.
 */
#include <math.h>
#include <stdio.h>

#include "table.h"

/* The checkpoint's name (what `permissions create` takes) is never cut or
 * left out; the metrics come next (compact on a narrow terminal, the
 * validation ones only when the job has them), the step last (the name ends
 * with it). */
static const cli_col ckpt_cols[] = {
    {"step", "STEP", NULL, 4, 0, 0},
    {"train_loss", "TRAIN_LOSS", "LOSS", 1, 0, 0},
    {"valid_loss", "VALID_LOSS", "VLOSS", 2, 0, CLI_COL_HIDE_EMPTY},
    {"train_acc", "TRAIN_ACC", "ACC", 3, 0, CLI_COL_HIDE_EMPTY},
    {"valid_acc", "VALID_ACC", NULL, 5, 0, CLI_COL_WIDE},
    {"full_valid_loss", "FULL_VALID_LOSS", NULL, 5, 0, CLI_COL_WIDE},
    {"full_valid_acc", "FULL_VALID_ACC", NULL, 5, 0, CLI_COL_WIDE},
    {"created", "CREATED", NULL, 6, 0, CLI_COL_WIDE},
    {"id", "ID", NULL, 6, 0, CLI_COL_WIDE},
    {"checkpoint", "CHECKPOINT", NULL, 0, 0, 0},
    {NULL, NULL, NULL, 0, 0, 0},
};

/* A metric: 4 decimals, and 3 significant digits in the compact form; "-"
 * when absent (NaN). */
static void metric(cli_table *t, double v)
{
    char full[32] = "-", compact[32] = "-";
    if (!isnan(v)) {
        snprintf(full, sizeof(full), "%.4f", v);
        snprintf(compact, sizeof(compact), "%.3g", v);
    }
    cli_table_cell(t, full, compact);
}

static void ckpt_row(cli_table *t, const oft_checkpoint *ck)
{
    const oft_checkpoint_metrics *m = &ck->metrics;
    char step[32], when[32];
    snprintf(step, sizeof(step), "%lld", (long long)ck->step_number);
    cli_table_cell(t, step, NULL);
    metric(t, m->train_loss);
    metric(t, m->valid_loss);
    metric(t, m->train_mean_token_accuracy);
    metric(t, m->valid_mean_token_accuracy);
    metric(t, m->full_valid_loss);
    metric(t, m->full_valid_mean_token_accuracy);
    cli_table_cell(t, cli_fmt_time(when, sizeof(when), ck->created_at), NULL);
    cli_table_cell(t, cli_or_dash(ck->id), NULL);
    cli_table_cell(t, cli_or_dash(ck->fine_tuned_model_checkpoint), NULL);
}

static int next_ckpt(void *it, const char **raw_json, cli_table *t)
{
    const oft_checkpoint *ck;
    int rc = oft_checkpoint_iter_next(&ck, it);
    if (rc == OFT_OK) {
        *raw_json = ck->raw_json;
        if (t != NULL)
            ckpt_row(t, ck);
    }
    return rc;
}

static int run_checkpoints(cli *c, const cli_args *a)
{
    oft_checkpoint_iter *it = NULL;
    cli_table *t = NULL;
    size_t n = 0;
    int rc;
    if ((rc = cli_table_new(&t, c, ckpt_cols, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_table_free(t);
        return c->client_exit;
    }
    rc = oft_checkpoint_iter_new(&it, c->client, a->operands[0], NULL);
    if (rc != OFT_OK) {
        cli_table_free(t);
        return cli_api_fail(c, rc, "list the job's checkpoints");
    }
    rc = cli_print_iter(c, t, next_ckpt, it, "list the job's checkpoints", &n);
    if (rc == CLI_OK && n == 0 && !c->json && !c->quiet)
        fprintf(stderr, "(no checkpoints)\n");
    oft_checkpoint_iter_free(it);
    return rc;
}

const cli_cmd cli_jobs_checkpoints = {
    .name = "checkpoints",
    .summary = "a job's checkpoints with their step and metrics",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_JOB,
    .opts = {cli_table_opts},
    .description =
        "Lists a job's checkpoints, newest first: step, metrics (compact on a\n"
        "narrow terminal), and the checkpoint's model name (for `permissions\n"
        "create`), never cut. Columns: step, train_loss, valid_loss, train_acc,\n"
        "valid_acc, full_valid_loss, full_valid_acc, created, id, checkpoint.",
    .example = "openai-ft jobs checkpoints ftjob-abc123",
    .run = run_checkpoints,
};
