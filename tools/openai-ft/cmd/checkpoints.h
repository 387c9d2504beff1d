/*
 * openai-ft: openai-ft jobs checkpoints (checkpoints.c).
 */
#ifndef OFT_CLI_CHECKPOINTS_H
#define OFT_CLI_CHECKPOINTS_H

#include "args/args.h"

extern const cli_cmd cli_jobs_checkpoints;

#endif
