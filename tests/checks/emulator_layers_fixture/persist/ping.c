/* Calls pong.c, which calls back: a circle. */
#include "persist/ping.h"

int emu_fixture_ping(int n)
{
    return n > 0 ? emu_fixture_pong(n - 1) : 0;
}
