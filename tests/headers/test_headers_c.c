/* The public headers alone, as strict C99 (-pedantic -Werror via meson). */
#include <openai_ft.h>

int main(void)
{
    oft_client_options opts = OFT_CLIENT_OPTIONS_INIT;
    oft_buf buf = OFT_BUF_INIT;
    oft_buf_dispose(&buf);
    (void)opts;
    return oft_version_string()[0] == '\0' || !OFT_VERSION_CHECK(0, 0, 0);
}
