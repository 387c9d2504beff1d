/*
 * openai-ft: a validation's report: problems, summary, estimate (report.c).
 */
#ifndef OFT_CLI_REPORT_H
#define OFT_CLI_REPORT_H

#include <stddef.h>

#include <openai_ft.h>

#include "base/cli.h"
#include "ui/view.h"

/* What a validation prints: the whole report (validate), the problems and
 * the estimate of billable tokens (train's data), the problems only. */
enum { CLI_REPORT_FULL, CLI_REPORT_ESTIMATE, CLI_REPORT_PROBLEMS };
typedef struct cli_validation {
    const char *model;
    int format;          /* oft_jsonl_format */
    int report;          /* CLI_REPORT_* */
    oft_hp_num n_epochs; /* for the estimate: unset or auto, the API's choice */
    int min_examples;    /* 0: the API's minimum of training data; < 0: none */
    /* out, when valid: the estimate's billable tokens per epoch, and the
     * epochs the validator's rule picks for auto */
    unsigned long long tokens_per_epoch;
    int default_epochs;
} cli_validation;

/* What the report's fields read: the validation of the file shown as shown. */
typedef struct cli_report_item {
    const cli *c; /* the colours of the problems' severities */
    const char *shown;
    const oft_jsonl_report *r;
    const cli_validation *v;
} cli_report_item;

/*
 * The report's one description (ui/view.h): its fields (the document of
 * validate --json, compact, and the values of the summary's lines), a
 * problem's fields (read from a cli_row of a cli_report_item: its objects
 * in the document's "problems", and its line on stderr), and the templates
 * of the lines, in cli_report_lines' order (ending with {0}).
 */
extern const cli_field cli_report_fields[];
extern const cli_field cli_problem_fields[];
enum {
    CLI_LINE_PROBLEM,     /* FILE:LINE:COLUMN: error: ... [code] (n times: lines ...) */
    CLI_LINE_MORE_ERRORS, /* ... and 5 more errors */
    CLI_LINE_MORE_WARNINGS,
    CLI_LINE_SUMMARY,  /* FILE: valid, format chat, 30 examples, 0 errors, ... */
    CLI_LINE_TEXT,     /* messages, characters */
    CLI_LINE_TOKENS,   /* estimated tokens */
    CLI_LINE_BILLABLE, /* the estimate of billable tokens, in the summary */
    CLI_LINE_ESTIMATE  /* the same on stderr (train) */
};
extern const cli_template cli_report_lines[];

/* Prints the problems (repeated ones folded) and what v->report asks. */
void cli_report_print(const cli *c, const char *shown, const oft_jsonl_report *r,
                      const cli_validation *v);
/* The document of validate --json, from cli_report_fields. */
void cli_report_print_json(const char *shown, const oft_jsonl_report *r,
                           const cli_validation *v);
/* "5 errors, 3 warnings" */
const char *cli_report_counts(char *buf, size_t cap, const oft_jsonl_report *r);

#endif
