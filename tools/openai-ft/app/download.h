/*
 * openai-ft: a file's content to a path, `-`, a device or a FIFO (download.c).
 */
#ifndef OFT_CLI_DOWNLOAD_H
#define OFT_CLI_DOWNLOAD_H

#include "base/cli.h"

/* Downloads a file's content to `output` (a path, `-`, a device or FIFO). */
int cli_download(cli *c, const char *id, const char *output, int force);

#endif
