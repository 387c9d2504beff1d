/*
 * openai-ft: the global options (accepted before and after the command
 * words) and the root of the command tree, which the command layer (cmd/)
 * names: the parser, the help and the completions walk it from there.
 */
#include "args/args.h"

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
    {.id = OPT_JQ,
     .name = "jq",
     .value = "EXPR",
     .help = "print what the jq expression EXPR makes of the JSON output (strings raw)"},
    {.id = OPT_TEMPLATE,
     .name = "template",
     .value = "TEXT",
     .help = "print the JSON output through TEXT: {{EXPR}}, {{range EXPR}}...{{end}}"},
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

static const cli_cmd *g_root;

void cli_tree_set_root(const cli_cmd *root)
{
    g_root = root;
}

const cli_cmd *cli_tree_root(void)
{
    return g_root;
}
