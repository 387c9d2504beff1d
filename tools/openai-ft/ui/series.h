/*
 * openai-ft: the series of a job's step metrics, downsampled to a bounded
 * number of points, that the live view's sparkline, the sweep's table and
 * the report draw (series.c).
 */
#ifndef OFT_CLI_SERIES_H
#define OFT_CLI_SERIES_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <openai_ft.h>

enum { SER_TRAIN_LOSS = 0, SER_VALID_LOSS, SER_TRAIN_ACC, SER_VALID_ACC, SER_COUNT };
#define SER_CAP 512 /* points kept per series: pairs are averaged when full */
typedef struct cli_series {
    double x[SER_CAP], y[SER_CAP];
    size_t n;
    long long stride;  /* the steps each kept point covers */
    long long pending; /* steps summed into acc_x/acc_y so far */
    double acc_x, acc_y;
    size_t cap; /* SER_CAP, or fewer (the sparkline's) */
    double min_y, max_y, last_y, best_y;
    double best_x; /* the step of best_y (the lowest: a loss) */
    size_t count;  /* every value added */
} cli_series;
void cli_series_init(cli_series *s, size_t cap);
/* Adds (x, y); a NAN y is skipped. */
void cli_series_add(cli_series *s, double x, double y);
/* The points kept (with what is pending), ready to draw. */
size_t cli_series_points(const cli_series *s, double *x, double *y, size_t cap);

/* The step metrics of a job: one series per metric, the last step. */
typedef struct cli_job_metrics {
    cli_series s[SER_COUNT];
    int64_t last_step;
    size_t n_steps;
    double full_valid_loss; /* the last full validation loss, NAN when none */
} cli_job_metrics;
/* Reads the job's step metrics (oft_metrics_iter) into m (cap points per
 * series). Returns OFT_OK or the library's error. */
int cli_job_metrics_read(cli_job_metrics *m, oft_client *client, const char *job_id,
                         size_t cap);

/* A sparkline of the last points of s, width characters (UTF-8 blocks on a
 * UTF-8 terminal, else ASCII), into buf. */
const char *cli_sparkline(char *buf, size_t cap, const cli_series *s, size_t width);

#endif
