/*
 * openai-ft jobs watch ID...: many jobs followed at once with
 * oft_jobs_watch() (one listing per interval for all their statuses, the
 * events of those that changed), in the table of `sweep` (sweep_view.c):
 * status, step, train and valid loss and a loss sparkline per job, fitted
 * to the terminal; off a terminal a line per status change.
 */
#include <jv.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/jobs_watch.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/signals.h"
#include "app/sweep_file.h"
#include "app/sweep_run.h"
#include "app/sweep_view.h"
#include "args/args.h"
#include "args/values.h"
#include "base/cli.h"
#include "ui/progress.h"
#include "ui/series.h"

typedef struct watch_ctx {
    sweep_run r;
    long long last_draw_ms;
} watch_ctx;

static size_t index_of(const watch_ctx *w, const char *id)
{
    for (size_t i = 0; id != NULL && i < w->r.s->n_points; i++)
        if (strcmp(w->r.s->points[i].job, id) == 0)
            return i;
    return (size_t)-1;
}

/* On a terminal at most 4 redraws a second for events; a status at once. */
static void redraw(watch_ctx *w, int now)
{
    long long t = cli_now_ms();
    if (!now && t - w->last_draw_ms < 250)
        return;
    w->last_draw_ms = t;
    sweep_view_draw(&w->r, 0);
}

static int on_job(const oft_job *job, void *payload)
{
    watch_ctx *w = payload;
    size_t i = index_of(w, job->id);
    sweep_point *p;
    if (i == (size_t)-1)
        return 0;
    p = &w->r.s->points[i];
    snprintf(p->status, sizeof(p->status), "%s", oft_job_status_str(job->status));
    if (job->user_provided_suffix != NULL && job->user_provided_suffix[0] != '\0')
        snprintf(p->name, sizeof(p->name), "%s", job->user_provided_suffix);
    if (job->status == OFT_JOB_STATUS_FAILED && job->error != NULL && job->error->message)
        snprintf(p->error, sizeof(p->error), "%s", job->error->message);
    redraw(w, 1);
    return 0;
}

static double number(jv data, const char *key)
{
    jv v = jv_object_get(jv_copy(data), jv_string(key));
    double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;
    jv_free(v);
    return d;
}

static int on_event(const oft_job *job, const oft_event *ev, void *payload)
{
    watch_ctx *w = payload;
    size_t i = index_of(w, job->id);
    sweep_live *l;
    jv data;
    double step, loss, valid;
    if (i == (size_t)-1 || ev->type != OFT_EVENT_TYPE_METRICS || ev->data_json == NULL)
        return 0;
    l = &w->r.live[i];
    data = jv_parse(ev->data_json);
    if (jv_get_kind(data) == JV_KIND_OBJECT) {
        step = number(data, "step");
        loss = number(data, "train_loss");
        valid = number(data, "full_valid_loss");
        if (isnan(valid))
            valid = number(data, "valid_loss");
        if (!isnan(step))
            l->step = (int64_t)step;
        if (!isnan(loss)) {
            l->train_loss = loss;
            cli_series_add(&l->spark, step, loss);
        }
        if (!isnan(valid))
            l->valid_loss = valid;
    }
    jv_free(data);
    redraw(w, 0);
    return 0;
}

static int outcome(const sweep *s)
{
    for (size_t i = 0; i < s->n_points; i++)
        if (strcmp(s->points[i].status, "succeeded") != 0)
            return CLI_EJOB;
    return CLI_OK;
}

static int parse(watch_ctx *w, oft_watch_options *o, const cli_args *a)
{
    for (size_t i = 0; i < a->n_opts; i++) {
        const cli_arg *arg = &a->opts[i];
        if (arg->opt->id == OPT_DEADLINE &&
            cli_parse_seconds(&o->timeout_ms, "--timeout", arg->value) != 0)
            return CLI_EUSAGE;
        if (arg->opt->id == OPT_POLL_INTERVAL &&
            cli_parse_seconds(&o->poll_interval_ms, "--poll-interval", arg->value) != 0)
            return CLI_EUSAGE;
    }
    if (a->n_operands > SW_MAX_POINTS)
        return cli_usage(NULL, "at most %d jobs", SW_MAX_POINTS);
    for (size_t i = 0; i < a->n_operands; i++) {
        sweep_point *p = &w->r.s->points[i];
        snprintf(p->job, sizeof(p->job), "%s", a->operands[i]);
        snprintf(p->name, sizeof(p->name), "%s", a->operands[i]);
        w->r.live[i].step = -1;
        w->r.live[i].train_loss = w->r.live[i].valid_loss = NAN;
        cli_series_init(&w->r.live[i].spark, 24);
    }
    w->r.s->n_points = a->n_operands;
    return 0;
}

static int run_watch(cli *c, const cli_args *a)
{
    watch_ctx w;
    oft_watch_options o = OFT_WATCH_OPTIONS_INIT;
    int rc;
    memset(&w, 0, sizeof(w));
    w.r.c = c;
    w.r.status_only = 1; /* nothing is created or saved */
    w.r.s = calloc(1, sizeof(*w.r.s));
    w.r.live = calloc(a->n_operands ? a->n_operands : 1, sizeof(*w.r.live));
    if (w.r.s == NULL || w.r.live == NULL)
        rc = CLI_EAPI;
    else if ((rc = parse(&w, &o, a)) == 0 && cli_client(c) == NULL)
        rc = c->client_exit;
    if (rc == 0) {
        o.on_job = on_job;
        o.on_event = on_event;
        o.payload = &w;
        cli_signals_arm(c);
        rc = oft_jobs_watch(c->client, (const char *const *)a->operands, a->n_operands,
                            &o);
        cli_signals_disarm();
        sweep_view_draw(&w.r, 1);
        if (rc == OFT_OK)
            rc = outcome(w.r.s);
        else if (rc == OFT_ETIMEOUT)
            rc = CLI_ETIMEOUT;
        else
            rc = cli_api_fail(c, rc, "watch the jobs");
    }
    free(w.r.live);
    free(w.r.s);
    return rc;
}

static const cli_opt watch_opts[] = {
    {.id = OPT_DEADLINE,
     .name = "timeout",
     .value = "SECONDS",
     .help = "stop watching after this long (exit 4); the jobs keep running"},
    {.id = OPT_POLL_INTERVAL,
     .name = "poll-interval",
     .value = "SECONDS",
     .help = "how often to poll the jobs (default 5)"},
    {0},
};

const cli_cmd cli_jobs_watch = {
    .name = "watch",
    .summary = "watch many jobs at once in one table",
    .operands = "ID...",
    .min_operands = 1,
    .max_operands = SW_MAX_POINTS,
    .operand_kind = CLI_VAL_JOB,
    .opts = {watch_opts},
    .description =
        "Follows the jobs until each has ended, in one table: status, step, train\n"
        "and valid loss and a loss sparkline per job, fitted to the terminal (off a\n"
        "terminal, a line per status change), then prints the table. One listing\n"
        "per interval reads every job's status. Exit 0 when all succeeded, 3 when\n"
        "one failed or was cancelled, 4 when --timeout passed, 130 on Ctrl-C.",
    .example = "openai-ft jobs watch ftjob-abc123 ftjob-def456",
    .run = run_watch,
};
