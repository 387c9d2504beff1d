/*
 * openai-ft jobs list | events | checkpoints: the lists of the jobs group.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/jobs_list.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/job_args.h"
#include "app/list.h"
#include "app/watch.h"
#include "args/args.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/table.h"
#include "ui/view.h"

#define STATUSES "validating_files queued running succeeded failed cancelled paused"

#define JOB(p) ((const oft_job *)(p))

cli_value cli_job_get_id(const void *p, char *buf, size_t cap)
{
    return cli_v_text(JOB(p)->id);
}

cli_value cli_job_get_status(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(cli_job_status(JOB(p)));
}

cli_value cli_job_get_model(const void *p, char *buf, size_t cap)
{
    return cli_v_text(JOB(p)->model);
}

cli_value cli_job_get_created(const void *p, char *buf, size_t cap)
{
    return cli_v_time(JOB(p)->created_at);
}

cli_value cli_job_get_ft_model(const void *p, char *buf, size_t cap)
{
    return cli_v_text(JOB(p)->fine_tuned_model);
}

cli_value cli_job_get_finished(const void *p, char *buf, size_t cap)
{
    return cli_v_time(JOB(p)->finished_at);
}

static cli_value job_method(const void *p, char *buf, size_t cap)
{
    return cli_v_text(JOB(p)->method != NULL ? JOB(p)->method->type_raw : NULL);
}

cli_value cli_job_get_tokens(const void *p, char *buf, size_t cap)
{
    if (JOB(p)->trained_tokens < 0)
        return cli_v_text(NULL);
    return cli_v_int((long long)JOB(p)->trained_tokens);
}

cli_value cli_job_get_training_file(const void *p, char *buf, size_t cap)
{
    return cli_v_text(JOB(p)->training_file);
}

static cli_value job_suffix(const void *p, char *buf, size_t cap)
{
    return cli_v_text(JOB(p)->user_provided_suffix);
}

/* The jobs table: the ID and status always; the fine-tuned model (cut in the
 * middle: its end tells models apart), the age and the base model as the
 * width allows; the rest with --wide. */
const cli_field cli_job_fields[] = {
    {"id", "id", "ID", NULL, 0, 0, 0, CLI_FMT_PLAIN, cli_job_get_id},
    {"status", "status", "STATUS", NULL, 0, 0, 0, CLI_FMT_PLAIN, cli_job_get_status},
    {"model", "model", "MODEL", NULL, 3, 12, 0, CLI_FMT_PLAIN, cli_job_get_model},
    {"created", "created_at", "CREATED", NULL, 2, 0, 0, CLI_FMT_AGE, cli_job_get_created},
    {"fine_tuned_model", "fine_tuned_model", "FINE_TUNED_MODEL", NULL, 1, 20,
     CLI_COL_CUT_MIDDLE, CLI_FMT_PLAIN, cli_job_get_ft_model},
    {"finished", "finished_at", "FINISHED", NULL, 4, 0, CLI_COL_WIDE, CLI_FMT_AGE,
     cli_job_get_finished},
    {"method", "method.type", "METHOD", NULL, 5, 0, CLI_COL_WIDE, CLI_FMT_PLAIN,
     job_method},
    {"trained_tokens", "trained_tokens", "TRAINED_TOKENS", NULL, 5, 0, CLI_COL_WIDE,
     CLI_FMT_PLAIN, cli_job_get_tokens},
    {"training_file", "training_file", "TRAINING_FILE", NULL, 6, 0, CLI_COL_WIDE,
     CLI_FMT_PLAIN, cli_job_get_training_file},
    {"suffix", "user_provided_suffix", "SUFFIX", NULL, 6, 8, CLI_COL_WIDE, CLI_FMT_PLAIN,
     job_suffix},
    {0},
};

/* A walk over every job, keeping those of one status, up to max of them. */
typedef struct job_walk {
    oft_job_iter *it;
    const char *status; /* NULL: every job */
    long max;           /* 0: no limit */
    long shown;
} job_walk;

static int next_job(void *p, const char **raw_json, const void **item)
{
    job_walk *w = p;
    const oft_job *job;
    int rc;
    if (w->max > 0 && w->shown >= w->max)
        return OFT_ITEROVER;
    while ((rc = oft_job_iter_next(&job, w->it)) == OFT_OK) {
        if (w->status != NULL && strcmp(cli_job_status(job), w->status) != 0)
            continue;
        w->shown++;
        *raw_json = job->raw_json;
        *item = job;
        return OFT_OK;
    }
    return rc;
}

static int list_page(cli *c, const oft_job_list_options *lo, cli_view *v)
{
    oft_job_page *page = NULL;
    size_t i;
    int rc = oft_job_list(&page, c->client, lo);
    if (rc != OFT_OK) {
        cli_view_end(v);
        return cli_api_fail(c, rc, "list jobs");
    }
    cli_view_doc(c, page->raw_json);
    for (i = 0; v != NULL && i < page->count; i++)
        cli_view_row(v, page->items[i]);
    cli_view_end(v);
    if (!c->json && page->has_more && !c->quiet && page->last_id != NULL)
        fprintf(stderr, "(more jobs: --after %s, --limit N or --all)\n",
                cli_text(page->last_id));
    oft_job_page_free(page);
    return CLI_OK;
}

static int run_list(cli *c, const cli_args *a)
{
    oft_job_list_options lo = OFT_JOB_LIST_OPTIONS_INIT;
    oft_kv meta[CLI_MAX_METADATA];
    job_walk w = {NULL, NULL, 0, 0};
    cli_view *v = NULL;
    long limit = 0;
    int all = 0, rc;
    size_t i, n_meta = 0;
    for (i = 0; i < a->n_opts; i++) {
        const cli_arg *o = &a->opts[i];
        if (o->opt->id == OPT_LIMIT &&
            cli_parse_long(&limit, "--limit", o->value, 1, 10000) != 0)
            return CLI_EUSAGE;
        if (o->opt->id == OPT_METADATA &&
            cli_parse_kv(meta, &n_meta, CLI_MAX_METADATA, "--metadata", o->value) != 0)
            return CLI_EUSAGE;
        if (o->opt->id == OPT_STATUS && cli_choice(o->opt, o->value) < 0)
            return CLI_EUSAGE;
        w.status = o->opt->id == OPT_STATUS ? o->value : w.status;
        lo.after = o->opt->id == OPT_AFTER ? o->value : lo.after;
        all |= o->opt->id == OPT_ALL;
    }
    lo.metadata = n_meta > 0 ? meta : NULL;
    lo.metadata_count = n_meta;
    if ((rc = cli_view_new(&v, c, cli_job_fields, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_view_free(v);
        return c->client_exit;
    }
    if (!all && w.status == NULL) {
        lo.limit = (int)limit;
        return list_page(c, &lo, v);
    }
    /* the API has no status filter: walk the pages and keep the matches */
    w.max = all ? 0 : (limit > 0 ? limit : 20);
    lo.limit = w.status != NULL ? 100 : (int)limit;
    rc = oft_job_iter_new(&w.it, c->client, &lo);
    if (rc != OFT_OK) {
        cli_view_free(v);
        return cli_api_fail(c, rc, "list jobs");
    }
    rc = cli_print_iter(c, v, next_job, &w, "list jobs", NULL);
    oft_job_iter_free(w.it);
    return rc;
}

#define EVENT(p) ((const oft_event *)(p))

static cli_value event_time(const void *p, char *buf, size_t cap)
{
    return cli_v_time(EVENT(p)->created_at);
}

static cli_value event_level(const void *p, char *buf, size_t cap)
{
    return cli_v_text(EVENT(p)->level_raw);
}

static cli_value event_type(const void *p, char *buf, size_t cap)
{
    return cli_v_text(EVENT(p)->type_raw);
}

static cli_value event_id(const void *p, char *buf, size_t cap)
{
    return cli_v_text(EVENT(p)->id);
}

static cli_value event_message(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(EVENT(p)->message);
}

/* The events log: the message is never cut but folded at word boundaries;
 * the time (of day only, when narrow) and level as the width allows. */
const cli_field cli_event_fields[] = {
    {"time", "created_at", "TIME", NULL, 1, 0, 0, CLI_FMT_CLOCK, event_time},
    {"level", "level", "LEVEL", NULL, 2, 0, 0, CLI_FMT_PLAIN, event_level},
    {"type", "type", "TYPE", NULL, 3, 0, CLI_COL_WIDE, CLI_FMT_PLAIN, event_type},
    {"id", "id", "ID", NULL, 3, 0, CLI_COL_WIDE, CLI_FMT_PLAIN, event_id},
    {"message", "message", "MESSAGE", NULL, 0, 24, CLI_COL_WRAP, CLI_FMT_PLAIN,
     event_message},
    {0},
};

static int run_events(cli *c, const cli_args *a)
{
    oft_event_list_options lo = OFT_EVENT_LIST_OPTIONS_INIT;
    oft_event_page *page = NULL;
    cli_view *v = NULL;
    long limit = 0;
    size_t i;
    int rc;
    for (i = 0; i < a->n_opts; i++) {
        if (a->opts[i].opt->id == OPT_LIMIT &&
            cli_parse_long(&limit, "--limit", a->opts[i].value, 1, 10000) != 0)
            return CLI_EUSAGE;
        if (a->opts[i].opt->id == OPT_FOLLOW) {
            cli_watch_options wo;
            memset(&wo, 0, sizeof(wo));
            wo.events_only = 1;
            return cli_watch_job(c, a->operands[0], &wo);
        }
    }
    if ((rc = cli_view_new(&v, c, cli_event_fields, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_view_free(v);
        return c->client_exit;
    }
    lo.limit = (int)limit;
    rc = oft_event_list(&page, c->client, a->operands[0], &lo);
    if (rc != OFT_OK) {
        cli_view_free(v);
        return cli_api_fail(c, rc, "list the job's events");
    }
    cli_view_doc(c, page->raw_json);
    /* pages come newest first; a log reads oldest first */
    for (i = page->count; v != NULL && i > 0; i--)
        cli_view_row(v, page->items[i - 1]);
    cli_view_end(v);
    if (!c->json && page->has_more && !c->quiet)
        fprintf(stderr, "(older events: --limit N)\n");
    oft_event_page_free(page);
    return CLI_OK;
}

static const cli_opt list_opts[] = {
    {.id = OPT_LIMIT,
     .name = "limit",
     .value = "N",
     .help = "at most N jobs (default 20: the API's page)"},
    {.id = OPT_ALL, .name = "all", .help = "every job, page after page"},
    {.id = OPT_STATUS,
     .name = "status",
     .value = "S",
     .choices = STATUSES,
     .help = "only jobs in this status (filtered here: the API has no such filter)"},
    {.id = OPT_METADATA,
     .name = "metadata",
     .value = "K=V",
     .help = "only jobs with this metadata pair; repeatable"},
    {.id = OPT_AFTER,
     .name = "after",
     .kind = CLI_VAL_JOB,
     .value = "ID",
     .help = "start after this job (the cursor of the previous page)"},
    {0},
};

static const cli_opt events_opts[] = {
    {.id = OPT_LIMIT, .name = "limit", .value = "N", .help = "the N latest events"},
    {.id = OPT_FOLLOW,
     .name = "follow",
     .short_name = 'f',
     .help = "print new events as they come until the job ends"},
    {0},
};

const cli_cmd cli_jobs_list = {
    .name = "list",
    .summary = "list jobs, newest first",
    .opts = {list_opts, cli_table_opts},
    .description =
        "Lists one page of jobs, newest first; --all walks every page. With\n"
        "--status the pages are walked until --limit matches (default 20).\n"
        "On a terminal the table fits its width; --wide shows every column.\n"
        "Columns: id, status, model, created, fine_tuned_model, finished, method,\n"
        "trained_tokens, training_file, suffix.",
    .example = "openai-ft jobs list --status running --metadata team=nlp --limit 5",
    .run = run_list,
};

const cli_cmd cli_jobs_events = {
    .name = "events",
    .summary = "a job's events, oldest first",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_JOB,
    .opts = {events_opts, cli_table_opts},
    .description =
        "Prints a job's latest events, oldest first; --follow prints new ones\n"
        "as they come until the job ends (with --json, one object per line).",
    .example = "openai-ft jobs events ftjob-abc123 --follow",
    .run = run_events,
};
