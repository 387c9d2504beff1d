/*
 * openai-ft help and openai-ft completion (help.c).
 */
#ifndef OFT_CLI_CMD_HELP_H
#define OFT_CLI_CMD_HELP_H

#include "args/args.h"

extern const cli_cmd cli_cmd_help;
extern const cli_cmd cli_cmd_completion;

#endif
