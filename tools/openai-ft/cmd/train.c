/*
 * openai-ft train: the main job in one command. Validates the data locally,
 * checks that the model exists, uploads, creates the job and watches it to
 * the end; wastes nothing on the way (a failure after the upload names the
 * uploaded file and how to reuse it).
 */
#include <string.h>
#include <sys/stat.h>

#include "cmd/train.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/cost.h"
#include "app/hint.h"
#include "app/input.h"
#include "app/job_args.h"
#include "app/signals.h"
#include "args/args.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "cmd/files.h"
#include "cmd/jobs.h"
#include "cmd/validate.h"
#include "ui/output.h"
#include "ui/report.h"

/* A training or validation file: local data to upload, or an uploaded ID. */
typedef struct source {
    const char *given; /* as given, NULL when none */
    const char *id;    /* an uploaded file's ID (given, or once uploaded) */
    cli_input in;      /* local data */
    oft_file *uploaded;
} source;

typedef struct train {
    cli *c;
    cli_job_args ja;
    source data, valid;
    int skip_validation;
    double max_cost; /* < 0: not given */
    int yes;
} train;

/* Local when it is `-` or an existing file, else an uploaded file's ID. */
static int resolve(cli *c, source *s, const char *opt, int from_operand)
{
    struct stat st;
    s->in.fd = -1;
    if (s->given == NULL)
        return 0;
    if (!from_operand && strcmp(s->given, "-") != 0 && stat(s->given, &st) != 0) {
        if (strncmp(s->given, "file-", 5) != 0)
            return cli_usage(NULL,
                             "%s: '%s' is neither a local file nor a file ID (file-...)",
                             opt, s->given);
        s->id = s->given;
        return 0;
    }
    return cli_input_open(c, &s->in, s->given, NULL);
}

static int format_of_method(int method)
{
    switch (method) {
        case OFT_METHOD_DPO:
            return OFT_JSONL_DPO;
        case OFT_METHOD_REINFORCEMENT:
            return OFT_JSONL_REINFORCEMENT;
        default:
            return OFT_JSONL_AUTO;
    }
}

static int parse(train *t, const cli_args *a)
{
    size_t i;
    int rc;
    cli_job_args_init(&t->ja);
    for (i = 0; i < a->n_opts; i++) {
        const cli_arg *o = &a->opts[i];
        if (o->opt->id == OPT_TRAINING_FILE)
            t->data.given = o->value;
        else if (o->opt->id == OPT_VALIDATION_FILE)
            t->valid.given = o->value;
        else if (o->opt->id == OPT_SKIP_VALIDATION)
            t->skip_validation = 1;
        else if (o->opt->id == OPT_YES)
            t->yes = 1;
        else if (o->opt->id == OPT_MAX_COST) {
            if (cli_parse_double(&t->max_cost, "--max-cost", o->value, 0, 1e9, 0) != 0)
                return CLI_EUSAGE;
        } else if ((rc = cli_job_option(&t->ja, o)) != 1)
            return rc == 0 ? cli_usage(NULL, "--%s is not a train option", o->opt->name)
                           : rc;
    }
    if (a->n_operands == 1 && t->data.given != NULL)
        return cli_usage(NULL, "the training data is FILE or --training-file, not both");
    if (a->n_operands == 0 && t->data.given == NULL)
        return cli_usage(NULL, "missing argument: FILE (or --training-file ID)");
    if ((rc = cli_job_args_check(&t->ja, "train")) != 0)
        return rc;
    if (a->n_operands == 1)
        t->data.given = a->operands[0];
    if ((rc = resolve(t->c, &t->data, "--training-file", a->n_operands == 1)) != 0 ||
        (rc = resolve(t->c, &t->valid, "--validation-file", 0)) != 0)
        return rc;
    if (t->data.in.fd == 0 && t->valid.in.fd == 0)
        return cli_usage(NULL, "stdin ('-') can hold only one of the files");
    return 0;
}

/* The estimated cost; a question above the limit, before anything is sent. */
static int check_cost(train *t, const cli_validation *v)
{
    cli_cost_args ca;
    oft_hp_num n = t->ja.opts.n_epochs;
    memset(&ca, 0, sizeof(ca));
    ca.model = t->ja.opts.model;
    ca.tokens_per_epoch = v->tokens_per_epoch;
    ca.epochs_auto = n.mode != OFT_HP_VALUE;
    ca.epochs = ca.epochs_auto ? v->default_epochs : (int)n.value;
    ca.max_cost = t->max_cost;
    ca.yes = t->yes;
    return cli_cost_check(t->c, &ca);
}

/* 1. validate locally: a bad file costs no upload and no failed job */
static int validate_local(train *t)
{
    cli_validation v = {t->ja.opts.model,
                        format_of_method(t->ja.opts.method_type),
                        CLI_REPORT_ESTIMATE,
                        t->ja.opts.n_epochs,
                        0,
                        0,
                        0};
    int rc;
    if (t->skip_validation)
        return CLI_OK;
    if (t->data.id == NULL) {
        cli_info(t->c, "validating %s", t->data.in.shown);
        if ((rc = cli_validate_input(t->c, &t->data.in, &v)) != CLI_OK ||
            (rc = check_cost(t, &v)) != CLI_OK)
            return rc;
    }
    v.report = CLI_REPORT_PROBLEMS; /* the estimate is of the training data */
    v.min_examples = -1;            /* the API's minimum is for training data only */
    if (t->valid.given != NULL && t->valid.id == NULL &&
        (rc = cli_validate_input(t->c, &t->valid.in, &v)) != CLI_OK)
        return rc;
    return CLI_OK;
}

/* 2. the model exists: a typo costs no upload */
static int check_model(train *t)
{
    oft_model *m = NULL;
    int rc = oft_model_retrieve(&m, t->c->client, t->ja.opts.model);
    oft_model_free(m);
    if (rc == OFT_OK)
        return CLI_OK;
    if (rc == OFT_EPERM) { /* a key without model read access can still train */
        cli_warn(t->c, "cannot check that the model %s exists (HTTP 403); going on",
                 cli_text(t->ja.opts.model));
        return CLI_OK;
    }
    rc = cli_api_fail(t->c, rc, "check the model");
    fprintf(stderr, "Nothing was uploaded.%s\n",
            rc == CLI_EAPI ? " 'openai-ft models list' shows the models this key can use."
                           : "");
    return rc;
}

/* After a failure once data is uploaded: what holds it and how to reuse it. */
static void reuse_hint(const train *t)
{
    if (t->data.uploaded == NULL && t->valid.uploaded == NULL)
        return;
    fprintf(stderr, "The upload is kept:%s%s%s%s\n",
            t->data.uploaded ? " training data " : "",
            t->data.uploaded ? cli_text(t->data.id) : "",
            t->valid.uploaded ? " validation data " : "",
            t->valid.uploaded ? cli_text(t->valid.id) : "");
    cli_hint(t->c, "Reuse it with (and this run's other train options): ", "train", "-m",
             t->ja.opts.model, "--training-file", t->data.id ? t->data.id : "FILE",
             t->valid.id != NULL ? "--validation-file" : (const char *)NULL, t->valid.id,
             (const char *)NULL);
}

static int upload_one(train *t, source *s)
{
    int rc;
    if (s->given == NULL || s->id != NULL)
        return CLI_OK;
    rc = cli_upload(t->c, &s->in, "fine-tune", &s->uploaded);
    if (rc != CLI_OK || cli_signal_caught()) {
        if (rc == CLI_OK)
            rc = cli_interrupt_exit();
        reuse_hint(t);
        return rc;
    }
    s->id = s->uploaded->id;
    cli_info(t->c, "uploaded %s as %s", cli_text(s->in.shown), cli_or_dash(s->id));
    return CLI_OK;
}

const cli_template cli_train_result = {"train --no-wait", cli_job_lines, "job: %{id}\n"};

/* 3. upload, 4. create the job; then watch it unless --no-wait */
static int upload_and_create(train *t)
{
    cli *c = t->c;
    oft_job *job = NULL;
    int rc;
    cli_signals_arm(c);
    if ((t->data.id == NULL || (t->valid.given && t->valid.id == NULL)) &&
        (rc = check_model(t)) != CLI_OK)
        return rc;
    if ((rc = upload_one(t, &t->data)) != CLI_OK || (rc = upload_one(t, &t->valid)) != 0)
        return rc;
    t->ja.opts.training_file = t->data.id;
    t->ja.opts.validation_file = t->valid.id;
    rc = oft_job_create(&job, c->client, &t->ja.opts);
    if (rc != OFT_OK) {
        rc = cli_api_fail(c, rc, "create the job");
        reuse_hint(t);
        return rc;
    }
    cli_signals_disarm();
    cli_info(c, "created job %s", cli_or_dash(job->id));
    if (t->ja.wait == 0) {
        cli_view_say(c, &cli_train_result, job->raw_json, job);
        if (!c->quiet)
            cli_hint(c, "Watch it with: ", "jobs", "wait", job->id, (const char *)NULL);
        rc = CLI_OK;
    } else {
        rc = cli_job_args_watch(c, &t->ja, job->id);
    }
    oft_job_free(job);
    return rc;
}

static int run_train(cli *c, const cli_args *a)
{
    train t;
    int rc;
    memset(&t, 0, sizeof(t));
    t.c = c;
    t.max_cost = -1;
    t.data.in.fd = t.valid.in.fd = -1;
    if ((rc = parse(&t, a)) == 0 && (rc = validate_local(&t)) == CLI_OK) {
        if (cli_client(c) == NULL)
            rc = c->client_exit;
        else
            rc = upload_and_create(&t);
        cli_signals_disarm();
    }
    oft_file_free(t.data.uploaded);
    oft_file_free(t.valid.uploaded);
    cli_input_close(&t.data.in);
    cli_input_close(&t.valid.in);
    return rc;
}

static const cli_opt train_opts[] = {
    {.id = OPT_TRAINING_FILE,
     .name = "training-file",
     .short_name = 't',
     .value = "FILE|ID",
     .kind = CLI_VAL_FILE_OR_ID,
     .help = "the training data: a local file (or '-'), or an uploaded file's ID"},
    {.id = OPT_VALIDATION_FILE,
     .name = "validation-file",
     .value = "FILE|ID",
     .kind = CLI_VAL_FILE_OR_ID,
     .help = "validation data: a local file, or an uploaded file's ID"},
    {.id = OPT_SKIP_VALIDATION,
     .name = "skip-validation",
     .help = "upload without validating the data locally first (no cost estimate)"},
    {.id = OPT_MAX_COST,
     .name = "max-cost",
     .value = "USD",
     .help = "ask before a run estimated above USD (env OPENAI_FT_MAX_COST; default 5)"},
    {0},
};

const cli_cmd cli_cmd_train = {
    .name = "train",
    .summary = "validate, upload, create a job and watch it",
    .operands = "[FILE]",
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .opts = {train_opts, cli_job_opts, cli_wait_opts, cli_watch_opts, cli_yes_opts},
    .description =
        "Validates FILE locally (stops with the line-numbered problems, exit 5) and\n"
        "prints the estimated billable tokens and cost, asks before a run estimated\n"
        "above --max-cost (default $5; --yes goes ahead; off a terminal it refuses,\n"
        "exit 2), checks that the model exists,\n"
        "uploads FILE ('-': stdin), creates a fine-tuning job and waits for it with a\n"
        "live view: status, epoch and step, training loss, elapsed time, estimated\n"
        "finish and new events. The last line on stdout is `fine_tuned_model: ft:...`.\n"
        "--training-file ID trains on a file uploaded before (nothing is uploaded).\n"
        "When a step after the upload fails, it says which file holds the upload.\n"
        "\n"
        "Ctrl-C while waiting leaves the job running, prints how to resume watching\n"
        "(openai-ft jobs wait ID) and exits 130; with --cancel-on-interrupt it cancels\n"
        "the job (exit 3). With --json, prints the final job.\n"
        "Exit codes: 0 succeeded, 1 API error, 2 usage, 3 job failed or cancelled,\n"
        "4 wait timed out, 5 validation problems, 130 interrupted.",
    .example = "openai-ft train train.jsonl -m gpt-4o-mini-2024-07-18 --suffix demo\n"
               "openai-ft train -t file-abc123 -m gpt-4o-mini-2024-07-18 --no-wait",
    .run = run_train,
};
