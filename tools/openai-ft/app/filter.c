/*
 * openai-ft --jq EXPR and --template TEXT: the command's JSON output (what
 * --json prints) goes through a jq program before it reaches stdout, by jq's
 * own library (libjq). stdout is replaced by a stream whose writes feed jq's
 * parser, so every document the command prints is filtered as soon as it is
 * complete, a streamed one too (jobs events --follow). With --jq a string
 * result prints raw (as jq -r and gh --jq do), any other value as JSON, each
 * on its line; with --template the text made prints as it is.
 */
#include <jq.h>
#include <jv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/filter.h"
#include "app/template.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"

static struct filter {
    jq_state *jq;
    jv_parser *parser;
    FILE *real; /* the process's own stdout */
    const char *opt;
    int template_mode;
    int tty;
    int failed;
    const char *keys[4]; /* never printed, whatever the expression reads */
    char compile_error[512];
} g;

/* jq's compile errors: the first, without jq's "jq: error: " and newline. */
static void on_jq_error(void *data, jv msg)
{
    (void)data;
    if (g.compile_error[0] == '\0' && jv_get_kind(msg) == JV_KIND_STRING) {
        const char *s = jv_string_value(msg);
        if (strncmp(s, "jq: error: ", 11) == 0)
            s += 11;
        snprintf(g.compile_error, sizeof(g.compile_error), "%s", s);
        g.compile_error[strcspn(g.compile_error, "\n")] = '\0';
    }
    jv_free(msg);
}

int cli_filter_compile(const char *program)
{
    g.compile_error[0] = '\0';
    if (!jq_compile(g.jq, program))
        return -1;
    return 0;
}

const char *cli_filter_error(void)
{
    return g.compile_error[0] != '\0' ? g.compile_error : "not a jq program";
}

/* An action of a --template: NULL when it compiles, else why not. */
static const char *check_expr(const char *expr)
{
    return cli_filter_compile(expr) == 0 ? NULL : cli_filter_error();
}

static int holds_key(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof(g.keys) / sizeof(g.keys[0]); i++) {
        const char *k = g.keys[i];
        size_t kl = k != NULL ? strlen(k) : 0;
        if (kl > 0 && n >= kl && memmem(s, n, k, kl) != NULL)
            return 1;
    }
    return 0;
}

static void fail(const char *what, const char *detail)
{
    fflush(g.real);
    fprintf(stderr, "openai-ft: %s: %s%s%s\n", g.opt, what, detail ? ": " : "",
            detail ? cli_text(detail) : "");
    g.failed = 1;
}

/* On a terminal, no escape sequence from a server's text: control characters
 * but newline and tab (the lines a template makes) print as \xNN, C1 ones
 * (U+0080..U+009F) as \u00NN. */
static void put_for_terminal(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i;
    for (i = 0; i < n; i++) {
        if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7f) {
            fprintf(g.real, "\\x%02x", p[i]);
        } else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) {
            fprintf(g.real, "\\u%04x", p[i + 1]);
            i++;
        } else {
            fputc(p[i], g.real);
        }
    }
}

static void print_result(jv r)
{
    jv text;
    const char *s;
    size_t n;
    if (jv_get_kind(r) == JV_KIND_STRING) {
        text = r;
    } else {
        int flags = g.tty ? JV_PRINT_INDENT_FLAGS(2) : 0;
        text = jv_dump_string(r, flags);
    }
    s = jv_string_value(text);
    n = (size_t)jv_string_length_bytes(jv_copy(text));
    if (holds_key(s, n)) {
        fail("a result holding an API key was dropped", NULL);
        jv_free(text);
        return;
    }
    if (g.tty)
        put_for_terminal(s, n);
    else
        fwrite(s, 1, n, g.real);
    if (!g.template_mode)
        fputc('\n', g.real);
    jv_free(text);
}

static void run(jv doc)
{
    jv r;
    jq_start(g.jq, doc, 0);
    while (jv_is_valid(r = jq_next(g.jq)))
        print_result(r);
    if (jv_invalid_has_msg(jv_copy(r))) {
        jv msg = jv_invalid_get_msg(r);
        if (jv_get_kind(msg) != JV_KIND_STRING)
            msg = jv_dump_string(msg, 0);
        fail("error", jv_string_value(msg));
        jv_free(msg);
    } else {
        jv_free(r);
    }
    fflush(g.real);
}

/* Runs every complete document in the parser; reports what is not JSON. */
static void drain(void)
{
    for (;;) {
        jv v = jv_parser_next(g.parser);
        if (jv_is_valid(v)) {
            run(v);
            continue;
        }
        if (jv_invalid_has_msg(jv_copy(v))) {
            jv msg = jv_invalid_get_msg(v);
            if (!g.failed)
                fail("the command's output is not JSON",
                     jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : NULL);
            jv_free(msg);
            return;
        }
        jv_free(v);
        return;
    }
}

/* The stream's write function: bytes the command printed, fed to the parser. */
static ssize_t on_write(void *cookie, const char *buf, size_t n)
{
    size_t left = n;
    (void)cookie;
    while (left > 0 && !g.failed) { /* the parser takes an int length */
        int part = left > 65536 ? 65536 : (int)left;
        jv_parser_set_buf(g.parser, buf, part, 1);
        drain();
        buf += part;
        left -= (size_t)part;
    }
    return (ssize_t)n;
}

int cli_filter_start(cli *c, const char *opt, const char *program, int template_mode)
{
    cookie_io_functions_t io = {.write = on_write};
    FILE *f;
    char *translated = NULL;
    int rc;
    g.opt = opt;
    g.template_mode = template_mode;
    g.jq = jq_init();
    g.parser = jv_parser_new(0);
    if (g.jq == NULL || g.parser == NULL) {
        fputs("openai-ft: out of memory\n", stderr);
        return CLI_EAPI;
    }
    jq_set_error_cb(g.jq, on_jq_error, NULL);
    if (template_mode &&
        (rc = cli_template_program(&translated, program, check_expr)) != 0)
        return rc;
    rc = cli_filter_compile(translated != NULL ? translated : program);
    free(translated);
    if (rc != 0)
        return cli_usage(NULL, "%s: %s", opt, cli_filter_error());
    f = fopencookie(NULL, "w", io);
    if (f == NULL) {
        fputs("openai-ft: out of memory\n", stderr);
        return CLI_EAPI;
    }
    g.keys[0] = c->api_key;
    g.keys[1] = c->admin_key;
    g.keys[2] = getenv("OPENAI_API_KEY");
    g.keys[3] = getenv("OPENAI_ADMIN_KEY");
    g.tty = c->tty_out;
    g.real = stdout;
    /* glibc's stdout is a variable a program may set (the GNU C Library
     * manual, "Standard Streams"): every printf of the commands now feeds jq */
    stdout = f;
    return 0;
}

int cli_filter_finish(int rc)
{
    if (g.real != NULL) {
        fclose(stdout); /* flushes the last writes into the parser */
        if (!g.failed) {
            jv_parser_set_buf(g.parser, "", 0, 0); /* the end: a cut document shows */
            drain();
        }
        stdout = g.real;
        g.real = NULL;
        fflush(stdout);
    }
    if (g.parser != NULL)
        jv_parser_free(g.parser);
    if (g.jq != NULL)
        jq_teardown(&g.jq);
    g.parser = NULL;
    g.jq = NULL;
    /* the command's own failure wins; else a failed filter is the user's expression */
    return rc == CLI_OK && g.failed ? CLI_EUSAGE : rc;
}
