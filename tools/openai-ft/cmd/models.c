/*
 * openai-ft models: get, list, delete (a fine-tuned model).
 */
#include <stdio.h>

#include "cmd/models.h"
#include "app/api_error.h"
#include "app/client.h"
#include "args/args.h"
#include "args/parse.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/table.h"
#include "ui/view.h"

static cli_value model_id(const void *m, char *buf, size_t cap)
{
    return cli_v_text(((const oft_model *)m)->id);
}

static cli_value model_owner(const void *m, char *buf, size_t cap)
{
    return cli_v_text(((const oft_model *)m)->owned_by);
}

static cli_value model_created(const void *m, char *buf, size_t cap)
{
    return cli_v_time(((const oft_model *)m)->created);
}

static cli_value model_shutdown(const void *m, char *buf, size_t cap)
{
    const char *d = ((const oft_model *)m)->shutdown_date;
    return d != NULL ? cli_v_raw(d) : cli_v_text(NULL);
}

/* The models table: the ID (a model's name) never cut. */
const cli_field cli_model_fields[] = {
    {"id", "id", "ID", NULL, 0, 0, 0, CLI_FMT_PLAIN, model_id},
    {"owned_by", "owned_by", "OWNED_BY", NULL, 2, 8, 0, CLI_FMT_PLAIN, model_owner},
    {"created", "created", "CREATED", NULL, 1, 0, 0, CLI_FMT_AGE, model_created},
    {0},
};

/* models get */
const cli_field cli_model_lines[] = {
    {"id", "id", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, model_id},
    {"owned_by", "owned_by", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, model_owner},
    {"created", "created", NULL, NULL, 0, 0, 0, CLI_FMT_TIME, model_created},
    {"shutdown", "shutdown_date", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     model_shutdown},
    {0},
};

static int run_get(cli *c, const cli_args *a)
{
    oft_model *m = NULL;
    int rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_model_retrieve(&m, c->client, a->operands[0]);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "get the model");
    cli_view_show(c, cli_model_lines, m->raw_json, m);
    oft_model_free(m);
    return CLI_OK;
}

static int run_list(cli *c, const cli_args *a)
{
    oft_model_page *page = NULL;
    cli_view *v = NULL;
    size_t i;
    int rc;
    if ((rc = cli_view_new(&v, c, cli_model_fields, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_view_free(v);
        return c->client_exit;
    }
    rc = oft_model_list(&page, c->client);
    if (rc != OFT_OK) {
        cli_view_free(v);
        return cli_api_fail(c, rc, "list models");
    }
    cli_view_doc(c, page->raw_json);
    for (i = 0; v != NULL && i < page->count; i++)
        cli_view_row(v, page->items[i]);
    cli_view_end(v);
    oft_model_page_free(page);
    return CLI_OK;
}

static int run_delete(cli *c, const cli_args *a)
{
    const char *id = a->operands[0];
    oft_deleted *res = NULL;
    char action[512];
    int rc;
    snprintf(action, sizeof(action), "delete the model %s", cli_text(id));
    rc = cli_confirm(c, cli_opt_value(a, OPT_YES, NULL) != NULL, action);
    if (rc != CLI_OK)
        return rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_model_delete(&res, c->client, id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "delete the model");
    rc = cli_show_deleted(c, res);
    oft_deleted_free(res);
    return rc;
}

static const cli_cmd models_get = {
    .name = "get",
    .summary = "show a model",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_MODEL,
    .description = "Shows a model: its owner and creation date.",
    .example = "openai-ft models get gpt-4o-mini-2024-07-18",
    .run = run_get,
};

static const cli_cmd models_list = {
    .name = "list",
    .summary = "list the models this key can use",
    .opts = {cli_table_opts},
    .description = "Lists every model the key can use, fine-tuned ones included.\n"
                   "Columns: id, owned_by, created.",
    .example = "openai-ft models list --json | jq -r '.data[].id'",
    .run = run_list,
};

static const cli_cmd models_delete = {
    .name = "delete",
    .summary = "delete a fine-tuned model (asks first on a terminal)",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_MODEL,
    .opts = {cli_yes_opts},
    .description =
        "Deletes a fine-tuned model (it needs the Owner role). On a terminal it\n"
        "asks first; when stdin is not a terminal it refuses unless --yes.",
    .example = "openai-ft models delete ft:gpt-4o-mini-2024-07-18:org::abc123 --yes",
    .run = run_delete,
};

static const cli_cmd *const models_subs[] = {&models_get, &models_list, &models_delete,
                                             NULL};

const cli_cmd cli_cmd_models = {
    .name = "models",
    .summary = "get, list, delete models",
    .description = "Models: the base models and your fine-tuned ones.",
    .example = "openai-ft models list",
    .subs = models_subs,
};
