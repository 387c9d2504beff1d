/*
 * Files (multipart upload streamed to the data dir, list, retrieve, delete,
 * content streamed from disk) and Uploads (parts on disk, completed into a
 * file in the order given, with an optional MD5 check).
 */
#include "emu.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define UPLOAD_MAX_BYTES (8LL * 1024 * 1024 * 1024)
#define EXPIRES_MIN      3600
#define EXPIRES_MAX      2592000

static const char *const file_purposes[] = {"assistants", "batch", "fine-tune", "vision",
                                            "user_data",  "evals", NULL};
static const char *const upload_purposes[] = {"assistants", "batch", "fine-tune",
                                              "vision", NULL};

static int in_list(const char *s, const char *const *list)
{
    for (; s && *list; list++) {
        if (strcmp(s, *list) == 0)
            return 1;
    }
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

emu_file *emu_file_find(oft_emu *emu, const char *id)
{
    for (size_t i = 0; i < emu->files.len; i++) {
        emu_file *f = emu->files.items[i];
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
    if (!f->filename || !f->purpose || emu_vec_push(&emu->files, f) != 0) {
        free(f->filename);
        free(f->purpose);
        free(f);
        return NULL;
    }
    return f;
}

static void file_free(emu_file *f)
{
    free(f->filename);
    free(f->purpose);
    free(f);
}

void emu_files_free(oft_emu *emu)
{
    for (size_t i = 0; i < emu->files.len; i++)
        file_free(emu->files.items[i]);
    free(emu->files.items);
    emu->files.items = NULL;
    emu->files.len = emu->files.cap = 0;
}

/* expires_after from a form or JSON: sets *seconds (0: none) or answers 400. */
static int check_expiry(emu_resp *r, const char *anchor, int has_seconds,
                        long long seconds, int64_t *out)
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
    if (!in_list(purpose, file_purposes))
        return emu_bad_request(r, "purpose",
                               "Invalid value for 'purpose': '%s'. Expected one of "
                               "assistants, batch, fine-tune, vision, user_data, evals.",
                               purpose);
    if (!form->has_file)
        return emu_bad_request(r, "file", "Missing required parameter: 'file'.");
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
    if (check_expiry(r, emu_form_value(form, "expires_after[anchor]"), secs != NULL,
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
        return emu_reply_error(r, 500, "server_error", NULL, NULL, "Out of memory.");
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
    for (size_t k = 0; k < emu->files.len; k++) {
        emu_file *f = emu->files.items[asc ? k : emu->files.len - 1 - k];
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

int emu_route_files(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    oft_emu *emu = req->emu;
    const char *m = req->method;
    if (n == 1) {
        if (strcmp(m, "POST") == 0)
            return file_create(req, r), 1;
        if (strcmp(m, "GET") == 0)
            return file_list(req, r), 1;
        return 0;
    }
    if (n > 3 || (n == 3 && strcmp(segs[2], "content") != 0))
        return 0;
    if (!(strcmp(m, "GET") == 0 || (n == 2 && strcmp(m, "DELETE") == 0)))
        return 0;
    emu_file *f = emu_file_find(emu, segs[1]);
    if (!f)
        return emu_not_found(r, "id", "No such File object: %s", segs[1]), 1;
    if (n == 3)
        return file_content(req, r, f), 1;
    if (strcmp(m, "GET") == 0) {
        emu_reply_json(r, 200, emu_file_json(f));
        return 1;
    }
    char *path = emu_path_join(emu->data_dir, f->id);
    if (path)
        unlink(path);
    free(path);
    emu_reply_json(
        r, 200,
        json_pack("{s:s, s:s, s:b}", "id", f->id, "object", "file", "deleted", 1));
    for (size_t i = 0; i < emu->files.len; i++) {
        if (emu->files.items[i] == f) {
            emu_vec_remove(&emu->files, i);
            break;
        }
    }
    file_free(f);
    return 1;
}

/* ---- uploads ---- */

static void upload_drop_parts(oft_emu *emu, emu_upload *u)
{
    for (size_t i = 0; i < u->parts.len; i++) {
        emu_part *p = u->parts.items[i];
        char *path = emu_path_join(emu->data_dir, p->id);
        if (path)
            unlink(path);
        free(path);
        free(p);
    }
    u->parts.len = 0;
}

static void upload_free(oft_emu *emu, emu_upload *u)
{
    upload_drop_parts(emu, u);
    free(u->parts.items);
    free(u->filename);
    free(u->purpose);
    free(u->mime_type);
    free(u);
}

void emu_uploads_free(oft_emu *emu)
{
    for (size_t i = 0; i < emu->uploads.len; i++)
        upload_free(emu, emu->uploads.items[i]);
    free(emu->uploads.items);
    emu->uploads.items = NULL;
    emu->uploads.len = emu->uploads.cap = 0;
}

static const char *upload_status(const emu_upload *u)
{
    if (u->status == EMU_UP_COMPLETED)
        return "completed";
    if (u->status == EMU_UP_CANCELLED)
        return "cancelled";
    return emu_now_wall() >= u->expires_at ? "expired" : "pending";
}

static json_t *upload_json(oft_emu *emu, const emu_upload *u)
{
    emu_file *f = u->file_id[0] ? emu_file_find(emu, u->file_id) : NULL;
    return json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:I, s:o}", "id", u->id,
                     "object", "upload", "bytes", (json_int_t)u->bytes, "created_at",
                     (json_int_t)u->created_at, "filename", u->filename, "purpose",
                     u->purpose, "status", upload_status(u), "expires_at",
                     (json_int_t)u->expires_at, "file",
                     f ? emu_file_json(f) : json_null());
}

static int upload_create(emu_req *req, emu_resp *r)
{
    json_t *body;
    if (emu_parse_body(req, r, &body) != 0)
        return -1;
    const char *filename = json_string_value(json_object_get(body, "filename"));
    const char *purpose = json_string_value(json_object_get(body, "purpose"));
    const char *mime = json_string_value(json_object_get(body, "mime_type"));
    json_t *bytes = json_object_get(body, "bytes");
    json_t *exp = json_object_get(body, "expires_after");
    int64_t expires = 0;
    int rc = -1;
    if (!filename || !*filename)
        emu_bad_request(r, "filename", "Missing required parameter: 'filename'.");
    else if (!purpose)
        emu_bad_request(r, "purpose", "Missing required parameter: 'purpose'.");
    else if (!in_list(purpose, upload_purposes))
        emu_bad_request(r, "purpose",
                        "Invalid value for 'purpose': '%s'. Expected one of assistants, "
                        "batch, fine-tune, vision.",
                        purpose);
    else if (!json_is_integer(bytes) || json_integer_value(bytes) < 0 ||
             json_integer_value(bytes) > UPLOAD_MAX_BYTES)
        emu_bad_request(r, "bytes",
                        "Invalid 'bytes': expected an integer between 0 and 8 GB.");
    else if (!mime || !*mime)
        emu_bad_request(r, "mime_type", "Missing required parameter: 'mime_type'.");
    else if (strcmp(purpose, "fine-tune") == 0 && strcmp(mime, "text/jsonl") != 0 &&
             strcmp(mime, "application/jsonl") != 0 &&
             strcmp(mime, "application/x-ndjson") != 0 &&
             strcmp(mime, "application/json") != 0)
        emu_bad_request(
            r, "mime_type",
            "Invalid 'mime_type': '%s' is not supported for purpose fine-tune "
            "(use text/jsonl).",
            mime);
    else if (exp && !json_is_null(exp) && !json_is_object(exp))
        emu_bad_request(r, "expires_after",
                        "Invalid 'expires_after': expected an object.");
    else if (exp && json_is_object(exp) &&
             check_expiry(r, json_string_value(json_object_get(exp, "anchor")),
                          json_is_integer(json_object_get(exp, "seconds")),
                          json_integer_value(json_object_get(exp, "seconds")),
                          &expires) != 0)
        ;
    else
        rc = 0;
    if (rc == 0) {
        emu_upload *u = calloc(1, sizeof(*u));
        if (u) {
            emu_random_id(u->id, sizeof(u->id), "upload_", 24);
            u->filename = emu_strdup(filename);
            u->purpose = emu_strdup(purpose);
            u->mime_type = emu_strdup(mime);
            u->bytes = json_integer_value(bytes);
            u->created_at = emu_now_wall();
            u->expires_at = u->created_at + 3600;
            u->file_expires_after = expires;
        }
        if (!u || !u->filename || !u->purpose || !u->mime_type ||
            emu_vec_push(&req->emu->uploads, u) != 0) {
            if (u)
                upload_free(req->emu, u);
            emu_reply_error(r, 500, "server_error", NULL, NULL, "Out of memory.");
        } else {
            emu_reply_json(r, 200, upload_json(req->emu, u));
        }
    }
    json_decref(body);
    return rc;
}

/* 0 when parts may still change, else answers 409. */
static int upload_open(emu_resp *r, const emu_upload *u)
{
    if (u->status == EMU_UP_COMPLETING)
        return emu_reply_error(r, 409, "invalid_request_error", NULL,
                               "upload_not_pending", "Upload %s is being completed.",
                               u->id);
    const char *st = upload_status(u);
    if (strcmp(st, "pending") == 0)
        return 0;
    return emu_reply_error(r, 409, "invalid_request_error", NULL, "upload_not_pending",
                           "Upload %s is already %s.", u->id, st);
}

static int upload_add_part(emu_req *req, emu_resp *r, emu_upload *u)
{
    emu_form *form = req->form;
    if (upload_open(r, u) != 0)
        return -1;
    if (!form || !form->has_file)
        return emu_bad_request(r, "data", "Missing required parameter: 'data'.");
    if (form->file_bytes > EMU_PART_MAX_BYTES)
        return emu_bad_request(r, "data",
                               "Upload part is too large: the limit is 64 MB.");
    emu_part *p = calloc(1, sizeof(*p));
    if (!p)
        return emu_reply_error(r, 500, "server_error", NULL, NULL, "Out of memory.");
    emu_random_id(p->id, sizeof(p->id), "part_", 24);
    p->bytes = form->file_bytes;
    p->created_at = emu_now_wall();
    char *dest = emu_path_join(req->emu->data_dir, p->id);
    if (!dest || rename(form->tmp_path, dest) != 0 || emu_vec_push(&u->parts, p) != 0) {
        if (dest)
            unlink(dest);
        free(dest);
        free(p);
        return emu_reply_error(r, 500, "server_error", NULL, NULL,
                               "Could not store the part.");
    }
    free(dest);
    form->tmp_path[0] = '\0';
    emu_reply_json(r, 200,
                   json_pack("{s:s, s:s, s:I, s:s}", "id", p->id, "object", "upload.part",
                             "created_at", (json_int_t)p->created_at, "upload_id",
                             u->id));
    return 0;
}

static emu_part *part_find(emu_upload *u, const char *id)
{
    for (size_t i = 0; i < u->parts.len; i++) {
        emu_part *p = u->parts.items[i];
        if (strcmp(p->id, id) == 0)
            return p;
    }
    return NULL;
}

/* Appends all of fd `in` to `out`: in the kernel when no digest is wanted. */
static int copy_fd(int in, int out, EVP_MD_CTX *md, char *buf, size_t cap)
{
    if (!md) {
        ssize_t n;
        while ((n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0)) > 0)
            ;
        if (n == 0)
            return 0;
        if (lseek(in, 0, SEEK_SET) != 0) /* not supported here: plain copy */
            return -1;
    }
    ssize_t n;
    while ((n = read(in, buf, cap)) > 0) {
        if (write(out, buf, (size_t)n) != n ||
            (md && EVP_DigestUpdate(md, buf, (size_t)n) != 1))
            return -1;
    }
    return n < 0 ? -1 : 0;
}

/* Concatenates parts into dest; with md5hex, also their MD5 as hex. 0 or -1. */
static int concat_parts(const char *data_dir, json_t *ids, const char *dest, char *md5hex)
{
    const size_t cap = 1 << 20;
    int out = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EVP_MD_CTX *md = md5hex ? EVP_MD_CTX_new() : NULL;
    char *buf = malloc(cap);
    int rc = out >= 0 && buf &&
                     (!md5hex || (md && EVP_DigestInit_ex(md, EVP_md5(), NULL) == 1))
                 ? 0
                 : -1;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        if (rc != 0)
            break;
        char *path = emu_path_join(data_dir, json_string_value(v));
        int in = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
        free(path);
        rc = in >= 0 ? copy_fd(in, out, md, buf, cap) : -1;
        if (in >= 0)
            close(in);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (rc == 0 && md && EVP_DigestFinal_ex(md, digest, &dlen) == 1) {
        for (unsigned int k = 0; k < dlen && k < 16; k++)
            snprintf(md5hex + 2 * k, 3, "%02x", digest[k]);
    } else if (md) {
        rc = -1;
    }
    free(buf);
    EVP_MD_CTX_free(md);
    if (out >= 0 && close(out) != 0)
        rc = -1;
    return rc;
}

static int upload_complete(emu_req *req, emu_resp *r, emu_upload *u)
{
    oft_emu *emu = req->emu;
    json_t *body;
    if (upload_open(r, u) != 0)
        return -1;
    if (emu_parse_body(req, r, &body) != 0)
        return -1;
    json_t *ids = json_object_get(body, "part_ids");
    json_t *md5 = json_object_get(body, "md5");
    int64_t total = 0;
    size_t i;
    json_t *v;
    int rc = 0;
    if (!json_is_array(ids) || json_array_size(ids) == 0)
        rc = emu_bad_request(
            r, "part_ids", "Missing required parameter: 'part_ids' (a non-empty array).");
    else if (md5 && !json_is_null(md5) && !json_is_string(md5))
        rc = emu_bad_request(r, "md5", "Invalid 'md5': expected a string.");
    json_array_foreach(ids, i, v)
    {
        if (rc != 0)
            break;
        emu_part *p = json_is_string(v) ? part_find(u, json_string_value(v)) : NULL;
        if (!p) {
            rc = emu_bad_request(r, "part_ids",
                                 "Invalid 'part_ids[%zu]': not a part of upload %s.", i,
                                 u->id);
            break;
        }
        for (size_t k = 0; k < i; k++) {
            if (json_equal(json_array_get(ids, k), v)) {
                rc = emu_bad_request(r, "part_ids", "Invalid 'part_ids[%zu]': duplicate.",
                                     i);
                break;
            }
        }
        total += p->bytes;
    }
    if (rc == 0 && total != u->bytes)
        rc = emu_bad_request(
            r, "bytes",
            "The parts add up to %lld bytes but the upload was created with "
            "bytes=%lld.",
            (long long)total, (long long)u->bytes);
    char id[EMU_ID_LEN];
    char *dest = NULL;
    char md5hex[33] = "";
    if (rc == 0) {
        emu_random_id(id, sizeof(id), "file-", 22);
        dest = emu_path_join(emu->data_dir, id);
        /* Gigabytes may be copied: other requests go on meanwhile, while
         * COMPLETING keeps this upload's parts from changing. */
        u->status = EMU_UP_COMPLETING;
        pthread_mutex_unlock(&emu->lock);
        rc = dest ? concat_parts(emu->data_dir, ids, dest,
                                 json_is_string(md5) ? md5hex : NULL)
                  : -1;
        pthread_mutex_lock(&emu->lock);
        u->status = EMU_UP_PENDING;
        if (rc != 0)
            rc = emu_reply_error(r, 500, "server_error", NULL, NULL,
                                 "Could not assemble the upload.");
    }
    if (rc == 0 && json_is_string(md5) && strcasecmp(json_string_value(md5), md5hex) != 0)
        rc = emu_bad_request(
            r, "md5", "The MD5 checksum %s does not match the uploaded bytes (%s).",
            json_string_value(md5), md5hex);
    emu_file *f = NULL;
    if (rc == 0) {
        f = emu_file_add(emu, id, u->filename, u->purpose, total,
                         u->file_expires_after ? emu_now_wall() + u->file_expires_after
                                               : 0);
        if (!f)
            rc = emu_reply_error(r, 500, "server_error", NULL, NULL, "Out of memory.");
    }
    if (rc != 0 && dest)
        unlink(dest);
    free(dest);
    json_decref(body);
    if (rc != 0)
        return rc;
    snprintf(u->file_id, sizeof(u->file_id), "%s", f->id);
    u->status = EMU_UP_COMPLETED;
    upload_drop_parts(emu, u);
    emu_reply_json(r, 200, upload_json(emu, u));
    return 0;
}

int emu_route_uploads(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    if (strcmp(req->method, "POST") != 0)
        return 0;
    if (n == 1)
        return upload_create(req, r), 1;
    if (n != 3)
        return 0;
    int parts = strcmp(segs[2], "parts") == 0,
        complete = strcmp(segs[2], "complete") == 0;
    int cancel = strcmp(segs[2], "cancel") == 0;
    if (!parts && !complete && !cancel)
        return 0;
    emu_upload *u = NULL;
    for (size_t i = 0; i < req->emu->uploads.len; i++) {
        emu_upload *x = req->emu->uploads.items[i];
        if (strcmp(x->id, segs[1]) == 0)
            u = x;
    }
    if (!u)
        return emu_not_found(r, "upload_id", "No such Upload object: %s", segs[1]), 1;
    if (parts)
        return upload_add_part(req, r, u), 1;
    if (complete)
        return upload_complete(req, r, u), 1;
    if (upload_open(r, u) == 0) {
        u->status = EMU_UP_CANCELLED;
        upload_drop_parts(req->emu, u);
        emu_reply_json(r, 200, upload_json(req->emu, u));
    }
    return 1;
}
