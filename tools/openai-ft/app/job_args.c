/*
 * openai-ft: the job options shared by `train` and `jobs create`. Values are
 * parsed here and checked by the library's own rules
 * (oft_job_create_options_check) before anything is sent, so a typo costs no
 * request and each range is written once, in the library.
 */
#include <stdio.h>
#include <string.h>

#include "app/job_args.h"
#include "app/watch.h"
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
            a->opts.suffix = arg;
            break;
        case OPT_METHOD:
            rc = parse_method(a, o);
            break;
        case OPT_N_EPOCHS:
            rc = cli_parse_hp(&a->opts.n_epochs, "--n-epochs", arg, -CLI_ANY, CLI_ANY, 0,
                              1);
            break;
        case OPT_BATCH_SIZE:
            rc = cli_parse_hp(&a->opts.batch_size, "--batch-size", arg, -CLI_ANY, CLI_ANY,
                              0, 1);
            break;
        case OPT_LR_MULT:
            rc = cli_parse_hp(&a->opts.learning_rate_multiplier,
                              "--learning-rate-multiplier", arg, -CLI_ANY, CLI_ANY, 0, 0);
            break;
        case OPT_BETA:
            rc = cli_parse_hp(&a->opts.beta, "--beta", arg, -CLI_ANY, CLI_ANY, 0, 0);
            break;
        case OPT_SEED:
            rc = cli_parse_long(&n, "--seed", arg, -(long)CLI_ANY, (long)CLI_ANY);
            a->opts.seed = rc == 0 ? n : OFT_NONE;
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

/* The option a library field is given with ("grader_json" -> "--grader",
 * "n_epochs" -> "--n-epochs", "metadata[3].key" -> "--metadata"), from a
 * message that starts with the field; the field's length in *len. */
static void flag_of(char *flag, size_t cap, const char *msg, size_t *len)
{
    static const char *const renamed[][2] = {{"grader_json", "grader"},
                                             {"method_type", "method"}};
    size_t n = strcspn(msg, ":[.");
    *len = n;
    for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
        if (strlen(renamed[i][0]) == n && strncmp(msg, renamed[i][0], n) == 0) {
            snprintf(flag, cap, "--%s", renamed[i][1]);
            return;
        }
    int w = snprintf(flag, cap, "--%.*s", (int)n, msg);
    for (char *p = flag; w > 0 && *p; p++)
        if (*p == '_')
            *p = '-';
}

int cli_job_options_check(const oft_job_create_options *opts, const char *cmd)
{
    oft_job_create_options o = *opts;
    oft_error *err = NULL;
    char flag[64];
    size_t len = 0;
    /* The files are named or uploaded later, and checked then. */
    o.training_file = "file-checked-later";
    o.validation_file = NULL;
    if (o.model == NULL)
        o.model = "model-checked-later";
    int rc = oft_job_create_options_check(&o, &err);
    if (rc == OFT_OK)
        return 0;
    const char *msg = err != NULL ? oft_error_message(err) : oft_status_str(rc);
    flag_of(flag, sizeof(flag), msg, &len);
    if (msg[len] == ':')
        rc = cli_usage(cmd, "%s%s", flag, msg + len);
    else /* "--metadata: metadata[3].key: ...": the pair and its part */
        rc = cli_usage(cmd, "%s: %s", flag, msg);
    oft_error_free(err);
    return rc;
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
    return cli_job_options_check(&a->opts, cmd);
}

int cli_job_args_watch(cli *c, const cli_job_args *a, const char *job_id)
{
    cli_watch_options wo = {a->wait_timeout_ms, a->poll_interval_ms,
                            a->cancel_on_interrupt, 0, a->all_events};
    return cli_watch_job(c, job_id, &wo);
}
