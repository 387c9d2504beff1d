/*
 * Checkpoint permissions: granted on a checkpoint of a job
 * ("ft:...:ckpt-step-N") or on a fine-tuned model's own name ("ft:..."),
 * listed, deleted.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int perm_create(emu_req *req, emu_resp *r, const char *ckpt)
{
    json_t *body;
    if (emu_parse_body(req, r, &body) != 0)
        return 1;
    json_t *ids = json_object_get(body, "project_ids");
    size_t i;
    json_t *v;
    if (!json_is_array(ids) || json_array_size(ids) == 0) {
        json_decref(body);
        return emu_bad_request(
                   r, "project_ids",
                   "Missing required parameter: 'project_ids' (a non-empty array "
                   "of project IDs)."),
               1;
    }
    json_array_foreach(ids, i, v)
    {
        if (!json_is_string(v) || json_string_length(v) == 0) {
            json_decref(body);
            return emu_bad_request(
                       r, "project_ids",
                       "Invalid 'project_ids[%zu]': expected a non-empty string.", i),
                   1;
        }
    }
    emu_pager pg;
    emu_pager_init(&pg, NULL, LONG_MAX);
    json_array_foreach(ids, i, v)
    {
        emu_perm *p = calloc(1, sizeof(*p));
        if (!p)
            break;
        emu_random_id(p->id, sizeof(p->id), "cp_", 24);
        p->checkpoint = emu_strdup(ckpt);
        p->project_id = emu_strdup(json_string_value(v));
        p->created_at = emu_now_wall();
        if (!p->checkpoint || !p->project_id ||
            emu_vec_push(&req->emu->state->perms, p) != 0) {
            emu_perm_free(p);
            break;
        }
        emu_touch(req->emu, EMU_ROW_PERM, p->id);
        json_array_append_new(pg.data, emu_perm_json(p));
    }
    json_decref(body);
    emu_pager_reply(&pg, r, 1);
    return 1;
}

static int perm_list(emu_req *req, emu_resp *r, const char *ckpt)
{
    oft_emu *emu = req->emu;
    long limit;
    if (emu_query_limit(req, r, 10, 1, 100, &limit) != 0)
        return 1;
    const char *order = emu_query(req, "order");
    const char *project = emu_query(req, "project_id");
    const char *after = emu_query(req, "after");
    int asc = 0;
    if (order && strcmp(order, "ascending") == 0)
        asc = 1;
    else if (order && strcmp(order, "descending") != 0)
        return emu_bad_request(r, "order",
                               "Invalid 'order': expected 'ascending' or 'descending'."),
               1;
    emu_pager pg;
    emu_pager_init(&pg, after, limit);
    for (size_t k = 0; k < emu->state->perms.len; k++) {
        emu_perm *p = emu->state->perms.items[asc ? k : emu->state->perms.len - 1 - k];
        int keep = strcmp(p->checkpoint, ckpt) == 0 &&
                   (!project || !strcmp(p->project_id, project));
        int t = keep ? emu_pager_take(&pg, p->id) : 0;
        if (t < 0)
            break;
        if (t)
            json_array_append_new(pg.data, emu_perm_json(p));
    }
    emu_pager_reply(&pg, r, 1);
    return 1;
}

/* Non-zero when the route's {fine_tuned_model_checkpoint} exists, else a 404 in r. */
static int checkpoint_known(emu_req *req, emu_resp *r, const char *ckpt)
{
    if (emu_checkpoint_exists(req->emu, ckpt))
        return 1;
    emu_not_found(r, "fine_tuned_model_checkpoint",
                  "No fine-tuned model checkpoint found with name '%s'.", ckpt);
    return 0;
}

int emu_permissions_create(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    return checkpoint_known(req, r, segs[2]) ? perm_create(req, r, segs[2]) : 1;
}

int emu_permissions_list(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    return checkpoint_known(req, r, segs[2]) ? perm_list(req, r, segs[2]) : 1;
}

int emu_permissions_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    const char *ckpt = segs[2];
    if (!checkpoint_known(req, r, ckpt))
        return 1;
    for (size_t i = 0; i < req->emu->state->perms.len; i++) {
        emu_perm *p = req->emu->state->perms.items[i];
        if (strcmp(p->id, segs[4]) == 0 && strcmp(p->checkpoint, ckpt) == 0) {
            emu_reply_json(r, 200,
                           json_pack("{s:s, s:s, s:b}", "id", p->id, "object",
                                     "checkpoint.permission", "deleted", 1));
            emu_touch(req->emu, EMU_ROW_PERM, p->id);
            emu_vec_remove(&req->emu->state->perms, i);
            emu_perm_free(p);
            return 1;
        }
    }
    return emu_not_found(r, "permission_id",
                         "No checkpoint permission found with id '%s'.", segs[4]),
           1;
}
