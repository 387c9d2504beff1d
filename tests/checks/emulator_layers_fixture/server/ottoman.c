/* server/ includes every layer below it and the public header: no problem. */
#include <microhttpd.h>

#include "emulator.h"
#include "persist/ping.h"
#include "routes/routes.h"

int emu_fixture_top(void);

int emu_fixture_top(void)
{
    return emu_fixture_ping(EMU_FIXTURE_ROUTES) + (int)sizeof(struct MHD_Daemon *);
}
