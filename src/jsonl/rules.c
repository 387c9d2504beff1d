/*
 * The format rules of the training-data validator (reference/openai-api.md
 * section 12, with the cookbook checks of 12.5), applied to one line once
 * jsonl/walk.c has walked it and its JSON is known to be valid.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "jsonl/line.h"

/* The format a line's keys suggest; `extra` is set when it has keys beyond chat's. */
static int line_format(const oft__jl_line_ctx *c, int *extra)
{
    unsigned chat =
        1u << K_MESSAGES | 1u << K_TOOLS | 1u << K_FUNCTIONS | 1u << K_PARALLEL;
    *extra = c->unknown_keys > 0 || (c->seen & ~chat) != 0;
    if (c->seen & (1u << K_MESSAGES))
        return *extra ? OFT_JSONL_REINFORCEMENT : OFT_JSONL_CHAT;
    if (c->seen & (1u << K_INPUT | 1u << K_PREFERRED | 1u << K_NON_PREFERRED))
        return OFT_JSONL_DPO;
    if (c->seen & (1u << K_PROMPT | 1u << K_COMPLETION))
        return OFT_JSONL_COMPLETION;
    return OFT_JSONL_AUTO;
}

static void error(oft__jl *v, int code, const char *text)
{
    oft__jl_problem(v, 0, code, OFT_JSONL_ERROR, text);
}

static void check_messages_list(oft__jl *v, const oft__jl_line_ctx *c)
{
    if (c->kind[K_MESSAGES] == OFT__JS_NONE)
        error(v, OFT_JSONL_MISSING_MESSAGES, "\"messages\" is missing");
    else if (c->kind[K_MESSAGES] != OFT__JS_ARRAY)
        error(v, OFT_JSONL_MISSING_MESSAGES, "\"messages\" is not an array");
    else if (c->m.count == 0)
        error(v, OFT_JSONL_MISSING_MESSAGES, "\"messages\" is empty");
}

static void check_tools(oft__jl *v, const oft__jl_line_ctx *c)
{
    if (c->kind[K_TOOLS] != OFT__JS_NONE && c->kind[K_TOOLS] != OFT__JS_ARRAY)
        error(v, OFT_JSONL_INVALID_TOOLS, "\"tools\" is not an array");
    if (c->kind[K_FUNCTIONS] != OFT__JS_NONE && c->kind[K_FUNCTIONS] != OFT__JS_ARRAY)
        error(v, OFT_JSONL_INVALID_TOOLS, "\"functions\" is not an array");
    if (c->kind[K_PARALLEL] != OFT__JS_NONE && c->kind[K_PARALLEL] != OFT__JS_TRUE &&
        c->kind[K_PARALLEL] != OFT__JS_FALSE)
        error(v, OFT_JSONL_INVALID_TOOLS, "\"parallel_tool_calls\" is not true or false");
}

static void check_output(oft__jl *v, const oft__jl_line_ctx *c, int k,
                         const oft__jl_msgs *m)
{
    char text[160];
    const char *name = oft__jl_topkey_names[k];
    if (c->kind[k] == OFT__JS_NONE)
        snprintf(text, sizeof(text), "\"%s\" is missing", name);
    else if (c->kind[k] != OFT__JS_ARRAY)
        snprintf(text, sizeof(text), "\"%s\" is not an array", name);
    else if (m->count != 1)
        snprintf(text, sizeof(text),
                 "\"%s\" holds %llu messages; it must hold exactly one assistant message",
                 name, (unsigned long long)m->count);
    else if (m->roles != ROLE_BIT(R_ASSISTANT))
        snprintf(text, sizeof(text), "\"%s\" must hold an assistant message", name);
    else
        return;
    error(v, OFT_JSONL_INVALID_DPO_OUTPUT, text);
}

/* Completion models train on prompt/completion examples, chat models on the rest;
 * checked on the first example whose format is known. */
static void check_model(oft__jl *v, int f)
{
    int completion = f == OFT_JSONL_COMPLETION;
    if (v->model_checked)
        return;
    v->model_checked = 1;
    if (v->model_kind == OFT__JL_MODEL_UNKNOWN ||
        (v->model_kind == OFT__JL_MODEL_COMPLETION) == completion)
        return;
    error(v, OFT_JSONL_FORMAT_NOT_FOR_MODEL,
          completion ? "prompt/completion examples cannot train a chat model: write each "
                       "example as {\"messages\": [...]}"
                     : "chat, DPO and reinforcement examples cannot train a completion "
                       "model (babbage-002, davinci-002): write each example as "
                       "{\"prompt\": \"...\", \"completion\": \"...\"}");
}

/*
 * The format the line is judged by: the file's (set from the first line
 * that has the keys of one), which the line's keys must fit. Reports the
 * problem and returns OFT_JSONL_AUTO when there is none to judge it by.
 */
static int judged_format(oft__jl *v, const oft__jl_line_ctx *c, int *extra)
{
    int lf = line_format(c, extra);
    char text[200];
    /* A line with no key of any format is judged by the file's format, so a
     * chat line without "messages" says so; only the first line cannot be. */
    if (lf == OFT_JSONL_AUTO && v->format != OFT_JSONL_AUTO)
        lf = v->format;
    if (lf == OFT_JSONL_AUTO) {
        error(v, OFT_JSONL_UNKNOWN_FORMAT,
              "no key of a known format (\"messages\"; \"prompt\" and \"completion\"; "
              "\"input\", \"preferred_output\" and \"non_preferred_output\")");
        return OFT_JSONL_AUTO;
    }
    if (v->format == OFT_JSONL_AUTO)
        v->format = lf;
    int f = v->format;
    check_model(v, f); /* once per file */
    /* A chat-shaped line is also a valid reinforcement line, and a chat line
     * with extra keys is a chat line with unrecognized keys. */
    int fits = lf == f || (f == OFT_JSONL_REINFORCEMENT && lf == OFT_JSONL_CHAT) ||
               (f == OFT_JSONL_CHAT && lf == OFT_JSONL_REINFORCEMENT);
    if (!fits) {
        snprintf(text, sizeof(text), "a %s example in a %s file (%s)",
                 oft_jsonl_format_str(lf), oft_jsonl_format_str(f),
                 v->format_given ? "the format given in the options"
                                 : "the format detected from the first example");
        error(v, OFT_JSONL_FORMAT_MISMATCH, text);
        return OFT_JSONL_AUTO;
    }
    return f;
}

/* Warns about the first top-level key format f does not know. */
static void check_unknown_keys(oft__jl *v, const oft__jl_line_ctx *c, int f)
{
    const char *name = c->unknown_keys ? c->unknown_key : NULL;
    unsigned allowed =
        f == OFT_JSONL_CHAT
            ? (1u << K_MESSAGES | 1u << K_TOOLS | 1u << K_FUNCTIONS | 1u << K_PARALLEL)
        : f == OFT_JSONL_DPO ? (1u << K_INPUT | 1u << K_PREFERRED | 1u << K_NON_PREFERRED)
                             : (1u << K_PROMPT | 1u << K_COMPLETION);
    for (int k = 0; !name && k < K_COUNT; k++)
        if ((c->seen & (1u << k)) && !(allowed & (1u << k)))
            name = oft__jl_topkey_names[k];
    if (name) {
        char text[200];
        snprintf(text, sizeof(text), "unrecognized key \"%s\" for the %s format", name,
                 oft_jsonl_format_str(f));
        oft__jl_problem(v, 0, OFT_JSONL_UNRECOGNIZED_KEY, OFT_JSONL_WARNING, text);
    }
}

/* An example's figures for the summary. */
typedef struct figures {
    uint64_t messages, chars, tokens;
} figures;

/* Chat and reinforcement: a messages list (with an assistant, and ideally a
 * system and a user message, for chat) and valid tools. */
static figures chat_rules(oft__jl *v, const oft__jl_line_ctx *c, int f)
{
    oft_jsonl_report *r = v->r;
    check_messages_list(v, c);
    check_tools(v, c);
    if (f == OFT_JSONL_CHAT && c->m.count) {
        if (!(c->m.roles & ROLE_BIT(R_ASSISTANT)))
            error(v, OFT_JSONL_MISSING_ASSISTANT, "no message has role \"assistant\"");
        /* developer is the newer name of the system role */
        if (!(c->m.roles & (ROLE_BIT(R_SYSTEM) | ROLE_BIT(R_DEVELOPER)))) {
            r->missing_system++;
            oft__jl_problem(v, 0, OFT_JSONL_MISSING_SYSTEM, OFT_JSONL_WARNING,
                            "no system message");
        }
        if (!(c->m.roles & ROLE_BIT(R_USER))) {
            r->missing_user++;
            oft__jl_problem(v, 0, OFT_JSONL_MISSING_USER, OFT_JSONL_WARNING,
                            "no user message");
        }
    }
    return (figures){c->m.count, c->m.chars, c->m.tokens + 3};
}

/* DPO: an input with messages, and one assistant message in each output. */
static figures dpo_rules(oft__jl *v, const oft__jl_line_ctx *c)
{
    if (c->kind[K_INPUT] != OFT__JS_OBJECT)
        error(v, OFT_JSONL_INVALID_DPO_INPUT,
              c->kind[K_INPUT] == OFT__JS_NONE ? "\"input\" is missing"
                                               : "\"input\" is not an object");
    else if (c->input_kind != OFT__JS_ARRAY || c->input.count == 0)
        error(v, OFT_JSONL_INVALID_DPO_INPUT,
              c->input_kind == OFT__JS_NONE    ? "\"input.messages\" is missing"
              : c->input_kind != OFT__JS_ARRAY ? "\"input.messages\" is not an array"
                                               : "\"input.messages\" is empty");
    check_output(v, c, K_PREFERRED, &c->pref);
    check_output(v, c, K_NON_PREFERRED, &c->nonpref);
    return (figures){c->input.count + c->pref.count + c->nonpref.count,
                     c->input.chars + c->pref.chars + c->nonpref.chars,
                     c->input.tokens + c->pref.tokens + c->nonpref.tokens + 3};
}

/* Completion: a prompt and a completion string. */
static figures completion_rules(oft__jl *v, const oft__jl_line_ctx *c)
{
    char text[200];
    for (int k = K_PROMPT; k <= K_COMPLETION; k++)
        if (c->kind[k] != OFT__JS_STRING) {
            snprintf(text, sizeof(text), "\"%s\" is %s", oft__jl_topkey_names[k],
                     c->kind[k] == OFT__JS_NONE ? "missing" : "not a string");
            error(v, OFT_JSONL_INVALID_PROMPT_COMPLETION, text);
        }
    return (figures){0, c->prompt_chars + c->completion_chars,
                     oft__jl_tokens(c->prompt_chars) +
                         oft__jl_tokens(c->completion_chars)};
}

/* The rules of the line's format, once its JSON is known to be valid. */
static void apply_format(oft__jl *v, const oft__jl_line_ctx *c)
{
    int extra, f = judged_format(v, c, &extra);
    if (f == OFT_JSONL_AUTO)
        return;
    if (f != OFT_JSONL_REINFORCEMENT && extra)
        check_unknown_keys(v, c, f);
    figures x = f == OFT_JSONL_DPO          ? dpo_rules(v, c)
                : f == OFT_JSONL_COMPLETION ? completion_rules(v, c)
                                            : chat_rules(v, c, f);
    oft__jl_example(v, x.messages, x.chars, x.tokens);
}

static const char *kind_name(int kind)
{
    switch (kind) {
        case OFT__JS_ARRAY:
            return "an array";
        case OFT__JS_STRING:
            return "a string";
        case OFT__JS_NUMBER:
            return "a number";
        case OFT__JS_NULL:
            return "null";
        default:
            return "a boolean";
    }
}

void oft__jl_line(oft__jl *v, const char *line, size_t len)
{
    /* Scratch for one line, reset per line; large, so not zeroed in full. */
    oft__jl_line_ctx c;
    memset(&c, 0, offsetof(oft__jl_line_ctx, pend));
    c.v = v;
    oft__js_init(&c.s, line, len);
    oft__jscan *s = &c.s;

    if (v->line == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
        oft__jl_problem(v, 1, OFT_JSONL_INVALID_JSON, OFT_JSONL_ERROR,
                        "the file starts with a UTF-8 byte order mark (BOM): save it as "
                        "UTF-8 without BOM");
        return;
    }
    int kind = oft__js_kind(s);
    if (oft__js_peek(s) < 0) {
        error(v, OFT_JSONL_BLANK_LINE, "blank line (the API rejects empty lines)");
        return;
    }
    int rc = kind == OFT__JS_OBJECT ? oft__jl_walk_top(&c) : oft__js_skip(s);
    if (rc == 0 && oft__js_peek(s) >= 0)
        rc = oft__js_fail(s, "unexpected data after the JSON value");

    char text[200];
    if (s->bad_utf8_col) {
        snprintf(text, sizeof(text), "invalid UTF-8 at byte offset %llu (column %llu)",
                 (unsigned long long)(v->line_offset + s->bad_utf8_col - 1),
                 (unsigned long long)s->bad_utf8_col);
        oft__jl_problem(v, s->bad_utf8_col, OFT_JSONL_INVALID_UTF8, OFT_JSONL_ERROR,
                        text);
    }
    if (rc < 0) {
        snprintf(text, sizeof(text), "%s at column %llu: %s",
                 s->err == OFT_JSONL_TOO_DEEP ? "nesting too deep" : "not valid JSON",
                 (unsigned long long)s->err_col, s->err_what);
        oft__jl_problem(v, s->err_col, s->err, OFT_JSONL_ERROR, text);
        return;
    }
    if (kind != OFT__JS_OBJECT) {
        snprintf(text, sizeof(text), "not a JSON object (found %s)", kind_name(kind));
        error(v, OFT_JSONL_DATA_TYPE, text);
        return;
    }
    v->r->examples++;
    for (int i = 0; i < c.npend; i++)
        oft__jl_problem(v, c.pend[i].column, c.pend[i].code, c.pend[i].severity,
                        c.pend[i].text);
    v->r->errors_total += c.extra_errors;
    v->r->warnings_total += c.extra_warnings;
    if (c.extra_errors && v->stop_at_first)
        v->stop = 1;
    apply_format(v, &c);
}
