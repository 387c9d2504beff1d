/*
 * openai-ft jobs: create, get, cancel, pause, resume, wait (the lists are in
 * jobs_list.c).
 */
#include <string.h>

#include "cmd/jobs.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/job_args.h"
#include "app/watch.h"
#include "args/args.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "cmd/checkpoints.h"
#include "cmd/compare.h"
#include "cmd/jobs_list.h"
#include "cmd/jobs_watch.h"
#include "cmd/report.h"
#include "ui/output.h"
#include "ui/view.h"

#define JOB(p) ((const oft_job *)(p))

/* " name=value" of a hyperparameter the job has (auto or a number). */
static void hp(char *buf, size_t cap, const char *name, oft_hp_num v)
{
    size_t n = strlen(buf);
    if (v.mode == OFT_HP_AUTO)
        snprintf(buf + n, cap - n, "%s%s=auto", n ? " " : "", name);
    else if (v.mode == OFT_HP_VALUE)
        snprintf(buf + n, cap - n, "%s%s=%g", n ? " " : "", name, v.value);
}

/* Text made safe into buf (several values: appended). */
static cli_value lines(char *buf)
{
    cli_value v = {CLI_V_LINES, buf, 0, 0, NULL};
    return buf[0] != '\0' ? v : cli_v_text(NULL);
}

static cli_value job_validation_file(const void *p, char *buf, size_t cap)
{
    return cli_v_text(JOB(p)->validation_file);
}

/* The method's type, when the job has a method ("-" when it has no type). */
static cli_value job_method(const void *p, char *buf, size_t cap)
{
    const oft_job *job = p;
    if (job->method == NULL)
        return cli_v_text(NULL);
    return cli_v_raw(cli_or_dash(job->method->type_raw));
}

/* The hyperparameters as the job resolved them: the method's, else the
 * legacy ones. */
static cli_value job_hp(const void *p, char *h, size_t cap)
{
    const oft_job *job = p;
    h[0] = '\0';
    if (job->method != NULL) {
        const oft_method_hyperparameters *m = &job->method->hyperparameters;
        hp(h, cap, "n_epochs", m->n_epochs);
        hp(h, cap, "batch_size", m->batch_size);
        hp(h, cap, "learning_rate_multiplier", m->learning_rate_multiplier);
        hp(h, cap, "beta", m->beta);
        hp(h, cap, "compute_multiplier", m->compute_multiplier);
        hp(h, cap, "eval_interval", m->eval_interval);
        hp(h, cap, "eval_samples", m->eval_samples);
        if (m->reasoning_effort != NULL)
            snprintf(h + strlen(h), cap - strlen(h), " reasoning_effort=%s",
                     cli_text(m->reasoning_effort));
    }
    if (h[0] == '\0' && job->hyperparameters != NULL) {
        hp(h, cap, "n_epochs", job->hyperparameters->n_epochs);
        hp(h, cap, "batch_size", job->hyperparameters->batch_size);
        hp(h, cap, "learning_rate_multiplier",
           job->hyperparameters->learning_rate_multiplier);
    }
    return lines(h);
}

static cli_value job_seed(const void *p, char *buf, size_t cap)
{
    return JOB(p)->seed > 0 ? cli_v_int((long long)JOB(p)->seed) : cli_v_text(NULL);
}

static cli_value job_suffix(const void *p, char *buf, size_t cap)
{
    const char *s = JOB(p)->user_provided_suffix;
    return s != NULL ? cli_v_raw(s) : cli_v_text(NULL);
}

/* Appends a, b and c as one more line to the n bytes in buf (no newline
 * before the first); returns the new length (cap or more: buf is full). */
static size_t add_line(char *buf, size_t cap, size_t n, int first, const char *a,
                       const char *b, const char *c)
{
    return n + (size_t)snprintf(buf + n, cap - n, "%s%s%s%s", first ? "" : "\n", a, b, c);
}

/* KEY=VALUE, one a line. */
static cli_value job_metadata(const void *p, char *buf, size_t cap)
{
    const oft_job *job = p;
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < job->metadata_count && n < cap; i++)
        n = add_line(buf, cap, n, i == 0, cli_text(job->metadata[i].key), "=",
                     cli_text(job->metadata[i].value));
    return lines(buf);
}

static cli_value job_estimated(const void *p, char *buf, size_t cap)
{
    return cli_v_time(JOB(p)->estimated_finish);
}

/* The result files, one a line, the first named for what it is. */
static cli_value job_results(const void *p, char *buf, size_t cap)
{
    const oft_job *job = p;
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < job->result_files_count && n < cap; i++)
        n = add_line(buf, cap, n, i == 0, cli_text(job->result_files[i]),
                     i == 0 ? " (the results CSV)" : "", "");
    return lines(buf);
}

static cli_value job_error(const void *p, char *buf, size_t cap)
{
    const oft_job *job = p;
    buf[0] = '\0';
    if (job->error != NULL && job->error->message != NULL &&
        job->error->message[0] != '\0')
        snprintf(buf, cap, "%s (code %s, param %s)", cli_text(job->error->message),
                 cli_or_dash(job->error->code), cli_or_dash(job->error->param));
    return lines(buf);
}

/* A job as get, create, cancel, pause and resume show it: what it trains,
 * how, when, and what it produced. */
const cli_field cli_job_lines[] = {
    {"id", "id", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, cli_job_get_id},
    {"status", "status", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, cli_job_get_status},
    {"model", "model", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, cli_job_get_model},
    {"fine_tuned_model", "fine_tuned_model", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN,
     cli_job_get_ft_model},
    {"training_file", "training_file", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN,
     cli_job_get_training_file},
    {"validation_file", "validation_file", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN,
     job_validation_file},
    {"method", "method.type", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     job_method},
    {"hyperparameters", "method.*.hyperparameters", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL,
     CLI_FMT_PLAIN, job_hp},
    {"seed", "seed", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN, job_seed},
    {"suffix", "user_provided_suffix", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL,
     CLI_FMT_PLAIN, job_suffix},
    {"metadata", "metadata", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     job_metadata},
    {"created_at", "created_at", NULL, NULL, 0, 0, 0, CLI_FMT_TIME, cli_job_get_created},
    {"finished_at", "finished_at", NULL, NULL, 0, 0, 0, CLI_FMT_TIME,
     cli_job_get_finished},
    {"estimated_finish", "estimated_finish", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL,
     CLI_FMT_TIME, job_estimated},
    {"trained_tokens", "trained_tokens", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL,
     CLI_FMT_PLAIN, cli_job_get_tokens},
    {"result_files", "result_files", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     job_results},
    {"error", "error.message", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     job_error},
    {0},
};

/* jobs get: the number of checkpoints too (one more request; left out when
 * it fails). */
static void print_checkpoint_count(cli *c, const oft_job *job)
{
    oft_checkpoint_iter *it = NULL;
    const oft_checkpoint *ck;
    size_t n = 0;
    int rc = oft_checkpoint_iter_new(&it, c->client, job->id, NULL);
    while (rc == OFT_OK && (rc = oft_checkpoint_iter_next(&ck, it)) == OFT_OK)
        n++;
    oft_checkpoint_iter_free(it);
    if (rc == OFT_ITEROVER)
        printf("checkpoints:      %zu\n", n);
}

/* Prints a job result: its JSON or its fields. */
static int show_job(cli *c, int rc, oft_job *job, const char *what)
{
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, what);
    cli_view_show(c, cli_job_lines, job->raw_json, job);
    oft_job_free(job);
    return CLI_OK;
}

static int run_create(cli *c, const cli_args *a)
{
    cli_job_args ja;
    oft_job *job = NULL;
    size_t i;
    int rc;

    cli_job_args_init(&ja);
    for (i = 0; i < a->n_opts; i++) {
        const cli_arg *o = &a->opts[i];
        if (o->opt->id == OPT_TRAINING_FILE)
            ja.opts.training_file = o->value;
        else if (o->opt->id == OPT_VALIDATION_FILE)
            ja.opts.validation_file = o->value;
        else if ((rc = cli_job_option(&ja, o)) != 1)
            return rc == 0 ? CLI_EUSAGE : rc;
    }
    if ((rc = cli_job_args_check(&ja, "jobs create")) != 0)
        return rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_job_create(&job, c->client, &ja.opts);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "create the job");
    if (ja.wait == 1 || (ja.wait == -1 && ja.wait_timeout_ms > 0)) {
        cli_info(c, "created job %s", cli_or_dash(job->id));
        rc = cli_job_args_watch(c, &ja, job->id);
        oft_job_free(job);
        return rc;
    }
    if (c->quiet && !c->json)
        printf("%s\n", cli_or_dash(job->id));
    else
        cli_view_show(c, cli_job_lines, job->raw_json, job);
    oft_job_free(job);
    return CLI_OK;
}

typedef int (*job_action_fn)(oft_job **, oft_client *, const char *);

static int run_action(cli *c, const cli_args *a, job_action_fn fn, const char *what)
{
    oft_job *job = NULL;
    int rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = fn(&job, c->client, a->operands[0]);
    return show_job(c, rc, job, what);
}

static int run_get(cli *c, const cli_args *a)
{
    oft_job *job = NULL;
    int rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_job_retrieve(&job, c->client, a->operands[0]);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "get the job");
    cli_view_show(c, cli_job_lines, job->raw_json, job);
    if (!c->json)
        print_checkpoint_count(c, job);
    oft_job_free(job);
    return CLI_OK;
}

static int run_cancel(cli *c, const cli_args *a)
{
    return run_action(c, a, oft_job_cancel, "cancel the job");
}

static int run_pause(cli *c, const cli_args *a)
{
    return run_action(c, a, oft_job_pause, "pause the job");
}

static int run_resume(cli *c, const cli_args *a)
{
    return run_action(c, a, oft_job_resume, "resume the job");
}

static int run_wait(cli *c, const cli_args *a)
{
    cli_watch_options wo;
    size_t i;
    memset(&wo, 0, sizeof(wo));
    for (i = 0; i < a->n_opts; i++) {
        const cli_arg *o = &a->opts[i];
        if (o->opt->id == OPT_DEADLINE &&
            cli_parse_seconds(&wo.timeout_ms, "--timeout", o->value) != 0)
            return CLI_EUSAGE;
        if (o->opt->id == OPT_POLL_INTERVAL &&
            cli_parse_seconds(&wo.poll_interval_ms, "--poll-interval", o->value) != 0)
            return CLI_EUSAGE;
        if (o->opt->id == OPT_CANCEL_ON_INTERRUPT)
            wo.cancel_on_interrupt = 1;
        if (o->opt->id == OPT_ALL_EVENTS)
            wo.all_events = 1;
    }
    return cli_watch_job(c, a->operands[0], &wo);
}

static const cli_opt create_opts[] = {
    {.id = OPT_TRAINING_FILE,
     .name = "training-file",
     .kind = CLI_VAL_FILE_ID,
     .short_name = 't',
     .value = "ID",
     .flags = CLI_OPT_REQUIRED,
     .help = "the uploaded training file"},
    {.id = OPT_VALIDATION_FILE,
     .name = "validation-file",
     .kind = CLI_VAL_FILE_ID,
     .value = "ID",
     .help = "an uploaded validation file"},
    {0},
};

static const cli_opt wait_opts[] = {
    {.id = OPT_DEADLINE,
     .name = "timeout",
     .value = "SECONDS",
     .help = "stop waiting after this long (exit 4); the job keeps running"},
    {0},
};

static const cli_cmd jobs_create = {
    .name = "create",
    .summary = "create a job from uploaded files",
    .opts = {create_opts, cli_job_opts, cli_wait_opts, cli_watch_opts},
    .description =
        "Creates a fine-tuning job from uploaded files and prints it. It returns\n"
        "at once unless --wait is given: then it waits as `train` does.",
    .example = "openai-ft jobs create -m gpt-4o-mini-2024-07-18 -t file-abc123 --wait",
    .run = run_create,
};

#define JOB_ID_CMD(var, cmd_name, sum, desc, fn)                                         \
    static const cli_cmd var = {.name = cmd_name,                                        \
                                .summary = sum,                                          \
                                .operands = "ID",                                        \
                                .min_operands = 1,                                       \
                                .max_operands = 1,                                       \
                                .operand_kind = CLI_VAL_JOB,                             \
                                .description = desc,                                     \
                                .example = "openai-ft jobs " cmd_name " ftjob-abc123",   \
                                .run = fn}

JOB_ID_CMD(jobs_get, "get", "show a job",
           "Shows a job: status, models, files, method and hyperparameters (as the\n"
           "job resolved them), dates, trained tokens, result files (the results\n"
           "CSV), the number of checkpoints and any error.",
           run_get);
JOB_ID_CMD(jobs_cancel, "cancel", "cancel a job",
           "Cancels a job that has not finished and prints it.", run_cancel);
JOB_ID_CMD(jobs_pause, "pause", "pause a running job",
           "Pauses a running job (a checkpoint is kept) and prints it.", run_pause);
JOB_ID_CMD(jobs_resume, "resume", "resume a paused job",
           "Resumes a paused job and prints it.", run_resume);

static const cli_cmd jobs_wait = {
    .name = "wait",
    .summary = "wait for a job with the live view",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_JOB,
    .opts = {wait_opts, cli_watch_opts},
    .description =
        "Waits for a job with the live view (status, epoch and step, loss, elapsed\n"
        "time, estimated finish, new events). Exit 0 when it succeeded, 3 when it\n"
        "failed or was cancelled, 4 when --timeout passed first, 130 on Ctrl-C (the\n"
        "job keeps running). --timeout here is the wait's; the time limit of one\n"
        "request is the global --timeout given before the command.",
    .example = "openai-ft jobs wait ftjob-abc123 --timeout 3600",
    .run = run_wait,
};

static const cli_cmd *const jobs_subs[] = {
    &jobs_create,
    &jobs_get,
    &cli_jobs_list,
    &jobs_cancel,
    &jobs_pause,
    &jobs_resume,
    &jobs_wait,
    &cli_jobs_events,
    &cli_jobs_checkpoints,
    &cli_jobs_watch,
    &cli_jobs_compare,
    &cli_jobs_report,
    NULL,
};

const cli_cmd cli_cmd_jobs = {
    .name = "jobs",
    .summary = "create, list, watch and manage fine-tuning jobs",
    .description = "Fine-tuning jobs: create one from uploaded files, list them, watch\n"
                   "one, read its events and checkpoints, cancel, pause or resume it.",
    .example = "openai-ft jobs list --status running",
    .subs = jobs_subs,
};
