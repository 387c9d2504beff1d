/*
 * openai-ft train (train.c).
 */
#ifndef OFT_CLI_TRAIN_H
#define OFT_CLI_TRAIN_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_cmd_train;
/* The line of a job created without waiting (--json: the job), made from the
 * job's fields (cli_job_lines). */
extern const cli_template cli_train_result;

#endif
