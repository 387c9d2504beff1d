/*
 * openai-ft: a validation's report: problems, summary, estimate (report.c).
 */
#ifndef OFT_CLI_REPORT_H
#define OFT_CLI_REPORT_H

#include <stddef.h>

#include <openai_ft.h>

#include "base/cli.h"

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

/* Prints the problems (repeated ones folded) and what v->report asks. */
void cli_report_print(const cli *c, const char *shown, const oft_jsonl_report *r,
                      const cli_validation *v);
void cli_report_print_json(const char *shown, const oft_jsonl_report *r,
                           const cli_validation *v);
/* "5 errors, 3 warnings" */
const char *cli_report_counts(char *buf, size_t cap, const oft_jsonl_report *r);

#endif
