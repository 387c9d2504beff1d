/*
 * openai-ft: the command-line tool for the OpenAI fine-tuning API.
 * main.c parses the global options, creates the client on demand and hands
 * the rest of the command line to a command group.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: openai-ft [GLOBAL OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Fine-tune OpenAI models from the shell: validate data, upload, train, watch,\n"
    "share checkpoints, clean up.\n"
    "\n"
    "Commands:\n"
    "  train FILE --model M [...]    validate, upload, create a job and watch it\n"
    "  validate FILE [...]           check a JSONL training file locally\n"
    "  files upload|list|get|delete|download\n"
    "  jobs create|get|list|cancel|pause|resume|wait|events|checkpoints\n"
    "  permissions create|list|delete   share checkpoints with projects\n"
    "  models get|list|delete\n"
    "  help [COMMAND]                this text, or a command's\n"
    "\n"
    "Global options (before the command):\n"
    "  --base-url URL        API base URL (env OPENAI_BASE_URL, default\n"
    "                        https://api.openai.com/v1)\n"
    "  --api-key KEY         API key (env OPENAI_API_KEY, the usual way)\n"
    "  --admin-key KEY       admin key for permissions (env OPENAI_ADMIN_KEY)\n"
    "  --org ID              organization (env OPENAI_ORG_ID)\n"
    "  --project ID          project (env OPENAI_PROJECT_ID)\n"
    "  --timeout SECONDS     time limit of one HTTP request (default 600)\n"
    "  --max-retries N       retries of a failed request (default 2)\n"
    "  --json                print the API's JSON (one document) for jq and scripts\n"
    "  -v, --verbose         log requests on stderr (keys redacted)\n"
    "  -q, --quiet           print only results and errors\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show the version\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  API or network error\n"
    "  2  usage error\n"
    "  3  the job ended failed or cancelled\n"
    "  4  a wait timed out\n"
    "  5  validation found problems\n"
    "  130  interrupted (Ctrl-C); the job keeps running\n"
    "\n"
    "Errors go to stderr with the HTTP status, the API's message and the request id.\n"
    "See openai-ft(1) and 'openai-ft COMMAND --help'.\n";

static const char *level_name(int level)
{
    static const char *names[] = {"off", "error", "warn", "info", "debug"};
    return names[level >= 0 && level <= 4 ? level : 0];
}

/* Whether message holds one of the keys given. */
static int holds_key(const cli *c, const char *message)
{
    const char *keys[2] = {c->api_key, c->admin_key};
    size_t i;
    for (i = 0; i < 2; i++)
        if (keys[i] != NULL && keys[i][0] != '\0' && strstr(message, keys[i]) != NULL)
            return 1;
    return 0;
}

static void log_line(int level, const char *message, void *payload)
{
    cli *c = payload;
    if (c->client == NULL && level == OFT_LOG_ERROR) {
        /* oft_client_new failed: keep its reason for cli_client */
        snprintf(c->client_why, sizeof(c->client_why), "%s", message);
        return;
    }
    /* The library redacts keys already; this guards against a key echoed
     * back by a server in a logged body. */
    if (holds_key(c, message)) {
        fprintf(stderr, "openai-ft: [%s] (a line holding a key was dropped)\n",
                level_name(level));
        return;
    }
    fprintf(stderr, "%sopenai-ft: [%s] %s%s\n", cli_c_dim(c), level_name(level),
            cli_text(message), cli_c_reset(c));
}

/* Where an option came from, for the message: the flag or the variable. */
static const char *origin(const char *given, const char *flag, const char *env)
{
    return given != NULL ? flag : env;
}

/* Prints why the client could not be created, in the tool's terms. */
static void client_fail(cli *c, int rc)
{
    const char *why = c->client_why;
    const char *url = c->base_url != NULL ? c->base_url : getenv("OPENAI_BASE_URL");
    if (rc != OFT_EINVAL) {
        cli_err(c, "cannot create the client: %s%s%s", oft_status_str(rc),
                why[0] ? ": " : "", why[0] && !holds_key(c, why) ? cli_text(why) : "");
        return;
    }
    if (strncmp(why, "api_key: missing", 16) == 0)
        fputs("openai-ft: no API key: set OPENAI_API_KEY or pass --api-key\n", stderr);
    else if (strncmp(why, "base_url: must start with", 25) == 0 && url != NULL)
        fprintf(stderr, "openai-ft: %s: must be an http:// or https:// URL (got %s)\n",
                origin(c->base_url, "--base-url", "OPENAI_BASE_URL"), cli_text(url));
    else if (strncmp(why, "base_url: ", 10) == 0)
        fprintf(stderr, "openai-ft: %s: %s\n",
                origin(c->base_url, "--base-url", "OPENAI_BASE_URL"), cli_text(why + 10));
    else if (strncmp(why, "api_key: ", 9) == 0)
        fprintf(stderr, "openai-ft: %s: the API key %s\n",
                origin(c->api_key, "--api-key", "OPENAI_API_KEY"), cli_text(why + 9));
    else if (strncmp(why, "admin_key: ", 11) == 0)
        fprintf(stderr, "openai-ft: %s: the admin key %s\n",
                origin(c->admin_key, "--admin-key", "OPENAI_ADMIN_KEY"),
                cli_text(why + 11));
    else if (why[0] != '\0' && !holds_key(c, why))
        fprintf(stderr, "openai-ft: %s\n", cli_text(why));
    else
        fprintf(stderr, "openai-ft: invalid client options: %s\n", oft_status_str(rc));
}

oft_client *cli_client(cli *c)
{
    oft_client_options opts = OFT_CLIENT_OPTIONS_INIT;
    int rc;
    if (c->client != NULL)
        return c->client;
    opts.api_key = c->api_key;
    opts.admin_key = c->admin_key;
    opts.organization = c->org;
    opts.project = c->project;
    opts.base_url = c->base_url;
    opts.timeout_ms = c->timeout_ms;
    opts.max_retries = c->max_retries;
    opts.user_agent_suffix = "openai-ft/" OFT_VERSION;
    /* always installed: oft_client_new tells its failure's reason there */
    opts.log_cb = log_line;
    opts.log_payload = c;
    if (c->verbose)
        opts.log_level = OFT_LOG_DEBUG; /* one line per request */
    c->client_why[0] = '\0';
    rc = oft_client_new(&c->client, &opts);
    if (rc != OFT_OK) {
        c->client = NULL;
        client_fail(c, rc);
        /* a missing or bad key, URL or option is a configuration error */
        c->client_exit = rc == OFT_EINVAL ? CLI_EUSAGE : CLI_EAPI;
        return NULL;
    }
    return c->client;
}

typedef struct command {
    const char *name;
    int (*run)(cli *c, int argc, char **argv);
} command;

static const command commands[] = {
    {"train", cmd_train}, {"validate", cmd_validate},       {"files", cmd_files},
    {"jobs", cmd_jobs},   {"permissions", cmd_permissions}, {"models", cmd_models},
};

static const command *find_command(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

enum {
    OPT_BASE_URL = 256,
    OPT_API_KEY,
    OPT_ADMIN_KEY,
    OPT_ORG,
    OPT_PROJECT,
    OPT_TIMEOUT,
    OPT_MAX_RETRIES,
    OPT_JSON
};

static int parse_global(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"api-key", required_argument, NULL, OPT_API_KEY},
        {"admin-key", required_argument, NULL, OPT_ADMIN_KEY},
        {"org", required_argument, NULL, OPT_ORG},
        {"project", required_argument, NULL, OPT_PROJECT},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-retries", required_argument, NULL, OPT_MAX_RETRIES},
        {"json", no_argument, NULL, OPT_JSON},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    long n;
    opterr = 0;
    /* '+': stop at the command name; what follows belongs to the command */
    while ((opt = getopt_long(argc, argv, "+:vqhV", longopts, NULL)) != -1) {
        switch (opt) {
            case OPT_BASE_URL:
                c->base_url = optarg;
                break;
            case OPT_API_KEY:
                c->api_key = optarg;
                break;
            case OPT_ADMIN_KEY:
                c->admin_key = optarg;
                break;
            case OPT_ORG:
                c->org = optarg;
                break;
            case OPT_PROJECT:
                c->project = optarg;
                break;
            case OPT_TIMEOUT:
                if (cli_parse_seconds(&c->timeout_ms, "--timeout", optarg) != 0)
                    return CLI_EUSAGE;
                break;
            case OPT_MAX_RETRIES:
                if (cli_parse_long(&n, "--max-retries", optarg, 0, 100) != 0)
                    return CLI_EUSAGE;
                c->max_retries = (int)n;
                break;
            case OPT_JSON:
                c->json = 1;
                break;
            case 'v':
                c->verbose++;
                break;
            case 'q':
                c->quiet = 1;
                break;
            case 'h':
                fputs(usage_text, stdout);
                return -1;
            case 'V':
                printf("openai-ft %s (libopenai_ft %s)\n", OFT_VERSION,
                       oft_version_string());
                return -1;
            case ':':
                return cli_bad_option(NULL, argv, optopt, 1);
            default:
                return cli_bad_option(NULL, argv, optopt, 0);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    cli c;
    const command *cmd;
    int rc;

    memset(&c, 0, sizeof(c));
    c.max_retries = -1;
    cli_output_init(&c);

    rc = parse_global(&c, argc, argv);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (optind >= argc) {
        fputs(usage_text, stderr);
        return CLI_EUSAGE;
    }
    if (strcmp(argv[optind], "help") == 0) {
        if (optind + 1 >= argc) {
            fputs(usage_text, stdout);
            return CLI_OK;
        }
        cmd = find_command(argv[optind + 1]);
        if (cmd == NULL)
            return cli_usage(NULL, "unknown command '%s'", argv[optind + 1]);
        {
            static char help_opt[] = "--help";
            char *help_argv[] = {argv[optind + 1], help_opt, NULL};
            return cmd->run(&c, 2, help_argv);
        }
    }
    cmd = find_command(argv[optind]);
    if (cmd == NULL)
        return cli_usage(NULL, "unknown command '%s'", argv[optind]);

    /* The command sees argv[0] = its own name; getopt restarts from there. */
    cli_set_command(cmd->name, NULL);
    {
        int sub_argc = argc - optind;
        char **sub_argv = argv + optind;
        optind = 0;
        rc = cmd->run(&c, sub_argc, sub_argv);
    }
    fflush(stdout);
    oft_client_free(c.client);
    cli_output_free();
    return rc;
}
