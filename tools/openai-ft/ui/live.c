/*
 * openai-ft: the live status line (see live.h). The fields, in the order they
 * are shown: status, epoch, step, loss and its sparkline, elapsed, eta. When
 * the terminal is too narrow the least important go first: the sparkline,
 * epoch, eta, loss, step, elapsed; the
 * status stays (cut to the width if need be), so the line never wraps.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ui/live.h"
#include "base/cli.h"
#include "base/term.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/series.h"

enum { F_STATUS, F_EPOCH, F_STEP, F_LOSS, F_SPARK, F_ELAPSED, F_ETA, F_COUNT };

/* Lower ranks are kept longer. */
static const int rank[F_COUNT] = {0, 5, 2, 3, 6, 1, 4};

typedef struct field {
    char text[64];
    int on;
} field;

static void fill_fields(cli_live *l, field *f, time_t now)
{
    char a[32];
    long long elapsed = l->created_at > 0 ? (long long)(now - l->created_at)
                                          : (long long)(now - l->started);
    memset(f, 0, sizeof(field) * F_COUNT);
    snprintf(f[F_STATUS].text, sizeof(f[F_STATUS].text), "%s", l->status);
    if (l->has_step && l->has_total && l->total_steps > 0 && l->n_epochs > 0) {
        double per_epoch = l->total_steps / l->n_epochs;
        int epoch = (int)((l->step - 1) / per_epoch) + 1;
        if (epoch < 1)
            epoch = 1;
        if (epoch > (int)l->n_epochs)
            epoch = (int)l->n_epochs;
        snprintf(f[F_EPOCH].text, sizeof(f[F_EPOCH].text), "epoch %d/%d", epoch,
                 (int)l->n_epochs);
    }
    if (l->has_step && l->has_total)
        snprintf(f[F_STEP].text, sizeof(f[F_STEP].text), "step %.0f/%.0f", l->step,
                 l->total_steps);
    else if (l->has_step)
        snprintf(f[F_STEP].text, sizeof(f[F_STEP].text), "step %.0f", l->step);
    if (l->has_loss)
        snprintf(f[F_LOSS].text, sizeof(f[F_LOSS].text), "loss %.4f", l->loss);
    if (l->spark.count > 1)
        cli_sparkline(f[F_SPARK].text, sizeof(f[F_SPARK].text), &l->spark, 12);
    cli_fmt_duration(a, sizeof(a), elapsed);
    snprintf(l->last_elapsed, sizeof(l->last_elapsed), "%s", a);
    snprintf(f[F_ELAPSED].text, sizeof(f[F_ELAPSED].text), "elapsed %s", a);
    if (l->estimated_finish > 0 && l->estimated_finish > now)
        snprintf(f[F_ETA].text, sizeof(f[F_ETA].text), "eta %s",
                 cli_fmt_duration(a, sizeof(a), (long long)(l->estimated_finish - now)));
    for (int i = 0; i < F_COUNT; i++)
        f[i].on = f[i].text[0] != '\0';
}

static size_t line_width(const field *f)
{
    size_t w = 0, n = 0;
    for (int i = 0; i < F_COUNT; i++)
        if (f[i].on) {
            w += cli_text_width(f[i].text);
            n++;
        }
    return n > 1 ? w + 2 * (n - 1) : w;
}

/* Drops fields, least important first, until the line fits in max columns. */
static void fit(field *f, size_t max)
{
    while (line_width(f) > max) {
        int worst = -1;
        for (int i = 0; i < F_COUNT; i++)
            if (f[i].on && i != F_STATUS && (worst < 0 || rank[i] > rank[worst]))
                worst = i;
        if (worst < 0)
            break;
        f[worst].on = 0;
    }
    if (line_width(f) > max && max < sizeof(f[F_STATUS].text)) {
        /* the status alone is too wide: cut it, with an ellipsis */
        const char *ell = cli_ellipsis();
        size_t ew = cli_text_width(ell);
        char *st = f[F_STATUS].text;
        size_t keep = max > ew ? cli_text_bytes(st, max - ew) : cli_text_bytes(st, max);
        if (max > ew && keep + strlen(ell) < sizeof(f[F_STATUS].text))
            snprintf(st + keep, sizeof(f[F_STATUS].text) - keep, "%s", ell);
        else
            st[keep] = '\0';
    }
}

void cli_live_draw(cli_live *l)
{
    const cli *c = l->c;
    field f[F_COUNT];
    int first = 1;
    if (!l->enabled || l->status[0] == '\0')
        return;
    fill_fields(l, f, time(NULL));
    /* the last column is kept free: writing there wraps on many terminals */
    fit(f, l->width > 1 ? (size_t)l->width - 1 : 1);
    fputs("\r", stderr);
    for (int i = 0; i < F_COUNT; i++) {
        if (!f[i].on)
            continue;
        if (i == F_STATUS)
            fprintf(stderr, "%s%s%s%s", cli_c_bold(c), cli_c_status(c, l->status),
                    f[i].text, cli_c_reset(c));
        else
            fprintf(stderr, "%s%s", first ? "" : "  ", f[i].text);
        first = 0;
    }
    fputs("\033[K", stderr);
    fflush(stderr);
    l->drawn_width = line_width(f) + 1;
}

void cli_live_clear(cli_live *l)
{
    if (l->drawn_width > 0) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        l->drawn_width = 0;
    }
}

void cli_live_keep(cli_live *l)
{
    if (l->drawn_width > 0) {
        fputc('\n', stderr);
        fflush(stderr);
        l->drawn_width = 0;
    }
}

void cli_live_lock(cli_live *l)
{
    pthread_mutex_lock(&l->lock);
}

void cli_live_unlock(cli_live *l)
{
    pthread_mutex_unlock(&l->lock);
}

/* The view on screen, for lines printed from elsewhere (the log callback). */
static cli_live *g_active;

void cli_live_print_begin(void)
{
    if (g_active == NULL)
        return;
    pthread_mutex_lock(&g_active->lock);
    cli_live_clear(g_active);
}

void cli_live_print_end(void)
{
    if (g_active == NULL)
        return;
    cli_live_draw(g_active);
    pthread_mutex_unlock(&g_active->lock);
}

/* After a resize: a line drawn wider than the new width now takes several
 * rows on a terminal that reflows (tmux, VTE, kitty), the cursor on the last:
 * go up to the first and clear from there, or the old rows stay as ghosts. */
static void clear_wrapped(cli_live *l, int width)
{
    size_t drawn = l->drawn_width > 0 ? l->drawn_width - 1 : 0;
    size_t w = width > 0 ? (size_t)width : 1;
    if (drawn > w)
        fprintf(stderr, "\r\033[%zuA", (drawn - 1) / w);
    fputs("\r\033[J", stderr);
    fflush(stderr);
    l->width = width;
}

/* Every quarter of a second: redraw when the terminal was resized or the
 * elapsed time moved on, whether or not a poll returned. */
static void *tick(void *arg)
{
    cli_live *l = arg;
    sigset_t set;
    /* Ctrl-C and SIGTERM interrupt the main thread's wait; a resize only
     * concerns this thread */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGWINCH);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    pthread_mutex_lock(&l->lock);
    while (!l->stopping) {
        struct timespec ts;
        char a[32];
        long long elapsed;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 250 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&l->wake, &l->lock, &ts);
        if (l->stopping || l->drawn_width == 0)
            continue;
        elapsed = l->created_at > 0 ? (long long)(time(NULL) - l->created_at)
                                    : (long long)(time(NULL) - l->started);
        cli_fmt_duration(a, sizeof(a), elapsed);
        if (cli_term_resized()) {
            clear_wrapped(l, cli_term_width(STDERR_FILENO));
            cli_live_draw(l);
        } else if (strcmp(a, l->last_elapsed) != 0) {
            cli_live_draw(l);
        }
    }
    pthread_mutex_unlock(&l->lock);
    return NULL;
}

void cli_live_start(cli_live *l, const cli *c, int enabled)
{
    pthread_condattr_t attr;
    sigset_t winch;
    memset(l, 0, sizeof(*l));
    l->c = c;
    l->enabled = enabled;
    l->started = time(NULL);
    cli_series_init(&l->spark, 12);
    pthread_mutex_init(&l->lock, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&l->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (!enabled)
        return;
    l->width = cli_term_width(STDERR_FILENO);
    cli_term_watch_resize();
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    pthread_sigmask(SIG_BLOCK, &winch, &l->saved_mask);
    l->ticking = pthread_create(&l->ticker, NULL, tick, l) == 0;
    if (!l->ticking)
        pthread_sigmask(SIG_SETMASK, &l->saved_mask, NULL);
    g_active = l;
}

void cli_live_stop(cli_live *l)
{
    if (g_active == l)
        g_active = NULL;
    pthread_mutex_lock(&l->lock);
    l->stopping = 1;
    pthread_cond_signal(&l->wake);
    pthread_mutex_unlock(&l->lock);
    if (l->ticking) {
        pthread_join(l->ticker, NULL);
        pthread_sigmask(SIG_SETMASK, &l->saved_mask, NULL);
    }
    l->ticking = 0;
    pthread_cond_destroy(&l->wake);
    pthread_mutex_destroy(&l->lock);
}
