/*
 * libFuzzer target: the CLI's argument parser (tools/openai-ft: the option
 * tables of args.h, parse.c, the value parsers), used as main() uses it but
 * without running a command: nothing touches the network.
 *
 * Input: the arguments after the program name, separated by NUL bytes
 * ("jobs\0list\0--limit\0" is `openai-ft jobs list --limit ''`).
 *
 * Each input is parsed with cli_parse. When it parses: what it returned is
 * checked against the tables (every option from the command's tables or the
 * global ones, every value and operand a piece of argv, the operand count
 * within the command's range unless --help); the global options are applied
 * as main() does (keys copied and wiped from argv, --timeout and the like
 * read, --version printed), except when a key comes from a file, which could
 * be a terminal or a FIFO; --help prints the command's help; and the options
 * of a job-making command go through the job option parser as train and jobs
 * create read them (cli_job_option, cli_job_args_check). Every other option
 * with choices is matched against them. stdin is /dev/null; the environment
 * has no OPENAI_* or SSL_CERT_* variable. Run it with -close_fd_mask=3: the
 * CLI prints its usage errors and help.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/globals.h"
#include "app/job_args.h"
#include "args/help.h"
#include "args/parse.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "cmd/root.h"
#include "ui/table.h"

#include "fuzz.h"

#define MAX_ARGS 256

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const env[] = {
        "OPENAI_API_KEY",    "OPENAI_ADMIN_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID", "SSL_CERT_FILE",    "SSL_CERT_DIR",    NULL};
    for (size_t i = 0; env[i] != NULL; i++)
        unsetenv(env[i]);
    int null = open("/dev/null", O_RDONLY);
    FUZZ_CHECK(null >= 0 && dup2(null, STDIN_FILENO) == STDIN_FILENO);
    close(null);
    cli_tree_set_root(&cli_root);
    return 0;
}

static int in_table(const cli_opt *table, const cli_opt *o)
{
    for (const cli_opt *t = table; t->id != 0; t++)
        if (t == o)
            return 1;
    return 0;
}

static int has_table(const cli_cmd *cmd, const cli_opt *table)
{
    for (size_t t = 0; t < CLI_MAX_OPT_TABLES && cmd->opts[t] != NULL; t++)
        if (cmd->opts[t] == table)
            return 1;
    return 0;
}

/* Non-zero when p points into one of the arguments (NUL included). */
static int in_argv(const char *p, int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
            return 1;
    return 0;
}

static void check_arg(const cli_arg *g, int global, const cli_cmd *cmd, int argc,
                      char **argv)
{
    FUZZ_CHECK(g->opt != NULL);
    if (global) {
        FUZZ_CHECK(in_table(cli_global_opts, g->opt));
    } else {
        int found = 0;
        for (size_t t = 0; t < CLI_MAX_OPT_TABLES && cmd->opts[t] != NULL; t++)
            found |= in_table(cmd->opts[t], g->opt);
        FUZZ_CHECK(found);
    }
    if (g->opt->value == NULL)
        FUZZ_CHECK(g->value == NULL);
    else if ((g->opt->flags & CLI_OPT_OPTIONAL) == 0)
        FUZZ_CHECK(g->value != NULL);
    if (g->value != NULL)
        FUZZ_CHECK(in_argv(g->value, argc, argv));
}

static void check_parsed(const cli_args *a, int argc, char **argv)
{
    const cli_cmd *cmd = a->cmd;
    FUZZ_CHECK(cmd != NULL);
    FUZZ_CHECK(memchr(a->path, '\0', sizeof(a->path)) != NULL);
    for (size_t i = 0; i < a->n_globals; i++)
        check_arg(&a->globals[i], 1, cmd, argc, argv);
    for (size_t i = 0; i < a->n_opts; i++)
        check_arg(&a->opts[i], 0, cmd, argc, argv);
    FUZZ_CHECK(a->n_operands < (size_t)argc);
    for (size_t i = 0; i < a->n_operands; i++)
        FUZZ_CHECK(in_argv(a->operands[i], argc, argv));
    if (!a->help && cmd->run != NULL)
        FUZZ_CHECK((int)a->n_operands >= cmd->min_operands &&
                   (int)a->n_operands <= cmd->max_operands);
}

/* The global options as main() applies them; keys from files are left out. */
static void apply_globals(const cli_args *a)
{
    for (size_t i = 0; i < a->n_globals; i++) {
        int id = a->globals[i].opt->id;
        if (id == OPT_API_KEY_FILE || id == OPT_ADMIN_KEY_FILE)
            return;
    }
    cli c;
    memset(&c, 0, sizeof(c));
    c.max_retries = -1;
    cli_set_command("");
    int rc = cli_apply_globals(&c, a);
    FUZZ_CHECK(rc == 0 || rc == -1 || rc == CLI_EUSAGE || rc == CLI_EAPI);
    for (size_t i = 0; rc == 0 && i < a->n_globals; i++) {
        const cli_arg *g = &a->globals[i];
        if (g->opt->id == OPT_API_KEY || g->opt->id == OPT_ADMIN_KEY)
            FUZZ_CHECK(strspn(g->value, "x") == strlen(g->value)); /* wiped */
    }
    if (rc == 0 && c.timeout_ms != 0)
        FUZZ_CHECK(c.timeout_ms >= 1 && c.timeout_ms <= 7L * 24 * 3600 * 1000 + 1);
    cli_globals_free(&c);
}

/* The command's options as the commands read them, without running it. */
static void read_options(const cli_args *a)
{
    const cli_cmd *cmd = a->cmd;
    int job_opts = has_table(cmd, cli_job_opts) || has_table(cmd, cli_wait_opts) ||
                   has_table(cmd, cli_watch_opts);
    cli_job_args ja;
    cli_job_args_init(&ja);
    cli_set_command(a->path);
    for (size_t i = 0; i < a->n_opts; i++) {
        const cli_arg *o = &a->opts[i];
        int rc = job_opts ? cli_job_option(&ja, o) : 0;
        FUZZ_CHECK(rc == 0 || rc == 1 || rc == CLI_EUSAGE);
        if (rc == 0 && o->opt->choices != NULL && o->value != NULL) {
            int k = cli_choice(o->opt, o->value);
            FUZZ_CHECK(k == -1 || cli_word_index(o->opt->choices, o->value) == k);
        }
        (void)cli_opt_value(a, o->opt->id, NULL);
    }
    FUZZ_CHECK(ja.opts.metadata_count <= CLI_MAX_METADATA);
    if (has_table(cmd, cli_table_opts)) { /* --columns checked as the lists do */
        static const cli_col cols[] = {{"id", "ID", NULL, 0, 0, 0},
                                       {"status", "STATUS", NULL, 1, 0, 0},
                                       {NULL, NULL, NULL, 0, 0, 0}};
        cli c;
        cli_table *t = NULL;
        memset(&c, 0, sizeof(c));
        c.json = 1;
        int rc = cli_table_new(&t, &c, cols, a);
        FUZZ_CHECK((rc == 0 || rc == CLI_EUSAGE) && t == NULL);
    }
    if (has_table(cmd, cli_job_opts)) {
        int rc = cli_job_args_check(&ja, a->path);
        FUZZ_CHECK(rc == 0 || rc == CLI_EUSAGE);
        if (rc == 0)
            FUZZ_CHECK(ja.opts.model != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* One writable copy: argv strings are the CLI's to modify. */
    char *text = malloc(size + 1);
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    FUZZ_CHECK(text != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    static char program[] = "openai-ft";
    argv[argc++] = program;
    for (char *p = text; p < text + size && argc < MAX_ARGS;) {
        argv[argc++] = p;
        p += strlen(p) + 1;
    }
    argv[argc] = NULL;

    cli_args a;
    int rc = cli_parse(&a, argc, argv);
    FUZZ_CHECK(rc == 0 || rc == CLI_EUSAGE);
    if (rc == 0) {
        check_parsed(&a, argc, argv);
        apply_globals(&a);
        if (a.help)
            cli_help(a.cmd, a.path, 0);
        read_options(&a);
    }
    cli_args_free(&a);
    cli_text_free();
    free(text);
    return 0;
}
