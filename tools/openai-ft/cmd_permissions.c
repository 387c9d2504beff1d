/*
 * openai-ft permissions: share a fine-tuned checkpoint with projects (these
 * calls send the admin key: --admin-key or OPENAI_ADMIN_KEY).
 */
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: openai-ft permissions COMMAND ...\n"
    "\n"
    "  permissions create CHECKPOINT --project ID [--project ID]...\n"
    "  permissions list CHECKPOINT\n"
    "  permissions delete CHECKPOINT PERMISSION_ID\n"
    "\n"
    "CHECKPOINT is a fine_tuned_model_checkpoint (ft:...:ckpt-step-N), see\n"
    "`openai-ft jobs checkpoints JOB_ID`. These calls need an admin key\n"
    "(--admin-key KEY or OPENAI_ADMIN_KEY).\n";

#define MAX_PROJECTS 64

static void print_permission(const oft_checkpoint_permission *p)
{
    char t[32];
    printf("%-32s %-32s %s\n", cli_or_dash(p->id), cli_or_dash(p->project_id),
           cli_fmt_time(t, sizeof(t), p->created_at));
}

static int show_page(cli *c, oft_checkpoint_permission_page *page)
{
    size_t i;
    if (c->json) {
        cli_print_json(page->raw_json);
    } else {
        printf("%-32s %-32s %s\n", "ID", "PROJECT", "CREATED");
        for (i = 0; i < page->count; i++)
            print_permission(page->items[i]);
    }
    oft_checkpoint_permission_page_free(page);
    return CLI_OK;
}

static int run_create(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"project", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *projects[MAX_PROJECTS], *ckpt;
    size_t n = 0;
    oft_checkpoint_permission_page *page = NULL;
    int opt, rc;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'p':
                if (n >= MAX_PROJECTS)
                    return cli_usage("permissions create", "at most %d --project options",
                                     MAX_PROJECTS);
                projects[n++] = optarg;
                break;
            case 'h':
                fputs(help, stdout);
                return CLI_OK;
            default:
                return cli_bad_option("permissions create", argv, optopt, opt == ':');
        }
    }
    if (cli_operands("permissions create", argc, argv, &ckpt, 1, "CHECKPOINT") != 0)
        return CLI_EUSAGE;
    if (n == 0)
        return cli_usage("permissions create", "--project ID is required");
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_checkpoint_permission_create(&page, c->client, ckpt, projects, n);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "share the checkpoint");
    return show_page(c, page);
}

static int run_list(cli *c, int argc, char **argv)
{
    const char *ckpt;
    oft_checkpoint_permission_page *page = NULL;
    int rc =
        cli_positionals("permissions list", help, argc, argv, &ckpt, 1, "CHECKPOINT");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_checkpoint_permission_list(&page, c->client, ckpt, NULL);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "list the checkpoint's permissions");
    return show_page(c, page);
}

static int run_delete(cli *c, int argc, char **argv)
{
    const char *args[2];
    oft_checkpoint_permission_deleted *res = NULL;
    int rc = cli_positionals("permissions delete", help, argc, argv, args, 2,
                             "CHECKPOINT PERMISSION_ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_checkpoint_permission_delete(&res, c->client, args[0], args[1]);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "delete the permission");
    rc = cli_show_deleted(c, res->raw_json, res->id, res->deleted);
    oft_checkpoint_permission_deleted_free(res);
    return rc;
}

int cmd_permissions(cli *c, int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"create", run_create},
        {"list", run_list},
        {"delete", run_delete},
    };
    return cli_dispatch(c, "permissions", help, subs, sizeof(subs) / sizeof(subs[0]),
                        argc, argv);
}
