/*
 * upload_and_validate: check a JSONL training file on this machine, then
 * upload it for fine-tuning (through the Uploads API in parallel parts when
 * it is large), showing progress, and wait until the server processed it.
 *
 *   OPENAI_API_KEY=... upload_and_validate FILE.jsonl [MODEL] [BASE_URL]
 *
 * Nothing is uploaded when the validator finds an error. BASE_URL defaults to
 * $OPENAI_BASE_URL, else the OpenAI API; point it at openai-ft-emulator
 * (http://127.0.0.1:PORT/v1) to try it offline.
 */
#include <stdio.h>
#include <stdlib.h>

#include <openai_ft.h>

static int on_progress(int64_t sent, int64_t total, void *payload)
{
    (void)payload;
    fprintf(stderr, "\ruploading: %3d%% (%lld of %lld bytes)",
            total > 0 ? (int)(100 * sent / total) : 100, (long long)sent,
            (long long)total);
    if (sent == total)
        fputc('\n', stderr);
    return 0; /* non-zero would stop the upload (OFT_EUSER) */
}

/* Prints the validator's report; returns non-zero when the file may be uploaded. */
static int validate(const char *path, const char *model)
{
    oft_jsonl_options vo = OFT_JSONL_OPTIONS_INIT;
    vo.model = model;
    oft_jsonl_report *r = NULL;
    int rc = oft_jsonl_validate_path(&r, path, &vo);
    if (rc != OFT_OK && !r) {
        fprintf(stderr, "validate: %s\n", oft_status_str(rc));
        return 0;
    }
    for (size_t i = 0; i < r->problems_count; i++)
        printf("%s: %s [%s]\n",
               r->problems[i].severity == OFT_JSONL_ERROR ? "error" : "warning",
               r->problems[i].message, oft_jsonl_code_str(r->problems[i].code));
    printf("%s: %s, %llu examples, %llu messages, ~%llu tokens (estimate), "
           "%llu over the %llu-token limit, %llu errors, %llu warnings\n",
           path, oft_jsonl_format_str(r->format), (unsigned long long)r->examples,
           (unsigned long long)r->messages, (unsigned long long)r->est_tokens,
           (unsigned long long)r->examples_over_limit,
           (unsigned long long)r->context_limit, (unsigned long long)r->errors_total,
           (unsigned long long)r->warnings_total);
    int ok = rc == OFT_OK && r->ok;
    oft_jsonl_report_free(r);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.jsonl [MODEL] [BASE_URL]\n", argv[0]);
        return 2;
    }
    const char *model = argc > 2 ? argv[2] : "gpt-4o-mini-2024-07-18";
    if (!validate(argv[1], model)) {
        fprintf(stderr, "not uploading %s: fix the errors above first\n", argv[1]);
        return 1;
    }

    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    co.base_url = argc > 3 ? argv[3] : NULL; /* NULL: OPENAI_BASE_URL or the API */
    oft_client *c = NULL;
    if (oft_client_new(&c, &co) != OFT_OK) {
        fprintf(stderr, "client: %s\n", oft_error_message(oft_error_last()));
        return 1;
    }

    oft_file_upload_options uo = OFT_FILE_UPLOAD_OPTIONS_INIT;
    uo.purpose = "fine-tune";
    uo.progress = on_progress;
    oft_file *file = NULL;
    int rc = oft_file_upload(&file, c, argv[1], &uo);
    if (rc != OFT_OK) {
        fprintf(stderr, "\nupload: %s\n", oft_error_message(oft_client_last_error(c)));
        oft_client_free(c);
        return 1;
    }
    oft_file *ready = NULL;
    rc = oft_file_wait_processed(&ready, c, file->id, 1000, 0);
    if (rc == OFT_OK && ready->status == OFT_FILE_STATUS_PROCESSED)
        printf("uploaded %s (%lld bytes): %s, ready for a fine-tuning job\n", file->id,
               (long long)file->bytes, ready->status_raw);
    else
        fprintf(stderr, "file %s not ready: %s\n", file->id,
                rc == OFT_OK ? (ready->status_details ? ready->status_details : "error")
                             : oft_error_message(oft_client_last_error(c)));
    int failed = rc != OFT_OK || ready->status != OFT_FILE_STATUS_PROCESSED;
    oft_file_free(ready);
    oft_file_free(file);
    oft_client_free(c);
    return failed;
}
