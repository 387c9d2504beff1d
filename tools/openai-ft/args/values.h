/*
 * openai-ft: usage errors and option values (values.c).
 */
#ifndef OFT_CLI_VALUES_H
#define OFT_CLI_VALUES_H

#include <stddef.h>

#include <openai_ft.h>

#include "base/cli.h"

/* Names the command being run ("jobs list") for the hints of cli_usage(NULL, ...). */
void cli_set_command(const char *path);
/* Prints "openai-ft: <message>" and a hint to see `openai-ft CMD --help` (CMD
 * NULL: the command being run); returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* The bounds of a value parsed before the library checks its range. */
#define CLI_ANY 1e15

/* Each prints a usage error naming the option and returns CLI_EUSAGE, or 0. */
int cli_parse_long(long *out, const char *opt, const char *s, long min, long max);
int cli_parse_double(double *out, const char *opt, const char *s, double min, double max,
                     int min_exclusive);
/* "auto" or a number in range; is_int: the number must be an integer. */
int cli_parse_hp(oft_hp_num *out, const char *opt, const char *s, double min, double max,
                 int min_exclusive, int is_int);
/* Seconds (fractions allowed) to milliseconds. */
int cli_parse_seconds(int64_t *out_ms, const char *opt, const char *s);
/* KEY=VALUE into kv (splitting arg in place); at most max pairs. */
int cli_parse_kv(oft_kv *kv, size_t *count, size_t max, const char *opt, char *arg);

#endif
