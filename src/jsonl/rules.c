/*
 * The format rules of the training-data validator (reference/openai-api.md
 * section 12, with the cookbook checks of 12.5), applied to one line while
 * the scanner walks it: only the keys the rules need are looked at, all other
 * values are skipped (their syntax still checked).
 *
 * Problems found during the walk are held per line and dropped if the line
 * turns out not to be JSON, so a syntax error is reported alone.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/str.h"
#include "jsonl/internal.h"
#include "jsonl/scan.h"

enum role {
    R_NONE,
    R_SYSTEM,
    R_DEVELOPER,
    R_USER,
    R_ASSISTANT,
    R_TOOL,
    R_FUNCTION,
    R_OTHER
};
#define ROLE_BIT(r) (1u << (r))

/* Top-level keys the rules know. */
enum topkey {
    K_MESSAGES,
    K_TOOLS,
    K_FUNCTIONS,
    K_PARALLEL,
    K_PROMPT,
    K_COMPLETION,
    K_INPUT,
    K_PREFERRED,
    K_NON_PREFERRED,
    K_COUNT
};
static const char *const topkey_names[K_COUNT] = {
    "messages",   "tools", "functions",        "parallel_tool_calls",  "prompt",
    "completion", "input", "preferred_output", "non_preferred_output",
};

/* One array of messages, summarised. */
typedef struct msgs {
    uint64_t count;
    uint64_t chars;
    uint64_t tokens;
    unsigned roles; /* ROLE_BIT of every role seen */
} msgs;

#define MAX_PENDING 16

typedef struct pending {
    uint64_t column;
    int code;
    int severity;
    char text[224];
} pending;

typedef struct line_ctx {
    oft__jl *v;
    oft__jscan s;
    const char *where; /* how messages of the current array are named */
    int kind[K_COUNT]; /* value kind of each top-level key (NONE: absent) */
    unsigned seen;     /* bit per top-level key */
    uint64_t unknown_keys;
    char unknown_key[48];
    msgs m, input, pref, nonpref;
    int input_kind; /* kind of input.messages */
    uint64_t prompt_chars, completion_chars;
    int npend;
    uint64_t extra_errors, extra_warnings; /* past MAX_PENDING: counted only */
    pending pend[MAX_PENDING];             /* last: not cleared per line */
} line_ctx;

static void pend(line_ctx *c, int code, int severity, const char *fmt, ...)
    OFT__PRINTF(4, 5);

static void pend(line_ctx *c, int code, int severity, const char *fmt, ...)
{
    if (c->npend == MAX_PENDING) {
        if (severity == OFT_JSONL_ERROR)
            c->extra_errors++;
        else
            c->extra_warnings++;
        return;
    }
    pending *p = &c->pend[c->npend++];
    p->column = 0;
    p->code = code;
    p->severity = severity;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->text, sizeof(p->text), fmt, ap);
    va_end(ap);
}

/* A printable excerpt of a string for messages (raw text, at most 40 bytes). */
static const char *excerpt(const oft__jspan *raw, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < raw->len && n + 4 < cap; i++) {
        unsigned char ch = raw->ptr[i];
        buf[n++] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
    }
    if (n < raw->len && n + 4 <= cap) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

static int role_of(const oft__jspan *raw)
{
    if (OFT__JS_EQ(raw, "user"))
        return R_USER;
    if (OFT__JS_EQ(raw, "assistant"))
        return R_ASSISTANT;
    if (OFT__JS_EQ(raw, "system"))
        return R_SYSTEM;
    if (OFT__JS_EQ(raw, "developer"))
        return R_DEVELOPER;
    if (OFT__JS_EQ(raw, "tool"))
        return R_TOOL;
    if (OFT__JS_EQ(raw, "function"))
        return R_FUNCTION;
    return R_OTHER;
}

/* Estimated tokens of a text of n characters (~4 characters per token). */
static uint64_t tok(uint64_t n)
{
    return (n + 3) / 4;
}

#define IMAGE_TOKENS 85 /* a low-detail image */

/* Checks content parts; returns 0, -1 on a syntax error. */
static int walk_parts(line_ctx *c, uint64_t idx, uint64_t *chars, uint64_t *images,
                      int *bad)
{
    oft__jscan *s = &c->s;
    int first = 1, r;
    uint64_t part = 0;
    if (oft__js_arr_begin(s) < 0)
        return -1;
    while ((r = oft__js_arr_next(s, &first)) == 1) {
        part++;
        if (oft__js_kind(s) != OFT__JS_OBJECT) {
            if (!*bad)
                pend(c, OFT_JSONL_INVALID_CONTENT, OFT_JSONL_ERROR,
                     "%s %llu: content part %llu is not an object", c->where,
                     (unsigned long long)idx, (unsigned long long)part);
            *bad = 1;
            if (oft__js_skip(s) < 0)
                return -1;
            continue;
        }
        enum { T_NONE, T_TEXT, T_IMAGE, T_OTHER } type = T_NONE;
        int text_kind = OFT__JS_NONE, url_ok = 0, pfirst = 1;
        char type_buf[48] = "";
        uint64_t text_chars = 0;
        oft__jspan key;
        if (oft__js_obj_begin(s) < 0)
            return -1;
        while ((r = oft__js_obj_next(s, &key, &pfirst)) == 1) {
            int kind = oft__js_kind(s);
            if (OFT__JS_EQ(&key, "type") && kind == OFT__JS_STRING) {
                oft__jspan t;
                if (oft__js_string(s, &t) < 0)
                    return -1;
                type = OFT__JS_EQ(&t, "text")        ? T_TEXT
                       : OFT__JS_EQ(&t, "image_url") ? T_IMAGE
                                                     : T_OTHER;
                excerpt(&t, type_buf, sizeof(type_buf));
            } else if (OFT__JS_EQ(&key, "text")) {
                uint64_t before = s->chars;
                text_kind = kind;
                if (oft__js_skip(s) < 0)
                    return -1;
                text_chars = s->chars - before;
            } else if (OFT__JS_EQ(&key, "image_url") && kind == OFT__JS_OBJECT) {
                oft__jspan ik;
                int ifirst = 1;
                if (oft__js_obj_begin(s) < 0)
                    return -1;
                while ((r = oft__js_obj_next(s, &ik, &ifirst)) == 1) {
                    if (OFT__JS_EQ(&ik, "url") && oft__js_kind(s) == OFT__JS_STRING)
                        url_ok = 1;
                    if (oft__js_skip(s) < 0)
                        return -1;
                }
                if (r < 0)
                    return -1;
            } else if (oft__js_skip(s) < 0) {
                return -1;
            }
        }
        if (r < 0)
            return -1;
        const char *why = NULL;
        if (type == T_NONE)
            why = "has no \"type\" string";
        else if (type == T_OTHER)
            why = "has an unsupported type";
        else if (type == T_TEXT && text_kind != OFT__JS_STRING)
            why = "is a text part without a \"text\" string";
        else if (type == T_IMAGE && !url_ok)
            why = "is an image part without an \"image_url\" object holding a \"url\"";
        if (why && !*bad) {
            pend(c, OFT_JSONL_INVALID_CONTENT, OFT_JSONL_ERROR,
                 "%s %llu: content part %llu %s%s%s%s", c->where, (unsigned long long)idx,
                 (unsigned long long)part, why, type == T_OTHER ? " \"" : "",
                 type == T_OTHER ? type_buf : "",
                 type == T_OTHER ? "\" (only \"text\" and \"image_url\")" : "");
            *bad = 1;
        }
        if (type == T_TEXT)
            *chars += text_chars;
        if (type == T_IMAGE)
            (*images)++;
    }
    if (r < 0)
        return -1;
    if (part == 0) /* an empty array is no content at all */
        *chars = 0;
    return part == 0 ? 1 : 0;
}

/* Message keys the rules know, for duplicates and unrecognized keys. */
enum msgkey {
    M_ROLE,
    M_CONTENT,
    M_NAME,
    M_WEIGHT,
    M_TOOL_CALLS,
    M_FUNCTION_CALL,
    M_TOOL_CALL_ID
};
static const char *const msgkey_names[] = {
    "role", "content", "name", "weight", "tool_calls", "function_call", "tool_call_id"};

static int msgkey_of(const oft__jspan *k)
{
    for (int i = 0; i < (int)(sizeof(msgkey_names) / sizeof(msgkey_names[0])); i++)
        if (oft__js_equals(k, msgkey_names[i], strlen(msgkey_names[i])))
            return i;
    return -1;
}

/* One message object at the cursor. */
static int walk_message(line_ctx *c, msgs *m, uint64_t idx)
{
    oft__jscan *s = &c->s;
    oft__jspan key, val;
    int first = 1, r;
    unsigned seen = 0;
    int role = R_NONE, role_kind = OFT__JS_NONE, content_kind = OFT__JS_NONE;
    int content_empty = 0, content_bad = 0, weight_kind = OFT__JS_NONE, unknown = 0;
    double weight = 0;
    uint64_t content_chars = 0, images = 0, name_chars = 0, call_chars = 0,
             role_chars = 0;
    char role_buf[48] = "", weight_buf[48] = "";

    if (oft__js_obj_begin(s) < 0)
        return -1;
    while ((r = oft__js_obj_next(s, &key, &first)) == 1) {
        int kind = oft__js_kind(s), mk = msgkey_of(&key);
        uint64_t before = s->chars;
        if (mk >= 0) {
            if (seen & (1u << mk))
                pend(c, OFT_JSONL_DUPLICATE_KEY, OFT_JSONL_WARNING,
                     "%s %llu has key \"%s\" more than once", c->where,
                     (unsigned long long)idx, msgkey_names[mk]);
            seen |= 1u << mk;
        }
        switch (mk) {
            case M_ROLE:
                role_kind = kind;
                if (kind == OFT__JS_STRING) {
                    if (oft__js_string(s, &val) < 0)
                        return -1;
                    role = role_of(&val);
                    role_chars = s->chars - before;
                    if (role == R_OTHER)
                        excerpt(&val, role_buf, sizeof(role_buf));
                    continue;
                }
                break;
            case M_CONTENT:
                content_kind = kind;
                if (kind == OFT__JS_STRING) {
                    if (oft__js_string(s, &val) < 0)
                        return -1;
                    content_chars = s->chars - before;
                    content_empty = val.len == 0;
                    continue;
                }
                if (kind == OFT__JS_ARRAY) {
                    int empty = walk_parts(c, idx, &content_chars, &images, &content_bad);
                    if (empty < 0)
                        return -1;
                    content_empty = empty;
                    continue;
                }
                break;
            case M_WEIGHT:
                weight_kind = kind;
                if (kind == OFT__JS_NUMBER) {
                    const unsigned char *b = s->p;
                    if (oft__js_number(s, &weight) < 0)
                        return -1;
                    size_t n = (size_t)(s->p - b);
                    oft__jspan w = {b, n, 0};
                    excerpt(&w, weight_buf, sizeof(weight_buf));
                    continue;
                }
                break;
            case M_NAME:
            case M_TOOL_CALLS:
            case M_FUNCTION_CALL:
            case M_TOOL_CALL_ID:
                break;
            default:
                if (!unknown) {
                    char kb[48];
                    pend(c, OFT_JSONL_MESSAGE_UNRECOGNIZED_KEY, OFT_JSONL_WARNING,
                         "%s %llu has unrecognized key \"%s\"", c->where,
                         (unsigned long long)idx, excerpt(&key, kb, sizeof(kb)));
                }
                unknown = 1;
                break;
        }
        if (oft__js_skip(s) < 0)
            return -1;
        if (mk == M_NAME)
            name_chars = s->chars - before;
        else if (mk == M_TOOL_CALLS || mk == M_FUNCTION_CALL)
            call_chars += s->chars - before;
    }
    if (r < 0)
        return -1;

    unsigned long long ix = (unsigned long long)idx;
    if (role_kind == OFT__JS_NONE)
        pend(c, OFT_JSONL_MESSAGE_MISSING_KEY, OFT_JSONL_ERROR, "%s %llu has no \"role\"",
             c->where, ix);
    else if (role_kind != OFT__JS_STRING)
        pend(c, OFT_JSONL_UNRECOGNIZED_ROLE, OFT_JSONL_ERROR,
             "%s %llu has a \"role\" that is not a string", c->where, ix);
    else if (role == R_OTHER)
        pend(c, OFT_JSONL_UNRECOGNIZED_ROLE, OFT_JSONL_ERROR,
             "%s %llu has unknown role \"%s\" (expected system, developer, user, "
             "assistant, "
             "tool or function)",
             c->where, ix, role_buf);

    int calls = (seen & (1u << M_TOOL_CALLS)) || (seen & (1u << M_FUNCTION_CALL));
    int no_content = content_kind == OFT__JS_NONE || content_kind == OFT__JS_NULL;
    if ((no_content || content_empty) && !(calls && role == R_ASSISTANT))
        pend(c, OFT_JSONL_MISSING_CONTENT, OFT_JSONL_ERROR,
             no_content ? "%s %llu has no \"content\"" : "%s %llu has empty \"content\"",
             c->where, ix);
    else if (!no_content && content_kind != OFT__JS_STRING &&
             content_kind != OFT__JS_ARRAY)
        pend(c, OFT_JSONL_INVALID_CONTENT, OFT_JSONL_ERROR,
             "%s %llu has \"content\" that is neither a string nor an array of content "
             "parts",
             c->where, ix);

    if (weight_kind != OFT__JS_NONE) {
        if (role != R_ASSISTANT && role != R_OTHER && role != R_NONE)
            pend(c, OFT_JSONL_INVALID_WEIGHT, OFT_JSONL_ERROR,
                 "%s %llu has \"weight\" but only assistant messages may have one",
                 c->where, ix);
        else if (weight_kind != OFT__JS_NUMBER || (weight != 0 && weight != 1))
            pend(c, OFT_JSONL_INVALID_WEIGHT, OFT_JSONL_ERROR,
                 "%s %llu has \"weight\" %s (it must be 0 or 1)", c->where, ix,
                 weight_kind == OFT__JS_NUMBER ? weight_buf : "that is not a number");
    }

    m->count++;
    m->chars += content_chars;
    m->roles |= ROLE_BIT(role);
    m->tokens += 3 + tok(role_chars) + tok(content_chars) + tok(call_chars) +
                 images * IMAGE_TOKENS;
    if (seen & (1u << M_NAME))
        m->tokens += 1 + tok(name_chars);
    return 0;
}

/* An array of messages at the cursor. */
static int walk_messages(line_ctx *c, msgs *m, const char *where)
{
    oft__jscan *s = &c->s;
    int first = 1, r;
    c->where = where;
    if (oft__js_arr_begin(s) < 0)
        return -1;
    while ((r = oft__js_arr_next(s, &first)) == 1) {
        if (oft__js_kind(s) == OFT__JS_OBJECT) {
            if (walk_message(c, m, m->count + 1) < 0)
                return -1;
            continue;
        }
        m->count++;
        pend(c, OFT_JSONL_MESSAGE_NOT_OBJECT, OFT_JSONL_ERROR, "%s %llu is not an object",
             where, (unsigned long long)m->count);
        if (oft__js_skip(s) < 0)
            return -1;
    }
    return r;
}

/* The DPO "input" object at the cursor. */
static int walk_input(line_ctx *c)
{
    oft__jscan *s = &c->s;
    oft__jspan key;
    int first = 1, r;
    if (oft__js_obj_begin(s) < 0)
        return -1;
    while ((r = oft__js_obj_next(s, &key, &first)) == 1) {
        if (OFT__JS_EQ(&key, "messages")) {
            c->input_kind = oft__js_kind(s);
            if (c->input_kind == OFT__JS_ARRAY) {
                if (walk_messages(c, &c->input, "input message") < 0)
                    return -1;
                continue;
            }
        }
        if (oft__js_skip(s) < 0)
            return -1;
    }
    return r;
}

static int topkey_of(const oft__jspan *k)
{
    for (int i = 0; i < K_COUNT; i++)
        if (oft__js_equals(k, topkey_names[i], strlen(topkey_names[i])))
            return i;
    return -1;
}

/* The top-level object at the cursor. */
static int walk_top(line_ctx *c)
{
    oft__jscan *s = &c->s;
    oft__jspan key;
    int first = 1, r;
    if (oft__js_obj_begin(s) < 0)
        return -1;
    while ((r = oft__js_obj_next(s, &key, &first)) == 1) {
        int k = topkey_of(&key), kind = oft__js_kind(s);
        uint64_t before = s->chars;
        if (k < 0) {
            if (c->unknown_keys++ == 0)
                excerpt(&key, c->unknown_key, sizeof(c->unknown_key));
            if (oft__js_skip(s) < 0)
                return -1;
            continue;
        }
        if (c->seen & (1u << k))
            pend(c, OFT_JSONL_DUPLICATE_KEY, OFT_JSONL_WARNING,
                 "key \"%s\" appears more than once", topkey_names[k]);
        c->seen |= 1u << k;
        c->kind[k] = kind;
        if (kind == OFT__JS_ARRAY && k == K_MESSAGES)
            r = walk_messages(c, &c->m, "message");
        else if (kind == OFT__JS_ARRAY && k == K_PREFERRED)
            r = walk_messages(c, &c->pref, "preferred_output message");
        else if (kind == OFT__JS_ARRAY && k == K_NON_PREFERRED)
            r = walk_messages(c, &c->nonpref, "non_preferred_output message");
        else if (kind == OFT__JS_OBJECT && k == K_INPUT)
            r = walk_input(c);
        else
            r = oft__js_skip(s);
        if (r < 0)
            return -1;
        if (k == K_PROMPT)
            c->prompt_chars = s->chars - before;
        else if (k == K_COMPLETION)
            c->completion_chars = s->chars - before;
    }
    return r;
}

/* The format a line's keys suggest; `extra` is set when it has keys beyond chat's. */
static int line_format(const line_ctx *c, int *extra)
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

static void check_messages_list(oft__jl *v, const line_ctx *c)
{
    if (c->kind[K_MESSAGES] == OFT__JS_NONE)
        error(v, OFT_JSONL_MISSING_MESSAGES, "\"messages\" is missing");
    else if (c->kind[K_MESSAGES] != OFT__JS_ARRAY)
        error(v, OFT_JSONL_MISSING_MESSAGES, "\"messages\" is not an array");
    else if (c->m.count == 0)
        error(v, OFT_JSONL_MISSING_MESSAGES, "\"messages\" is empty");
}

static void check_tools(oft__jl *v, const line_ctx *c)
{
    if (c->kind[K_TOOLS] != OFT__JS_NONE && c->kind[K_TOOLS] != OFT__JS_ARRAY)
        error(v, OFT_JSONL_INVALID_TOOLS, "\"tools\" is not an array");
    if (c->kind[K_FUNCTIONS] != OFT__JS_NONE && c->kind[K_FUNCTIONS] != OFT__JS_ARRAY)
        error(v, OFT_JSONL_INVALID_TOOLS, "\"functions\" is not an array");
    if (c->kind[K_PARALLEL] != OFT__JS_NONE && c->kind[K_PARALLEL] != OFT__JS_TRUE &&
        c->kind[K_PARALLEL] != OFT__JS_FALSE)
        error(v, OFT_JSONL_INVALID_TOOLS, "\"parallel_tool_calls\" is not true or false");
}

static void check_output(oft__jl *v, const line_ctx *c, int k, const msgs *m)
{
    char text[160];
    const char *name = topkey_names[k];
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

/* The rules of the line's format, once its JSON is known to be valid. */
static void apply_format(oft__jl *v, line_ctx *c)
{
    oft_jsonl_report *r = v->r;
    int extra, lf = line_format(c, &extra);
    char text[200];

    /* A line with no key of any format is judged by the file's format, so a
     * chat line without "messages" says so; only the first line cannot be. */
    if (lf == OFT_JSONL_AUTO && v->format != OFT_JSONL_AUTO)
        lf = v->format;
    if (lf == OFT_JSONL_AUTO) {
        error(v, OFT_JSONL_UNKNOWN_FORMAT,
              "no key of a known format (\"messages\"; \"prompt\" and \"completion\"; "
              "\"input\", \"preferred_output\" and \"non_preferred_output\")");
        return;
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
        return;
    }
    if (f != OFT_JSONL_REINFORCEMENT && extra) {
        /* Report the first key the format does not know. */
        const char *name = c->unknown_keys ? c->unknown_key : NULL;
        unsigned allowed =
            f == OFT_JSONL_CHAT ? (1u << K_MESSAGES | 1u << K_TOOLS | 1u << K_FUNCTIONS |
                                   1u << K_PARALLEL)
            : f == OFT_JSONL_DPO
                ? (1u << K_INPUT | 1u << K_PREFERRED | 1u << K_NON_PREFERRED)
                : (1u << K_PROMPT | 1u << K_COMPLETION);
        for (int k = 0; !name && k < K_COUNT; k++)
            if ((c->seen & (1u << k)) && !(allowed & (1u << k)))
                name = topkey_names[k];
        if (name) {
            snprintf(text, sizeof(text), "unrecognized key \"%s\" for the %s format",
                     name, oft_jsonl_format_str(f));
            oft__jl_problem(v, 0, OFT_JSONL_UNRECOGNIZED_KEY, OFT_JSONL_WARNING, text);
        }
    }

    uint64_t messages = 0, chars = 0, tokens = 0;
    switch (f) {
        case OFT_JSONL_CHAT:
        case OFT_JSONL_REINFORCEMENT:
            check_messages_list(v, c);
            check_tools(v, c);
            if (f == OFT_JSONL_CHAT && c->m.count) {
                if (!(c->m.roles & ROLE_BIT(R_ASSISTANT)))
                    error(v, OFT_JSONL_MISSING_ASSISTANT,
                          "no message has role \"assistant\"");
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
            messages = c->m.count;
            chars = c->m.chars;
            tokens = c->m.tokens + 3;
            break;
        case OFT_JSONL_DPO:
            if (c->kind[K_INPUT] != OFT__JS_OBJECT)
                error(v, OFT_JSONL_INVALID_DPO_INPUT,
                      c->kind[K_INPUT] == OFT__JS_NONE ? "\"input\" is missing"
                                                       : "\"input\" is not an object");
            else if (c->input_kind != OFT__JS_ARRAY || c->input.count == 0)
                error(v, OFT_JSONL_INVALID_DPO_INPUT,
                      c->input_kind == OFT__JS_NONE ? "\"input.messages\" is missing"
                      : c->input_kind != OFT__JS_ARRAY
                          ? "\"input.messages\" is not an array"
                          : "\"input.messages\" is empty");
            check_output(v, c, K_PREFERRED, &c->pref);
            check_output(v, c, K_NON_PREFERRED, &c->nonpref);
            messages = c->input.count + c->pref.count + c->nonpref.count;
            chars = c->input.chars + c->pref.chars + c->nonpref.chars;
            tokens = c->input.tokens + c->pref.tokens + c->nonpref.tokens + 3;
            break;
        default: /* completion */
            for (int k = K_PROMPT; k <= K_COMPLETION; k++)
                if (c->kind[k] != OFT__JS_STRING) {
                    snprintf(text, sizeof(text), "\"%s\" is %s", topkey_names[k],
                             c->kind[k] == OFT__JS_NONE ? "missing" : "not a string");
                    error(v, OFT_JSONL_INVALID_PROMPT_COMPLETION, text);
                }
            chars = c->prompt_chars + c->completion_chars;
            tokens = tok(c->prompt_chars) + tok(c->completion_chars);
            break;
    }
    oft__jl_example(v, messages, chars, tokens);
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
    line_ctx c;
    memset(&c, 0, offsetof(line_ctx, pend));
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
    int rc = kind == OFT__JS_OBJECT ? walk_top(&c) : oft__js_skip(s);
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
