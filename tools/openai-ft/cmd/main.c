/*
 * openai-ft: the command-line tool for the OpenAI fine-tuning API. main.c
 * hardens the process, parses the command line against the command tree
 * (args.h) and runs the command named.
 */
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "app/complete_ids.h"
#include "app/filter.h"
#include "app/globals.h"
#include "args/args.h"
#include "args/help.h"
#include "args/parse.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "cmd/help.h"
#include "cmd/root.h"

/* Keys live in this process's memory: no core file and no ptrace attach by
 * other processes of the user may read them. */
static void harden(void)
{
    struct rlimit none = {0, 0};
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    (void)setrlimit(RLIMIT_CORE, &none);
}

/* --jq or --template: on the JSON output of a command that prints one. */
static int start_filter(cli *c, const cli_args *a)
{
    if (c->jq != NULL && c->template != NULL)
        return cli_usage(NULL, "--jq and --template: give one or the other");
    if (a->cmd == &cli_cmd_help || a->cmd == &cli_cmd_completion)
        return cli_usage(NULL, "%s applies to a command's JSON output; '%s' prints none",
                         c->jq != NULL ? "--jq" : "--template", a->path);
    if (c->jq != NULL)
        return cli_filter_start(c, "--jq", c->jq, 0);
    return cli_filter_start(c, "--template", c->template, 1);
}

static int run(cli *c, const cli_args *a)
{
    int rc;
    /* a bad global option's hint is the global help */
    cli_set_command("");
    rc = cli_apply_globals(c, a);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    cli_set_command(a->path);
    if (a->help) {
        cli_help(a->cmd, a->path, 0);
        return CLI_OK;
    }
    if (a->cmd->run == NULL) { /* the root or a group without its command */
        cli_help(a->cmd, a->path, 1);
        return CLI_EUSAGE;
    }
    if (c->jq == NULL && c->template == NULL)
        return a->cmd->run(c, a);
    if ((rc = start_filter(c, a)) != 0)
        return cli_filter_finish(rc);
    return cli_filter_finish(a->cmd->run(c, a));
}

int main(int argc, char **argv)
{
    cli c;
    cli_args a;
    int rc;

    harden();
    cli_tree_set_root(&cli_root);
    /* the hidden entry of the completion scripts: IDs for the word at the cursor */
    if (argc >= 2 && strcmp(argv[1], "__complete") == 0)
        return cli_complete_ids(argc - 2, argv + 2);
    memset(&c, 0, sizeof(c));
    c.max_retries = -1;
    rc = cli_parse(&a, argc, argv);
    if (rc == 0)
        rc = run(&c, &a);
    fflush(stdout);
    oft_client_free(c.client);
    cli_globals_free(&c);
    cli_args_free(&a);
    cli_text_free();
    return rc;
}
