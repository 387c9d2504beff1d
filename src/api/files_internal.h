/*
 * Internal declarations of the files area (files, uploads, models): helpers
 * shared by files.c and uploads.c.
 */
#ifndef OFT_SRC_FILES_INTERNAL_H
#define OFT_SRC_FILES_INTERNAL_H

#include "core/common.h"
#include "json/mappers.h"
#include "net/http.h"
#include "util/md5.h"
#include "openai_ft/files.h"
#include "openai_ft/models.h"
#include "openai_ft/uploads.h"

/* files.c: upload options, validated and resolved to their defaults. */
typedef struct oft__files_upload_cfg {
    const char *purpose;
    int64_t expires_after_seconds;
    oft_progress_cb progress;
    void *payload;
    int64_t large_threshold; /* resolved: > 0 */
    int64_t part_size;
    int concurrency;
    const char *mime_type; /* NULL: from the filename */
} oft__files_upload_cfg;

/* Validates opts (NULL: defaults) into cfg; OFT_EINVAL/OFT_EVERSION naming the field. */
int oft__files_upload_resolve(oft_client *c, const oft_file_upload_options *opts,
                              oft__files_upload_cfg *cfg);
/* Resolves opts into cfg, checks filename and reads fd's size into *size:
 * what both upload paths of an open descriptor do first. */
int oft__files_upload_prepare(oft_client *c, int fd, const char *filename,
                              const oft_file_upload_options *opts,
                              oft__files_upload_cfg *cfg, int64_t *size);
/* An upload of an open descriptor, as oft_file_upload_fd takes it. */
typedef int (*oft__files_upload_fd_fn)(oft_file **out, oft_client *c, int fd,
                                       const char *filename,
                                       const oft_file_upload_options *opts);
/* The public upload of a path: argument checks, the error cleared, the file
 * opened (OFT_EIO naming the path) and given to upload under its base name. */
int oft__files_upload_path(oft_file **out, oft_client *client, const char *path,
                           const oft_file_upload_options *opts,
                           oft__files_upload_fd_fn upload);
/* 0 or 3600..2592000, else OFT_EINVAL naming `field`. */
int oft__files_check_expires(oft_client *c, const char *field, int64_t seconds);
/* Non-zero when purpose is one the Uploads API takes. */
int oft__files_upload_purpose_ok(const char *purpose);
/* A MIME type guessed from a file name's extension; never NULL, static. */
const char *oft__files_mime_for(const char *filename);
/* The last component of a path (borrowed from path). */
const char *oft__files_basename(const char *path);
/* "prefix/{escaped id}suffix" (id and suffix may be NULL); owned, NULL if oom. */
char *oft__files_path(const char *prefix, const char *id, const char *suffix);
/* The size of an open regular file; OFT_EIO naming `what` otherwise. */
int oft__files_fd_size(oft_client *c, int fd, const char *what, int64_t *size);

/* Monotonic progress over one or many requests: reports to the caller only
 * when the total sent grows, never beyond total, and stays stopped once the
 * callback asked to stop. */
typedef struct oft__files_progress {
    oft_progress_cb cb;
    void *payload;
    int64_t total;
    int64_t sum;      /* bytes of the file sent so far, as known */
    int64_t reported; /* the largest value reported */
    int stopped;
} oft__files_progress;

/* Adds delta to the sum and reports it; non-zero when the caller stopped it. */
int oft__files_progress_add(oft__files_progress *p, int64_t delta);
/* Reports the total once everything arrived; non-zero when stopped. */
int oft__files_progress_done(oft__files_progress *p);

/* uploads.c: the Uploads path for an open file of `size` bytes. */
int oft__files_upload_large_fd(oft_file **out, oft_client *c, int fd, int64_t size,
                               const char *filename, const oft__files_upload_cfg *cfg);

#endif
