/*
 * openai-ft jobs (jobs.c).
 */
#ifndef OFT_CLI_JOBS_H
#define OFT_CLI_JOBS_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_cmd_jobs;

/* The description of a job as `jobs get` (create, cancel, pause, resume) shows it
 * (ui/view.h). */
extern const cli_field cli_job_lines[];

#endif
