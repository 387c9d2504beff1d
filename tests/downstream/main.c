/* A downstream program, built outside the source tree against an install:
 * with nothing but pkg-config (C99 and C++, gcc and clang, shared and static),
 * by a meson project (installed, or as a subproject) and by a CMake project.
 * Checks that the header and the library agree on the version, then lists the
 * models of the server in OPENAI_BASE_URL. OFT_NESTED_UMBRELLA picks the
 * <openai_ft/openai_ft.h> spelling of the umbrella header. */
#ifdef OFT_NESTED_UMBRELLA
#include <openai_ft/openai_ft.h>
#else
#include <openai_ft.h>
#endif
#include <stdio.h>
#include <string.h>

int main(void)
{
    oft_client *client = NULL;
    oft_model_page *models = NULL;
    int major, minor, patch, rc;

    oft_version(&major, &minor, &patch);
    if (major != OFT_VERSION_MAJOR || minor != OFT_VERSION_MINOR ||
        patch != OFT_VERSION_PATCH || strcmp(oft_version_string(), OFT_VERSION) != 0) {
        fprintf(stderr, "header %s, library %s\n", OFT_VERSION, oft_version_string());
        return 1;
    }
    rc = oft_client_new(&client, NULL);
    if (rc != OFT_OK) {
        fprintf(stderr, "client: %s\n", oft_status_str(rc));
        return 1;
    }
    rc = oft_model_list(&models, client);
    if (rc != OFT_OK) {
        fprintf(stderr, "models: %s\n", oft_error_message(oft_client_last_error(client)));
        oft_client_free(client);
        return 1;
    }
    printf("libopenai_ft %s: %zu models\n", oft_version_string(), models->count);
    oft_model_page_free(models);
    oft_client_free(client);
    return 0;
}
