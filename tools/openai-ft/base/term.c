/*
 * openai-ft: the terminal: its width (followed through SIGWINCH) and the
 * signal handlers of the layers above.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/term.h"

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

void cli_set_signal(int sig, void (*handler)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}
