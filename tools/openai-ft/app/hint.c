/*
 * openai-ft: the command lines a message suggests (resume watching, reuse an
 * upload). They repeat the global options of this run that a re-run needs to
 * reach the same server the same way (base URL, organization, project,
 * timeouts, retries, CA, key files), each word shell-quoted, so that a copy
 * and paste does what it says. Never a key: a key file's path is repeated, a
 * key given with --api-key is not (a line says so).
 */
#include <stdarg.h>
#include <string.h>

#include "app/hint.h"
#include "args/args.h"
#include "base/cli.h"
#include "base/text.h"

/* Characters a POSIX shell leaves alone in an unquoted word. */
#define SHELL_SAFE                                                                       \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-"

void cli_put_quoted(FILE *f, const char *word)
{
    const char *s = cli_text(word); /* a server's ID: no terminal escapes */
    if (s[0] != '\0' && s[strspn(s, SHELL_SAFE)] == '\0') {
        fputs(s, f);
        return;
    }
    fputc('\'', f);
    for (; *s != '\0'; s++) {
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    }
    fputc('\'', f);
}

/* The global options a re-run needs; output options (--json, -v, --color)
 * are the user's choice again, and keys are never repeated. */
static int repeated(int id)
{
    switch (id) {
        case OPT_BASE_URL:
        case OPT_API_KEY_FILE:
        case OPT_ADMIN_KEY_FILE:
        case OPT_ORG:
        case OPT_PROJECT_HEADER:
        case OPT_TIMEOUT:
        case OPT_MAX_RETRIES:
        case OPT_CA_FILE:
        case OPT_CA_PATH:
            return 1;
        default:
            return 0;
    }
}

void cli_hint(const cli *c, const char *lead, ...)
{
    const char *w;
    size_t i;
    va_list ap;
    fprintf(stderr, "%sopenai-ft", lead);
    for (i = 0; i < c->n_globals; i++) {
        const cli_arg *g = &c->globals[i];
        if (!repeated(g->opt->id) || g->value == NULL)
            continue;
        fprintf(stderr, " --%s ", g->opt->name);
        cli_put_quoted(stderr, g->value);
    }
    va_start(ap, lead);
    while ((w = va_arg(ap, const char *)) != NULL) {
        fputc(' ', stderr);
        cli_put_quoted(stderr, w);
    }
    va_end(ap);
    fputc('\n', stderr);
    if (c->api_key_from == CLI_FROM_OPTION)
        fputs(
            "(give the API key as before: a key given with --api-key is not repeated)\n",
            stderr);
}
