/*
 * openai-ft: the root of the command tree (root.c).
 */
#ifndef OFT_CLI_ROOT_H
#define OFT_CLI_ROOT_H

#include "args/args.h"

extern const cli_cmd cli_root;

#endif
