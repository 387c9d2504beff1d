/*
 * openai-ft: the command lines messages suggest (hint.c).
 */
#ifndef OFT_CLI_HINT_H
#define OFT_CLI_HINT_H

#include <stdio.h>

#include "base/cli.h"

/* word on f, shell-quoted when it needs to be (through cli_text). */
void cli_put_quoted(FILE *f, const char *word);
/*
 * Prints on stderr lead, then "openai-ft", the global options of this run a
 * re-run needs (never a key), and the NULL-terminated words, each quoted.
 */
void cli_hint(const cli *c, const char *lead, ...) CLI_SENTINEL;

#endif
