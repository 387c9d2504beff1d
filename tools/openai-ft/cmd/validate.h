/*
 * openai-ft validate (validate.c); the check train and sweep share.
 */
#ifndef OFT_CLI_VALIDATE_H
#define OFT_CLI_VALIDATE_H

#include "app/input.h"
#include "args/args.h"
#include "base/cli.h"
#include "ui/report.h"

/* Validates in; prints problems (and the summary or the estimate). Returns 0,
 * 5 (problems) or 2 (unreadable). */
int cli_validate_input(cli *c, const cli_input *in, cli_validation *v);

extern const cli_cmd cli_cmd_validate;

#endif
