/*
 * Uploads: parts streamed to the data dir, completed into a file in the
 * order given (with an optional MD5 check), cancelled.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define UPLOAD_MAX_BYTES (8LL * 1024 * 1024 * 1024)

static const char *const upload_purposes[] = {"assistants", "batch", "fine-tune",
                                              "vision", NULL};

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
    else if (!emu_one_of(purpose, upload_purposes))
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
             emu_check_expiry(r, json_string_value(json_object_get(exp, "anchor")),
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
            emu_vec_push(&req->emu->state->uploads, u) != 0) {
            if (u)
                emu_upload_free(req->emu, u, 1);
            emu_out_of_memory(r);
        } else {
            emu_touch(req->emu, EMU_ROW_UPLOAD, u->id);
            emu_reply_json(r, 200, emu_upload_json(req->emu, u));
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
    const char *st = emu_upload_status(u);
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
        return emu_out_of_memory(r);
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

/* Concatenates parts into dest (durably when asked); with md5hex, also their MD5
 * as hex. 0 or -1. */
static int concat_parts(const char *data_dir, json_t *ids, const char *dest, char *md5hex,
                        int durable)
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
    if (rc == 0 && durable && fsync(out) != 0)
        rc = -1;
    if (out >= 0 && close(out) != 0)
        rc = -1;
    return rc;
}

/* part_ids of a completion: parts of u, each once, adding up to u->bytes. */
static int check_part_ids(emu_resp *r, emu_upload *u, json_t *ids)
{
    int64_t total = 0;
    size_t i;
    json_t *v;
    if (!json_is_array(ids) || json_array_size(ids) == 0)
        return emu_bad_request(
            r, "part_ids", "Missing required parameter: 'part_ids' (a non-empty array).");
    json_array_foreach(ids, i, v)
    {
        emu_part *p = json_is_string(v) ? part_find(u, json_string_value(v)) : NULL;
        if (!p)
            return emu_bad_request(r, "part_ids",
                                   "Invalid 'part_ids[%zu]': not a part of upload %s.", i,
                                   u->id);
        for (size_t k = 0; k < i; k++) {
            if (json_equal(json_array_get(ids, k), v))
                return emu_bad_request(r, "part_ids",
                                       "Invalid 'part_ids[%zu]': duplicate.", i);
        }
        total += p->bytes;
    }
    if (total != u->bytes)
        return emu_bad_request(
            r, "bytes",
            "The parts add up to %lld bytes but the upload was created with "
            "bytes=%lld.",
            (long long)total, (long long)u->bytes);
    return 0;
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
    int64_t total = u->bytes;
    int rc = 0;
    if (md5 && !json_is_null(md5) && !json_is_string(md5))
        rc = emu_bad_request(r, "md5", "Invalid 'md5': expected a string.");
    else
        rc = check_part_ids(r, u, ids);
    char id[EMU_ID_LEN];
    char *dest = NULL;
    char md5hex[33] = "";
    if (rc == 0) {
        emu_random_id(id, sizeof(id), "file-", 22);
        dest = emu_path_join(emu->data_dir, id);
        /* Gigabytes may be copied: other requests go on meanwhile, while
         * COMPLETING keeps this upload's parts from changing. */
        u->status = EMU_UP_COMPLETING;
        emu_unlock_for_work(emu);
        rc = dest ? concat_parts(emu->data_dir, ids, dest,
                                 json_is_string(md5) ? md5hex : NULL, emu->persist)
                  : -1;
        emu_relock_after_work(emu);
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
            rc = emu_out_of_memory(r);
    }
    if (rc != 0 && dest)
        unlink(dest);
    free(dest);
    json_decref(body);
    if (rc != 0)
        return rc;
    snprintf(u->file_id, sizeof(u->file_id), "%s", f->id);
    u->status = EMU_UP_COMPLETED;
    emu_upload_drop_parts(emu, u);
    emu_reply_json(r, 200, emu_upload_json(emu, u));
    return 0;
}

/* The upload of a route's {upload_id}, or NULL and a 404 in r. */
static emu_upload *upload_of(emu_req *req, emu_resp *r, char segs[][256])
{
    for (size_t i = 0; i < req->emu->state->uploads.len; i++) {
        emu_upload *x = req->emu->state->uploads.items[i];
        if (strcmp(x->id, segs[1]) == 0)
            return x;
    }
    emu_not_found(r, "upload_id", "No such Upload object: %s", segs[1]);
    return NULL;
}

/* After a change: a completion lets go of the lock, and a save by another
 * request meanwhile must not take the touch with it. */
static int upload_changed(emu_req *req, emu_upload *u)
{
    emu_touch(req->emu, EMU_ROW_UPLOAD, u->id);
    return 1;
}

int emu_uploads_create(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    upload_create(req, r);
    return 1;
}

int emu_uploads_add_part(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_upload *u = upload_of(req, r, segs);
    if (!u)
        return 1;
    upload_add_part(req, r, u);
    return upload_changed(req, u);
}

int emu_uploads_complete(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_upload *u = upload_of(req, r, segs);
    if (!u)
        return 1;
    upload_complete(req, r, u);
    return upload_changed(req, u);
}

int emu_uploads_cancel(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_upload *u = upload_of(req, r, segs);
    if (!u)
        return 1;
    if (upload_open(r, u) == 0) {
        u->status = EMU_UP_CANCELLED;
        emu_upload_drop_parts(req->emu, u);
        emu_reply_json(r, 200, emu_upload_json(req->emu, u));
    }
    return upload_changed(req, u);
}
