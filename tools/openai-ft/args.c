/*
 * openai-ft: parsing option values. Every failure names the option and the
 * accepted range, and becomes exit code 2.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The command being run ("jobs list"), for the hint of option-value errors
 * raised by helpers that do not know it; empty before a command starts. */
static char current_cmd[64];

void cli_set_command(const char *group, const char *sub)
{
    snprintf(current_cmd, sizeof(current_cmd), "%s%s%s", group, sub ? " " : "",
             sub ? sub : "");
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    if (cmd == NULL)
        cmd = current_cmd;
    fputs("openai-ft: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd != NULL && cmd[0] != '\0')
        fprintf(stderr, "\nTry 'openai-ft %s --help'.\n", cmd);
    else
        fputs("\nTry 'openai-ft --help'.\n", stderr);
    return CLI_EUSAGE;
}

int cli_bad_option(const char *cmd, char **argv, int optopt_c, int missing)
{
    const char *arg = argv[optind - 1];
    if (missing)
        return cli_usage(cmd, "option '%s' needs a value", arg);
    if (optopt_c != 0 && optopt_c != '?')
        return cli_usage(cmd, "unknown option '-%c'", optopt_c);
    return cli_usage(cmd, "unknown option '%s'", arg);
}

int cli_parse_long(long *out, const char *opt, const char *s, long min, long max)
{
    char *end = NULL;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (s[0] == '\0' || end == NULL || *end != '\0' || errno != 0 || v < min || v > max)
        return cli_usage(NULL, "%s: '%s' is not a whole number from %ld to %ld", opt, s,
                         min, max);
    *out = v;
    return 0;
}

int cli_parse_double(double *out, const char *opt, const char *s, double min, double max,
                     int min_exclusive)
{
    char *end = NULL;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (s[0] == '\0' || end == NULL || *end != '\0' || errno != 0 || !isfinite(v) ||
        v < min || (min_exclusive && v == min) || v > max)
        return cli_usage(NULL, "%s: '%s' is not a number %s %g and <= %g", opt, s,
                         min_exclusive ? ">" : ">=", min, max);
    *out = v;
    return 0;
}

int cli_parse_hp(oft_hp_num *out, const char *opt, const char *s, double min, double max,
                 int min_exclusive, int is_int)
{
    if (strcmp(s, "auto") == 0) {
        out->mode = OFT_HP_AUTO;
        out->value = 0;
        return 0;
    }
    if (is_int) {
        long v = 0;
        if (cli_parse_long(&v, opt, s, (long)min, (long)max) != 0)
            return CLI_EUSAGE;
        out->value = (double)v;
    } else if (cli_parse_double(&out->value, opt, s, min, max, min_exclusive) != 0) {
        return CLI_EUSAGE;
    }
    out->mode = OFT_HP_VALUE;
    return 0;
}

int cli_parse_seconds(long *out_ms, const char *opt, const char *s)
{
    double v = 0;
    /* a week is far beyond any sensible wait or timeout, and fits a long */
    if (cli_parse_double(&v, opt, s, 0, 7 * 24 * 3600.0, 1) != 0)
        return CLI_EUSAGE;
    *out_ms = (long)(v * 1000.0 + 0.5);
    if (*out_ms < 1)
        *out_ms = 1;
    return 0;
}

int cli_operands(const char *cmd, int argc, char **argv, const char **out, int n,
                 const char *names)
{
    int i;
    if (argc - optind < n)
        return cli_usage(cmd, "missing argument: %s", names);
    if (argc - optind > n)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind + n]);
    for (i = 0; i < n; i++)
        out[i] = argv[optind + i];
    return 0;
}

int cli_positionals(const char *cmd, const char *help, int argc, char **argv,
                    const char **out, int n, const char *names)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(help, stdout);
            return -1;
        }
        return cli_bad_option(cmd, argv, optopt, opt == ':');
    }
    return cli_operands(cmd, argc, argv, out, n, names);
}

int cli_dispatch(cli *c, const char *group, const char *help, const cli_sub *subs,
                 size_t n, int argc, char **argv)
{
    size_t i;
    if (argc < 2) {
        fputs(help, stderr);
        return CLI_EUSAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(help, stdout);
        return CLI_OK;
    }
    for (i = 0; i < n; i++) {
        if (strcmp(argv[1], subs[i].name) == 0) {
            cli_set_command(group, subs[i].name);
            optind = 0;
            return subs[i].run(c, argc - 1, argv + 1);
        }
    }
    return cli_usage(group, "unknown command '%s %s'", group, argv[1]);
}
