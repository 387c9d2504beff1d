/*
 * openai-ft graders: validate a reinforcement grader, or run it on one
 * sample, before paying for a job. The grader is a JSON file (or `-`).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/graders.h"
#include "app/api_error.h"
#include "app/client.h"
#include "args/args.h"
#include "args/parse.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/view.h"

/* A grader, a sample or an item: 16 MiB is far above any the API takes. */
#define MAX_TEXT (16u << 20)

/* Reads all of fp into a new NUL-terminated string; 0, or an errno (EFBIG
 * over MAX_TEXT, EILSEQ for a NUL byte, which no JSON text or sample holds). */
static int slurp(FILE *fp, char **out)
{
    size_t len = 0, cap = 0;
    char *buf = NULL;
    for (;;) {
        if (cap - len < 4096) {
            char *grown;
            cap = cap ? cap * 2 : 8192;
            if (cap > MAX_TEXT + 1 || (grown = realloc(buf, cap)) == NULL) {
                free(buf);
                return cap > MAX_TEXT + 1 ? EFBIG : ENOMEM;
            }
            buf = grown;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, fp);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(fp) || memchr(buf, '\0', len) != NULL) {
        int err = ferror(fp) ? EIO : EILSEQ;
        free(buf);
        return err;
    }
    buf[len] = '\0';
    *out = buf;
    return 0;
}

/* The text of path (`-`: stdin) into *out; 0, or the exit code (printed). */
static int read_text(const cli *c, const char *path, const char *what, char **out)
{
    int std = strcmp(path, "-") == 0, err;
    FILE *fp = std ? stdin : fopen(path, "rb");
    const char *shown = std ? "stdin" : path;
    if (fp == NULL) {
        cli_err(c, "cannot read %s %s: %s", what, cli_text(shown), strerror(errno));
        return CLI_EUSAGE;
    }
    err = slurp(fp, out);
    if (!std)
        fclose(fp);
    if (err == EILSEQ)
        cli_err(c, "%s %s: contains a NUL byte", what, cli_text(shown));
    else if (err == EFBIG)
        cli_err(c, "%s %s: larger than %u MiB", what, cli_text(shown), MAX_TEXT >> 20);
    else if (err != 0)
        cli_err(c, "cannot read %s %s: %s", what, cli_text(shown), strerror(err));
    return err != 0 ? CLI_EUSAGE : 0;
}

/* --sample TEXT|@FILE, --item JSON|@FILE: *owned is set when read from a file. */
static int value_or_file(const cli *c, const char *arg, const char *what,
                         const char **out, char **owned)
{
    *owned = NULL;
    *out = arg;
    if (arg == NULL || arg[0] != '@')
        return 0;
    int rc = read_text(c, arg + 1, what, owned);
    *out = *owned;
    return rc;
}

#define VALID(p) ((const oft_grader_validation *)(p))

static cli_value valid_type(const void *p, char *buf, size_t cap)
{
    return cli_v_text(VALID(p)->type);
}

static cli_value valid_name(const void *p, char *buf, size_t cap)
{
    return cli_v_text(VALID(p)->name);
}

static const cli_field grader_valid_fields[] = {
    {"type", "grader.type", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, valid_type},
    {"name", "grader.name", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, valid_name},
    {0},
};

const cli_template cli_grader_valid = {"graders validate", grader_valid_fields,
                                       "valid: %{type} grader \"%{name}\"\n"};

static int run_validate(cli *c, const cli_args *a)
{
    oft_grader_validation *v = NULL;
    char *grader = NULL;
    int rc = read_text(c, a->operands[0], "grader", &grader);
    if (rc != 0)
        return rc;
    if (cli_client(c) == NULL) {
        free(grader);
        return c->client_exit;
    }
    rc = oft_grader_validate(&v, c->client, grader);
    free(grader);
    if (rc != OFT_OK) {
        int code = cli_api_fail(c, rc, "validate the grader");
        return rc == OFT_EINVAL ? CLI_EAPI : code; /* invalid, wherever refused */
    }
    cli_view_say(c, &cli_grader_valid, v->raw_json, v);
    oft_grader_validation_free(v);
    return CLI_OK;
}

#define RUN(p)  ((const oft_grader_run_result *)(p))
#define META(p) (&RUN(p)->metadata)

/* "name value, name value" (names made safe) into buf; none: nothing. */
static cli_value scores(const oft_grader_score *s, size_t n, char *buf, size_t cap)
{
    size_t len = 0;
    cli_value v = {CLI_V_LINES, buf, 0, 0, NULL};
    if (n == 0)
        return cli_v_text(NULL);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++) {
        int w = snprintf(buf + len, cap - len, "%s%s %g", i ? ", " : "",
                         cli_text(s[i].name), s[i].value);
        len += w > 0 ? (size_t)w : 0;
    }
    return v;
}

/* The error flags set, one a line with their details, into buf when buf is
 * not NULL; returns how many are set. */
static int run_errors(const oft_grader_run_errors *e, char *buf, size_t cap)
{
    const struct {
        const char *name;
        int set;
        const char *detail;
    } flags[] = {
        {"formula_parse_error", e->formula_parse_error, NULL},
        {"sample_parse_error", e->sample_parse_error, NULL},
        {"truncated_observation_error", e->truncated_observation_error, NULL},
        {"unresponsive_reward_error", e->unresponsive_reward_error, NULL},
        {"invalid_variable_error", e->invalid_variable_error, NULL},
        {"other_error", e->other_error, NULL},
        {"python_grader_server_error", e->python_grader_server_error,
         e->python_grader_server_error_type},
        {"python_grader_runtime_error", e->python_grader_runtime_error,
         e->python_grader_runtime_error_details},
        {"model_grader_server_error", e->model_grader_server_error,
         e->model_grader_server_error_details},
        {"model_grader_refusal_error", e->model_grader_refusal_error, NULL},
        {"model_grader_parse_error", e->model_grader_parse_error, NULL},
    };
    size_t len = 0;
    int n = 0;
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        int w;
        if (!flags[i].set || (n++, buf == NULL) || len >= cap)
            continue;
        w = snprintf(buf + len, cap - len, "%s%s%s%s%s", n > 1 ? "\n" : "", flags[i].name,
                     flags[i].detail != NULL ? " (" : "",
                     flags[i].detail != NULL ? cli_text(flags[i].detail) : "",
                     flags[i].detail != NULL ? ")" : "");
        len += w > 0 ? (size_t)w : 0;
    }
    return n;
}

static cli_value run_reward(const void *p, char *buf, size_t cap)
{
    return cli_v_num(1, RUN(p)->reward);
}

static cli_value run_grader(const void *p, char *buf, size_t cap)
{
    cli_value v = {CLI_V_LINES, buf, 0, 0, NULL};
    snprintf(buf, cap, "%s (%s)", cli_or_dash(META(p)->name), cli_or_dash(META(p)->type));
    return v;
}

static cli_value run_scores(const void *p, char *buf, size_t cap)
{
    return scores(META(p)->scores, META(p)->scores_count, buf, cap);
}

static cli_value run_sub_rewards(const void *p, char *buf, size_t cap)
{
    return scores(RUN(p)->sub_rewards, RUN(p)->sub_rewards_count, buf, cap);
}

static cli_value run_model(const void *p, char *buf, size_t cap)
{
    return cli_v_text(META(p)->sampled_model_name);
}

/* JSON text (a number or an object) shown as it came, made safe. */
static cli_value run_tokens(const void *p, char *buf, size_t cap)
{
    cli_value v = {CLI_V_LINES, NULL, 0, 0, NULL};
    if (META(p)->token_usage_json == NULL)
        return cli_v_text(NULL);
    snprintf(buf, cap, "%s", cli_text(META(p)->token_usage_json));
    v.s = buf;
    return v;
}

static cli_value run_time(const void *p, char *buf, size_t cap)
{
    return cli_v_num(1, META(p)->execution_time);
}

static cli_value run_error_lines(const void *p, char *buf, size_t cap)
{
    cli_value v = {CLI_V_LINES, buf, 0, 0, NULL};
    return run_errors(&META(p)->errors, buf, cap) > 0 ? v : cli_v_text(NULL);
}

/* The lines of a run: the reward, the grader, its scores and sub-graders'
 * rewards, the model and tokens when sent, the time, the errors flagged. */
const cli_field cli_grader_run_lines[] = {
    {"reward", "reward", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, run_reward},
    {"grader", "metadata.name", NULL, NULL, 0, 0, 0, CLI_FMT_PLAIN, run_grader},
    {"scores", "metadata.scores", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     run_scores},
    {"sub-rewards", "sub_rewards", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     run_sub_rewards},
    {"model", "metadata.sampled_model_name", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL,
     CLI_FMT_PLAIN, run_model},
    {"tokens", "metadata.token_usage", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL,
     CLI_FMT_PLAIN, run_tokens},
    {"time", "metadata.execution_time", NULL, NULL, 0, 0, 0, CLI_FMT_SECONDS, run_time},
    {"errors", "metadata.errors.*", NULL, NULL, 0, 0, CLI_FIELD_OPTIONAL, CLI_FMT_PLAIN,
     run_error_lines},
    {0},
};

static int run_run(cli *c, const cli_args *a)
{
    oft_grader_run_options o = OFT_GRADER_RUN_OPTIONS_INIT;
    oft_grader_run_result *r = NULL;
    char *grader = NULL, *sample_buf = NULL, *item_buf = NULL;
    const char *sample = NULL;
    int rc = read_text(c, a->operands[0], "grader", &grader);
    if (rc == 0)
        rc = value_or_file(c, cli_opt_value(a, OPT_SAMPLE, NULL), "sample", &sample,
                           &sample_buf);
    if (rc == 0)
        rc = value_or_file(c, cli_opt_value(a, OPT_ITEM, NULL), "item", &o.item_json,
                           &item_buf);
    if (rc == 0 && cli_client(c) == NULL)
        rc = c->client_exit;
    if (rc == 0) {
        rc = oft_grader_run(&r, c->client, grader, sample, &o);
        rc = rc == OFT_OK ? CLI_OK : cli_api_fail(c, rc, "run the grader");
    }
    /* A run whose grader could not grade (an error flagged) is a failure. */
    if (r != NULL) {
        cli_view_show(c, cli_grader_run_lines, r->raw_json, r);
        if (run_errors(&r->metadata.errors, NULL, 0) > 0)
            rc = CLI_EAPI;
    }
    oft_grader_run_result_free(r);
    free(grader);
    free(sample_buf);
    free(item_buf);
    return rc;
}

static const cli_cmd graders_validate = {
    .name = "validate",
    .summary = "check a grader with the API",
    .operands = "FILE",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .description =
        "Sends the grader in FILE (JSON; - for stdin) to the API's validate\n"
        "endpoint. Prints \"valid\" with its type and name (--json: the API's\n"
        "answer); exits 1 with the API's message and param when it is\n"
        "invalid (or when FILE is not a JSON object with a \"type\").",
    .example = "openai-ft graders validate grader.json",
    .run = run_validate,
};

static const cli_opt run_opts[] = {
    {.id = OPT_SAMPLE,
     .name = "sample",
     .value = "TEXT|@FILE",
     .kind = CLI_VAL_FILE,
     .flags = CLI_OPT_REQUIRED,
     .help =
         "the model's output to grade ({{sample.output_text}}); @FILE: a file's bytes"},
    {.id = OPT_ITEM,
     .name = "item",
     .value = "JSON|@FILE",
     .kind = CLI_VAL_FILE,
     .help = "a JSON object for {{item.*}} (a line of the training data)"},
    {0},
};

static const cli_cmd graders_run = {
    .name = "run",
    .summary = "grade one sample with a grader",
    .operands = "FILE",
    .min_operands = 1,
    .max_operands = 1,
    .operand_kind = CLI_VAL_FILE,
    .opts = {run_opts},
    .description =
        "Runs the grader in FILE (JSON; - for stdin) on one model sample, as a\n"
        "reinforcement job would, and prints the reward, the grader's scores, the\n"
        "sub-graders' rewards and the errors the API flags (--json: its answer).\n"
        "@FILE values are read as they are (a trailing newline is kept). Exits 1\n"
        "when the API refuses the grader or flags an error (the grader could not\n"
        "grade: a python grader's server, a model's refusal...).",
    .example = "openai-ft graders run grader.json --sample Paris --item "
               "'{\"label\":\"Paris\"}'\n"
               "openai-ft graders run grader.json --sample @answer.txt --item @item.json",
    .run = run_run,
};

static const cli_cmd *const graders_subs[] = {&graders_validate, &graders_run, NULL};

const cli_cmd cli_cmd_graders = {
    .name = "graders",
    .summary = "test a reinforcement grader",
    .description =
        "Graders of reinforcement fine-tuning: check a grader, or run it on a\n"
        "sample, before paying for a job (--method reinforcement --grader).",
    .example = "openai-ft graders validate grader.json",
    .subs = graders_subs,
};
