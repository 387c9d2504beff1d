/*
 * openai-ft files: upload (with a progress bar on a terminal), list, get,
 * delete, download.
 */
#include <string.h>

#include "cmd/files.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/download.h"
#include "app/input.h"
#include "app/list.h"
#include "app/signals.h"
#include "args/args.h"
#include "args/parse.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/progress.h"
#include "ui/table.h"

static int progress_cb(int64_t sent, int64_t total, void *payload)
{
    cli_progress_update(payload, (long long)sent, (long long)total);
    return 0;
}

int cli_upload(cli *c, const cli_input *in, const char *purpose, oft_file **out)
{
    oft_file_upload_options uo = OFT_FILE_UPLOAD_OPTIONS_INIT;
    cli_progress p;
    int rc, armed;
    *out = NULL;
    if (cli_client(c) == NULL)
        return c->client_exit;
    cli_progress_start(&p, c, "uploading");
    uo.purpose = purpose;
    uo.progress = progress_cb;
    uo.payload = &p;
    /* Ctrl-C stops the upload; the library then cancels a large one's Upload
     * on the server (train arms this already, for its later steps too). */
    armed = cli_signals_armed();
    if (!armed)
        cli_signals_arm(c);
    if (in->fd >= 0)
        rc = oft_file_upload_fd(out, c->client, in->fd, in->filename, &uo);
    else
        rc = oft_file_upload(out, c->client, in->path, &uo);
    if (!armed)
        cli_signals_disarm();
    cli_progress_end(&p);
    if (rc == OFT_EINTERRUPTED) {
        cli_err(c, "interrupted; upload cancelled");
        return cli_interrupt_exit();
    }
    if (rc == OFT_EIO) {
        const oft_error *e = oft_client_last_error(c->client);
        cli_err(c, "%s",
                cli_text(oft_error_message(e)[0] ? oft_error_message(e) : in->shown));
        return CLI_EUSAGE;
    }
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "upload the file");
    return CLI_OK;
}

/* The files table: the ID always, the name (cut in the middle: its end is
 * its extension), size, age and purpose as the width allows. */
static const cli_col file_cols[] = {
    {"id", "ID", NULL, 0, 0, 0},
    {"purpose", "PURPOSE", NULL, 4, 9, 0},
    {"size", "SIZE", NULL, 2, 0, 0},
    {"created", "CREATED", NULL, 3, 0, 0},
    {"filename", "FILENAME", NULL, 1, 12, CLI_COL_CUT_MIDDLE},
    {"status", "STATUS", NULL, 5, 0, CLI_COL_WIDE},
    {"bytes", "BYTES", NULL, 5, 0, CLI_COL_WIDE},
    {"expires", "EXPIRES", NULL, 5, 0, CLI_COL_WIDE},
    {NULL, NULL, NULL, 0, 0, 0},
};

static void file_row(cli_table *t, const oft_file *f)
{
    char c[32], ca[32], b[32], n[32], e[32];
    snprintf(n, sizeof(n), "%lld", (long long)f->bytes);
    cli_table_cell(t, cli_or_dash(f->id), NULL);
    cli_table_cell(t, cli_or_dash(f->purpose), NULL);
    cli_table_cell(t, cli_fmt_bytes(b, sizeof(b), (long long)f->bytes), NULL);
    cli_table_cell(t, cli_fmt_time(c, sizeof(c), f->created_at),
                   cli_fmt_age(ca, sizeof(ca), f->created_at));
    cli_table_cell(t, cli_or_dash(f->filename), NULL);
    cli_table_cell(t, cli_or_dash(f->status_raw), NULL);
    cli_table_cell(t, n, NULL);
    cli_table_cell(t, cli_fmt_time(e, sizeof(e), f->expires_at), NULL);
}

static int next_file(void *it, const char **raw_json, cli_table *t)
{
    const oft_file *f;
    int rc = oft_file_iter_next(&f, it);
    if (rc == OFT_OK) {
        *raw_json = f->raw_json;
        if (t != NULL)
            file_row(t, f);
    }
    return rc;
}

static void print_file(const oft_file *f)
{
    char t[32];
    printf("id:         %s\n", cli_or_dash(f->id));
    printf("filename:   %s\n", cli_or_dash(f->filename));
    printf("purpose:    %s\n", cli_or_dash(f->purpose));
    printf("bytes:      %lld\n", (long long)f->bytes);
    printf("status:     %s\n", cli_or_dash(f->status_raw));
    printf("created_at: %s\n", cli_fmt_time(t, sizeof(t), f->created_at));
    if (f->expires_at > 0)
        printf("expires_at: %s\n", cli_fmt_time(t, sizeof(t), f->expires_at));
    if (f->status_details != NULL)
        printf("details:    %s\n", cli_text(f->status_details));
}

static int show_file(cli *c, oft_file *f)
{
    if (c->json)
        cli_print_json(f->raw_json);
    else if (c->quiet)
        printf("%s\n", cli_or_dash(f->id));
    else
        print_file(f);
    oft_file_free(f);
    return CLI_OK;
}

static int run_upload(cli *c, const cli_args *a)
{
    const char *filename = cli_opt_value(a, OPT_FILENAME, NULL);
    cli_input in;
    oft_file *f = NULL;
    int rc;
    if (filename != NULL && strcmp(a->operands[0], "-") != 0)
        return cli_usage(NULL, "--filename names an upload from stdin (FILE '-')");
    if ((rc = cli_input_open(c, &in, a->operands[0], filename)) != 0)
        return rc;
    rc = cli_upload(c, &in, cli_opt_value(a, OPT_PURPOSE, "fine-tune"), &f);
    cli_input_close(&in);
    return rc != CLI_OK ? rc : show_file(c, f);
}

static int run_list(cli *c, const cli_args *a)
{
    oft_file_list_options lo = OFT_FILE_LIST_OPTIONS_INIT;
    oft_file_iter *it = NULL;
    cli_table *t = NULL;
    int rc;
    lo.purpose = cli_opt_value(a, OPT_PURPOSE, NULL);
    if ((rc = cli_table_new(&t, c, file_cols, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_table_free(t);
        return c->client_exit;
    }
    rc = oft_file_iter_new(&it, c->client, &lo);
    if (rc != OFT_OK) {
        cli_table_free(t);
        return cli_api_fail(c, rc, "list files");
    }
    rc = cli_print_iter(c, t, next_file, it, "list files", NULL);
    oft_file_iter_free(it);
    return rc;
}

static int run_get(cli *c, const cli_args *a)
{
    oft_file *f = NULL;
    int rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_file_retrieve(&f, c->client, a->operands[0]);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "get the file");
    return show_file(c, f);
}

/* Asks before deleting on a terminal, naming the file (a lookup first). */
static int confirm_delete(cli *c, const cli_args *a, const char *id)
{
    oft_file *f = NULL;
    char action[512], size[32];
    int rc, yes = cli_opt_value(a, OPT_YES, NULL) != NULL;
    if (!yes && c->tty_in) {
        rc = oft_file_retrieve(&f, c->client, id);
        if (rc != OFT_OK)
            return cli_api_fail(c, rc, "get the file");
        snprintf(action, sizeof(action), "delete the file %s (%s, %s)", cli_text(id),
                 cli_or_dash(f->filename), cli_fmt_bytes(size, sizeof(size), f->bytes));
        oft_file_free(f);
    } else {
        snprintf(action, sizeof(action), "delete the file %s", cli_text(id));
    }
    return cli_confirm(c, yes, action);
}

static int run_delete(cli *c, const cli_args *a)
{
    const char *id = a->operands[0];
    oft_deleted *res = NULL;
    int rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    if ((rc = confirm_delete(c, a, id)) != CLI_OK)
        return rc;
    rc = oft_file_delete(&res, c->client, id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "delete the file");
    rc = cli_show_deleted(c, res);
    oft_deleted_free(res);
    return rc;
}

static int run_download(cli *c, const cli_args *a)
{
    return cli_download(c, a->operands[0], cli_opt_value(a, OPT_OUTPUT, NULL),
                        cli_opt_value(a, OPT_FORCE, NULL) != NULL);
}

static const cli_opt upload_opts[] = {
    {.id = OPT_PURPOSE,
     .name = "purpose",
     .value = "P",
     .help = "fine-tune (the default), batch, vision, user_data, evals, ..."},
    {.id = OPT_FILENAME,
     .name = "filename",
     .value = "NAME",
     .help = "the name of an upload from stdin (default stdin.jsonl)"},
    {0},
};

static const cli_opt list_opts[] = {
    {.id = OPT_PURPOSE,
     .name = "purpose",
     .value = "P",
     .help = "only files of this purpose"},
    {0},
};

static const cli_opt download_opts[] = {
    {.id = OPT_OUTPUT,
     .name = "output",
     .short_name = 'o',
     .value = "PATH",
     .kind = CLI_VAL_FILE,
     .flags = CLI_OPT_REQUIRED,
     .help = "where to write the content ('-': stdout; a device or FIFO is written to)"},
    {.id = OPT_FORCE,
     .name = "force",
     .help = "replace PATH even when it is a symbolic link (the link, not its target)"},
    {0},
};

static const cli_cmd files_upload = {
    .name = "upload",
    .summary = "upload a file (progress bar on a terminal)",
    .operands = "FILE",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .opts = {upload_opts},
    .description =
        "Uploads FILE and prints the new file (with --quiet, only its ID).\n"
        "FILE '-' reads stdin (spooled to a temporary file when it is a pipe).\n"
        "Files over 128 MiB go through the Uploads API in parallel parts.",
    .example = "openai-ft files upload train.jsonl\n"
               "generate-data | openai-ft files upload - --filename train.jsonl",
    .run = run_upload,
};

static const cli_cmd files_list = {
    .name = "list",
    .summary = "list files, newest first",
    .opts = {list_opts, cli_table_opts},
    .description = "Lists every file (page after page), newest first. Columns: id,\n"
                   "purpose, size, created, filename, status, bytes, expires.",
    .example = "openai-ft files list --purpose fine-tune",
    .run = run_list,
};

static const cli_cmd files_get = {
    .name = "get",
    .summary = "show a file",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE_ID,
    .description = "Shows a file's name, purpose, size, status and dates.",
    .example = "openai-ft files get file-abc123",
    .run = run_get,
};

static const cli_cmd files_delete = {
    .name = "delete",
    .summary = "delete a file (asks first on a terminal)",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE_ID,
    .opts = {cli_yes_opts},
    .description = "Deletes a file. On a terminal it asks first; when stdin is not a\n"
                   "terminal it refuses unless --yes is given.",
    .example = "openai-ft files delete file-abc123 --yes",
    .run = run_delete,
};

static const cli_cmd files_download = {
    .name = "download",
    .summary = "write a file's content to PATH or stdout",
    .operands = "ID",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE_ID,
    .opts = {download_opts},
    .description =
        "Writes the file's content to PATH. A regular file is replaced only once\n"
        "the download is complete (Ctrl-C or SIGTERM leave no partial file); a\n"
        "device or FIFO is written to; a symbolic link is refused unless --force.\n"
        "-o - writes to stdout.",
    .example = "openai-ft files download file-abc123 -o results.csv\n"
               "openai-ft files download file-abc123 -o - | head",
    .run = run_download,
};

static const cli_cmd *const files_subs[] = {
    &files_upload, &files_list, &files_get, &files_delete, &files_download, NULL,
};

const cli_cmd cli_cmd_files = {
    .name = "files",
    .summary = "upload, list, get, delete, download files",
    .description = "Manage uploaded files: training data, results.",
    .example = "openai-ft files list",
    .subs = files_subs,
};
