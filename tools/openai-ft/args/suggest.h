/*
 * openai-ft: the nearest name ("did you mean"), choices (suggest.c).
 */
#ifndef OFT_CLI_SUGGEST_H
#define OFT_CLI_SUGGEST_H

#include <stddef.h>

#include "args/args.h"

/* The candidate nearest to word (typo distance or prefix), or NULL when none is
 * near enough; *len gets its length. candidates: space-separated words. */
const char *cli_suggest(const char *word, const char *candidates, size_t *len);
/* The command of `cmds` nearest to word, or NULL. */
const cli_cmd *cli_suggest_cmd(const char *word, const cli_cmd *const *cmds);
/* The option nearest to name (given without dashes) in cmd's tables and the
 * global ones, or NULL. */
const cli_opt *cli_suggest_opt(const char *name, const cli_cmd *cmd);
/*
 * Matches value against opt->choices: returns its index, or prints a usage
 * error naming the option and the choices (with a "did you mean") and returns
 * -1.
 */
int cli_choice(const cli_opt *opt, const char *value);
/* The index of value in a space-separated list, or -1. */
int cli_word_index(const char *words, const char *value);
/* "a b c" as "a, b or c" in buf. */
const char *cli_choices_text(char *buf, size_t cap, const char *words);

#endif
