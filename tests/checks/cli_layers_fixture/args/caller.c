/* Calls app/ without including it: the include rule cannot see it, the call
 * rule does (args/ may call only args/ and base/). */
#include "args/caller.h"

int cli_fixture_ping(int n); /* app/ping.h's, declared here to hide it */

int cli_fixture_caller(void)
{
    return cli_fixture_ping(1);
}
