/*
 * openai-ft: openai-ft models (models.c).
 */
#ifndef OFT_CLI_MODELS_H
#define OFT_CLI_MODELS_H

#include "args/args.h"

extern const cli_cmd cli_cmd_models;

#endif
