/*
 * openai-ft jobs checkpoints (checkpoints.c).
 */
#ifndef OFT_CLI_CHECKPOINTS_H
#define OFT_CLI_CHECKPOINTS_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_jobs_checkpoints;

/* The description of the checkpoints table (ui/view.h). */
extern const cli_field cli_checkpoint_fields[];

#endif
