/* util/ including jansson, and a header without its layer. */
#include <jansson.h>

#include "nolayer.h"

int oft__fixture_json(void);

int oft__fixture_json(void)
{
    return (int)sizeof(json_t *) + OFT_FIXTURE_NOLAYER;
}
