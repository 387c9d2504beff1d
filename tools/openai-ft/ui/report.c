/*
 * openai-ft: the validator's report in human terms. Repeated identical
 * problems (same severity, code and message) fold into one line with their
 * count and first lines; errors and warnings are counted apart; the
 * estimate of billable tokens states its epochs.
 */
#include <string.h>

#include "ui/report.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"

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

/* The lines of the problems like problems[first] after it: " (30 times:
 * lines 3, 4, 5, 6, 7, ...)". */
static void print_fold(const oft_jsonl_report *r, size_t first, size_t count)
{
    size_t i, listed = 0;
    fprintf(stderr, " (%zu times: lines", count);
    for (i = first; i < r->problems_count && listed < SHOWN_LINES; i++)
        if (same(&r->problems[i], &r->problems[first]))
            fprintf(stderr, "%s %llu", listed++ ? "," : "",
                    (unsigned long long)r->problems[i].line);
    fputs(count > SHOWN_LINES ? ", ...)" : ")", stderr);
}

static void print_problems(const cli *c, const char *shown, const oft_jsonl_report *r)
{
    uint64_t kept_err = 0, kept_warn = 0;
    size_t i, j;
    for (i = 0; i < r->problems_count; i++) {
        const oft_jsonl_problem *p = &r->problems[i];
        int is_err = p->severity == OFT_JSONL_ERROR, earlier = 0;
        size_t count = 0;
        if (is_err)
            kept_err++;
        else
            kept_warn++;
        for (j = 0; j < i && !earlier; j++)
            earlier = same(&r->problems[j], p);
        if (earlier || (!is_err && c->quiet))
            continue;
        for (j = i; j < r->problems_count; j++)
            count += same(&r->problems[j], p);
        /* whole-file problems (empty file, unreadable) have no line */
        fprintf(stderr, "%s", shown);
        if (p->line > 0)
            fprintf(stderr, ":%llu", (unsigned long long)p->line);
        if (p->line > 0 && p->column > 0)
            fprintf(stderr, ":%llu", (unsigned long long)p->column);
        fprintf(stderr, ": %s%s%s: %s [%s]", is_err ? cli_c_red(c) : cli_c_yellow(c),
                is_err ? "error" : "warning", cli_c_reset(c),
                cli_text(strip_line(p->message)), oft_jsonl_code_str(p->code));
        if (count > 1)
            print_fold(r, i, count);
        fputc('\n', stderr);
    }
    if (r->errors_total > kept_err)
        fprintf(stderr, "... and %llu more errors\n",
                (unsigned long long)(r->errors_total - kept_err));
    if (r->warnings_total > kept_warn && !c->quiet)
        fprintf(stderr, "... and %llu more warnings\n",
                (unsigned long long)(r->warnings_total - kept_warn));
}

/* Billable tokens per epoch (each example counts up to the context limit). */
static unsigned long long per_epoch(const oft_jsonl_report *r)
{
    return r->default_epochs > 0 ? r->est_billed_tokens / (uint64_t)r->default_epochs
                                 : r->est_tokens;
}

static int epochs_of(const oft_jsonl_report *r, oft_hp_num n_epochs)
{
    return n_epochs.mode == OFT_HP_VALUE ? (int)n_epochs.value : r->default_epochs;
}

/* "estimated billable tokens: 5160 (1720 per epoch x 3 epochs: an estimate of
 * what "auto" picks for 30 examples)" */
static void print_estimate(FILE *out, const oft_jsonl_report *r, oft_hp_num n_epochs)
{
    int epochs = epochs_of(r, n_epochs);
    char ex[48];
    if (r->examples == 0 || epochs <= 0)
        return;
    fprintf(out, "%sestimated billable tokens: %llu (%llu per epoch x %d epoch%s",
            out == stdout ? "  " : "", per_epoch(r) * (unsigned long long)epochs,
            per_epoch(r), epochs, epochs == 1 ? "" : "s");
    if (n_epochs.mode != OFT_HP_VALUE)
        fprintf(out, ": an estimate of what \"auto\" picks for %s",
                cli_plural(ex, sizeof(ex), r->examples, "example"));
    fputs(")\n", out);
}

static void print_summary(const char *shown, const oft_jsonl_report *r, oft_hp_num n_ep)
{
    char ex[48], counts[96];
    printf("%s: %s, format %s, %s, %s\n", shown, r->ok ? "valid" : "INVALID",
           r->format == OFT_JSONL_AUTO ? "unknown" : oft_jsonl_format_str(r->format),
           cli_plural(ex, sizeof(ex), r->examples, "example"),
           cli_report_counts(counts, sizeof(counts), r));
    if (r->examples == 0)
        return;
    printf("  %llu messages, %llu characters of text\n", (unsigned long long)r->messages,
           (unsigned long long)r->characters);
    printf("  estimated tokens: %llu total, %llu..%llu per example (mean %.0f); "
           "%llu over the %llu-token limit\n",
           (unsigned long long)r->est_tokens, (unsigned long long)r->est_tokens_min,
           (unsigned long long)r->est_tokens_max, r->est_tokens_mean,
           (unsigned long long)r->examples_over_limit,
           (unsigned long long)r->context_limit);
    print_estimate(stdout, r, n_ep);
}

void cli_report_print(const cli *c, const char *shown, const oft_jsonl_report *r,
                      const cli_validation *v)
{
    print_problems(c, shown, r);
    if (c->quiet)
        return;
    if (v->report == CLI_REPORT_FULL)
        print_summary(shown, r, v->n_epochs);
    else if (v->report == CLI_REPORT_ESTIMATE && r->ok)
        print_estimate(stderr, r, v->n_epochs);
}

void cli_report_print_json(const char *shown, const oft_jsonl_report *r,
                           const cli_validation *v)
{
    int epochs = epochs_of(r, v->n_epochs);
    size_t i;
    fputs("{\"object\":\"validation_report\",\"file\":", stdout);
    cli_json_str(shown);
    printf(",\"ok\":%s,\"format\":", r->ok ? "true" : "false");
    cli_json_str(oft_jsonl_format_str(r->format));
    printf(
        ",\"bytes\":%llu,\"lines\":%llu,\"examples\":%llu,\"messages\":%llu,"
        "\"characters\":%llu,\"est_tokens\":%llu,\"est_tokens_min\":%llu,"
        "\"est_tokens_max\":%llu,\"est_tokens_mean\":%.1f,\"context_limit\":%llu,"
        "\"examples_over_limit\":%llu,\"default_epochs\":%d,\"est_billed_tokens\":%llu,"
        "\"epochs\":%d,\"epochs_estimated\":%s,\"est_billable_tokens\":%llu,"
        "\"errors\":%llu,\"warnings\":%llu,\"problems\":[",
        (unsigned long long)r->bytes, (unsigned long long)r->lines,
        (unsigned long long)r->examples, (unsigned long long)r->messages,
        (unsigned long long)r->characters, (unsigned long long)r->est_tokens,
        (unsigned long long)r->est_tokens_min, (unsigned long long)r->est_tokens_max,
        r->est_tokens_mean, (unsigned long long)r->context_limit,
        (unsigned long long)r->examples_over_limit, r->default_epochs,
        (unsigned long long)r->est_billed_tokens, epochs,
        v->n_epochs.mode == OFT_HP_VALUE ? "false" : "true",
        per_epoch(r) * (unsigned long long)(epochs > 0 ? epochs : 0),
        (unsigned long long)r->errors_total, (unsigned long long)r->warnings_total);
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
