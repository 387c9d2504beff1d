/*
 * openai-ft: the global options. Keys given on the command line are copied
 * and overwritten in argv at once, so that they leave /proc/PID/cmdline (as
 * `mysql -p` does); keys read from a file never enter it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/globals.h"
#include "args/args.h"
#include "args/suggest.h"
#include "args/values.h"
#include "base/cli.h"
#include "ui/output.h"

const char *cli_origin_name(int origin, const char *option, const char *env)
{
    switch (origin) {
        case CLI_FROM_OPTION:
            return option;
        case CLI_FROM_FILE:
            return option; /* the caller names the -file option */
        case CLI_FROM_ENV:
            return env;
        default:
            return "the default";
    }
}

static void forget_key(cli *c, int which)
{
    char *k = c->key_copies[which];
    if (k != NULL) {
        explicit_bzero(k, strlen(k));
        free(k);
    }
    c->key_copies[which] = NULL;
}

void cli_globals_free(cli *c)
{
    forget_key(c, 0);
    forget_key(c, 1);
}

/* Copies a key out of argv and overwrites it there. */
static int key_from_argv(cli *c, int which, char *value, const char **out)
{
    forget_key(c, which);
    c->key_copies[which] = strdup(value);
    memset(value, 'x', strlen(value));
    if (c->key_copies[which] == NULL) {
        fputs("openai-ft: out of memory\n", stderr);
        return CLI_EAPI;
    }
    *out = c->key_copies[which];
    return 0;
}

/* The first line of fd into buf (cap bytes with its NUL), read a byte at a
 * time: no stdio buffer keeps a copy of the key, and from stdin nothing after
 * the line is consumed. 0 or an errno. */
static int read_line(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap) {
        ssize_t r = read(fd, buf + n, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return errno;
        if (r == 0 || buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    buf[strcspn(buf, "\r")] = '\0';
    return 0;
}

/* The first line of path ('-': stdin), without its line ending. */
static int key_from_file(cli *c, int which, const char *opt, const char *path,
                         const char **out)
{
    char buf[4096];
    int from_stdin = strcmp(path, "-") == 0, err;
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cli_usage(NULL, "%s: cannot read %s: %s", opt, path, strerror(errno));
    err = read_line(fd, buf, sizeof(buf));
    if (!from_stdin)
        close(fd);
    if (err != 0 || buf[0] == '\0') {
        explicit_bzero(buf, sizeof(buf));
        if (err != 0)
            return cli_usage(NULL, "%s: cannot read %s: %s", opt, path, strerror(err));
        return cli_usage(NULL, "%s: %s holds no key on its first line", opt, path);
    }
    forget_key(c, which);
    c->key_copies[which] = strdup(buf);
    explicit_bzero(buf, sizeof(buf));
    if (c->key_copies[which] == NULL) {
        fputs("openai-ft: out of memory\n", stderr);
        return CLI_EAPI;
    }
    *out = c->key_copies[which];
    return 0;
}

static int readable(const char *opt, const char *path)
{
    if (access(path, R_OK) != 0)
        return cli_usage(NULL, "%s: cannot read %s: %s", opt, path, strerror(errno));
    return 0;
}

static int color_mode(const char *value)
{
    static const cli_opt *color_opt;
    const cli_opt *o;
    if (value == NULL)
        return CLI_COLOR_ALWAYS; /* a bare --color, as ls(1) */
    for (o = cli_global_opts; color_opt == NULL && o->id != 0; o++)
        if (o->id == OPT_COLOR)
            color_opt = o;
    switch (cli_choice(color_opt, value)) {
        case 0:
            return CLI_COLOR_AUTO;
        case 1:
            return CLI_COLOR_ALWAYS;
        case 2:
            return CLI_COLOR_NEVER;
        default:
            return -1;
    }
}

static int apply_one(cli *c, const cli_arg *g)
{
    long n;
    switch (g->opt->id) {
        case OPT_BASE_URL:
            c->base_url = g->value;
            c->base_url_from = CLI_FROM_OPTION;
            return 0;
        case OPT_API_KEY:
            c->api_key_from = CLI_FROM_OPTION;
            return key_from_argv(c, 0, g->value, &c->api_key);
        case OPT_API_KEY_FILE:
            c->api_key_from = CLI_FROM_FILE;
            return key_from_file(c, 0, "--api-key-file", g->value, &c->api_key);
        case OPT_ADMIN_KEY:
            c->admin_key_from = CLI_FROM_OPTION;
            return key_from_argv(c, 1, g->value, &c->admin_key);
        case OPT_ADMIN_KEY_FILE:
            c->admin_key_from = CLI_FROM_FILE;
            return key_from_file(c, 1, "--admin-key-file", g->value, &c->admin_key);
        case OPT_ORG:
            c->org = g->value;
            return 0;
        case OPT_PROJECT_HEADER:
            c->project = g->value;
            return 0;
        case OPT_TIMEOUT:
            return cli_parse_seconds(&c->timeout_ms, "--timeout", g->value);
        case OPT_MAX_RETRIES:
            if (cli_parse_long(&n, "--max-retries", g->value, 0, 100) != 0)
                return CLI_EUSAGE;
            c->max_retries = (int)n;
            return 0;
        case OPT_CA_FILE:
            c->ca_file = g->value;
            return readable("--ca-file", g->value);
        case OPT_CA_PATH:
            c->ca_path = g->value;
            return readable("--ca-path", g->value);
        case OPT_JSON:
            c->json = 1;
            return 0;
        case OPT_JQ:
            c->jq = g->value;
            c->json = 1;
            return 0;
        case OPT_TEMPLATE:
            c->template = g->value;
            c->json = 1;
            return 0;
        case OPT_COLOR:
            c->color_mode = color_mode(g->value);
            return c->color_mode < 0 ? CLI_EUSAGE : 0;
        case OPT_VERBOSE:
            c->verbose++;
            return 0;
        case OPT_QUIET:
            c->quiet = 1;
            return 0;
        default: /* --help and --version: see cli_apply_globals */
            return 0;
    }
}

/* What the environment provides when no option did (curl's own variables for
 * the CA, as the curl tool reads them). */
static int apply_environment(cli *c)
{
    const char *v;
    if (c->base_url == NULL && (v = getenv("OPENAI_BASE_URL")) != NULL && v[0] != '\0')
        c->base_url_from = CLI_FROM_ENV;
    if (c->api_key == NULL && (v = getenv("OPENAI_API_KEY")) != NULL && v[0] != '\0')
        c->api_key_from = CLI_FROM_ENV;
    if (c->admin_key == NULL && (v = getenv("OPENAI_ADMIN_KEY")) != NULL && v[0] != '\0')
        c->admin_key_from = CLI_FROM_ENV;
    if (c->ca_file == NULL && c->ca_path == NULL) {
        if ((v = getenv("SSL_CERT_FILE")) != NULL && v[0] != '\0') {
            c->ca_file = v;
            if (readable("SSL_CERT_FILE", v) != 0)
                return CLI_EUSAGE;
        }
        if ((v = getenv("SSL_CERT_DIR")) != NULL && v[0] != '\0') {
            c->ca_path = v;
            if (readable("SSL_CERT_DIR", v) != 0)
                return CLI_EUSAGE;
        }
    }
    return 0;
}

int cli_apply_globals(cli *c, const cli_args *a)
{
    size_t i;
    int rc, version = 0;
    c->globals = a->globals;
    c->n_globals = a->n_globals;
    for (i = 0; i < a->n_globals; i++) {
        if (a->globals[i].opt->id == OPT_VERSION)
            version = 1;
        if ((rc = apply_one(c, &a->globals[i])) != 0)
            return rc;
    }
    if ((rc = apply_environment(c)) != 0)
        return rc;
    cli_output_init(c);
    if (version && !a->help) {
        printf("openai-ft %s (libopenai_ft %s)\n", OFT_VERSION, oft_version_string());
        return -1;
    }
    if ((c->api_key_from == CLI_FROM_OPTION || c->admin_key_from == CLI_FROM_OPTION) &&
        c->tty_err && !a->help)
        cli_warn(c, "a key given with --api-key or --admin-key can be seen by other "
                    "users of this machine while openai-ft starts; prefer "
                    "OPENAI_API_KEY or --api-key-file FILE");
    return 0;
}
