/* The run-time version (oft_version, oft_version_string), the header's macros
 * and the meson project's version agree. */
#include <stdio.h>
#include <string.h>

#include <openai_ft.h>

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
            return 1;                                                                    \
        }                                                                                \
    } while (0)

int main(void)
{
    int major = -1, minor = -1, patch = -1;
    char text[64];
    oft_version(&major, &minor, &patch);
    CHECK(major == OFT_VERSION_MAJOR && minor == OFT_VERSION_MINOR &&
          patch == OFT_VERSION_PATCH);
    CHECK(strcmp(oft_version_string(), OFT_VERSION) == 0);
    CHECK(strcmp(OFT_VERSION, OFT_PROJECT_VERSION) == 0); /* meson.build's version */
    snprintf(text, sizeof(text), "%d.%d.%d", major, minor, patch);
    CHECK(strcmp(text, OFT_VERSION) == 0);
    CHECK(OFT_VERSION_NUMBER == ((major << 16) | (minor << 8) | patch));
    CHECK(OFT_VERSION_CHECK(0, 0, 0));
    CHECK(OFT_VERSION_CHECK(OFT_VERSION_MAJOR, OFT_VERSION_MINOR, OFT_VERSION_PATCH));
    CHECK(
        !OFT_VERSION_CHECK(OFT_VERSION_MAJOR, OFT_VERSION_MINOR, OFT_VERSION_PATCH + 1));
    CHECK(!OFT_VERSION_CHECK(OFT_VERSION_MAJOR + 1, 0, 0));
    oft_version(NULL, NULL, NULL); /* each pointer may be NULL */
    return 0;
}
