/*
 * openai-ft: a list command's items, printed as they come (list.c).
 */
#ifndef OFT_CLI_LIST_H
#define OFT_CLI_LIST_H

#include <stddef.h>

#include "base/cli.h"
#include "ui/table.h"

/*
 * Yields an iterator's next item: OFT_OK with its raw JSON in *raw_json (and
 * its row added to t when t is not NULL), OFT_ITEROVER or an error.
 */
typedef int (*cli_next_fn)(void *it, const char **raw_json, cli_table *t);
/*
 * Prints every item of it: one JSON list with --json, else a row of t per
 * item (t ended here). *count (may be NULL) gets the items printed.
 * Returns the exit code; a failure is reported as `what`.
 */
int cli_print_iter(cli *c, cli_table *t, cli_next_fn next, void *it, const char *what,
                   size_t *count);

#endif
