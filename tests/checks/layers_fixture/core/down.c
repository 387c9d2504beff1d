/* core/ calling util/: allowed, and no circle. */
#include "util/nolayer.h"

int oft__fixture_down(void);

int oft__fixture_down(void)
{
    return OFT_FIXTURE_NOLAYER;
}
