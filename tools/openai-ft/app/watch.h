/*
 * openai-ft: a job waited for, with the live view or plain lines (watch.c).
 */
#ifndef OFT_CLI_WATCH_H
#define OFT_CLI_WATCH_H

#include "base/cli.h"

typedef struct cli_watch_options {
    int64_t timeout_ms;       /* 0: none */
    int64_t poll_interval_ms; /* 0: the library's default */
    int cancel_on_interrupt;
    int events_only; /* `jobs events --follow`: print events, no status view */
    int all_events;  /* every event, also off a terminal and of an ended job */
} cli_watch_options;
/*
 * Waits for a job with the live view (terminal) or plain lines, then prints
 * the outcome (the final job JSON with --json, else `fine_tuned_model: ...`).
 * Returns the exit code: 0, 1, 3, 4 or 130/143.
 */
int cli_watch_job(cli *c, const char *job_id, const cli_watch_options *wo);
/* A job's status as the server named it, else the library's name for it. */
const char *cli_job_status(const oft_job *job);

#endif
