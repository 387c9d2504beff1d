/*
 * openai-ft: --jq and --template: stdout through jq (filter.c).
 */
#ifndef OFT_CLI_FILTER_H
#define OFT_CLI_FILTER_H

#include "base/cli.h"

/*
 * Compiles program (opt: "--jq" or "--template", whose text template_mode
 * says program is) and sends stdout through it from now on. Returns 0, or
 * 2 having said what is wrong with the expression.
 */
int cli_filter_start(cli *c, const char *opt, const char *program, int template_mode);
/* Ends the filter (the last output filtered); returns rc, or 2 when rc is 0
 * and the expression failed on the output. */
int cli_filter_finish(int rc);
/* Compiles a jq program on the filter's state: 0, or -1 with cli_filter_error(). */
int cli_filter_compile(const char *program);
const char *cli_filter_error(void);

#endif
