/*
 * openai-ft: what the completion generators share (complete_tree.c): the
 * walk of the command tree and the classes of option values.
 */
#ifndef OFT_CLI_COMPLETE_TREE_H
#define OFT_CLI_COMPLETE_TREE_H

#include <stddef.h>

#include "args/args.h"

/* Calls fn for every node of the tree with its words ("" for the root). */
typedef void (*cli_visit_fn)(const cli_cmd *cmd, const char *path, void *ctx);
void cli_walk_tree(cli_visit_fn fn, void *ctx);

/*
 * What an option's value is, as the scripts say it: "flag", "text", "file",
 * "dir", "id:KIND", "file+id:file", "choice:a b c", or "optional:a b c" (a
 * value only after '=').
 */
const char *cli_value_class(char *buf, size_t cap, const cli_opt *o);
/* The class of a value kind ("file", "id:job", "file+id:file"...), or NULL
 * for text. id:KIND is completed by `openai-ft __complete KIND LINE`. */
const char *cli_kind_class(int kind);
/* Whether the option consumes the next word as its value. */
int cli_takes_value(const cli_opt *o);

#endif
