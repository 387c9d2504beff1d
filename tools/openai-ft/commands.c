/*
 * openai-ft: the root of the command tree and the global options (accepted
 * before and after the command words).
 */
#include "cli.h"

const cli_opt cli_global_opts[] = {
    {.id = OPT_BASE_URL,
     .name = "base-url",
     .value = "URL",
     .help = "API base URL (env OPENAI_BASE_URL; default https://api.openai.com/v1)"},
    {.id = OPT_API_KEY,
     .name = "api-key",
     .value = "KEY",
     .help = "API key; visible to other users: prefer OPENAI_API_KEY or --api-key-file"},
    {.id = OPT_API_KEY_FILE,
     .name = "api-key-file",
     .value = "FILE",
     .kind = CLI_VAL_FILE,
     .help = "read the API key from the first line of FILE ('-': stdin)"},
    {.id = OPT_ADMIN_KEY,
     .name = "admin-key",
     .value = "KEY",
     .help = "admin key for permissions (env OPENAI_ADMIN_KEY)"},
    {.id = OPT_ADMIN_KEY_FILE,
     .name = "admin-key-file",
     .value = "FILE",
     .kind = CLI_VAL_FILE,
     .help = "read the admin key from the first line of FILE ('-': stdin)"},
    {.id = OPT_ORG,
     .name = "org",
     .value = "ID",
     .help = "organization (env OPENAI_ORG_ID)"},
    {.id = OPT_PROJECT_HEADER,
     .name = "project",
     .value = "ID",
     .help = "project (env OPENAI_PROJECT_ID)"},
    {.id = OPT_TIMEOUT,
     .name = "timeout",
     .value = "SECONDS",
     .help = "time limit of one HTTP request (default 600)"},
    {.id = OPT_MAX_RETRIES,
     .name = "max-retries",
     .value = "N",
     .help = "retries of a failed request (default 2)"},
    {.id = OPT_CA_FILE,
     .name = "ca-file",
     .value = "FILE",
     .kind = CLI_VAL_FILE,
     .help = "CA certificates to verify TLS with (env SSL_CERT_FILE)"},
    {.id = OPT_CA_PATH,
     .name = "ca-path",
     .value = "DIR",
     .kind = CLI_VAL_DIR,
     .help = "directory of hashed CA certificates (env SSL_CERT_DIR)"},
    {.id = OPT_JSON,
     .name = "json",
     .help = "print the API's JSON (one document) for jq"},
    {.id = OPT_COLOR,
     .name = "color",
     .value = "WHEN",
     .choices = "auto always never",
     .flags = CLI_OPT_OPTIONAL,
     .help = "colour; auto: on a terminal without NO_COLOR"},
    {.id = OPT_VERBOSE,
     .name = "verbose",
     .short_name = 'v',
     .help = "log each request on stderr (keys redacted)"},
    {.id = OPT_QUIET,
     .name = "quiet",
     .short_name = 'q',
     .help = "print only results and errors"},
    {.id = OPT_HELP, .name = "help", .short_name = 'h', .help = "show the help"},
    {.id = OPT_VERSION, .name = "version", .short_name = 'V', .help = "show the version"},
    {0},
};

static const cli_cmd *const top[] = {
    &cli_cmd_train, &cli_cmd_validate,    &cli_cmd_files,
    &cli_cmd_jobs,  &cli_cmd_permissions, &cli_cmd_models,
    &cli_cmd_help,  &cli_cmd_completion,  NULL,
};

const cli_cmd cli_root = {
    .name = "openai-ft",
    .description =
        "Fine-tune OpenAI models from the shell: validate data, upload, train,\n"
        "watch, share checkpoints, clean up.",
    .example = "openai-ft validate train.jsonl\n"
               "openai-ft train train.jsonl -m gpt-4o-mini-2024-07-18\n"
               "openai-ft jobs list --status running --json",
    .subs = top,
};
