/*
 * openai-ft completion fish: one `complete` line per command and option,
 * conditioned on the command words typed so far (__openai_ft_at PATH).
 */
#include <string.h>

#include "args/complete_fish.h"
#include "args/args.h"
#include "args/complete_tree.h"

/* Text inside fish single quotes: \ and ' escaped. */
static void quoted(const char *s)
{
    putchar('\'');
    for (; *s != '\0'; s++) {
        if (*s == '\\' || *s == '\'')
            putchar('\\');
        putchar(*s);
    }
    putchar('\'');
}

static void put_subs_case(const cli_cmd *cmd, const char *path, void *ctx)
{
    const cli_cmd *const *s;
    (void)ctx;
    if (cmd->subs == NULL)
        return;
    printf("        case '%s'\n            printf '%%s\\n'", path);
    for (s = cmd->subs; *s != NULL; s++)
        printf(" %s", (*s)->name);
    putchar('\n');
}

static void put_value_names(const char *path, const cli_opt *o)
{
    if (!cli_takes_value(o))
        return;
    printf(" '%s%s--%s'", path != NULL ? path : "", path != NULL ? "|" : "", o->name);
    if (o->short_name != 0)
        printf(" '%s%s-%c'", path != NULL ? path : "", path != NULL ? "|" : "",
               o->short_name);
}

static void put_value_opts(const cli_cmd *cmd, const char *path, void *ctx)
{
    (void)ctx;
    CLI_FOR_OPTS(cmd, t, o)
    put_value_names(path, o);
}

static void put_helpers(void)
{
    const cli_opt *o;
    printf("function __openai_ft_subs\n    switch $argv[1]\n");
    cli_walk_tree(put_subs_case, NULL);
    printf("    end\nend\n\n");
    printf("function __openai_ft_takes_value\n    switch \"$argv[1]|$argv[2]\"\n"
           "        case");
    cli_walk_tree(put_value_opts, NULL);
    printf("\n            return 0\n    end\n    switch $argv[2]\n        case");
    for (o = cli_global_opts; o->id != 0; o++)
        put_value_names(NULL, o);
    printf("\n            return 0\n    end\n    return 1\nend\n\n");
    printf("# the command words typed so far (options and their values skipped)\n"
           "function __openai_ft_path\n"
           "    set -l words (commandline -opc)\n"
           "    set -e words[1]\n"
           "    set -l p ''\n"
           "    set -l skip 0\n"
           "    set -l end 0\n"
           "    for w in $words\n"
           "        if test $skip -eq 1\n            set skip 0\n            continue\n"
           "        end\n"
           "        if test $end -eq 0 -a \"$w\" = --\n            set end 1\n"
           "            continue\n        end\n"
           "        if test $end -eq 0; and string match -q -- '-?*' $w\n"
           "            string match -q -- '*=*' $w; and continue\n"
           "            __openai_ft_takes_value \"$p\" $w; and set skip 1\n"
           "            continue\n"
           "        end\n"
           "        if contains -- $w (__openai_ft_subs \"$p\")\n"
           "            set p (string trim -- \"$p $w\")\n"
           "        end\n"
           "    end\n"
           "    echo $p\n"
           "end\n\n"
           "function __openai_ft_at\n    test (__openai_ft_path) = \"$argv[1]\"\nend\n\n"
           "# the API's IDs for the word at the cursor (cached briefly, 2 s at most, "
           "silent)\n"
           "function __openai_ft_ids\n"
           "    set -l prog (commandline -opc)[1]\n"
           "    command -q $prog; or set prog openai-ft\n"
           "    command -q $prog; or return\n"
           "    $prog __complete $argv[1] (commandline -cp) 2>/dev/null\n"
           "end\n\n");
}

static void put_option(const char *path, const cli_opt *o)
{
    printf("complete -c openai-ft");
    if (path != NULL)
        printf(" -n '__openai_ft_at \"%s\"'", path);
    if (o->short_name != 0)
        printf(" -s %c", o->short_name);
    printf(" -l %s", o->name);
    if (o->choices != NULL) {
        printf(" -x -a ");
        quoted(o->choices);
    } else if (o->value != NULL && o->kind == CLI_VAL_FILE_OR_ID) {
        printf(" -r -F -a '(__openai_ft_ids file)'");
    } else if (o->value != NULL && cli_kind_class(o->kind) != NULL &&
               strncmp(cli_kind_class(o->kind), "id:", 3) == 0) {
        printf(" -x -a '(__openai_ft_ids %s)'", cli_kind_class(o->kind) + 3);
    } else if (o->value != NULL && o->kind != CLI_VAL_TEXT) {
        printf(" -r -F");
    } else if (o->value != NULL) {
        printf(" -x");
    }
    printf(" -d ");
    quoted(o->help);
    putchar('\n');
}

static void put_command(const cli_cmd *cmd, const char *path, void *ctx)
{
    const cli_cmd *const *s;
    (void)ctx;
    for (s = cmd->subs; s != NULL && *s != NULL; s++) {
        printf("complete -c openai-ft -n '__openai_ft_at \"%s\"' -a %s -d ", path,
               (*s)->name);
        quoted((*s)->summary);
        putchar('\n');
    }
    CLI_FOR_OPTS(cmd, t, o)
    put_option(path, o);
    if (cmd->operand_choices != NULL) {
        printf("complete -c openai-ft -n '__openai_ft_at \"%s\"' -a ", path);
        quoted(cmd->operand_choices);
        putchar('\n');
    } else if (cmd->max_operands > 0 && cmd->operand_kind == CLI_VAL_FILE) {
        printf("complete -c openai-ft -n '__openai_ft_at \"%s\"' -F\n", path);
    } else if (cmd->max_operands > 0 && cli_kind_class(cmd->operand_kind) != NULL) {
        printf("complete -c openai-ft -n '__openai_ft_at \"%s\"' -a "
               "'(__openai_ft_ids %s)'\n",
               path, cli_kind_class(cmd->operand_kind) + 3);
    }
}

void cli_complete_fish(void)
{
    const cli_opt *o;
    printf(
        "# fish completion for openai-ft, generated by 'openai-ft completion fish'\n\n");
    put_helpers();
    printf("complete -c openai-ft -f\n");
    for (o = cli_global_opts; o->id != 0; o++)
        put_option(NULL, o);
    cli_walk_tree(put_command, NULL);
}
