/* Calls pong.c, which calls back: a circle. */
#include "api/ping.h"

int oft__fixture_ping(int n)
{
    return n > 0 ? oft__fixture_pong(n - 1) : 0;
}
