/*
 * Files: retrieve, list and iterator, delete, streamed download, and the
 * wait-for-processing helper (uploads: file_upload.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/fetch.h"
#include "json/mappers.h"
#include "util/random.h"
#include "util/options.h"

#define LIST_LIMIT_MAX 10000

int oft_file_list_options_init(oft_file_list_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_file_list_options, OFT_FILE_LIST_OPTIONS_INIT,
                      OFT_FILE_LIST_OPTIONS_VERSION, sizeof(oft_file_list_options));
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
    char *path = oft__url_path("/files", file_id, suffix);
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

/*
 * Creates a new file next to path ("path.oft-" and 12 random hex digits)
 * for the download to be renamed from. Mode 0666, so that the caller's umask
 * decides its permissions as for any file the program creates (mkstemp would
 * make it 0600, and a fixed mode ignores the umask). Sets *fd and *tmp_path
 * (owned); OFT_EIO naming path, or OFT_ENOMEM.
 */
static int create_temp(oft_client *c, const char *path, int *fd, char **tmp_path)
{
    for (int attempt = 1;; attempt++) {
        unsigned char r[6];
        if (oft__random_bytes(r, sizeof(r)) != 0) /* then from the clock */
            for (size_t i = 0; i < sizeof(r); i++)
                r[i] = (unsigned char)(oft__random_unit() * 256.0);
        oft__str name = OFT__STR_INIT;
        oft__str_printf(&name, "%s.oft-%02x%02x%02x%02x%02x%02x", path, r[0], r[1], r[2],
                        r[3], r[4], r[5]);
        if (name.oom) {
            oft__str_free(&name);
            return oft__error_set(c, OFT_ENOMEM, "download: out of memory");
        }
        *fd = open(name.ptr, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        int err = errno;
        if (*fd >= 0) {
            *tmp_path = oft__str_detach(&name);
            return OFT_OK;
        }
        oft__str_free(&name);
        if (err != EEXIST || attempt == 100)
            return oft__error_set(c, OFT_EIO, "%s: cannot create a temporary file: %s",
                                  path, strerror(err));
    }
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
    char *tmp_path = NULL;
    int fd = -1;
    if ((rc = create_temp(client, path, &fd, &tmp_path)) != OFT_OK)
        return rc;
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

/* oft_file_wait_processed's polls, the client's deadline set: no
 * retrieval, retry or pause crosses it. */
static int wait_processed(oft_file **out, oft_client *client, const char *file_id,
                          int64_t poll_interval_ms, int64_t timeout_ms, int64_t deadline)
{
    for (;;) {
        oft_file *f = NULL;
        int rc = retrieve(&f, client, file_id);
        const char *hit = oft__client_deadline_hit(client);
        if (rc != OFT_OK && hit[0] != '\0')
            return oft__error_set(
                client, OFT_ETIMEOUT,
                "waiting for file %s: deadline of %lld ms reached during "
                "a retrieval: %s",
                file_id, (long long)timeout_ms, hit);
        if (rc != OFT_OK)
            return rc; /* *out keeps the last file seen */
        oft_file_free(*out);
        *out = f;
        if (f->status == OFT_FILE_STATUS_PROCESSED ||
            f->status == OFT_FILE_STATUS_ERROR ||
            (f->status_raw && strcmp(f->status_raw, "deleted") == 0))
            return OFT_OK;
        /* As the SDKs do: the deadline is checked after each retrieval; and a
         * pause that would reach it is the last. */
        int64_t left = deadline - oft__now_ms();
        if (left > 0 && oft__client_sleep_ms(client, left < poll_interval_ms
                                                         ? left
                                                         : poll_interval_ms) != OFT_OK)
            return oft__error_set(client, OFT_EINTERRUPTED,
                                  "waiting for file %s: interrupted", file_id);
        if (left <= poll_interval_ms)
            return oft__error_set(
                client, OFT_ETIMEOUT,
                "giving up on waiting for file %s to be processed after "
                "%lld ms (status %s)",
                file_id, (long long)timeout_ms, f->status_raw ? f->status_raw : "none");
    }
}

int oft_file_wait_processed(oft_file **out, oft_client *client, const char *file_id,
                            int64_t poll_interval_ms, int64_t timeout_ms)
{
    OFT__BEGIN(client, out);
    if (poll_interval_ms < 0 || timeout_ms < 0)
        return oft__error_set(client, OFT_EINVAL,
                              "poll_interval_ms, timeout_ms: must not be negative");
    if (poll_interval_ms == 0)
        poll_interval_ms = 5000;
    if (timeout_ms == 0)
        timeout_ms = 30L * 60 * 1000;
    int64_t deadline = oft__now_ms() + timeout_ms;
    oft__client_deadline_set(client, deadline);
    int rc = wait_processed(out, client, file_id, poll_interval_ms, timeout_ms, deadline);
    oft__client_deadline_set(client, 0);
    return rc;
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
