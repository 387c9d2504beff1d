/*
 * openai-ft models: get, list, delete (a fine-tuned model).
 */
#include "cli.h"

static const char help[] =
    "Usage: openai-ft models COMMAND ...\n"
    "\n"
    "  models get ID\n"
    "  models list\n"
    "  models delete ID     delete a fine-tuned model (Owner role)\n";

static void print_model_row(const oft_model *m)
{
    char t[32];
    printf("%-60s %-24s %s\n", cli_or_dash(m->id), cli_or_dash(m->owned_by),
           cli_fmt_time(t, sizeof(t), m->created));
}

static int run_get(cli *c, int argc, char **argv)
{
    const char *id;
    oft_model *m = NULL;
    char t[32];
    int rc = cli_positionals("models get", help, argc, argv, &id, 1, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_model_retrieve(&m, c->client, id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "get the model");
    if (c->json) {
        cli_print_json(m->raw_json);
    } else {
        printf("id:       %s\n", cli_or_dash(m->id));
        printf("owned_by: %s\n", cli_or_dash(m->owned_by));
        printf("created:  %s\n", cli_fmt_time(t, sizeof(t), m->created));
        if (m->shutdown_date != NULL)
            printf("shutdown: %s\n", cli_text(m->shutdown_date));
    }
    oft_model_free(m);
    return CLI_OK;
}

static int run_list(cli *c, int argc, char **argv)
{
    oft_model_page *page = NULL;
    size_t i;
    int rc = cli_positionals("models list", help, argc, argv, NULL, 0, "");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_model_list(&page, c->client);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "list models");
    if (c->json) {
        cli_print_json(page->raw_json);
    } else {
        printf("%-60s %-24s %s\n", "ID", "OWNED_BY", "CREATED");
        for (i = 0; i < page->count; i++)
            print_model_row(page->items[i]);
    }
    oft_model_page_free(page);
    return CLI_OK;
}

static int run_delete(cli *c, int argc, char **argv)
{
    const char *id;
    oft_model_delete_result *res = NULL;
    int rc = cli_positionals("models delete", help, argc, argv, &id, 1, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_model_delete(&res, c->client, id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "delete the model");
    rc = cli_show_deleted(c, res->raw_json, res->id, res->deleted);
    oft_model_delete_result_free(res);
    return rc;
}

int cmd_models(cli *c, int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"get", run_get},
        {"list", run_list},
        {"delete", run_delete},
    };
    return cli_dispatch(c, "models", help, subs, sizeof(subs) / sizeof(subs[0]), argc,
                        argv);
}
