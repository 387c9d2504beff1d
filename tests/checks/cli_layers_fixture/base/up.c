/* Includes a layer above it: base/ may include only base/. */
#include "base/up.h"
#include "ui/a.h"

int cli_fixture_up(void)
{
    return CLI_FIXTURE_A;
}
