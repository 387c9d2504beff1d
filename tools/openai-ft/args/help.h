/*
 * openai-ft: a command's help (help.c).
 */
#ifndef OFT_CLI_HELP_H
#define OFT_CLI_HELP_H

#include "args/args.h"

/* Prints cmd's help (usage, description, options or commands, example). */
void cli_help(const cli_cmd *cmd, const char *path, int to_stderr);

#endif
