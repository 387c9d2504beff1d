/* Initialising a versioned options struct (options.h). */
#include <string.h>

#include "openai_ft/errors.h"
#include "util/options.h"

int oft__options_init(void *opts, unsigned int version, const void *dflt,
                      const size_t *sizes, size_t n)
{
    if (opts == NULL)
        return OFT_EINVAL;
    if (version == 0 || version > n)
        return OFT_EVERSION;
    /* An older caller's struct is shorter: its bytes only. */
    memcpy(opts, dflt, sizes[version - 1]);
    memcpy(opts, &version, sizeof(version));
    return OFT_OK;
}
