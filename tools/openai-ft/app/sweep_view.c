/*
 * openai-ft sweep: the table of a sweep's points (point, job, status, step,
 * train and valid loss, a loss sparkline), fitted to the terminal's width:
 * the sparkline narrows first, then the job's ID and the sparkline are left
 * out, then the point's name is cut. On a terminal it is redrawn in place
 * on stderr; off one each status change is a line, and the last table goes
 * to stdout (JSON with --json).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/sweep_view.h"
#include "app/sweep_file.h"
#include "app/sweep_run.h"
#include "base/term.h"
#include "ui/output.h"
#include "ui/series.h"

typedef struct layout {
    int name, job, spark; /* widths; 0: left out */
} layout;

static layout fit(const sweep_run *r, int width)
{
    layout l = {5, 3, 24};
    int fixed = 16 + 6 + 8 + 8 + 2 * 6; /* status, step, train, valid, gaps */
    for (size_t i = 0; i < r->s->n_points; i++) {
        int n = (int)strlen(r->s->points[i].name), j = (int)strlen(r->s->points[i].job);
        l.name = n > l.name ? n : l.name;
        l.job = j > l.job ? j : l.job;
    }
    if (fixed + l.name + l.job + l.spark > width)
        l.spark = width - fixed - l.name - l.job < 8 ? 8 : width - fixed - l.name - l.job;
    if (fixed + l.name + l.job + l.spark > width)
        l.job = 0;
    if (fixed + l.name + l.spark > width)
        l.spark = width - fixed - l.name >= 8 ? width - fixed - l.name : 0;
    if (fixed + l.name + l.spark > width)
        l.name = width - fixed > 6 ? width - fixed : 6;
    return l;
}

static const char *num(char *buf, size_t cap, double v)
{
    if (isnan(v))
        return "-";
    snprintf(buf, cap, "%.4f", v);
    return buf;
}

static void row(FILE *f, const sweep_run *r, size_t i, const layout *l, const char *eol)
{
    const sweep_point *p = &r->s->points[i];
    const sweep_live *lv = &r->live[i];
    char step[24], tl[24], vl[24], spark[256] = "";
    /* "pending": no job yet; "-": a job whose status is not known yet */
    const char *status = p->status[0] ? p->status : p->job[0] ? "-" : "pending";
    if (p->job[0] == '\0' && p->error[0] != '\0')
        status = "error";
    snprintf(step, sizeof(step), "%lld", (long long)lv->step);
    if (l->spark > 0)
        cli_sparkline(spark, sizeof(spark), &lv->spark, (size_t)l->spark);
    fprintf(f, "%-*.*s  ", l->name, l->name, p->name);
    if (l->job > 0)
        fprintf(f, "%-*s  ", l->job, p->job[0] ? p->job : "-");
    fprintf(f, "%-16s  %6s  %8s  %8s", status, lv->step >= 0 ? step : "-",
            num(tl, sizeof(tl), lv->train_loss), num(vl, sizeof(vl), lv->valid_loss));
    if (l->spark > 0)
        fprintf(f, "  %s", spark);
    fputs(eol, f);
}

static void header(FILE *f, const layout *l, const char *eol)
{
    fprintf(f, "%-*s  ", l->name, "POINT");
    if (l->job > 0)
        fprintf(f, "%-*s  ", l->job, "JOB");
    fprintf(f, "%-16s  %6s  %8s  %8s%s%s", "STATUS", "STEP", "TRAIN", "VALID",
            l->spark > 0 ? "  LOSS" : "", eol);
}

static void print_json(const sweep_run *r)
{
    printf("{\"id\": ");
    cli_json_str(r->s->id);
    printf(", \"points\": [");
    for (size_t i = 0; i < r->s->n_points; i++) {
        const sweep_point *p = &r->s->points[i];
        const sweep_live *lv = &r->live[i];
        printf("%s\n  {\"name\": ", i ? "," : "");
        cli_json_str(p->name);
        for (size_t d = 0; d < SW_DIMS; d++) {
            printf(", \"%s\": ", sweep_dim_names[d]);
            isnan(p->hp[d]) ? printf("null") : printf("%.17g", p->hp[d]);
        }
        printf(", \"job\": ");
        cli_json_str(p->job[0] ? p->job : NULL);
        printf(", \"status\": ");
        cli_json_str(p->status[0] ? p->status : "pending");
        printf(", \"error\": ");
        cli_json_str(p->error[0] ? p->error : NULL);
        lv->step >= 0 ? printf(", \"step\": %lld", (long long)lv->step)
                      : printf(", \"step\": null");
        isnan(lv->train_loss) ? printf(", \"train_loss\": null")
                              : printf(", \"train_loss\": %.17g", lv->train_loss);
        isnan(lv->valid_loss) ? printf(", \"valid_loss\": null}")
                              : printf(", \"valid_loss\": %.17g}", lv->valid_loss);
    }
    printf("\n]}\n");
}

/* The last table: stdout (fitted when stdout is a terminal). */
static void print_final(const sweep_run *r)
{
    layout l;
    if (r->c->json) {
        print_json(r);
        return;
    }
    l = fit(r, r->c->tty_out ? cli_term_width(STDOUT_FILENO) : 100000);
    header(stdout, &l, "\n");
    for (size_t i = 0; i < r->s->n_points; i++)
        row(stdout, r, i, &l, "\n");
    fflush(stdout);
}

void sweep_view_changes(sweep_run *r)
{
    if (r->c->tty_err || r->c->quiet || r->status_only)
        return;
    for (size_t i = 0; i < r->s->n_points; i++) {
        sweep_point *p = &r->s->points[i];
        if (p->status[0] == '\0' || strcmp(p->status, r->live[i].shown) == 0)
            continue;
        snprintf(r->live[i].shown, sizeof(r->live[i].shown), "%s", p->status);
        fprintf(stderr, "%s: %s %s\n", p->name, p->job[0] ? p->job : "-", p->status);
    }
}

void sweep_view_draw(sweep_run *r, int final)
{
    int tty = r->c->tty_err && !r->c->quiet;
    if (tty && r->drawn > 0) { /* back to the table's first line, and clear it */
        fprintf(stderr, "\r\x1b[%zuA\x1b[J", r->drawn);
        r->drawn = 0;
    }
    if (final) {
        fflush(stderr);
        print_final(r);
        return;
    }
    if (!tty) {
        sweep_view_changes(r);
        return;
    }
    {
        /* one column short of the width: no line wraps on any terminal */
        layout l = fit(r, cli_term_width(STDERR_FILENO) - 1);
        header(stderr, &l, "\x1b[K\n");
        for (size_t i = 0; i < r->s->n_points; i++)
            row(stderr, r, i, &l, "\x1b[K\n");
        r->drawn = r->s->n_points + 1;
        fflush(stderr);
    }
}
