/*
 * The control API under /_emulator/ (a path the real API never uses; no key):
 * the whole state, a reset, a job advanced / failed / deleted at will, fault
 * injection and the request log (faults.c, reqlog.c). The C test hooks of
 * emulator.h do the same as the job routes here. Handlers run with the lock
 * held and every job up to now (emu_enter).
 */
#include "control/control.h"
#include "persist/persist.h"
#include "state/state.h"

#include <stdlib.h>
#include <string.h>

void emu_reset(oft_emu *emu)
{
    /* A handler working without the lock holds pointers into the state. */
    while (emu->state->unlocked_work > 0)
        emu_wait(emu, &emu->state->settled, NULL);
    emu_jobs_free(emu);
    emu_idem_free_all(emu);
    emu_uploads_free(emu, 1);
    emu_files_free(emu, 1);
    emu_perms_free(emu);
    emu_models_free(emu);
    emu_models_init(emu);
    emu_reqlog_clear(emu);
    emu->state->dirty = 1;
    emu->state->save_all = 1; /* every row goes: the next save writes the state anew */
    emu_log(emu, OFT_EMU_LOG_INFO, "state.reset", NULL,
            "state reset: every object forgotten");
}

static void control_state(oft_emu *emu, emu_resp *r)
{
    json_t *files = json_array(), *uploads = json_array(), *jobs = json_array();
    json_t *models = json_array(), *perms = json_array();
    for (size_t i = 0; i < emu->state->files.len; i++)
        json_array_append_new(files, emu_file_json(emu->state->files.items[i]));
    for (size_t i = 0; i < emu->state->uploads.len; i++)
        json_array_append_new(uploads,
                              emu_upload_json(emu, emu->state->uploads.items[i]));
    for (size_t i = 0; i < emu->state->jobs.len; i++)
        json_array_append_new(jobs, emu_job_json(emu, emu->state->jobs.items[i]));
    for (size_t i = 0; i < emu->state->models.len; i++)
        json_array_append_new(models, emu_model_json(emu->state->models.items[i]));
    for (size_t i = 0; i < emu->state->perms.len; i++) {
        emu_perm *p = emu->state->perms.items[i];
        json_t *o = emu_perm_json(p);
        /* The API's object leaves its checkpoint implicit (it is in the path). */
        json_object_set_new(o, "fine_tuned_model_checkpoint", json_string(p->checkpoint));
        json_array_append_new(perms, o);
    }
    emu_reply_json(r, 200,
                   json_pack("{s:o, s:o, s:o, s:o, s:o}", "files", files, "uploads",
                             uploads, "jobs", jobs, "models", models, "permissions",
                             perms));
}

/* Fails with a 400 naming the first key of body that is not one of keys. */
static int only_keys(emu_resp *r, json_t *body, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (!emu_one_of(k, keys))
            return emu_bad_request(r, k, "Unknown parameter: '%s'.", k);
    }
    return 0;
}

/* The stage {"to":...} asks for (absent: the next one), or a 400/409. */
static int advance_target(emu_resp *r, json_t *body, const emu_job *j, int *stage)
{
    static const char *const keys[] = {"to", NULL};
    json_t *to = json_object_get(body, "to");
    int held = j->paused || j->requeue_until;
    if (only_keys(r, body, keys) != 0)
        return -1;
    if (!to || json_is_null(to)) {
        *stage = held ? EMU_ST_RUNNING : j->stage + 1;
        return 0;
    }
    const char *s = json_string_value(to);
    if (s && strcmp(s, "queued") == 0)
        *stage = EMU_ST_QUEUED;
    else if (s && strcmp(s, "running") == 0)
        *stage = EMU_ST_RUNNING;
    else if (s && (strcmp(s, "succeeded") == 0 || strcmp(s, "end") == 0))
        *stage = EMU_ST_SUCCEEDED;
    else
        return emu_bad_request(r, "to",
                               "Invalid 'to': expected one of queued, running, "
                               "succeeded, end.");
    if (*stage < j->stage || (*stage == j->stage && !(held && *stage == EMU_ST_RUNNING)))
        return emu_reply_error(r, 409, "invalid_request_error", "to", "job_past_state",
                               "Job %s is already %s.", j->id, emu_job_status(j));
    return 0;
}

static void job_advance(emu_req *req, emu_resp *r, emu_job *j)
{
    json_t *body;
    int stage = EMU_ST_SUCCEEDED;
    if (emu_parse_optional_body(req, r, &body) != 0)
        return;
    if (advance_target(r, body, j, &stage) == 0) {
        emu_job_jump(req->emu, j, stage);
        emu_reply_json(r, 200, emu_job_json(req->emu, j));
    }
    json_decref(body);
}

static void job_fail(emu_req *req, emu_resp *r, emu_job *j)
{
    static const char *const keys[] = {"code", "message", NULL};
    json_t *body;
    if (emu_parse_optional_body(req, r, &body) != 0)
        return;
    json_t *code = json_object_get(body, "code"), *msg = json_object_get(body, "message");
    if (only_keys(r, body, keys) != 0)
        ;
    else if (code && !json_is_string(code))
        emu_bad_request(r, "code", "Invalid 'code': expected a string.");
    else if (msg && !json_is_string(msg))
        emu_bad_request(r, "message", "Invalid 'message': expected a string.");
    else {
        emu_job_fail(req->emu, j, code ? json_string_value(code) : "server_error", NULL,
                     msg ? json_string_value(msg) : "The fine-tuning job failed.");
        emu_reply_json(r, 200, emu_job_json(req->emu, j));
    }
    json_decref(body);
}

/* The job of /_emulator/jobs/{job_id}..., or NULL and a 404 in r. */
static emu_job *control_job(emu_req *req, emu_resp *r, char segs[][256])
{
    return emu_job_of(req->emu, r, segs[2]);
}

/* The job of a route, when it may still change; else NULL and an answer in r. */
static emu_job *control_job_live(emu_req *req, emu_resp *r, char segs[][256])
{
    emu_job *j = control_job(req, r, segs);
    if (j && j->stage >= EMU_ST_SUCCEEDED) {
        emu_job_already_ended(r, j);
        return NULL;
    }
    return j;
}

int emu_control_job_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = control_job(req, r, segs);
    if (!j)
        return 1;
    emu_touch(req->emu, EMU_ROW_JOB, j->id);
    emu_vec_remove_item(&req->emu->state->jobs, j);
    emu_reply_json(r, 200,
                   json_pack("{s:s, s:s, s:b}", "id", j->id, "object", "fine_tuning.job",
                             "deleted", 1));
    emu_job_free(j);
    return 1;
}

int emu_control_job_advance(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = control_job_live(req, r, segs);
    if (j)
        job_advance(req, r, j);
    return 1;
}

int emu_control_job_fail(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_job *j = control_job_live(req, r, segs);
    if (j)
        job_fail(req, r, j);
    return 1;
}

int emu_control_state(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    control_state(req->emu, r);
    return 1;
}

int emu_control_reset(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_reset(req->emu);
    emu_reply_json(r, 200, json_pack("{s:b}", "reset", 1));
    return 1;
}

/* ---- the C test hooks (emulator.h) ---- */

/* What a hook changed is saved as a request's change would be. */
static void leave_changed(oft_emu *emu)
{
    emu->state->dirty = 1;
    emu_persist_save(emu);
    emu_leave(emu);
}

int oft_emu_job_fail(oft_emu *emu, const char *job_id, const char *code,
                     const char *message)
{
    int rc = -1;
    if (!emu || !job_id)
        return -1;
    emu_enter(emu);
    emu_job *j = emu_job_find(emu, job_id);
    if (j && j->stage < EMU_ST_SUCCEEDED) {
        emu_job_fail(emu, j, code ? code : "server_error", NULL,
                     message ? message : "The fine-tuning job failed.");
        rc = 0;
    }
    leave_changed(emu);
    return rc;
}

int oft_emu_job_finish(oft_emu *emu, const char *job_id)
{
    int rc = -1;
    if (!emu || !job_id)
        return -1;
    emu_enter(emu);
    emu_job *j = emu_job_find(emu, job_id);
    if (j && j->stage < EMU_ST_SUCCEEDED) {
        emu_job_jump(emu, j, EMU_ST_SUCCEEDED);
        rc = j->stage == EMU_ST_SUCCEEDED ? 0 : -1;
    }
    leave_changed(emu);
    return rc;
}

int oft_emu_add_events(oft_emu *emu, const char *job_id, size_t n)
{
    if (!emu || !job_id)
        return -1;
    emu_enter(emu);
    emu_job *j = emu_job_find(emu, job_id);
    for (size_t i = 0; j && i < n; i++)
        emu_job_add_event(j, emu_now_wall(), "info", "message", NULL,
                          "Emulator event %zu of %zu", i + 1, n);
    leave_changed(emu);
    return j ? 0 : -1;
}
