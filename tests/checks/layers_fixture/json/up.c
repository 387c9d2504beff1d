/* json/ including a header of the layer above, and curl. */
#include <curl/curl.h>

#include "api/ping.h"

int oft__fixture_up(void);

int oft__fixture_up(void)
{
    return (int)sizeof(CURL *);
}
