/*
 * openai-ft jobs checkpoints ID: a table with a header row, fitted to the
 * terminal's width (80 columns when stdout is not a terminal). The step and
 * the checkpoint's name (what `permissions create` takes) always show, the
 * name whole and last; the metrics come in as the width allows.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct row {
    long long step;
    oft_checkpoint_metrics m;
    char *name;
} row;

typedef struct table {
    row *rows;
    size_t n, cap;
    size_t name_w;
} table;

/* The metric columns, in the order they are given room. */
enum { COL_TRAIN_LOSS, COL_VALID_LOSS, COL_TRAIN_ACC, COL_COUNT };
static const char *const col_title[COL_COUNT] = {"TRAIN_LOSS", "VALID_LOSS", "TRAIN_ACC"};
#define STEP_W 7
#define COL_W  12

static int keep(table *t, const oft_checkpoint *ck)
{
    row *r;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        row *grown = realloc(t->rows, cap * sizeof(*grown));
        if (grown == NULL)
            return OFT_ENOMEM;
        t->rows = grown;
        t->cap = cap;
    }
    r = &t->rows[t->n];
    r->step = (long long)ck->step_number;
    r->m = ck->metrics;
    r->name = strdup(cli_or_dash(ck->fine_tuned_model_checkpoint));
    if (r->name == NULL)
        return OFT_ENOMEM;
    if (strlen(r->name) > t->name_w)
        t->name_w = strlen(r->name);
    t->n++;
    return OFT_OK;
}

static void metric(int on, int has, double v)
{
    char buf[32] = "-";
    if (!on)
        return;
    if (has)
        snprintf(buf, sizeof(buf), "%.4f", v);
    printf("%-*s", COL_W, buf);
}

static void print_table(const table *t, int width)
{
    int on[COL_COUNT] = {0}, used = STEP_W + (int)t->name_w;
    size_t i;
    for (i = 0; i < COL_COUNT; i++)
        if (used + COL_W <= width) {
            on[i] = 1;
            used += COL_W;
        }
    printf("%-*s", STEP_W, "STEP");
    for (i = 0; i < COL_COUNT; i++)
        if (on[i])
            printf("%-*s", COL_W, col_title[i]);
    printf("CHECKPOINT\n");
    for (i = 0; i < t->n; i++) {
        const row *r = &t->rows[i];
        printf("%-*lld", STEP_W, r->step);
        metric(on[COL_TRAIN_LOSS], r->m.has_train_loss, r->m.train_loss);
        metric(on[COL_VALID_LOSS], r->m.has_valid_loss, r->m.valid_loss);
        metric(on[COL_TRAIN_ACC], r->m.has_train_mean_token_accuracy,
               r->m.train_mean_token_accuracy);
        printf("%s\n", r->name);
    }
}

static int collect(cli *c, oft_checkpoint_iter *it, table *t)
{
    const oft_checkpoint *ck;
    size_t i = 0;
    int rc;
    if (c->json)
        cli_json_list_begin();
    while ((rc = oft_checkpoint_iter_next(&ck, it)) == OFT_OK) {
        if (c->json)
            cli_json_list_item(ck->raw_json, i++);
        else if ((rc = keep(t, ck)) != OFT_OK)
            break;
    }
    if (c->json)
        cli_json_list_end(0);
    return rc == OFT_ITEROVER ? OFT_OK : rc;
}

static int run_checkpoints(cli *c, const cli_args *a)
{
    oft_checkpoint_iter *it = NULL;
    table t;
    size_t i;
    int rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_checkpoint_iter_new(&it, c->client, a->operands[0], NULL);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "list the job's checkpoints");
    memset(&t, 0, sizeof(t));
    rc = collect(c, it, &t);
    if (rc != OFT_OK)
        rc = cli_api_fail(c, rc, "list the job's checkpoints");
    else if (!c->json && t.n > 0)
        print_table(&t, c->tty_out ? cli_term_width(STDOUT_FILENO) : 80);
    else if (!c->json && !c->quiet)
        fprintf(stderr, "(no checkpoints)\n");
    for (i = 0; i < t.n; i++)
        free(t.rows[i].name);
    free(t.rows);
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
    .description = "Lists a job's checkpoints, newest first: step, metrics as the width\n"
                   "allows, and the checkpoint's model name (for `permissions create`).",
    .example = "openai-ft jobs checkpoints ftjob-abc123",
    .run = run_checkpoints,
};
