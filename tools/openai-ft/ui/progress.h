/*
 * openai-ft: the upload bar on stderr (progress.c).
 */
#ifndef OFT_CLI_PROGRESS_H
#define OFT_CLI_PROGRESS_H

#include "base/cli.h"

typedef struct cli_progress {
    const cli *c;
    const char *label;
    int active;
    int last_permille;
    long long started_ms;
    long long last_draw_ms;
} cli_progress;
void cli_progress_start(cli_progress *p, const cli *c, const char *label);
void cli_progress_update(cli_progress *p, long long done, long long total);
void cli_progress_end(cli_progress *p);
/* Monotonic milliseconds. */
long long cli_now_ms(void);

#endif
