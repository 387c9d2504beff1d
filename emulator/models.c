/* Models (base models plus the fine-tuned ones jobs create) and checkpoint permissions.
 */
#include "emu.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Base models open to fine-tuning, as the API names them. */
static const char *const base_models[] = {
    "gpt-4o-mini-2024-07-18",
    "gpt-4o-mini",
    "gpt-4o-2024-08-06",
    "gpt-4o",
    "gpt-4.1-2025-04-14",
    "gpt-4.1",
    "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-mini",
    "gpt-4.1-nano-2025-04-14",
    "gpt-4.1-nano",
    "gpt-3.5-turbo",
    "gpt-3.5-turbo-0125",
    "o4-mini-2025-04-16",
    "o4-mini",
    "babbage-002",
    "davinci-002",
};

int emu_model_add(oft_emu *emu, const char *id, const char *owned_by)
{
    emu_model *m = calloc(1, sizeof(*m));
    if (!m)
        return -1;
    m->id = emu_strdup(id);
    m->owned_by = emu_strdup(owned_by);
    m->created = emu_now_wall();
    m->fine_tuned = strncmp(id, "ft:", 3) == 0;
    if (!m->id || !m->owned_by || emu_vec_push(&emu->models, m) != 0) {
        free(m->id);
        free(m->owned_by);
        free(m);
        return -1;
    }
    return 0;
}

void emu_models_init(oft_emu *emu)
{
    for (size_t i = 0; i < sizeof(base_models) / sizeof(base_models[0]); i++) {
        const char *id = base_models[i];
        emu_model_add(emu, id,
                      strncmp(id, "gpt-3.5", 7) == 0 || strstr(id, "-002") ? "openai"
                                                                           : "system");
        ((emu_model *)emu->models.items[emu->models.len - 1])->created = 1700000000;
    }
}

emu_model *emu_model_find(oft_emu *emu, const char *id)
{
    for (size_t i = 0; i < emu->models.len; i++) {
        emu_model *m = emu->models.items[i];
        if (strcmp(m->id, id) == 0)
            return m;
    }
    return NULL;
}

static void model_free(emu_model *m)
{
    free(m->id);
    free(m->owned_by);
    free(m);
}

void emu_models_free(oft_emu *emu)
{
    for (size_t i = 0; i < emu->models.len; i++)
        model_free(emu->models.items[i]);
    free(emu->models.items);
    emu->models.items = NULL;
    emu->models.len = emu->models.cap = 0;
}

static json_t *model_json(const emu_model *m)
{
    return json_pack("{s:s, s:s, s:I, s:s}", "id", m->id, "object", "model", "created",
                     (json_int_t)m->created, "owned_by", m->owned_by);
}

int emu_route_models(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    oft_emu *emu = req->emu;
    emu_jobs_advance_all(emu);
    if (n == 1 && strcmp(req->method, "GET") == 0) {
        json_t *data = json_array();
        for (size_t i = 0; i < emu->models.len; i++)
            json_array_append_new(data, model_json(emu->models.items[i]));
        emu_reply_json(r, 200, json_pack("{s:s, s:o}", "object", "list", "data", data));
        return 1;
    }
    if (n != 2)
        return 0;
    emu_model *m = emu_model_find(emu, segs[1]);
    if (strcmp(req->method, "GET") == 0) {
        if (!m)
            return emu_not_found(r, "model", "The model '%s' does not exist", segs[1]), 1;
        emu_reply_json(r, 200, model_json(m));
        return 1;
    }
    if (strcmp(req->method, "DELETE") == 0) {
        if (!m)
            return emu_not_found(r, "model", "The model '%s' does not exist", segs[1]), 1;
        if (!m->fine_tuned) {
            emu_reply_error(r, 403, "invalid_request_error", "model",
                            "model_not_deletable",
                            "You do not have permission to delete the base model '%s'; "
                            "only fine-tuned models can be deleted.",
                            m->id);
            return 1;
        }
        json_t *res =
            json_pack("{s:s, s:s, s:b}", "id", m->id, "object", "model", "deleted", 1);
        for (size_t i = 0; i < emu->models.len; i++) {
            if (emu->models.items[i] == m) {
                emu_vec_remove(&emu->models, i);
                break;
            }
        }
        model_free(m);
        emu_reply_json(r, 200, res);
        return 1;
    }
    return 0;
}

/* ---- checkpoint permissions ---- */

static void perm_free(emu_perm *p)
{
    free(p->checkpoint);
    free(p->project_id);
    free(p);
}

void emu_perms_free(oft_emu *emu)
{
    for (size_t i = 0; i < emu->perms.len; i++)
        perm_free(emu->perms.items[i]);
    free(emu->perms.items);
    emu->perms.items = NULL;
    emu->perms.len = emu->perms.cap = 0;
}

static json_t *perm_json(const emu_perm *p)
{
    return json_pack("{s:s, s:s, s:I, s:s}", "id", p->id, "object",
                     "checkpoint.permission", "created_at", (json_int_t)p->created_at,
                     "project_id", p->project_id);
}

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
        if (!p->checkpoint || !p->project_id || emu_vec_push(&req->emu->perms, p) != 0) {
            perm_free(p);
            break;
        }
        json_array_append_new(pg.data, perm_json(p));
    }
    json_decref(body);
    emu_pager_reply(&pg, r, 1);
    return 1;
}

static int perm_list_route(emu_req *req, emu_resp *r, const char *ckpt)
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
    for (size_t k = 0; k < emu->perms.len; k++) {
        emu_perm *p = emu->perms.items[asc ? k : emu->perms.len - 1 - k];
        int keep = strcmp(p->checkpoint, ckpt) == 0 &&
                   (!project || !strcmp(p->project_id, project));
        int t = keep ? emu_pager_take(&pg, p->id) : 0;
        if (t < 0)
            break;
        if (t)
            json_array_append_new(pg.data, perm_json(p));
    }
    emu_pager_reply(&pg, r, 1);
    return 1;
}

int emu_route_permissions(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    /* fine_tuning/checkpoints/{ckpt}/permissions[/{id}] */
    if (n < 4 || n > 5 || strcmp(segs[3], "permissions") != 0)
        return 0;
    const char *ckpt = segs[2];
    int is_post = strcmp(req->method, "POST") == 0,
        is_get = strcmp(req->method, "GET") == 0;
    int is_del = strcmp(req->method, "DELETE") == 0;
    if ((n == 4 && !is_post && !is_get) || (n == 5 && !is_del))
        return 0;
    if (!emu_checkpoint_exists(req->emu, ckpt))
        return emu_not_found(r, "fine_tuned_model_checkpoint",
                             "No fine-tuned model checkpoint found with name '%s'.",
                             ckpt),
               1;
    if (n == 4)
        return is_post ? perm_create(req, r, ckpt) : perm_list_route(req, r, ckpt);
    for (size_t i = 0; i < req->emu->perms.len; i++) {
        emu_perm *p = req->emu->perms.items[i];
        if (strcmp(p->id, segs[4]) == 0 && strcmp(p->checkpoint, ckpt) == 0) {
            emu_reply_json(r, 200,
                           json_pack("{s:s, s:s, s:b}", "id", p->id, "object",
                                     "checkpoint.permission", "deleted", 1));
            emu_vec_remove(&req->emu->perms, i);
            perm_free(p);
            return 1;
        }
    }
    return emu_not_found(r, "permission_id",
                         "No checkpoint permission found with id '%s'.", segs[4]),
           1;
}
