/*
 * openai-ft sweep: following a sweep. Each round reads the status of every
 * job of the sweep with one listing (filtered by the sweep's metadata), the
 * metrics of the jobs that run, creates the jobs that may start under
 * --max-parallel, saves the file when anything changed and redraws the
 * table. A point whose job cannot be created is marked failed; the others
 * go on, and a re-run tries it again.
 *
 * No point gets two jobs across runs (a crash between a job's creation and
 * the file's save, a Ctrl-C, a lost answer), in two ways: the listing by the
 * sweep's metadata adopts a job the file forgot, and each creation sends an
 * Idempotency-Key naming the sweep and the point ("oft-sweep-ID-POINT"), so
 * that the API answers the job it already made instead of making another,
 * also where the listing lags behind the creation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/sweep_run.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/hint.h"
#include "app/signals.h"
#include "app/sweep_file.h"
#include "app/sweep_view.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/series.h"

static sweep_point *point_named(sweep *s, const char *name)
{
    for (size_t i = 0; name != NULL && i < s->n_points; i++)
        if (strcmp(s->points[i].name, name) == 0)
            return &s->points[i];
    return NULL;
}

static const char *meta(const oft_job *job, const char *key)
{
    for (size_t i = 0; i < job->metadata_count; i++)
        if (strcmp(job->metadata[i].key, key) == 0)
            return job->metadata[i].value;
    return NULL;
}

/* OPENAI_FT_TEST_SWEEP_NO_ADOPT=1, for the tests alone: the listing adopts
 * no job the file forgot, so that what the idempotency key does is seen. */
static int no_adopt(void)
{
    const char *v = getenv("OPENAI_FT_TEST_SWEEP_NO_ADOPT");
    return v != NULL && strcmp(v, "1") == 0;
}

/* One job of the listing into its point; 1 when the point changed. */
static int take_job(sweep *s, const oft_job *job)
{
    sweep_point *p = point_named(s, meta(job, SW_META_POINT));
    const char *st = oft_job_status_str(job->status);
    int changed;
    if (p == NULL || job->id == NULL || (p->job[0] == '\0' && no_adopt()))
        return 0;
    if (p->job[0] != '\0' && strcmp(p->job, job->id) != 0)
        return 0; /* not the job recorded (one made by hand with the same metadata) */
    changed = strcmp(p->job, job->id) != 0 || strcmp(p->status, st) != 0;
    snprintf(p->job, sizeof(p->job), "%s", job->id);
    snprintf(p->status, sizeof(p->status), "%s", st);
    if (job->status == OFT_JOB_STATUS_FAILED && job->error != NULL && job->error->message)
        snprintf(p->error, sizeof(p->error), "%s", job->error->message);
    return changed;
}

/* Every job of the sweep through the listing: one request a page. */
static int refresh(sweep_run *r, int *changed)
{
    oft_kv kv = {SW_META_SWEEP, r->s->id};
    oft_job_list_options lo = OFT_JOB_LIST_OPTIONS_INIT;
    oft_job_iter *it = NULL;
    const oft_job *job;
    int rc;
    lo.limit = 100;
    lo.metadata = &kv;
    lo.metadata_count = 1;
    rc = oft_job_iter_new(&it, r->c->client, &lo);
    while (rc == OFT_OK && (rc = oft_job_iter_next(&job, it)) == OFT_OK)
        *changed |= take_job(r->s, job);
    oft_job_iter_free(it);
    return rc == OFT_ITEROVER ? OFT_OK : rc;
}

static void put_hp(oft_job_create_options *o, const sweep_point *p)
{
    o->method_type = OFT_METHOD_SUPERVISED;
    if (!isnan(p->hp[SW_EPOCHS]))
        o->n_epochs = (oft_hp_num){OFT_HP_VALUE, p->hp[SW_EPOCHS]};
    if (!isnan(p->hp[SW_LR]))
        o->learning_rate_multiplier = (oft_hp_num){OFT_HP_VALUE, p->hp[SW_LR]};
    if (!isnan(p->hp[SW_BATCH]))
        o->batch_size = (oft_hp_num){OFT_HP_VALUE, p->hp[SW_BATCH]};
}

/* oft_job_create with the point's Idempotency-Key: a re-run of the sweep
 * gets the job made before (the same body), not a second one. The call
 * options stay set, for the client's error to be read: clear_key(). */
static int create_once(sweep_run *r, const sweep_point *p,
                       const oft_job_create_options *o, oft_job **job)
{
    char key[sizeof(r->s->id) + sizeof(p->name) + 16];
    oft_kv h = {"Idempotency-Key", key};
    oft_call_options co = OFT_CALL_OPTIONS_INIT;
    int rc;
    snprintf(key, sizeof(key), "oft-sweep-%s-%s", r->s->id, p->name);
    co.headers = &h;
    co.headers_count = 1;
    if ((rc = oft_client_set_call_options(r->c->client, &co)) != OFT_OK)
        return rc;
    return oft_job_create(job, r->c->client, o);
}

/* The call options of create_once() gone (which clears the client's error). */
static void clear_key(sweep_run *r)
{
    oft_client_set_call_options(r->c->client, NULL);
}

/* Creates the job of point p. OFT_OK also when the API refused it (the
 * point is marked failed); an interruption or a lost connection stops. */
static int create(sweep_run *r, sweep_point *p)
{
    sweep *s = r->s;
    oft_job_create_options o = OFT_JOB_CREATE_OPTIONS_INIT;
    oft_kv md[2] = {{SW_META_SWEEP, s->id}, {SW_META_POINT, p->name}};
    char suffix[sizeof(s->suffix) + sizeof(p->name) + 1];
    oft_job *job = NULL;
    int rc;
    snprintf(suffix, sizeof(suffix), "%s-%s", s->suffix, p->name);
    o.model = s->model;
    o.training_file = s->training_file;
    o.validation_file = s->validation_file[0] ? s->validation_file : NULL;
    suffix[64] = '\0'; /* the API's limit */
    o.suffix = suffix;
    o.metadata = md;
    o.metadata_count = 2;
    put_hp(&o, p);
    rc = create_once(r, p, &o, &job);
    if (rc == OFT_OK) {
        snprintf(p->job, sizeof(p->job), "%s", job->id);
        snprintf(p->status, sizeof(p->status), "%s", oft_job_status_str(job->status));
        oft_job_free(job);
        clear_key(r);
        return OFT_OK;
    }
    if (rc == OFT_EINTERRUPTED || oft_error_http_status(oft_error_last()) == 0)
        return rc; /* round_once() reports it, then clears the key */
    snprintf(p->error, sizeof(p->error), "%s", oft_error_message(oft_error_last()));
    snprintf(p->status, sizeof(p->status), "failed");
    clear_key(r);
    return OFT_OK;
}

/* Creates jobs while fewer than max_parallel are queued or running. */
static int start_jobs(sweep_run *r, int *changed)
{
    sweep *s = r->s;
    size_t active = 0, i;
    for (i = 0; i < s->n_points; i++)
        active += s->points[i].job[0] != '\0' && !sweep_point_done(&s->points[i]);
    for (i = 0; i < s->n_points; i++) {
        sweep_point *p = &s->points[i];
        int rc;
        if (p->job[0] != '\0' || p->error[0] != '\0')
            continue;
        if (s->max_parallel > 0 && active >= (size_t)s->max_parallel)
            break;
        if ((rc = create(r, p)) != OFT_OK)
            return rc;
        *changed = 1;
        if (p->job[0] != '\0') {
            active++;
            cli_info(r->c, "%s: created %s", p->name, p->job);
        } else {
            cli_warn(r->c, "%s: %s", p->name, cli_text(p->error));
        }
        if (cli_signal_caught())
            return OFT_EINTERRUPTED;
    }
    return OFT_OK;
}

/* The metrics of the jobs that run (and once more after they end). */
static void read_metrics(sweep_run *r)
{
    for (size_t i = 0; i < r->s->n_points && !cli_signal_caught(); i++) {
        sweep_point *p = &r->s->points[i];
        sweep_live *l = &r->live[i];
        cli_job_metrics *m;
        if (p->job[0] == '\0' || l->final ||
            (strcmp(p->status, "running") != 0 && strcmp(p->status, "succeeded") != 0))
            continue;
        if ((m = malloc(sizeof(*m))) == NULL)
            return;
        if (cli_job_metrics_read(m, r->c->client, p->job, 24) == OFT_OK) {
            l->step = m->last_step;
            l->train_loss = m->s[SER_TRAIN_LOSS].last_y;
            l->valid_loss = m->s[SER_VALID_LOSS].last_y;
            l->spark = m->s[SER_TRAIN_LOSS];
            l->final = sweep_point_done(p);
        }
        free(m);
    }
}

static void pause_ms(int64_t ms)
{
    for (int64_t left = ms; left > 0 && !cli_signal_caught(); left -= 100) {
        struct timespec ts = {0, (long)(left < 100 ? left : 100) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static int all_done(const sweep *s)
{
    for (size_t i = 0; i < s->n_points; i++)
        if (!sweep_point_done(&s->points[i]))
            return 0;
    return 1;
}

static int save(sweep_run *r)
{
    if (r->status_only || sweep_save(r->s, r->path) == 0)
        return 0;
    cli_err(r->c, "cannot write %s: %s", r->path, strerror(errno));
    return -1;
}

/* One round: statuses, new jobs, metrics, the file, the table. */
static int round_once(sweep_run *r)
{
    int changed = 0, rc = refresh(r, &changed);
    sweep_view_changes(r); /* an ended job before the one created in its place */
    if (rc == OFT_OK && !r->status_only)
        rc = start_jobs(r, &changed);
    if (rc == OFT_OK)
        read_metrics(r);
    if (changed && save(r) != 0)
        return CLI_EAPI;
    if (rc != OFT_OK) {
        int ex = cli_api_fail(r->c, rc, "follow the sweep");
        clear_key(r);
        return ex;
    }
    return CLI_OK;
}

/* The outcome: 0 when every point succeeded, 3 when one failed. */
static int outcome(sweep_run *r)
{
    size_t failed = 0, i;
    for (i = 0; i < r->s->n_points; i++)
        failed += r->s->points[i].error[0] != '\0' ||
                  strcmp(r->s->points[i].status, "failed") == 0 ||
                  strcmp(r->s->points[i].status, "cancelled") == 0;
    if (failed)
        cli_warn(r->c, "%zu of %zu points failed", failed, r->s->n_points);
    return failed ? CLI_EJOB : CLI_OK;
}

static void forget_create_errors(sweep *s)
{
    for (size_t i = 0; i < s->n_points; i++)
        if (s->points[i].job[0] == '\0' && s->points[i].error[0] != '\0') {
            s->points[i].error[0] = '\0';
            s->points[i].status[0] = '\0';
        }
}

int sweep_run_loop(sweep_run *r)
{
    int rc;
    if (cli_client(r->c) == NULL)
        return r->c->client_exit;
    if ((r->live = calloc(r->s->n_points, sizeof(*r->live))) == NULL)
        return CLI_EAPI;
    for (size_t i = 0; i < r->s->n_points; i++) {
        r->live[i].step = -1;
        r->live[i].train_loss = r->live[i].valid_loss = NAN;
        cli_series_init(&r->live[i].spark, 24);
    }
    if (!r->status_only)
        forget_create_errors(r->s);
    cli_signals_arm(r->c);
    for (;;) {
        rc = round_once(r);
        if (rc != CLI_OK || cli_signal_caught())
            break;
        if (r->no_wait || all_done(r->s)) {
            sweep_view_draw(r, 1);
            break;
        }
        sweep_view_draw(r, 0);
        pause_ms(r->poll_ms > 0 ? r->poll_ms : 5000);
    }
    cli_signals_disarm();
    if (cli_signal_caught()) {
        save(r);
        sweep_view_draw(r, 1);
        cli_hint(r->c,
                 "Interrupted; the jobs keep running. Pick the sweep up with: ", "sweep",
                 "--sweep-file", r->path, (const char *)NULL);
        rc = cli_interrupt_exit();
    } else if (rc == CLI_OK && !r->no_wait) {
        rc = outcome(r);
    }
    free(r->live);
    return rc;
}
