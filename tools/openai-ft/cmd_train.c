/*
 * openai-ft train: the main job in one command. Validates the file locally,
 * uploads it, creates the job and watches it to the end.
 */
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: openai-ft train FILE --model M [OPTIONS]\n"
    "\n"
    "Validates FILE locally (stops with the line-numbered problems, exit 5),\n"
    "uploads it, creates a fine-tuning job and waits for it with a live view:\n"
    "status, epoch and step, training loss, elapsed time, estimated finish and new\n"
    "events. The last line on stdout is `fine_tuned_model: ft:...`.\n"
    "\n"
    "  --model M                       the base model (required)\n"
    "  --validation-file FILE          a local JSONL validation file\n"
    "  --suffix S                      1-64 characters in the model name\n"
    "  --method supervised|dpo|reinforcement\n"
    "  --n-epochs auto|N               1..50\n"
    "  --batch-size auto|N             1..256\n"
    "  --learning-rate-multiplier auto|X   > 0\n"
    "  --beta auto|X                   dpo only, 0 < X <= 2\n"
    "  --grader JSON                   reinforcement only: the grader object\n"
    "  --seed N                        0..2147483647\n"
    "  --metadata K=V                  repeatable, at most 16\n"
    "  --no-wait                       return once the job is created\n"
    "  --wait-timeout SECONDS          stop waiting after this long (exit 4)\n"
    "  --poll-interval SECONDS         how often to poll (default 5)\n"
    "  --cancel-on-interrupt           Ctrl-C cancels the job (exit 3)\n"
    "\n"
    "Ctrl-C while waiting leaves the job running, prints how to resume watching\n"
    "(openai-ft jobs wait ID) and exits 130. With --json, prints the final job.\n"
    "Exit codes: 0 succeeded, 1 API error, 2 usage, 3 job failed or cancelled,\n"
    "4 wait timed out, 5 validation problems, 130 interrupted.\n";

static int format_of_method(int method)
{
    switch (method) {
        case OFT_METHOD_DPO:
            return OFT_JSONL_DPO;
        case OFT_METHOD_REINFORCEMENT:
            return OFT_JSONL_REINFORCEMENT;
        default:
            return OFT_JSONL_AUTO;
    }
}

static int interrupted_before_job(cli *c)
{
    cli_sigint_disarm();
    cli_err(c, "interrupted; no job was created");
    return CLI_EINTR;
}

/* The exit code when an upload failed or Ctrl-C came during it; cli_upload
 * reported an interrupted upload already. */
static int upload_stopped(cli *c, int rc)
{
    if (rc != CLI_EINTR && cli_sigint_caught())
        return interrupted_before_job(c);
    cli_sigint_disarm();
    return rc;
}

int cmd_train(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_JOB_LONGOPTS,
        {"validation-file", required_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    cli_job_args a;
    const char *path, *vpath = NULL;
    oft_file *train_file = NULL, *valid_file = NULL;
    oft_job *job = NULL;
    int opt, rc, format;

    cli_job_args_init(&a);
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (opt == 'V') {
            vpath = optarg;
        } else if (opt == CLI_OPT_HELP) {
            fputs(help, stdout);
            return CLI_OK;
        } else if (opt == ':' || opt == '?') {
            return cli_bad_option("train", argv, optopt, opt == ':');
        } else if ((rc = cli_job_option(&a, opt, optarg)) != 1) {
            return rc == 0 ? cli_usage("train", "unknown option") : rc;
        }
    }
    if (optind >= argc)
        return cli_usage("train", "FILE is missing");
    if (optind + 1 < argc)
        return cli_usage("train", "unexpected argument '%s'", argv[optind + 1]);
    path = argv[optind];
    if ((rc = cli_job_args_check(&a, "train")) != 0)
        return rc;

    /* 1. validate locally: a bad file costs no upload and no failed job */
    format = format_of_method(a.opts.method_type);
    cli_info(c, "validating %s", path);
    if ((rc = cli_validate_file(c, path, format, a.opts.model, 0)) != CLI_OK)
        return rc;
    if (vpath != NULL &&
        (rc = cli_validate_file(c, vpath, format, a.opts.model, 0)) != CLI_OK)
        return rc;

    /* 2. upload; Ctrl-C from here on interrupts the request under way */
    if (cli_client(c) == NULL)
        return c->client_exit;
    cli_sigint_arm(c);
    rc = cli_upload(c, path, "fine-tune", &train_file);
    if (rc != CLI_OK || cli_sigint_caught()) {
        oft_file_free(train_file);
        return upload_stopped(c, rc);
    }
    cli_info(c, "uploaded %s as %s", cli_text(path), cli_or_dash(train_file->id));
    if (vpath != NULL) {
        rc = cli_upload(c, vpath, "fine-tune", &valid_file);
        if (rc != CLI_OK || cli_sigint_caught()) {
            oft_file_free(train_file);
            oft_file_free(valid_file);
            return upload_stopped(c, rc);
        }
        cli_info(c, "uploaded %s as %s", cli_text(vpath), cli_or_dash(valid_file->id));
    }

    /* 3. create the job */
    a.opts.training_file = train_file->id;
    a.opts.validation_file = valid_file != NULL ? valid_file->id : NULL;
    rc = oft_job_create(&job, c->client, &a.opts);
    oft_file_free(train_file);
    oft_file_free(valid_file);
    if (rc != OFT_OK) {
        cli_sigint_disarm();
        return cli_sigint_caught() ? interrupted_before_job(c)
                                   : cli_api_fail(c, rc, "create the job");
    }
    cli_info(c, "created job %s", cli_or_dash(job->id));

    /* 4. wait with the live view, unless --no-wait */
    if (a.wait == 0) {
        cli_sigint_disarm();
        if (c->json)
            cli_print_json(job->raw_json);
        else
            printf("job: %s\n", cli_or_dash(job->id));
        cli_info(c, "Watch it with: openai-ft jobs wait %s", cli_or_dash(job->id));
        oft_job_free(job);
        return CLI_OK;
    }
    {
        cli_watch_options wo = {a.wait_timeout_ms, a.poll_interval_ms,
                                a.cancel_on_interrupt, 0};
        rc = cli_watch_job(c, job->id, &wo);
    }
    oft_job_free(job);
    return rc;
}
