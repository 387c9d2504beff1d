/* A downstream program: built against the installed library with pkg-config
 * only, as C99 and as C++. Lists the models of the server in OPENAI_BASE_URL. */
#include <openai_ft.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    oft_client *client = NULL;
    oft_model_page *models = NULL;
    int major, minor, patch, rc;

    oft_version(&major, &minor, &patch);
    if (major != OFT_VERSION_MAJOR || minor != OFT_VERSION_MINOR) {
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
