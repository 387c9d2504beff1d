/* Calls ping.c, which called it. */
#include "api/ping.h"

int oft__fixture_pong(int n)
{
    return n > 0 ? oft__fixture_ping(n - 1) : 1;
}
