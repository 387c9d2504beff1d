/*
 * openai-ft graders (graders.c).
 */
#ifndef OFT_CLI_GRADERS_H
#define OFT_CLI_GRADERS_H

#include "args/args.h"

extern const cli_cmd cli_cmd_graders;

#endif
