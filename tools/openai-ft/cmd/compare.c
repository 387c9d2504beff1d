/*
 * openai-ft jobs compare ID... (and sweep compare FILE): a row per job with
 * its hyperparameters, trained tokens, final and best valid loss, the step
 * of the best valid loss and of the best checkpoint, sorted by best valid
 * loss (jobs without one last); --json for scripts.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/compare.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/signals.h"
#include "app/sweep_file.h"
#include "args/args.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/series.h"
#include "ui/table.h"

typedef struct cmp_row {
    const char *id;
    oft_job *job;
    double hp[SW_DIMS]; /* NAN: auto or absent */
    double final_train, final_valid, best_valid, full_valid;
    int64_t best_step, ckpt_step; /* -1: none */
    char ckpt[160];               /* the best checkpoint's model name */
} cmp_row;

static const cli_col cmp_cols[] = {
    {"job", "JOB", NULL, 0, 0, 0},
    {"suffix", "SUFFIX", NULL, 5, 12, CLI_COL_CUT_MIDDLE},
    {"status", "STATUS", NULL, 4, 0, 0},
    {"n_epochs", "EPOCHS", "EP", 1, 0, 0},
    {"learning_rate_multiplier", "LR_MULT", "LR", 1, 0, 0},
    {"batch_size", "BATCH", "BS", 1, 0, 0},
    {"trained_tokens", "TOKENS", NULL, 3, 0, 0},
    {"final_train_loss", "FINAL_TRAIN", NULL, 6, 0, CLI_COL_WIDE},
    {"final_valid_loss", "FINAL_VALID", "FINAL", 2, 0, 0},
    {"full_valid_loss", "FULL_VALID", NULL, 6, 0, CLI_COL_WIDE},
    {"best_valid_loss", "BEST_VALID", "BEST", 0, 0, 0},
    {"best_step", "BEST_STEP", "STEP", 2, 0, 0},
    {"best_checkpoint_step", "BEST_CKPT_STEP", "CKPT", 3, 0, 0},
    {"best_checkpoint", "BEST_CHECKPOINT", NULL, 6, 0, CLI_COL_WIDE},
    {NULL, NULL, NULL, 0, 0, 0},
};

static double hp_value(oft_hp_num v)
{
    return v.mode == OFT_HP_VALUE ? v.value : NAN;
}

static void take_hp(cmp_row *r)
{
    const oft_job *j = r->job;
    for (size_t d = 0; d < SW_DIMS; d++)
        r->hp[d] = NAN;
    if (j->method != NULL) {
        const oft_method_hyperparameters *m = &j->method->hyperparameters;
        r->hp[SW_EPOCHS] = hp_value(m->n_epochs);
        r->hp[SW_LR] = hp_value(m->learning_rate_multiplier);
        r->hp[SW_BATCH] = hp_value(m->batch_size);
    }
    if (isnan(r->hp[SW_EPOCHS]) && j->hyperparameters != NULL) {
        r->hp[SW_EPOCHS] = hp_value(j->hyperparameters->n_epochs);
        r->hp[SW_LR] = hp_value(j->hyperparameters->learning_rate_multiplier);
        r->hp[SW_BATCH] = hp_value(j->hyperparameters->batch_size);
    }
}

/* The checkpoint with the lowest valid loss (as the curve: sampled first). */
static int best_checkpoint(cli *c, cmp_row *r)
{
    oft_checkpoint_iter *it = NULL;
    const oft_checkpoint *ck;
    double best = NAN;
    int rc = oft_checkpoint_iter_new(&it, c->client, r->id, NULL);
    while (rc == OFT_OK && (rc = oft_checkpoint_iter_next(&ck, it)) == OFT_OK) {
        const oft_checkpoint_metrics *m = &ck->metrics;
        double v = !isnan(m->valid_loss) ? m->valid_loss : m->full_valid_loss;
        if (!isnan(v) && (isnan(best) || v < best)) {
            best = v;
            r->ckpt_step = ck->step_number;
            snprintf(r->ckpt, sizeof(r->ckpt), "%s",
                     ck->fine_tuned_model_checkpoint ? ck->fine_tuned_model_checkpoint
                                                     : "");
        }
    }
    oft_checkpoint_iter_free(it);
    return rc == OFT_ITEROVER ? OFT_OK : rc;
}

static int load_row(cli *c, cmp_row *r)
{
    cli_job_metrics *m;
    int rc = oft_job_retrieve(&r->job, c->client, r->id);
    r->best_step = r->ckpt_step = -1;
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "get the job");
    take_hp(r);
    if ((m = malloc(sizeof(*m))) == NULL)
        return CLI_EAPI;
    rc = cli_job_metrics_read(m, c->client, r->id, 2);
    r->final_train = m->s[SER_TRAIN_LOSS].last_y;
    r->final_valid = m->s[SER_VALID_LOSS].last_y;
    r->best_valid = m->s[SER_VALID_LOSS].best_y;
    r->full_valid = m->full_valid_loss;
    if (!isnan(m->s[SER_VALID_LOSS].best_x))
        r->best_step = (int64_t)m->s[SER_VALID_LOSS].best_x;
    free(m);
    if (rc == OFT_OK)
        rc = best_checkpoint(c, r);
    return rc == OFT_OK ? CLI_OK : cli_api_fail(c, rc, "read the job's metrics");
}

static int by_best_valid(const void *a, const void *b)
{
    const cmp_row *x = a, *y = b;
    if (isnan(x->best_valid) || isnan(y->best_valid))
        return isnan(x->best_valid) - isnan(y->best_valid);
    return (x->best_valid > y->best_valid) - (x->best_valid < y->best_valid);
}

/* decimals: -1 for %g */
static void cell_num(cli_table *t, double v, int decimals)
{
    char buf[32] = "-";
    if (!isnan(v) && decimals < 0)
        snprintf(buf, sizeof(buf), "%g", v);
    else if (!isnan(v))
        snprintf(buf, sizeof(buf), "%.*f", decimals, v);
    cli_table_cell(t, buf, NULL);
}

static void cell_int(cli_table *t, int64_t v)
{
    char buf[32] = "-";
    if (v >= 0)
        snprintf(buf, sizeof(buf), "%lld", (long long)v);
    cli_table_cell(t, buf, NULL);
}

static void table_row(cli_table *t, const cmp_row *r)
{
    cli_table_cell(t, cli_or_dash(r->id), NULL);
    cli_table_cell(t, cli_or_dash(r->job->user_provided_suffix), NULL);
    cli_table_cell(t, oft_job_status_str(r->job->status), NULL);
    cell_num(t, r->hp[SW_EPOCHS], -1);
    cell_num(t, r->hp[SW_LR], -1);
    cell_num(t, r->hp[SW_BATCH], -1);
    cell_int(t, r->job->trained_tokens);
    cell_num(t, r->final_train, 4);
    cell_num(t, r->final_valid, 4);
    cell_num(t, r->full_valid, 4);
    cell_num(t, r->best_valid, 4);
    cell_int(t, r->best_step);
    cell_int(t, r->ckpt_step);
    cli_table_cell(t, r->ckpt[0] ? cli_text(r->ckpt) : "-", NULL);
}

static void json_num(const char *key, double v)
{
    isnan(v) ? printf(", \"%s\": null", key) : printf(", \"%s\": %.17g", key, v);
}

static void json_row(const cmp_row *r, size_t i)
{
    printf("%s\n  {\"id\": ", i ? "," : "");
    cli_json_str(r->id);
    printf(", \"suffix\": ");
    cli_json_str(r->job->user_provided_suffix);
    printf(", \"status\": ");
    cli_json_str(oft_job_status_str(r->job->status));
    for (size_t d = 0; d < SW_DIMS; d++)
        json_num(sweep_dim_names[d], r->hp[d]);
    json_num("trained_tokens",
             r->job->trained_tokens >= 0 ? (double)r->job->trained_tokens : NAN);
    json_num("final_train_loss", r->final_train);
    json_num("final_valid_loss", r->final_valid);
    json_num("full_valid_loss", r->full_valid);
    json_num("best_valid_loss", r->best_valid);
    json_num("best_step", r->best_step >= 0 ? (double)r->best_step : NAN);
    json_num("best_checkpoint_step", r->ckpt_step >= 0 ? (double)r->ckpt_step : NAN);
    printf(", \"best_checkpoint\": ");
    cli_json_str(r->ckpt[0] ? r->ckpt : NULL);
    printf("}");
}

static void print_rows(cli_table *t, const cmp_row *rows, size_t n)
{
    size_t i;
    if (t == NULL) {
        printf("{\"object\": \"list\", \"data\": [");
        for (i = 0; i < n; i++)
            json_row(&rows[i], i);
        printf("\n]}\n");
        return;
    }
    for (i = 0; i < n; i++)
        table_row(t, &rows[i]);
    cli_table_end(t);
}

int cli_compare_jobs(cli *c, const cli_args *a, const char *const *ids, size_t n)
{
    cmp_row *rows;
    cli_table *t = NULL;
    size_t i, loaded = 0;
    int rc;
    if ((rc = cli_table_new(&t, c, cmp_cols, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_table_free(t);
        return c->client_exit;
    }
    if ((rows = calloc(n ? n : 1, sizeof(*rows))) == NULL) {
        cli_table_free(t);
        return CLI_EAPI;
    }
    cli_signals_arm(c);
    for (i = 0; i < n && rc == CLI_OK; i++, loaded++) {
        rows[i].id = ids[i];
        rc = load_row(c, &rows[i]);
    }
    cli_signals_disarm();
    if (rc == CLI_OK) {
        qsort(rows, n, sizeof(*rows), by_best_valid);
        print_rows(t, rows, n);
    } else {
        cli_table_free(t);
    }
    for (i = 0; i < loaded; i++)
        oft_job_free(rows[i].job);
    free(rows);
    return rc;
}

static int run_compare(cli *c, const cli_args *a)
{
    return cli_compare_jobs(c, a, (const char *const *)a->operands, a->n_operands);
}

const cli_cmd cli_jobs_compare = {
    .name = "compare",
    .summary = "compare jobs: hyperparameters, tokens, valid loss",
    .operands = "ID...",
    .min_operands = 1,
    .max_operands = 256,
    .operand_kind = CLI_VAL_JOB,
    .opts = {cli_table_opts},
    .description =
        "One table, a row per job: its hyperparameters, trained tokens, final and\n"
        "best valid loss (--wide: the last full validation loss too), the step of\n"
        "the best valid loss and of the best checkpoint (the one with the lowest\n"
        "valid loss), sorted by best valid loss; jobs without a valid loss come\n"
        "last. --json for scripts.",
    .example = "openai-ft jobs compare ftjob-abc123 ftjob-def456 --json",
    .run = run_compare,
};
