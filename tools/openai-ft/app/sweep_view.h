/*
 * openai-ft: the sweep's table on a terminal, or its changes line by line (sweep_view.c).
 */
#ifndef OFT_CLI_SWEEP_VIEW_H
#define OFT_CLI_SWEEP_VIEW_H

#include "app/sweep_run.h"
#include "ui/view.h"

/* A row of the table: a point and what was read of its job. */
typedef struct sweep_view_item {
    const sweep_point *p;
    const sweep_live *lv;
    int spark_width; /* the sparkline's columns; 0: none (--json) */
} sweep_view_item;

/* The table's fields (sweep_view_item): the text shows the point, job,
 * status ("pending", "-" or "error" before the job has one), step, losses
 * and a sparkline; --json the point with its hyperparameters, job, status
 * ("pending" before the job has one), error, step and losses. */
extern const cli_field sweep_view_fields[];

/* Draws the table: in place on a terminal, else the lines that changed. */
void sweep_view_draw(sweep_run *r, int final);
/* Off a terminal (and not --quiet): a line for each status that changed. */
void sweep_view_changes(sweep_run *r);

#endif
