/*
 * openai-ft: the job options shared by `train` and `jobs create`. Values are
 * range-checked here so a typo costs no request; the library checks again.
 */
#include <string.h>

#include "app/job_args.h"
#include "args/args.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"

void cli_job_args_init(cli_job_args *a)
{
    oft_job_create_options init = OFT_JOB_CREATE_OPTIONS_INIT;
    memset(a, 0, sizeof(*a));
    a->opts = init;
    a->wait = -1;
}

const cli_opt cli_job_opts[] = {
    {.id = OPT_MODEL,
     .name = "model",
     .kind = CLI_VAL_MODEL,
     .short_name = 'm',
     .value = "M",
     .flags = CLI_OPT_REQUIRED,
     .help = "the base model, or a fine-tuned one to go on from"},
    {.id = OPT_SUFFIX,
     .name = "suffix",
     .value = "S",
     .help = "1-64 characters in the fine-tuned model's name"},
    {.id = OPT_METHOD,
     .name = "method",
     .value = "M",
     .choices = "supervised dpo reinforcement",
     .help = "the fine-tuning method"},
    {.id = OPT_N_EPOCHS, .name = "n-epochs", .value = "auto|N", .help = "epochs, 1..50"},
    {.id = OPT_BATCH_SIZE,
     .name = "batch-size",
     .value = "auto|N",
     .help = "batch size, 1..256"},
    {.id = OPT_LR_MULT,
     .name = "learning-rate-multiplier",
     .value = "auto|X",
     .help = "learning rate multiplier, > 0"},
    {.id = OPT_BETA, .name = "beta", .value = "auto|X", .help = "dpo only, 0 < X <= 2"},
    {.id = OPT_GRADER,
     .name = "grader",
     .value = "JSON",
     .help = "reinforcement only: the grader object"},
    {.id = OPT_SEED, .name = "seed", .value = "N", .help = "0..2147483647"},
    {.id = OPT_METADATA,
     .name = "metadata",
     .value = "K=V",
     .help = "a metadata pair; repeatable, at most 16"},
    {0},
};

const cli_opt cli_wait_opts[] = {
    {.id = OPT_WAIT,
     .name = "wait",
     .help = "wait for the job with the live view (the default of train)"},
    {.id = OPT_NO_WAIT, .name = "no-wait", .help = "return once the job is created"},
    {.id = OPT_WAIT_TIMEOUT,
     .name = "wait-timeout",
     .value = "SECONDS",
     .help = "stop waiting after this long (exit 4)"},
    {0},
};

const cli_opt cli_watch_opts[] = {
    {.id = OPT_POLL_INTERVAL,
     .name = "poll-interval",
     .value = "SECONDS",
     .help = "how often to poll the job (default 5)"},
    {.id = OPT_CANCEL_ON_INTERRUPT,
     .name = "cancel-on-interrupt",
     .help = "Ctrl-C cancels the job (exit 3) instead of leaving it running"},
    {.id = OPT_ALL_EVENTS,
     .name = "all-events",
     .help = "off a terminal, a line for every step (not only for epochs, checkpoints "
             "and every 10% of the steps); the events of a job that had ended"},
    {0},
};

static int parse_method(cli_job_args *a, const cli_arg *arg)
{
    static const int methods[] = {OFT_METHOD_SUPERVISED, OFT_METHOD_DPO,
                                  OFT_METHOD_REINFORCEMENT};
    int i = cli_choice(arg->opt, arg->value);
    if (i < 0)
        return CLI_EUSAGE;
    a->opts.method_type = methods[i];
    return 0;
}

int cli_job_option(cli_job_args *a, const cli_arg *o)
{
    const char *arg = o->value;
    size_t n_meta = a->opts.metadata_count;
    long n;
    int rc = 0;
    switch (o->opt->id) {
        case OPT_MODEL:
            a->opts.model = arg;
            break;
        case OPT_SUFFIX:
            if (strlen(arg) < 1 || strlen(arg) > 64)
                return cli_usage(NULL, "--suffix: must be 1 to 64 characters");
            a->opts.suffix = arg;
            break;
        case OPT_METHOD:
            rc = parse_method(a, o);
            break;
        case OPT_N_EPOCHS:
            rc = cli_parse_hp(&a->opts.n_epochs, "--n-epochs", arg, 1, 50, 0, 1);
            break;
        case OPT_BATCH_SIZE:
            rc = cli_parse_hp(&a->opts.batch_size, "--batch-size", arg, 1, 256, 0, 1);
            break;
        case OPT_LR_MULT:
            rc = cli_parse_hp(&a->opts.learning_rate_multiplier,
                              "--learning-rate-multiplier", arg, 0, 1e6, 1, 0);
            break;
        case OPT_BETA:
            rc = cli_parse_hp(&a->opts.beta, "--beta", arg, 0, 2, 1, 0);
            break;
        case OPT_SEED:
            rc = cli_parse_long(&n, "--seed", arg, 0, 2147483647L);
            a->opts.has_seed = rc == 0;
            a->opts.seed = rc == 0 ? n : 0;
            break;
        case OPT_METADATA:
            rc = cli_parse_kv(a->metadata, &n_meta, CLI_MAX_METADATA, "--metadata",
                              o->value);
            a->opts.metadata_count = n_meta;
            a->opts.metadata = a->metadata;
            break;
        case OPT_NO_WAIT:
            a->wait = 0;
            break;
        case OPT_WAIT:
            a->wait = 1;
            break;
        case OPT_WAIT_TIMEOUT:
            rc = cli_parse_seconds(&a->wait_timeout_ms, "--wait-timeout", arg);
            break;
        case OPT_POLL_INTERVAL:
            rc = cli_parse_seconds(&a->poll_interval_ms, "--poll-interval", arg);
            break;
        case OPT_GRADER:
            a->opts.grader_json = arg;
            break;
        case OPT_CANCEL_ON_INTERRUPT:
            a->cancel_on_interrupt = 1;
            break;
        case OPT_ALL_EVENTS:
            a->all_events = 1;
            break;
        default:
            return 0;
    }
    return rc != 0 ? CLI_EUSAGE : 1;
}

int cli_job_args_check(cli_job_args *a, const char *cmd)
{
    const oft_job_create_options *o = &a->opts;
    /* hyperparameters travel in a method: default it as the API does */
    if (o->method_type == OFT_METHOD_UNSET &&
        (o->n_epochs.mode != OFT_HP_UNSET || o->batch_size.mode != OFT_HP_UNSET ||
         o->learning_rate_multiplier.mode != OFT_HP_UNSET))
        a->opts.method_type = OFT_METHOD_SUPERVISED;
    if (a->opts.model == NULL)
        return cli_usage(cmd, "--model is required");
    if (a->opts.beta.mode != OFT_HP_UNSET && a->opts.method_type != OFT_METHOD_DPO)
        return cli_usage(cmd, "--beta needs --method dpo");
    if ((a->opts.method_type == OFT_METHOD_REINFORCEMENT) !=
        (a->opts.grader_json != NULL))
        return cli_usage(cmd, "--method reinforcement and --grader JSON go together");
    return 0;
}
