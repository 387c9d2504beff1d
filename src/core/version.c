/* Run-time version, for callers who cannot see the macros (FFI, dlopen). */
#include "openai_ft/version.h"

void oft_version(int *major, int *minor, int *patch)
{
    if (major)
        *major = OFT_VERSION_MAJOR;
    if (minor)
        *minor = OFT_VERSION_MINOR;
    if (patch)
        *patch = OFT_VERSION_PATCH;
}

const char *oft_version_string(void)
{
    return OFT_VERSION;
}
