/* base/ including a header of a layer above it. */
#include "emulator.h"
#include "routes/routes.h"

int emu_fixture_up(void);

int emu_fixture_up(void)
{
    return EMU_FIXTURE_ROUTES;
}
