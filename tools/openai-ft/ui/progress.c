/*
 * openai-ft: the upload bar on a terminal: bar, percentage, bytes, rate and
 * the time left, fitted to the terminal's width (the least useful parts go
 * first when it is narrow).
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/progress.h"
#include "base/cli.h"
#include "base/term.h"
#include "ui/output.h"

long long cli_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cli_progress_start(cli_progress *p, const cli *c, const char *label)
{
    memset(p, 0, sizeof(*p));
    p->c = c;
    p->label = label;
    p->active = c->tty_err && !c->quiet;
    p->last_permille = -1;
    p->started_ms = cli_now_ms();
}

/* The parts after the bar: "  42%  1.2 MB / 3.0 MB  2.1 MB/s  eta 5s", as many
 * as fit in room (the percentage always). */
static void tail_text(char *out, size_t cap, int permille, long long done,
                      long long total, long long elapsed_ms, size_t room)
{
    char a[32], b[32], r[48] = "", eta[32] = "", sizes[80];
    double rate = elapsed_ms > 0 ? (double)done * 1000.0 / (double)elapsed_ms : 0;
    snprintf(sizes, sizeof(sizes), "  %s / %s", cli_fmt_bytes(a, sizeof(a), done),
             cli_fmt_bytes(b, sizeof(b), total));
    if (rate > 0)
        snprintf(r, sizeof(r), "  %s/s", cli_fmt_bytes(a, sizeof(a), (long long)rate));
    if (rate > 0 && done < total)
        snprintf(eta, sizeof(eta), "  eta %s",
                 cli_fmt_duration(b, sizeof(b),
                                  (long long)((double)(total - done) / rate + 0.999)));
    snprintf(out, cap, " %3d%%%s%s%s", permille / 10, sizes, r, eta);
    if (strlen(out) > room) /* drop the time left, then the rate, then the sizes */
        snprintf(out, cap, " %3d%%%s%s", permille / 10, sizes, r);
    if (strlen(out) > room)
        snprintf(out, cap, " %3d%%%s", permille / 10, sizes);
    if (strlen(out) > room)
        snprintf(out, cap, " %3d%%", permille / 10);
}

void cli_progress_update(cli_progress *p, long long done, long long total)
{
    char bar[64], tail[160];
    long long now = cli_now_ms();
    int permille, filled, i, width, bar_w, base, tail_room;
    if (!p->active || total <= 0)
        return;
    permille = (int)(done >= total ? 1000 : done * 1000 / total);
    /* redraw on each step of the bar, at most ten times a second */
    if (permille == p->last_permille ||
        (done < total && now - p->last_draw_ms < 100 && p->last_permille >= 0))
        return;
    p->last_permille = permille;
    p->last_draw_ms = now;
    /* the width is read at each draw: a resized terminal is followed */
    width = cli_term_width(STDERR_FILENO) - 1; /* the last column would wrap */
    base = (int)strlen(p->label) + 3;          /* " [" and "]" */
    tail_room = width - base - 10;             /* a bar of 10 at least */
    if (tail_room < 5)
        tail_room = width - (int)strlen(p->label); /* no bar */
    tail_text(tail, sizeof(tail), permille, done, total, now - p->started_ms,
              tail_room > 0 ? (size_t)tail_room : 0);
    bar_w = width - base - (int)strlen(tail);
    if (bar_w > 30)
        bar_w = 30;
    if (bar_w < 5)
        bar_w = 0;
    filled = permille * bar_w / 1000;
    for (i = 0; i < bar_w; i++)
        bar[i] = i < filled ? '#' : '-';
    bar[bar_w] = '\0';
    if (bar_w > 0)
        fprintf(stderr, "\r%s [%s]%s\033[K", p->label, bar, tail);
    else
        fprintf(stderr, "\r%s%s\033[K", p->label, tail);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->active && p->last_permille >= 0)
        fputc('\n', stderr);
    p->active = 0;
}
