/*
 * The route table: every request the emulator answers, as method + path
 * pattern + handler, so that a route is found by searching for its path.
 * API paths are written as the API reference writes them, after /v1; a
 * {name} stands for one path segment (decoded, so an encoded '/' stays in
 * it). The control API's paths (under /_emulator/) match only control
 * requests. A request that no row matches is answered 404 (dispatch.c).
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <string.h>

static const emu_route routes[] = {
    /* files */
    {"POST", "/files", emu_files_create, 0},
    {"GET", "/files", emu_files_list, 0},
    {"GET", "/files/{file_id}", emu_file_retrieve, 0},
    {"DELETE", "/files/{file_id}", emu_file_delete, 0},
    {"GET", "/files/{file_id}/content", emu_file_content, 0},
    /* uploads */
    {"POST", "/uploads", emu_uploads_create, 0},
    {"POST", "/uploads/{upload_id}/parts", emu_uploads_add_part, 0},
    {"POST", "/uploads/{upload_id}/complete", emu_uploads_complete, 0},
    {"POST", "/uploads/{upload_id}/cancel", emu_uploads_cancel, 0},
    /* models */
    {"GET", "/models", emu_models_list, 0},
    {"GET", "/models/{model}", emu_model_retrieve, 0},
    {"DELETE", "/models/{model}", emu_model_delete, 0},
    /* fine-tuning jobs */
    {"POST", "/fine_tuning/jobs", emu_jobs_create, 0},
    {"GET", "/fine_tuning/jobs", emu_jobs_list, 0},
    {"GET", "/fine_tuning/jobs/{fine_tuning_job_id}", emu_jobs_retrieve, 0},
    {"POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel", emu_jobs_cancel, 0},
    {"POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause", emu_jobs_pause, 0},
    {"POST", "/fine_tuning/jobs/{fine_tuning_job_id}/resume", emu_jobs_resume, 0},
    {"GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events", emu_jobs_events, 0},
    {"GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints", emu_jobs_checkpoints,
     0},
    /* checkpoint permissions */
    {"POST", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
     emu_permissions_create, 0},
    {"GET", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
     emu_permissions_list, 0},
    {"DELETE",
     "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}",
     emu_permissions_delete, 0},
    /* graders */
    {"POST", "/fine_tuning/alpha/graders/run", emu_graders_run, 0},
    {"POST", "/fine_tuning/alpha/graders/validate", emu_graders_validate, 0},
    /* the control API */
    {"GET", "/_emulator/state", emu_control_state, 1},
    {"POST", "/_emulator/reset", emu_control_reset, 1},
    {"GET", "/_emulator/faults", emu_faults_get, 1},
    {"POST", "/_emulator/faults", emu_faults_set, 1},
    {"GET", "/_emulator/requests", emu_requests_list, 1},
    {"DELETE", "/_emulator/requests", emu_requests_clear, 1},
    {"DELETE", "/_emulator/jobs/{job_id}", emu_control_job_delete, 1},
    {"POST", "/_emulator/jobs/{job_id}/advance", emu_control_job_advance, 1},
    {"POST", "/_emulator/jobs/{job_id}/fail", emu_control_job_fail, 1},
};

/* Non-zero when the pattern's segments match segs[0..n). */
static int path_matches(const char *pattern, char segs[][256], size_t n)
{
    size_t i = 0;
    const char *p = pattern;
    while (*p == '/') {
        p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (i >= n)
            return 0;
        int wildcard = len >= 2 && p[0] == '{' && p[len - 1] == '}';
        if (!wildcard && (strlen(segs[i]) != len || memcmp(segs[i], p, len) != 0))
            return 0;
        i++;
        p += len;
    }
    return i == n;
}

const emu_route *emu_route_find(const char *method, char segs[][256], size_t n,
                                int control)
{
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        const emu_route *rt = &routes[i];
        if (rt->control == control && strcmp(rt->method, method) == 0 &&
            path_matches(rt->path, segs, n))
            return rt;
    }
    return NULL;
}
