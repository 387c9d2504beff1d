/*
 * openai-ft files (files.c); the upload train and sweep share.
 */
#ifndef OFT_CLI_FILES_H
#define OFT_CLI_FILES_H

#include "app/input.h"
#include "args/args.h"
#include "ui/view.h"
#include "base/cli.h"

/* Uploads with a progress bar on a terminal; prints the failure. Exit code. */
int cli_upload(cli *c, const cli_input *in, const char *purpose, oft_file **out);

extern const cli_cmd cli_cmd_files;

/* The description of the files table of `files list` (ui/view.h). */
extern const cli_field cli_file_fields[];

/* The description of a file as `files get` and `files upload` show it (ui/view.h). */
extern const cli_field cli_file_lines[];

#endif
