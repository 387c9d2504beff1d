/*
 * openai-ft: the status line of a job being waited for, redrawn in place on
 * a terminal: fitted to its width (followed through SIGWINCH), its elapsed
 * time ticking every second from a thread of its own.
 */
#ifndef OFT_CLI_LIVE_H
#define OFT_CLI_LIVE_H

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "base/cli.h"
#include "ui/series.h"

typedef struct cli_live {
    const cli *c;
    int enabled; /* a terminal, not --quiet */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t ticker;
    int ticking;
    int stopping;
    sigset_t saved_mask; /* the main thread's, while SIGWINCH goes to the ticker */
    int width;           /* the terminal's columns */
    size_t drawn_width;  /* the line on screen (0: none) */
    char last_elapsed[32];
    /* what the line shows */
    char status[32];
    double step, total_steps, loss;
    int has_step, has_total, has_loss;
    cli_series spark; /* the loss, for the sparkline (a few points) */
    double n_epochs;  /* 0: unknown */
    int64_t created_at;
    int64_t estimated_finish;
    time_t started;
} cli_live;

/* Starts the view (and its ticker when enabled). */
void cli_live_start(cli_live *l, const cli *c, int enabled);
/* Stops the ticker; the line stays as it is. */
void cli_live_stop(cli_live *l);
/* Everything below is called with the lock held. */
void cli_live_lock(cli_live *l);
void cli_live_unlock(cli_live *l);
/* Redraws the line. */
void cli_live_draw(cli_live *l);
/* Erases the line (to print something in its place). */
void cli_live_clear(cli_live *l);
/* Ends the line with a newline, so that it stays on screen. */
void cli_live_keep(cli_live *l);

/* Around a line printed while the live view may be on screen: the status line
 * is erased first and drawn again after. No-ops when there is no view. */
void cli_live_print_begin(void);
void cli_live_print_end(void);

#endif
