/*
 * openai-ft sweep (sweep.c).
 */
#ifndef OFT_CLI_CMD_SWEEP_H
#define OFT_CLI_CMD_SWEEP_H

#include "args/args.h"

extern const cli_cmd cli_cmd_sweep;

#endif
