/*
 * openai-ft validate: checks a JSONL training file locally (no network) and
 * prints each problem with its line number. Exit 5 when errors were found.
 */
#include <string.h>
#include <unistd.h>

#include "cmd/validate.h"
#include "app/job_args.h"
#include "app/input.h"
#include "args/args.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/report.h"

/* The io_error problem names the path and the system error. */
static void print_io_error(cli *c, const cli_input *in, const oft_jsonl_report *r)
{
    const char *why = NULL;
    size_t i;
    for (i = 0; r != NULL && i < r->problems_count; i++)
        if (r->problems[i].code == OFT_JSONL_IO_ERROR)
            why = r->problems[i].message;
    if (why != NULL)
        cli_err(c, "%s", cli_text(why));
    else
        cli_err(c, "%s: %s", in->shown, oft_status_str(OFT_EIO));
}

int cli_validate_input(cli *c, const cli_input *in, cli_validation *v)
{
    oft_jsonl_options opts = OFT_JSONL_OPTIONS_INIT;
    oft_jsonl_report *r = NULL;
    char counts[96];
    int rc, code;

    opts.format = v->format;
    opts.model = v->model;
    opts.min_examples = v->min_examples;
    if (in->fd >= 0) {
        (void)lseek(in->fd, 0, SEEK_SET); /* a spooled copy; a pipe stays as is */
        rc = oft_jsonl_validate_fd(&r, in->fd, &opts);
    } else {
        rc = oft_jsonl_validate_path(&r, in->path, &opts);
    }
    if (rc == OFT_EIO) {
        print_io_error(c, in, r);
        oft_jsonl_report_free(r);
        return CLI_EUSAGE;
    }
    if (rc != OFT_OK) {
        cli_err(c, "cannot validate %s: %s", in->shown, oft_status_str(rc));
        return rc == OFT_EINVAL ? CLI_EUSAGE : CLI_EAPI;
    }
    if (c->json && v->report == CLI_REPORT_FULL)
        cli_report_print_json(in->shown, r, v);
    else
        cli_report_print(c, in->shown, r, v);
    code = r->ok ? CLI_OK : CLI_EINVALID;
    v->default_epochs = r->default_epochs;
    v->tokens_per_epoch = r->default_epochs > 0
                              ? r->est_billed_tokens / (uint64_t)r->default_epochs
                              : r->est_tokens;
    if (!r->ok && v->report != CLI_REPORT_FULL)
        cli_err(c, "%s: %s; nothing was uploaded", in->shown,
                cli_report_counts(counts, sizeof(counts), r));
    oft_jsonl_report_free(r);
    return code;
}

static const cli_opt validate_opts[] = {
    {.id = OPT_FORMAT,
     .name = "format",
     .value = "F",
     .choices = "auto chat completion dpo reinforcement",
     .help = "the expected format (auto: detected from the first line)"},
    {.id = OPT_MODEL,
     .name = "model",
     .kind = CLI_VAL_MODEL,
     .short_name = 'm',
     .value = "M",
     .help = "the model to fine-tune: its context limit, its data format"},
    {.id = OPT_N_EPOCHS,
     .name = "n-epochs",
     .value = "auto|N",
     .help = "the epochs of the estimate of billable tokens (auto: the API's pick)"},
    {0},
};

static int run_validate(cli *c, const cli_args *a)
{
    static const int formats[] = {OFT_JSONL_AUTO, OFT_JSONL_CHAT, OFT_JSONL_COMPLETION,
                                  OFT_JSONL_DPO, OFT_JSONL_REINFORCEMENT};
    cli_validation v;
    cli_input in;
    size_t i;
    int f;
    memset(&v, 0, sizeof(v));
    v.report = CLI_REPORT_FULL;
    for (i = 0; i < a->n_opts; i++) {
        const cli_arg *o = &a->opts[i];
        if (o->opt->id == OPT_FORMAT) {
            if ((f = cli_choice(o->opt, o->value)) < 0)
                return CLI_EUSAGE;
            v.format = formats[f];
        } else if (o->opt->id == OPT_MODEL) {
            v.model = o->value;
        } else if (o->opt->id == OPT_N_EPOCHS) {
            oft_job_create_options check = OFT_JOB_CREATE_OPTIONS_INIT;
            if (cli_parse_hp(&v.n_epochs, "--n-epochs", o->value, -CLI_ANY, CLI_ANY, 0,
                             1) != 0)
                return CLI_EUSAGE;
            check.method_type = OFT_METHOD_SUPERVISED;
            check.n_epochs = v.n_epochs; /* the library's range */
            if (cli_job_options_check(&check, NULL) != 0)
                return CLI_EUSAGE;
        }
    }
    /* stdin is read as it comes: validation needs no size */
    memset(&in, 0, sizeof(in));
    in.fd = strcmp(a->operands[0], "-") == 0 ? STDIN_FILENO : -1;
    in.path = in.fd < 0 ? a->operands[0] : NULL;
    in.shown = in.fd < 0 ? a->operands[0] : "stdin";
    return cli_validate_input(c, &in, &v);
}

const cli_cmd cli_cmd_validate = {
    .name = "validate",
    .summary = "check a JSONL training file locally",
    .operands = "FILE",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .opts = {validate_opts},
    .description =
        "Checks a JSONL training file locally, line by line, without sending anything:\n"
        "JSON syntax, UTF-8, and the rules of the training format. Prints every problem\n"
        "as FILE:LINE:COLUMN (identical ones folded, with their count and first lines),\n"
        "then a summary with ESTIMATED token counts and the billable tokens of a job\n"
        "(tokens per epoch x epochs). FILE '-' reads stdin.\n"
        "\n"
        "Exit codes: 0 valid (warnings allowed), 5 problems found, 2 usage error or the\n"
        "file cannot be read.",
    .example = "openai-ft validate train.jsonl -m gpt-4o-mini-2024-07-18\n"
               "cat train.jsonl | openai-ft validate - --json",
    .run = run_validate,
};
