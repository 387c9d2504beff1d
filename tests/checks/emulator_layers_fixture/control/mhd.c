/* control/ including libmicrohttpd, which only server/ may; and a header
 * without its layer. */
#include <microhttpd.h>

#include "handlers.h"

int emu_fixture_mhd(void);

int emu_fixture_mhd(void)
{
    return (int)sizeof(struct MHD_Daemon *) + EMU_FIXTURE_HANDLERS;
}
