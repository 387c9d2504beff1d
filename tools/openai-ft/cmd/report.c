/*
 * openai-ft jobs report ID... -o report.html: one self-contained HTML file
 * (inline SVG: no script, no network) with the train and valid loss and
 * token accuracy of each job over its steps, checkpoints marked, the jobs
 * overlaid in distinct colours with a legend; --format svg for the chart
 * alone. Each series is downsampled to at most SER_CAP points, so memory
 * and the file stay bounded whatever the number of steps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/report.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/signals.h"
#include "args/args.h"
#include "args/parse.h"
#include "args/values.h"
#include "base/cli.h"
#include "ui/output.h"
#include "ui/series.h"
#include "ui/svg_chart.h"

#define MAX_MARKS 256 /* checkpoints marked per job */
#define PANEL_W   500
#define PANEL_H   300

typedef struct rjob {
    const char *id;
    oft_job *job;
    cli_job_metrics m;
    double px[SER_COUNT][SER_CAP], py[SER_CAP * SER_COUNT]; /* drawn points */
    size_t pn[SER_COUNT];
    double mx[MAX_MARKS], my[SER_COUNT][MAX_MARKS];
    size_t n_marks;
} rjob;

static const struct {
    const char *metric, *title, *y_label;
    double factor; /* accuracy in % */
} panels[SER_COUNT] = {
    {"train_loss", "Training loss", "loss (nats per token)", 1},
    {"valid_loss", "Validation loss", "loss (nats per token)", 1},
    {"train_mean_token_accuracy", "Training token accuracy", "token accuracy (%)", 100},
    {"valid_mean_token_accuracy", "Validation token accuracy", "token accuracy (%)", 100},
};

static double ck_value(const oft_checkpoint_metrics *m, int k)
{
    switch (k) {
        case SER_TRAIN_LOSS:
            return m->train_loss; /* NaN when absent */
        case SER_VALID_LOSS:
            return !isnan(m->valid_loss) ? m->valid_loss : m->full_valid_loss;
        case SER_TRAIN_ACC:
            return m->train_mean_token_accuracy;
        default:
            return !isnan(m->valid_mean_token_accuracy)
                       ? m->valid_mean_token_accuracy
                       : m->full_valid_mean_token_accuracy;
    }
}

static int load_marks(cli *c, rjob *j)
{
    oft_checkpoint_iter *it = NULL;
    const oft_checkpoint *ck;
    int rc = oft_checkpoint_iter_new(&it, c->client, j->id, NULL);
    while (rc == OFT_OK && (rc = oft_checkpoint_iter_next(&ck, it)) == OFT_OK &&
           j->n_marks < MAX_MARKS) {
        j->mx[j->n_marks] = (double)ck->step_number;
        for (int k = 0; k < SER_COUNT; k++)
            j->my[k][j->n_marks] = ck_value(&ck->metrics, k) * panels[k].factor;
        j->n_marks++;
    }
    oft_checkpoint_iter_free(it);
    return rc == OFT_ITEROVER || rc == OFT_OK ? OFT_OK : rc;
}

static int load_job(cli *c, rjob *j)
{
    int rc = oft_job_retrieve(&j->job, c->client, j->id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "get the job");
    if ((rc = cli_job_metrics_read(&j->m, c->client, j->id, SER_CAP)) != OFT_OK)
        return cli_api_fail(c, rc, "read the job's metrics");
    for (int k = 0; k < SER_COUNT; k++) {
        double *y = j->py + (size_t)k * SER_CAP;
        j->pn[k] = cli_series_points(&j->m.s[k], j->px[k], y, SER_CAP);
        for (size_t i = 0; i < j->pn[k]; i++)
            y[i] *= panels[k].factor;
    }
    if ((rc = load_marks(c, j)) != OFT_OK)
        return cli_api_fail(c, rc, "list the job's checkpoints");
    return CLI_OK;
}

static void legend(FILE *f, const rjob *jobs, size_t n, double top)
{
    fprintf(f, "<g class=\"legend\">\n");
    for (size_t i = 0; i < n; i++) {
        double y = top + 22 * (double)i;
        const char *sfx = jobs[i].job->user_provided_suffix;
        fprintf(f,
                "<line x1=\"70\" y1=\"%.1f\" x2=\"100\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"3\"/><text x=\"108\" y=\"%.1f\" font-size=\"13\" "
                "data-job=\"",
                y, y, svg_color(i), y + 4);
        svg_put_text(f, jobs[i].id);
        fputs("\">", f);
        svg_put_text(f, jobs[i].id);
        if (sfx != NULL) {
            fputs(" (", f);
            svg_put_text(f, sfx);
            fputs(")", f);
        }
        fputs("</text>\n", f);
    }
    fprintf(f,
            "<circle cx=\"85\" cy=\"%.1f\" r=\"4\" fill=\"#fff\" stroke=\"#444\" "
            "stroke-width=\"2\"/><text x=\"108\" y=\"%.1f\" font-size=\"13\">"
            "a checkpoint</text>\n</g>\n",
            top + 22 * (double)n, top + 22 * (double)n + 4);
}

static void write_svg(FILE *f, const rjob *jobs, size_t n)
{
    svg_line *lines = calloc(n ? n : 1, sizeof(*lines));
    double height = 2 * PANEL_H + 30 + 22 * (double)(n + 1);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
            "viewBox=\"0 0 %d %.0f\" font-family=\"sans-serif\">\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
            2 * PANEL_W, height, 2 * PANEL_W, height);
    for (int k = 0; lines != NULL && k < SER_COUNT; k++) {
        svg_panel p = {panels[k].metric,  panels[k].title, "training step",
                       panels[k].y_label, lines,           n};
        for (size_t i = 0; i < n; i++) {
            const rjob *j = &jobs[i];
            svg_line l = {j->id,    svg_color(i), j->px[k], j->py + (size_t)k * SER_CAP,
                          j->pn[k], j->mx,        j->my[k], j->n_marks};
            lines[i] = l;
        }
        svg_panel_draw(f, &p, (k % 2) * PANEL_W, (k / 2) * PANEL_H, PANEL_W, PANEL_H);
    }
    legend(f, jobs, n, 2 * PANEL_H + 20);
    fputs("</svg>\n", f);
    free(lines);
}

static void write_html(FILE *f, const rjob *jobs, size_t n)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>Fine-tuning report</title>\n<style>body{font-family:sans-serif;"
          "margin:16px;color:#222}td,th{padding:2px 10px;text-align:left}</style>\n"
          "</head>\n<body>\n<h1>Fine-tuning report</h1>\n<table>\n<tr><th></th><th>job"
          "</th><th>suffix</th><th>status</th><th>steps</th><th>best valid "
          "loss</th></tr>\n",
          f);
    for (size_t i = 0; i < n; i++) {
        char best[32] = "-";
        const cli_series *v = &jobs[i].m.s[SER_VALID_LOSS];
        if (!isnan(v->best_y))
            snprintf(best, sizeof(best), "%.4f (step %.0f)", v->best_y, v->best_x);
        fprintf(f, "<tr><td style=\"color:%s\">&#9632;</td><td>", svg_color(i));
        svg_put_text(f, jobs[i].id);
        fputs("</td><td>", f);
        svg_put_text(f, jobs[i].job->user_provided_suffix);
        fprintf(f, "</td><td>%s</td><td>%lld</td><td>%s</td></tr>\n",
                oft_job_status_str(jobs[i].job->status), (long long)jobs[i].m.last_step,
                best);
    }
    fputs("</table>\n", f);
    write_svg(f, jobs, n);
    fputs("</body>\n</html>\n", f);
}

/* Writes to path (temporary file and rename), or stdout for `-`. */
static int write_out(cli *c, const char *path, int svg, const rjob *jobs, size_t n)
{
    char tmp[4096];
    FILE *f = stdout;
    int bad;
    if (strcmp(path, "-") != 0) {
        snprintf(tmp, sizeof(tmp), "%s.tmp", path);
        if ((f = fopen(tmp, "w")) == NULL) {
            cli_err(c, "cannot write %s: %s", tmp, strerror(errno));
            return CLI_EAPI;
        }
    }
    svg ? write_svg(f, jobs, n) : write_html(f, jobs, n);
    bad = fflush(f) != 0 || ferror(f);
    if (f == stdout)
        return bad ? CLI_EAPI : CLI_OK;
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        cli_err(c, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return CLI_EAPI;
    }
    cli_info(c, "wrote %s", path);
    return CLI_OK;
}

static int run_report(cli *c, const cli_args *a)
{
    const char *out = cli_opt_value(a, OPT_OUTPUT, "report.html");
    const char *format = cli_opt_value(a, OPT_FORMAT, "html");
    int svg = strcmp(format, "svg") == 0;
    size_t n = a->n_operands, i, loaded = 0;
    rjob *jobs;
    int rc = CLI_OK;
    if (!svg && strcmp(format, "html") != 0)
        return cli_usage(NULL, "--format: expected html or svg, not '%s'", format);
    if (cli_client(c) == NULL)
        return c->client_exit;
    if ((jobs = calloc(n, sizeof(*jobs))) == NULL) {
        cli_err(c, "out of memory");
        return CLI_EAPI;
    }
    cli_signals_arm(c);
    for (i = 0; i < n && rc == CLI_OK; i++, loaded++) {
        jobs[i].id = a->operands[i];
        rc = load_job(c, &jobs[i]);
    }
    cli_signals_disarm();
    if (rc == CLI_OK)
        rc = write_out(c, out, svg, jobs, n);
    for (i = 0; i < loaded; i++)
        oft_job_free(jobs[i].job);
    free(jobs);
    return rc;
}

static const cli_opt report_opts[] = {
    {.id = OPT_OUTPUT,
     .name = "output",
     .short_name = 'o',
     .kind = CLI_VAL_FILE,
     .value = "FILE",
     .help = "where to write it (default report.html; - for stdout)"},
    {.id = OPT_FORMAT,
     .name = "format",
     .value = "F",
     .choices = "html svg",
     .help = "html (the page, default) or svg (the chart alone)"},
    {0},
};

const cli_cmd cli_jobs_report = {
    .name = "report",
    .summary = "write the jobs' loss and accuracy curves as HTML or SVG",
    .operands = "ID...",
    .min_operands = 1,
    .max_operands = 64,
    .operand_kind = CLI_VAL_JOB,
    .opts = {report_opts},
    .description =
        "Writes one self-contained HTML file (inline SVG: no script, nothing from\n"
        "the network) with the train and valid loss and token accuracy of each job\n"
        "over its steps, checkpoints marked, the jobs overlaid in distinct colours\n"
        "with a legend. --format svg writes the chart alone.",
    .example = "openai-ft jobs report ftjob-abc123 ftjob-def456 -o report.html",
    .run = run_report,
};
