/*
 * openai-ft train (train.c).
 */
#ifndef OFT_CLI_TRAIN_H
#define OFT_CLI_TRAIN_H

#include "args/args.h"

extern const cli_cmd cli_cmd_train;

#endif
