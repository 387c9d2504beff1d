/*
 * The table of uploads: JSON, the parts forgotten, free.
 */
#include "state/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Forgets u's parts; with unlink_bytes, their bytes go too. */
static void forget_parts(oft_emu *emu, emu_upload *u, int unlink_bytes)
{
    for (size_t i = 0; i < u->parts.len; i++) {
        emu_part *p = u->parts.items[i];
        if (unlink_bytes)
            emu_unlink_stored(emu, p->id);
        free(p);
    }
    u->parts.len = 0;
}

void emu_upload_drop_parts(oft_emu *emu, emu_upload *u)
{
    forget_parts(emu, u, 1);
}

void emu_upload_free(oft_emu *emu, emu_upload *u, int unlink_bytes)
{
    forget_parts(emu, u, unlink_bytes);
    free(u->parts.items);
    free(u->filename);
    free(u->purpose);
    free(u->mime_type);
    free(u);
}

void emu_uploads_free(oft_emu *emu, int unlink_bytes)
{
    for (size_t i = 0; i < emu->state->uploads.len; i++)
        emu_upload_free(emu, emu->state->uploads.items[i], unlink_bytes);
    emu_vec_free(&emu->state->uploads);
}

const char *emu_upload_status(const emu_upload *u)
{
    if (u->status == EMU_UP_COMPLETED)
        return "completed";
    if (u->status == EMU_UP_CANCELLED)
        return "cancelled";
    return emu_now_wall() >= u->expires_at ? "expired" : "pending";
}

json_t *emu_upload_json(oft_emu *emu, const emu_upload *u)
{
    emu_file *f = u->file_id[0] ? emu_file_find(emu, u->file_id) : NULL;
    return json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:I, s:o}", "id", u->id,
                     "object", "upload", "bytes", (json_int_t)u->bytes, "created_at",
                     (json_int_t)u->created_at, "filename", u->filename, "purpose",
                     u->purpose, "status", emu_upload_status(u), "expires_at",
                     (json_int_t)u->expires_at, "file",
                     f ? emu_file_json(f) : json_null());
}
