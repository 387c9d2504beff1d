/*
 * openai-ft jobs compare (compare.c); the table sweep shows too.
 */
#ifndef OFT_CLI_COMPARE_H
#define OFT_CLI_COMPARE_H

#include <stddef.h>

#include "args/args.h"
#include "base/cli.h"

/* A row per job, sorted by best valid loss (table or --json). Exit code. */
int cli_compare_jobs(cli *c, const cli_args *a, const char *const *ids, size_t n);

extern const cli_cmd cli_jobs_compare;

#endif
