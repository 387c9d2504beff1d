/*
 * openai-ft: the validator's report in human terms. Repeated identical
 * problems (same severity, code and message) fold into one line with their
 * count and first lines; errors and warnings are counted apart; the
 * estimate of billable tokens states its epochs. One description makes the
 * text and the --json document: the fields of the report and of a problem,
 * and the templates of the lines (ui/view.h).
 */
#include <string.h>

#include "ui/report.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/view.h"

#define SHOWN_LINES 5 /* lines listed for a folded problem */

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

static int same(const oft_jsonl_problem *a, const oft_jsonl_problem *b)
{
    return a->code == b->code && a->severity == b->severity &&
           strcmp(strip_line(a->message), strip_line(b->message)) == 0;
}

const char *cli_report_counts(char *buf, size_t cap, const oft_jsonl_report *r)
{
    char e[48], w[48];
    snprintf(buf, cap, "%s, %s", cli_plural(e, sizeof(e), r->errors_total, "error"),
             cli_plural(w, sizeof(w), r->warnings_total, "warning"));
    return buf;
}

#define ITEM(p) ((const cli_report_item *)(p))
#define R(p)    (ITEM(p)->r)
/* A problem: the row of a cli_report_item. */
#define ROW(p)  ((const cli_row *)(p))
#define PROB(p) (&R(ROW(p)->of)->problems[ROW(p)->i])

/* Billable tokens per epoch (each example counts up to the context limit). */
static unsigned long long per_epoch(const oft_jsonl_report *r)
{
    return r->default_epochs > 0 ? r->est_billed_tokens / (uint64_t)r->default_epochs
                                 : r->est_tokens;
}

static int epochs_of(const cli_report_item *it)
{
    return it->v->n_epochs.mode == OFT_HP_VALUE ? (int)it->v->n_epochs.value
                                                : it->r->default_epochs;
}

/* A getter of a whole number of the item (a count of the report). */
#define COUNT(name, expr)                                                                \
    static cli_value name(const void *p, char *buf, size_t cap)                          \
    {                                                                                    \
        return cli_v_int((long long)(expr));                                             \
    }

COUNT(r_bytes, R(p)->bytes)
COUNT(r_lines, R(p)->lines)
COUNT(r_examples, R(p)->examples)
COUNT(r_messages, R(p)->messages)
COUNT(r_characters, R(p)->characters)
COUNT(r_tokens, R(p)->est_tokens)
COUNT(r_tokens_min, R(p)->est_tokens_min)
COUNT(r_tokens_max, R(p)->est_tokens_max)
COUNT(r_context, R(p)->context_limit)
COUNT(r_over, R(p)->examples_over_limit)
COUNT(r_default_epochs, R(p)->default_epochs)
COUNT(r_billed, R(p)->est_billed_tokens)
COUNT(r_epochs, epochs_of(ITEM(p)))
COUNT(r_billable,
      per_epoch(R(p)) *
          (unsigned long long)(epochs_of(ITEM(p)) > 0 ? epochs_of(ITEM(p)) : 0))
COUNT(r_per_epoch, per_epoch(R(p)))
COUNT(r_errors, R(p)->errors_total)
COUNT(r_warnings, R(p)->warnings_total)

/* The errors (or warnings) beyond those the report lists. */
static unsigned long long beyond(const oft_jsonl_report *r, int severity)
{
    unsigned long long kept = 0;
    for (size_t i = 0; i < r->problems_count; i++)
        kept += r->problems[i].severity == severity;
    return (severity == OFT_JSONL_ERROR ? r->errors_total : r->warnings_total) - kept;
}

COUNT(r_more_errors, beyond(R(p), OFT_JSONL_ERROR))
COUNT(r_more_warnings, beyond(R(p), OFT_JSONL_WARNING))
COUNT(p_line, PROB(p)->line)
COUNT(p_column, PROB(p)->column)

static cli_value r_object(const void *p, char *buf, size_t cap)
{
    return cli_v_raw("validation_report");
}

/* The file as the user named it (or "stdin"). */
static cli_value r_file(const void *p, char *buf, size_t cap)
{
    cli_value v = cli_v_raw(ITEM(p)->shown);

    v.kind = CLI_V_LINES;
    return v;
}

static cli_value r_ok(const void *p, char *buf, size_t cap)
{
    return cli_v_bool(R(p)->ok);
}

static cli_value r_verdict(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(R(p)->ok ? "valid" : "INVALID");
}

static cli_value r_format(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(oft_jsonl_format_str(R(p)->format));
}

/* "auto" (not detected) reads "unknown" in the text. */
static cli_value r_format_shown(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(R(p)->format == OFT_JSONL_AUTO ? "unknown"
                                                    : oft_jsonl_format_str(R(p)->format));
}

static cli_value r_mean(const void *p, char *buf, size_t cap)
{
    return cli_v_num(1, R(p)->est_tokens_mean);
}

static cli_value r_estimated(const void *p, char *buf, size_t cap)
{
    return cli_v_bool(ITEM(p)->v->n_epochs.mode != OFT_HP_VALUE);
}

static cli_value r_problems(const void *p, char *buf, size_t cap)
{
    return cli_v_rows(cli_problem_fields, R(p)->problems_count);
}

/* Text already made: buf as it is. */
static cli_value made(const char *buf)
{
    cli_value v = cli_v_raw(buf);
    v.kind = CLI_V_LINES;
    return v;
}

static cli_value r_examples_n(const void *p, char *buf, size_t cap)
{
    return made(cli_plural(buf, cap, R(p)->examples, "example"));
}

static cli_value r_counts(const void *p, char *buf, size_t cap)
{
    return made(cli_report_counts(buf, cap, R(p)));
}

static cli_value r_epochs_n(const void *p, char *buf, size_t cap)
{
    int epochs = epochs_of(ITEM(p));
    return made(cli_plural(buf, cap, epochs > 0 ? (unsigned)epochs : 0, "epoch"));
}

/* ": an estimate of what "auto" picks for 30 examples", or nothing. */
static cli_value r_auto_note(const void *p, char *buf, size_t cap)
{
    char ex[48];
    buf[0] = '\0';
    if (ITEM(p)->v->n_epochs.mode != OFT_HP_VALUE)
        snprintf(buf, cap, ": an estimate of what \"auto\" picks for %s",
                 cli_plural(ex, sizeof(ex), R(p)->examples, "example"));
    return made(buf);
}

static cli_value p_severity(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(PROB(p)->severity == OFT_JSONL_ERROR ? "error" : "warning");
}

static cli_value p_code(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(oft_jsonl_code_str(PROB(p)->code));
}

static cli_value p_message(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(PROB(p)->message);
}

/* FILE:LINE:COLUMN; whole-file problems (empty file, unreadable) have no line. */
static cli_value p_where(const void *p, char *buf, size_t cap)
{
    const oft_jsonl_problem *pr = PROB(p);
    int n = snprintf(buf, cap, "%s", ITEM(ROW(p)->of)->shown);
    if (pr->line > 0 && n >= 0 && (size_t)n < cap)
        n += snprintf(buf + n, cap - (size_t)n, ":%llu", (unsigned long long)pr->line);
    if (pr->line > 0 && pr->column > 0 && n >= 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n, ":%llu", (unsigned long long)pr->column);
    return made(buf);
}

/* The severity in its colour. */
static cli_value p_level(const void *p, char *buf, size_t cap)
{
    const cli *c = ITEM(ROW(p)->of)->c;
    int is_err = PROB(p)->severity == OFT_JSONL_ERROR;
    snprintf(buf, cap, "%s%s%s", is_err ? cli_c_red(c) : cli_c_yellow(c),
             is_err ? "error" : "warning", cli_c_reset(c));
    return made(buf);
}

static cli_value p_text(const void *p, char *buf, size_t cap)
{
    return cli_v_raw(strip_line(PROB(p)->message));
}

/* The lines of the problems like this one from it on, when more than one:
 * " (30 times: lines 3, 4, 5, 6, 7, ...)"; else nothing. */
static cli_value p_fold(const void *p, char *buf, size_t cap)
{
    const oft_jsonl_report *r = R(ROW(p)->of);
    size_t first = ROW(p)->i, i, count = 0, listed = 0, n;
    buf[0] = '\0';
    for (i = first; i < r->problems_count; i++)
        count += same(&r->problems[i], &r->problems[first]);
    if (count < 2)
        return made(buf);
    n = (size_t)snprintf(buf, cap, " (%zu times: lines", count);
    for (i = first; i < r->problems_count && listed < SHOWN_LINES && n < cap; i++)
        if (same(&r->problems[i], &r->problems[first]))
            n += (size_t)snprintf(buf + n, cap - n, "%s %llu", listed++ ? "," : "",
                                  (unsigned long long)r->problems[i].line);
    if (n < cap)
        snprintf(buf + n, cap - n, "%s", count > SHOWN_LINES ? ", ...)" : ")");
    return made(buf);
}

#define F(key, json, flags, fmt, get)                                                    \
    {                                                                                    \
        key, json, NULL, NULL, 0, 0, flags, fmt, get                                     \
    }
#define J CLI_FIELD_JSON_ONLY
#define T CLI_FIELD_TEXT_ONLY

/* The document's members in its order; then what only the text shows. */
const cli_field cli_report_fields[] = {
    F("object", "object", J, CLI_FMT_PLAIN, r_object),
    F("file", "file", 0, CLI_FMT_PLAIN, r_file),
    F("ok", "ok", J, CLI_FMT_PLAIN, r_ok),
    F("format", "format", J, CLI_FMT_PLAIN, r_format),
    F("bytes", "bytes", J, CLI_FMT_PLAIN, r_bytes),
    F("lines", "lines", J, CLI_FMT_PLAIN, r_lines),
    F("examples", "examples", J, CLI_FMT_PLAIN, r_examples),
    F("messages", "messages", 0, CLI_FMT_PLAIN, r_messages),
    F("characters", "characters", 0, CLI_FMT_PLAIN, r_characters),
    F("est_tokens", "est_tokens", 0, CLI_FMT_PLAIN, r_tokens),
    F("est_tokens_min", "est_tokens_min", 0, CLI_FMT_PLAIN, r_tokens_min),
    F("est_tokens_max", "est_tokens_max", 0, CLI_FMT_PLAIN, r_tokens_max),
    F("est_tokens_mean", "est_tokens_mean", 0, CLI_FMT_MEAN, r_mean),
    F("context_limit", "context_limit", 0, CLI_FMT_PLAIN, r_context),
    F("examples_over_limit", "examples_over_limit", 0, CLI_FMT_PLAIN, r_over),
    F("default_epochs", "default_epochs", J, CLI_FMT_PLAIN, r_default_epochs),
    F("est_billed_tokens", "est_billed_tokens", J, CLI_FMT_PLAIN, r_billed),
    F("epochs", "epochs", J, CLI_FMT_PLAIN, r_epochs),
    F("epochs_estimated", "epochs_estimated", J, CLI_FMT_PLAIN, r_estimated),
    F("est_billable_tokens", "est_billable_tokens", 0, CLI_FMT_PLAIN, r_billable),
    F("errors", "errors", J, CLI_FMT_PLAIN, r_errors),
    F("warnings", "warnings", J, CLI_FMT_PLAIN, r_warnings),
    F("problems", "problems", J, CLI_FMT_PLAIN, r_problems),
    F("verdict", "ok", T, CLI_FMT_PLAIN, r_verdict),
    F("format_shown", "format", T, CLI_FMT_PLAIN, r_format_shown),
    F("examples_n", "examples", T, CLI_FMT_PLAIN, r_examples_n),
    F("counts", "errors", T, CLI_FMT_PLAIN, r_counts),
    F("tokens_per_epoch", "est_billed_tokens", T, CLI_FMT_PLAIN, r_per_epoch),
    F("epochs_n", "epochs", T, CLI_FMT_PLAIN, r_epochs_n),
    F("auto_note", "epochs_estimated", T, CLI_FMT_PLAIN, r_auto_note),
    F("more_errors", "errors", T, CLI_FMT_PLAIN, r_more_errors),
    F("more_warnings", "warnings", T, CLI_FMT_PLAIN, r_more_warnings),
    {0},
};

const cli_field cli_problem_fields[] = {
    F("line", "line", J, CLI_FMT_PLAIN, p_line),
    F("column", "column", J, CLI_FMT_PLAIN, p_column),
    F("severity", "severity", J, CLI_FMT_PLAIN, p_severity),
    F("code", "code", 0, CLI_FMT_PLAIN, p_code),
    F("message", "message", J, CLI_FMT_PLAIN, p_message),
    F("where", "line", T, CLI_FMT_PLAIN, p_where),
    F("level", "severity", T, CLI_FMT_PLAIN, p_level),
    F("text", "message", T, CLI_FMT_PLAIN, p_text),
    F("fold", "line", T, CLI_FMT_PLAIN, p_fold),
    {0},
};

#define ESTIMATE                                                                         \
    "estimated billable tokens: %{est_billable_tokens} (%{tokens_per_epoch} per epoch "  \
    "x "                                                                                 \
    "%{epochs_n}%{auto_note})\n"

const cli_template cli_report_lines[] = {
    [CLI_LINE_PROBLEM] = {"validate: a problem", cli_problem_fields,
                          "%{where}: %{level}: %{text} [%{code}]%{fold}\n"},
    [CLI_LINE_MORE_ERRORS] = {"validate: more errors", cli_report_fields,
                              "... and %{more_errors} more errors\n"},
    [CLI_LINE_MORE_WARNINGS] = {"validate: more warnings", cli_report_fields,
                                "... and %{more_warnings} more warnings\n"},
    [CLI_LINE_SUMMARY] = {"validate: summary", cli_report_fields,
                          "%{file}: %{verdict}, format %{format_shown}, %{examples_n}, "
                          "%{counts}\n"},
    [CLI_LINE_TEXT] = {"validate: text", cli_report_fields,
                       "  %{messages} messages, %{characters} characters of text\n"},
    [CLI_LINE_TOKENS] = {"validate: tokens", cli_report_fields,
                         "  estimated tokens: %{est_tokens} total, "
                         "%{est_tokens_min}..%{est_tokens_max} per example (mean "
                         "%{est_tokens_mean}); %{examples_over_limit} over the "
                         "%{context_limit}-token limit\n"},
    [CLI_LINE_BILLABLE] = {"validate: billable", cli_report_fields, "  " ESTIMATE},
    [CLI_LINE_ESTIMATE] = {"train: estimate", cli_report_fields, ESTIMATE},
    {0},
};

static void print_problems(const cli_report_item *it)
{
    const oft_jsonl_report *r = it->r;
    size_t i, j;
    for (i = 0; i < r->problems_count; i++) {
        const oft_jsonl_problem *p = &r->problems[i];
        cli_row row = {it, i};
        int earlier = 0;
        for (j = 0; j < i && !earlier; j++)
            earlier = same(&r->problems[j], p);
        if (!earlier && (p->severity == OFT_JSONL_ERROR || !it->c->quiet))
            cli_view_print(stderr, &cli_report_lines[CLI_LINE_PROBLEM], &row);
    }
    if (beyond(r, OFT_JSONL_ERROR) > 0)
        cli_view_print(stderr, &cli_report_lines[CLI_LINE_MORE_ERRORS], it);
    if (beyond(r, OFT_JSONL_WARNING) > 0 && !it->c->quiet)
        cli_view_print(stderr, &cli_report_lines[CLI_LINE_MORE_WARNINGS], it);
}

/* The estimate of billable tokens, when there is one, as line says. */
static void print_estimate(FILE *out, const cli_report_item *it, int line)
{
    if (it->r->examples > 0 && epochs_of(it) > 0)
        cli_view_print(out, &cli_report_lines[line], it);
}

static void print_summary(const cli_report_item *it)
{
    cli_view_print(stdout, &cli_report_lines[CLI_LINE_SUMMARY], it);
    if (it->r->examples == 0)
        return;
    cli_view_print(stdout, &cli_report_lines[CLI_LINE_TEXT], it);
    cli_view_print(stdout, &cli_report_lines[CLI_LINE_TOKENS], it);
    print_estimate(stdout, it, CLI_LINE_BILLABLE);
}

void cli_report_print(const cli *c, const char *shown, const oft_jsonl_report *r,
                      const cli_validation *v)
{
    cli_report_item it = {c, shown, r, v};
    print_problems(&it);
    if (c->quiet)
        return;
    if (v->report == CLI_REPORT_FULL)
        print_summary(&it);
    else if (v->report == CLI_REPORT_ESTIMATE && r->ok)
        print_estimate(stderr, &it, CLI_LINE_ESTIMATE);
}

void cli_report_print_json(const char *shown, const oft_jsonl_report *r,
                           const cli_validation *v)
{
    cli_report_item it = {NULL, shown, r, v};
    cli_view_json_compact(cli_report_fields, &it);
}
