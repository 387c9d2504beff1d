/*
 * openai-ft: messages, colours, JSON documents, formats (output.c).
 */
#ifndef OFT_CLI_OUTPUT_H
#define OFT_CLI_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include <openai_ft.h>

#include "args/args.h"
#include "base/cli.h"

void cli_output_init(cli *c);
/* Colour escapes (empty strings when colour is off). */
const char *cli_c_bold(const cli *c);
const char *cli_c_dim(const cli *c);
const char *cli_c_red(const cli *c);
const char *cli_c_green(const cli *c);
const char *cli_c_yellow(const cli *c);
const char *cli_c_reset(const cli *c);
/* Colour for a job status word. */
const char *cli_c_status(const cli *c, const char *status);

/* Informational line on stderr unless --quiet. */
void cli_info(const cli *c, const char *fmt, ...) CLI_PRINTF(2, 3);
/* "openai-ft: error: ..." on stderr (always). */
void cli_err(const cli *c, const char *fmt, ...) CLI_PRINTF(2, 3);
/* "openai-ft: warning: ..." on stderr (always). */
void cli_warn(const cli *c, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Prints a delete result (its JSON, or "ID deleted|not deleted"); returns
 * the exit code: 0 when deleted, else 1. */
int cli_show_deleted(const cli *c, const oft_deleted *res);

/* One JSON document on stdout (raw_json of a response, or "{}" if absent). */
void cli_print_json(const char *raw_json);
/* A list document built from items' raw JSON: begin, item..., end. */
void cli_json_list_begin(void);
void cli_json_list_item(const char *raw_json, size_t index);
void cli_json_list_end(int has_more);
/* JSON string literal (quoted, escaped) on stdout; NULL prints null. */
void cli_json_str(const char *s);

/* "2026-01-02 15:04:05" (UTC) or "-" when t is OFT_TIME_NONE / 0. */
const char *cli_fmt_time(char *buf, size_t cap, int64_t t);
/* "1m05s", "2h03m" */
const char *cli_fmt_duration(char *buf, size_t cap, long long seconds);
/* "1.2 MB" */
const char *cli_fmt_bytes(char *buf, size_t cap, long long bytes);
/* "1 example", "2 examples": the noun's plural adds "s". */
const char *cli_plural(char *buf, size_t cap, unsigned long long n, const char *noun);

/*
 * Asks "Really ACTION? [y/N]" on a terminal. With yes set it is not asked;
 * when stdin is not a terminal it refuses (saying --yes would do). Returns
 * CLI_OK (go on), 1 (answered no) or 2 (refused), having said so.
 */
int cli_confirm(const cli *c, int yes, const char *action);
/* The --yes option of the commands that confirm. */
extern const cli_opt cli_yes_opts[];

#endif
