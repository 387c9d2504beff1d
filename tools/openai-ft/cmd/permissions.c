/*
 * openai-ft permissions: share a fine-tuned checkpoint with projects (these
 * calls send the admin key: --admin-key-file or OPENAI_ADMIN_KEY).
 */
#include <string.h>

#include "cmd/permissions.h"
#include "app/api_error.h"
#include "app/client.h"
#include "args/args.h"
#include "args/values.h"
#include "base/cli.h"
#include "ui/output.h"
#include "ui/table.h"
#include "ui/view.h"

#define MAX_PROJECTS 64

static cli_value perm_id(const void *p, char *buf, size_t cap)
{
    return cli_v_text(((const oft_checkpoint_permission *)p)->id);
}

static cli_value perm_project(const void *p, char *buf, size_t cap)
{
    return cli_v_text(((const oft_checkpoint_permission *)p)->project_id);
}

static cli_value perm_created(const void *p, char *buf, size_t cap)
{
    return cli_v_time(((const oft_checkpoint_permission *)p)->created_at);
}

const cli_field cli_permission_fields[] = {
    {"id", "id", "ID", NULL, 0, 0, 0, CLI_FMT_PLAIN, perm_id},
    {"project", "project_id", "PROJECT", NULL, 0, 0, 0, CLI_FMT_PLAIN, perm_project},
    {"created", "created_at", "CREATED", NULL, 1, 0, 0, CLI_FMT_AGE, perm_created},
    {0},
};

static int show_page(cli *c, cli_view *v, oft_checkpoint_permission_page *page)
{
    size_t i;
    cli_view_doc(c, page->raw_json);
    for (i = 0; v != NULL && i < page->count; i++)
        cli_view_row(v, page->items[i]);
    cli_view_end(v);
    oft_checkpoint_permission_page_free(page);
    return CLI_OK;
}

/* The table of the command's options and the client; 0 or the exit code. */
static int prepare(cli *c, const cli_args *a, cli_view **v)
{
    int rc = cli_view_new(v, c, cli_permission_fields, a);
    if (rc == 0 && cli_client(c) == NULL) {
        cli_view_free(*v);
        *v = NULL;
        rc = c->client_exit;
    }
    return rc;
}

static int run_create(cli *c, const cli_args *a)
{
    const char *projects[MAX_PROJECTS];
    size_t i, n = 0;
    oft_checkpoint_permission_page *page = NULL;
    cli_view *v = NULL;
    int rc;
    for (i = 0; i < a->n_opts; i++) {
        if (a->opts[i].opt->id != OPT_PROJECT)
            continue;
        if (n >= MAX_PROJECTS)
            return cli_usage(NULL, "at most %d --project options", MAX_PROJECTS);
        projects[n++] = a->opts[i].value;
    }
    if ((rc = prepare(c, a, &v)) != 0)
        return rc;
    rc = oft_checkpoint_permission_create(&page, c->client, a->operands[0], projects, n);
    if (rc != OFT_OK) {
        cli_view_free(v);
        return cli_api_fail(c, rc, "share the checkpoint");
    }
    return show_page(c, v, page);
}

static int run_list(cli *c, const cli_args *a)
{
    oft_checkpoint_permission_page *page = NULL;
    cli_view *v = NULL;
    int rc;
    if ((rc = prepare(c, a, &v)) != 0)
        return rc;
    rc = oft_checkpoint_permission_list(&page, c->client, a->operands[0], NULL);
    if (rc != OFT_OK) {
        cli_view_free(v);
        return cli_api_fail(c, rc, "list the checkpoint's permissions");
    }
    return show_page(c, v, page);
}

static int run_delete(cli *c, const cli_args *a)
{
    oft_deleted *res = NULL;
    int rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc =
        oft_checkpoint_permission_delete(&res, c->client, a->operands[0], a->operands[1]);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "delete the permission");
    rc = cli_show_deleted(c, res);
    oft_deleted_free(res);
    return rc;
}

static const cli_opt create_opts[] = {
    {.id = OPT_PROJECT,
     .name = "project",
     .value = "ID",
     .flags = CLI_OPT_REQUIRED,
     .help = "a project to share with; repeatable (before the command, --project is "
             "the request's project)"},
    {0},
};

static const cli_cmd permissions_create = {
    .name = "create",
    .summary = "share a checkpoint with projects",
    .operands = "CHECKPOINT",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_CHECKPOINT,
    .opts = {create_opts, cli_table_opts},
    .description = "Shares a checkpoint (ft:...:ckpt-step-N, see `openai-ft jobs\n"
                   "checkpoints JOB_ID`, or a fine-tuned model) with projects.\n"
                   "It sends the admin key (--admin-key-file or OPENAI_ADMIN_KEY).",
    .example =
        "openai-ft permissions create ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10"
        " --project proj_123",
    .run = run_create,
};

static const cli_cmd permissions_list = {
    .name = "list",
    .summary = "list a checkpoint's permissions",
    .operands = "CHECKPOINT",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_CHECKPOINT,
    .opts = {cli_table_opts},
    .description = "Lists the projects a checkpoint is shared with (the admin key).",
    .example =
        "openai-ft permissions list ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10",
    .run = run_list,
};

static const cli_cmd permissions_delete = {
    .name = "delete",
    .summary = "revoke a permission",
    .operands = "CHECKPOINT PERMISSION_ID",
    .operand_kind = CLI_VAL_CHECKPOINT,
    .min_operands = 2,
    .max_operands = 2,
    .description = "Revokes one permission of a checkpoint (the admin key).",
    .example =
        "openai-ft permissions delete ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10"
        " cp_abc123",
    .run = run_delete,
};

static const cli_cmd *const permissions_subs[] = {&permissions_create, &permissions_list,
                                                  &permissions_delete, NULL};

const cli_cmd cli_cmd_permissions = {
    .name = "permissions",
    .summary = "share checkpoints with projects",
    .description = "Checkpoint permissions: share a fine-tuned checkpoint with other\n"
                   "projects. These calls need an admin key (--admin-key-file FILE or\n"
                   "OPENAI_ADMIN_KEY).",
    .example =
        "openai-ft permissions list ft:gpt-4o-mini-2024-07-18:org::abc:ckpt-step-10",
    .subs = permissions_subs,
};
