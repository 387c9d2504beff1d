/*
 * openai-ft graders (graders.c).
 */
#ifndef OFT_CLI_GRADERS_H
#define OFT_CLI_GRADERS_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_cmd_graders;

/* The description of `graders run`'s lines (ui/view.h). */
extern const cli_field cli_grader_run_lines[];
/* `graders validate`'s sentence (--json: the API's answer). */
extern const cli_template cli_grader_valid;

#endif
