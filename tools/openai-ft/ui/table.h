/*
 * openai-ft: the tables of the list commands, described once per command and
 * laid out here (as gh's table printer and kubectl's custom-columns do). On
 * a terminal a table fits its width: columns take a compact form, are cut
 * (IDs never) and then left out, least important first. Off a terminal
 * (a pipe, a CI log) every column of the default set shows its full value.
 * --wide shows every column whole; --columns A,B picks and orders them.
 * Also the folding of text at word boundaries (help, event lines).
 */
#ifndef OFT_CLI_TABLE_H
#define OFT_CLI_TABLE_H

#include <stddef.h>

#include "args/args.h"
#include "base/cli.h"

/* Column flags. */
#define CLI_COL_WIDE       1u /* shown only with --wide or --columns */
#define CLI_COL_CUT_MIDDLE 2u /* cut in the middle (names whose end tells them apart) */
#define CLI_COL_WRAP       4u /* the last column: folded at word boundaries, not cut */
#define CLI_COL_HIDE_EMPTY 8u /* on a terminal, left out when no row has a value */

/* A column of a table; a table is an array of them ended by {0}, in the
 * order they are shown. */
typedef struct cli_col {
    const char *key;         /* its name for --columns: "id" */
    const char *title;       /* the header: "ID" */
    const char *short_title; /* the header of the compact form, or NULL */
    int priority;            /* 0: never left out; else the highest goes first */
    int min_width;           /* cut (or folded) no narrower; 0: never cut */
    unsigned flags;          /* CLI_COL_* */
} cli_col;

typedef struct cli_table cli_table;

/* --wide and --columns, for the .opts of every command that prints a table. */
extern const cli_opt cli_table_opts[];

/*
 * A table of cols for the command's options in a (--wide, --columns); *out
 * is NULL with --json (nothing to lay out). Returns 0, or 2 after printing a
 * usage error (an unknown column), or 1 when out of memory.
 */
int cli_table_new(cli_table **out, const cli *c, const cli_col *cols, const cli_args *a);
/* The next cell of the current row, in the order of cols (every column, the
 * hidden ones too): its full value and its compact form (NULL: the same).
 * Both are copied. A no-op on a NULL table. */
void cli_table_cell(cli_table *t, const char *full, const char *compact);
/* Prints what is left (the header at least) and frees the table. NULL: no-op. */
void cli_table_end(cli_table *t);
/* Frees the table without printing (a failure before any row). NULL: no-op. */
void cli_table_free(cli_table *t);

/* "5m ago", "3h ago", "12d ago" (compact times); "-" when t is not set. */
const char *cli_fmt_age(char *buf, size_t cap, int64_t t);

#endif
