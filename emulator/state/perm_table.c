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
    EMU_VEC_FREE_ALL(&emu->state->perms, emu_perm_free);
}

json_t *emu_perm_json(const emu_perm *p)
{
    return json_pack("{s:s, s:s, s:I, s:s}", "id", p->id, "object",
                     "checkpoint.permission", "created_at", (json_int_t)p->created_at,
                     "project_id", p->project_id);
}
