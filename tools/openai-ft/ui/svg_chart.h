/*
 * openai-ft: line charts drawn as SVG text (the report of `jobs report`):
 * a panel per metric with axes, ticks at round numbers, axis labels with
 * units, one polyline per job and its checkpoints marked. Every panel
 * carries its scale as data-* attributes (the plot area and the domain), so
 * a reader can map the points back to values.
 */
#ifndef OFT_CLI_SVG_CHART_H
#define OFT_CLI_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

typedef struct svg_line {
    const char *id;    /* the job's ID (data-job) */
    const char *color; /* "#1f77b4" */
    const double *x, *y;
    size_t n;
    const double *mark_x, *mark_y; /* the checkpoints */
    size_t n_marks;
} svg_line;

typedef struct svg_panel {
    const char *metric;  /* data-metric: "train_loss" */
    const char *title;   /* "Training loss" */
    const char *x_label; /* "step" */
    const char *y_label; /* "loss (nats per token)" */
    const svg_line *lines;
    size_t n_lines;
} svg_panel;

/* The i-th of the distinct colours (after 10 they repeat, dashed is not used). */
const char *svg_color(size_t i);
/* v written with the decimals a tick step needs ("0.25", "1.5k", "1e-05"). */
const char *svg_fmt_num(char *buf, size_t cap, double v, double step);
/* Round ticks for [lo, hi]: *first, *step and their count (about want). */
size_t svg_ticks(double lo, double hi, size_t want, double *first, double *step);
/* Text with &, <, >, " escaped. */
void svg_put_text(FILE *f, const char *s);
/* Draws the panel in the box (x, y, w, h) of the SVG being written to f. */
void svg_panel_draw(FILE *f, const svg_panel *p, double x, double y, double w, double h);

#endif
