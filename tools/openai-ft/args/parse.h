/*
 * openai-ft: the command line against the tree (parse.c).
 */
#ifndef OFT_CLI_PARSE_H
#define OFT_CLI_PARSE_H

#include "args/args.h"

/*
 * Parses argv (argv[0] is the program) against the tree. Global options are
 * accepted before and after the command words, a command's own option wins
 * over a global one of the same name after the command, `--opt=value` and
 * `--opt value` both work, short flags combine (-vq), `--` ends options and
 * `-` is an operand. Returns 0, or 2 after printing the error (with a "did
 * you mean" when a near name exists). With --help the command's operands and
 * required options are not checked.
 */
int cli_parse(cli_args *out, int argc, char **argv);
void cli_args_free(cli_args *a);
/* The value of the command's option `id` (the last one given; "" for a flag),
 * or dflt when it was not given. */
const char *cli_opt_value(const cli_args *a, int id, const char *dflt);

#endif
