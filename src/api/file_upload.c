/*
 * Uploading a file (oft_file_upload*): one multipart POST /files streamed
 * from disk, or, for a large file, the Uploads API in parallel parts
 * (api/uploads_api.c), for a path or an open descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/fetch.h"
#include "api/upload_common.h"
#include "api/uploads_api.h"
#include "json/mappers.h"
#include "openai_ft/uploads.h"

/* POST /files, multipart, the file streamed from fd with pread. */
static int post_file(oft_file **out, oft_client *c, int fd, int64_t size,
                     const char *filename, const oft__upload_cfg *cfg)
{
    char seconds[24];
    oft__form_field fields[3] = {{"purpose", cfg->purpose},
                                 {"expires_after[anchor]", "created_at"},
                                 {"expires_after[seconds]", seconds}};
    snprintf(seconds, sizeof(seconds), "%lld", (long long)cfg->expires_after_seconds);
    oft__form_file file = {"file", filename, NULL, fd, 0, size};
    oft__upload_progress agg = {cfg->progress, cfg->payload, size, 0, 0, 0};
    oft__upload_share share = {&agg, size, 0};

    oft__request req = OFT__REQUEST_INIT;
    req.method = "POST";
    req.path = "/files";
    req.form = fields;
    req.form_count = cfg->expires_after_seconds > 0 ? 3 : 1;
    req.form_file = &file;
    if (cfg->progress) {
        req.progress = oft__upload_share_progress;
        req.progress_payload = &share;
    }
    oft__response resp = OFT__RESPONSE_INIT;
    int rc = oft__http_send(c, &req, &resp);
    if (rc == OFT_OK && oft__upload_progress_done(&agg))
        rc =
            oft__error_set(c, OFT_EUSER, "file upload: stopped by the progress callback");
    void *created = NULL;
    if (rc == OFT_OK)
        rc = oft__item_parse(c, &oft__file_spec, &resp, &created);
    *out = created;
    oft__response_dispose(&resp);
    return rc;
}

/* Above cfg->large_threshold a file goes through the Uploads API when its
 * purpose allows; large: always. */
static int upload_fd(oft_file **out, oft_client *c, int fd, const char *filename,
                     const oft_file_upload_options *opts, int large)
{
    oft__upload_cfg cfg;
    int64_t size = 0;
    int rc = oft__upload_prepare(c, fd, filename, opts, &cfg, &size);
    if (rc != OFT_OK)
        return rc;
    int can_split = oft__upload_purpose_ok(cfg.purpose);
    if (large || (can_split && size > cfg.large_threshold))
        return oft__uploads_send_file(out, c, fd, size, filename, &cfg);
    if (size > OFT_FILE_MAX_BYTES && !can_split)
        return oft__error_set(c, OFT_EINVAL,
                              "%s: %lld bytes is over the 512 MB limit of purpose %s "
                              "(the Uploads API does not take that purpose)",
                              filename, (long long)size, cfg.purpose);
    return post_file(out, c, fd, size, filename, &cfg);
}

/* The upload of the file at path, sent under its base name. */
static int upload_path(oft_file **out, oft_client *c, const char *path,
                       const oft_file_upload_options *opts, int large)
{
    OFT__BEGIN(c, out);
    if (!path || !*path)
        return oft__error_set(c, OFT_EINVAL, "path: must not be empty");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return oft__error_set(c, OFT_EIO, "%s: cannot open: %s", path, strerror(errno));
    /* Checked here so that the message names the path as given (the upload
     * itself only knows the base name it sends). */
    int64_t size = 0;
    int rc = oft__upload_fd_size(c, fd, path, &size);
    const char *slash = strrchr(path, '/');
    if (rc == OFT_OK)
        rc = upload_fd(out, c, fd, slash ? slash + 1 : path, opts, large);
    close(fd);
    return rc;
}

int oft_file_upload(oft_file **out, oft_client *client, const char *path,
                    const oft_file_upload_options *opts)
{
    return upload_path(out, client, path, opts, 0);
}

int oft_file_upload_fd(oft_file **out, oft_client *client, int fd, const char *filename,
                       const oft_file_upload_options *opts)
{
    OFT__BEGIN(client, out);
    return upload_fd(out, client, fd, filename, opts, 0);
}

int oft_file_upload_large(oft_file **out, oft_client *client, const char *path,
                          const oft_file_upload_options *opts)
{
    return upload_path(out, client, path, opts, 1);
}

int oft_file_upload_large_fd(oft_file **out, oft_client *client, int fd,
                             const char *filename, const oft_file_upload_options *opts)
{
    OFT__BEGIN(client, out);
    return upload_fd(out, client, fd, filename, opts, 1);
}
