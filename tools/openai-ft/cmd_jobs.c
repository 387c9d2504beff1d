/*
 * openai-ft jobs: create, get, cancel, pause, resume, wait (the lists are in
 * cmd_jobs_list.c).
 */
#include <string.h>

#include "cli.h"

void cli_print_job(const cli *c, const oft_job *job)
{
    char t[32];
    (void)c;
    printf("id:               %s\n", cli_or_dash(job->id));
    printf("status:           %s\n", job->status_raw != NULL
                                         ? cli_text(job->status_raw)
                                         : oft_job_status_str(job->status));
    printf("model:            %s\n", cli_or_dash(job->model));
    printf("fine_tuned_model: %s\n", cli_or_dash(job->fine_tuned_model));
    printf("training_file:    %s\n", cli_or_dash(job->training_file));
    printf("validation_file:  %s\n", cli_or_dash(job->validation_file));
    if (job->method != NULL)
        printf("method:           %s\n", cli_or_dash(job->method->type_raw));
    printf("created_at:       %s\n", cli_fmt_time(t, sizeof(t), job->created_at));
    printf("finished_at:      %s\n", cli_fmt_time(t, sizeof(t), job->finished_at));
    if (job->estimated_finish > 0)
        printf("estimated_finish: %s\n",
               cli_fmt_time(t, sizeof(t), job->estimated_finish));
    if (job->trained_tokens >= 0)
        printf("trained_tokens:   %lld\n", (long long)job->trained_tokens);
    if (job->user_provided_suffix != NULL)
        printf("suffix:           %s\n", cli_text(job->user_provided_suffix));
    if (job->error != NULL && job->error->message != NULL &&
        job->error->message[0] != '\0')
        printf("error:            %s (code %s, param %s)\n",
               cli_text(job->error->message), cli_or_dash(job->error->code),
               cli_or_dash(job->error->param));
}

/* Prints a job result: its JSON or its fields. */
static int show_job(cli *c, int rc, oft_job *job, const char *what)
{
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, what);
    if (c->json)
        cli_print_json(job->raw_json);
    else
        cli_print_job(c, job);
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
        cli_watch_options wo = {ja.wait_timeout_ms, ja.poll_interval_ms,
                                ja.cancel_on_interrupt, 0, ja.all_events};
        cli_info(c, "created job %s", cli_or_dash(job->id));
        rc = cli_watch_job(c, job->id, &wo);
        oft_job_free(job);
        return rc;
    }
    if (c->json)
        cli_print_json(job->raw_json);
    else if (c->quiet)
        printf("%s\n", cli_or_dash(job->id));
    else
        cli_print_job(c, job);
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
    return run_action(c, a, oft_job_retrieve, "get the job");
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
     .short_name = 't',
     .value = "ID",
     .flags = CLI_OPT_REQUIRED,
     .help = "the uploaded training file"},
    {.id = OPT_VALIDATION_FILE,
     .name = "validation-file",
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
                                .description = desc,                                     \
                                .example = "openai-ft jobs " cmd_name " ftjob-abc123",   \
                                .run = fn}

JOB_ID_CMD(jobs_get, "get", "show a job", "Shows a job's status, model, files and dates.",
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
    &jobs_create, &jobs_get,  &cli_jobs_list,   &jobs_cancel,          &jobs_pause,
    &jobs_resume, &jobs_wait, &cli_jobs_events, &cli_jobs_checkpoints, NULL,
};

const cli_cmd cli_cmd_jobs = {
    .name = "jobs",
    .summary = "create, list, watch and manage fine-tuning jobs",
    .description = "Fine-tuning jobs: create one from uploaded files, list them, watch\n"
                   "one, read its events and checkpoints, cancel, pause or resume it.",
    .example = "openai-ft jobs list --status running",
    .subs = jobs_subs,
};
