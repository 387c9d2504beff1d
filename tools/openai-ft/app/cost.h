/*
 * openai-ft: the estimated cost of a training run (cost.c).
 */
#ifndef OFT_CLI_COST_H
#define OFT_CLI_COST_H

#include "base/cli.h"

typedef struct cli_cost_args {
    const char *model;
    unsigned long long tokens_per_epoch; /* estimated billable tokens; 0: none */
    int epochs;                          /* given, or the validator's pick for auto */
    int epochs_auto;                     /* n_epochs auto: a range */
    double max_cost;                     /* --max-cost; < 0: not given */
    int yes;                             /* --yes */
} cli_cost_args;
/* The date of the price table. */
extern const char cli_prices_date[];
/* Prints the estimated cost on stderr and, above the limit, asks (or refuses
 * off a terminal without --yes). Returns 0 to go on, or the exit code. */
int cli_cost_check(cli *c, const cli_cost_args *ca);

#endif
