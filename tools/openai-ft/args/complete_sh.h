/*
 * openai-ft: the bash and zsh completion scripts (complete_sh.c).
 */
#ifndef OFT_CLI_COMPLETE_SH_H
#define OFT_CLI_COMPLETE_SH_H

void cli_complete_bash(void);
void cli_complete_zsh(void);

#endif
