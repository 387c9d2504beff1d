/*
 * openai-ft jobs report (report.c).
 */
#ifndef OFT_CLI_CMD_REPORT_H
#define OFT_CLI_CMD_REPORT_H

#include "args/args.h"

extern const cli_cmd cli_jobs_report;

#endif
