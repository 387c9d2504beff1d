/*
 * openai-ft: the command-line tool for the OpenAI fine-tuning API. main.c
 * hardens the process, parses the command line against the command tree
 * (args.h) and runs the command named.
 */
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli.h"

/* Keys live in this process's memory: no core file and no ptrace attach by
 * other processes of the user may read them. */
static void harden(void)
{
    struct rlimit none = {0, 0};
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    (void)setrlimit(RLIMIT_CORE, &none);
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
    return a->cmd->run(c, a);
}

int main(int argc, char **argv)
{
    cli c;
    cli_args a;
    int rc;

    harden();
    memset(&c, 0, sizeof(c));
    c.max_retries = -1;
    rc = cli_parse(&a, argc, argv);
    if (rc == 0)
        rc = run(&c, &a);
    fflush(stdout);
    oft_client_free(c.client);
    cli_globals_free(&c);
    cli_args_free(&a);
    cli_output_free();
    return rc;
}
