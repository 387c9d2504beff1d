/*
 * C side of the Go binding: each goft_* wrapper makes one library call and,
 * when it fails, copies the client's last error in the same cgo call (the
 * goroutine may run on another thread by the next one). Callback payloads
 * are cgo.Handle values, never Go pointers.
 */
#ifndef GOFT_GLUE_H
#define GOFT_GLUE_H

#include <stdint.h>
#include <openai_ft.h>

/* On failure, a copy of oft_error_last(): the reason, read on the thread
 * that made the call. */
int goft_client_new(oft_client **out, oft_client_options *opts, uintptr_t log_handle,
                    oft_error **err);

int goft_job_create(oft_job **out, oft_client *c, const oft_job_create_options *opts,
                    oft_error **err);
int goft_job_retrieve(oft_job **out, oft_client *c, const char *id, oft_error **err);
int goft_job_cancel(oft_job **out, oft_client *c, const char *id, oft_error **err);
int goft_job_list(oft_job_page **out, oft_client *c, const oft_job_list_options *opts,
                  oft_error **err);
int goft_job_wait(oft_job **out, oft_client *c, const char *id, int64_t poll_ms,
                  int64_t timeout_ms, uintptr_t progress_handle, oft_error **err);

int goft_event_iter_new(oft_event_iter **out, oft_client *c, const char *job_id,
                        const char *after, oft_error **err);
int goft_event_iter_next(const oft_event **out, oft_event_iter *it, oft_client *c,
                         oft_error **err);
int goft_checkpoint_iter_new(oft_checkpoint_iter **out, oft_client *c, const char *job_id,
                             const char *after, oft_error **err);
int goft_checkpoint_iter_next(const oft_checkpoint **out, oft_checkpoint_iter *it,
                              oft_client *c, oft_error **err);

int goft_permission_create(oft_checkpoint_permission_page **out, oft_client *c,
                           const char *checkpoint, const char *const *project_ids,
                           size_t count, oft_error **err);
int goft_permission_list(oft_checkpoint_permission_page **out, oft_client *c,
                         const char *checkpoint,
                         const oft_checkpoint_permission_list_options *opts,
                         oft_error **err);
int goft_permission_delete(oft_deleted **out, oft_client *c, const char *checkpoint,
                           const char *permission_id, oft_error **err);

int goft_file_upload(oft_file **out, oft_client *c, const char *path,
                     oft_file_upload_options *opts, uintptr_t progress_handle,
                     oft_error **err);
int goft_file_upload_fd(oft_file **out, oft_client *c, int fd, const char *filename,
                        oft_file_upload_options *opts, uintptr_t progress_handle,
                        oft_error **err);
int goft_file_wait_processed(oft_file **out, oft_client *c, const char *id, long poll_ms,
                             long timeout_ms, oft_error **err);
int goft_grader_validate(oft_grader_validation **out, oft_client *c, const char *grader,
                         oft_error **err);
int goft_grader_run(oft_grader_run_result **out, oft_client *c, const char *grader,
                    const char *model_sample, const char *item, oft_error **err);
int goft_model_retrieve(oft_model **out, oft_client *c, const char *id, oft_error **err);

/* Element i of a library-owned array (cgo cannot index C arrays). */
static inline const char *goft_str_at(const char *const *a, size_t i)
{
    return a[i];
}
static inline const oft_job *goft_job_at(const oft_job *const *a, size_t i)
{
    return a[i];
}
static inline const oft_checkpoint_permission *
goft_permission_at(const oft_checkpoint_permission *const *a, size_t i)
{
    return a[i];
}
static inline const oft_model *goft_model_at(const oft_model *const *a, size_t i)
{
    return a[i];
}
static inline const oft_jsonl_problem *goft_problem_at(const oft_jsonl_problem *a,
                                                       size_t i)
{
    return &a[i];
}
static inline const oft_kv *goft_kv_at(const oft_kv *a, size_t i)
{
    return &a[i];
}

#endif
