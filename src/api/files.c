/*
 * Files: multipart upload streamed from disk, list and iterator, retrieve,
 * delete, streamed download, and the wait-for-processing helper.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/files_internal.h"
#include "api/fetch.h"

#define EXPIRES_MIN     3600
#define EXPIRES_MAX     2592000
#define LIST_LIMIT_MAX  10000
#define CONCURRENCY_MAX 64

static const char *const file_purposes[] = {"assistants", "batch",     "fine-tune",
                                            "vision",     "user_data", "evals"};
/* The purposes POST /uploads takes: the first four. */
#define UPLOAD_PURPOSES 4

static int purpose_index(const char *purpose)
{
    for (int i = 0; i < (int)(sizeof(file_purposes) / sizeof(file_purposes[0])); i++)
        if (strcmp(purpose, file_purposes[i]) == 0)
            return i;
    return -1;
}

int oft__files_upload_purpose_ok(const char *purpose)
{
    int i = purpose_index(purpose);
    return i >= 0 && i < UPLOAD_PURPOSES;
}

int oft__files_check_expires(oft_client *c, const char *field, int64_t seconds)
{
    if (seconds != 0 && (seconds < EXPIRES_MIN || seconds > EXPIRES_MAX))
        return oft__error_set(c, OFT_EINVAL,
                              "%s: must be 0 (no expiry) or %d..%d seconds (got %lld)",
                              field, EXPIRES_MIN, EXPIRES_MAX, (long long)seconds);
    return OFT_OK;
}

const char *oft__files_mime_for(const char *filename)
{
    static const struct {
        const char *ext;
        const char *mime;
    } types[] = {
        {".jsonl", "text/jsonl"}, {".json", "application/json"}, {".txt", "text/plain"},
        {".csv", "text/csv"},     {".pdf", "application/pdf"},   {".png", "image/png"},
        {".jpg", "image/jpeg"},   {".jpeg", "image/jpeg"},       {".md", "text/markdown"},
    };
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].mime;
    return "application/octet-stream";
}

const char *oft__files_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *oft__files_path(const char *prefix, const char *id, const char *suffix)
{
    oft__str s = OFT__STR_INIT;
    oft__str_puts(&s, prefix);
    if (id) {
        oft__str_putc(&s, '/');
        oft__str_put_path_segment(&s, id);
    }
    if (suffix)
        oft__str_puts(&s, suffix);
    return oft__str_detach(&s);
}

int oft__files_fd_size(oft_client *c, int fd, const char *what, int64_t *size)
{
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return oft__error_set(c, OFT_EIO, "%s: cannot stat: %s", what,
                              fd < 0 ? "invalid descriptor" : strerror(errno));
    if (!S_ISREG(st.st_mode))
        return oft__error_set(c, OFT_EIO, "%s: not a regular file", what);
    *size = (int64_t)st.st_size;
    return OFT_OK;
}

int oft__files_progress_add(oft__files_progress *p, int64_t delta)
{
    p->sum += delta;
    if (p->stopped)
        return 1;
    int64_t v = p->sum > p->total ? p->total : p->sum;
    /* The total is reported once, by oft__files_progress_done. */
    if (p->cb && v > p->reported && v < p->total) {
        p->reported = v;
        if (p->cb(v, p->total, p->payload) != 0)
            p->stopped = 1;
    }
    return p->stopped;
}

int oft__files_progress_done(oft__files_progress *p)
{
    if (!p->stopped && p->cb && p->reported < p->total) {
        p->reported = p->total;
        if (p->cb(p->total, p->total, p->payload) != 0)
            p->stopped = 1;
    }
    return p->stopped;
}

int oft_file_upload_options_init(oft_file_upload_options *opts, unsigned int version)
{
    if (!opts)
        return OFT_EINVAL;
    if (version == 0 || version > OFT_FILE_UPLOAD_OPTIONS_VERSION)
        return OFT_EVERSION;
    oft_file_upload_options init = OFT_FILE_UPLOAD_OPTIONS_INIT;
    *opts = init;
    opts->version = version;
    return OFT_OK;
}

int oft_file_list_options_init(oft_file_list_options *opts, unsigned int version)
{
    if (!opts)
        return OFT_EINVAL;
    if (version == 0 || version > OFT_FILE_LIST_OPTIONS_VERSION)
        return OFT_EVERSION;
    oft_file_list_options init = OFT_FILE_LIST_OPTIONS_INIT;
    *opts = init;
    opts->version = version;
    return OFT_OK;
}

int oft__files_upload_resolve(oft_client *c, const oft_file_upload_options *opts,
                              oft__files_upload_cfg *cfg)
{
    oft_file_upload_options dflt = OFT_FILE_UPLOAD_OPTIONS_INIT;
    if (!opts)
        opts = &dflt;
    int rc = oft__check_version(c, "oft_file_upload_options", opts->version,
                                OFT_FILE_UPLOAD_OPTIONS_VERSION);
    if (rc != OFT_OK)
        return rc;
    cfg->purpose = opts->purpose ? opts->purpose : "fine-tune";
    if (purpose_index(cfg->purpose) < 0)
        return oft__error_set(
            c, OFT_EINVAL,
            "purpose: \"%s\" is not one of assistants, batch, fine-tune, "
            "vision, user_data, evals",
            cfg->purpose);
    rc =
        oft__files_check_expires(c, "expires_after_seconds", opts->expires_after_seconds);
    if (rc != OFT_OK)
        return rc;
    if (opts->part_size < 0 || opts->part_size > OFT_UPLOAD_PART_SIZE_DEFAULT)
        return oft__error_set(
            c, OFT_EINVAL,
            "part_size: must be 1..%lld bytes, or 0 for the default (got "
            "%lld)",
            (long long)OFT_UPLOAD_PART_SIZE_DEFAULT, (long long)opts->part_size);
    if (opts->concurrency < 0 || opts->concurrency > CONCURRENCY_MAX)
        return oft__error_set(c, OFT_EINVAL,
                              "concurrency: must be 1..%d, or 0 for the default (got %d)",
                              CONCURRENCY_MAX, opts->concurrency);
    if (opts->large_threshold < -1)
        return oft__error_set(
            c, OFT_EINVAL, "large_threshold: must be -1, 0 or a size in bytes (got %lld)",
            (long long)opts->large_threshold);
    cfg->expires_after_seconds = opts->expires_after_seconds;
    cfg->progress = opts->progress;
    cfg->payload = opts->payload;
    cfg->large_threshold = opts->large_threshold == 0 ? OFT_FILE_LARGE_THRESHOLD_DEFAULT
                           : opts->large_threshold == -1 ? OFT_FILE_MAX_BYTES
                                                         : opts->large_threshold;
    cfg->part_size = opts->part_size ? opts->part_size : OFT_UPLOAD_PART_SIZE_DEFAULT;
    cfg->concurrency = opts->concurrency ? opts->concurrency : 4;
    cfg->mime_type = opts->mime_type;
    return OFT_OK;
}

/* The HTTP layer's progress counts the whole multipart body; scale it to the file. */
typedef struct small_progress {
    oft__files_progress agg;
    int64_t last; /* the file bytes last counted for this request */
} small_progress;

static int on_small_progress(int64_t sent, int64_t total, void *payload)
{
    small_progress *sp = payload;
    int64_t v =
        total > 0 ? (int64_t)((double)sent / (double)total * (double)sp->agg.total) : 0;
    int64_t delta = v - sp->last;
    sp->last = v;
    return oft__files_progress_add(&sp->agg, delta);
}

/* POST /files, multipart, the file streamed from fd with pread. */
static int upload_small(oft_file **out, oft_client *c, int fd, int64_t size,
                        const char *filename, const oft__files_upload_cfg *cfg)
{
    char seconds[24];
    oft__form_field fields[3] = {{"purpose", cfg->purpose},
                                 {"expires_after[anchor]", "created_at"},
                                 {"expires_after[seconds]", seconds}};
    snprintf(seconds, sizeof(seconds), "%lld", (long long)cfg->expires_after_seconds);
    oft__form_file file = {"file", filename, NULL, fd, 0, size};
    small_progress sp = {{cfg->progress, cfg->payload, size, 0, 0, 0}, 0};

    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.path = "/files";
    req.form = fields;
    req.form_count = cfg->expires_after_seconds > 0 ? 3 : 1;
    req.form_file = &file;
    if (cfg->progress) {
        req.progress = on_small_progress;
        req.progress_payload = &sp;
    }
    oft__response resp = OFT__RESPONSE_INIT;
    int rc = oft__http_send(c, &req, &resp);
    if (rc == OFT_OK && oft__files_progress_done(&sp.agg))
        rc =
            oft__error_set(c, OFT_EUSER, "file upload: stopped by the progress callback");
    void *created = NULL;
    if (rc == OFT_OK)
        rc = oft__item_parse(c, &oft__file_spec, &resp, &created);
    *out = created;
    oft__response_dispose(&resp);
    return rc;
}

int oft__files_upload_prepare(oft_client *c, int fd, const char *filename,
                              const oft_file_upload_options *opts,
                              oft__files_upload_cfg *cfg, int64_t *size)
{
    int rc = oft__files_upload_resolve(c, opts, cfg);
    if (rc != OFT_OK)
        return rc;
    if (!filename || !*filename)
        return oft__error_set(c, OFT_EINVAL, "filename: must not be empty");
    return oft__files_fd_size(c, fd, filename, size);
}

/* The upload of an open descriptor once the error state is clear. */
static int upload_fd(oft_file **out, oft_client *c, int fd, const char *filename,
                     const oft_file_upload_options *opts)
{
    oft__files_upload_cfg cfg;
    int64_t size = 0;
    int rc = oft__files_upload_prepare(c, fd, filename, opts, &cfg, &size);
    if (rc != OFT_OK)
        return rc;
    int can_split = oft__files_upload_purpose_ok(cfg.purpose);
    if (size > OFT_FILE_MAX_BYTES && !can_split)
        return oft__error_set(c, OFT_EINVAL,
                              "%s: %lld bytes is over the 512 MB limit of purpose %s "
                              "(the Uploads API does not take that purpose)",
                              filename, (long long)size, cfg.purpose);
    if (can_split && size > cfg.large_threshold)
        return oft__files_upload_large_fd(out, c, fd, size, filename, &cfg);
    return upload_small(out, c, fd, size, filename, &cfg);
}

int oft_file_upload_fd(oft_file **out, oft_client *client, int fd, const char *filename,
                       const oft_file_upload_options *opts)
{
    OFT__BEGIN(client, out);
    return upload_fd(out, client, fd, filename, opts);
}

int oft__files_upload_path(oft_file **out, oft_client *client, const char *path,
                           const oft_file_upload_options *opts,
                           oft__files_upload_fd_fn upload)
{
    OFT__BEGIN(client, out);
    if (!path || !*path)
        return oft__error_set(client, OFT_EINVAL, "path: must not be empty");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return oft__error_set(client, OFT_EIO, "%s: cannot open: %s", path,
                              strerror(errno));
    /* Checked here so that the message names the path as given (the upload
     * itself only knows the base name it sends). */
    int64_t size = 0;
    int rc = oft__files_fd_size(client, fd, path, &size);
    if (rc == OFT_OK)
        rc = upload(out, client, fd, oft__files_basename(path), opts);
    close(fd);
    return rc;
}

int oft_file_upload(oft_file **out, oft_client *client, const char *path,
                    const oft_file_upload_options *opts)
{
    return oft__files_upload_path(out, client, path, opts, upload_fd);
}

/* A request on /files/{id}[suffix] (checking the ID), whose response is read
 * as one object of spec into *out, or is a download when spec is NULL. */
static int file_call(oft_client *c, const char *method, const char *file_id,
                     const char *suffix, oft__request *req, const oft__object_spec *spec,
                     void **out)
{
    int rc = oft__check_id(c, "file_id", file_id);
    if (rc != OFT_OK)
        return rc;
    char *path = oft__files_path("/files", file_id, suffix);
    if (!path)
        return oft__error_set(c, OFT_ENOMEM, "file: out of memory");
    req->method = method;
    req->path = path;
    if (spec) {
        rc = oft__fetch_item(c, req, spec, out);
    } else {
        oft__response resp = OFT__RESPONSE_INIT;
        rc = oft__http_send(c, req, &resp);
        oft__response_dispose(&resp);
    }
    oft__free(path);
    req->path = NULL;
    return rc;
}

static int retrieve(oft_file **out, oft_client *c, const char *file_id)
{
    oft__request req = OFT__REQUEST_INIT;
    void *file = NULL;
    int rc = file_call(c, "GET", file_id, NULL, &req, &oft__file_spec, &file);
    *out = file;
    return rc;
}

int oft_file_retrieve(oft_file **out, oft_client *client, const char *file_id)
{
    OFT__BEGIN(client, out);
    return retrieve(out, client, file_id);
}

int oft_file_delete(oft_deleted **out, oft_client *client, const char *file_id)
{
    OFT__BEGIN(client, out);
    oft__request req = OFT__REQUEST_INIT;
    void *res = NULL;
    int rc =
        file_call(client, "DELETE", file_id, NULL, &req, &oft__file_deleted_spec, &res);
    *out = res;
    return rc;
}

static int download_fd(oft_client *c, const char *file_id, int fd)
{
    oft__request req = OFT__REQUEST_INIT;
    req.accept = "application/binary";
    req.download_fd = fd;
    return file_call(c, "GET", file_id, "/content", &req, NULL, NULL);
}

int oft_file_download_fd(oft_client *client, const char *file_id, int fd)
{
    int rc = oft__begin(client, OFT__NO_OUT);
    if (rc != OFT_OK)
        return rc;
    if (fd < 0)
        return oft__error_set(client, OFT_EINVAL, "fd: not a valid descriptor (%d)", fd);
    return download_fd(client, file_id, fd);
}

int oft_file_download(oft_client *client, const char *file_id, const char *path)
{
    int rc = oft__begin(client, OFT__NO_OUT);
    if (rc != OFT_OK)
        return rc;
    if (!path || !*path)
        return oft__error_set(client, OFT_EINVAL, "path: must not be empty");
    rc = oft__check_id(client, "file_id", file_id);
    if (rc != OFT_OK)
        return rc;
    oft__str tmp = OFT__STR_INIT;
    oft__str_printf(&tmp, "%s.oft-XXXXXX", path);
    char *tmp_path = oft__str_detach(&tmp);
    if (!tmp_path)
        return oft__error_set(client, OFT_ENOMEM, "download: out of memory");
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        rc = oft__error_set(client, OFT_EIO, "%s: cannot create a temporary file: %s",
                            path, strerror(errno));
        oft__free(tmp_path);
        return rc;
    }
    /* mkstemp makes 0600; a download is an ordinary file. */
    (void)fchmod(fd, 0644);
    rc = download_fd(client, file_id, fd);
    if (rc == OFT_OK && fsync(fd) != 0)
        rc = oft__error_set(client, OFT_EIO, "%s: cannot write: %s", path,
                            strerror(errno));
    if (close(fd) != 0 && rc == OFT_OK)
        rc = oft__error_set(client, OFT_EIO, "%s: cannot write: %s", path,
                            strerror(errno));
    if (rc == OFT_OK && rename(tmp_path, path) != 0)
        rc = oft__error_set(client, OFT_EIO,
                            "%s: cannot rename the download into place: %s", path,
                            strerror(errno));
    if (rc != OFT_OK)
        unlink(tmp_path);
    oft__free(tmp_path);
    return rc;
}

int oft_file_wait_processed(oft_file **out, oft_client *client, const char *file_id,
                            long poll_interval_ms, long timeout_ms)
{
    OFT__BEGIN(client, out);
    if (poll_interval_ms < 0 || timeout_ms < 0)
        return oft__error_set(client, OFT_EINVAL,
                              "poll_interval_ms, timeout_ms: must not be negative");
    if (poll_interval_ms == 0)
        poll_interval_ms = 5000;
    if (timeout_ms == 0)
        timeout_ms = 30L * 60 * 1000;
    int64_t start = oft__now_ms();
    for (;;) {
        oft_file *f = NULL;
        int rc = retrieve(&f, client, file_id);
        if (rc != OFT_OK)
            return rc; /* *out keeps the last file seen */
        oft_file_free(*out);
        *out = f;
        if (f->status == OFT_FILE_STATUS_PROCESSED ||
            f->status == OFT_FILE_STATUS_ERROR ||
            (f->status_raw && strcmp(f->status_raw, "deleted") == 0))
            return OFT_OK;
        /* As the SDKs do: the deadline is checked after each retrieval. */
        if (oft__now_ms() - start >= timeout_ms)
            return oft__error_set(
                client, OFT_ETIMEOUT,
                "giving up on waiting for file %s to be processed after "
                "%ld ms (status %s)",
                file_id, timeout_ms, f->status_raw ? f->status_raw : "none");
        if (oft__client_sleep_ms(client, poll_interval_ms) != OFT_OK)
            return oft__error_set(client, OFT_EINTERRUPTED,
                                  "waiting for file %s: interrupted", file_id);
    }
}

/* ---- list and iterator ---- */

/* The fixed query of a listing (purpose, order, limit; not after), checked. */
static int list_query(oft_client *c, oft__str *q, const oft_file_list_options *o)
{
    int rc = oft__check_version(c, "oft_file_list_options", o->version,
                                OFT_FILE_LIST_OPTIONS_VERSION);
    if (rc != OFT_OK)
        return rc;
    if (o->limit < 0 || o->limit > LIST_LIMIT_MAX)
        return oft__error_set(c, OFT_EINVAL,
                              "limit: must be 1..%d, or 0 for the default (got %d)",
                              LIST_LIMIT_MAX, o->limit);
    if (o->order < OFT_FILE_ORDER_DEFAULT || o->order > OFT_FILE_ORDER_DESC)
        return oft__error_set(c, OFT_EINVAL, "order: unknown value %d", o->order);
    if (o->purpose)
        oft__str_put_query(q, "purpose", o->purpose);
    if (o->order != OFT_FILE_ORDER_DEFAULT)
        oft__str_put_query(q, "order", o->order == OFT_FILE_ORDER_ASC ? "asc" : "desc");
    if ((rc = oft__list_query(c, q, NULL, o->limit)) != OFT_OK)
        return rc;
    if (q->oom)
        return oft__error_set(c, OFT_ENOMEM, "file list: out of memory");
    return OFT_OK;
}

int oft_file_list(oft_file_page **out, oft_client *client,
                  const oft_file_list_options *opts)
{
    static const oft_file_list_options dflt = OFT_FILE_LIST_OPTIONS_INIT;
    oft__str q = OFT__STR_INIT;
    oft__list l;
    OFT__BEGIN(client, out);
    if (!opts)
        opts = &dflt;
    int rc = list_query(client, &q, opts);
    if (rc == OFT_OK)
        rc = oft__list_page(client, &oft__file_spec, 0, "/files", q.ptr, opts->after, &l);
    oft__str_free(&q);
    if (rc == OFT_OK)
        OFT__LIST_TO_PAGE(rc, client, &oft__file_spec, out, &l, oft_file_page, oft_file);
    return rc;
}

struct oft_file_iter {
    oft__iter it;
};

int oft_file_iter_new(oft_file_iter **out, oft_client *client,
                      const oft_file_list_options *opts)
{
    static const oft_file_list_options dflt = OFT_FILE_LIST_OPTIONS_INIT;
    oft__str q = OFT__STR_INIT;
    oft__iter *it = NULL;
    OFT__BEGIN(client, out);
    if (!opts)
        opts = &dflt;
    int rc = list_query(client, &q, opts);
    if (rc == OFT_OK)
        rc = oft__list_iter_new(&it, client, &oft__file_spec, 0, "/files", q.ptr,
                                opts->after);
    oft__str_free(&q);
    *out = (oft_file_iter *)it;
    return rc;
}

int oft_file_iter_next(const oft_file **out, oft_file_iter *iter)
{
    void *item = NULL;
    OFT__BEGIN(iter ? iter->it.client : NULL, out);
    int rc = oft__list_iter_next(&item, &iter->it);
    *out = item;
    return rc;
}

void oft_file_iter_free(oft_file_iter *iter)
{
    if (iter)
        oft__list_iter_free(&iter->it);
}
