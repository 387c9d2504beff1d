/*
 * openai-ft: the job options `train` and `jobs create` share (job_args.c).
 */
#ifndef OFT_CLI_JOB_ARGS_H
#define OFT_CLI_JOB_ARGS_H

#include <openai_ft.h>

#include "args/args.h"

#define CLI_MAX_METADATA 16
typedef struct cli_job_args {
    oft_job_create_options opts;
    oft_kv metadata[CLI_MAX_METADATA];
    /* waiting */
    int wait;                /* -1: the command's default */
    int64_t wait_timeout_ms; /* 0: none */
    int64_t poll_interval_ms;
    int cancel_on_interrupt;
    int all_events; /* --all-events */
} cli_job_args;
extern const cli_opt cli_job_opts[];
extern const cli_opt cli_wait_opts[];  /* --wait, --no-wait, --wait-timeout */
extern const cli_opt cli_watch_opts[]; /* --poll-interval, --cancel-on-interrupt */
void cli_job_args_init(cli_job_args *a);
/* Handles one option of the three tables above: 1 when it was one, 0
 * when not, CLI_EUSAGE on a bad value. */
int cli_job_option(cli_job_args *a, const cli_arg *arg);
/* Checks the options by the library's rules (prints and returns 2) and sets
 * the supervised method when hyperparameters come without one. */
int cli_job_args_check(cli_job_args *a, const char *cmd);
/* Checks opts by the library's rules (oft_job_create_options_check), the
 * files and a NULL model left for later; a failure is printed naming the
 * option ("--n-epochs: must be in [1, 50] (got 0)") and returns 2. */
int cli_job_options_check(const oft_job_create_options *opts, const char *cmd);
/* Waits for the job created as the waiting options ask (cli_watch_job, with
 * --wait-timeout, --poll-interval, --cancel-on-interrupt, --all-events);
 * returns its exit code. */
int cli_job_args_watch(cli *c, const cli_job_args *a, const char *job_id);

#endif
