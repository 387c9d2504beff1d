/*
 * openai-ft: the help texts, rendered from the command tree (usage line,
 * description, options or commands, example).
 */
#include <string.h>

#include "cli.h"

#define LEFT 30 /* the column where option help starts */

static const char exit_codes[] =
    "Exit codes:\n"
    "  0  success\n"
    "  1  API or network error\n"
    "  2  usage or configuration error\n"
    "  3  the job ended failed or cancelled\n"
    "  4  a wait timed out\n"
    "  5  validation found problems\n"
    "  130  interrupted (Ctrl-C), 143 terminated (SIGTERM); a job keeps running\n";

/* "--model M", "--color[=WHEN]", "-m, --model M" */
static void opt_spelling(char *buf, size_t cap, const cli_opt *o)
{
    char s[8] = "    ";
    if (o->short_name != 0)
        snprintf(s, sizeof(s), "-%c, ", o->short_name);
    if (o->value == NULL)
        snprintf(buf, cap, "%s--%s", s, o->name);
    else if ((o->flags & CLI_OPT_OPTIONAL) != 0)
        snprintf(buf, cap, "%s--%s[=%s]", s, o->name, o->value);
    else
        snprintf(buf, cap, "%s--%s %s", s, o->name, o->value);
}

/* Prints text from column col on, wrapped at 79 columns with its lines
 * starting at column LEFT. */
static void wrapped(FILE *f, const char *text, int col)
{
    const char *p = text;
    while (*p != '\0') {
        int n = (int)strcspn(p, " ");
        if (col > LEFT && col + 1 + n > 79) {
            fprintf(f, "\n%*s", LEFT, "");
            col = LEFT;
        } else if (col > LEFT) {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", n, p);
        col += n;
        p += n;
        p += strspn(p, " ");
    }
    fputc('\n', f);
}

static void print_opt(FILE *f, const cli_opt *o)
{
    char left[96], text[512], list[256];
    opt_spelling(left, sizeof(left), o);
    if ((int)strlen(left) > LEFT - 4)
        fprintf(f, "  %s\n%*s", left, LEFT, "");
    else
        fprintf(f, "  %-*s", LEFT - 2, left);
    snprintf(text, sizeof(text), "%s%s%s%s", o->help,
             o->choices != NULL ? "; one of " : "",
             o->choices != NULL ? cli_choices_text(list, sizeof(list), o->choices) : "",
             (o->flags & CLI_OPT_REQUIRED) != 0 ? " (required)" : "");
    wrapped(f, text, LEFT);
}

static void print_usage(FILE *f, const cli_cmd *cmd, const char *path)
{
    int has_optional = 0;
    fprintf(f, "Usage: openai-ft%s%s", path[0] ? " " : "", path);
    if (cmd == &cli_root) {
        fputs(" [GLOBAL OPTIONS] COMMAND [ARGS]\n", f);
        return;
    }
    if (cmd->subs != NULL) {
        fputs(" COMMAND [OPTIONS]\n", f);
        return;
    }
    if (cmd->operands != NULL)
        fprintf(f, " %s", cmd->operands);
    CLI_FOR_OPTS(cmd, t, o)
    {
        if ((o->flags & CLI_OPT_REQUIRED) != 0)
            fprintf(f, " --%s %s", o->name, o->value);
        else
            has_optional = 1;
    }
    fputs(has_optional ? " [OPTIONS]\n" : "\n", f);
}

static void print_commands(FILE *f, const cli_cmd *cmd)
{
    const cli_cmd *const *s;
    int w = 0;
    for (s = cmd->subs; *s != NULL; s++)
        if ((int)strlen((*s)->name) > w)
            w = (int)strlen((*s)->name);
    fputs("\nCommands:\n", f);
    for (s = cmd->subs; *s != NULL; s++)
        fprintf(f, "  %-*s  %s\n", w, (*s)->name, (*s)->summary);
}

static void print_lines(FILE *f, const char *title, const char *text)
{
    const char *p = text;
    fprintf(f, "\n%s:\n", title);
    while (*p != '\0') {
        size_t n = strcspn(p, "\n");
        fprintf(f, "  %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

void cli_help(const cli_cmd *cmd, const char *path, int to_stderr)
{
    FILE *f = to_stderr ? stderr : stdout;
    const cli_opt *o;
    int has_opts = 0;
    print_usage(f, cmd, path);
    if (cmd->description != NULL)
        fprintf(f, "\n%s\n", cmd->description);
    else if (cmd->summary != NULL)
        fprintf(f, "\n%s\n", cmd->summary);
    if (cmd->subs != NULL)
        print_commands(f, cmd);
    if (cmd->subs != NULL && cmd != &cli_root)
        fprintf(f, "\nRun 'openai-ft %s COMMAND --help' for a command's options.\n",
                path);
    CLI_FOR_OPTS(cmd, t, co)
    {
        if (!has_opts)
            fputs("\nOptions:\n", f);
        has_opts = 1;
        print_opt(f, co);
    }
    if (cmd == &cli_root) {
        fputs("\nGlobal options (before or after the command):\n", f);
        for (o = cli_global_opts; o->id != 0; o++)
            print_opt(f, o);
    } else {
        fputs("\nGlobal options (--json, --base-url, -v, ...): see 'openai-ft --help'.\n",
              f);
    }
    if (cmd->example != NULL)
        print_lines(f, strchr(cmd->example, '\n') ? "Examples" : "Example", cmd->example);
    if (cmd == &cli_root) {
        fputc('\n', f);
        fputs(exit_codes, f);
        fputs("\nErrors go to stderr with the HTTP status, the API's message and the "
              "request id.\nSee openai-ft(1) and 'openai-ft help COMMAND'.\n",
              f);
    }
}
