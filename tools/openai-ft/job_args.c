/*
 * openai-ft: the job options shared by `train` and `jobs create`. Values are
 * range-checked here so a typo costs no request; the library checks again.
 */
#include <string.h>

#include "cli.h"

void cli_job_args_init(cli_job_args *a)
{
    oft_job_create_options init = OFT_JOB_CREATE_OPTIONS_INIT;
    memset(a, 0, sizeof(*a));
    a->opts = init;
    a->wait = -1;
}

static int parse_method(cli_job_args *a, const char *arg)
{
    if (strcmp(arg, "supervised") == 0)
        a->opts.method_type = OFT_METHOD_SUPERVISED;
    else if (strcmp(arg, "dpo") == 0)
        a->opts.method_type = OFT_METHOD_DPO;
    else if (strcmp(arg, "reinforcement") == 0)
        a->opts.method_type = OFT_METHOD_REINFORCEMENT;
    else
        return cli_usage(NULL, "--method: '%s' is not supervised, dpo or reinforcement",
                         arg);
    return 0;
}

static int parse_metadata(cli_job_args *a, char *arg)
{
    char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg)
        return cli_usage(NULL, "--metadata: '%s' is not KEY=VALUE", arg);
    if (a->opts.metadata_count >= CLI_MAX_METADATA)
        return cli_usage(NULL, "--metadata: at most %d pairs", CLI_MAX_METADATA);
    *eq = '\0'; /* argv strings are ours to modify */
    a->metadata[a->opts.metadata_count].key = arg;
    a->metadata[a->opts.metadata_count].value = eq + 1;
    a->opts.metadata_count++;
    a->opts.metadata = a->metadata;
    return 0;
}

int cli_job_option(cli_job_args *a, int opt, const char *arg)
{
    long n;
    int rc = 0;
    switch (opt) {
        case CLI_OPT_MODEL:
            a->opts.model = arg;
            break;
        case CLI_OPT_SUFFIX:
            if (strlen(arg) < 1 || strlen(arg) > 64)
                return cli_usage(NULL, "--suffix: must be 1 to 64 characters");
            a->opts.suffix = arg;
            break;
        case CLI_OPT_METHOD:
            rc = parse_method(a, arg);
            break;
        case CLI_OPT_N_EPOCHS:
            rc = cli_parse_hp(&a->opts.n_epochs, "--n-epochs", arg, 1, 50, 0, 1);
            break;
        case CLI_OPT_BATCH_SIZE:
            rc = cli_parse_hp(&a->opts.batch_size, "--batch-size", arg, 1, 256, 0, 1);
            break;
        case CLI_OPT_LR_MULT:
            rc = cli_parse_hp(&a->opts.learning_rate_multiplier,
                              "--learning-rate-multiplier", arg, 0, 1e6, 1, 0);
            break;
        case CLI_OPT_BETA:
            rc = cli_parse_hp(&a->opts.beta, "--beta", arg, 0, 2, 1, 0);
            break;
        case CLI_OPT_SEED:
            rc = cli_parse_long(&n, "--seed", arg, 0, 2147483647L);
            a->opts.has_seed = rc == 0;
            a->opts.seed = n;
            break;
        case CLI_OPT_METADATA:
            /* getopt hands out pointers into argv, which is writable */
            rc = parse_metadata(a, (char *)(uintptr_t)arg);
            break;
        case CLI_OPT_NO_WAIT:
            a->wait = 0;
            break;
        case CLI_OPT_WAIT:
            a->wait = 1;
            break;
        case CLI_OPT_WAIT_TIMEOUT:
            rc = cli_parse_seconds(&a->wait_timeout_ms, "--wait-timeout", arg);
            break;
        case CLI_OPT_POLL_INTERVAL:
            rc = cli_parse_seconds(&a->poll_interval_ms, "--poll-interval", arg);
            break;
        case CLI_OPT_GRADER:
            a->opts.grader_json = arg;
            break;
        case CLI_OPT_CANCEL_ON_INTERRUPT:
            a->cancel_on_interrupt = 1;
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
