/*
 * openai-ft: the global options (globals.c).
 */
#ifndef OFT_CLI_GLOBALS_H
#define OFT_CLI_GLOBALS_H

#include "args/args.h"
#include "base/cli.h"

/* Applies the global options of a (keys are copied and wiped from argv).
 * Returns 0, -1 when --help or --version was handled, or an exit code. */
int cli_apply_globals(cli *c, const cli_args *a);
/* Wipes and frees the key copies. */
void cli_globals_free(cli *c);
/* "--base-url", "OPENAI_BASE_URL" or "the default". */
const char *cli_origin_name(int origin, const char *option, const char *env);

#endif
