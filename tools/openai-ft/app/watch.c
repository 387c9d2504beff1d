/*
 * openai-ft: waiting for a job (train, jobs wait, jobs create --wait, jobs
 * events --follow). On a terminal the live status line (live.c) is redrawn in
 * place with new events printed above it; elsewhere each event and status
 * change is a plain line. Ctrl-C stops watching (or cancels the job with
 * --cancel-on-interrupt).
 */
#include <stdlib.h>
#include <string.h>

#include "app/watch.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/hint.h"
#include "app/signals.h"
#include "base/cli.h"
#include "base/term.h"
#include "base/text.h"
#include "ui/live.h"
#include "ui/output.h"
#include "ui/progress.h"
#include "ui/series.h"

typedef struct watch {
    cli *c;
    cli_live live;
    int events_out; /* events go to stdout (jobs events --follow) */
    int all_events; /* --all-events */
    int seen;       /* a callback came */
    int had_ended;  /* the job had ended when the wait began: no replay */
    double last_step;
    long long left_out; /* events not printed (steps between lines, a replay) */
    long long last_draw_ms;
} watch;

/* A number under "key" in a flat JSON object; enough for metrics data. */
static int json_number(const char *json, const char *key, double *out)
{
    size_t klen = strlen(key);
    const char *p = json;
    while (json != NULL && (p = strchr(p, '"')) != NULL) {
        char *end = NULL;
        const char *q = p + 1;
        if (strncmp(q, key, klen) == 0 && q[klen] == '"') {
            q += klen + 1;
            while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
                q++;
            if (*q != ':')
                return 0;
            q++;
            *out = strtod(q, &end);
            return end != q;
        }
        p = q;
    }
    return 0;
}

static double job_n_epochs(const oft_job *job)
{
    if (job->method != NULL && job->method->hyperparameters.n_epochs.mode == OFT_HP_VALUE)
        return job->method->hyperparameters.n_epochs.value;
    if (job->hyperparameters != NULL &&
        job->hyperparameters->n_epochs.mode == OFT_HP_VALUE)
        return job->hyperparameters->n_epochs.value;
    return 0;
}

const char *cli_job_status(const oft_job *job)
{
    return job->status_raw != NULL ? job->status_raw : oft_job_status_str(job->status);
}

static void on_job(watch *w, const oft_job *job)
{
    cli_live *l = &w->live;
    const char *st = cli_text(cli_job_status(job));
    l->n_epochs = job_n_epochs(job);
    l->created_at = job->created_at;
    l->estimated_finish = job->estimated_finish;
    if (strcmp(st, l->status) != 0) {
        snprintf(l->status, sizeof(l->status), "%s", st);
        if (!l->enabled && !w->events_out && !w->c->quiet)
            fprintf(stderr, "status: %s\n", l->status);
    }
}

static void take_metrics(cli_live *l, const oft_event *ev)
{
    double v;
    if (ev->type != OFT_EVENT_TYPE_METRICS || ev->data_json == NULL)
        return;
    if (json_number(ev->data_json, "step", &v))
        l->step = v, l->has_step = 1;
    if (json_number(ev->data_json, "total_steps", &v))
        l->total_steps = v, l->has_total = 1;
    if (json_number(ev->data_json, "train_loss", &v)) {
        l->loss = v, l->has_loss = 1;
        cli_series_add(&l->spark, l->step, v);
    }
}

/* Every how many steps a CI log gets a line: about a tenth of the job (1, 2
 * or 5 times a power of ten), every 100 when the total is unknown. */
static double step_every(const cli_live *l)
{
    double raw = l->has_total && l->total_steps > 0 ? l->total_steps / 10 : 100, p = 1;
    while (p * 10 <= raw)
        p *= 10;
    return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

/* Off a terminal, whether a metrics event (its step in l) makes a line: the
 * first, the last, one that ends an epoch (named in note), and every
 * step_every() steps. */
static int step_line(watch *w, char *note, size_t cap)
{
    const cli_live *l = &w->live;
    double s = l->step, p = w->last_step, every = step_every(l);
    int line = p <= 0 || (l->has_total && s >= l->total_steps) ||
               (long long)(s / every) > (long long)(p / every);
    note[0] = '\0';
    if (l->has_total && l->total_steps > 0 && l->n_epochs > 0) {
        double per_epoch = l->total_steps / l->n_epochs;
        long long e = (long long)(s / per_epoch + 1e-9);
        if (e > (long long)(p / per_epoch + 1e-9)) {
            snprintf(note, cap, "  (epoch %lld/%.0f done)", e, l->n_epochs);
            line = 1;
        }
    }
    w->last_step = s;
    return line;
}

static void print_event(watch *w, const oft_event *ev, const char *note)
{
    const cli *c = w->c;
    cli_live *l = &w->live;
    FILE *out = w->events_out ? stdout : stderr;
    const char *colour = "";
    char tbuf[32];
    time_t t = (time_t)ev->created_at;
    struct tm tm;
    if (ev->level == OFT_EVENT_LEVEL_ERROR)
        colour = cli_c_red(c);
    else if (ev->level == OFT_EVENT_LEVEL_WARN)
        colour = cli_c_yellow(c);
    if (ev->created_at > 0 && localtime_r(&t, &tm) != NULL)
        strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
    else
        snprintf(tbuf, sizeof(tbuf), "--:--:--");
    cli_live_clear(l);
    if (ev->message[0] != '\0') {
        char text[2048];
        const char *p = text, *next;
        /* on a terminal, folded at word boundaries under the message's column */
        int tty = w->events_out ? c->tty_out : c->tty_err;
        int width = !tty ? 0 : l->enabled ? l->width : cli_term_width(fileno(out));
        snprintf(text, sizeof(text), "%s%s", cli_text(ev->message), note);
        do {
            size_t n = width > 30 ? cli_fold(p, (size_t)width - 10, &next) : strlen(p);
            if (width <= 30)
                next = p + n;
            fprintf(out, "%s%s%s  %s%.*s%s\n", cli_c_dim(c),
                    p == text ? tbuf : "        ", cli_c_reset(c), colour, (int)n, p,
                    cli_c_reset(c));
            p = next;
        } while (*p != '\0');
    } else if (ev->type == OFT_EVENT_TYPE_METRICS && l->has_step)
        fprintf(out, "%s  step %.0f%s%.0f  loss %.4f%s\n", tbuf, l->step,
                l->has_total ? "/" : "", l->has_total ? l->total_steps : 0.0,
                l->has_loss ? l->loss : 0.0, note);
    fflush(out);
}

static void on_event(watch *w, const oft_event *ev)
{
    char note[64] = "";
    int metrics = ev->type == OFT_EVENT_TYPE_METRICS;
    take_metrics(&w->live, ev);
    if (w->events_out && w->c->json) {
        cli_print_json(ev->raw_json);
        fflush(stdout);
        return;
    }
    if (!w->events_out && w->c->quiet)
        return;
    /* on a terminal, metrics only move the status line; elsewhere they are lines */
    if (w->live.enabled && metrics)
        return;
    if (w->had_ended || (metrics && !w->events_out && !w->all_events &&
                         !step_line(w, note, sizeof(note)))) {
        w->left_out++;
        return;
    }
    print_event(w, ev, note);
}

static int progress(const oft_job *job, const oft_event *event, void *payload)
{
    watch *w = payload;
    long long t = cli_now_ms();
    cli_live_lock(&w->live);
    if (!w->seen) /* an ended job's events are not replayed */
        w->had_ended =
            oft_job_status_is_terminal(job->status) && !w->events_out && !w->all_events;
    w->seen = 1;
    if (event == NULL)
        on_job(w, job);
    else
        on_event(w, event);
    /* a burst of metrics redraws at most ten times a second */
    if (event == NULL || event->type != OFT_EVENT_TYPE_METRICS ||
        t - w->last_draw_ms >= 100) {
        cli_live_draw(&w->live);
        w->last_draw_ms = t;
    }
    cli_live_unlock(&w->live);
    return 0;
}

static void print_job_error(cli *c, const oft_job *job)
{
    const oft_job_error *e = job->error;
    if (e != NULL && e->message != NULL && e->message[0] != '\0') {
        cli_err(c, "job %s %s: %s", cli_or_dash(job->id), cli_text(cli_job_status(job)),
                cli_text(e->message));
        if (e->code != NULL || e->param != NULL)
            fprintf(stderr, "  code: %s  param: %s\n", cli_or_dash(e->code),
                    cli_or_dash(e->param));
    } else {
        cli_err(c, "job %s %s", cli_or_dash(job->id), cli_text(cli_job_status(job)));
    }
}

static int interrupted(cli *c, const char *job_id, const char *shown,
                       const cli_watch_options *wo, oft_job *last)
{
    oft_job *cancelled = NULL;
    int rc;
    if (!wo->cancel_on_interrupt) {
        fprintf(stderr, "Interrupted. The job %s keeps running%s%s%s.\n", shown,
                last != NULL ? " (status " : "",
                last != NULL ? cli_text(cli_job_status(last)) : "",
                last != NULL ? ")" : "");
        cli_hint(c, "Resume watching with: ", "jobs", "wait", job_id, (char *)NULL);
        if (c->json && last != NULL)
            cli_print_json(last->raw_json);
        return cli_interrupt_exit();
    }
    fprintf(stderr, "Interrupted: cancelling the job %s (--cancel-on-interrupt)\n",
            shown);
    rc = oft_job_cancel(&cancelled, c->client, job_id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "cancel the job");
    if (c->json)
        cli_print_json(cancelled->raw_json);
    else
        fprintf(stderr, "job %s: %s\n", shown, cli_text(cli_job_status(cancelled)));
    oft_job_free(cancelled);
    return CLI_EJOB;
}

static int succeeded(cli *c, const oft_job *job, const cli_watch_options *wo,
                     const watch *w)
{
    char a[32];
    long long took = job->finished_at > 0 && job->created_at > 0
                         ? (long long)(job->finished_at - job->created_at)
                         : (long long)(time(NULL) - w->live.started);
    if (c->json && !wo->events_only)
        cli_print_json(job->raw_json);
    if (!c->quiet && !wo->events_only)
        fprintf(stderr, "%sjob %s succeeded%s in %s, %lld trained tokens\n",
                cli_c_green(c), cli_or_dash(job->id), cli_c_reset(c),
                cli_fmt_duration(a, sizeof(a), took),
                (long long)(job->trained_tokens > 0 ? job->trained_tokens : 0));
    if (!c->json && !wo->events_only)
        printf("fine_tuned_model: %s\n", cli_or_dash(job->fine_tuned_model));
    return CLI_OK;
}

/* The exit code and message of a finished wait. */
/* What ended a wait at its deadline when a poll stood in the way (the
 * library's "deadline of N ms reached during a poll: the server did not
 * answer", "... the last poll failed: ..."), or NULL when the job was simply
 * not finished. */
static const char *deadline_reason(const cli *c)
{
    const char *m = oft_error_message(oft_client_last_error(c->client));
    const char *r = m != NULL ? strstr(m, ": deadline of ") : NULL;
    return r != NULL ? cli_text(r + 2) : NULL;
}

static int outcome(cli *c, int rc, const char *job_id, const char *shown,
                   const cli_watch_options *wo, oft_job *job, const watch *w)
{
    char a[32];
    if (rc == OFT_EINTERRUPTED || cli_signal_caught())
        return interrupted(c, job_id, shown, wo, job);
    if (rc == OFT_OK)
        return succeeded(c, job, wo, w);
    if (rc == OFT_EJOBFAILED) {
        if (c->json && !wo->events_only)
            cli_print_json(job->raw_json);
        print_job_error(c, job);
        return CLI_EJOB;
    }
    const char *reason = rc == OFT_ETIMEOUT ? deadline_reason(c) : NULL;
    if (rc == OFT_ETIMEOUT && job != NULL) {
        cli_err(c, "timed out after %s waiting for job %s (status %s); it keeps running",
                cli_fmt_duration(a, sizeof(a), wo->timeout_ms / 1000), shown,
                cli_text(cli_job_status(job)));
        if (reason != NULL)
            cli_err(c, "%s", reason);
        cli_hint(c, "Resume watching with: ", "jobs", "wait", job_id, (char *)NULL);
        if (c->json)
            cli_print_json(job->raw_json);
        return CLI_ETIMEOUT;
    }
    if (rc == OFT_ETIMEOUT && wo->timeout_ms > 0) {
        cli_err(c, "timed out waiting for job %s%s%s", shown, reason ? ": " : "",
                reason ? reason : "");
        return CLI_ETIMEOUT;
    }
    return cli_api_fail(c, rc, "wait for the job");
}

/* What was not printed, and how to see it. */
static void left_out_note(const cli *c, const watch *w, const char *shown)
{
    if (w->events_out)
        return;
    if (w->had_ended)
        cli_info(c,
                 "job %s had already ended (%s); %lld events not replayed: "
                 "--all-events or 'openai-ft jobs events %s'",
                 shown, w->live.status, w->left_out, shown);
    else if (w->left_out > 0)
        cli_info(c, "(%lld step events not shown: --all-events prints each)",
                 w->left_out);
}

int cli_watch_job(cli *c, const char *job_id, const cli_watch_options *wo)
{
    oft_wait_options opts = OFT_WAIT_OPTIONS_INIT;
    oft_job *job = NULL;
    watch w;
    int rc, code, stopped;
    char shown[256]; /* job_id for messages: a server's ID in train */

    snprintf(shown, sizeof(shown), "%s", cli_text(job_id));
    if (cli_client(c) == NULL)
        return c->client_exit;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.events_out = wo->events_only;
    w.all_events = wo->all_events;
    opts.timeout_ms = wo->timeout_ms;
    if (wo->poll_interval_ms > 0)
        opts.poll_interval_ms = wo->poll_interval_ms;
    opts.on_progress = progress;
    opts.payload = &w;

    cli_signals_arm(c);
    if (!wo->events_only)
        cli_info(c, "waiting for job %s (%s)", shown,
                 wo->cancel_on_interrupt
                     ? "Ctrl-C cancels the job"
                     : "Ctrl-C stops watching; the job keeps running");
    cli_live_start(&w.live, c, c->tty_err && !c->quiet && !wo->events_only);
    /* A Ctrl-C that lands before the wait starts stops it at once: the library
     * keeps an interrupt made between calls for the next one. */
    rc = oft_job_wait(&job, c->client, job_id, &opts);
    cli_signals_disarm();
    cli_live_stop(&w.live);
    stopped = rc == OFT_EINTERRUPTED || cli_signal_caught();
    /* interrupted, the last status line stays on screen; else the outcome
     * takes its place */
    if (stopped)
        cli_live_keep(&w.live);
    else
        cli_live_clear(&w.live);
    left_out_note(c, &w, shown);
    code = outcome(c, rc, job_id, shown, wo, job, &w);
    oft_job_free(job);
    return code;
}
