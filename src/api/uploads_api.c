/*
 * The Uploads API (oft_upload_*: create, add part, complete, cancel) and the
 * helper that sends a large file through it as parallel parts streamed from
 * disk (for api/file_upload.c).
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/fetch.h"
#include "api/uploads_api.h"
#include "core/client_internal.h"
#include "json/mappers.h"
#include "openai_ft/uploads.h"
#include "util/md5.h"
#include "util/options.h"

/* The MD5 pass reads the file in chunks of this size: memory stays small. */
#define HASH_CHUNK (256 * 1024)

int oft_upload_create_options_init(oft_upload_create_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_upload_create_options,
                      OFT_UPLOAD_CREATE_OPTIONS_INIT, OFT_UPLOAD_CREATE_OPTIONS_VERSION,
                      sizeof(oft_upload_create_options));
}

/* POST /uploads/{id}{suffix} (or /uploads when id is NULL) and parse an Upload. */
static int upload_call(oft_upload **out, oft_client *c, const char *upload_id,
                       const char *suffix, const char *json, size_t json_len)
{
    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.json_body = json;
    req.json_len = json_len;
    void *upload = NULL;
    int rc = oft__fetch_item_at(c, &req, "upload", "/uploads", upload_id, suffix,
                                &oft__upload_spec, &upload);
    *out = upload;
    return rc;
}

static int create(oft_upload **out, oft_client *c, const oft_upload_create_options *opts)
{
    int rc = oft__check_version(c, "oft_upload_create_options", opts->version,
                                OFT_UPLOAD_CREATE_OPTIONS_VERSION);
    if (rc != OFT_OK)
        return rc;
    oft_upload_create_options o = *opts;
    if (!o.filename || !*o.filename)
        return oft__error_set(c, OFT_EINVAL, "filename: must not be empty");
    if ((rc = oft__check_utf8(c, "filename", o.filename)) != OFT_OK ||
        (rc = oft__check_utf8(c, "mime_type", o.mime_type)) != OFT_OK)
        return rc;
    if (!o.purpose)
        o.purpose = "fine-tune";
    if (!oft__upload_purpose_ok(o.purpose))
        return oft__error_set(
            c, OFT_EINVAL,
            "purpose: \"%s\" is not one of assistants, batch, fine-tune, "
            "vision (the purposes of the Uploads API)",
            o.purpose);
    if (o.bytes < 0 || o.bytes > OFT_UPLOAD_MAX_BYTES)
        return oft__error_set(c, OFT_EINVAL, "bytes: must be 0..%lld (got %lld)",
                              (long long)OFT_UPLOAD_MAX_BYTES, (long long)o.bytes);
    rc = oft__upload_check_expires(c, "expires_after_seconds", o.expires_after_seconds);
    if (rc != OFT_OK)
        return rc;
    if (!o.mime_type)
        o.mime_type = oft__upload_mime_for(o.filename);
    size_t len = 0;
    char *body = oft__upload_create_body(&o, &len);
    if (!body)
        return oft__error_set(c, OFT_ENOMEM, "upload: out of memory");
    rc = upload_call(out, c, NULL, NULL, body, len);
    oft__free(body);
    return rc;
}

int oft_upload_create(oft_upload **out, oft_client *client,
                      const oft_upload_create_options *opts)
{
    OFT__BEGIN(client, out);
    if (!opts)
        return oft__error_set(client, OFT_EINVAL, "opts: required (filename and bytes)");
    return create(out, client, opts);
}

static int check_part(oft_client *c, const char *upload_id, int64_t offset,
                      int64_t length)
{
    int rc = oft__check_id(c, "upload_id", upload_id);
    if (rc != OFT_OK)
        return rc;
    if (offset < 0)
        return oft__error_set(c, OFT_EINVAL, "offset: must not be negative (got %lld)",
                              (long long)offset);
    if (length < 1 || length > OFT_UPLOAD_PART_SIZE_DEFAULT)
        return oft__error_set(c, OFT_EINVAL, "length: a part is 1..%lld bytes (got %lld)",
                              (long long)OFT_UPLOAD_PART_SIZE_DEFAULT, (long long)length);
    return OFT_OK;
}

static int add_part(oft_upload_part **out, oft_client *c, const char *upload_id, int fd,
                    int64_t offset, int64_t length)
{
    int64_t size = 0;
    int rc = check_part(c, upload_id, offset, length);
    if (rc == OFT_OK)
        rc = oft__upload_fd_size(c, fd, "fd", &size);
    if (rc != OFT_OK)
        return rc;
    /* length is 1..64 MiB and size >= 0: size - length cannot overflow, where
     * offset + length could. */
    if (offset > size - length)
        return oft__error_set(
            c, OFT_EINVAL,
            "offset, length: %lld bytes from %lld is past the end of the file (%lld "
            "bytes)",
            (long long)length, (long long)offset, (long long)size);
    oft__form_file file = {"data", "part", NULL, fd, offset, length};
    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.form_file = &file;
    void *part = NULL;
    rc = oft__fetch_item_at(c, &req, "upload part", "/uploads", upload_id, "/parts",
                            &oft__upload_part_spec, &part);
    *out = part;
    return rc;
}

int oft_upload_add_part(oft_upload_part **out, oft_client *client, const char *upload_id,
                        int fd, int64_t offset, int64_t length)
{
    OFT__BEGIN(client, out);
    return add_part(out, client, upload_id, fd, offset, length);
}

int oft_upload_add_part_buffer(oft_upload_part **out, oft_client *client,
                               const char *upload_id, const void *data, size_t len)
{
    OFT__BEGIN(client, out);
    int rc = check_part(client, upload_id, 0, (int64_t)len);
    if (rc != OFT_OK)
        return rc;
    if (!data)
        return oft__error_set(client, OFT_EINVAL, "data: must not be NULL");
    /* The transport streams parts from a descriptor (so that a retry can
     * re-read them): the bytes go to an anonymous temporary file. */
    FILE *tmp = tmpfile();
    if (!tmp)
        return oft__error_set(client, OFT_EIO,
                              "upload part: cannot create a temporary file: %s",
                              strerror(errno));
    if (fwrite(data, 1, len, tmp) != len || fflush(tmp) != 0)
        rc = oft__error_set(client, OFT_EIO,
                            "upload part: cannot write a temporary file: %s",
                            strerror(errno));
    else
        rc = add_part(out, client, upload_id, fileno(tmp), 0, (int64_t)len);
    fclose(tmp);
    return rc;
}

static int is_md5_hex(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isxdigit((unsigned char)s[n]))
            return 0;
    return n == 32;
}

static int complete(oft_upload **out, oft_client *c, const char *upload_id,
                    const char *const *part_ids, size_t count, const char *md5_hex)
{
    int rc = oft__check_id(c, "upload_id", upload_id);
    if (rc != OFT_OK)
        return rc;
    if (count > 0 && !part_ids)
        return oft__error_set(c, OFT_EINVAL, "part_ids: NULL with a count of %zu", count);
    for (size_t i = 0; i < count; i++) {
        rc = oft__check_id(c, "part_ids", part_ids[i]);
        if (rc != OFT_OK)
            return rc;
    }
    if (md5_hex && !is_md5_hex(md5_hex))
        return oft__error_set(c, OFT_EINVAL, "md5: must be 32 hexadecimal digits");
    size_t len = 0;
    char *body = oft__upload_complete_body(part_ids, count, md5_hex, &len);
    if (!body)
        return oft__error_set(c, OFT_ENOMEM, "upload complete: out of memory");
    rc = upload_call(out, c, upload_id, "/complete", body, len);
    oft__free(body);
    return rc;
}

int oft_upload_complete(oft_upload **out, oft_client *client, const char *upload_id,
                        const char *const *part_ids, size_t part_count,
                        const char *md5_hex)
{
    OFT__BEGIN(client, out);
    return complete(out, client, upload_id, part_ids, part_count, md5_hex);
}

int oft_upload_cancel(oft_upload **out, oft_client *client, const char *upload_id)
{
    OFT__BEGIN(client, out);
    int rc = oft__check_id(client, "upload_id", upload_id);
    if (rc != OFT_OK)
        return rc;
    return upload_call(out, client, upload_id, "/cancel", NULL, 0);
}

/* ---- the large-file helper ---- */

/*
 * The MD5 of the whole file. The transport reads each part straight from the
 * descriptor with pread inside curl's read callback, in no particular order
 * across parts, so this code never sees the bytes in file order. A thread
 * therefore reads the file once, in order, with one small buffer, while the
 * parts are being sent: it overlaps the network time (the second read mostly
 * hits the page cache) instead of adding a sequential pass before the upload.
 */
typedef struct hasher {
    int fd;
    int64_t size;
    oft__md5 *md5;
    char *buf; /* HASH_CHUNK bytes */
    atomic_int stop;
    int err; /* errno of a failed read, or -1 for an MD5 failure */
    pthread_t thread;
    int started;
} hasher;

static void *hash_main(void *p)
{
    hasher *h = p;
    char *buf = h->buf;
    int64_t off = 0;
    while (off < h->size && !atomic_load(&h->stop)) {
        int64_t want = h->size - off < HASH_CHUNK ? h->size - off : HASH_CHUNK;
        ssize_t n = pread(h->fd, buf, (size_t)want, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            h->err = n < 0 ? errno : EIO; /* a file that shrank */
            break;
        }
        if (oft__md5_update(h->md5, buf, (size_t)n) != OFT_OK) {
            h->err = -1;
            break;
        }
        off += n;
    }
    return NULL;
}

static void hasher_join(hasher *h)
{
    if (h->started) {
        pthread_join(h->thread, NULL);
        h->started = 0;
    }
}

/*
 * Sets up the MD5 and the read buffer on the caller's thread, so that the
 * hashing thread calls nothing of the caller's (no allocator hook), and
 * starts hashing. OFT_OK, or the error set on c.
 */
static int hasher_start(oft_client *c, hasher *h, int fd, int64_t size,
                        const char *filename)
{
    memset(h, 0, sizeof(*h));
    h->fd = fd;
    h->size = size;
    atomic_init(&h->stop, 0);
    char why[160] = "";
    int rc = oft__md5_new(&h->md5, why, sizeof(why));
    if (rc == OFT_OK && !(h->buf = oft__malloc(HASH_CHUNK)))
        rc = OFT_ENOMEM;
    if (rc != OFT_OK)
        oft__md5_free(h->md5);
    if (rc == OFT_ENOMEM)
        return oft__error_set(c, OFT_ENOMEM, "upload: out of memory");
    if (rc != OFT_OK) /* FIPS-only or minimal OpenSSL: the Upload needs the MD5 */
        return oft__error_set(c, OFT_EINTERNAL,
                              "%s: MD5 refused by OpenSSL (%s); the Uploads API needs it",
                              filename, why);
    /* Hashing starts first: it is the longer task when the network is fast. */
    if (pthread_create(&h->thread, NULL, hash_main, h) == 0)
        h->started = 1;
    else
        hash_main(h); /* no thread: hash first, sequentially */
    return OFT_OK;
}

/* Stops and joins the hashing, and frees what it used. */
static void hasher_end(hasher *h)
{
    atomic_store(&h->stop, 1);
    hasher_join(h);
    oft__md5_free(h->md5);
    oft__free(h->buf);
}

typedef struct large {
    oft_client *c;
    const char *upload_id;
    size_t n;
    oft__request *reqs; /* one per part, sent in batches by send_parts */
    int *results;
    oft__upload_share *slots;
    oft__form_file *files;
    char **part_ids;
    oft__upload_progress agg;
} large;

/* Sends the parts listed in idx (k of them) at once; records each part id. */
static int send_parts(large *L, const size_t *idx, size_t k, size_t concurrency)
{
    oft__request *reqs = oft__calloc(k, sizeof(*reqs));
    oft__response *resps = oft__calloc(k, sizeof(*resps));
    int *results = oft__calloc(k, sizeof(*results));
    int rc = OFT_OK;
    if (!reqs || !resps || !results) {
        rc = oft__error_set(L->c, OFT_ENOMEM, "upload parts: out of memory");
        goto out;
    }
    for (size_t j = 0; j < k; j++) {
        oft__response init = OFT__RESPONSE_INIT;
        reqs[j] = L->reqs[idx[j]];
        resps[j] = init;
        results[j] = OFT_ERROR;
        /* A re-sent part counts from zero again. */
        oft__upload_share *s = &L->slots[idx[j]];
        oft__upload_progress_add(&L->agg, -s->counted);
        s->counted = 0;
    }
    rc = oft__http_send_many(L->c, reqs, resps, results, k, concurrency);
    for (size_t j = 0; j < k; j++) {
        size_t i = idx[j];
        L->results[i] = results[j];
        if (results[j] != OFT_OK)
            continue;
        void *item = NULL;
        int prc = oft__item_parse(L->c, &oft__upload_part_spec, &resps[j], &item);
        oft_upload_part *part = item;
        if (prc == OFT_OK) {
            L->part_ids[i] = OFT__MUTABLE(part->id); /* taken out of the part */
            part->id = NULL;
            oft__upload_progress_add(&L->agg, L->slots[i].length - L->slots[i].counted);
            L->slots[i].counted = L->slots[i].length;
        } else {
            L->results[i] = prc;
            if (rc == OFT_OK)
                rc = prc;
        }
        oft_upload_part_free(part);
    }
out:
    for (size_t j = 0; resps && j < k; j++)
        oft__response_dispose(&resps[j]);
    oft__free(reqs);
    oft__free(resps);
    oft__free(results);
    return rc;
}

/* Sends every part; a part that still fails after the HTTP layer's retries is
 * sent once more, unless the caller stopped or interrupted the upload. An
 * interrupt pending at that point (made after the failed transfers ended)
 * stops the call: it is spent here and the upload ends OFT_EINTERRUPTED. */
static int send_all_parts(large *L, size_t concurrency)
{
    size_t *idx = oft__calloc(L->n ? L->n : 1, sizeof(*idx));
    if (!idx)
        return oft__error_set(L->c, OFT_ENOMEM, "upload parts: out of memory");
    for (size_t i = 0; i < L->n; i++)
        idx[i] = i;
    int rc = L->n ? send_parts(L, idx, L->n, concurrency) : OFT_OK;
    int resend = rc != OFT_OK && rc != OFT_EUSER && rc != OFT_EINTERRUPTED &&
                 rc != OFT_ENOMEM && !L->agg.stopped;
    if (resend && oft__client_interrupted(L->c)) {
        rc = oft__error_set(L->c, OFT_EINTERRUPTED,
                            "upload %s: interrupted before its failed parts were sent "
                            "again (%s)",
                            L->upload_id, oft_status_str(rc));
    } else if (resend) {
        size_t k = 0;
        for (size_t i = 0; i < L->n; i++)
            if (L->results[i] != OFT_OK)
                idx[k++] = i;
        oft__log(L->c, OFT_LOG_WARN, "upload %s: sending %zu failed part(s) once more",
                 L->upload_id, k);
        rc = send_parts(L, idx, k, concurrency);
    }
    oft__free(idx);
    if (L->agg.stopped && rc != OFT_EINTERRUPTED)
        rc = oft__error_set(L->c, OFT_EUSER,
                            "upload %s: stopped by the progress callback", L->upload_id);
    return rc;
}

/* Cancels the Upload after a failure, keeping the failure as the last error. */
static void cancel_after_failure(oft_client *c, const char *upload_id)
{
    oft_error saved;
    oft__error_init(&saved);
    int copied = oft__error_copy(&saved, &c->err) == OFT_OK;
    /* No interrupt is pending here when one stopped the upload (the step it
     * stopped spent it), so the cancel goes out; a later one stops it. */
    oft__error_clear(c);
    oft_upload *u = NULL;
    if (upload_call(&u, c, upload_id, "/cancel", NULL, 0) != OFT_OK)
        oft__log(c, OFT_LOG_WARN, "upload %s: cancel failed: %s", upload_id,
                 oft_error_message(&c->err));
    oft_upload_free(u);
    if (copied)
        oft__error_adopt(c, &saved);
    else
        oft__error_reset(&saved);
}

static void large_dispose(large *L)
{
    for (size_t i = 0; L->part_ids && i < L->n; i++)
        oft__free(L->part_ids[i]);
    oft__free(L->part_ids);
    oft__free(L->reqs);
    oft__free(L->results);
    oft__free(L->slots);
    oft__free(L->files);
}

/* Sends the parts and completes; on any failure the caller cancels. */
static int parts_and_complete(oft_file **out, large *L, hasher *h, const char *filename,
                              const oft__upload_cfg *cfg, int64_t size)
{
    oft_client *c = L->c;
    size_t n = L->n;
    L->reqs = oft__calloc(n ? n : 1, sizeof(*L->reqs));
    L->results = oft__calloc(n ? n : 1, sizeof(*L->results));
    L->slots = oft__calloc(n ? n : 1, sizeof(*L->slots));
    L->files = oft__calloc(n ? n : 1, sizeof(*L->files));
    L->part_ids = oft__calloc(n ? n : 1, sizeof(*L->part_ids));
    char *path = oft__url_path("/uploads", L->upload_id, "/parts");
    int rc = OFT_OK;
    if (!L->reqs || !L->results || !L->slots || !L->files || !L->part_ids || !path) {
        rc = oft__error_set(c, OFT_ENOMEM, "upload: out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t off = (int64_t)i * cfg->part_size;
        int64_t len = size - off < cfg->part_size ? size - off : cfg->part_size;
        oft__form_file f = {"data", filename, NULL, h->fd, off, len};
        oft__request r = OFT__REQUEST_INIT;
        L->files[i] = f;
        L->slots[i].agg = &L->agg;
        L->slots[i].length = len;
        r.method = "POST";
        r.path = path;
        r.form_file = &L->files[i];
        r.progress = oft__upload_share_progress;
        r.progress_payload = &L->slots[i];
        L->reqs[i] = r;
    }
    rc = send_all_parts(L, (size_t)cfg->concurrency);
    atomic_store(&h->stop, rc != OFT_OK);
    hasher_join(h);
    if (rc != OFT_OK)
        goto out;
    char md5[33];
    if (h->err > 0) {
        rc =
            oft__error_set(c, OFT_EIO, "%s: cannot read: %s", filename, strerror(h->err));
        goto out;
    }
    if (h->err != 0 || oft__md5_final(h->md5, md5) != OFT_OK) {
        rc = oft__error_set(c, OFT_EINTERNAL, "%s: MD5: OpenSSL failed: %s", filename,
                            oft__md5_why(h->md5));
        goto out;
    }
    if (oft__upload_progress_done(&L->agg)) {
        rc = oft__error_set(c, OFT_EUSER, "upload %s: stopped by the progress callback",
                            L->upload_id);
        goto out;
    }
    oft_upload *done = NULL;
    rc = complete(&done, c, L->upload_id, (const char *const *)L->part_ids, n, md5);
    if (rc == OFT_OK && !done->file)
        rc = oft__error_set(c, OFT_EPARSE, "upload %s: completed without a file",
                            L->upload_id);
    if (rc == OFT_OK) {
        *out = OFT__MUTABLE(done->file); /* taken out of the upload */
        done->file = NULL;
    }
    oft_upload_free(done);
out:
    oft__free(path);
    return rc;
}

int oft__uploads_send_file(oft_file **out, oft_client *c, int fd, int64_t size,
                           const char *filename, const oft__upload_cfg *cfg)
{
    if (size > OFT_UPLOAD_MAX_BYTES)
        return oft__error_set(c, OFT_EINVAL,
                              "%s: %lld bytes is over the 8 GiB of an Upload", filename,
                              (long long)size);
    if (!oft__upload_purpose_ok(cfg->purpose))
        return oft__error_set(c, OFT_EINVAL,
                              "purpose: \"%s\" cannot go through the Uploads API (use "
                              "assistants, batch, fine-tune or vision)",
                              cfg->purpose);
    hasher h;
    int rc = hasher_start(c, &h, fd, size, filename);
    if (rc != OFT_OK)
        return rc;
    oft_upload_create_options co = OFT_UPLOAD_CREATE_OPTIONS_INIT;
    co.filename = filename;
    co.purpose = cfg->purpose;
    co.bytes = size;
    co.mime_type = cfg->mime_type;
    co.expires_after_seconds = cfg->expires_after_seconds;
    oft_upload *up = NULL;
    rc = create(&up, c, &co);
    if (rc == OFT_OK && !up->id)
        rc = oft__error_set(c, OFT_EPARSE, "upload: the response has no \"id\"");
    if (rc != OFT_OK) {
        hasher_end(&h);
        oft_upload_free(up);
        return rc;
    }

    large L;
    memset(&L, 0, sizeof(L));
    L.c = c;
    L.upload_id = up->id;
    L.n = (size_t)((size + cfg->part_size - 1) / cfg->part_size);
    L.agg.cb = cfg->progress;
    L.agg.payload = cfg->payload;
    L.agg.total = size;
    rc = parts_and_complete(out, &L, &h, filename, cfg, size);
    hasher_end(&h);
    if (rc != OFT_OK)
        cancel_after_failure(c, up->id);
    large_dispose(&L);
    oft_upload_free(up);
    return rc;
}
