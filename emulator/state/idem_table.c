/*
 * The table of idempotency keys (idem.c checks a request against it): find, drop,
 * restore, free.
 */
#include "state/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void emu_idem_free(emu_idem *k)
{
    if (!k)
        return;
    free(k->key);
    free(k->body);
    free(k);
}

void emu_idem_free_all(oft_emu *emu)
{
    EMU_VEC_FREE_ALL(&emu->state->idem, emu_idem_free);
}

emu_idem *emu_idem_find(oft_emu *emu, const char *key)
{
    for (size_t i = 0; i < emu->state->idem.len; i++) {
        emu_idem *k = emu->state->idem.items[i];
        if (strcmp(k->key, key) == 0)
            return k;
    }
    return NULL;
}

void emu_idem_drop(oft_emu *emu, emu_idem *k)
{
    emu_vec_remove_item(&emu->state->idem, k);
    emu_idem_free(k);
}

int emu_idem_restore(oft_emu *emu, const char *key, const char *body, const char *job,
                     int64_t created_at)
{
    emu_idem *k = calloc(1, sizeof(*k));
    if (!k || !(k->key = emu_strdup(key)) || !(k->body = emu_strdup(body)) ||
        emu_vec_push(&emu->state->idem, k) != 0) {
        emu_idem_free(k);
        return -1;
    }
    snprintf(k->job, sizeof(k->job), "%s", job);
    k->created_at = created_at;
    k->saved = 1;
    return 0;
}
