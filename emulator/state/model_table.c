/* The table of models (base models plus the fine-tuned ones jobs create). */
#include "state/state.h"

#include <stdlib.h>
#include <string.h>

/*
 * Base models open to fine-tuning, each alias with the dated snapshot it
 * stands for (the spec's model enums list both; a job reports the snapshot).
 */
static const struct {
    const char *alias;
    const char *snapshot;
} base_models[] = {
    {"gpt-4o-mini", "gpt-4o-mini-2024-07-18"},
    {"gpt-4o", "gpt-4o-2024-08-06"},
    {"gpt-4.1", "gpt-4.1-2025-04-14"},
    {"gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"},
    {"gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"},
    {"gpt-3.5-turbo", "gpt-3.5-turbo-0125"},
    {"o4-mini", "o4-mini-2025-04-16"},
    {"babbage-002", NULL}, /* completion models: no dated snapshot */
    {"davinci-002", NULL},
};

#define N_BASE (sizeof(base_models) / sizeof(base_models[0]))

const char *emu_model_snapshot(const char *model)
{
    for (size_t i = 0; model && i < N_BASE; i++) {
        if (base_models[i].snapshot && strcmp(model, base_models[i].alias) == 0)
            return base_models[i].snapshot;
    }
    return model;
}

int emu_model_add(oft_emu *emu, const char *id, const char *owned_by)
{
    emu_model *m = calloc(1, sizeof(*m));
    if (!m)
        return -1;
    m->id = emu_strdup(id);
    m->owned_by = emu_strdup(owned_by);
    m->created = emu_now_wall();
    m->fine_tuned = strncmp(id, "ft:", 3) == 0;
    if (!m->id || !m->owned_by || emu_vec_push(&emu->state->models, m) != 0) {
        free(m->id);
        free(m->owned_by);
        free(m);
        return -1;
    }
    emu_touch(emu, EMU_ROW_MODEL, m->id);
    return 0;
}

/* OpenAI's own models are owned by "openai", the newer ones by "system". */
static void add_base(oft_emu *emu, const char *id)
{
    int legacy = strncmp(id, "gpt-3.5", 7) == 0 || strstr(id, "-002");
    if (emu_model_add(emu, id, legacy ? "openai" : "system") == 0)
        ((emu_model *)emu->state->models.items[emu->state->models.len - 1])->created =
            1700000000;
}

void emu_models_init(oft_emu *emu)
{
    for (size_t i = 0; i < N_BASE; i++) {
        if (base_models[i].snapshot)
            add_base(emu, base_models[i].snapshot);
        add_base(emu, base_models[i].alias);
    }
}

emu_model *emu_model_find(oft_emu *emu, const char *id)
{
    for (size_t i = 0; i < emu->state->models.len; i++) {
        emu_model *m = emu->state->models.items[i];
        if (strcmp(m->id, id) == 0)
            return m;
    }
    return NULL;
}

void emu_model_free(emu_model *m)
{
    free(m->id);
    free(m->owned_by);
    free(m);
}

void emu_models_free(oft_emu *emu)
{
    EMU_VEC_FREE_ALL(&emu->state->models, emu_model_free);
}

json_t *emu_model_json(const emu_model *m)
{
    return json_pack("{s:s, s:s, s:I, s:s}", "id", m->id, "object", "model", "created",
                     (json_int_t)m->created, "owned_by", m->owned_by);
}
