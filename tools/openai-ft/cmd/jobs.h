/*
 * openai-ft: openai-ft jobs (jobs.c).
 */
#ifndef OFT_CLI_JOBS_H
#define OFT_CLI_JOBS_H

#include "args/args.h"

extern const cli_cmd cli_cmd_jobs;

#endif
