/*
 * The validator's report: problems kept under the caps with their English
 * messages, the summary figures (token ESTIMATES, the cookbook's epochs and
 * billing heuristic), the model context table, names of codes and formats.
 */
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/str.h"
#include "jsonl/internal.h"

static const char *const code_names[] = {
    [OFT_JSONL_IO_ERROR] = "io_error",
    [OFT_JSONL_EMPTY_FILE] = "empty_file",
    [OFT_JSONL_BLANK_LINE] = "blank_line",
    [OFT_JSONL_LINE_TOO_LONG] = "line_too_long",
    [OFT_JSONL_INVALID_UTF8] = "invalid_utf8",
    [OFT_JSONL_INVALID_JSON] = "invalid_json",
    [OFT_JSONL_TOO_DEEP] = "nesting_too_deep",
    [OFT_JSONL_DATA_TYPE] = "data_type",
    [OFT_JSONL_UNKNOWN_FORMAT] = "unknown_format",
    [OFT_JSONL_FORMAT_MISMATCH] = "format_mismatch",
    [OFT_JSONL_UNRECOGNIZED_KEY] = "unrecognized_key",
    [OFT_JSONL_DUPLICATE_KEY] = "duplicate_key",
    [OFT_JSONL_MISSING_MESSAGES] = "missing_messages_list",
    [OFT_JSONL_MESSAGE_NOT_OBJECT] = "message_not_object",
    [OFT_JSONL_MESSAGE_MISSING_KEY] = "message_missing_key",
    [OFT_JSONL_MESSAGE_UNRECOGNIZED_KEY] = "message_unrecognized_key",
    [OFT_JSONL_UNRECOGNIZED_ROLE] = "unrecognized_role",
    [OFT_JSONL_MISSING_CONTENT] = "missing_content",
    [OFT_JSONL_INVALID_CONTENT] = "invalid_content",
    [OFT_JSONL_INVALID_WEIGHT] = "invalid_weight",
    [OFT_JSONL_MISSING_ASSISTANT] = "example_missing_assistant_message",
    [OFT_JSONL_MISSING_SYSTEM] = "example_missing_system_message",
    [OFT_JSONL_MISSING_USER] = "example_missing_user_message",
    [OFT_JSONL_INVALID_TOOLS] = "invalid_tools",
    [OFT_JSONL_INVALID_PROMPT_COMPLETION] = "invalid_prompt_completion",
    [OFT_JSONL_INVALID_DPO_INPUT] = "invalid_dpo_input",
    [OFT_JSONL_INVALID_DPO_OUTPUT] = "invalid_dpo_output",
    [OFT_JSONL_EXAMPLE_TOO_LONG] = "example_too_long",
    [OFT_JSONL_TOO_FEW_EXAMPLES] = "too_few_examples",
    [OFT_JSONL_FORMAT_NOT_FOR_MODEL] = "format_not_for_model",
};

const char *oft_jsonl_code_str(int code)
{
    if (code <= 0 || (size_t)code >= sizeof(code_names) / sizeof(code_names[0]) ||
        !code_names[code])
        return "unknown_code";
    return code_names[code];
}

const char *oft_jsonl_format_str(int format)
{
    switch (format) {
        case OFT_JSONL_AUTO:
            return "auto";
        case OFT_JSONL_CHAT:
            return "chat";
        case OFT_JSONL_COMPLETION:
            return "completion";
        case OFT_JSONL_DPO:
            return "dpo";
        case OFT_JSONL_REINFORCEMENT:
            return "reinforcement";
        default:
            return "unknown";
    }
}

/* Training context limits by model-name prefix; longest prefixes need no
 * ordering because no prefix here is a prefix of another with a different limit. */
static const struct {
    const char *prefix;
    uint64_t tokens;
} context_table[] = {
    {"gpt-4o-mini", 65536}, {"gpt-4o", 65536},        {"gpt-4.1", 65536},
    {"o4-mini", 65536},     {"gpt-3.5-turbo", 16385}, {"babbage-002", 16385},
    {"davinci-002", 16385},
};

#define DEFAULT_CONTEXT 16385 /* the cookbook's MAX_TOKENS_PER_EXAMPLE */

uint64_t oft__jl_context_limit(const char *model)
{
    if (!model)
        return DEFAULT_CONTEXT;
    if (strncmp(model, "ft:", 3) == 0)
        model += 3;
    for (size_t i = 0; i < sizeof(context_table) / sizeof(context_table[0]); i++) {
        size_t n = strlen(context_table[i].prefix);
        if (strncmp(model, context_table[i].prefix, n) == 0)
            return context_table[i].tokens;
    }
    return DEFAULT_CONTEXT;
}

int oft__jl_model_kind(const char *model)
{
    static const char *const completion[] = {"babbage-002", "davinci-002"};
    static const char *const chat[] = {"gpt-", "o1", "o3", "o4"};
    if (!model)
        return OFT__JL_MODEL_UNKNOWN;
    if (strncmp(model, "ft:", 3) == 0)
        model += 3;
    for (size_t i = 0; i < sizeof(completion) / sizeof(completion[0]); i++)
        if (strncmp(model, completion[i], strlen(completion[i])) == 0)
            return OFT__JL_MODEL_COMPLETION;
    for (size_t i = 0; i < sizeof(chat) / sizeof(chat[0]); i++)
        if (strncmp(model, chat[i], strlen(chat[i])) == 0)
            return OFT__JL_MODEL_CHAT;
    return OFT__JL_MODEL_UNKNOWN;
}

/* Cookbook constants: TARGET_EPOCHS 3, examples 100..25000, epochs 1..25. */
int oft__jl_default_epochs(uint64_t n)
{
    if (n == 0)
        return 0;
    if (n * 3 < 100) {
        uint64_t e = 100 / n;
        return e > 25 ? 25 : (int)e;
    }
    if (n * 3 > 25000) {
        uint64_t e = 25000 / n;
        return e < 1 ? 1 : (int)e;
    }
    return 3;
}

void oft__jl_problem(oft__jl *v, uint64_t column, int code, int severity,
                     const char *text)
{
    oft_jsonl_report *r = v->r;
    if (severity == OFT_JSONL_ERROR) {
        r->errors_total++;
        if (v->stop_at_first)
            v->stop = 1;
        if (v->kept_errors >= v->max_errors)
            return;
        v->kept_errors++;
    } else {
        r->warnings_total++;
        if (v->kept_warnings >= v->max_warnings)
            return;
        v->kept_warnings++;
    }
    if (v->oom)
        return;
    if (r->problems_count == v->problems_cap) {
        size_t cap = v->problems_cap ? v->problems_cap * 2 : 16;
        oft_jsonl_problem *p = oft__realloc(v->problems, cap * sizeof(*p));
        if (!p) {
            v->oom = v->stop = 1;
            return;
        }
        r->problems = v->problems = p;
        v->problems_cap = cap;
    }
    oft__str msg = OFT__STR_INIT;
    if (v->line)
        oft__str_printf(&msg, "line %llu: %s", (unsigned long long)v->line, text);
    else
        oft__str_puts(&msg, text);
    char *m = oft__str_detach(&msg);
    if (!m) {
        v->oom = v->stop = 1;
        return;
    }
    oft_jsonl_problem *p = &v->problems[r->problems_count++];
    p->line = v->line;
    p->column = column;
    p->code = code;
    p->severity = severity;
    p->message = m;
}

void oft__jl_example(oft__jl *v, uint64_t messages, uint64_t chars, uint64_t tokens)
{
    oft_jsonl_report *r = v->r;
    r->messages += messages;
    r->characters += chars;
    r->est_tokens += tokens;
    if (v->measured++ == 0 || tokens < r->est_tokens_min)
        r->est_tokens_min = tokens;
    if (tokens > r->est_tokens_max)
        r->est_tokens_max = tokens;
    if (tokens > r->context_limit) {
        r->examples_over_limit++;
        char text[160];
        snprintf(text, sizeof(text),
                 "about %llu tokens (estimate), over the %llu-token training context: it "
                 "will be truncated",
                 (unsigned long long)tokens, (unsigned long long)r->context_limit);
        oft__jl_problem(v, 0, OFT_JSONL_EXAMPLE_TOO_LONG, OFT_JSONL_WARNING, text);
        tokens = r->context_limit;
    }
    v->capped_tokens += tokens;
}

void oft__jl_finish(oft__jl *v)
{
    oft_jsonl_report *r = v->r;
    if (r->bytes == 0 && !v->oom && !v->io_failed) {
        v->line = 0;
        oft__jl_problem(v, 0, OFT_JSONL_EMPTY_FILE, OFT_JSONL_ERROR,
                        "the input is empty: a training file needs at least one example");
    }
    /* The API's minimum, counted on the whole input (not after a stop). */
    if (r->bytes > 0 && !v->stop && !v->io_failed && r->examples < v->min_examples) {
        char text[160];
        v->line = 0;
        snprintf(text, sizeof(text),
                 "the file has %llu example%s; a training file needs at least %llu",
                 (unsigned long long)r->examples, r->examples == 1 ? "" : "s",
                 (unsigned long long)v->min_examples);
        oft__jl_problem(v, 0, OFT_JSONL_TOO_FEW_EXAMPLES, OFT_JSONL_ERROR, text);
    }
    if (v->measured)
        r->est_tokens_mean = (double)r->est_tokens / (double)v->measured;
    r->default_epochs = oft__jl_default_epochs(r->examples);
    r->est_billed_tokens = (uint64_t)r->default_epochs * v->capped_tokens;
    r->format = v->format;
    r->ok = r->errors_total == 0;
}

void oft_jsonl_report_free(oft_jsonl_report *report)
{
    if (!report)
        return;
    for (size_t i = 0; i < report->problems_count; i++)
        OFT__FREE_CONST(report->problems[i].message);
    OFT__FREE_CONST(report->problems);
    oft__free(report);
}
