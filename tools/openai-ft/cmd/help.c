/*
 * openai-ft help [COMMAND...] and openai-ft completion SHELL.
 */
#include <string.h>

#include "cmd/help.h"
#include "args/args.h"
#include "args/complete.h"
#include "args/help.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"

static int run_help(cli *c, const cli_args *a)
{
    const cli_cmd *cmd = cli_tree_root();
    char path[64] = "";
    size_t i;
    (void)c;
    for (i = 0; i < a->n_operands; i++) {
        const cli_cmd *const *s;
        const cli_cmd *found = NULL, *near;
        for (s = cmd->subs; s != NULL && *s != NULL; s++)
            if (strcmp((*s)->name, a->operands[i]) == 0)
                found = *s;
        if (found == NULL) {
            near = cmd->subs != NULL ? cli_suggest_cmd(a->operands[i], cmd->subs) : NULL;
            if (near != NULL)
                return cli_usage("help", "unknown command '%s%s%s'; did you mean '%s'?",
                                 path, path[0] ? " " : "", a->operands[i], near->name);
            return cli_usage("help", "unknown command '%s%s%s'", path, path[0] ? " " : "",
                             a->operands[i]);
        }
        cmd = found;
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "%s%s",
                 path[0] ? " " : "", cmd->name);
    }
    cli_help(cmd, path, 0);
    return CLI_OK;
}

const cli_cmd cli_cmd_help = {
    .name = "help",
    .summary = "this text, or a command's help",
    .operands = "[COMMAND [SUBCOMMAND]]",
    .max_operands = 2,
    .description = "Prints the help of a command: its usage, options and an example\n"
                   "(the same as 'openai-ft COMMAND --help').",
    .example = "openai-ft help jobs list",
    .run = run_help,
};

static int run_completion(cli *c, const cli_args *a)
{
    (void)c;
    if (cli_completion(a->operands[0]) != 0)
        return cli_usage("completion", "unknown shell '%s': bash, zsh or fish",
                         a->operands[0]);
    return CLI_OK;
}

const cli_cmd cli_cmd_completion = {
    .name = "completion",
    .summary = "print the shell completion script (bash, zsh, fish)",
    .operands = "SHELL",
    .min_operands = 1,
    .max_operands = 1,
    .operand_choices = "bash zsh fish",
    .description =
        "Prints the completion script of SHELL (bash, zsh or fish) on stdout. meson\n"
        "installs them where each shell looks (bash's is loaded only by the\n"
        "bash-completion package); to load one by hand, with nothing else needed:\n"
        "  bash: source <(openai-ft completion bash)    (in ~/.bashrc)\n"
        "  zsh:  openai-ft completion zsh > \"${fpath[1]}/_openai-ft\"\n"
        "  fish: openai-ft completion fish | source\n"
        "Job, file, model and checkpoint IDs are completed from the API (cached 30 s\n"
        "in $XDG_CACHE_HOME/openai-ft, 2 s at most, silent on errors).",
    .example = "openai-ft completion fish > ~/.config/fish/completions/openai-ft.fish",
    .run = run_completion,
};
