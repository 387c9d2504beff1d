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
#include "ui/view.h"

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

#define FILE_OF(p) ((const oft_file *)(p))

static cli_value file_id(const void *p, char *buf, size_t cap)
{
    return cli_v_text(FILE_OF(p)->id);
}

static cli_value file_purpose(const void *p, char *buf, size_t cap)
{
    return cli_v_text(FILE_OF(p)->purpose);
}

static cli_value file_bytes(const void *p, char *buf, size_t cap)
{
    return cli_v_int((long long)FILE_OF(p)->bytes);
}

static cli_value file_created(const void *p, char *buf, size_t cap)
{
    return cli_v_time(FILE_OF(p)->created_at);
}

static cli_value file_name(const void *p, char *buf, size_t cap)
{
    return cli_v_text(FILE_OF(p)->filename);
}

static cli_value file_status(const void *p, char *buf, size_t cap)
{
    return cli_v_text(FILE_OF(p)->status_raw);
}

static cli_value file_expires(const void *p, char *buf, size_t cap)
{
    return cli_v_time(FILE_OF(p)->expires_at);
}

static cli_value file_details(const void *p, char *buf, size_t cap)
{
    const char *d = FILE_OF(p)->status_details;
    return d != NULL ? cli_v_raw(d) : cli_v_text(NULL);
}

/* The files table: the ID always, the name (cut in the middle: its end is
 * its extension), size, age and purpose as the width allows. */
const cli_field cli_file_fields[] = {
    {"id", "id", "ID", NULL, 0, 0, 0, CLI_FMT_PLAIN, file_id},
    {"purpose", "purpose", "PURPOSE", NULL, 4, 9, 0, CLI_FMT_PLAIN, file_purpose},
    {"size", "bytes", "SIZE", NULL, 2, 0, 0, CLI_FMT_BYTES, file_bytes},
    {"created", "created_at", "CREATED", NULL, 3, 0, 0, CLI_FMT_AGE, file_created},
    {"filename", "filename", "FILENAME", NULL, 1, 12, CLI_COL_CUT_MIDDLE, CLI_FMT_PLAIN,
     file_name},
    {"status", "status", "STATUS", NULL, 5, 0, CLI_COL_WIDE, CLI_FMT_PLAIN, file_status},
    {"bytes", "bytes", "BYTES", NULL, 5, 0, CLI_COL_WIDE, CLI_FMT_PLAIN, file_bytes},
    {"expires", "expires_at", "EXPIRES", NULL, 5, 0, CLI_COL_WIDE, CLI_FMT_TIME,
     file_expires},
    {0},
};

/* files get, upload */
const cli_field cli_file_lines[] = {
    {"id", "id", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, file_id},
    {"filename", "filename", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, file_name},
    {"purpose", "purpose", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, file_purpose},
    {"bytes", "bytes", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, file_bytes},
    {"status", "status", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, file_status},
    {"created_at", "created_at", NULL, NULL, 0, 0, 0, CLI_FMT_TIME, file_created},
    {"expires_at", "expires_at", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_TIME,
     file_expires},
    {"details", "status_details", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     file_details},
    {0},
};

static int next_file(void *it, const char **raw_json, const void **item)
{
    const oft_file *f;
    int rc = oft_file_iter_next(&f, it);
    if (rc == OFT_OK) {
        *raw_json = f->raw_json;
        *item = f;
    }
    return rc;
}

static int show_file(cli *c, oft_file *f)
{
    if (c->quiet && !c->json)
        printf("%s\n", cli_or_dash(f->id));
    else
        cli_view_show(c, cli_file_lines, f->raw_json, f);
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
    cli_view *v = NULL;
    int rc;
    lo.purpose = cli_opt_value(a, OPT_PURPOSE, NULL);
    if ((rc = cli_view_new(&v, c, cli_file_fields, a)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        cli_view_free(v);
        return c->client_exit;
    }
    rc = oft_file_iter_new(&it, c->client, &lo);
    if (rc != OFT_OK) {
        cli_view_free(v);
        return cli_api_fail(c, rc, "list files");
    }
    rc = cli_print_iter(c, v, next_file, it, "list files", NULL);
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
