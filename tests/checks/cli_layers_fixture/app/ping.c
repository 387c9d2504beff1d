/* Calls pong.c, which calls back: a circle. */
#include "app/ping.h"

int cli_fixture_ping(int n)
{
    return n > 0 ? cli_fixture_pong(n - 1) : 0;
}
