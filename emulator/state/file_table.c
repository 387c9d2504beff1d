/*
 * The table of files: find, add (its bytes already at data_dir/<id>), JSON, free.
 */
#include "state/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

emu_file *emu_file_find(oft_emu *emu, const char *id)
{
    for (size_t i = 0; i < emu->state->files.len; i++) {
        emu_file *f = emu->state->files.items[i];
        if (strcmp(f->id, id) == 0)
            return f;
    }
    return NULL;
}

json_t *emu_file_json(const emu_file *f)
{
    json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:n}", "id", f->id,
                          "object", "file", "bytes", (json_int_t)f->bytes, "created_at",
                          (json_int_t)f->created_at, "filename", f->filename, "purpose",
                          f->purpose, "status", "processed", "status_details");
    if (o && f->expires_at)
        json_object_set_new(o, "expires_at", json_integer(f->expires_at));
    return o;
}

emu_file *emu_file_add(oft_emu *emu, const char *id, const char *filename,
                       const char *purpose, int64_t bytes, int64_t expires_at)
{
    emu_file *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    snprintf(f->id, sizeof(f->id), "%s", id);
    f->filename = emu_strdup(filename);
    f->purpose = emu_strdup(purpose);
    f->bytes = bytes;
    f->created_at = emu_now_wall();
    f->expires_at = expires_at;
    if (!f->filename || !f->purpose || emu_vec_push(&emu->state->files, f) != 0) {
        free(f->filename);
        free(f->purpose);
        free(f);
        return NULL;
    }
    emu_touch(emu, EMU_ROW_FILE, f->id);
    return f;
}

void emu_file_free(emu_file *f)
{
    free(f->filename);
    free(f->purpose);
    free(f);
}

void emu_files_free(oft_emu *emu, int unlink_bytes)
{
    for (size_t i = 0; i < emu->state->files.len; i++) {
        emu_file *f = emu->state->files.items[i];
        if (unlink_bytes)
            emu_unlink_stored(emu, f->id);
        emu_file_free(f);
    }
    emu_vec_free(&emu->state->files);
}
