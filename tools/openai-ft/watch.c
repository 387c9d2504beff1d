/*
 * openai-ft: the live view of a job being waited for (train, jobs wait,
 * jobs events --follow) and the Ctrl-C handling around it.
 *
 * On a terminal, one status line is redrawn in place (status, epoch and step,
 * the latest training loss, elapsed time, estimated finish) with new events
 * printed above it; elsewhere each event and status change is a plain line.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* ---- Ctrl-C ---- */

static oft_client *volatile g_client;
static volatile sig_atomic_t g_caught;

static void on_sigint(int sig)
{
    (void)sig;
    g_caught = 1;
    if (g_client != NULL)
        oft_client_interrupt(g_client); /* documented as signal-safe */
}

void cli_sigint_arm(cli *c)
{
    struct sigaction sa;
    g_client = c->client;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    /* a second Ctrl-C kills as usual, in case the wind-down hangs */
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
}

void cli_sigint_disarm(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    g_client = NULL;
}

int cli_sigint_armed(void)
{
    return g_client != NULL;
}

int cli_sigint_caught(void)
{
    return g_caught != 0;
}

/* ---- the view ---- */

typedef struct watch {
    cli *c;
    const cli_watch_options *wo;
    int live;        /* redraw a status line on stderr */
    int line_drawn;  /* the status line is on screen */
    int events_out;  /* events go to stdout (jobs events --follow) */
    char status[32]; /* last status seen */
    double step, total_steps, loss, accuracy;
    int has_step, has_total, has_loss, has_accuracy;
    double n_epochs; /* 0: unknown */
    int64_t created_at;
    int64_t estimated_finish;
    time_t started;
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

static void clear_line(watch *w)
{
    if (w->line_drawn) {
        fputs("\r\033[K", stderr);
        w->line_drawn = 0;
    }
}

static void draw_line(watch *w)
{
    const cli *c = w->c;
    char a[32], b[32];
    time_t now = time(NULL);
    long long elapsed = w->created_at > 0 ? (long long)(now - w->created_at)
                                          : (long long)(now - w->started);
    if (!w->live)
        return;
    clear_line(w);
    fprintf(stderr, "%s%s%s%s", cli_c_bold(c), cli_c_status(c, w->status), w->status,
            cli_c_reset(c));
    if (w->has_step && w->has_total && w->total_steps > 0 && w->n_epochs > 0) {
        double per_epoch = w->total_steps / w->n_epochs;
        int epoch = (int)((w->step - 1) / per_epoch) + 1;
        if (epoch < 1)
            epoch = 1;
        if (epoch > (int)w->n_epochs)
            epoch = (int)w->n_epochs;
        fprintf(stderr, "  epoch %d/%d", epoch, (int)w->n_epochs);
    }
    if (w->has_step) {
        if (w->has_total)
            fprintf(stderr, "  step %.0f/%.0f", w->step, w->total_steps);
        else
            fprintf(stderr, "  step %.0f", w->step);
    }
    if (w->has_loss)
        fprintf(stderr, "  loss %.4f", w->loss);
    fprintf(stderr, "  elapsed %s", cli_fmt_duration(a, sizeof(a), elapsed));
    if (w->estimated_finish > 0 && w->estimated_finish > now)
        fprintf(stderr, "  eta %s",
                cli_fmt_duration(b, sizeof(b), (long long)(w->estimated_finish - now)));
    fflush(stderr);
    w->line_drawn = 1;
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

static void on_job(watch *w, const oft_job *job)
{
    const char *st =
        job->status_raw != NULL ? job->status_raw : oft_job_status_str(job->status);
    w->n_epochs = job_n_epochs(job);
    w->created_at = job->created_at;
    w->estimated_finish = job->estimated_finish;
    if (strcmp(cli_text(st), w->status) != 0) {
        snprintf(w->status, sizeof(w->status), "%s", cli_text(st));
        if (!w->live && !w->events_out && !w->c->quiet)
            fprintf(stderr, "status: %s\n", w->status);
    }
}

static void on_event(watch *w, const oft_event *ev)
{
    const cli *c = w->c;
    FILE *out = w->events_out ? stdout : stderr;
    char tbuf[32];
    const char *colour = "";
    double v;

    if (ev->type == OFT_EVENT_TYPE_METRICS && ev->data_json != NULL) {
        if (json_number(ev->data_json, "step", &v))
            w->step = v, w->has_step = 1;
        if (json_number(ev->data_json, "total_steps", &v))
            w->total_steps = v, w->has_total = 1;
        if (json_number(ev->data_json, "train_loss", &v))
            w->loss = v, w->has_loss = 1;
        if (json_number(ev->data_json, "train_mean_token_accuracy", &v))
            w->accuracy = v, w->has_accuracy = 1;
    }
    if (w->events_out && c->json) {
        cli_print_json(ev->raw_json);
        fflush(stdout);
        return;
    }
    if (!w->events_out && c->quiet)
        return;
    /* on a terminal, metrics only move the status line; elsewhere they are lines */
    if (w->live && ev->type == OFT_EVENT_TYPE_METRICS)
        return;
    if (ev->level == OFT_EVENT_LEVEL_ERROR)
        colour = cli_c_red(c);
    else if (ev->level == OFT_EVENT_LEVEL_WARN)
        colour = cli_c_yellow(c);
    clear_line(w);
    {
        time_t t = (time_t)ev->created_at;
        struct tm tm;
        if (ev->created_at > 0 && localtime_r(&t, &tm) != NULL)
            strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
        else
            snprintf(tbuf, sizeof(tbuf), "--:--:--");
    }
    if (ev->message[0] != '\0')
        fprintf(out, "%s%s%s  %s%s%s\n", cli_c_dim(c), tbuf, cli_c_reset(c), colour,
                cli_text(ev->message), cli_c_reset(c));
    else if (ev->type == OFT_EVENT_TYPE_METRICS && w->has_step)
        fprintf(out, "%s  step %.0f%s%.0f  loss %.4f\n", tbuf, w->step,
                w->has_total ? "/" : "", w->has_total ? w->total_steps : 0.0,
                w->has_loss ? w->loss : 0.0);
    fflush(out);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int progress(const oft_job *job, const oft_event *event, void *payload)
{
    watch *w = payload;
    long long t = now_ms();
    if (event == NULL)
        on_job(w, job);
    else
        on_event(w, event);
    /* a burst of metrics redraws at most ten times a second */
    if (event == NULL || event->type != OFT_EVENT_TYPE_METRICS ||
        t - w->last_draw_ms >= 100) {
        draw_line(w);
        w->last_draw_ms = t;
    }
    return 0;
}

static void print_job_error(cli *c, const oft_job *job)
{
    const char *st =
        job->status_raw != NULL ? job->status_raw : oft_job_status_str(job->status);
    const oft_job_error *e = job->error;
    if (e != NULL && e->message != NULL && e->message[0] != '\0') {
        cli_err(c, "job %s %s: %s", cli_or_dash(job->id), cli_text(st),
                cli_text(e->message));
        if (e->code != NULL || e->param != NULL)
            fprintf(stderr, "  code: %s  param: %s\n", cli_or_dash(e->code),
                    cli_or_dash(e->param));
    } else {
        cli_err(c, "job %s %s", cli_or_dash(job->id), cli_text(st));
    }
}

static int interrupted(cli *c, const char *job_id, const char *shown,
                       const cli_watch_options *wo, oft_job *last)
{
    oft_job *cancelled = NULL;
    int rc;
    if (!wo->cancel_on_interrupt) {
        fprintf(stderr,
                "\nInterrupted. The job %s keeps running%s%s%s.\n"
                "Resume watching with: openai-ft jobs wait %s\n",
                shown, last != NULL ? " (status " : "",
                last != NULL ? cli_or_dash(last->status_raw) : "",
                last != NULL ? ")" : "", shown);
        if (c->json && last != NULL)
            cli_print_json(last->raw_json);
        return CLI_EINTR;
    }
    fprintf(stderr, "\nInterrupted: cancelling the job %s (--cancel-on-interrupt)\n",
            shown);
    rc = oft_job_cancel(&cancelled, c->client, job_id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "cancel the job");
    if (c->json)
        cli_print_json(cancelled->raw_json);
    else
        fprintf(stderr, "job %s: %s\n", shown, cli_or_dash(cancelled->status_raw));
    oft_job_free(cancelled);
    return CLI_EJOB;
}

int cli_watch_job(cli *c, const char *job_id, const cli_watch_options *wo)
{
    oft_wait_options opts = OFT_WAIT_OPTIONS_INIT;
    oft_job *job = NULL;
    watch w;
    int rc, code;
    char a[32];
    char shown[256]; /* job_id for messages: a server's ID in train */

    snprintf(shown, sizeof(shown), "%s", cli_text(job_id));
    if (cli_client(c) == NULL)
        return c->client_exit;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.wo = wo;
    w.events_out = wo->events_only;
    w.live = c->tty_err && !c->quiet && !wo->events_only;
    w.started = time(NULL);
    opts.timeout_ms = wo->timeout_ms;
    if (wo->poll_interval_ms > 0)
        opts.poll_interval_ms = wo->poll_interval_ms;
    opts.on_progress = progress;
    opts.payload = &w;

    cli_sigint_arm(c);
    if (!wo->events_only)
        cli_info(c, "waiting for job %s (Ctrl-C stops watching; the job keeps running)",
                 shown);
    /* A Ctrl-C that lands before the wait starts stops it at once: the library
     * keeps an interrupt made between calls for the next one. */
    rc = oft_job_wait(&job, c->client, job_id, &opts);
    cli_sigint_disarm();
    clear_line(&w);

    if (rc == OFT_EINTERRUPTED || cli_sigint_caught()) {
        code = interrupted(c, job_id, shown, wo, job);
    } else if (rc == OFT_OK || rc == OFT_EJOBFAILED) {
        if (c->json && !wo->events_only)
            cli_print_json(job->raw_json);
        if (rc == OFT_EJOBFAILED) {
            print_job_error(c, job);
            code = CLI_EJOB;
        } else {
            if (!c->quiet && !wo->events_only)
                fprintf(
                    stderr, "%sjob %s succeeded%s in %s, %lld trained tokens\n",
                    cli_c_green(c), cli_or_dash(job->id), cli_c_reset(c),
                    cli_fmt_duration(a, sizeof(a),
                                     job->finished_at > 0 && job->created_at > 0
                                         ? (long long)(job->finished_at - job->created_at)
                                         : (long long)(time(NULL) - w.started)),
                    (long long)(job->trained_tokens > 0 ? job->trained_tokens : 0));
            if (!c->json && !wo->events_only)
                printf("fine_tuned_model: %s\n", cli_or_dash(job->fine_tuned_model));
            code = CLI_OK;
        }
    } else if (rc == OFT_ETIMEOUT && job != NULL) {
        cli_err(c, "timed out after %s waiting for job %s (status %s); it keeps running",
                cli_fmt_duration(a, sizeof(a), wo->timeout_ms / 1000), shown,
                cli_or_dash(job->status_raw));
        fprintf(stderr, "Resume watching with: openai-ft jobs wait %s\n", shown);
        if (c->json)
            cli_print_json(job->raw_json);
        code = CLI_ETIMEOUT;
    } else if (rc == OFT_ETIMEOUT && wo->timeout_ms > 0) {
        cli_err(c, "timed out waiting for job %s", shown);
        code = CLI_ETIMEOUT;
    } else {
        code = cli_api_fail(c, rc, "wait for the job");
    }
    oft_job_free(job);
    return code;
}
