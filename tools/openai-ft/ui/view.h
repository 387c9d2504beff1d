/*
 * openai-ft: one description per output (view.c), as curl's write-out
 * renders %{var} and %{json} from one variable table (tool_writeout.c). A
 * command lists the fields it shows: each names its column (--columns, the
 * header) or its label, the member of the item's JSON document it shows, how
 * its value is formatted and the getter that reads it from the item. The
 * view makes both outputs from that list: with --json the API's documents as
 * they came (so a script sees every member, the unknown ones too), else the
 * table fitted to the terminal (table.h) or the lines of one object. An
 * output that is a sentence ("valid: ... grader", validate's summary) is a
 * template over such a list, as curl's -w "%{http_code}" (cli_template).
 */
#ifndef OFT_CLI_VIEW_H
#define OFT_CLI_VIEW_H

#include <stddef.h>
#include <stdio.h>

#include "args/args.h"
#include "base/cli.h"

/* What a getter found. */
enum cli_value_kind_ {
    CLI_V_NONE = 0, /* nothing: "-" in a table, no line in a detail view */
    CLI_V_TEXT,     /* server text (s), made safe for the terminal */
    CLI_V_LINES,    /* text already made safe (s); '\n' starts a detail's next line */
    CLI_V_INT,      /* n */
    CLI_V_TIME,     /* n: Unix seconds */
    CLI_V_NUM,      /* d */
    CLI_V_BOOL,     /* n: 0 or 1; "true" or "false" */
    CLI_V_ROWS      /* n rows, each an object of the fields rows (read from a cli_row);
                     * in the text: n */
};

struct cli_field;
typedef struct cli_value {
    int kind; /* CLI_V_* */
    const char *s;
    long long n;
    double d;
    const struct cli_field *rows; /* CLI_V_ROWS: the description of a row */
} cli_value;

/* The item of a row of a CLI_V_ROWS value: the item the value was read from
 * (of) and the row's index (i). */
typedef struct cli_row {
    const void *of;
    size_t i;
} cli_row;

/* How a value is shown: its full form and the compact one of a narrow table. */
enum cli_fmt {
    CLI_FMT_PLAIN = 0, /* text as it is, a number in decimal */
    CLI_FMT_BYTES,     /* "1.2 MB" */
    CLI_FMT_TIME,      /* "2026-01-02 15:04:05" (UTC) */
    CLI_FMT_AGE,       /* the time; compact: "5m ago" */
    CLI_FMT_CLOCK,     /* the time; compact: the time of day */
    CLI_FMT_METRIC,    /* "0.1234"; compact: 3 significant digits */
    CLI_FMT_SECONDS,   /* a duration: "1.250 s" */
    CLI_FMT_FIXED,     /* "0.1234", in a narrow table too */
    CLI_FMT_MEAN       /* a mean of counts: "57" in the text, 56.8 in JSON */
};

/* A detail line left out when its field has no value (else it shows "-"). */
#define CLI_FIELD_OPTIONAL 16u
/* A field only the text shows (a sparkline), or only the JSON document (a
 * value the table has no room for). */
#define CLI_FIELD_TEXT_ONLY 32u
#define CLI_FIELD_JSON_ONLY 64u
/* Aligned right, in an output laid out its own way (cli_view_cell's). */
#define CLI_FIELD_RIGHT 128u

/* Reads a field of item (an oft_job, oft_file...); buf (cap bytes) may hold
 * the text of a value made of several members. */
typedef cli_value (*cli_get_fn)(const void *item, char *buf, size_t cap);

/* A field of an output; an array of them ends with {0}, in the order shown. */
typedef struct cli_field {
    const char *key;         /* the column's name for --columns ("created"), or the
                              * label of a detail line ("created_at") */
    const char *json;        /* the member of the JSON document it shows ("created_at",
                              * "method.type") */
    const char *title;       /* a table's header ("CREATED"); NULL in a detail view */
    const char *short_title; /* the header of the compact form, or NULL */
    int priority;            /* the table's layout: see cli_col */
    int min_width;
    unsigned flags; /* CLI_COL_*, CLI_FIELD_OPTIONAL */
    int fmt;        /* enum cli_fmt */
    cli_get_fn get;
} cli_field;

/* Text of a member: CLI_V_NONE when NULL or empty. */
cli_value cli_v_text(const char *s);
/* Text shown as it is, "" included (NULL: ""). */
cli_value cli_v_raw(const char *s);
cli_value cli_v_int(long long n);
/* A time: CLI_V_NONE when unset (OFT_TIME_NONE or 0). */
cli_value cli_v_time(long long t);
cli_value cli_v_num(int has, double d);
cli_value cli_v_bool(int b);
/* n rows, each described by rows and read from a cli_row {item, index}. */
cli_value cli_v_rows(const struct cli_field *rows, size_t n);

typedef struct cli_view cli_view;

/*
 * A table of fields for the command's options in a (--wide, --columns);
 * *out is NULL with --json (the documents are printed as they came).
 * Returns 0, 2 after a usage error (an unknown column) or 1 (out of memory).
 */
int cli_view_new(cli_view **out, const cli *c, const cli_field *fields,
                 const cli_args *a);
/*
 * The same for an output the API has no document for (a comparison, a
 * sweep's status): with --json, *out is a view that makes the document from
 * the fields: {"object": "list", "data": [...]}, an object a row with a
 * member a field, named by its json (a string, a number, or null for no
 * value), in the order of the fields.
 */
int cli_view_new_made(cli_view **out, const cli *c, const cli_field *fields,
                      const cli_args *a);
/*
 * The made JSON object of item: {"json": value, ...}, a member a field
 * (CLI_FIELD_TEXT_ONLY ones left out), in the order of the fields; buf (cap
 * bytes) for the getters. An output with its own document around the rows
 * (a sweep's {"id", "points"}) prints them with this.
 */
void cli_view_json_object(const cli_field *fields, const void *item, char *buf,
                          size_t cap);
/* The text of field f's value in item: its full form ("-" for no value);
 * buf (cap bytes) holds it, or the getter's text. An output laid out its
 * own way (a sweep's table, redrawn in place) prints its cells with this. */
const char *cli_view_cell(const cli_field *f, const void *item, char *buf, size_t cap);
/* The row of item. A no-op on a NULL view. */
void cli_view_row(cli_view *v, const void *item);
/* An answer's JSON document with --json (raw_json, "{}" when absent). */
void cli_view_doc(const cli *c, const char *raw_json);
/* Prints what is left (the header at least) and frees the view. NULL: no-op. */
void cli_view_end(cli_view *v);
/* Frees the view without printing (a failure before any row). NULL: no-op. */
void cli_view_free(cli_view *v);
/*
 * One object: its JSON document with --json, else a line per field
 * ("label:" padded to the longest label, continuation lines indented as
 * far); a field without a value shows "-", or is left out when it is
 * CLI_FIELD_OPTIONAL.
 */
void cli_view_show(const cli *c, const cli_field *fields, const char *raw_json,
                   const void *item);

/*
 * A sentence of an output, as curl's write-out prints "%{http_code}\n": a
 * template whose %{key} names a field of fields (its key), replaced by the
 * text of the field's value (its full form, "-" for no value); "%%" is "%".
 * Every key of every template names a field: `cli_fields` checks them all
 * (cli_template_check). The name says which line it is in a test's message.
 */
typedef struct cli_template {
    const char *name;
    const cli_field *fields;
    const char *text;
} cli_template;

/* The first %{key} of t that names no field of t->fields (copied into key,
 * cap bytes), or NULL when there is none. */
const char *cli_template_check(const cli_template *t, char *key, size_t cap);
/* t's text made from item, on out (stdout, or stderr for messages). */
void cli_view_print(FILE *out, const cli_template *t, const void *item);
/*
 * A sentence: with --json, raw_json (the API's document, "{}" when empty) or,
 * when NULL, the document made from t->fields (cli_view_json_object) and a
 * newline; else t's text on stdout.
 */
void cli_view_say(const cli *c, const cli_template *t, const char *raw_json,
                  const void *item);
/* The made JSON object of item without spaces ({"json":value,...}) and a
 * newline: the document of an output that always printed it so (validate's
 * report). */
void cli_view_json_compact(const cli_field *fields, const void *item);

#endif
