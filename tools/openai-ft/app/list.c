/*
 * openai-ft: the items of a list command printed as they come: one JSON
 * list with --json, else a row of its table each.
 */
#include "app/list.h"
#include "app/api_error.h"
#include "base/cli.h"
#include "ui/output.h"
#include "ui/view.h"

int cli_print_iter(cli *c, cli_view *v, cli_next_fn next, void *it, const char *what,
                   size_t *count)
{
    const char *raw;
    const void *item;
    size_t i;
    int rc;
    if (c->json)
        cli_json_list_begin();
    for (i = 0; (rc = next(it, &raw, &item)) == OFT_OK; i++) {
        if (c->json)
            cli_json_list_item(raw, i);
        cli_view_row(v, item);
    }
    if (c->json)
        cli_json_list_end(0);
    cli_view_end(v);
    if (count != NULL)
        *count = i;
    return rc == OFT_ITEROVER ? CLI_OK : cli_api_fail(c, rc, what);
}
