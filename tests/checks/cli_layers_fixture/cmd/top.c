/* The top layer: it may include and call every layer below it. */
#include "app/ping.h"
#include "args/caller.h"
#include "base/up.h"

int cli_fixture_top(void);

int cli_fixture_top(void)
{
    return cli_fixture_ping(2) + cli_fixture_caller() + cli_fixture_up();
}
