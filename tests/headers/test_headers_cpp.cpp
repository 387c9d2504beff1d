// The public headers alone, compiled as C++ (11, 14, 17 and 20: see
// tests/meson.build) with -Wall -Wextra -Wpedantic -Werror. Both spellings of
// the umbrella header, and every INIT macro, must compile.
#include <openai_ft.h>
#include <openai_ft/openai_ft.h>

#include <cstring>

int main()
{
    oft_client_options client = OFT_CLIENT_OPTIONS_INIT;
    oft_job_create_options create = OFT_JOB_CREATE_OPTIONS_INIT;
    oft_job_list_options jobs = OFT_JOB_LIST_OPTIONS_INIT;
    oft_event_list_options events = OFT_EVENT_LIST_OPTIONS_INIT;
    oft_checkpoint_list_options checkpoints = OFT_CHECKPOINT_LIST_OPTIONS_INIT;
    oft_checkpoint_permission_list_options permissions =
        OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_INIT;
    oft_wait_options wait = OFT_WAIT_OPTIONS_INIT;
    oft_file_upload_options upload = OFT_FILE_UPLOAD_OPTIONS_INIT;
    oft_file_list_options files = OFT_FILE_LIST_OPTIONS_INIT;
    oft_upload_create_options uploads = OFT_UPLOAD_CREATE_OPTIONS_INIT;
    oft_jsonl_options jsonl = OFT_JSONL_OPTIONS_INIT;
    oft_buf buf = OFT_BUF_INIT;
    oft_buf_dispose(&buf);
    (void)client, (void)create, (void)jobs, (void)events, (void)checkpoints;
    (void)permissions, (void)wait, (void)upload, (void)files, (void)uploads, (void)jsonl;
    int major = -1, minor = -1, patch = -1;
    oft_version(&major, &minor, &patch);
    if (major != OFT_VERSION_MAJOR || minor != OFT_VERSION_MINOR ||
        patch != OFT_VERSION_PATCH)
        return 1;
    return std::strcmp(oft_version_string(), OFT_VERSION) != 0;
}
