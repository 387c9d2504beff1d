/*
 * libopenai_ft: the Uploads API (large files in parts) and the helper that
 * uploads a large file in parallel parts.
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string in them is read-only and
 * lives as long as the struct.
 */
#ifndef OPENAI_FT_UPLOADS_H
#define OPENAI_FT_UPLOADS_H

#include "common.h"
#include "errors.h"
#include "files.h"

OFT_BEGIN_DECL

/** An Upload's status. UNKNOWN: see status_raw. */
typedef enum oft_upload_status {
    OFT_UPLOAD_STATUS_UNKNOWN = 0,
    OFT_UPLOAD_STATUS_PENDING = 1,
    OFT_UPLOAD_STATUS_COMPLETED = 2,
    OFT_UPLOAD_STATUS_CANCELLED = 3,
    OFT_UPLOAD_STATUS_EXPIRED = 4
} oft_upload_status;

/** The status's API string ("pending"...), or "unknown". Never NULL. */
OFT_API const char *oft_upload_status_str(int status);

/** An Upload. */
typedef struct oft_upload {
    char *id;     /**< "upload_..." */
    char *object; /**< "upload", or NULL */
    int64_t bytes;
    int64_t created_at;
    int64_t expires_at;
    char *filename;
    char *purpose;
    int status;       /**< @type oft_upload_status */
    char *status_raw; /**< the status string as sent, or NULL */
    oft_file *file;   /**< the resulting file once completed, else NULL */
    char *request_id;
    char *raw_json;
} oft_upload;

OFT_API void oft_upload_free(oft_upload *upload);

/** One part added to an Upload. */
typedef struct oft_upload_part {
    char *id;     /**< "part_..." */
    char *object; /**< "upload.part" */
    int64_t created_at;
    char *upload_id;
    char *request_id;
    char *raw_json;
} oft_upload_part;

OFT_API void oft_upload_part_free(oft_upload_part *part);

/** Options of oft_upload_create(). */
typedef struct oft_upload_create_options {
    unsigned int version;
    const char *filename;  /**< required */
    const char *purpose;   /**< assistants, batch, fine-tune or vision; NULL: fine-tune */
    int64_t bytes;         /**< required: the total of all parts, 0..8 GiB */
    const char *mime_type; /**< NULL: from the filename (.jsonl: text/jsonl) */
    int64_t expires_after_seconds; /**< 0: none; else 3600..2592000 */
} oft_upload_create_options;

#define OFT_UPLOAD_CREATE_OPTIONS_VERSION 1
#define OFT_UPLOAD_CREATE_OPTIONS_INIT                                                   \
    {                                                                                    \
        OFT_UPLOAD_CREATE_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0                        \
    }

OFT_API int oft_upload_create_options_init(oft_upload_create_options *opts,
                                           unsigned int version);

/** Creates an Upload (status pending; it expires an hour later). */
OFT_API OFT_WARN_UNUSED int oft_upload_create(oft_upload **out, oft_client *client,
                                              const oft_upload_create_options *opts);

/**
 * Adds the bytes offset..offset+length of fd (read with pread, streamed, re-read
 * on a retry) as one part of at most 64 MiB.
 */
OFT_API OFT_WARN_UNUSED int oft_upload_add_part(oft_upload_part **out, oft_client *client,
                                                const char *upload_id, int fd,
                                                int64_t offset, int64_t length);

/** Adds a part from memory (at most 64 MiB; the bytes are copied during the call). */
OFT_API OFT_WARN_UNUSED int oft_upload_add_part_buffer(oft_upload_part **out,
                                                       oft_client *client,
                                                       const char *upload_id,
                                                       const void *data, size_t len);

/**
 * Completes an Upload: part_ids in the order of the file's bytes; md5_hex, the
 * MD5 of the whole file as 32 hex digits, or NULL. *out->file is the new file.
 */
OFT_API OFT_WARN_UNUSED int oft_upload_complete(oft_upload **out, oft_client *client,
                                                const char *upload_id,
                                                const char *const *part_ids,
                                                size_t part_count, const char *md5_hex);

/** Cancels an Upload; no part can be added afterwards. */
OFT_API OFT_WARN_UNUSED int oft_upload_cancel(oft_upload **out, oft_client *client,
                                              const char *upload_id);

/**
 * Uploads the file at path through the Uploads API: parts of opts->part_size
 * (64 MiB by default), opts->concurrency (4) of them sent at once over one
 * connection pool, each streamed from the file with pread, so memory stays
 * bounded by a few small buffers whatever the size. The MD5 of the whole file
 * is computed while the parts are sent and checked by the server on complete.
 * A part that still fails after the HTTP layer's retries is sent once more;
 * when the upload cannot finish (an error, the progress callback, an
 * interrupt) the Upload is cancelled and the first error is returned.
 * Progress is reported over all parts, monotonic, ending at the total.
 * opts may be NULL. Returns the completed file in *out.
 */
OFT_API OFT_WARN_UNUSED int oft_file_upload_large(oft_file **out, oft_client *client,
                                                  const char *path,
                                                  const oft_file_upload_options *opts);

/** The same from an open regular file descriptor (not closed), sent as `filename`. */
OFT_API OFT_WARN_UNUSED int oft_file_upload_large_fd(oft_file **out, oft_client *client,
                                                     int fd, const char *filename,
                                                     const oft_file_upload_options *opts);

OFT_END_DECL

#endif
