/*
 * Files: multipart upload streamed to the data dir, list, retrieve, delete,
 * content streamed from disk.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPIRES_MIN 3600
#define EXPIRES_MAX 2592000

static const char *const file_purposes[] = {"assistants", "batch", "fine-tune", "vision",
                                            "user_data",  "evals", NULL};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int emu_check_expiry(emu_resp *r, const char *anchor, int has_seconds, long long seconds,
                     int64_t *out)
{
    *out = 0;
    if (!anchor && !has_seconds)
        return 0;
    if (!anchor || strcmp(anchor, "created_at") != 0)
        return emu_bad_request(r, "expires_after.anchor",
                               "Invalid 'expires_after.anchor': expected 'created_at'.");
    if (!has_seconds || seconds < EXPIRES_MIN || seconds > EXPIRES_MAX)
        return emu_bad_request(
            r, "expires_after.seconds",
            "Invalid 'expires_after.seconds': expected an integer between "
            "%d and %d.",
            EXPIRES_MIN, EXPIRES_MAX);
    *out = seconds;
    return 0;
}

static int file_create(emu_req *req, emu_resp *r)
{
    oft_emu *emu = req->emu;
    emu_form *form = req->form;
    if (!form)
        return emu_bad_request(r, NULL, "The request must be multipart/form-data.");
    if (form->too_big)
        return emu_bad_request(r, NULL, "A form field is longer than 4096 bytes.");
    const char *purpose = emu_form_value(form, "purpose");
    if (!purpose)
        return emu_bad_request(r, "purpose", "Missing required parameter: 'purpose'.");
    if (!emu_one_of(purpose, file_purposes))
        return emu_bad_request(r, "purpose",
                               "Invalid value for 'purpose': '%s'. Expected one of "
                               "assistants, batch, fine-tune, vision, user_data, evals.",
                               purpose);
    if (!form->has_file)
        return emu_bad_request(r, "file", "Missing required parameter: 'file'.");
    if (!emu_utf8_valid(form->filename))
        return emu_bad_request(r, "file", "Invalid 'file': its filename is not UTF-8.");
    if (strcmp(purpose, "fine-tune") == 0 && !ends_with(form->filename, ".jsonl"))
        return emu_bad_request(r, "file",
                               "Invalid file format for Fine-Tuning API. Must be .jsonl");
    if (form->file_bytes > EMU_FILE_MAX_BYTES)
        return emu_bad_request(r, "file", "File is too large: the limit is 512 MB.");
    const char *secs = emu_form_value(form, "expires_after[seconds]");
    char *end = NULL;
    long long seconds = secs ? strtoll(secs, &end, 10) : 0;
    if (secs && (end == secs || *end))
        seconds = -1;
    int64_t expires;
    if (emu_check_expiry(r, emu_form_value(form, "expires_after[anchor]"), secs != NULL,
                         seconds, &expires) != 0)
        return -1;
    if (!expires && strcmp(purpose, "batch") == 0)
        expires = 30LL * 86400;

    char id[EMU_ID_LEN];
    emu_random_id(id, sizeof(id), "file-", 22);
    char *dest = emu_path_join(emu->data_dir, id);
    if (!dest || rename(form->tmp_path, dest) != 0) {
        free(dest);
        return emu_reply_error(r, 500, "server_error", NULL, NULL,
                               "Could not store the file.");
    }
    free(dest);
    form->tmp_path[0] = '\0';
    emu_file *f = emu_file_add(emu, id, form->filename, purpose, form->file_bytes,
                               expires ? emu_now_wall() + expires : 0);
    if (!f)
        return emu_out_of_memory(r);
    emu_reply_json(r, 200, emu_file_json(f));
    return 0;
}

static int file_list(emu_req *req, emu_resp *r)
{
    oft_emu *emu = req->emu;
    long limit;
    if (emu_query_limit(req, r, 10000, 1, 10000, &limit) != 0)
        return -1;
    const char *order = emu_query(req, "order");
    const char *purpose = emu_query(req, "purpose");
    const char *after = emu_query(req, "after");
    if (order && strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
        return emu_bad_request(r, "order", "Invalid 'order': expected 'asc' or 'desc'.");
    int asc = order && strcmp(order, "asc") == 0;
    if (after && !emu_file_find(emu, after))
        return emu_bad_request(r, "after", "Invalid 'after': no file with id '%s'.",
                               after);
    emu_pager pg;
    emu_pager_init(&pg, after, limit);
    for (size_t k = 0; k < emu->state->files.len; k++) {
        emu_file *f = emu->state->files.items[asc ? k : emu->state->files.len - 1 - k];
        int t =
            !purpose || strcmp(f->purpose, purpose) == 0 ? emu_pager_take(&pg, f->id) : 0;
        if (t < 0)
            break;
        if (t)
            json_array_append_new(pg.data, emu_file_json(f));
    }
    emu_pager_reply(&pg, r, 1);
    return 0;
}

static int file_content(emu_req *req, emu_resp *r, emu_file *f)
{
    char *path = emu_path_join(req->emu->data_dir, f->id);
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    free(path);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return emu_reply_error(r, 500, "server_error", NULL, NULL,
                               "The file's bytes could not be read.");
    }
    r->status = 200;
    r->fd = fd;
    r->fd_size = (uint64_t)st.st_size;
    r->ctype = "application/octet-stream";
    snprintf(r->headers, sizeof(r->headers),
             "Content-Disposition: attachment; filename=\"%s\"\n",
             strchr(f->filename, '"') ? "file" : f->filename);
    return 0;
}

int emu_files_create(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    file_create(req, r);
    return 1;
}

int emu_files_list(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    file_list(req, r);
    return 1;
}

/* The file segs[1] names, or NULL with a 404 in r. */
static emu_file *file_of(emu_req *req, emu_resp *r, char segs[][256])
{
    emu_file *f = emu_file_find(req->emu, segs[1]);
    if (!f)
        emu_not_found(r, "id", "No such File object: %s", segs[1]);
    return f;
}

int emu_file_retrieve(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_file *f = file_of(req, r, segs);
    if (f)
        emu_reply_json(r, 200, emu_file_json(f));
    return 1;
}

int emu_file_content(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_file *f = file_of(req, r, segs);
    if (f)
        file_content(req, r, f);
    return 1;
}

int emu_file_delete(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    oft_emu *emu = req->emu;
    emu_file *f = file_of(req, r, segs);
    if (!f)
        return 1;
    emu_unlink_stored(emu, f->id);
    emu_touch(emu, EMU_ROW_FILE, f->id);
    emu_reply_json(
        r, 200,
        json_pack("{s:s, s:s, s:b}", "id", f->id, "object", "file", "deleted", 1));
    emu_vec_remove_item(&emu->state->files, f);
    emu_file_free(f);
    return 1;
}
