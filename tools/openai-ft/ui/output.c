/*
 * openai-ft: output. Terminal detection and colour (--color, NO_COLOR),
 * messages on stderr, JSON documents for scripts, human formats, server text
 * made safe for a terminal.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/output.h"
#include "args/args.h"
#include "base/cli.h"
#include "base/term.h"
#include "base/text.h"

void cli_output_init(cli *c)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    c->tty_out = isatty(STDOUT_FILENO);
    c->tty_err = isatty(STDERR_FILENO);
    c->tty_in = isatty(STDIN_FILENO);
    /* https://no-color.org: any non-empty NO_COLOR turns colour off, unless
     * --color=always asks for it */
    if (c->color_mode == CLI_COLOR_AUTO)
        c->color = c->tty_err && !(no_color != NULL && no_color[0] != '\0') &&
                   !(term != NULL && strcmp(term, "dumb") == 0);
    else
        c->color = c->color_mode == CLI_COLOR_ALWAYS;
}

#define ESC(c, code) ((c)->color ? "\033[" code "m" : "")
const char *cli_c_bold(const cli *c)
{
    return ESC(c, "1");
}
const char *cli_c_dim(const cli *c)
{
    return ESC(c, "2");
}
const char *cli_c_red(const cli *c)
{
    return ESC(c, "31");
}
const char *cli_c_green(const cli *c)
{
    return ESC(c, "32");
}
const char *cli_c_yellow(const cli *c)
{
    return ESC(c, "33");
}
const char *cli_c_reset(const cli *c)
{
    return ESC(c, "0");
}

const char *cli_c_status(const cli *c, const char *status)
{
    if (status == NULL)
        return "";
    if (strcmp(status, "succeeded") == 0)
        return cli_c_green(c);
    if (strcmp(status, "failed") == 0 || strcmp(status, "cancelled") == 0)
        return cli_c_red(c);
    return cli_c_yellow(c);
}

/* A message on stderr from column col on: on a terminal folded at word
 * boundaries (its next lines indented by 2), elsewhere one line as it is. */
static void message(const cli *c, size_t col, const char *fmt, va_list ap)
    CLI_PRINTF(3, 0);
static void message(const cli *c, size_t col, const char *fmt, va_list ap)
{
    char buf[4096];
    if (!c->tty_err) {
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        return;
    }
    vsnprintf(buf, sizeof(buf), fmt, ap);
    cli_fold_print(stderr, buf, col, 2, (size_t)cli_term_width(STDERR_FILENO));
}

void cli_info(const cli *c, const char *fmt, ...)
{
    va_list ap;
    if (c->quiet)
        return;
    va_start(ap, fmt);
    message(c, 0, fmt, ap);
    va_end(ap);
}

/* "openai-ft: WORD: message" in colour on stderr. */
static void prefixed(const cli *c, const char *colour, const char *word, const char *fmt,
                     va_list ap) CLI_PRINTF(4, 0);
static void prefixed(const cli *c, const char *colour, const char *word, const char *fmt,
                     va_list ap)
{
    fprintf(stderr, "%sopenai-ft: %s:%s ", colour, word, cli_c_reset(c));
    message(c, strlen("openai-ft: : ") + strlen(word), fmt, ap);
}

void cli_err(const cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    prefixed(c, cli_c_red(c), "error", fmt, ap);
    va_end(ap);
}

void cli_warn(const cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    prefixed(c, cli_c_yellow(c), "warning", fmt, ap);
    va_end(ap);
}

void cli_print_json(const char *raw_json)
{
    fputs(raw_json != NULL && raw_json[0] != '\0' ? raw_json : "{}", stdout);
    fputc('\n', stdout);
}

void cli_json_list_begin(void)
{
    fputs("{\"object\":\"list\",\"data\":[", stdout);
}

void cli_json_list_item(const char *raw_json, size_t index)
{
    if (index > 0)
        fputc(',', stdout);
    fputs(raw_json != NULL && raw_json[0] != '\0' ? raw_json : "null", stdout);
}

void cli_json_list_end(int has_more)
{
    printf("],\"has_more\":%s}\n", has_more ? "true" : "false");
}

int cli_show_deleted(const cli *c, const oft_deleted *res)
{
    if (c->json)
        cli_print_json(res->raw_json);
    else
        printf("%s %s\n", cli_or_dash(res->id), res->deleted ? "deleted" : "not deleted");
    return res->deleted ? CLI_OK : CLI_EAPI;
}

const char *cli_fmt_time(char *buf, size_t cap, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
        strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        snprintf(buf, cap, "-");
    return buf;
}

const char *cli_fmt_duration(char *buf, size_t cap, long long s)
{
    if (s < 0)
        s = 0;
    if (s < 60)
        snprintf(buf, cap, "%llds", s);
    else if (s < 3600)
        snprintf(buf, cap, "%lldm%02llds", s / 60, s % 60);
    else
        snprintf(buf, cap, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
    return buf;
}

const char *cli_plural(char *buf, size_t cap, unsigned long long n, const char *noun)
{
    snprintf(buf, cap, "%llu %s%s", n, noun, n == 1 ? "" : "s");
    return buf;
}

const char *cli_fmt_bytes(char *buf, size_t cap, long long bytes)
{
    static const char *units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = (double)bytes;
    size_t u = 0;
    while (v >= 1000.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
        v /= 1000.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, cap, "%lld B", bytes);
    else
        snprintf(buf, cap, "%.1f %s", v, units[u]);
    return buf;
}

void cli_json_str(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (s == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *p != '\0'; p++) {
        switch (*p) {
            case '"':
                fputs("\\\"", stdout);
                break;
            case '\\':
                fputs("\\\\", stdout);
                break;
            case '\n':
                fputs("\\n", stdout);
                break;
            case '\r':
                fputs("\\r", stdout);
                break;
            case '\t':
                fputs("\\t", stdout);
                break;
            default:
                if (*p < 0x20)
                    printf("\\u%04x", *p);
                else
                    putchar(*p);
        }
    }
    putchar('"');
}

const cli_opt cli_yes_opts[] = {
    {.id = OPT_YES,
     .name = "yes",
     .short_name = 'y',
     .help = "go ahead without asking (required when stdin is not a terminal)"},
    {0},
};

int cli_confirm(const cli *c, int yes, const char *action)
{
    char line[64];
    if (yes)
        return CLI_OK;
    if (!c->tty_in) {
        fprintf(stderr,
                "openai-ft: will not %s without confirmation: stdin is not a terminal; "
                "pass --yes to confirm\n",
                action);
        return CLI_EUSAGE;
    }
    fprintf(stderr, "%sReally %s?%s [y/N] ", cli_c_bold(c), action, cli_c_reset(c));
    fflush(stderr);
    if (fgets(line, sizeof(line), stdin) != NULL &&
        (strcmp(line, "y\n") == 0 || strcmp(line, "yes\n") == 0 ||
         strcmp(line, "Y\n") == 0 || strcmp(line, "YES\n") == 0))
        return CLI_OK;
    fputs("Not confirmed: nothing was done.\n", stderr);
    return CLI_EAPI;
}
