/*
 * openai-ft --template TEXT: gh's --template shape ({{.field}},
 * {{range ...}}...{{end}}, {{if ...}}...{{else}}...{{end}}, {{- and -}} to
 * trim spaces) with jq expressions in the actions in place of Go's template
 * language, translated here into one jq program that makes the text.
 *
 *   {{EXPR}}            the results of EXPR: strings as they are, null as
 *                       nothing, anything else as JSON
 *   {{range EXPR}}B{{end}}  B for each element of EXPR's array (or object's
 *                       values), with . the element
 *   {{if EXPR}}A{{else}}B{{end}}  A when EXPR's first result is true as Go's
 *                       templates say (not null, false, 0, "", [] or {})
 *   \n \t \\ in the text  newline, tab, backslash (gh's {{"\n"}} works too)
 */
#include <stdlib.h>
#include <string.h>

#include "app/template.h"
#include "args/values.h"
#include "base/cli.h"

#define MAX_DEPTH 32

static const char to_text[] =
    "map(if type == \"string\" then . elif type == \"null\" then \"\" else tojson end)"
    " | join(\"\")";
static const char iterate[] =
    "if type == \"array\" or type == \"object\" then .[] elif type == \"null\" then "
    "empty else error(\"range over a \" + type + \", not an array\") end";
static const char truthy[] = ". != null and . != false and . != 0 and . != \"\" and "
                             ". != [] and . != {}";

typedef struct out {
    char *p;
    size_t n, cap;
    int oom;
} out;

static void put_n(out *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (o->n + n + 1 > o->cap) {
        size_t cap = (o->cap + n + 1) * 2;
        char *p = realloc(o->p, cap);
        if (p == NULL) {
            o->oom = 1;
            return;
        }
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
    o->p[o->n] = '\0';
}

static void put(out *o, const char *s)
{
    put_n(o, s, strlen(s));
}

/* Template text as a jq string literal, with \n \t \\ read as escapes. */
static void put_text(out *o, const char *s, size_t n)
{
    size_t i;
    char u[8];
    put(o, "+\"");
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\\' && i + 1 < n && strchr("nt\\", s[i + 1]) != NULL) {
            i++;
            put(o, s[i] == 'n' ? "\\n" : s[i] == 't' ? "\\t" : "\\\\");
        } else if (ch == '"' || ch == '\\') {
            put_n(o, "\\", 1);
            put_n(o, s + i, 1);
        } else if (ch < 0x20) {
            snprintf(u, sizeof(u), "\\u%04x", ch);
            put(o, u);
        } else {
            put_n(o, s + i, 1);
        }
    }
    put(o, "\"");
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The end of the action opened before p: the first "}}" outside a string. */
static const char *action_end(const char *p)
{
    int in_string = 0;
    for (; *p != '\0'; p++) {
        if (in_string && *p == '\\' && p[1] != '\0')
            p++;
        else if (*p == '"')
            in_string = !in_string;
        else if (!in_string && p[0] == '}' && p[1] == '}')
            return p;
    }
    return NULL;
}

/* Whether the action a (n bytes) is `word` alone or `word EXPR`. */
static const char *keyword(const char *a, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n < k || strncmp(a, word, k) != 0)
        return NULL;
    if (n == k)
        return a + k;
    return is_space(a[k]) ? a + k + 1 : NULL;
}

typedef struct tpl {
    out o;
    char stack[MAX_DEPTH]; /* 'r' range, 'i' if, 'e' if after its else */
    int depth;
    cli_expr_check check; /* the filter's compiler */
} tpl;

/* EXPR must compile alone: its error then names the action it is in. */
static int put_expr(tpl *t, const char *expr, size_t n, const char *before,
                    const char *after)
{
    char *e = strndup(expr, n);
    const char *why;
    int rc = 0;
    if (e == NULL)
        return CLI_EAPI;
    if (n == 0 || e[strspn(e, " \t\r\n")] == '\0')
        rc = cli_usage(NULL, "--template: an action without an expression");
    else if ((why = t->check(e)) != NULL)
        rc = cli_usage(NULL, "--template: in {{%s}}: %s", e, why);
    free(e);
    if (rc != 0)
        return rc;
    put(&t->o, before);
    put_n(&t->o, expr, n);
    put(&t->o, "\n"); /* a jq comment (#) in EXPR ends here */
    put(&t->o, after);
    return 0;
}

static int action(tpl *t, const char *a, size_t n)
{
    const char *e;
    char top = t->depth > 0 ? t->stack[t->depth - 1] : 0;
    if (n >= 4 && strncmp(a, "/*", 2) == 0 && strncmp(a + n - 2, "*/", 2) == 0)
        return 0;
    if (keyword(a, n, "end") == a + n) {
        if (top == 0)
            return cli_usage(NULL, "--template: {{end}} without {{range}} or {{if}}");
        if (top == 'r') {
            put(&t->o, ")] | ");
            put(&t->o, to_text);
            put(&t->o, ")");
        } else {
            put(&t->o, top == 'i' ? ") else \"\" end)" : ") end)");
        }
        t->depth--;
        return 0;
    }
    if (keyword(a, n, "else") == a + n) {
        if (top != 'i')
            return cli_usage(NULL, "--template: {{else}} outside {{if}}");
        put(&t->o, ") else (\"\"");
        t->stack[t->depth - 1] = 'e';
        return 0;
    }
    if (keyword(a, n, "else") != NULL)
        return cli_usage(
            NULL, "--template: {{else if ...}}: write {{else}}{{if ...}}...{{end}}");
    if ((e = keyword(a, n, "range")) != NULL || (e = keyword(a, n, "if")) != NULL) {
        int is_range = a[0] == 'r';
        int rc;
        if (t->depth == MAX_DEPTH)
            return cli_usage(NULL, "--template: more than %d nested {{range}} or {{if}}",
                             MAX_DEPTH);
        if (is_range) {
            char after[512];
            snprintf(after, sizeof(after), " | %s | (\"\"", iterate);
            rc = put_expr(t, e, (size_t)(a + n - e), "+([", after);
        } else {
            char after[256];
            snprintf(after, sizeof(after), "] | .[0] | %s) then (\"\"", truthy);
            rc = put_expr(t, e, (size_t)(a + n - e), "+(if ([", after);
        }
        if (rc == 0)
            t->stack[t->depth++] = is_range ? 'r' : 'i';
        return rc;
    }
    {
        char after[256];
        snprintf(after, sizeof(after), "] | %s)", to_text);
        return put_expr(t, a, n, "+([", after);
    }
}

static int translate(tpl *t, const char *s)
{
    int trim_next = 0, rc;
    put(&t->o, "(\"\"");
    for (;;) {
        const char *open = strstr(s, "{{"), *end, *a;
        size_t text_n = open != NULL ? (size_t)(open - s) : strlen(s), n;
        int trim_before = open != NULL && open[2] == '-' && is_space(open[3]);
        if (trim_next)
            while (text_n > 0 && is_space(*s))
                s++, text_n--;
        if (trim_before)
            while (text_n > 0 && is_space(s[text_n - 1]))
                text_n--;
        put_text(&t->o, s, text_n);
        if (open == NULL)
            break;
        a = open + 2 + (trim_before ? 2 : 0);
        if ((end = action_end(a)) == NULL)
            return cli_usage(NULL, "--template: '{{' without its '}}'");
        s = end + 2;
        n = (size_t)(end - a);
        trim_next = n >= 2 && a[n - 1] == '-' && is_space(a[n - 2]);
        if (trim_next)
            n -= 2;
        while (n > 0 && is_space(*a))
            a++, n--;
        while (n > 0 && is_space(a[n - 1]))
            n--;
        if ((rc = action(t, a, n)) != 0)
            return rc;
    }
    if (t->depth > 0)
        return cli_usage(NULL, "--template: {{%s}} without its {{end}}",
                         t->stack[t->depth - 1] == 'r' ? "range" : "if");
    put(&t->o, ")");
    return 0;
}

int cli_template_program(char **program, const char *text, cli_expr_check check)
{
    tpl t;
    int rc;
    memset(&t, 0, sizeof(t));
    t.check = check;
    *program = NULL;
    rc = translate(&t, text);
    if (rc == 0 && t.o.oom) {
        fputs("openai-ft: out of memory\n", stderr);
        rc = CLI_EAPI;
    }
    if (rc != 0) {
        free(t.o.p);
        return rc;
    }
    *program = t.o.p;
    return 0;
}
