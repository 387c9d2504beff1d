/*
 * openai-ft: openai-ft jobs list and jobs events (jobs_list.c).
 */
#ifndef OFT_CLI_JOBS_LIST_H
#define OFT_CLI_JOBS_LIST_H

#include "args/args.h"

extern const cli_cmd cli_jobs_list;
extern const cli_cmd cli_jobs_events;

#endif
