/*
 * openai-ft jobs watch (jobs_watch.c).
 */
#ifndef OFT_CLI_JOBS_WATCH_H
#define OFT_CLI_JOBS_WATCH_H

#include "args/args.h"

extern const cli_cmd cli_jobs_watch;

#endif
