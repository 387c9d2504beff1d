/*
 * openai-ft: openai-ft jobs (jobs.c); the job printed as train prints it too.
 */
#ifndef OFT_CLI_JOBS_H
#define OFT_CLI_JOBS_H

#include "args/args.h"
#include "base/cli.h"

/* A job, as `jobs get` shows it. */
void cli_print_job(const cli *c, const oft_job *job);

extern const cli_cmd cli_cmd_jobs;

#endif
