/*
 * openai-ft: the argument parser. One pass over argv resolves the command
 * words against the tree and sorts every option into the command's or the
 * global ones, by the tables of args.h.
 */
#include <stdlib.h>
#include <string.h>

#include "args/parse.h"
#include "args/args.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"

typedef struct parser {
    cli_args *out;
    int argc;
    char **argv;
    int i;          /* the argument being read */
    int failed;     /* an error was found: msg says it */
    int wrong_word; /* the error is an unknown command: --help does not excuse it */
    size_t opts_cap, globals_cap;
    char msg[256];
} parser;

static const cli_opt *find_in(const cli_opt *t, const char *name, size_t len, char s)
{
    for (; t != NULL && t->id != 0; t++)
        if (s != 0 ? t->short_name == s
                   : strlen(t->name) == len && strncmp(t->name, name, len) == 0)
            return t;
    return NULL;
}

/* The command's own option first, then a global one. */
static const cli_opt *find_opt(const cli_cmd *cmd, const char *name, size_t len, char s)
{
    size_t t;
    const cli_opt *o;
    for (t = 0; t < CLI_MAX_OPT_TABLES && cmd->opts[t] != NULL; t++)
        if ((o = find_in(cmd->opts[t], name, len, s)) != NULL)
            return o;
    return find_in(cli_global_opts, name, len, s);
}

static int is_global(const cli_opt *o)
{
    const cli_opt *g;
    for (g = cli_global_opts; g->id != 0; g++)
        if (g == o)
            return 1;
    return 0;
}

/* Keeps the first error; it is printed once the whole line was read (a later
 * --help wins over it). */
static void fail(parser *p, const char *fmt, ...) CLI_PRINTF(2, 3);
static void fail(parser *p, const char *fmt, ...)
{
    va_list ap;
    if (p->failed)
        return;
    p->failed = 1;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
    va_end(ap);
}

/* Appends to a list that grows: short flags bundled in one argument (-vqv)
 * make more options than there are arguments. */
static int push(cli_arg **list, size_t *n, size_t *cap, cli_arg arg)
{
    if (*n == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 8;
        cli_arg *grown = realloc(*list, grown_cap * sizeof(*grown));
        if (grown == NULL)
            return -1;
        *list = grown;
        *cap = grown_cap;
    }
    (*list)[(*n)++] = arg;
    return 0;
}

static void add(parser *p, const cli_opt *o, char *value)
{
    cli_args *a = p->out;
    cli_arg arg = {o, value};
    int rc;
    if (o->id == OPT_HELP)
        a->help = 1;
    if (is_global(o))
        rc = push(&a->globals, &a->n_globals, &p->globals_cap, arg);
    else
        rc = push(&a->opts, &a->n_opts, &p->opts_cap, arg);
    if (rc != 0)
        fail(p, "out of memory");
}

/* name: the long name without dashes, or NULL for a short option */
static void unknown_option(parser *p, const char *spelled, const char *name)
{
    const cli_opt *near = name != NULL ? cli_suggest_opt(name, p->out->cmd) : NULL;
    if (near != NULL)
        fail(p, "unknown option '%s'; did you mean '--%s'?", spelled, near->name);
    else
        fail(p, "unknown option '%s'", spelled);
}

/* Adds o with its value: the rest of the argument, or the next one. A value
 * missing at the end is an error, and o is left out: a later --help still
 * runs, and must not find an option without the value it needs. */
static void add_with_value(parser *p, const cli_opt *o, char *rest, const char *spelled)
{
    if (rest != NULL || (o->flags & CLI_OPT_OPTIONAL) != 0) {
        add(p, o, rest);
        return;
    }
    if (p->i + 1 >= p->argc) {
        fail(p, "option '%s' needs a value (%s)", spelled, o->value);
        return;
    }
    add(p, o, p->argv[++p->i]);
}

static void long_option(parser *p, char *arg)
{
    char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
    const cli_opt *o = find_opt(p->out->cmd, name, len, 0);
    char spelled[80];
    snprintf(spelled, sizeof(spelled), "--%.*s", (int)(len < 70 ? len : 70), name);
    if (o == NULL) {
        char bare[72];
        snprintf(bare, sizeof(bare), "%.*s", (int)(len < 70 ? len : 70), name);
        unknown_option(p, spelled, bare);
        return;
    }
    if (o->value == NULL && eq != NULL) {
        fail(p, "option '%s' takes no value (got '%s')", spelled, eq + 1);
        return;
    }
    if (o->value != NULL)
        add_with_value(p, o, eq != NULL ? eq + 1 : NULL, spelled);
    else
        add(p, o, NULL);
}

static void short_options(parser *p, char *arg)
{
    char *s;
    for (s = arg + 1; *s != '\0'; s++) {
        const cli_opt *o = find_opt(p->out->cmd, NULL, 0, *s);
        char spelled[3] = {'-', *s, '\0'};
        if (o == NULL) {
            unknown_option(p, spelled, NULL);
            return;
        }
        if (o->value != NULL && (o->flags & CLI_OPT_OPTIONAL) == 0) {
            add_with_value(p, o, s[1] != '\0' ? s + 1 : NULL, spelled);
            return;
        }
        add(p, o, NULL);
    }
}

/* A word while the command is still a group: its next command. */
static void command_word(parser *p, char *word)
{
    cli_args *a = p->out;
    const cli_cmd *const *s;
    for (s = a->cmd->subs; a->n_operands == 0 && *s != NULL; s++)
        if (strcmp((*s)->name, word) == 0) {
            a->cmd = *s;
            snprintf(a->path + strlen(a->path), sizeof(a->path) - strlen(a->path), "%s%s",
                     a->path[0] ? " " : "", word);
            return;
        }
    if (a->cmd->run != NULL) { /* a command with commands of its own: an operand */
        a->operands[a->n_operands++] = word;
        return;
    }
    {
        const cli_cmd *near = cli_suggest_cmd(word, a->cmd->subs);
        char what[80];
        snprintf(what, sizeof(what), "%s%s%s", a->path, a->path[0] ? " " : "", word);
        p->wrong_word = 1;
        if (near != NULL)
            fail(p, "unknown command '%s'; did you mean '%s'?", what, near->name);
        else
            fail(p, "unknown command '%s'", what);
    }
}

/* After the words: the command takes these operands and has its required options. */
static void check_command(parser *p)
{
    cli_args *a = p->out;
    const cli_cmd *cmd = a->cmd;
    size_t i;
    if ((int)a->n_operands < cmd->min_operands) {
        fail(p, "missing argument: %s", cmd->operands ? cmd->operands : "");
        return;
    }
    if ((int)a->n_operands > cmd->max_operands) {
        fail(p, "unexpected argument '%s'", a->operands[cmd->max_operands]);
        return;
    }
    CLI_FOR_OPTS(cmd, t, o)
    {
        int seen = 0;
        if ((o->flags & CLI_OPT_REQUIRED) == 0)
            continue;
        for (i = 0; i < a->n_opts; i++)
            seen |= a->opts[i].opt == o;
        if (!seen) {
            fail(p, "--%s %s is required", o->name, o->value);
            return;
        }
    }
}

static void walk(parser *p)
{
    cli_args *a = p->out;
    int options_end = 0;
    for (p->i = 1; p->i < p->argc && !p->wrong_word; p->i++) {
        char *arg = p->argv[p->i];
        if (p->failed) { /* only a --help can still change the outcome */
            if (strcmp(arg, "--") == 0)
                break;
            a->help |= strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
            continue;
        }
        if (!options_end && strcmp(arg, "--") == 0)
            options_end = 1;
        else if (!options_end && arg[0] == '-' && arg[1] == '-')
            long_option(p, arg);
        else if (!options_end && arg[0] == '-' && arg[1] != '\0')
            short_options(p, arg);
        else if (a->cmd->subs != NULL && !options_end)
            command_word(p, arg);
        else if (a->cmd->subs != NULL)
            fail(p, "'%s' is not a command", arg);
        else
            a->operands[a->n_operands++] = arg;
    }
}

int cli_parse(cli_args *out, int argc, char **argv)
{
    parser p;
    size_t n = argc > 0 ? (size_t)argc : 1;
    memset(out, 0, sizeof(*out));
    memset(&p, 0, sizeof(p));
    out->cmd = cli_tree_root();
    out->operands = calloc(n, sizeof(*out->operands)); /* one argument at most each */
    if (out->operands == NULL) {
        fputs("openai-ft: out of memory\n", stderr);
        return CLI_EUSAGE;
    }
    p.out = out;
    p.argc = argc;
    p.argv = argv;
    walk(&p);
    /* --help shows the command named so far, whatever else is wrong */
    if (out->help && !p.wrong_word)
        return 0;
    if (!p.failed && out->cmd->run != NULL)
        check_command(&p);
    if (p.failed)
        return cli_usage(out->path, "%s", p.msg);
    return 0;
}

void cli_args_free(cli_args *a)
{
    free(a->opts);
    free(a->globals);
    free(a->operands);
    memset(a, 0, sizeof(*a));
}

const char *cli_opt_value(const cli_args *a, int id, const char *dflt)
{
    size_t i;
    for (i = 0; i < a->n_opts; i++)
        if (a->opts[i].opt->id == id)
            dflt = a->opts[i].value != NULL ? a->opts[i].value : "";
    return dflt;
}
