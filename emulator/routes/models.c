/* The models API: list, retrieve, delete a fine-tuned model. */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <string.h>

int emu_models_list(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    oft_emu *emu = req->emu;
    json_t *data = json_array();
    for (size_t i = 0; i < emu->state->models.len; i++)
        json_array_append_new(data, emu_model_json(emu->state->models.items[i]));
    emu_reply_json(r, 200, json_pack("{s:s, s:o}", "object", "list", "data", data));
    return 1;
}

int emu_model_retrieve(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_model *m = emu_model_find(req->emu, segs[1]);
    if (!m)
        return emu_not_found(r, "model", "The model '%s' does not exist", segs[1]), 1;
    emu_reply_json(r, 200, emu_model_json(m));
    return 1;
}

int emu_model_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    oft_emu *emu = req->emu;
    emu_model *m = emu_model_find(emu, segs[1]);
    if (!m)
        return emu_not_found(r, "model", "The model '%s' does not exist", segs[1]), 1;
    if (!m->fine_tuned) {
        emu_reply_error(r, 403, "invalid_request_error", "model", "model_not_deletable",
                        "You do not have permission to delete the base model '%s'; "
                        "only fine-tuned models can be deleted.",
                        m->id);
        return 1;
    }
    json_t *res =
        json_pack("{s:s, s:s, s:b}", "id", m->id, "object", "model", "deleted", 1);
    emu_touch(emu, EMU_ROW_MODEL, m->id);
    emu_vec_remove_item(&emu->state->models, m);
    emu_model_free(m);
    emu_reply_json(r, 200, res);
    return 1;
}
