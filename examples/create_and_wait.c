/*
 * create_and_wait: create a fine-tuning job from an uploaded training file
 * and wait for it, printing its status changes and events as they come.
 *
 *   OPENAI_API_KEY=... create_and_wait FILE_ID [MODEL] [BASE_URL]
 *
 * BASE_URL defaults to $OPENAI_BASE_URL, else the OpenAI API; point it at
 * openai-ft-emulator (http://127.0.0.1:PORT/v1) to try it offline.
 */
#include <stdio.h>
#include <stdlib.h>

#include <openai_ft.h>

static int on_progress(const oft_job *job, const oft_event *event, void *payload)
{
    (void)payload;
    if (event)
        printf("  [%s] %s\n", event->level_raw ? event->level_raw : "?", event->message);
    else
        printf("job %s: %s\n", job->id, job->status_raw);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_ID [MODEL] [BASE_URL]\n", argv[0]);
        return 2;
    }
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    co.base_url = argc > 3 ? argv[3] : NULL; /* NULL: OPENAI_BASE_URL or the API */
    oft_client *c = NULL;
    if (oft_client_new(&c, &co) != OFT_OK) {
        fprintf(stderr, "client: %s\n", oft_error_message(oft_error_last()));
        return 1;
    }

    oft_job_create_options jo = OFT_JOB_CREATE_OPTIONS_INIT;
    jo.model = argc > 2 ? argv[2] : "gpt-4o-mini-2024-07-18";
    jo.training_file = argv[1];
    jo.method_type = OFT_METHOD_SUPERVISED;
    jo.n_epochs = (oft_hp_num){OFT_HP_VALUE, 3};
    oft_job *job = NULL;
    int rc = oft_job_create(&job, c, &jo);
    if (rc != OFT_OK) {
        fprintf(stderr, "create: %s\n", oft_error_message(oft_client_last_error(c)));
        oft_client_free(c);
        return 1;
    }
    printf("created %s\n", job->id);

    oft_wait_options wo = OFT_WAIT_OPTIONS_INIT;
    wo.poll_interval_ms = 2000;
    wo.on_progress = on_progress;
    oft_job *done = NULL;
    rc = oft_job_wait(&done, c, job->id, &wo);
    if (rc == OFT_OK)
        printf("succeeded: %s\n", done->fine_tuned_model ? done->fine_tuned_model : "");
    else
        fprintf(stderr, "wait: %s: %s\n", oft_status_str(rc),
                oft_error_message(oft_client_last_error(c)));
    oft_job_free(done);
    oft_job_free(job);
    oft_client_free(c);
    return rc == OFT_OK ? 0 : 1;
}
