// The public headers alone, compiled as C++11.
#include <openai_ft.h>

#include <cstring>

int main()
{
    oft_client_options opts = OFT_CLIENT_OPTIONS_INIT;
    oft_buf buf = OFT_BUF_INIT;
    oft_buf_dispose(&buf);
    (void)opts;
    int major = -1, minor = -1, patch = -1;
    oft_version(&major, &minor, &patch);
    if (major != OFT_VERSION_MAJOR || minor != OFT_VERSION_MINOR)
        return 1;
    return std::strcmp(oft_version_string(), OFT_VERSION) != 0;
}
