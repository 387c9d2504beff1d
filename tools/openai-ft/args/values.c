/*
 * openai-ft: usage errors and parsing option values. Every failure names the
 * option and the accepted range, and becomes exit code 2.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args/values.h"
#include "base/cli.h"

/* The command being run ("jobs list"), for the hint of option-value errors
 * raised by helpers that do not know it; empty before a command starts. */
static char current_cmd[64];

void cli_set_command(const char *path)
{
    snprintf(current_cmd, sizeof(current_cmd), "%s", path);
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

int cli_parse_long(long *out, const char *opt, const char *s, long min, long max)
{
    char *end = NULL;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (s[0] == '\0' || end == NULL || *end != '\0' || errno != 0 || v < min || v > max) {
        if (min == -(long)CLI_ANY) /* the library checks the range */
            return cli_usage(NULL, "%s: '%s' is not a whole number", opt, s);
        return cli_usage(NULL, "%s: '%s' is not a whole number from %ld to %ld", opt, s,
                         min, max);
    }
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
        v < min || (min_exclusive && v == min) || v > max) {
        if (min == -CLI_ANY) /* the library checks the range */
            return cli_usage(NULL, "%s: '%s' is not a number", opt, s);
        return cli_usage(NULL, "%s: '%s' is not a number %s %g and <= %g", opt, s,
                         min_exclusive ? ">" : ">=", min, max);
    }
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

int cli_parse_seconds(int64_t *out_ms, const char *opt, const char *s)
{
    double v = 0;
    /* a week is far beyond any sensible wait or timeout */
    if (cli_parse_double(&v, opt, s, 0, 7 * 24 * 3600.0, 1) != 0)
        return CLI_EUSAGE;
    *out_ms = (int64_t)(v * 1000.0 + 0.5);
    if (*out_ms < 1)
        *out_ms = 1;
    return 0;
}

int cli_parse_kv(oft_kv *kv, size_t *count, size_t max, const char *opt, char *arg)
{
    char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg)
        return cli_usage(NULL, "%s: '%s' is not KEY=VALUE", opt, arg);
    if (*count >= max)
        return cli_usage(NULL, "%s: at most %zu pairs", opt, max);
    *eq = '\0'; /* argv strings are ours to modify */
    kv[*count].key = arg;
    kv[*count].value = eq + 1;
    (*count)++;
    return 0;
}
