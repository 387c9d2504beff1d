/*
 * openai-ft: the root of the command tree: the command groups, in the order
 * the help lists them.
 */
#include "cmd/root.h"
#include "args/args.h"
#include "cmd/files.h"
#include "cmd/graders.h"
#include "cmd/help.h"
#include "cmd/jobs.h"
#include "cmd/models.h"
#include "cmd/permissions.h"
#include "cmd/sweep.h"
#include "cmd/train.h"
#include "cmd/validate.h"

static const cli_cmd *const top[] = {
    &cli_cmd_train,
    &cli_cmd_validate,
    &cli_cmd_files,
    &cli_cmd_jobs,
    &cli_cmd_sweep,
    &cli_cmd_permissions,
    &cli_cmd_graders,
    &cli_cmd_models,
    &cli_cmd_help,
    &cli_cmd_completion,
    NULL,
};

const cli_cmd cli_root = {
    .name = "openai-ft",
    .description =
        "Fine-tune OpenAI models from the shell: validate data, upload, train,\n"
        "watch, share checkpoints, clean up.",
    .example = "openai-ft validate train.jsonl\n"
               "openai-ft train train.jsonl -m gpt-4o-mini-2024-07-18\n"
               "openai-ft jobs list --status running --json",
    .subs = top,
};
