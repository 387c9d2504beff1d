/*
 * openai-ft models (models.c).
 */
#ifndef OFT_CLI_MODELS_H
#define OFT_CLI_MODELS_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_cmd_models;

/* The description of the models table of `models list` (ui/view.h). */
extern const cli_field cli_model_fields[];

/* The description of a model as `models get` shows it (ui/view.h). */
extern const cli_field cli_model_lines[];

#endif
