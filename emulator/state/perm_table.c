/*
 * The table of checkpoint permissions: JSON, free.
 */
#include "state/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void emu_perm_free(emu_perm *p)
{
    free(p->checkpoint);
    free(p->project_id);
    free(p);
}

void emu_perms_free(oft_emu *emu)
{
    for (size_t i = 0; i < emu->state->perms.len; i++)
        emu_perm_free(emu->state->perms.items[i]);
    free(emu->state->perms.items);
    emu->state->perms.items = NULL;
    emu->state->perms.len = emu->state->perms.cap = 0;
}

json_t *emu_perm_json(const emu_perm *p)
{
    return json_pack("{s:s, s:s, s:I, s:s}", "id", p->id, "object",
                     "checkpoint.permission", "created_at", (json_int_t)p->created_at,
                     "project_id", p->project_id);
}
