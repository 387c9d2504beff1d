/*
 * openai-ft sweep: one job per point of the cartesian product of
 * hyperparameter values, over data validated and uploaded once. The sweep
 * lives in a file of its own (sweep.h) written before any job is made; each
 * job carries the sweep's ID and its point's name as metadata, so a re-run
 * after Ctrl-C or a crash finds the jobs it made (even one made just before
 * a crash, before the file said so) and creates nothing twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/sweep.h"
#include "app/job_args.h"
#include "app/client.h"
#include "app/input.h"
#include "app/signals.h"
#include "app/sweep_file.h"
#include "app/sweep_run.h"
#include "args/args.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "cmd/compare.h"
#include "cmd/files.h"
#include "cmd/validate.h"
#include "ui/output.h"
#include "ui/progress.h"
#include "ui/report.h"
#include "ui/table.h"

typedef struct grid {
    double values[SW_DIMS][SW_MAX_VALUES];
    size_t n[SW_DIMS];
} grid;

static int parse_opts(sweep_run *r, grid *g, const cli_args *a)
{
    static const char *const opt_names[SW_DIMS] = {
        "--n-epochs", "--learning-rate-multiplier", "--batch-size"};
    int rc = 0;
    for (size_t i = 0; i < a->n_opts && rc == 0; i++) {
        const cli_arg *o = &a->opts[i];
        int d = o->opt->id == OPT_N_EPOCHS     ? SW_EPOCHS
                : o->opt->id == OPT_LR_MULT    ? SW_LR
                : o->opt->id == OPT_BATCH_SIZE ? SW_BATCH
                                               : -1;
        if (d >= 0)
            rc = sweep_parse_list(g->values[d], &g->n[d], opt_names[d], o->value,
                                  -CLI_ANY, CLI_ANY, d != SW_LR);
        else if (o->opt->id == OPT_SPEC)
            rc = sweep_read_spec(o->value, g->values, g->n);
        else if (o->opt->id == OPT_MODEL)
            r->model = o->value;
        else if (o->opt->id == OPT_SUFFIX)
            r->suffix = o->value;
        else if (o->opt->id == OPT_VALIDATION_FILE)
            r->valid_path = o->value;
        else if (o->opt->id == OPT_SWEEP_FILE)
            r->path = o->value;
        else if (o->opt->id == OPT_SKIP_VALIDATION)
            r->skip_validation = 1;
        else if (o->opt->id == OPT_NO_WAIT)
            r->no_wait = 1;
        else if (o->opt->id == OPT_MAX_PARALLEL)
            rc = cli_parse_long(&r->max_parallel, "--max-parallel", o->value, 1, 1000);
        else if (o->opt->id == OPT_POLL_INTERVAL)
            rc = cli_parse_seconds(&r->poll_ms, "--poll-interval", o->value);
    }
    for (int d = 0; d < SW_DIMS && rc == 0; d++)
        for (size_t i = 0; i < g->n[d] && rc == 0; i++) {
            /* each value by the library's range of its hyperparameter */
            oft_job_create_options o = OFT_JOB_CREATE_OPTIONS_INIT;
            oft_hp_num *hp[SW_DIMS] = {&o.n_epochs, &o.learning_rate_multiplier,
                                       &o.batch_size};
            hp[d]->mode = OFT_HP_VALUE;
            hp[d]->value = g->values[d][i];
            o.method_type = OFT_METHOD_SUPERVISED;
            rc = cli_job_options_check(&o, NULL);
        }
    if (rc == 0 && r->suffix != NULL && (strlen(r->suffix) < 1 || strlen(r->suffix) > 20))
        rc = cli_usage(NULL, "--suffix: 1 to 20 characters (the point's name follows)");
    return rc;
}

/* Validates and uploads one file (when not an uploaded file's ID already). */
static int upload(sweep_run *r, const char *given, int is_valid, char *id, size_t cap)
{
    cli_input in;
    cli_validation v = {r->model,
                        OFT_JSONL_AUTO,
                        CLI_REPORT_PROBLEMS,
                        OFT_HP_NUM_INIT,
                        is_valid ? -1 : 0,
                        0,
                        0};
    oft_file *f = NULL;
    struct stat st;
    int rc;
    if (strncmp(given, "file-", 5) == 0 && stat(given, &st) != 0) {
        snprintf(id, cap, "%s", given);
        return CLI_OK;
    }
    if ((rc = cli_input_open(r->c, &in, given, NULL)) != 0)
        return rc;
    if (!r->skip_validation) {
        cli_info(r->c, "validating %s", in.shown);
        rc = cli_validate_input(r->c, &in, &v);
    }
    if (rc == CLI_OK && (rc = cli_upload(r->c, &in, "fine-tune", &f)) == CLI_OK) {
        snprintf(id, cap, "%s", f->id);
        cli_info(r->c, "uploaded %s as %s", cli_text(in.shown), cli_or_dash(f->id));
        oft_file_free(f);
    }
    cli_input_close(&in);
    return rc;
}

/* A sweep ID no other sweep has: "sw-" and 12 random hex digits. */
static void new_id(char *out, size_t cap)
{
    unsigned char raw[6] = {0};
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw)) {
        long long t = cli_now_ms() ^ (long long)getpid() << 20;
        memcpy(raw, &t, sizeof(raw));
    }
    if (fd >= 0)
        close(fd);
    snprintf(out, cap, "sw-%02x%02x%02x%02x%02x%02x", raw[0], raw[1], raw[2], raw[3],
             raw[4], raw[5]);
}

/* A new sweep: the points, the data uploaded once, the file written. */
static int start_new(sweep_run *r, grid *g, const char *data)
{
    sweep *s = r->s;
    int rc;
    if (r->model == NULL)
        return cli_usage(NULL, "--model M is required for a new sweep");
    if ((rc = sweep_expand(s, g->values, g->n)) != 0)
        return rc;
    if (cli_client(r->c) == NULL)
        return r->c->client_exit;
    cli_signals_arm(r->c);
    if ((rc = upload(r, data, 0, s->training_file, sizeof(s->training_file))) != CLI_OK ||
        (r->valid_path != NULL && (rc = upload(r, r->valid_path, 1, s->validation_file,
                                               sizeof(s->validation_file))) != CLI_OK))
        return rc;
    if (cli_signal_caught())
        return cli_interrupt_exit();
    new_id(s->id, sizeof(s->id));
    snprintf(s->model, sizeof(s->model), "%s", r->model);
    snprintf(s->suffix, sizeof(s->suffix), "%s", r->suffix ? r->suffix : "sweep");
    s->max_parallel = (int)r->max_parallel;
    if (sweep_save(s, r->path) != 0) {
        cli_err(r->c, "cannot write %s: %s", r->path, strerror(errno));
        return CLI_EAPI;
    }
    cli_info(r->c, "sweep %s: %zu points, recorded in %s", s->id, s->n_points, r->path);
    return CLI_OK;
}

/* A re-run: the file's sweep, checked against the grid given (if any). */
static int resume(sweep_run *r, grid *g)
{
    sweep *want;
    int same = 1;
    size_t d, i, given = 0;
    for (d = 0; d < SW_DIMS; d++)
        given += g->n[d];
    if (given == 0)
        return CLI_OK;
    if ((want = calloc(1, sizeof(*want))) == NULL || sweep_expand(want, g->values, g->n))
        same = 0;
    else if (want->n_points != r->s->n_points)
        same = 0;
    else
        for (i = 0; i < want->n_points; i++)
            same &= strcmp(want->points[i].name, r->s->points[i].name) == 0;
    free(want);
    if (!same || (r->model != NULL && strcmp(r->model, r->s->model) != 0))
        return cli_usage(NULL, "%s records another sweep; give another --sweep-file",
                         r->path);
    if (r->max_parallel > 0)
        r->s->max_parallel = (int)r->max_parallel;
    cli_info(r->c, "sweep %s: picking up %s", r->s->id, r->path);
    return CLI_OK;
}

static int run_sweep(cli *c, const cli_args *a)
{
    sweep_run r;
    grid g;
    int rc;
    memset(&r, 0, sizeof(r));
    memset(&g, 0, sizeof(g));
    r.c = c;
    r.path = "sweep.json";
    if ((rc = parse_opts(&r, &g, a)) != 0)
        return rc;
    if ((r.s = calloc(1, sizeof(*r.s))) == NULL)
        return CLI_EAPI;
    rc = sweep_load(r.s, r.path);
    if (rc == 1 && a->n_operands == 0)
        rc =
            cli_usage(NULL, "missing argument: FILE (the training data) for a new sweep");
    else if (rc == 1)
        rc = start_new(&r, &g, a->operands[0]);
    else if (rc == 0)
        rc = resume(&r, &g);
    if (rc == CLI_OK)
        rc = sweep_run_loop(&r);
    free(r.s);
    return rc;
}

static int run_status(cli *c, const cli_args *a)
{
    sweep_run r;
    int rc;
    memset(&r, 0, sizeof(r));
    r.c = c;
    r.path = a->operands[0];
    r.no_wait = 1;
    r.status_only = 1;
    if ((r.s = calloc(1, sizeof(*r.s))) == NULL)
        return CLI_EAPI;
    rc = sweep_load(r.s, r.path);
    if (rc == 1)
        rc = cli_usage(NULL, "%s: no such file", r.path);
    if (rc == 0)
        rc = sweep_run_loop(&r);
    free(r.s);
    return rc;
}

static int run_compare(cli *c, const cli_args *a)
{
    sweep *s = calloc(1, sizeof(*s));
    const char *ids[SW_MAX_POINTS];
    size_t n = 0, i;
    int rc;
    if (s == NULL)
        return CLI_EAPI;
    rc = sweep_load(s, a->operands[0]);
    if (rc == 1)
        rc = cli_usage(NULL, "%s: no such file", a->operands[0]);
    for (i = 0; rc == 0 && i < s->n_points; i++)
        if (s->points[i].job[0] != '\0')
            ids[n++] = s->points[i].job;
    if (rc == 0 && n == 0)
        rc = cli_usage(NULL, "%s: the sweep has no job yet", a->operands[0]);
    if (rc == 0)
        rc = cli_compare_jobs(c, a, ids, n);
    free(s);
    return rc;
}

static const cli_opt sweep_opts[] = {
    {.id = OPT_MODEL,
     .name = "model",
     .kind = CLI_VAL_MODEL,
     .short_name = 'm',
     .value = "M",
     .help = "the base model (a new sweep)"},
    {.id = OPT_N_EPOCHS, .name = "n-epochs", .value = "N,N...", .help = "epochs, 1..50"},
    {.id = OPT_LR_MULT,
     .name = "learning-rate-multiplier",
     .value = "X,X...",
     .help = "learning rate multipliers, > 0"},
    {.id = OPT_BATCH_SIZE,
     .name = "batch-size",
     .value = "N,N...",
     .help = "batch sizes, 1..256"},
    {.id = OPT_SPEC,
     .name = "spec",
     .kind = CLI_VAL_FILE,
     .value = "FILE",
     .help = "the values as JSON: {\"n_epochs\": [2, 3], \"batch_size\": [8]}"},
    {.id = OPT_VALIDATION_FILE,
     .name = "validation-file",
     .kind = CLI_VAL_FILE_OR_ID,
     .value = "FILE|ID",
     .help = "validation data, validated and uploaded once"},
    {.id = OPT_SUFFIX,
     .name = "suffix",
     .value = "S",
     .help = "the start of every job's suffix (default sweep); the point's name follows"},
    {.id = OPT_SWEEP_FILE,
     .name = "sweep-file",
     .short_name = 'f',
     .kind = CLI_VAL_FILE,
     .value = "FILE",
     .help = "where the sweep is recorded (default sweep.json)"},
    {.id = OPT_MAX_PARALLEL,
     .name = "max-parallel",
     .value = "N",
     .help = "at most N jobs queued or running at once"},
    {.id = OPT_POLL_INTERVAL,
     .name = "poll-interval",
     .value = "SECONDS",
     .help = "how often to poll the jobs (default 5)"},
    {.id = OPT_NO_WAIT,
     .name = "no-wait",
     .help = "create the jobs that may start, then exit"},
    {.id = OPT_SKIP_VALIDATION,
     .name = "skip-validation",
     .help = "upload without validating the data locally"},
    {0},
};

static const cli_cmd sweep_status = {
    .name = "status",
    .summary = "show a sweep's jobs once",
    .operands = "FILE",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .description =
        "Shows every point of the sweep recorded in FILE: its job, status, step,\n"
        "train and valid loss and a loss sparkline. Creates nothing.",
    .example = "openai-ft sweep status sweep.json",
    .run = run_status,
};

static const cli_cmd sweep_compare = {
    .name = "compare",
    .summary = "compare a sweep's jobs",
    .operands = "FILE",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .opts = {cli_table_opts},
    .description = "The table of `jobs compare` for the jobs of the sweep in FILE.",
    .example = "openai-ft sweep compare sweep.json --json",
    .run = run_compare,
};

static const cli_cmd *const sweep_subs[] = {&sweep_status, &sweep_compare, NULL};

const cli_cmd cli_cmd_sweep = {
    .name = "sweep",
    .summary = "one job per point of a grid of hyperparameters",
    .operands = "[FILE]",
    .min_operands = 0,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .opts = {sweep_opts},
    .description =
        "Creates one job per point of the cartesian product of the values given\n"
        "(--n-epochs 2,3 --learning-rate-multiplier 0.5,1,2: 6 jobs) over the\n"
        "training data FILE, validated and uploaded once, and follows them in a\n"
        "live table. The sweep is recorded in --sweep-file: run the same command\n"
        "again after Ctrl-C or a crash and it picks the sweep up, creating no job\n"
        "twice (each job carries the sweep's ID and its point as metadata). A\n"
        "failed point does not stop the others. Exit 0 when every point\n"
        "succeeded, 3 when one failed, 130 on Ctrl-C (the jobs keep running).",
    .example = "openai-ft sweep train.jsonl -m gpt-4o-mini-2024-07-18 --n-epochs 2,3 \\\n"
               "    --learning-rate-multiplier 0.5,1,2 --max-parallel 3\n"
               "openai-ft sweep compare sweep.json",
    .run = run_sweep,
    .subs = sweep_subs,
};
