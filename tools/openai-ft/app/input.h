/*
 * openai-ft: files given as paths or `-` (input.c).
 */
#ifndef OFT_CLI_INPUT_H
#define OFT_CLI_INPUT_H

#include "base/cli.h"

typedef struct cli_input {
    int fd;               /* open, or -1 when path is used as is */
    const char *path;     /* the path given, or NULL for `-` */
    const char *shown;    /* for messages: the path or "stdin" */
    const char *filename; /* the name it is uploaded as */
} cli_input;
/*
 * Opens arg for reading: a path as is (fd -1, nothing opened); `-` is stdin,
 * used directly when it is a regular file, else spooled to an unlinked
 * temporary file (seekable, with a size). Returns 0 or an exit code (printed).
 */
int cli_input_open(cli *c, cli_input *in, const char *arg, const char *filename);
void cli_input_close(cli_input *in);

#endif
