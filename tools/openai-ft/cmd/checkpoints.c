/*
 * openai-ft jobs checkpoints ID: a table (table.h) of the checkpoints with
 * their metrics.
 */
#include <math.h>
#include <stdio.h>

#include "cmd/checkpoints.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/list.h"
#include "args/args.h"
#include "base/cli.h"
#include "ui/table.h"
#include "ui/view.h"

#define CK(p)  ((const oft_checkpoint *)(p))
#define CKM(p) (&CK(p)->metrics)

static cli_value ck_step(const void *p, char *buf, size_t cap)
{
    return cli_v_int((long long)CK(p)->step_number);
}

static cli_value ck_train_loss(const void *p, char *buf, size_t cap)
{
    return cli_v_num(!isnan(CKM(p)->train_loss), CKM(p)->train_loss);
}

static cli_value ck_valid_loss(const void *p, char *buf, size_t cap)
{
    return cli_v_num(!isnan(CKM(p)->valid_loss), CKM(p)->valid_loss);
}

static cli_value ck_train_acc(const void *p, char *buf, size_t cap)
{
    return cli_v_num(!isnan(CKM(p)->train_mean_token_accuracy),
                     CKM(p)->train_mean_token_accuracy);
}

static cli_value ck_valid_acc(const void *p, char *buf, size_t cap)
{
    return cli_v_num(!isnan(CKM(p)->valid_mean_token_accuracy),
                     CKM(p)->valid_mean_token_accuracy);
}

static cli_value ck_full_valid_loss(const void *p, char *buf, size_t cap)
{
    return cli_v_num(!isnan(CKM(p)->full_valid_loss), CKM(p)->full_valid_loss);
}

static cli_value ck_full_valid_acc(const void *p, char *buf, size_t cap)
{
    return cli_v_num(!isnan(CKM(p)->full_valid_mean_token_accuracy),
                     CKM(p)->full_valid_mean_token_accuracy);
}

static cli_value ck_created(const void *p, char *buf, size_t cap)
{
    return cli_v_time(CK(p)->created_at);
}

static cli_value ck_id(const void *p, char *buf, size_t cap)
{
    return cli_v_text(CK(p)->id);
}

static cli_value ck_name(const void *p, char *buf, size_t cap)
{
    return cli_v_text(CK(p)->fine_tuned_model_checkpoint);
}

/* The checkpoint's name (what `permissions create` takes) is never cut or
 * left out; the metrics come next (compact on a narrow terminal, the
 * validation ones only when the job has them), the step last (the name ends
 * with it). */
const cli_field cli_checkpoint_fields[] = {
    {"step", "step_number", "STEP", NULL, 4, 0, 0, CLI_FMT_PLAIN, ck_step},
    {"train_loss", "metrics.train_loss", "TRAIN_LOSS", "LOSS", 1, 0, 0, CLI_FMT_METRIC,
     ck_train_loss},
    {"valid_loss", "metrics.valid_loss", "VALID_LOSS", "VLOSS", 2, 0, CLI_COL_HIDE_EMPTY,
     CLI_FMT_METRIC, ck_valid_loss},
    {"train_acc", "metrics.train_mean_token_accuracy", "TRAIN_ACC", "ACC", 3, 0,
     CLI_COL_HIDE_EMPTY, CLI_FMT_METRIC, ck_train_acc},
    {"valid_acc", "metrics.valid_mean_token_accuracy", "VALID_ACC", NULL, 5, 0,
     CLI_COL_WIDE, CLI_FMT_METRIC, ck_valid_acc},
    {"full_valid_loss", "metrics.full_valid_loss", "FULL_VALID_LOSS", NULL, 5, 0,
     CLI_COL_WIDE, CLI_FMT_METRIC, ck_full_valid_loss},
    {"full_valid_acc", "metrics.full_valid_mean_token_accuracy", "FULL_VALID_ACC", NULL,
     5, 0, CLI_COL_WIDE, CLI_FMT_METRIC, ck_full_valid_acc},
    {"created", "created_at", "CREATED", NULL, 6, 0, CLI_COL_WIDE, CLI_FMT_TIME,
     ck_created},
    {"id", "id", "ID", NULL, 6, 0, CLI_COL_WIDE, CLI_FMT_PLAIN, ck_id},
    {"checkpoint", "fine_tuned_model_checkpoint", "CHECKPOINT", NULL, 0, 0, 0,
     CLI_FMT_PLAIN, ck_name},
    {0},
};

static int next_ckpt(void *it, const char **raw_json, const void **item)
{
    const oft_checkpoint *ck;
    int rc = oft_checkpoint_iter_next(&ck, it);
    if (rc == OFT_OK) {
        *raw_json = ck->raw_json;
        *item = ck;
    }
    return rc;
}

static int run_checkpoints(cli *c, const cli_args *a)
{
    oft_checkpoint_iter *it = NULL;
    cli_view *v = NULL;
    size_t n = 0;
    int rc;
    if ((rc = cli_view_new(&v, c, cli_checkpoint_fields, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_view_free(v);
        return c->client_exit;
    }
    rc = oft_checkpoint_iter_new(&it, c->client, a->operands[0], NULL);
    if (rc != OFT_OK) {
        cli_view_free(v);
        return cli_api_fail(c, rc, "list the job's checkpoints");
    }
    rc = cli_print_iter(c, v, next_ckpt, it, "list the job's checkpoints", &n);
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
