/*
 * openai-ft: the help texts, rendered from the command tree (usage line,
 * description, options or commands, example), folded at word boundaries
 * for the terminal's width (at most 100 columns, for reading; 80 off a
 * terminal).
 */
#include <string.h>
#include <unistd.h>

#include "args/help.h"
#include "args/args.h"
#include "args/suggest.h"
#include "base/term.h"
#include "base/text.h"

#define MAX_WIDTH 100

/* The last column a line may use, and where option help starts (beside the
 * option, or under it on a narrow terminal). */
static size_t width = 79;
static size_t left = 30;

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

/* Prints text from column col on, folded with its next lines starting at
 * column `left`. */
static void wrapped(FILE *f, const char *text, size_t col)
{
    cli_fold_print(f, text, col, left, width);
}

static void print_opt(FILE *f, const cli_opt *o)
{
    char spelling[96], text[512], list[256];
    opt_spelling(spelling, sizeof(spelling), o);
    if (strlen(spelling) + 4 > left)
        fprintf(f, "  %s\n%*s", spelling, (int)left, "");
    else
        fprintf(f, "  %-*s", (int)left - 2, spelling);
    snprintf(text, sizeof(text), "%s%s%s%s", o->help,
             o->choices != NULL ? "; one of " : "",
             o->choices != NULL ? cli_choices_text(list, sizeof(list), o->choices) : "",
             (o->flags & CLI_OPT_REQUIRED) != 0 ? " (required)" : "");
    wrapped(f, text, left);
}

/* Prints text from column margin on: lines that start without a space are
 * (when join is set) joined into paragraphs and folded for the width; an indented line
 * stays a line of its own, folded with its next lines indented by its indentation plus
 * extra. */
static void lines(FILE *f, const char *text, size_t margin, size_t extra, int join)
{
    char para[2048];
    size_t plen = 0;
    const char *p = text;
    for (;;) {
        size_t n = strcspn(p, "\n"), lead = strspn(p, " ");
        int joins = join && n > 0 && lead == 0 && *p != '\0';
        if (!joins && plen > 0) { /* the paragraph ends */
            fprintf(f, "%*s", (int)margin, "");
            cli_fold_print(f, para, margin, margin + extra, width);
            plen = 0;
        }
        if (*p == '\0')
            break;
        if (joins && plen + n + 2 < sizeof(para)) {
            plen += (size_t)snprintf(para + plen, sizeof(para) - plen, "%s%.*s",
                                     plen ? " " : "", (int)n, p);
        } else if (!joins) {
            char line[1024];
            snprintf(line, sizeof(line), "%.*s", (int)n, p);
            fprintf(f, "%*s", (int)margin, "");
            cli_fold_print(f, line, margin, margin + (lead < n ? lead : 0) + extra,
                           width);
        }
        p += n + (p[n] == '\n');
    }
}

static void print_usage(FILE *f, const cli_cmd *cmd, const char *path)
{
    char u[1024];
    int has_optional = 0;
    size_t n;
    snprintf(u, sizeof(u), "Usage: openai-ft%s%s", path[0] ? " " : "", path);
    n = strlen(u);
    if (cmd == cli_tree_root())
        snprintf(u + n, sizeof(u) - n, " [GLOBAL OPTIONS] COMMAND [ARGS]");
    else if (cmd->subs != NULL && cmd->run == NULL)
        snprintf(u + n, sizeof(u) - n, " COMMAND [OPTIONS]");
    else if (cmd->operands != NULL)
        snprintf(u + n, sizeof(u) - n, " %s", cmd->operands);
    CLI_FOR_OPTS(cmd, t, o)
    {
        n = strlen(u);
        if ((cmd->subs != NULL && cmd->run == NULL) || cmd == cli_tree_root())
            break;
        if ((o->flags & CLI_OPT_REQUIRED) != 0)
            snprintf(u + n, sizeof(u) - n, " --%s %s", o->name, o->value);
        else
            has_optional = 1;
    }
    n = strlen(u);
    if (has_optional)
        snprintf(u + n, sizeof(u) - n, " [OPTIONS]");
    cli_fold_print(f, u, 0, 4, width);
}

static void print_commands(FILE *f, const cli_cmd *cmd)
{
    const cli_cmd *const *s;
    int w = 0;
    for (s = cmd->subs; *s != NULL; s++)
        if ((int)strlen((*s)->name) > w)
            w = (int)strlen((*s)->name);
    fputs("\nCommands:\n", f);
    for (s = cmd->subs; *s != NULL; s++) {
        fprintf(f, "  %-*s  ", w, (*s)->name);
        cli_fold_print(f, (*s)->summary, (size_t)w + 4, (size_t)w + 4, width);
    }
}

static void print_lines(FILE *f, const char *title, const char *text)
{
    fprintf(f, "\n%s:\n", title);
    lines(f, text, 2, 4, 0);
}

/* The width help is folded for: the terminal's (at most MAX_WIDTH), else 80. */
static void set_width(FILE *f)
{
    int fd = fileno(f);
    size_t w = isatty(fd) ? (size_t)cli_term_width(fd) : 80;
    if (w > MAX_WIDTH)
        w = MAX_WIDTH;
    if (w < 30)
        w = 30;
    width = w - 1; /* as before: 79 of 80 */
    left = width >= 69 ? 30 : 8;
}

void cli_help(const cli_cmd *cmd, const char *path, int to_stderr)
{
    FILE *f = to_stderr ? stderr : stdout;
    const cli_opt *o;
    int has_opts = 0;
    set_width(f);
    print_usage(f, cmd, path);
    if (cmd->description != NULL || cmd->summary != NULL) {
        fputc('\n', f);
        lines(f, cmd->description != NULL ? cmd->description : cmd->summary, 0, 0, 1);
    }
    if (cmd->subs != NULL)
        print_commands(f, cmd);
    if (cmd->subs != NULL && cmd != cli_tree_root() && cmd->run == NULL) {
        char run[160];
        snprintf(run, sizeof(run),
                 "Run 'openai-ft %s COMMAND --help' for a command's options.", path);
        fputc('\n', f);
        lines(f, run, 0, 0, 1);
    }
    CLI_FOR_OPTS(cmd, t, co)
    {
        if (!has_opts)
            fputs("\nOptions:\n", f);
        has_opts = 1;
        print_opt(f, co);
    }
    if (cmd == cli_tree_root()) {
        fputs("\nGlobal options (before or after the command):\n", f);
        for (o = cli_global_opts; o->id != 0; o++)
            print_opt(f, o);
    } else {
        fputc('\n', f);
        lines(f, "Global options (--json, --base-url, -v, ...): see 'openai-ft --help'.",
              0, 0, 1);
    }
    if (cmd->example != NULL)
        print_lines(f, strchr(cmd->example, '\n') ? "Examples" : "Example", cmd->example);
    if (cmd == cli_tree_root()) {
        fputc('\n', f);
        lines(f, exit_codes, 0, 5, 0);
        fputc('\n', f);
        lines(f,
              "Errors go to stderr with the HTTP status, the API's message and the "
              "request id.\nSee openai-ft(1) and 'openai-ft help COMMAND'.\n",
              0, 0, 1);
    }
}
