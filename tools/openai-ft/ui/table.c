/*
 * openai-ft: tables fitted to the terminal (see table.h). Rows are kept in
 * batches: the layout is chosen from the first batch (the widths of its
 * values), so memory stays bounded however long a list is.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ui/table.h"
#include "args/args.h"
#include "args/parse.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/term.h"
#include "base/text.h"

#define BATCH    1000 /* rows kept before printing */
#define SEP      2    /* spaces between columns */
#define MAX_COLS 24

struct cli_table {
    const cli_col *cols;
    size_t ncols;
    size_t shown[MAX_COLS]; /* the columns shown, in order */
    size_t n_shown;
    int chosen;   /* --columns: shown as asked, never left out */
    int wide;     /* --wide */
    int fit;      /* a terminal: fit its width */
    size_t width; /* the terminal's columns */
    int compact;  /* the compact forms are shown */
    int laid_out; /* the layout is chosen (after the first batch) */
    size_t w[MAX_COLS];
    char **cells; /* rows x ncols x {full, compact}; NULL: none (out of memory) */
    size_t rows, cap, put, skip;
};

const cli_opt cli_table_opts[] = {
    {.id = OPT_WIDE,
     .name = "wide",
     .help = "every column, with whole values, whatever the terminal's width"},
    {.id = OPT_COLUMNS,
     .name = "columns",
     .value = "A,B,...",
     .help = "the columns to show, in this order (an unknown name lists them)"},
    {0},
};

const char *cli_fmt_age(char *buf, size_t cap, int64_t t)
{
    long long s = (long long)(time(NULL) - (time_t)t);
    if (t <= 0)
        snprintf(buf, cap, "-");
    else if (s < 60)
        snprintf(buf, cap, "%llds ago", s < 0 ? 0 : s);
    else if (s < 3600)
        snprintf(buf, cap, "%lldm ago", s / 60);
    else if (s < 48 * 3600)
        snprintf(buf, cap, "%lldh ago", s / 3600);
    else
        snprintf(buf, cap, "%lldd ago", s / 86400);
    return buf;
}

static const char *cell(const cli_table *t, size_t row, size_t col, int compact)
{
    char *const *c = &t->cells[(row * t->ncols + col) * 2];
    if (compact && c[1] != NULL)
        return c[1];
    return c[0] != NULL ? c[0] : ""; /* NULL: out of memory */
}

static const char *title(const cli_table *t, size_t col, int compact)
{
    const cli_col *k = &t->cols[col];
    return compact && k->short_title != NULL ? k->short_title : k->title;
}

static int usage_columns(const cli_table *t, const char *name, size_t len)
{
    char all[512] = "", word[64], list[600];
    const char *near;
    size_t i, n;
    for (i = 0; i < t->ncols; i++)
        snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", i ? " " : "",
                 t->cols[i].key);
    snprintf(word, sizeof(word), "%.*s", (int)len, name);
    near = cli_suggest(word, all, &n);
    if (near != NULL)
        return cli_usage(NULL,
                         "--columns: unknown column '%s'; did you mean '%.*s'? (%s)",
                         word, (int)n, near, cli_choices_text(list, sizeof(list), all));
    return cli_usage(NULL, "--columns: unknown column '%s'; the columns are %s", word,
                     cli_choices_text(list, sizeof(list), all));
}

/* --columns id,status: the columns shown, in that order. */
static int choose(cli_table *t, const char *spec)
{
    const char *p = spec;
    t->chosen = 1;
    t->n_shown = 0;
    while (*p != '\0') {
        size_t len = strcspn(p, ","), i;
        for (i = 0; len > 0 && i < t->ncols; i++)
            if (strlen(t->cols[i].key) == len && strncasecmp(t->cols[i].key, p, len) == 0)
                break;
        if (len > 0 && i == t->ncols)
            return usage_columns(t, p, len);
        if (len > 0 && t->n_shown < MAX_COLS)
            t->shown[t->n_shown++] = i;
        p += len + (p[len] == ',');
    }
    if (t->n_shown == 0)
        return cli_usage(NULL, "--columns: name at least one column");
    return 0;
}

int cli_table_new(cli_table **out, const cli *c, const cli_col *cols, const cli_args *a)
{
    cli_table *t;
    const char *spec = cli_opt_value(a, OPT_COLUMNS, NULL);
    size_t i;
    int rc;
    *out = NULL;
    if ((t = calloc(1, sizeof(*t))) == NULL)
        return CLI_EAPI;
    t->cols = cols;
    while (cols[t->ncols].key != NULL && t->ncols < MAX_COLS)
        t->ncols++;
    t->wide = cli_opt_value(a, OPT_WIDE, NULL) != NULL;
    t->fit = c->tty_out && !t->wide;
    t->width = t->fit ? (size_t)cli_term_width(STDOUT_FILENO) : 0;
    for (i = 0; i < t->ncols; i++)
        if (t->wide || (cols[i].flags & CLI_COL_WIDE) == 0)
            t->shown[t->n_shown++] = i;
    if (spec != NULL && (rc = choose(t, spec)) != 0) {
        free(t);
        return rc;
    }
    if (c->json) /* checked all the same, but nothing to lay out */
        free(t);
    else
        *out = t;
    return 0;
}

static size_t col_width(const cli_table *t, size_t col)
{
    size_t w = cli_text_width(title(t, col, t->compact)), r;
    for (r = 0; r < t->rows; r++) {
        size_t cw = cli_text_width(cell(t, r, col, t->compact));
        if (cw > w)
            w = cw;
    }
    return w;
}

static size_t total_width(cli_table *t)
{
    size_t i, sum = 0;
    for (i = 0; i < t->n_shown; i++) {
        t->w[i] = col_width(t, t->shown[i]);
        sum += t->w[i] + (i > 0 ? SEP : 0);
    }
    return sum;
}

/* Leaves out the columns no row has a value in (a terminal, the default set). */
static void hide_empty(cli_table *t)
{
    size_t i, j, r, n = 0;
    for (i = 0; i < t->n_shown; i++) {
        size_t col = t->shown[i];
        int empty = (t->cols[col].flags & CLI_COL_HIDE_EMPTY) != 0;
        for (r = 0; empty && r < t->rows; r++) {
            const char *v = cell(t, r, col, 0);
            empty = v[0] == '\0' || strcmp(v, "-") == 0;
        }
        if (!empty)
            t->shown[n++] = col;
    }
    for (j = n; j < t->n_shown; j++)
        t->shown[j] = 0;
    t->n_shown = n;
}

/* Cuts the columns that may be cut, the least important first, by up to
 * excess characters; returns what is still too much. */
static size_t cut(cli_table *t, size_t excess)
{
    int prio;
    for (prio = 100; prio >= 0 && excess > 0; prio--) {
        size_t i;
        for (i = t->n_shown; i-- > 0 && excess > 0;) {
            const cli_col *k = &t->cols[t->shown[i]];
            size_t can, min = (size_t)k->min_width;
            if (k->priority != prio || min == 0 || t->w[i] <= min)
                continue;
            can = t->w[i] - min;
            if (can > excess)
                can = excess;
            t->w[i] -= can;
            excess -= can;
        }
    }
    return excess;
}

/* Leaves out the least important column that may go (the rightmost of a
 * rank); 0 when none may. */
static int drop(cli_table *t)
{
    size_t i, worst = t->n_shown;
    for (i = 0; i < t->n_shown; i++) {
        int p = t->cols[t->shown[i]].priority;
        if (p > 0 && (worst == t->n_shown || p >= t->cols[t->shown[worst]].priority))
            worst = i;
    }
    if (worst == t->n_shown)
        return 0;
    memmove(&t->shown[worst], &t->shown[worst + 1],
            (t->n_shown - worst - 1) * sizeof(t->shown[0]));
    t->n_shown--;
    return 1;
}

/* Whether the columns shown fit the width, cut as they may be. */
static int fits(cli_table *t)
{
    size_t sum = total_width(t);
    return sum <= t->width || cut(t, sum - t->width) == 0;
}

/* Takes back the columns left out that fit in the room left (a narrow column
 * of less importance may fit where a wide one did not), most important
 * first. */
static void take_back(cli_table *t, const size_t *all, size_t n_all)
{
    int prio;
    for (prio = 1; prio <= 100; prio++) {
        size_t i, j, k, pos = 0;
        for (i = 0; i < n_all; i++) {
            const cli_col *col = &t->cols[all[i]];
            int in = 0;
            for (j = 0; j < t->n_shown; j++)
                in |= t->shown[j] == all[i];
            if (in) {
                pos++;
                continue;
            }
            if (col->priority != prio || t->n_shown == MAX_COLS)
                continue;
            for (k = t->n_shown; k > pos; k--) /* in its place */
                t->shown[k] = t->shown[k - 1];
            t->shown[pos] = all[i];
            t->n_shown++;
            if (fits(t)) {
                pos++;
                continue;
            }
            memmove(&t->shown[pos], &t->shown[pos + 1],
                    (t->n_shown - pos - 1) * sizeof(t->shown[0]));
            t->n_shown--;
        }
    }
}

static void lay_out(cli_table *t)
{
    size_t all[MAX_COLS], n_all;
    t->laid_out = 1;
    if (t->fit && !t->chosen)
        hide_empty(t);
    if (total_width(t) <= t->width || !t->fit)
        return;
    t->compact = 1;
    memcpy(all, t->shown, sizeof(all));
    n_all = t->n_shown;
    while (!fits(t) && !t->chosen && drop(t))
        ;
    if (t->n_shown < n_all) {
        take_back(t, all, n_all);
        fits(t); /* the widths of the final set */
    }
}

/* Prints s in w columns: cut (with an ellipsis) when wider. */
static void put_cut(const char *s, size_t w, unsigned flags)
{
    const char *ell = cli_ellipsis();
    size_t sw = cli_text_width(s), ew = cli_text_width(ell), head, tail;
    if (sw <= w) {
        fputs(s, stdout);
        return;
    }
    if (w <= ew) {
        fwrite(s, 1, cli_text_bytes(s, w), stdout);
        return;
    }
    head = (flags & CLI_COL_CUT_MIDDLE) != 0 ? (w - ew) / 2 : w - ew;
    tail = w - ew - head;
    fwrite(s, 1, cli_text_bytes(s, head), stdout);
    fputs(ell, stdout);
    fputs(s + cli_text_bytes(s, sw - tail), stdout);
}

static void print_row(const cli_table *t, size_t row, int header)
{
    size_t i, at = 0;
    for (i = 0; i < t->n_shown; i++) {
        size_t col = t->shown[i];
        const cli_col *k = &t->cols[col];
        const char *s =
            header ? title(t, col, t->compact) : cell(t, row, col, t->compact);
        size_t sw = cli_text_width(s), w = t->w[i];
        int last = i + 1 == t->n_shown;
        if (i > 0) {
            printf("%*s", SEP, "");
            at += SEP;
        }
        if (t->fit && last && !header && (k->flags & CLI_COL_WRAP) != 0 && sw > w) {
            cli_fold_print(stdout, s, at, at, at + w);
            return;
        }
        if (t->fit && sw > w)
            put_cut(s, w, k->flags), sw = w;
        else
            fputs(s, stdout);
        if (!last && sw < w)
            printf("%*s", (int)(w - sw), "");
        at += w;
    }
    putchar('\n');
}

static void flush_rows(cli_table *t)
{
    size_t r;
    if (!t->laid_out) {
        lay_out(t);
        print_row(t, 0, 1);
    }
    for (r = 0; r < t->rows; r++)
        print_row(t, r, 0);
    for (r = 0; r < t->rows * t->ncols * 2; r++)
        free(t->cells[r]);
    t->rows = 0;
    fflush(stdout);
}

void cli_table_cell(cli_table *t, const char *full, const char *compact)
{
    size_t at;
    if (t == NULL)
        return;
    if (t->skip > 0) { /* the rest of a row left out */
        t->skip--;
        return;
    }
    if (t->rows == t->cap) { /* only at a row's first cell */
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **grown = realloc(t->cells, cap * t->ncols * 2 * sizeof(*grown));
        if (grown == NULL) {
            t->skip = t->ncols - 1; /* out of memory: the row is left out */
            return;
        }
        t->cells = grown;
        t->cap = cap;
    }
    at = (t->rows * t->ncols + t->put) * 2;
    t->cells[at] = strdup(full != NULL ? full : "-");
    t->cells[at + 1] = compact != NULL ? strdup(compact) : NULL;
    if (++t->put == t->ncols) {
        t->put = 0;
        if (++t->rows == BATCH)
            flush_rows(t);
    }
}

static void free_cells(cli_table *t)
{
    size_t i;
    for (i = 0; i < (t->rows * t->ncols + t->put) * 2; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}

void cli_table_end(cli_table *t)
{
    size_t i;
    if (t == NULL)
        return;
    for (i = t->put * 2; i > 0; i--) /* a row left half-made: drop it */
        free(t->cells[t->rows * t->ncols * 2 + i - 1]);
    t->put = 0;
    flush_rows(t);
    free_cells(t);
}

void cli_table_free(cli_table *t)
{
    if (t != NULL)
        free_cells(t);
}
