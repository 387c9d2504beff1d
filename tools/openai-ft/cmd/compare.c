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
#include "ui/view.h"

static double hp_value(oft_hp_num v)
{
    return v.mode == OFT_HP_VALUE ? v.value : NAN;
}

static void take_hp(cli_compare_row *r)
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
static int best_checkpoint(oft_client *client, cli_compare_row *r)
{
    oft_checkpoint_iter *it = NULL;
    const oft_checkpoint *ck;
    double best = NAN;
    int rc = oft_checkpoint_iter_new(&it, client, r->id, NULL);
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

int cli_compare_read(oft_client *client, cli_compare_row *r, const char **what)
{
    cli_job_metrics *m;
    int rc = oft_job_retrieve(&r->job, client, r->id);
    r->best_step = r->ckpt_step = -1;
    *what = "get the job";
    if (rc != OFT_OK)
        return rc;
    take_hp(r);
    *what = "read the job's metrics";
    if ((m = malloc(sizeof(*m))) == NULL)
        return OFT_ENOMEM;
    rc = cli_job_metrics_read(m, client, r->id, 2);
    r->final_train = m->s[SER_TRAIN_LOSS].last_y;
    r->final_valid = m->s[SER_VALID_LOSS].last_y;
    r->best_valid = m->s[SER_VALID_LOSS].best_y;
    r->full_valid = m->full_valid_loss;
    if (!isnan(m->s[SER_VALID_LOSS].best_x))
        r->best_step = (int64_t)m->s[SER_VALID_LOSS].best_x;
    free(m);
    return rc == OFT_OK ? best_checkpoint(client, r) : rc;
}

static int by_best_valid(const void *a, const void *b)
{
    const cli_compare_row *x = a, *y = b;
    if (isnan(x->best_valid) || isnan(y->best_valid))
        return isnan(x->best_valid) - isnan(y->best_valid);
    return (x->best_valid > y->best_valid) - (x->best_valid < y->best_valid);
}

#define ROW(p) ((const cli_compare_row *)(p))

static cli_value num(double d)
{
    return cli_v_num(!isnan(d), d);
}

/* A count or a step: -1 when there is none. */
static cli_value count(int64_t n)
{
    return n >= 0 ? cli_v_int((long long)n) : cli_v_text(NULL);
}

static cli_value cmp_id(const void *p, char *buf, size_t cap)
{
    return cli_v_text(ROW(p)->id);
}

static cli_value cmp_suffix(const void *p, char *buf, size_t cap)
{
    return cli_v_text(ROW(p)->job->user_provided_suffix);
}

static cli_value cmp_status(const void *p, char *buf, size_t cap)
{
    return cli_v_text(oft_job_status_str(ROW(p)->job->status));
}

static cli_value cmp_epochs(const void *p, char *buf, size_t cap)
{
    return num(ROW(p)->hp[SW_EPOCHS]);
}

static cli_value cmp_lr(const void *p, char *buf, size_t cap)
{
    return num(ROW(p)->hp[SW_LR]);
}

static cli_value cmp_batch(const void *p, char *buf, size_t cap)
{
    return num(ROW(p)->hp[SW_BATCH]);
}

static cli_value cmp_tokens(const void *p, char *buf, size_t cap)
{
    return count(ROW(p)->job->trained_tokens);
}

static cli_value cmp_final_train(const void *p, char *buf, size_t cap)
{
    return num(ROW(p)->final_train);
}

static cli_value cmp_final_valid(const void *p, char *buf, size_t cap)
{
    return num(ROW(p)->final_valid);
}

static cli_value cmp_full_valid(const void *p, char *buf, size_t cap)
{
    return num(ROW(p)->full_valid);
}

static cli_value cmp_best_valid(const void *p, char *buf, size_t cap)
{
    return num(ROW(p)->best_valid);
}

static cli_value cmp_best_step(const void *p, char *buf, size_t cap)
{
    return count(ROW(p)->best_step);
}

static cli_value cmp_ckpt_step(const void *p, char *buf, size_t cap)
{
    return count(ROW(p)->ckpt_step);
}

static cli_value cmp_ckpt(const void *p, char *buf, size_t cap)
{
    return cli_v_text(ROW(p)->ckpt);
}

/* The job's id is never left out, nor the best valid loss (the order); the
 * hyperparameters next (compact headers on a narrow terminal). */
const cli_field cli_compare_fields[] = {
    {"job", "id", "JOB", NULL, 0, 0, 0, CLI_FMT_PLAIN, cmp_id},
    {"suffix", "suffix", "SUFFIX", NULL, 5, 12, CLI_COL_CUT_MIDDLE, CLI_FMT_PLAIN,
     cmp_suffix},
    {"status", "status", "STATUS", NULL, 4, 0, 0, CLI_FMT_PLAIN, cmp_status},
    {"n_epochs", "n_epochs", "EPOCHS", "EP", 1, 0, 0, CLI_FMT_PLAIN, cmp_epochs},
    {"learning_rate_multiplier", "learning_rate_multiplier", "LR_MULT", "LR", 1, 0, 0,
     CLI_FMT_PLAIN, cmp_lr},
    {"batch_size", "batch_size", "BATCH", "BS", 1, 0, 0, CLI_FMT_PLAIN, cmp_batch},
    {"trained_tokens", "trained_tokens", "TOKENS", NULL, 3, 0, 0, CLI_FMT_PLAIN,
     cmp_tokens},
    {"final_train_loss", "final_train_loss", "FINAL_TRAIN", NULL, 6, 0, CLI_COL_WIDE,
     CLI_FMT_FIXED, cmp_final_train},
    {"final_valid_loss", "final_valid_loss", "FINAL_VALID", "FINAL", 2, 0, 0,
     CLI_FMT_FIXED, cmp_final_valid},
    {"full_valid_loss", "full_valid_loss", "FULL_VALID", NULL, 6, 0, CLI_COL_WIDE,
     CLI_FMT_FIXED, cmp_full_valid},
    {"best_valid_loss", "best_valid_loss", "BEST_VALID", "BEST", 0, 0, 0, CLI_FMT_FIXED,
     cmp_best_valid},
    {"best_step", "best_step", "BEST_STEP", "STEP", 2, 0, 0, CLI_FMT_PLAIN,
     cmp_best_step},
    {"best_checkpoint_step", "best_checkpoint_step", "BEST_CKPT_STEP", "CKPT", 3, 0, 0,
     CLI_FMT_PLAIN, cmp_ckpt_step},
    {"best_checkpoint", "best_checkpoint", "BEST_CHECKPOINT", NULL, 6, 0, CLI_COL_WIDE,
     CLI_FMT_PLAIN, cmp_ckpt},
    {0},
};

int cli_compare_jobs(cli *c, const cli_args *a, const char *const *ids, size_t n)
{
    cli_compare_row *rows;
    cli_view *v = NULL;
    size_t i, loaded = 0;
    const char *what = NULL;
    int rc;
    if ((rc = cli_view_new_made(&v, c, cli_compare_fields, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_view_free(v);
        return c->client_exit;
    }
    if ((rows = calloc(n ? n : 1, sizeof(*rows))) == NULL) {
        cli_view_free(v);
        return CLI_EAPI;
    }
    cli_signals_arm(c);
    for (i = 0; i < n && rc == CLI_OK; i++, loaded++) {
        rows[i].id = ids[i];
        rc = cli_compare_read(c->client, &rows[i], &what);
        if (rc != OFT_OK)
            rc = cli_api_fail(c, rc, what);
    }
    cli_signals_disarm();
    if (rc == CLI_OK) {
        qsort(rows, n, sizeof(*rows), by_best_valid);
        for (i = 0; i < n; i++)
            cli_view_row(v, &rows[i]);
        cli_view_end(v);
    } else {
        cli_view_free(v);
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
