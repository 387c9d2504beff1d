/*
 * openai-ft: the terminal: its width (followed through SIGWINCH), the width
 * of text on it, and the confirmation of destructive commands.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

static volatile sig_atomic_t g_resized;

int cli_term_width(int fd)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    if (cols != NULL && atoi(cols) > 0)
        return atoi(cols);
    return 80;
}

static void on_winch(int sig)
{
    (void)sig;
    g_resized = 1;
}

void cli_term_watch_resize(void)
{
    cli_set_signal(SIGWINCH, on_winch, SA_RESTART);
}

int cli_term_resized(void)
{
    int r = g_resized != 0;
    g_resized = 0;
    return r;
}

size_t cli_text_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        if (p[0] == 0x1b && p[1] == '[') { /* a colour escape: no width */
            p += 2;
            while (*p != '\0' && !(*p >= 0x40 && *p <= 0x7e))
                p++;
            if (*p != '\0')
                p++;
            continue;
        }
        if ((*p & 0xc0) != 0x80) /* not a UTF-8 continuation byte */
            w++;
        p++;
    }
    return w;
}

const cli_opt cli_yes_opts[] = {
    {.id = OPT_YES,
     .name = "yes",
     .short_name = 'y',
     .help = "go ahead without asking (required when stdin is not a terminal)"},
    {0},
};

int cli_confirm(const cli *c, int yes, const char *action)
{
    char line[64];
    if (yes)
        return CLI_OK;
    if (!c->tty_in) {
        fprintf(stderr,
                "openai-ft: will not %s without confirmation: stdin is not a terminal; "
                "pass --yes to confirm\n",
                action);
        return CLI_EUSAGE;
    }
    fprintf(stderr, "%sReally %s?%s [y/N] ", cli_c_bold(c), action, cli_c_reset(c));
    fflush(stderr);
    if (fgets(line, sizeof(line), stdin) != NULL &&
        (strcmp(line, "y\n") == 0 || strcmp(line, "yes\n") == 0 ||
         strcmp(line, "Y\n") == 0 || strcmp(line, "YES\n") == 0))
        return CLI_OK;
    fputs("Not confirmed: nothing was done.\n", stderr);
    return CLI_EAPI;
}
