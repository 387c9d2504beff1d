/*
 * The kept state's objects as JSON (persist_db.c keeps one row of each, and
 * persist.c reads a state.json of old, the whole state in one text): every
 * file, upload, job (job_store.c), fine-tuned model and permission with the
 * fields the emulator needs, not only those the API shows. Restoring checks
 * each object strictly (a corrupt state is refused, never half-loaded into
 * use) and that the bytes it names are on disk.
 */
#include "persist/persist.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The bytes of a stored file or part are in the data dir. */
static int bytes_present(oft_emu *emu, const char *id)
{
    char *path = emu_path_join(emu->data_dir, id);
    struct stat st;
    int ok = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return ok;
}

/* ---- files ---- */

static json_t *file_dump(const emu_file *f)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "id", f->id, "filename",
                     f->filename, "purpose", f->purpose, "bytes", (json_int_t)f->bytes,
                     "created_at", (json_int_t)f->created_at, "expires_at",
                     (json_int_t)f->expires_at);
}

static int file_restore(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap)
{
    const char *id, *name, *purpose;
    json_int_t bytes, created, expires;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:s, s:s, s:I, s:I, s:I}", "id", &id,
                       "filename", &name, "purpose", &purpose, "bytes", &bytes,
                       "created_at", &created, "expires_at", &expires) != 0)
        return emu_store_fail(err, cap, "files[%zu]: %s", i, je.text);
    if (!emu_store_safe_id(id))
        return emu_store_fail(err, cap, "files[%zu]: id '%s' is not a file ID", i, id);
    if (!bytes_present(emu, id))
        return emu_store_fail(err, cap, "files[%zu]: the bytes of %s are missing", i, id);
    emu_file *f = emu_file_add(emu, id, name, purpose, bytes, expires);
    if (!f)
        return emu_store_fail(err, cap, "out of memory");
    f->created_at = created;
    return 0;
}

/* ---- uploads ---- */

static const char *const upload_states[] = {"pending", "completing", "completed",
                                            "cancelled", NULL};

static json_t *upload_dump(const emu_upload *u)
{
    json_t *parts = json_array();
    for (size_t i = 0; i < u->parts.len; i++) {
        const emu_part *p = u->parts.items[i];
        json_array_append_new(parts, json_pack("{s:s, s:I, s:I}", "id", p->id, "bytes",
                                               (json_int_t)p->bytes, "created_at",
                                               (json_int_t)p->created_at));
    }
    /* A completion in progress was never acknowledged: pending again on load. */
    int st = u->status == EMU_UP_COMPLETING ? EMU_UP_PENDING : u->status;
    return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:o, s:s}", "id",
                     u->id, "filename", u->filename, "purpose", u->purpose, "mime_type",
                     u->mime_type, "bytes", (json_int_t)u->bytes, "created_at",
                     (json_int_t)u->created_at, "expires_at", (json_int_t)u->expires_at,
                     "file_expires_after", (json_int_t)u->file_expires_after, "status",
                     upload_states[st], "parts", parts, "file_id", u->file_id);
}

static int parts_restore(oft_emu *emu, emu_upload *u, json_t *parts, size_t i, char *err,
                         size_t cap)
{
    size_t k;
    json_t *o;
    json_array_foreach(parts, k, o)
    {
        const char *id;
        json_int_t bytes, created;
        json_error_t je;
        if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:I, s:I}", "id", &id, "bytes",
                           &bytes, "created_at", &created) != 0)
            return emu_store_fail(err, cap, "uploads[%zu].parts[%zu]: %s", i, k, je.text);
        if (!emu_store_safe_id(id) || !bytes_present(emu, id))
            return emu_store_fail(err, cap, "uploads[%zu].parts[%zu]: no part '%s'", i, k,
                                  id);
        emu_part *p = calloc(1, sizeof(*p));
        if (!p || emu_vec_push(&u->parts, p) != 0) {
            free(p);
            return emu_store_fail(err, cap, "out of memory");
        }
        snprintf(p->id, sizeof(p->id), "%s", id);
        p->bytes = bytes;
        p->created_at = created;
    }
    return 0;
}

static int upload_restore(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap)
{
    const char *id, *name, *purpose, *mime, *status, *file_id;
    json_int_t bytes, created, expires, file_expires;
    json_t *parts;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT,
                       "{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:o, s:s}", "id",
                       &id, "filename", &name, "purpose", &purpose, "mime_type", &mime,
                       "bytes", &bytes, "created_at", &created, "expires_at", &expires,
                       "file_expires_after", &file_expires, "status", &status, "parts",
                       &parts, "file_id", &file_id) != 0)
        return emu_store_fail(err, cap, "uploads[%zu]: %s", i, je.text);
    int st = 0;
    while (upload_states[st] && strcmp(upload_states[st], status) != 0)
        st++;
    if (!emu_store_safe_id(id) || !upload_states[st] || !json_is_array(parts) ||
        strlen(file_id) >= EMU_ID_LEN)
        return emu_store_fail(err, cap, "uploads[%zu]: bad id, status or parts", i);
    emu_upload *u = calloc(1, sizeof(*u));
    if (!u || emu_vec_push(&emu->state->uploads, u) != 0) {
        free(u);
        return emu_store_fail(err, cap, "out of memory");
    }
    snprintf(u->id, sizeof(u->id), "%s", id);
    snprintf(u->file_id, sizeof(u->file_id), "%s", file_id);
    u->filename = emu_strdup(name);
    u->purpose = emu_strdup(purpose);
    u->mime_type = emu_strdup(mime);
    u->bytes = bytes;
    u->created_at = created;
    u->expires_at = expires;
    u->file_expires_after = file_expires;
    u->status = st;
    if (!u->filename || !u->purpose || !u->mime_type)
        return emu_store_fail(err, cap, "out of memory");
    return parts_restore(emu, u, parts, i, err, cap);
}

/* ---- models and permissions ---- */

static int model_restore(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap)
{
    const char *id, *owner;
    json_int_t created;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:I, s:s}", "id", &id, "created",
                       &created, "owned_by", &owner) != 0)
        return emu_store_fail(err, cap, "models[%zu]: %s", i, je.text);
    if (strncmp(id, "ft:", 3) != 0 || emu_model_find(emu, id))
        return emu_store_fail(err, cap, "models[%zu]: '%s' is not a new fine-tuned model",
                              i, id);
    if (emu_model_add(emu, id, owner) != 0)
        return emu_store_fail(err, cap, "out of memory");
    ((emu_model *)emu->state->models.items[emu->state->models.len - 1])->created =
        created;
    return 0;
}

static int perm_restore(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap)
{
    const char *id, *ckpt, *project;
    json_int_t created;
    json_error_t je;
    if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:s, s:s, s:I}", "id", &id,
                       "checkpoint", &ckpt, "project_id", &project, "created_at",
                       &created) != 0)
        return emu_store_fail(err, cap, "permissions[%zu]: %s", i, je.text);
    if (!emu_store_safe_id(id))
        return emu_store_fail(err, cap, "permissions[%zu]: bad id", i);
    emu_perm *p = calloc(1, sizeof(*p));
    if (!p || emu_vec_push(&emu->state->perms, p) != 0) {
        free(p);
        return emu_store_fail(err, cap, "out of memory");
    }
    snprintf(p->id, sizeof(p->id), "%s", id);
    p->checkpoint = emu_strdup(ckpt);
    p->project_id = emu_strdup(project);
    p->created_at = created;
    return p->checkpoint && p->project_id ? 0 : emu_store_fail(err, cap, "out of memory");
}

/* ---- one object, by kind and ID (persist_db.c keeps them as rows) ---- */

/* Searched from the newest: the object a request just changed is near the end. */
static void *find_newest(const emu_vec *v, size_t id_offset, int is_ptr, const char *id)
{
    for (size_t i = v->len; i-- > 0;) {
        const char *base = (const char *)v->items[i] + id_offset;
        const char *s = is_ptr ? *(const char *const *)base : base;
        if (strcmp(s, id) == 0)
            return v->items[i];
    }
    return NULL;
}

json_t *emu_store_dump(oft_emu *emu, char kind, const char *id)
{
    const emu_file *f;
    const emu_upload *u;
    const emu_model *m;
    const emu_perm *p;
    switch (kind) {
        case EMU_ROW_FILE:
            f = find_newest(&emu->state->files, offsetof(emu_file, id), 0, id);
            return f ? file_dump(f) : NULL;
        case EMU_ROW_UPLOAD:
            u = find_newest(&emu->state->uploads, offsetof(emu_upload, id), 0, id);
            return u ? upload_dump(u) : NULL;
        case EMU_ROW_MODEL: /* the base models come with every emulator */
            m = find_newest(&emu->state->models, offsetof(emu_model, id), 1, id);
            return m && m->fine_tuned
                       ? json_pack("{s:s, s:I, s:s}", "id", m->id, "created",
                                   (json_int_t)m->created, "owned_by", m->owned_by)
                       : NULL;
        case EMU_ROW_PERM:
            p = find_newest(&emu->state->perms, offsetof(emu_perm, id), 0, id);
            return p ? json_pack("{s:s, s:s, s:s, s:I}", "id", p->id, "checkpoint",
                                 p->checkpoint, "project_id", p->project_id, "created_at",
                                 (json_int_t)p->created_at)
                     : NULL;
        default:
            return NULL;
    }
}

void emu_store_touch_all(oft_emu *emu)
{
    for (size_t i = 0; i < emu->state->files.len; i++)
        emu_touch(emu, EMU_ROW_FILE, ((emu_file *)emu->state->files.items[i])->id);
    for (size_t i = 0; i < emu->state->uploads.len; i++)
        emu_touch(emu, EMU_ROW_UPLOAD, ((emu_upload *)emu->state->uploads.items[i])->id);
    for (size_t i = 0; i < emu->state->models.len; i++) {
        const emu_model *m = emu->state->models.items[i];
        if (m->fine_tuned)
            emu_touch(emu, EMU_ROW_MODEL, m->id);
    }
    for (size_t i = 0; i < emu->state->perms.len; i++)
        emu_touch(emu, EMU_ROW_PERM, ((emu_perm *)emu->state->perms.items[i])->id);
}

emu_restore_fn emu_store_restorer(char kind)
{
    switch (kind) {
        case EMU_ROW_FILE:
            return file_restore;
        case EMU_ROW_UPLOAD:
            return upload_restore;
        case EMU_ROW_MODEL:
            return model_restore;
        case EMU_ROW_PERM:
            return perm_restore;
        default:
            return emu_job_restore;
    }
}

static int restore_list(oft_emu *emu, json_t *state, const char *key, emu_restore_fn fn,
                        char *err, size_t cap)
{
    json_t *list = json_object_get(state, key);
    size_t i;
    json_t *o;
    if (!json_is_array(list))
        return emu_store_fail(err, cap, "'%s' is not a list", key);
    json_array_foreach(list, i, o)
    {
        if (fn(emu, o, i, err, cap) != 0)
            return -1;
    }
    return 0;
}

int emu_store_restore(oft_emu *emu, json_t *state, char *err, size_t cap)
{
    /* Files and models first: jobs and permissions refer to them. */
    if (restore_list(emu, state, "files", file_restore, err, cap) != 0 ||
        restore_list(emu, state, "uploads", upload_restore, err, cap) != 0 ||
        restore_list(emu, state, "models", model_restore, err, cap) != 0 ||
        restore_list(emu, state, "jobs", emu_job_restore, err, cap) != 0 ||
        restore_list(emu, state, "permissions", perm_restore, err, cap) != 0)
        return -1;
    return 0;
}
