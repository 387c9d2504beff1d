/*
 * What both upload paths (api/file_upload.c: POST /files, and api/uploads_api.c: the
 * Uploads API in parts) share: the upload options resolved to their
 * defaults, the checks of purposes, expiry and sizes, MIME types, and the
 * monotonic progress over one or many requests.
 */
#ifndef OFT_SRC_API_UPLOAD_COMMON_H
#define OFT_SRC_API_UPLOAD_COMMON_H

#include "core/common.h"
#include "openai_ft/files.h"

/* oft_file_upload_options, validated and resolved to their defaults. */
typedef struct oft__upload_cfg {
    const char *purpose;
    int64_t expires_after_seconds;
    oft_progress_cb progress;
    void *payload;
    int64_t large_threshold; /* resolved: > 0 */
    int64_t part_size;
    int concurrency;
    const char *mime_type; /* NULL: from the filename */
} oft__upload_cfg;

/* Resolves opts (NULL: defaults) into cfg, checks filename and reads fd's
 * size into *size: what every upload of an open descriptor does first.
 * OFT_EINVAL / OFT_EVERSION naming the field, OFT_EIO naming the file. */
int oft__upload_prepare(oft_client *c, int fd, const char *filename,
                        const oft_file_upload_options *opts, oft__upload_cfg *cfg,
                        int64_t *size);
/* The size of an open regular file; OFT_EIO naming `what` otherwise. */
int oft__upload_fd_size(oft_client *c, int fd, const char *what, int64_t *size);
/* 0 or 3600..2592000, else OFT_EINVAL naming `field`. */
int oft__upload_check_expires(oft_client *c, const char *field, int64_t seconds);
/* Non-zero when purpose is one the Uploads API takes. */
int oft__upload_purpose_ok(const char *purpose);
/* A MIME type guessed from a file name's extension; never NULL, static. */
const char *oft__upload_mime_for(const char *filename);

/* Monotonic progress over one or many requests: reports to the caller only
 * when the total sent grows, never beyond total, and stays stopped once the
 * callback asked to stop. */
typedef struct oft__upload_progress {
    oft_progress_cb cb;
    void *payload;
    int64_t total;
    int64_t sum;      /* bytes of the file sent so far, as known */
    int64_t reported; /* the largest value reported */
    int stopped;
} oft__upload_progress;

/* Adds delta to the sum and reports it; non-zero when the caller stopped it. */
int oft__upload_progress_add(oft__upload_progress *p, int64_t delta);
/* Reports the total once everything arrived; non-zero when stopped. */
int oft__upload_progress_done(oft__upload_progress *p);

/* One request's share of a progress: the `length` bytes of the file it
 * carries. A retried request starts again from 0: the sum drops and the
 * caller sees no report until it grows past what was already reported. */
typedef struct oft__upload_share {
    oft__upload_progress *agg;
    int64_t length;
    int64_t counted; /* the bytes of this share already added to agg */
} oft__upload_share;
/* The HTTP layer's progress callback (payload: an oft__upload_share): it
 * counts the whole multipart body, scaled here to the share's bytes. */
int oft__upload_share_progress(int64_t sent, int64_t total, void *payload);

#endif
