/*
 * openai-ft sweep: the table of a sweep's points (point, job, status, step,
 * train and valid loss, a loss sparkline), fitted to the terminal's width:
 * the sparkline narrows first, then the job's ID and the sparkline are left
 * out, then the point's name is cut. On a terminal it is redrawn in place
 * on stderr; off one each status change is a line, and the last table goes
 * to stdout (JSON with --json). Both from one table of fields
 * (sweep_view_fields, ui/view.h): the layout is this file's, the cells and
 * the JSON objects the view's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/sweep_view.h"
#include "app/sweep_file.h"
#include "app/sweep_run.h"
#include "base/term.h"
#include "ui/output.h"
#include "ui/series.h"
#include "ui/view.h"

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

#define ITEM(x) ((const sweep_view_item *)(x))

static cli_value sv_name(const void *x, char *buf, size_t cap)
{
    return cli_v_raw(ITEM(x)->p->name);
}

static cli_value sv_hp(double v)
{
    return cli_v_num(!isnan(v), v);
}

static cli_value sv_epochs(const void *x, char *buf, size_t cap)
{
    return sv_hp(ITEM(x)->p->hp[SW_EPOCHS]);
}

static cli_value sv_lr(const void *x, char *buf, size_t cap)
{
    return sv_hp(ITEM(x)->p->hp[SW_LR]);
}

static cli_value sv_batch(const void *x, char *buf, size_t cap)
{
    return sv_hp(ITEM(x)->p->hp[SW_BATCH]);
}

static cli_value sv_job(const void *x, char *buf, size_t cap)
{
    return cli_v_text(ITEM(x)->p->job);
}

/* The text's spelling: "pending" before a job, "-" for a job whose status
 * is not known yet, "error" when the job could not be created. */
static cli_value sv_status_text(const void *x, char *buf, size_t cap)
{
    const sweep_point *p = ITEM(x)->p;
    if (p->job[0] == '\0' && p->error[0] != '\0')
        return cli_v_raw("error");
    return cli_v_raw(p->status[0] ? p->status : p->job[0] ? "-" : "pending");
}

/* The JSON's: "pending" until the job has a status. */
static cli_value sv_status(const void *x, char *buf, size_t cap)
{
    const sweep_point *p = ITEM(x)->p;
    return cli_v_raw(p->status[0] ? p->status : "pending");
}

static cli_value sv_error(const void *x, char *buf, size_t cap)
{
    return cli_v_text(ITEM(x)->p->error);
}

static cli_value sv_step(const void *x, char *buf, size_t cap)
{
    int64_t n = ITEM(x)->lv->step;
    return n >= 0 ? cli_v_int((long long)n) : cli_v_text(NULL);
}

static cli_value sv_train(const void *x, char *buf, size_t cap)
{
    return sv_hp(ITEM(x)->lv->train_loss);
}

static cli_value sv_valid(const void *x, char *buf, size_t cap)
{
    return sv_hp(ITEM(x)->lv->valid_loss);
}

/* The train loss's sparkline, spark_width columns (0: none). */
static cli_value sv_spark(const void *x, char *buf, size_t cap)
{
    cli_value v = {CLI_V_LINES, buf, 0, 0, NULL};
    if (ITEM(x)->spark_width <= 0)
        return cli_v_text(NULL);
    cli_sparkline(buf, cap, &ITEM(x)->lv->spark, (size_t)ITEM(x)->spark_width);
    return v;
}

const cli_field sweep_view_fields[] = {
    {"point", "name", "POINT", NULL, 0, 6, 0, CLI_FMT_PLAIN, sv_name},
    {"n_epochs", "n_epochs", NULL, NULL, 0, 0, CLI_FIELD_JSON_ONLY, CLI_FMT_PLAIN,
     sv_epochs},
    {"learning_rate_multiplier", "learning_rate_multiplier", NULL, NULL, 0, 0,
     CLI_FIELD_JSON_ONLY, CLI_FMT_PLAIN, sv_lr},
    {"batch_size", "batch_size", NULL, NULL, 0, 0, CLI_FIELD_JSON_ONLY, CLI_FMT_PLAIN,
     sv_batch},
    {"job", "job", "JOB", NULL, 2, 0, 0, CLI_FMT_PLAIN, sv_job},
    {"status", "status", "STATUS", NULL, 0, 16, CLI_FIELD_TEXT_ONLY, CLI_FMT_PLAIN,
     sv_status_text},
    {"status", "status", NULL, NULL, 0, 0, CLI_FIELD_JSON_ONLY, CLI_FMT_PLAIN, sv_status},
    {"error", "error", NULL, NULL, 0, 0, CLI_FIELD_JSON_ONLY, CLI_FMT_PLAIN, sv_error},
    {"step", "step", "STEP", NULL, 0, 6, CLI_FIELD_RIGHT, CLI_FMT_PLAIN, sv_step},
    {"train_loss", "train_loss", "TRAIN", NULL, 0, 8, CLI_FIELD_RIGHT, CLI_FMT_FIXED,
     sv_train},
    {"valid_loss", "valid_loss", "VALID", NULL, 0, 8, CLI_FIELD_RIGHT, CLI_FMT_FIXED,
     sv_valid},
    {"loss", "loss", "LOSS", NULL, 1, 8, CLI_FIELD_TEXT_ONLY, CLI_FMT_PLAIN, sv_spark},
    {0},
};

/* A field's width in layout l (0: left out); the point's name is cut to it,
 * the others are padded to it, the last (the sparkline) is not. */
static int width_of(const layout *l, const cli_field *f)
{
    if ((f->flags & CLI_FIELD_JSON_ONLY) != 0)
        return 0;
    if (f == &sweep_view_fields[0])
        return l->name;
    if (strcmp(f->key, "job") == 0)
        return l->job;
    if (strcmp(f->key, "loss") == 0)
        return l->spark;
    return f->min_width;
}

/* A line of the table: the header when it is NULL, else it's row. */
static void line(FILE *out, const sweep_view_item *it, const layout *l, const char *eol)
{
    char buf[256];
    const char *sep = "";
    for (const cli_field *f = sweep_view_fields; f->key != NULL; f++) {
        int w = width_of(l, f);
        const char *s;
        if (w <= 0)
            continue;
        s = it != NULL ? cli_view_cell(f, it, buf, sizeof(buf)) : f->title;
        fputs(sep, out);
        sep = "  ";
        if ((f->flags & CLI_FIELD_RIGHT) != 0)
            fprintf(out, "%*s", w, s);
        else if (f[1].key == NULL)
            fputs(s, out);
        else if (it != NULL && f == &sweep_view_fields[0])
            fprintf(out, "%-*.*s", w, w, s);
        else
            fprintf(out, "%-*s", w, s);
    }
    fputs(eol, out);
}

static void row(FILE *f, const sweep_run *r, size_t i, const layout *l, const char *eol)
{
    sweep_view_item it = {&r->s->points[i], &r->live[i], l->spark};
    line(f, &it, l, eol);
}

static void header(FILE *f, const layout *l, const char *eol)
{
    line(f, NULL, l, eol);
}

static void print_json(const sweep_run *r)
{
    static char buf[256];
    printf("{\"id\": ");
    cli_json_str(r->s->id);
    printf(", \"points\": [");
    for (size_t i = 0; i < r->s->n_points; i++) {
        sweep_view_item it = {&r->s->points[i], &r->live[i], 0};
        printf("%s\n  ", i ? "," : "");
        cli_view_json_object(sweep_view_fields, &it, buf, sizeof(buf));
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
