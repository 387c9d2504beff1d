/*
 * openai-ft: the outputs made from their descriptions (see view.h): the
 * table's columns and cells, and the lines of one object, from one list of
 * fields; the JSON documents as the API sent them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/view.h"
#include "args/args.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"
#include "ui/table.h"

#define MAX_FIELDS 48
#define VALUE_CAP  16384 /* a value made of several members (metadata) */
/* The flags of a field that are not the column's (cli_col's). */
#define CLI_FIELD_FLAGS                                                                  \
    (CLI_FIELD_OPTIONAL | CLI_FIELD_TEXT_ONLY | CLI_FIELD_JSON_ONLY | CLI_FIELD_RIGHT)

struct cli_view {
    const cli_field *fields;
    size_t n;
    cli_col cols[MAX_FIELDS + 1]; /* the table's columns, from the fields */
    cli_table *t; /* NULL: the made documents (cli_view_new_made, --json) */
    size_t rows;  /* the made documents printed */
    char buf[VALUE_CAP];
};

cli_value cli_v_text(const char *s)
{
    cli_value v = {CLI_V_NONE, NULL, 0, 0, NULL};
    if (s != NULL && s[0] != '\0') {
        v.kind = CLI_V_TEXT;
        v.s = s;
    }
    return v;
}

cli_value cli_v_raw(const char *s)
{
    cli_value v = {CLI_V_TEXT, s != NULL ? s : "", 0, 0, NULL};
    return v;
}

cli_value cli_v_int(long long n)
{
    cli_value v = {CLI_V_INT, NULL, n, 0, NULL};
    return v;
}

cli_value cli_v_time(long long t)
{
    cli_value v = {t > 0 ? CLI_V_TIME : CLI_V_NONE, NULL, t, 0, NULL};
    return v;
}

cli_value cli_v_num(int has, double d)
{
    cli_value v = {has ? CLI_V_NUM : CLI_V_NONE, NULL, 0, d, NULL};
    return v;
}

cli_value cli_v_bool(int b)
{
    cli_value v = {CLI_V_BOOL, NULL, b != 0, 0, NULL};
    return v;
}

cli_value cli_v_rows(const cli_field *rows, size_t n)
{
    cli_value v = {CLI_V_ROWS, NULL, (long long)n, 0, rows};
    return v;
}

/* The full form of v into full, its compact one into compact ("" when the
 * same); returns the full form (which may be v.s itself or cli_text's copy). */
static const char *format(const cli_field *f, cli_value v, char *full, size_t cap,
                          char *compact, size_t ccap)
{
    compact[0] = '\0';
    switch (v.kind) {
        case CLI_V_NONE:
            return "-";
        case CLI_V_TEXT:
            return cli_text(v.s);
        case CLI_V_LINES:
            return v.s;
        case CLI_V_BOOL:
            return v.n ? "true" : "false";
        case CLI_V_NUM:
            if (f->fmt == CLI_FMT_MEAN) {
                snprintf(full, cap, "%.0f", v.d);
                return full;
            }
            if (f->fmt == CLI_FMT_FIXED) {
                snprintf(full, cap, "%.4f", v.d);
                return full;
            }
            if (f->fmt == CLI_FMT_SECONDS) {
                snprintf(full, cap, "%.3f s", v.d);
                return full;
            }
            if (f->fmt != CLI_FMT_METRIC) {
                snprintf(full, cap, "%g", v.d);
                return full;
            }
            snprintf(full, cap, "%.4f", v.d);
            snprintf(compact, ccap, "%.3g", v.d);
            return full;
        case CLI_V_TIME:
            cli_fmt_time(full, cap, v.n);
            if (f->fmt == CLI_FMT_AGE)
                cli_fmt_age(compact, ccap, v.n);
            else if (f->fmt == CLI_FMT_CLOCK && strlen(full) > 11)
                snprintf(compact, ccap, "%s", full + 11);
            return full;
        default: /* CLI_V_INT, CLI_V_ROWS (their count) */
            if (f->fmt == CLI_FMT_BYTES)
                return cli_fmt_bytes(full, cap, v.n);
            snprintf(full, cap, "%lld", v.n);
            return full;
    }
}

int cli_view_new(cli_view **out, const cli *c, const cli_field *fields, const cli_args *a)
{
    cli_view *v;
    size_t i, n_cols = 0;
    int rc;
    *out = NULL;
    if (c->json)
        return 0;
    v = calloc(1, sizeof(*v));
    if (v == NULL)
        return CLI_EAPI;
    v->fields = fields;
    for (i = 0; i < MAX_FIELDS && fields[i].key != NULL; i++) {
        const cli_field *f = &fields[i];
        cli_col col = {f->key,      f->title,     f->short_title,
                       f->priority, f->min_width, f->flags & ~CLI_FIELD_FLAGS};
        if ((f->flags & CLI_FIELD_JSON_ONLY) == 0)
            v->cols[n_cols++] = col;
    }
    v->n = i;
    rc = cli_table_new(&v->t, c, v->cols, a);
    if (rc != 0 || v->t == NULL) {
        free(v);
        return rc;
    }
    *out = v;
    return 0;
}

int cli_view_new_made(cli_view **out, const cli *c, const cli_field *fields,
                      const cli_args *a)
{
    if (!c->json)
        return cli_view_new(out, c, fields, a);
    if ((*out = calloc(1, sizeof(**out))) == NULL)
        return CLI_EAPI;
    (*out)->fields = fields;
    while ((*out)->n < MAX_FIELDS && fields[(*out)->n].key != NULL)
        (*out)->n++;
    return 0;
}

static void json_object(const cli_field *fields, const void *item, char *buf, size_t cap,
                        int compact);

/* v, the value of field f in item, as JSON; a row's object as its fields'. */
static void json_value(const cli_field *f, cli_value v, const void *item, char *buf,
                       size_t cap, int compact)
{
    switch (v.kind) {
        case CLI_V_TEXT:
        case CLI_V_LINES:
            cli_json_str(v.s);
            break;
        case CLI_V_INT:
        case CLI_V_TIME:
            printf("%lld", v.n);
            break;
        case CLI_V_BOOL:
            fputs(v.n ? "true" : "false", stdout);
            break;
        case CLI_V_NUM:
            if (isnan(v.d) || isinf(v.d))
                fputs("null", stdout);
            else
                printf(f->fmt == CLI_FMT_MEAN ? "%.1f" : "%.17g", v.d);
            break;
        case CLI_V_ROWS:
            putchar('[');
            for (long long i = 0; i < v.n; i++) {
                cli_row row = {item, (size_t)i};
                fputs(i == 0 ? "" : compact ? "," : ", ", stdout);
                json_object(v.rows, &row, buf, cap, compact);
            }
            putchar(']');
            break;
        default:
            fputs("null", stdout);
    }
}

const char *cli_view_cell(const cli_field *f, const void *item, char *buf, size_t cap)
{
    char full[64], compact[64];
    const char *s =
        format(f, f->get(item, buf, cap), full, sizeof(full), compact, sizeof(compact));
    if (s == full)
        snprintf(buf, cap, "%s", full);
    return s == full ? buf : s;
}

static void json_object(const cli_field *fields, const void *item, char *buf, size_t cap,
                        int compact)
{
    const char *sep = "";
    printf("{");
    for (size_t i = 0; i < MAX_FIELDS && fields[i].key != NULL; i++) {
        const cli_field *f = &fields[i];
        if ((f->flags & CLI_FIELD_TEXT_ONLY) != 0)
            continue;
        printf("%s", sep);
        cli_json_str(f->json);
        printf(compact ? ":" : ": ");
        json_value(f, f->get(item, buf, cap), item, buf, cap, compact);
        sep = compact ? "," : ", ";
    }
    printf("}");
}

void cli_view_json_object(const cli_field *fields, const void *item, char *buf,
                          size_t cap)
{
    json_object(fields, item, buf, cap, 0);
}

/* A made document: the item's object, after the list's opening. */
static void json_row(cli_view *v, const void *item)
{
    printf("%s\n  ", v->rows++ ? "," : "{\"object\": \"list\", \"data\": [");
    cli_view_json_object(v->fields, item, v->buf, sizeof(v->buf));
}

void cli_view_row(cli_view *v, const void *item)
{
    char full[64], compact[64];
    size_t i;
    if (v == NULL)
        return;
    if (v->t == NULL) {
        json_row(v, item);
        return;
    }
    for (i = 0; i < v->n; i++) {
        const cli_field *f = &v->fields[i];
        cli_value val;
        const char *s;
        if ((f->flags & CLI_FIELD_JSON_ONLY) != 0)
            continue;
        val = f->get(item, v->buf, sizeof(v->buf));
        s = format(f, val, full, sizeof(full), compact, sizeof(compact));
        cli_table_cell(v->t, s, compact[0] != '\0' ? compact : NULL);
    }
}

void cli_view_doc(const cli *c, const char *raw_json)
{
    if (c->json)
        cli_print_json(raw_json);
}

void cli_view_end(cli_view *v)
{
    if (v == NULL)
        return;
    if (v->t == NULL)
        printf("%s\n]}\n", v->rows ? "" : "{\"object\": \"list\", \"data\": [");
    cli_table_end(v->t);
    free(v);
}

void cli_view_free(cli_view *v)
{
    if (v == NULL)
        return;
    cli_table_free(v->t);
    free(v);
}

/* value's lines, the first after the label, the others indented by width. */
static void put_lines(const char *label, size_t width, const char *value)
{
    const char *nl;
    printf("%s:%*s", label, (int)(width - strlen(label) - 1), "");
    while ((nl = strchr(value, '\n')) != NULL) {
        printf("%.*s\n%*s", (int)(nl - value), value, (int)width, "");
        value = nl + 1;
    }
    printf("%s\n", value);
}

void cli_view_show(const cli *c, const cli_field *fields, const char *raw_json,
                   const void *item)
{
    static char buf[VALUE_CAP];
    char full[64], compact[64];
    size_t i, width = 0;
    if (c->json) {
        cli_print_json(raw_json);
        return;
    }
    for (i = 0; fields[i].key != NULL; i++)
        if ((fields[i].flags & CLI_FIELD_JSON_ONLY) == 0 &&
            strlen(fields[i].key) + 2 > width)
            width = strlen(fields[i].key) + 2;
    for (i = 0; fields[i].key != NULL; i++) {
        const cli_field *f = &fields[i];
        cli_value val;
        if ((f->flags & CLI_FIELD_JSON_ONLY) != 0)
            continue;
        val = f->get(item, buf, sizeof(buf));
        if (val.kind == CLI_V_NONE && (f->flags & CLI_FIELD_OPTIONAL) != 0)
            continue;
        put_lines(f->key, width,
                  format(f, val, full, sizeof(full), compact, sizeof(compact)));
    }
}

/* The field of fields whose key is the n bytes at key, or NULL. */
static const cli_field *field_named(const cli_field *fields, const char *key, size_t n)
{
    for (; fields->key != NULL; fields++)
        if (strlen(fields->key) == n && strncmp(fields->key, key, n) == 0)
            return fields;
    return NULL;
}

/*
 * Walks a template's text from *at: the text up to the next "%{key}" goes to
 * out (when not NULL; "%%" as "%"), *key points at the key and *at past its
 * '}'. Returns the key's length, or -1 at the end of the text.
 */
static long next_key(const char **at, const char **key, FILE *out)
{
    const char *p = *at;
    for (;;) {
        size_t n = strcspn(p, "%");
        if (out != NULL)
            fwrite(p, 1, n, out);
        p += n;
        if (*p == '\0') {
            *at = p;
            return -1;
        }
        if (p[1] == '{' && p[2 + strcspn(p + 2, "}")] == '}') {
            n = strcspn(p + 2, "}");
            *key = p + 2;
            *at = p + 3 + n;
            return (long)n;
        }
        if (out != NULL) /* "%%", or a '%' that starts no key */
            fputc('%', out);
        p += p[1] == '%' ? 2 : 1;
    }
}

const char *cli_template_check(const cli_template *t, char *key, size_t cap)
{
    const char *p = t->text, *k = NULL;
    long n;
    while ((n = next_key(&p, &k, NULL)) >= 0)
        if (field_named(t->fields, k, (size_t)n) == NULL) {
            snprintf(key, cap, "%.*s", (int)n, k);
            return key;
        }
    return NULL;
}

/* The getters' room of the sentences (one at a time: the tool has one thread). */
static char say_buf[VALUE_CAP];

void cli_view_print(FILE *out, const cli_template *t, const void *item)
{
    const char *p = t->text, *k = NULL;
    long n;
    while ((n = next_key(&p, &k, out)) >= 0) {
        const cli_field *f = field_named(t->fields, k, (size_t)n);
        if (f != NULL) /* else a programming error cli_fields catches */
            fputs(cli_view_cell(f, item, say_buf, sizeof(say_buf)), out);
    }
}

void cli_view_say(const cli *c, const cli_template *t, const char *raw_json,
                  const void *item)
{
    if (!c->json) {
        cli_view_print(stdout, t, item);
    } else if (raw_json != NULL) {
        cli_print_json(raw_json);
    } else {
        json_object(t->fields, item, say_buf, sizeof(say_buf), 0);
        putchar('\n');
    }
}

void cli_view_json_compact(const cli_field *fields, const void *item)
{
    json_object(fields, item, say_buf, sizeof(say_buf), 1);
    putchar('\n');
}
