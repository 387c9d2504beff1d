/*
 * The state as JSON for the data dir (persist.c writes and reads it): every
 * file, upload, job (job_store.c), fine-tuned model and permission with the
 * fields the emulator needs, not only those the API shows. Restoring checks
 * each object strictly (a corrupt state is refused, never half-loaded into
 * use) and that the bytes it names are on disk.
 */
#include "job.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int emu_store_fail(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return -1;
}

int emu_store_safe_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n >= EMU_ID_LEN)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

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
    if (!u || emu_vec_push(&emu->uploads, u) != 0) {
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
    ((emu_model *)emu->models.items[emu->models.len - 1])->created = created;
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
    if (!p || emu_vec_push(&emu->perms, p) != 0) {
        free(p);
        return emu_store_fail(err, cap, "out of memory");
    }
    snprintf(p->id, sizeof(p->id), "%s", id);
    p->checkpoint = emu_strdup(ckpt);
    p->project_id = emu_strdup(project);
    p->created_at = created;
    return p->checkpoint && p->project_id ? 0 : emu_store_fail(err, cap, "out of memory");
}

/* ---- the whole state ---- */

/* The job's JSON text (malloc'd in *fresh, or the one an ended job keeps:
 * an ended job does not change, and most of a state's bytes are ended jobs). */
static const char *job_text(emu_job *j, char **fresh)
{
    *fresh = NULL;
    if (j->stored)
        return j->stored;
    json_t *o = emu_job_dump(j);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (text && j->stage >= EMU_ST_SUCCEEDED)
        return j->stored = text;
    return *fresh = text;
}

/* Appends the jobs' texts to the state's text, whose "jobs" list comes last. */
static char *with_jobs(oft_emu *emu, char *head)
{
    static const char tail[] = "\"jobs\":[]}";
    size_t len = strlen(head), cut = len - (sizeof(tail) - 1) + 8; /* after "jobs":[ */
    if (len < sizeof(tail) - 1 || strcmp(head + len - (sizeof(tail) - 1), tail) != 0)
        return free(head), NULL;
    FILE *out;
    char *text = NULL;
    size_t size = 0;
    if (!(out = open_memstream(&text, &size)))
        return free(head), NULL;
    fwrite(head, 1, cut, out);
    int ok = 1;
    for (size_t i = 0; i < emu->jobs.len && ok; i++) {
        char *fresh;
        const char *t = job_text(emu->jobs.items[i], &fresh);
        ok = t && fprintf(out, "%s%s", i ? "," : "", t) >= 0;
        free(fresh);
    }
    fputs("]}", out);
    ok = fclose(out) == 0 && ok;
    free(head);
    if (!ok)
        return free(text), NULL;
    return text;
}

char *emu_store_text(oft_emu *emu)
{
    json_t *files = json_array(), *uploads = json_array();
    json_t *models = json_array(), *perms = json_array();
    for (size_t i = 0; i < emu->files.len; i++)
        json_array_append_new(files, file_dump(emu->files.items[i]));
    for (size_t i = 0; i < emu->uploads.len; i++)
        json_array_append_new(uploads, upload_dump(emu->uploads.items[i]));
    for (size_t i = 0; i < emu->models.len; i++) {
        const emu_model *m = emu->models.items[i];
        if (m->fine_tuned) /* the base models come with every emulator */
            json_array_append_new(models, json_pack("{s:s, s:I, s:s}", "id", m->id,
                                                    "created", (json_int_t)m->created,
                                                    "owned_by", m->owned_by));
    }
    for (size_t i = 0; i < emu->perms.len; i++) {
        const emu_perm *p = emu->perms.items[i];
        json_array_append_new(perms,
                              json_pack("{s:s, s:s, s:s, s:I}", "id", p->id, "checkpoint",
                                        p->checkpoint, "project_id", p->project_id,
                                        "created_at", (json_int_t)p->created_at));
    }
    /* "jobs" last and empty here: with_jobs puts their texts in. */
    json_t *st = json_pack("{s:s, s:i, s:I, s:o, s:o, s:o, s:o, s:[]}", "format",
                           EMU_STATE_FORMAT, "version", EMU_STATE_VERSION, "saved_at",
                           (json_int_t)emu_now_wall(), "files", files, "uploads", uploads,
                           "models", models, "permissions", perms, "jobs");
    char *head = st ? json_dumps(st, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(st);
    return head ? with_jobs(emu, head) : NULL;
}

typedef int (*restore_fn)(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap);

static int restore_list(oft_emu *emu, json_t *state, const char *key, restore_fn fn,
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
