/*
 * The walk of one line of training data (line.h): the scanner steps through
 * the keys the rules need (messages, their roles, content parts and weights,
 * the DPO input and outputs, prompt and completion) and skips the rest,
 * still checking its syntax. What is wrong with a message is held per line
 * (pend) and dropped if the line turns out not to be JSON, so a syntax error
 * is reported alone.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsonl/line.h"
#include "util/str.h"

const char *const oft__jl_topkey_names[K_COUNT] = {
    "messages",   "tools", "functions",        "parallel_tool_calls",  "prompt",
    "completion", "input", "preferred_output", "non_preferred_output",
};

#define IMAGE_TOKENS 85 /* a low-detail image */

static void pend(oft__jl_line_ctx *c, int code, int severity, const char *fmt, ...)
    OFT__PRINTF(4, 5);

static void pend(oft__jl_line_ctx *c, int code, int severity, const char *fmt, ...)
{
    if (c->npend == OFT__JL_MAX_PENDING) {
        if (severity == OFT_JSONL_ERROR)
            c->extra_errors++;
        else
            c->extra_warnings++;
        return;
    }
    oft__jl_pending *p = &c->pend[c->npend++];
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

/* One content part, as its keys are read. */
typedef struct part {
    enum { T_NONE, T_TEXT, T_IMAGE, T_OTHER } type;
    int text_kind;
    int url_ok; /* an "image_url" object holding a "url" string */
    uint64_t text_chars;
    char type_buf[48]; /* the type as sent, for messages */
} part;

/* The "image_url" object at the cursor: sets *url_ok when it holds a "url"
 * string. 0, or -1 on a syntax error. */
static int walk_image_url(oft__jscan *s, int *url_ok)
{
    oft__jspan key;
    int first = 1, r;
    if (oft__js_obj_begin(s) < 0)
        return -1;
    while ((r = oft__js_obj_next(s, &key, &first)) == 1) {
        if (OFT__JS_EQ(&key, "url") && oft__js_kind(s) == OFT__JS_STRING)
            *url_ok = 1;
        if (oft__js_skip(s) < 0)
            return -1;
    }
    return r < 0 ? -1 : 0;
}

/* The keys of one content part object at the cursor. 0 or -1. */
static int walk_part(oft__jscan *s, part *pt)
{
    oft__jspan key;
    int first = 1, r;
    memset(pt, 0, sizeof(*pt));
    if (oft__js_obj_begin(s) < 0)
        return -1;
    while ((r = oft__js_obj_next(s, &key, &first)) == 1) {
        int kind = oft__js_kind(s);
        if (OFT__JS_EQ(&key, "type") && kind == OFT__JS_STRING) {
            oft__jspan t;
            if (oft__js_string(s, &t) < 0)
                return -1;
            pt->type = OFT__JS_EQ(&t, "text")        ? T_TEXT
                       : OFT__JS_EQ(&t, "image_url") ? T_IMAGE
                                                     : T_OTHER;
            excerpt(&t, pt->type_buf, sizeof(pt->type_buf));
        } else if (OFT__JS_EQ(&key, "text")) {
            uint64_t before = s->chars;
            pt->text_kind = kind;
            if (oft__js_skip(s) < 0)
                return -1;
            pt->text_chars = s->chars - before;
        } else if (OFT__JS_EQ(&key, "image_url") && kind == OFT__JS_OBJECT) {
            if (walk_image_url(s, &pt->url_ok) < 0)
                return -1;
        } else if (oft__js_skip(s) < 0) {
            return -1;
        }
    }
    return r < 0 ? -1 : 0;
}

/* What makes a part invalid content, or NULL. */
static const char *part_problem(const part *pt)
{
    if (pt->type == T_NONE)
        return "has no \"type\" string";
    if (pt->type == T_OTHER)
        return "has an unsupported type";
    if (pt->type == T_TEXT && pt->text_kind != OFT__JS_STRING)
        return "is a text part without a \"text\" string";
    if (pt->type == T_IMAGE && !pt->url_ok)
        return "is an image part without an \"image_url\" object holding a \"url\"";
    return NULL;
}

/* The content parts array at the cursor: their text characters and images
 * are added up, and the first invalid part reported (*bad). 1 when the array
 * is empty (no content at all), 0, or -1 on a syntax error. */
static int walk_parts(oft__jl_line_ctx *c, uint64_t idx, uint64_t *chars,
                      uint64_t *images, int *bad)
{
    oft__jscan *s = &c->s;
    int first = 1, r;
    uint64_t n = 0;
    if (oft__js_arr_begin(s) < 0)
        return -1;
    while ((r = oft__js_arr_next(s, &first)) == 1) {
        n++;
        if (oft__js_kind(s) != OFT__JS_OBJECT) {
            if (!*bad)
                pend(c, OFT_JSONL_INVALID_CONTENT, OFT_JSONL_ERROR,
                     "%s %llu: content part %llu is not an object", c->where,
                     (unsigned long long)idx, (unsigned long long)n);
            *bad = 1;
            if (oft__js_skip(s) < 0)
                return -1;
            continue;
        }
        part pt;
        if (walk_part(s, &pt) < 0)
            return -1;
        const char *why = part_problem(&pt);
        if (why && !*bad) {
            int other = pt.type == T_OTHER;
            pend(c, OFT_JSONL_INVALID_CONTENT, OFT_JSONL_ERROR,
                 "%s %llu: content part %llu %s%s%s%s", c->where, (unsigned long long)idx,
                 (unsigned long long)n, why, other ? " \"" : "", other ? pt.type_buf : "",
                 other ? "\" (only \"text\" and \"image_url\")" : "");
            *bad = 1;
        }
        if (pt.type == T_TEXT)
            *chars += pt.text_chars;
        if (pt.type == T_IMAGE)
            (*images)++;
    }
    if (r < 0)
        return -1;
    if (n == 0) /* an empty array is no content at all */
        *chars = 0;
    return n == 0 ? 1 : 0;
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

/* One message, as its keys are read. */
typedef struct message {
    unsigned seen; /* bit per msgkey */
    int role, role_kind, content_kind, weight_kind;
    int content_empty, content_bad, unknown;
    double weight;
    uint64_t content_chars, images, name_chars, call_chars, role_chars;
    char role_buf[48], weight_buf[48]; /* as sent, for messages */
} message;

/* The value of a key whose content the rules read (role, content, weight):
 * 1 when it was consumed, 0 when the caller skips it, -1 on a syntax error. */
static int read_message_value(oft__jl_line_ctx *c, message *msg, int mk, int kind,
                              uint64_t idx)
{
    oft__jscan *s = &c->s;
    oft__jspan val;
    uint64_t before = s->chars;
    if (mk == M_ROLE && (msg->role_kind = kind) == OFT__JS_STRING) {
        if (oft__js_string(s, &val) < 0)
            return -1;
        msg->role = role_of(&val);
        msg->role_chars = s->chars - before;
        if (msg->role == R_OTHER)
            excerpt(&val, msg->role_buf, sizeof(msg->role_buf));
        return 1;
    }
    if (mk == M_CONTENT && (msg->content_kind = kind) == OFT__JS_STRING) {
        if (oft__js_string(s, &val) < 0)
            return -1;
        msg->content_chars = s->chars - before;
        msg->content_empty = val.len == 0;
        return 1;
    }
    if (mk == M_CONTENT && kind == OFT__JS_ARRAY) {
        int empty =
            walk_parts(c, idx, &msg->content_chars, &msg->images, &msg->content_bad);
        msg->content_empty = empty > 0;
        return empty < 0 ? -1 : 1;
    }
    if (mk == M_WEIGHT && (msg->weight_kind = kind) == OFT__JS_NUMBER) {
        const unsigned char *b = s->p;
        if (oft__js_number(s, &msg->weight) < 0)
            return -1;
        oft__jspan w = {b, (size_t)(s->p - b), 0};
        excerpt(&w, msg->weight_buf, sizeof(msg->weight_buf));
        return 1;
    }
    return 0;
}

/* One key of the message object at the cursor and its value. 0 or -1. */
static int read_message_key(oft__jl_line_ctx *c, message *msg, const oft__jspan *key,
                            uint64_t idx)
{
    oft__jscan *s = &c->s;
    int kind = oft__js_kind(s), mk = msgkey_of(key);
    uint64_t before = s->chars;
    if (mk >= 0 && (msg->seen & (1u << mk)))
        pend(c, OFT_JSONL_DUPLICATE_KEY, OFT_JSONL_WARNING,
             "%s %llu has key \"%s\" more than once", c->where, (unsigned long long)idx,
             msgkey_names[mk]);
    if (mk >= 0)
        msg->seen |= 1u << mk;
    if (mk < 0 && !msg->unknown) {
        char kb[48];
        pend(c, OFT_JSONL_MESSAGE_UNRECOGNIZED_KEY, OFT_JSONL_WARNING,
             "%s %llu has unrecognized key \"%s\"", c->where, (unsigned long long)idx,
             excerpt(key, kb, sizeof(kb)));
    }
    if (mk < 0)
        msg->unknown = 1;
    int r = read_message_value(c, msg, mk, kind, idx);
    if (r != 0)
        return r < 0 ? -1 : 0;
    if (oft__js_skip(s) < 0)
        return -1;
    if (mk == M_NAME)
        msg->name_chars = s->chars - before;
    else if (mk == M_TOOL_CALLS || mk == M_FUNCTION_CALL)
        msg->call_chars += s->chars - before;
    return 0;
}

static void check_role(oft__jl_line_ctx *c, const message *msg, unsigned long long ix)
{
    if (msg->role_kind == OFT__JS_NONE)
        pend(c, OFT_JSONL_MESSAGE_MISSING_KEY, OFT_JSONL_ERROR, "%s %llu has no \"role\"",
             c->where, ix);
    else if (msg->role_kind != OFT__JS_STRING)
        pend(c, OFT_JSONL_UNRECOGNIZED_ROLE, OFT_JSONL_ERROR,
             "%s %llu has a \"role\" that is not a string", c->where, ix);
    else if (msg->role == R_OTHER)
        pend(c, OFT_JSONL_UNRECOGNIZED_ROLE, OFT_JSONL_ERROR,
             "%s %llu has unknown role \"%s\" (expected system, developer, user, "
             "assistant, tool or function)",
             c->where, ix, msg->role_buf);
}

static void check_content(oft__jl_line_ctx *c, const message *msg, unsigned long long ix)
{
    int calls = msg->seen & (1u << M_TOOL_CALLS | 1u << M_FUNCTION_CALL);
    int none = msg->content_kind == OFT__JS_NONE || msg->content_kind == OFT__JS_NULL;
    /* An assistant message that calls tools needs no content. */
    if ((none || msg->content_empty) && !(calls && msg->role == R_ASSISTANT))
        pend(c, OFT_JSONL_MISSING_CONTENT, OFT_JSONL_ERROR,
             none ? "%s %llu has no \"content\"" : "%s %llu has empty \"content\"",
             c->where, ix);
    else if (!none && msg->content_kind != OFT__JS_STRING &&
             msg->content_kind != OFT__JS_ARRAY)
        pend(c, OFT_JSONL_INVALID_CONTENT, OFT_JSONL_ERROR,
             "%s %llu has \"content\" that is neither a string nor an array of content "
             "parts",
             c->where, ix);
}

static void check_weight(oft__jl_line_ctx *c, const message *msg, unsigned long long ix)
{
    if (msg->weight_kind == OFT__JS_NONE)
        return;
    if (msg->role != R_ASSISTANT && msg->role != R_OTHER && msg->role != R_NONE)
        pend(c, OFT_JSONL_INVALID_WEIGHT, OFT_JSONL_ERROR,
             "%s %llu has \"weight\" but only assistant messages may have one", c->where,
             ix);
    else if (msg->weight_kind != OFT__JS_NUMBER || (msg->weight != 0 && msg->weight != 1))
        pend(c, OFT_JSONL_INVALID_WEIGHT, OFT_JSONL_ERROR,
             "%s %llu has \"weight\" %s (it must be 0 or 1)", c->where, ix,
             msg->weight_kind == OFT__JS_NUMBER ? msg->weight_buf
                                                : "that is not a number");
}

/* The message's share of its array's figures (the cookbook's counting). */
static void count_message(oft__jl_msgs *m, const message *msg)
{
    m->count++;
    m->chars += msg->content_chars;
    m->roles |= ROLE_BIT(msg->role);
    m->tokens += 3 + oft__jl_tokens(msg->role_chars) +
                 oft__jl_tokens(msg->content_chars) + oft__jl_tokens(msg->call_chars) +
                 msg->images * IMAGE_TOKENS;
    if (msg->seen & (1u << M_NAME))
        m->tokens += 1 + oft__jl_tokens(msg->name_chars);
}

/* One message object at the cursor, the idx-th of its array. 0 or -1. */
static int walk_message(oft__jl_line_ctx *c, oft__jl_msgs *m, uint64_t idx)
{
    oft__jscan *s = &c->s;
    oft__jspan key;
    int first = 1, r;
    message msg;
    memset(&msg, 0, sizeof(msg)); /* R_NONE, OFT__JS_NONE, empty buffers */
    if (oft__js_obj_begin(s) < 0)
        return -1;
    while ((r = oft__js_obj_next(s, &key, &first)) == 1)
        if (read_message_key(c, &msg, &key, idx) < 0)
            return -1;
    if (r < 0)
        return -1;
    check_role(c, &msg, (unsigned long long)idx);
    check_content(c, &msg, (unsigned long long)idx);
    check_weight(c, &msg, (unsigned long long)idx);
    count_message(m, &msg);
    return 0;
}

/* An array of messages at the cursor. */
static int walk_messages(oft__jl_line_ctx *c, oft__jl_msgs *m, const char *where)
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
static int walk_input(oft__jl_line_ctx *c)
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
        if (oft__js_equals(k, oft__jl_topkey_names[i], strlen(oft__jl_topkey_names[i])))
            return i;
    return -1;
}

int oft__jl_walk_top(oft__jl_line_ctx *c)
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
                 "key \"%s\" appears more than once", oft__jl_topkey_names[k]);
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
