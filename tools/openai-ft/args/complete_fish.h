/*
 * openai-ft: the fish completion script (complete_fish.c).
 */
#ifndef OFT_CLI_COMPLETE_FISH_H
#define OFT_CLI_COMPLETE_FISH_H

void cli_complete_fish(void);

#endif
