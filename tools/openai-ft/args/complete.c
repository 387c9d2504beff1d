/*
 * openai-ft completion SHELL: the script of each shell, generated from the
 * command tree (complete_sh.c, complete_fish.c).
 */
#include <string.h>

#include "args/complete.h"
#include "args/complete_fish.h"
#include "args/complete_sh.h"

int cli_completion(const char *shell)
{
    if (strcmp(shell, "bash") == 0)
        cli_complete_bash();
    else if (strcmp(shell, "zsh") == 0)
        cli_complete_zsh();
    else if (strcmp(shell, "fish") == 0)
        cli_complete_fish();
    else
        return -1;
    return 0;
}
