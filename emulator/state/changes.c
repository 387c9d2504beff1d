/*
 * What changed since the state was last saved: the rows to write (touched)
 * and the stored bytes to unlink once a save no longer refers to them (the
 * trash). persist.c reads both when it saves.
 */
#include "state/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

void emu_touch(oft_emu *emu, char kind, const char *id)
{
    if (!emu->persist)
        return;
    size_t n = strlen(id) + 3;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%c:%s", kind, id);
    if (t && emu_vec_push(&emu->state->touched, t) == 0)
        return;
    free(t);
    emu->state->save_all = 1; /* out of memory: the next save writes every row */
}

void emu_trash(oft_emu *emu, const char *name)
{
    char *copy = emu_strdup(name);
    if (copy && emu_vec_push(&emu->state->trash, copy) == 0)
        return;
    free(copy); /* out of memory: the bytes stay behind, the state is right */
}

void emu_unlink_stored(oft_emu *emu, const char *name)
{
    if (emu->persist) {
        emu_trash(emu, name);
        return;
    }
    char *path = emu_path_join(emu->data_dir, name);
    if (path)
        unlink(path);
    free(path);
}
