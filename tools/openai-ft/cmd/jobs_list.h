/*
 * openai-ft jobs list and jobs events (jobs_list.c).
 */
#ifndef OFT_CLI_JOBS_LIST_H
#define OFT_CLI_JOBS_LIST_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_jobs_list;
extern const cli_cmd cli_jobs_events;

/* The description of the jobs table of `jobs list` (ui/view.h). */
extern const cli_field cli_job_fields[];

/* The description of the events log of `jobs events` (ui/view.h). */
extern const cli_field cli_event_fields[];

#endif
