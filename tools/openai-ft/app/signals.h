/*
 * openai-ft: Ctrl-C and SIGTERM (signals.c).
 */
#ifndef OFT_CLI_SIGNALS_H
#define OFT_CLI_SIGNALS_H

#include "base/cli.h"

/* While armed, SIGINT and SIGTERM call oft_client_interrupt() on c's client
 * (a second one kills as usual). */
void cli_signals_arm(cli *c);
void cli_signals_disarm(void);
int cli_signals_armed(void);
/* The signal caught while armed (SIGINT, SIGTERM), or 0. */
int cli_signal_caught(void);
/* The exit code of an interruption: 128 + the signal (130 when none was seen). */
int cli_interrupt_exit(void);

#endif
