/*
 * openai-ft: the sweep's table on a terminal, or its changes line by line (sweep_view.c).
 */
#ifndef OFT_CLI_SWEEP_VIEW_H
#define OFT_CLI_SWEEP_VIEW_H

#include "app/sweep_run.h"

/* Draws the table: in place on a terminal, else the lines that changed. */
void sweep_view_draw(sweep_run *r, int final);
/* Off a terminal (and not --quiet): a line for each status that changed. */
void sweep_view_changes(sweep_run *r);

#endif
