/*
 * openai-ft: Ctrl-C and SIGTERM while a request or a wait runs. The handler
 * only interrupts the client (documented as signal-safe); the call under way
 * then returns OFT_EINTERRUPTED and the command winds down in order (a
 * download removes its partial file, a wait says how to resume).
 */
#include <signal.h>
#include <string.h>

#include "app/signals.h"
#include "base/cli.h"
#include "base/term.h"

static oft_client *volatile g_client;
static volatile sig_atomic_t g_caught;

static void on_signal(int sig)
{
    if (g_caught == 0)
        g_caught = sig;
    if (g_client != NULL)
        oft_client_interrupt(g_client);
}

static void set_handler(void (*handler)(int), int flags)
{
    cli_set_signal(SIGINT, handler, flags);
    cli_set_signal(SIGTERM, handler, flags);
}

void cli_signals_arm(cli *c)
{
    g_client = c->client;
    /* a second signal kills as usual, in case the wind-down hangs */
    set_handler(on_signal, SA_RESETHAND);
}

void cli_signals_disarm(void)
{
    set_handler(SIG_DFL, 0);
    g_client = NULL;
}

int cli_signals_armed(void)
{
    return g_client != NULL;
}

int cli_signal_caught(void)
{
    return g_caught;
}

int cli_interrupt_exit(void)
{
    return 128 + (g_caught != 0 ? g_caught : SIGINT);
}
