/*
 * openai-ft: a list command's items, printed as they come (list.c).
 */
#ifndef OFT_CLI_LIST_H
#define OFT_CLI_LIST_H

#include <stddef.h>

#include "base/cli.h"
#include "ui/view.h"

/*
 * Yields an iterator's next item: OFT_OK with the item in *item and its raw
 * JSON in *raw_json, OFT_ITEROVER or an error.
 */
typedef int (*cli_next_fn)(void *it, const char **raw_json, const void **item);
/*
 * Prints every item of it: one JSON list with --json, else a row of v per
 * item (v ended here). *count (may be NULL) gets the items printed.
 * Returns the exit code; a failure is reported as `what`.
 */
int cli_print_iter(cli *c, cli_view *v, cli_next_fn next, void *it, const char *what,
                   size_t *count);

#endif
