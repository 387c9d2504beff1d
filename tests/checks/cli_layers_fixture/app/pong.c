/* Calls ping.c back. */
#include "app/ping.h"

int cli_fixture_pong(int n)
{
    return n > 0 ? cli_fixture_ping(n - 1) : 0;
}
