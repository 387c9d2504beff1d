/*
 * openai-ft jobs: create, get, list, cancel, pause, resume, wait, events,
 * checkpoints.
 */
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: openai-ft jobs COMMAND ...\n"
    "\n"
    "  jobs create --model M --training-file ID [--validation-file ID] [JOB OPTIONS]\n"
    "  jobs get ID\n"
    "  jobs list [--limit N] [--all]\n"
    "  jobs cancel ID | jobs pause ID | jobs resume ID\n"
    "  jobs wait ID [--timeout SECONDS] [--poll-interval SECONDS]\n"
    "  jobs events ID [--limit N] [--follow]\n"
    "  jobs checkpoints ID\n"
    "\n"
    "JOB OPTIONS (as for train): --suffix S, --method supervised|dpo|reinforcement,\n"
    "  --n-epochs auto|N, --batch-size auto|N, --learning-rate-multiplier auto|X,\n"
    "  --beta auto|X (dpo), --grader JSON (reinforcement), --seed N,\n"
    "  --metadata K=V (repeatable), --wait (then --wait-timeout SECONDS,\n"
    "  --poll-interval SECONDS, --cancel-on-interrupt as for train).\n"
    "\n"
    "`jobs create` returns at once unless --wait is given. `jobs wait` and\n"
    "`jobs events --follow` end when the job does: exit 0 succeeded, 3 failed or\n"
    "cancelled, 4 --timeout passed, 130 Ctrl-C (the job keeps running).\n"
    "With --json, `events --follow` prints one event object per line.\n";

static const char help_id[] =
    "Usage: openai-ft jobs get|cancel|pause|resume|checkpoints ID\n";

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

static void print_job_row(const oft_job *job)
{
    char t[32];
    printf("%-30s %-17s %-26s %-20s %s\n", cli_or_dash(job->id),
           job->status_raw != NULL ? cli_text(job->status_raw)
                                   : oft_job_status_str(job->status),
           cli_or_dash(job->model), cli_fmt_time(t, sizeof(t), job->created_at),
           cli_or_dash(job->fine_tuned_model));
}

static void print_job_header(void)
{
    printf("%-30s %-17s %-26s %-20s %s\n", "ID", "STATUS", "MODEL", "CREATED",
           "FINE_TUNED_MODEL");
}

static int next_job(void *it, const char **raw_json, int print_row)
{
    const oft_job *job;
    int rc = oft_job_iter_next(&job, it);
    if (rc == OFT_OK) {
        *raw_json = job->raw_json;
        if (print_row)
            print_job_row(job);
    }
    return rc;
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

static int run_create(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_JOB_LONGOPTS,
        {"training-file", required_argument, NULL, 't'},
        {"validation-file", required_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    cli_job_args a;
    oft_job *job = NULL;
    int opt, rc;

    cli_job_args_init(&a);
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (opt == 't') {
            a.opts.training_file = optarg;
        } else if (opt == 'V') {
            a.opts.validation_file = optarg;
        } else if (opt == CLI_OPT_HELP) {
            fputs(help, stdout);
            return CLI_OK;
        } else if (opt == ':' || opt == '?') {
            return cli_bad_option("jobs create", argv, optopt, opt == ':');
        } else if ((rc = cli_job_option(&a, opt, optarg)) != 1) {
            return rc == 0 ? cli_usage("jobs create", "unknown option") : rc;
        }
    }
    if (optind < argc)
        return cli_usage("jobs create", "unexpected argument '%s'", argv[optind]);
    if (a.opts.training_file == NULL)
        return cli_usage("jobs create", "--training-file is required");
    if ((rc = cli_job_args_check(&a, "jobs create")) != 0)
        return rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_job_create(&job, c->client, &a.opts);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "create the job");
    if (a.wait == 1 || (a.wait == -1 && a.wait_timeout_ms > 0)) {
        cli_watch_options wo = {a.wait_timeout_ms, a.poll_interval_ms,
                                a.cancel_on_interrupt, 0};
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

static int run_get(cli *c, int argc, char **argv)
{
    const char *id;
    oft_job *job = NULL;
    int rc = cli_positionals("jobs get", help_id, argc, argv, &id, 1, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_job_retrieve(&job, c->client, id);
    return show_job(c, rc, job, "get the job");
}

typedef int (*job_action_fn)(oft_job **, oft_client *, const char *);

static int run_action(cli *c, int argc, char **argv, const char *cmd, job_action_fn fn,
                      const char *what)
{
    const char *id;
    oft_job *job = NULL;
    int rc = cli_positionals(cmd, help_id, argc, argv, &id, 1, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = fn(&job, c->client, id);
    return show_job(c, rc, job, what);
}

static int run_cancel(cli *c, int argc, char **argv)
{
    return run_action(c, argc, argv, "jobs cancel", oft_job_cancel, "cancel the job");
}

static int run_pause(cli *c, int argc, char **argv)
{
    return run_action(c, argc, argv, "jobs pause", oft_job_pause, "pause the job");
}

static int run_resume(cli *c, int argc, char **argv)
{
    return run_action(c, argc, argv, "jobs resume", oft_job_resume, "resume the job");
}

/* --limit N and --all, shared by the list commands of this group */
static int parse_list_opts(const char *cmd, int argc, char **argv, long *limit, int *all,
                           int *follow, const char **id)
{
    static const struct option longopts[] = {
        {"limit", required_argument, NULL, 'l'},
        {"all", no_argument, NULL, 'a'},
        {"follow", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'l':
                if (cli_parse_long(limit, "--limit", optarg, 1, 10000) != 0)
                    return CLI_EUSAGE;
                break;
            case 'a':
                if (all == NULL)
                    return cli_usage(cmd, "unknown option '--all'");
                *all = 1;
                break;
            case 'f':
                if (follow == NULL)
                    return cli_usage(cmd, "unknown option '--follow'");
                *follow = 1;
                break;
            case 'h':
                fputs(help, stdout);
                return -1;
            default:
                return cli_bad_option(cmd, argv, optopt, opt == ':');
        }
    }
    return cli_operands(cmd, argc, argv, id, id != NULL, "ID");
}

static int run_list(cli *c, int argc, char **argv)
{
    oft_job_list_options lo = OFT_JOB_LIST_OPTIONS_INIT;
    long limit = 0;
    int all = 0, rc;
    size_t i;

    rc = parse_list_opts("jobs list", argc, argv, &limit, &all, NULL, NULL);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    lo.limit = (int)limit;
    if (!all) {
        oft_job_page *page = NULL;
        rc = oft_job_list(&page, c->client, &lo);
        if (rc != OFT_OK)
            return cli_api_fail(c, rc, "list jobs");
        if (c->json) {
            cli_print_json(page->raw_json);
        } else {
            print_job_header();
            for (i = 0; i < page->count; i++)
                print_job_row(page->items[i]);
            if (page->has_more && !c->quiet)
                fprintf(stderr, "(more jobs: --limit N or --all)\n");
        }
        oft_job_page_free(page);
        return CLI_OK;
    } else {
        oft_job_iter *it = NULL;
        rc = oft_job_iter_new(&it, c->client, &lo);
        if (rc != OFT_OK)
            return cli_api_fail(c, rc, "list jobs");
        rc = cli_print_iter(c, print_job_header, next_job, it, "list jobs", NULL);
        oft_job_iter_free(it);
        return rc;
    }
}

static int run_wait(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"timeout", required_argument, NULL, 't'},
        {"poll-interval", required_argument, NULL, 'p'},
        {"cancel-on-interrupt", no_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_watch_options wo;
    const char *id;
    int opt;
    memset(&wo, 0, sizeof(wo));
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
            case 't':
                if (cli_parse_seconds(&wo.timeout_ms, "--timeout", optarg) != 0)
                    return CLI_EUSAGE;
                break;
            case 'p':
                if (cli_parse_seconds(&wo.poll_interval_ms, "--poll-interval", optarg) !=
                    0)
                    return CLI_EUSAGE;
                break;
            case 'C':
                wo.cancel_on_interrupt = 1;
                break;
            case 'h':
                fputs(help, stdout);
                return CLI_OK;
            default:
                return cli_bad_option("jobs wait", argv, optopt, opt == ':');
        }
    }
    if (cli_operands("jobs wait", argc, argv, &id, 1, "ID") != 0)
        return CLI_EUSAGE;
    return cli_watch_job(c, id, &wo);
}

static void print_event(const cli *c, const oft_event *ev)
{
    char t[32];
    (void)c;
    printf("%s  %-5s  %s\n", cli_fmt_time(t, sizeof(t), ev->created_at),
           cli_or_dash(ev->level_raw), cli_text(ev->message));
}

static int run_events(cli *c, int argc, char **argv)
{
    oft_event_list_options lo = OFT_EVENT_LIST_OPTIONS_INIT;
    oft_event_page *page = NULL;
    const char *id = NULL;
    long limit = 0;
    int follow = 0, rc;
    size_t i;

    rc = parse_list_opts("jobs events", argc, argv, &limit, NULL, &follow, &id);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (follow) {
        cli_watch_options wo;
        memset(&wo, 0, sizeof(wo));
        wo.events_only = 1;
        return cli_watch_job(c, id, &wo);
    }
    if (cli_client(c) == NULL)
        return c->client_exit;
    lo.limit = (int)limit;
    rc = oft_event_list(&page, c->client, id, &lo);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "list the job's events");
    if (c->json) {
        cli_print_json(page->raw_json);
    } else {
        /* pages come newest first; a log reads oldest first */
        for (i = page->count; i > 0; i--)
            print_event(c, page->items[i - 1]);
        if (page->has_more && !c->quiet)
            fprintf(stderr, "(older events: --limit N)\n");
    }
    oft_event_page_free(page);
    return CLI_OK;
}

static void print_metric(const char *name, int has, double v)
{
    if (has)
        printf("  %s %.4f", name, v);
}

static int next_checkpoint(void *it, const char **raw_json, int print_row)
{
    const oft_checkpoint *ck;
    int rc = oft_checkpoint_iter_next(&ck, it);
    if (rc != OFT_OK)
        return rc;
    *raw_json = ck->raw_json;
    if (print_row) {
        printf("%s  step %lld", cli_or_dash(ck->fine_tuned_model_checkpoint),
               (long long)ck->step_number);
        print_metric("train_loss", ck->metrics.has_train_loss, ck->metrics.train_loss);
        print_metric("train_accuracy", ck->metrics.has_train_mean_token_accuracy,
                     ck->metrics.train_mean_token_accuracy);
        print_metric("valid_loss", ck->metrics.has_valid_loss, ck->metrics.valid_loss);
        printf("  (%s)\n", cli_or_dash(ck->id));
    }
    return OFT_OK;
}

static int run_checkpoints(cli *c, int argc, char **argv)
{
    oft_checkpoint_iter *it = NULL;
    const char *id;
    size_t n = 0;
    int rc = cli_positionals("jobs checkpoints", help_id, argc, argv, &id, 1, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_checkpoint_iter_new(&it, c->client, id, NULL);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "list the job's checkpoints");
    rc = cli_print_iter(c, NULL, next_checkpoint, it, "list the job's checkpoints", &n);
    if (rc == CLI_OK && n == 0 && !c->json && !c->quiet)
        fprintf(stderr, "(no checkpoints)\n");
    oft_checkpoint_iter_free(it);
    return rc;
}

int cmd_jobs(cli *c, int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"create", run_create}, {"get", run_get},       {"list", run_list},
        {"cancel", run_cancel}, {"pause", run_pause},   {"resume", run_resume},
        {"wait", run_wait},     {"events", run_events}, {"checkpoints", run_checkpoints},
    };
    return cli_dispatch(c, "jobs", help, subs, sizeof(subs) / sizeof(subs[0]), argc,
                        argv);
}
