/*
 * openai-ft: the completion scripts (complete.c).
 */
#ifndef OFT_CLI_COMPLETE_H
#define OFT_CLI_COMPLETE_H

/* Prints the completion script of shell ("bash", "zsh", "fish"); 0 or -1. */
int cli_completion(const char *shell);

#endif
