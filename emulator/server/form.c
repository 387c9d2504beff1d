/*
 * Multipart bodies (POST /files, POST /uploads/{id}/parts): small fields
 * kept in memory, the file field streamed to a temporary file in the data
 * dir as it arrives (a handler renames it into place when it keeps it).
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"
#include "server/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int emu_is_multipart_route(const char *method, const char *path)
{
    if (strcmp(method, "POST") != 0)
        return 0;
    if (strcmp(path, "/files") == 0)
        return 1;
    size_t n = strlen(path);
    return strncmp(path, "/uploads/", 9) == 0 && n > 15 &&
           strcmp(path + n - 6, "/parts") == 0;
}

void emu_form_free(emu_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nfields; i++) {
        free(f->names[i]);
        free(f->values[i]);
    }
    free(f->filename);
    if (f->fd >= 0)
        close(f->fd);
    if (f->tmp_path[0])
        unlink(f->tmp_path); /* handlers rename it away when they keep it */
    free(f);
}

/* Appends a piece of the file field to its temporary file. */
static int take_file(emu_form *f, const char *filename, const char *data, size_t size)
{
    if (f->fd < 0 && !f->has_file) {
        f->fd = mkstemp(f->tmp_path);
        if (f->fd < 0) {
            f->tmp_path[0] = '\0';
            f->io_error = 1;
            return -1;
        }
        f->has_file = 1;
        f->filename = emu_strdup(filename ? filename : "");
    }
    if (f->fd < 0)
        return 0; /* a second file field: ignored */
    if (f->file_bytes + (int64_t)size > f->file_cap) {
        f->file_bytes += (int64_t)size; /* too big: the handler refuses it */
        return 0;
    }
    while (size > 0) {
        ssize_t w = write(f->fd, data, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            f->io_error = 1;
            return -1;
        }
        data += w;
        size -= (size_t)w;
        f->file_bytes += w;
    }
    return 0;
}

/* Appends a piece of a small field (delivered in pieces) to its value. */
static int take_field(emu_form *f, const char *key, const char *data, size_t size)
{
    size_t i;
    for (i = 0; i < f->nfields; i++) {
        if (strcmp(f->names[i], key) == 0)
            break;
    }
    if (i == f->nfields) {
        if (f->nfields == EMU_FORM_FIELDS)
            return 0;
        f->names[i] = emu_strdup(key);
        f->values[i] = calloc(1, 1);
        if (!f->names[i] || !f->values[i]) {
            free(f->names[i]);
            free(f->values[i]);
            return -1;
        }
        f->nfields++;
    }
    size_t old = strlen(f->values[i]);
    if (old + size > 4096) {
        f->too_big = 1;
        return 0;
    }
    char *v = realloc(f->values[i], old + size + 1);
    if (!v)
        return -1;
    memcpy(v + old, data, size);
    v[old + size] = '\0';
    f->values[i] = v;
    return 0;
}

int emu_form_add(emu_form *f, const char *key, const char *filename, const char *data,
                 size_t size)
{
    if (!key)
        return 0;
    if (strcmp(key, f->file_field) == 0)
        return take_file(f, filename, data, size);
    return take_field(f, key, data, size);
}

emu_form *emu_form_new(oft_emu *emu, const char *path)
{
    emu_form *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->fd = -1;
    int files = strcmp(path, "/files") == 0;
    f->file_field = files ? "file" : "data";
    f->file_cap = files ? EMU_FILE_MAX_BYTES : EMU_PART_MAX_BYTES;
    snprintf(f->tmp_path, sizeof(f->tmp_path), "%s/.upload-XXXXXX", emu->data_dir);
    return f;
}

static enum MHD_Result form_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *filename, const char *content_type,
                                 const char *transfer_encoding, const char *data,
                                 uint64_t off, size_t size)
{
    emu_conn *ctx = cls;
    return emu_form_add(ctx->form, key, filename, data, size) == 0 ? MHD_YES : MHD_NO;
}

void emu_form_start(oft_emu *emu, emu_conn *ctx, struct MHD_Connection *conn,
                    const char *path)
{
    ctx->form = emu_form_new(emu, path);
    if (!ctx->form)
        return;
    ctx->pp = MHD_create_post_processor(conn, 64 * 1024, form_iter, ctx);
    if (!ctx->pp)
        ctx->form_error = 1; /* not multipart/form-data with a boundary */
}
