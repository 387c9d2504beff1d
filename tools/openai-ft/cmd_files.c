/*
 * openai-ft files: upload (with a progress bar on a terminal), list, get,
 * delete, download.
 */
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: openai-ft files COMMAND ...\n"
    "\n"
    "  files upload FILE [--purpose fine-tune]   upload (progress bar on a terminal)\n"
    "  files list [--purpose P]\n"
    "  files get ID\n"
    "  files delete ID\n"
    "  files download ID -o PATH                 write the content to PATH\n"
    "\n"
    "`upload` prints the new file's ID (with --quiet, only the ID).\n";

static int progress_cb(int64_t sent, int64_t total, void *payload)
{
    cli_progress_update(payload, (long long)sent, (long long)total);
    return 0;
}

int cli_upload(cli *c, const char *path, const char *purpose, oft_file **out)
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
    armed = cli_sigint_armed();
    if (!armed)
        cli_sigint_arm(c);
    rc = oft_file_upload(out, c->client, path, &uo);
    if (!armed)
        cli_sigint_disarm();
    cli_progress_end(&p);
    if (rc == OFT_EINTERRUPTED) {
        cli_err(c, "interrupted; upload cancelled");
        return CLI_EINTR;
    }
    if (rc == OFT_EIO) {
        const oft_error *e = oft_client_last_error(c->client);
        cli_err(c, "%s", cli_text(oft_error_message(e)[0] ? oft_error_message(e) : path));
        return CLI_EUSAGE;
    }
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "upload the file");
    return CLI_OK;
}

/* The list streams pages, so widths cannot come from the content: they fit
 * the longest documented purpose ("assistants_output", "fine-tune-results"). */
#define ROW_FMT "%-30s %-17s %-10s %-19s %s\n"

static void print_file_row(const oft_file *f)
{
    char t[32], b[32];
    printf(ROW_FMT, cli_or_dash(f->id), cli_or_dash(f->purpose),
           cli_fmt_bytes(b, sizeof(b), (long long)f->bytes),
           cli_fmt_time(t, sizeof(t), f->created_at), cli_or_dash(f->filename));
}

static void print_file_header(void)
{
    printf(ROW_FMT, "ID", "PURPOSE", "SIZE", "CREATED", "FILENAME");
}

static int next_file(void *it, const char **raw_json, int print_row)
{
    const oft_file *f;
    int rc = oft_file_iter_next(&f, it);
    if (rc == OFT_OK) {
        *raw_json = f->raw_json;
        if (print_row)
            print_file_row(f);
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

/* Options of upload, list and download: --purpose and -o. */
static int parse_opts(const char *cmd, int argc, char **argv, const char **purpose,
                      const char **output, const char **id, const char *idname)
{
    static const struct option longopts[] = {
        {"purpose", required_argument, NULL, 'p'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
        switch (opt) {
            case 'p':
                if (purpose == NULL)
                    return cli_usage(cmd, "unknown option '--purpose'");
                *purpose = optarg;
                break;
            case 'o':
                if (output == NULL)
                    return cli_usage(cmd, "unknown option '-o'");
                *output = optarg;
                break;
            case 'h':
                fputs(help, stdout);
                return -1;
            default:
                return cli_bad_option(cmd, argv, optopt, opt == ':');
        }
    }
    return cli_operands(cmd, argc, argv, id, id != NULL, idname);
}

static int run_upload(cli *c, int argc, char **argv)
{
    const char *purpose = "fine-tune", *path = NULL;
    oft_file *f = NULL;
    int rc = parse_opts("files upload", argc, argv, &purpose, NULL, &path, "FILE");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    rc = cli_upload(c, path, purpose, &f);
    if (rc != CLI_OK)
        return rc;
    return show_file(c, f);
}

static int run_list(cli *c, int argc, char **argv)
{
    oft_file_list_options lo = OFT_FILE_LIST_OPTIONS_INIT;
    oft_file_iter *it = NULL;
    int rc = parse_opts("files list", argc, argv, &lo.purpose, NULL, NULL, NULL);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_file_iter_new(&it, c->client, &lo);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "list files");
    rc = cli_print_iter(c, print_file_header, next_file, it, "list files", NULL);
    oft_file_iter_free(it);
    return rc;
}

static int run_get(cli *c, int argc, char **argv)
{
    const char *id;
    oft_file *f = NULL;
    int rc = cli_positionals("files get", help, argc, argv, &id, 1, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_file_retrieve(&f, c->client, id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "get the file");
    return show_file(c, f);
}

static int run_delete(cli *c, int argc, char **argv)
{
    const char *id;
    oft_file_delete_result *res = NULL;
    int rc = cli_positionals("files delete", help, argc, argv, &id, 1, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_file_delete(&res, c->client, id);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "delete the file");
    rc = cli_show_deleted(c, res->raw_json, res->id, res->deleted);
    oft_file_delete_result_free(res);
    return rc;
}

static int run_download(cli *c, int argc, char **argv)
{
    const char *id = NULL, *output = NULL;
    int rc = parse_opts("files download", argc, argv, NULL, &output, &id, "ID");
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (output == NULL)
        return cli_usage("files download", "-o PATH is required");
    if (cli_client(c) == NULL)
        return c->client_exit;
    rc = oft_file_download(c->client, id, output);
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "download the file");
    if (c->json)
        printf("{\"id\":\"%s\",\"path\":", id), cli_json_str(output),
            fputs("}\n", stdout);
    else
        cli_info(c, "saved %s to %s", id, output);
    return CLI_OK;
}

int cmd_files(cli *c, int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"upload", run_upload}, {"list", run_list},         {"get", run_get},
        {"delete", run_delete}, {"download", run_download},
    };
    return cli_dispatch(c, "files", help, subs, sizeof(subs) / sizeof(subs[0]), argc,
                        argv);
}
