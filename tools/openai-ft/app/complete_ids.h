/*
 * openai-ft: completion of resource IDs (complete_ids.c), asked by the
 * completion scripts as `openai-ft __complete KIND LINE`.
 */
#ifndef OFT_CLI_COMPLETE_IDS_H
#define OFT_CLI_COMPLETE_IDS_H

/* openai-ft __complete KIND LINE (argv after "__complete"): prints the IDs. */
int cli_complete_ids(int argc, char **argv);

#endif
