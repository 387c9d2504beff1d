/*
 * openai-ft: the items of a list command printed as they come: one JSON
 * list with --json, else a row of its table each.
 */
#include "app/list.h"
#include "app/api_error.h"
#include "base/cli.h"
#include "ui/output.h"
#include "ui/table.h"

int cli_print_iter(cli *c, cli_table *t, cli_next_fn next, void *it, const char *what,
                   size_t *count)
{
    const char *raw;
    size_t i;
    int rc;
    if (c->json)
        cli_json_list_begin();
    for (i = 0; (rc = next(it, &raw, t)) == OFT_OK; i++)
        if (c->json)
            cli_json_list_item(raw, i);
    if (c->json)
        cli_json_list_end(0);
    cli_table_end(t);
    if (count != NULL)
        *count = i;
    return rc == OFT_ITEROVER ? CLI_OK : cli_api_fail(c, rc, what);
}
