#include "glue.h"

#include "_cgo_export.h"

/* On failure, a copy of the client's last error (the caller frees it). */
static int check(oft_client *c, int rc, oft_error **err)
{
    *err = NULL;
    if (rc != OFT_OK && rc != OFT_ITEROVER &&
        oft_error_dup(err, oft_client_last_error(c)) != OFT_OK)
        *err = NULL;
    return rc;
}

static void log_trampoline(int level, const char *message, void *payload)
{
    goftLog(level, (char *)message, (uintptr_t)payload);
}

static int wait_trampoline(const oft_job *job, const oft_event *event, void *payload)
{
    return goftWaitProgress((oft_job *)job, (oft_event *)event, (uintptr_t)payload);
}

static int upload_trampoline(int64_t sent, int64_t total, void *payload)
{
    return goftUploadProgress(sent, total, (uintptr_t)payload);
}

int goft_client_new(oft_client **out, oft_client_options *opts, uintptr_t log_handle,
                    oft_error **err)
{
    opts->log_cb = log_trampoline;
    opts->log_payload = (void *)log_handle;
    int rc = oft_client_new(out, opts);
    *err = NULL;
    if (rc != OFT_OK && oft_error_dup(err, oft_error_last()) != OFT_OK)
        *err = NULL;
    return rc;
}

int goft_job_create(oft_job **out, oft_client *c, const oft_job_create_options *opts,
                    oft_error **err)
{
    return check(c, oft_job_create(out, c, opts), err);
}

int goft_job_retrieve(oft_job **out, oft_client *c, const char *id, oft_error **err)
{
    return check(c, oft_job_retrieve(out, c, id), err);
}

int goft_job_cancel(oft_job **out, oft_client *c, const char *id, oft_error **err)
{
    return check(c, oft_job_cancel(out, c, id), err);
}

int goft_job_list(oft_job_page **out, oft_client *c, const oft_job_list_options *opts,
                  oft_error **err)
{
    return check(c, oft_job_list(out, c, opts), err);
}

int goft_job_wait(oft_job **out, oft_client *c, const char *id, int64_t poll_ms,
                  int64_t timeout_ms, uintptr_t progress_handle, oft_error **err)
{
    oft_wait_options opts = OFT_WAIT_OPTIONS_INIT;
    if (poll_ms > 0)
        opts.poll_interval_ms = poll_ms;
    opts.timeout_ms = timeout_ms;
    if (progress_handle != 0) {
        opts.on_progress = wait_trampoline;
        opts.payload = (void *)progress_handle;
    }
    return check(c, oft_job_wait(out, c, id, &opts), err);
}

int goft_event_iter_new(oft_event_iter **out, oft_client *c, const char *job_id,
                        const char *after, oft_error **err)
{
    oft_event_list_options opts = OFT_EVENT_LIST_OPTIONS_INIT;
    opts.after = after;
    opts.limit = 100;
    return check(c, oft_event_iter_new(out, c, job_id, &opts), err);
}

int goft_event_iter_next(const oft_event **out, oft_event_iter *it, oft_client *c,
                         oft_error **err)
{
    return check(c, oft_event_iter_next(out, it), err);
}

int goft_checkpoint_iter_new(oft_checkpoint_iter **out, oft_client *c, const char *job_id,
                             const char *after, oft_error **err)
{
    oft_checkpoint_list_options opts = OFT_CHECKPOINT_LIST_OPTIONS_INIT;
    opts.after = after;
    opts.limit = 100;
    return check(c, oft_checkpoint_iter_new(out, c, job_id, &opts), err);
}

int goft_checkpoint_iter_next(const oft_checkpoint **out, oft_checkpoint_iter *it,
                              oft_client *c, oft_error **err)
{
    return check(c, oft_checkpoint_iter_next(out, it), err);
}

int goft_permission_create(oft_checkpoint_permission_page **out, oft_client *c,
                           const char *checkpoint, const char *const *project_ids,
                           size_t count, oft_error **err)
{
    return check(
        c, oft_checkpoint_permission_create(out, c, checkpoint, project_ids, count), err);
}

int goft_permission_list(oft_checkpoint_permission_page **out, oft_client *c,
                         const char *checkpoint,
                         const oft_checkpoint_permission_list_options *opts,
                         oft_error **err)
{
    return check(c, oft_checkpoint_permission_list(out, c, checkpoint, opts), err);
}

int goft_permission_delete(oft_deleted **out, oft_client *c, const char *checkpoint,
                           const char *permission_id, oft_error **err)
{
    return check(c, oft_checkpoint_permission_delete(out, c, checkpoint, permission_id),
                 err);
}

int goft_file_upload(oft_file **out, oft_client *c, const char *path,
                     oft_file_upload_options *opts, uintptr_t progress_handle,
                     oft_error **err)
{
    if (progress_handle != 0) {
        opts->progress = upload_trampoline;
        opts->payload = (void *)progress_handle;
    }
    return check(c, oft_file_upload(out, c, path, opts), err);
}

int goft_file_upload_fd(oft_file **out, oft_client *c, int fd, const char *filename,
                        oft_file_upload_options *opts, uintptr_t progress_handle,
                        oft_error **err)
{
    if (progress_handle != 0) {
        opts->progress = upload_trampoline;
        opts->payload = (void *)progress_handle;
    }
    return check(c, oft_file_upload_fd(out, c, fd, filename, opts), err);
}

int goft_model_retrieve(oft_model **out, oft_client *c, const char *id, oft_error **err)
{
    return check(c, oft_model_retrieve(out, c, id), err);
}

int goft_file_wait_processed(oft_file **out, oft_client *c, const char *id, long poll_ms,
                             long timeout_ms, oft_error **err)
{
    return check(c, oft_file_wait_processed(out, c, id, poll_ms, timeout_ms), err);
}

int goft_grader_validate(oft_grader_validation **out, oft_client *c, const char *grader,
                         oft_error **err)
{
    return check(c, oft_grader_validate(out, c, grader), err);
}

int goft_grader_run(oft_grader_run_result **out, oft_client *c, const char *grader,
                    const char *model_sample, const char *item, oft_error **err)
{
    oft_grader_run_options opts = OFT_GRADER_RUN_OPTIONS_INIT;
    opts.item_json = item;
    return check(c, oft_grader_run(out, c, grader, model_sample, &opts), err);
}
