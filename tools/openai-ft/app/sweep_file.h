/*
 * openai-ft sweep: the points of a hyperparameter sweep and the file that
 * records it (JSON, written to a temporary file and renamed into place), so
 * that `sweep status FILE` and a re-run after Ctrl-C or a crash pick it up.
 */
#ifndef OFT_CLI_SWEEP_FILE_H
#define OFT_CLI_SWEEP_FILE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* The hyperparameters a sweep varies (NAN: not varied, the API's choice). */
enum { SW_EPOCHS = 0, SW_LR, SW_BATCH, SW_DIMS };
extern const char *const sweep_dim_names[SW_DIMS]; /* "n_epochs", ... */

#define SW_MAX_VALUES 16 /* values per hyperparameter */
#define SW_MAX_POINTS 256

/* The metadata keys that tie a job to its sweep and point. */
#define SW_META_SWEEP "openai_ft_sweep"
#define SW_META_POINT "openai_ft_point"

typedef struct sweep_point {
    char name[48];      /* "e2-lr0.5-b8": names the point (and the job's suffix) */
    double hp[SW_DIMS]; /* NAN: not set */
    char job[64];       /* the job's ID once created, "" before */
    char status[24];    /* the job's last status, "" before */
    char error[200];    /* why the point failed ("" when it did not) */
} sweep_point;

typedef struct sweep {
    char id[40]; /* "sw-<hex>": the metadata value of its jobs */
    char model[128];
    char suffix[24]; /* the prefix of the jobs' suffixes */
    char training_file[64];
    char validation_file[64]; /* "" when none */
    int max_parallel;         /* 0: no limit */
    size_t n_points;
    sweep_point points[SW_MAX_POINTS];
} sweep;

/* The cartesian product of values[d][0..n[d]) into s->points (dims with
 * n[d] == 0 are not varied). Returns 0, or 2 having said the sweep is too large. */
int sweep_expand(sweep *s, double values[SW_DIMS][SW_MAX_VALUES],
                 const size_t n[SW_DIMS]);
/* Reads path into s: 0, 1 when it does not exist (s untouched), or 2
 * having said what is wrong. */
int sweep_load(sweep *s, const char *path);
/* Writes s to path atomically (path.tmp, fsync, rename). 0 or -1 (errno). */
int sweep_save(const sweep *s, const char *path);
/* A point is over: its job ended, or it failed before one was made. */
int sweep_point_done(const sweep_point *p);
/* Reads a spec file ({"n_epochs": [2, 3], ...}) into values/n. 0 or 2. */
int sweep_read_spec(const char *path, double values[SW_DIMS][SW_MAX_VALUES],
                    size_t n[SW_DIMS]);
/* "2,3" into values/n. 0 or 2 (usage error naming opt). */
int sweep_parse_list(double *values, size_t *n, const char *opt, const char *s,
                     double min, double max, int is_int);

#endif
