/*
 * openai-ft completion SHELL: what every generator shares (the walk of the
 * tree, the classes of values). The scripts are generated from the command
 * tree and the option tables, so that they offer exactly what the parser
 * accepts.
 */
#include <string.h>

#include "args/complete_tree.h"
#include "args/args.h"

static void walk(const cli_cmd *cmd, char *path, size_t cap, cli_visit_fn fn, void *ctx)
{
    const cli_cmd *const *s;
    size_t len = strlen(path);
    fn(cmd, path, ctx);
    for (s = cmd->subs; s != NULL && *s != NULL; s++) {
        snprintf(path + len, cap - len, "%s%s", len ? " " : "", (*s)->name);
        walk(*s, path, cap, fn, ctx);
        path[len] = '\0';
    }
}

void cli_walk_tree(cli_visit_fn fn, void *ctx)
{
    char path[128] = "";
    walk(cli_tree_root(), path, sizeof(path), fn, ctx);
}

const char *cli_value_class(char *buf, size_t cap, const cli_opt *o)
{
    if (o->value == NULL)
        return "flag";
    if (o->choices != NULL) {
        snprintf(buf, cap, "%s:%s", (o->flags & CLI_OPT_OPTIONAL) ? "optional" : "choice",
                 o->choices);
        return buf;
    }
    if ((o->flags & CLI_OPT_OPTIONAL) != 0)
        return "optional:";
    return cli_kind_class(o->kind) != NULL ? cli_kind_class(o->kind) : "text";
}

const char *cli_kind_class(int kind)
{
    switch (kind) {
        case CLI_VAL_FILE:
            return "file";
        case CLI_VAL_DIR:
            return "dir";
        case CLI_VAL_JOB:
            return "id:job";
        case CLI_VAL_FILE_ID:
            return "id:file";
        case CLI_VAL_MODEL:
            return "id:model";
        case CLI_VAL_CHECKPOINT:
            return "id:checkpoint";
        case CLI_VAL_FILE_OR_ID:
            return "file+id:file";
        default:
            return NULL;
    }
}

int cli_takes_value(const cli_opt *o)
{
    return o->value != NULL && (o->flags & CLI_OPT_OPTIONAL) == 0;
}
