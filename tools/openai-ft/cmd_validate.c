/*
 * openai-ft validate: checks a JSONL training file locally (no network) and
 * prints each problem with its line number. Exit 5 when errors were found.
 */
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: openai-ft validate FILE [--format auto|chat|completion|dpo|reinforcement]\n"
    "                          [--model M]\n"
    "\n"
    "Checks a JSONL training file locally, line by line, without sending anything:\n"
    "JSON syntax, UTF-8, and the rules of the training format. Prints every problem\n"
    "as FILE:LINE:COLUMN, then a summary with ESTIMATED token counts.\n"
    "\n"
    "  --format F   the expected format (default auto: detected from the first line)\n"
    "  --model M    the model to fine-tune, for its context limit in the estimate\n"
    "\n"
    "Exit codes: 0 valid (warnings allowed), 5 problems found, 2 usage error or the\n"
    "file cannot be read.\n";

static int parse_format(int *out, const char *s)
{
    static const char *names[] = {"auto", "chat", "completion", "dpo", "reinforcement"};
    static const int values[] = {OFT_JSONL_AUTO, OFT_JSONL_CHAT, OFT_JSONL_COMPLETION,
                                 OFT_JSONL_DPO, OFT_JSONL_REINFORCEMENT};
    size_t i;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i]) == 0) {
            *out = values[i];
            return 0;
        }
    return cli_usage("validate",
                     "--format: '%s' is not auto, chat, completion, dpo or reinforcement",
                     s);
}

static void print_report_json(const char *path, const oft_jsonl_report *r)
{
    size_t i;
    fputs("{\"object\":\"validation_report\",\"file\":", stdout);
    cli_json_str(path);
    printf(",\"ok\":%s,\"format\":", r->ok ? "true" : "false");
    cli_json_str(oft_jsonl_format_str(r->format));
    printf(",\"bytes\":%llu,\"lines\":%llu,\"examples\":%llu,\"messages\":%llu,"
           "\"characters\":%llu,\"est_tokens\":%llu,\"est_tokens_min\":%llu,\"est_tokens_"
           "max\":%llu,"
           "\"est_tokens_mean\":%.1f,\"context_limit\":%llu,\"examples_over_limit\":%llu,"
           "\"default_epochs\":%d,\"est_billed_tokens\":%llu,\"errors\":%llu,"
           "\"warnings\":%llu,\"problems\":[",
           (unsigned long long)r->bytes, (unsigned long long)r->lines,
           (unsigned long long)r->examples, (unsigned long long)r->messages,
           (unsigned long long)r->characters, (unsigned long long)r->est_tokens,
           (unsigned long long)r->est_tokens_min, (unsigned long long)r->est_tokens_max,
           r->est_tokens_mean, (unsigned long long)r->context_limit,
           (unsigned long long)r->examples_over_limit, r->default_epochs,
           (unsigned long long)r->est_billed_tokens, (unsigned long long)r->errors_total,
           (unsigned long long)r->warnings_total);
    for (i = 0; i < r->problems_count; i++) {
        const oft_jsonl_problem *p = &r->problems[i];
        printf("%s{\"line\":%llu,\"column\":%llu,\"severity\":\"%s\",\"code\":",
               i ? "," : "", (unsigned long long)p->line, (unsigned long long)p->column,
               p->severity == OFT_JSONL_ERROR ? "error" : "warning");
        cli_json_str(oft_jsonl_code_str(p->code));
        fputs(",\"message\":", stdout);
        cli_json_str(p->message);
        fputc('}', stdout);
    }
    fputs("]}\n", stdout);
}

/* "line 7: text" -> "text": the FILE:LINE prefix says it already */
static const char *strip_line(const char *m)
{
    const char *p = m;
    if (strncmp(p, "line ", 5) != 0)
        return m;
    p += 5;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > m + 5 && p[0] == ':' && p[1] == ' ' ? p + 2 : m;
}

static void print_report(const cli *c, const char *path, const oft_jsonl_report *r,
                         int print_summary)
{
    size_t i;
    uint64_t shown_err = 0, shown_warn = 0;
    for (i = 0; i < r->problems_count; i++) {
        const oft_jsonl_problem *p = &r->problems[i];
        int is_err = p->severity == OFT_JSONL_ERROR;
        if (is_err)
            shown_err++;
        else
            shown_warn++;
        if (!is_err && c->quiet)
            continue;
        fprintf(stderr, "%s:%llu", path, (unsigned long long)p->line);
        if (p->column > 0)
            fprintf(stderr, ":%llu", (unsigned long long)p->column);
        fprintf(stderr, ": %s%s%s: %s [%s]\n", is_err ? cli_c_red(c) : cli_c_yellow(c),
                is_err ? "error" : "warning", cli_c_reset(c),
                cli_text(strip_line(p->message)), oft_jsonl_code_str(p->code));
    }
    if (r->errors_total > shown_err)
        fprintf(stderr, "... and %llu more errors\n",
                (unsigned long long)(r->errors_total - shown_err));
    if (r->warnings_total > shown_warn && !c->quiet)
        fprintf(stderr, "... and %llu more warnings\n",
                (unsigned long long)(r->warnings_total - shown_warn));
    if (!print_summary || c->quiet)
        return;
    printf("%s: %s, format %s, %llu examples, %llu errors, %llu warnings\n", path,
           r->ok ? "valid" : "INVALID", oft_jsonl_format_str(r->format),
           (unsigned long long)r->examples, (unsigned long long)r->errors_total,
           (unsigned long long)r->warnings_total);
    if (r->examples > 0)
        printf("  %llu messages, %llu characters of text\n",
               (unsigned long long)r->messages, (unsigned long long)r->characters);
    if (r->examples > 0)
        printf("  estimated tokens: %llu total, %llu..%llu per example (mean %.0f); "
               "%llu over the %llu-token limit\n"
               "  default epochs: %d, estimated billed tokens: %llu\n",
               (unsigned long long)r->est_tokens, (unsigned long long)r->est_tokens_min,
               (unsigned long long)r->est_tokens_max, r->est_tokens_mean,
               (unsigned long long)r->examples_over_limit,
               (unsigned long long)r->context_limit, r->default_epochs,
               (unsigned long long)r->est_billed_tokens);
}

int cli_validate_file(cli *c, const char *path, int format, const char *model,
                      int print_summary)
{
    oft_jsonl_options opts = OFT_JSONL_OPTIONS_INIT;
    oft_jsonl_report *r = NULL;
    int rc, code;

    opts.format = format;
    opts.model = model;
    rc = oft_jsonl_validate_path(&r, path, &opts);
    if (rc == OFT_EIO) {
        /* the io_error problem names the path and the system error */
        const char *why = NULL;
        size_t i;
        for (i = 0; r != NULL && i < r->problems_count; i++)
            if (r->problems[i].code == OFT_JSONL_IO_ERROR)
                why = r->problems[i].message;
        if (why != NULL)
            cli_err(c, "%s", why);
        else
            cli_err(c, "%s: %s", path, oft_status_str(rc));
        oft_jsonl_report_free(r);
        return CLI_EUSAGE;
    }
    if (rc != OFT_OK) {
        cli_err(c, "cannot validate %s: %s", path, oft_status_str(rc));
        return rc == OFT_EINVAL ? CLI_EUSAGE : CLI_EAPI;
    }
    if (c->json && print_summary)
        print_report_json(path, r);
    else
        print_report(c, path, r, print_summary);
    code = r->ok ? CLI_OK : CLI_EINVALID;
    if (!r->ok && !print_summary)
        cli_err(c, "%s: %llu problems found; nothing was uploaded", path,
                (unsigned long long)r->errors_total);
    oft_jsonl_report_free(r);
    return code;
}

int cmd_validate(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"model", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt, format = OFT_JSONL_AUTO;
    const char *model = NULL;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
            case 'f':
                if (parse_format(&format, optarg) != 0)
                    return CLI_EUSAGE;
                break;
            case 'm':
                model = optarg;
                break;
            case 'h':
                fputs(help, stdout);
                return CLI_OK;
            case ':':
                return cli_bad_option("validate", argv, optopt, 1);
            default:
                return cli_bad_option("validate", argv, optopt, 0);
        }
    }
    if (optind >= argc)
        return cli_usage("validate", "FILE is missing");
    if (optind + 1 < argc)
        return cli_usage("validate", "unexpected argument '%s'", argv[optind + 1]);
    return cli_validate_file(c, argv[optind], format, model, 1);
}
