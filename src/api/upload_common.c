/*
 * The upload options, the checks both upload paths make, MIME types and the
 * aggregated progress (upload_common.h).
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "api/upload_common.h"
#include "util/options.h"

#define EXPIRES_MIN     3600
#define EXPIRES_MAX     2592000
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

int oft__upload_purpose_ok(const char *purpose)
{
    int i = purpose_index(purpose);
    return i >= 0 && i < UPLOAD_PURPOSES;
}

int oft__upload_check_expires(oft_client *c, const char *field, int64_t seconds)
{
    if (seconds != 0 && (seconds < EXPIRES_MIN || seconds > EXPIRES_MAX))
        return oft__error_set(c, OFT_EINVAL,
                              "%s: must be 0 (no expiry) or %d..%d seconds (got %lld)",
                              field, EXPIRES_MIN, EXPIRES_MAX, (long long)seconds);
    return OFT_OK;
}

const char *oft__upload_mime_for(const char *filename)
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

int oft__upload_fd_size(oft_client *c, int fd, const char *what, int64_t *size)
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

int oft_file_upload_options_init(oft_file_upload_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_file_upload_options,
                      OFT_FILE_UPLOAD_OPTIONS_INIT, OFT_FILE_UPLOAD_OPTIONS_VERSION,
                      sizeof(oft_file_upload_options));
}

/* The sizes and counts of the options, each 0 for its default. */
static int check_sizes(oft_client *c, const oft_file_upload_options *opts)
{
    if (opts->part_size < 0 || opts->part_size > OFT_UPLOAD_PART_SIZE_DEFAULT)
        return oft__error_set(
            c, OFT_EINVAL,
            "part_size: must be 1..%lld bytes, or 0 for the default (got %lld)",
            (long long)OFT_UPLOAD_PART_SIZE_DEFAULT, (long long)opts->part_size);
    if (opts->concurrency < 0 || opts->concurrency > CONCURRENCY_MAX)
        return oft__error_set(c, OFT_EINVAL,
                              "concurrency: must be 1..%d, or 0 for the default (got %d)",
                              CONCURRENCY_MAX, opts->concurrency);
    if (opts->large_threshold < -1)
        return oft__error_set(
            c, OFT_EINVAL, "large_threshold: must be -1, 0 or a size in bytes (got %lld)",
            (long long)opts->large_threshold);
    return OFT_OK;
}

/* Validates opts (NULL: defaults) into cfg; OFT_EINVAL/OFT_EVERSION naming the field. */
static int resolve(oft_client *c, const oft_file_upload_options *opts,
                   oft__upload_cfg *cfg)
{
    static const oft_file_upload_options dflt = OFT_FILE_UPLOAD_OPTIONS_INIT;
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
    if ((rc = oft__upload_check_expires(c, "expires_after_seconds",
                                        opts->expires_after_seconds)) != OFT_OK ||
        (rc = check_sizes(c, opts)) != OFT_OK)
        return rc;
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

int oft__upload_prepare(oft_client *c, int fd, const char *filename,
                        const oft_file_upload_options *opts, oft__upload_cfg *cfg,
                        int64_t *size)
{
    int rc = resolve(c, opts, cfg);
    if (rc != OFT_OK)
        return rc;
    if (!filename || !*filename)
        return oft__error_set(c, OFT_EINVAL, "filename: must not be empty");
    return oft__upload_fd_size(c, fd, filename, size);
}

int oft__upload_progress_add(oft__upload_progress *p, int64_t delta)
{
    p->sum += delta;
    if (p->stopped)
        return 1;
    int64_t v = p->sum > p->total ? p->total : p->sum;
    /* The total is reported once, by oft__upload_progress_done. */
    if (p->cb && v > p->reported && v < p->total) {
        p->reported = v;
        if (p->cb(v, p->total, p->payload) != 0)
            p->stopped = 1;
    }
    return p->stopped;
}

int oft__upload_progress_done(oft__upload_progress *p)
{
    if (!p->stopped && p->cb && p->reported < p->total) {
        p->reported = p->total;
        if (p->cb(p->total, p->total, p->payload) != 0)
            p->stopped = 1;
    }
    return p->stopped;
}

int oft__upload_share_progress(int64_t sent, int64_t total, void *payload)
{
    oft__upload_share *s = payload;
    int64_t v =
        total > 0 ? (int64_t)((double)sent / (double)total * (double)s->length) : 0;
    int64_t delta = v - s->counted;
    s->counted = v;
    return oft__upload_progress_add(s->agg, delta);
}
