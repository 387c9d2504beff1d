/*
 * libopenai_ft: the Uploads API (large files in parts) and the helper that
 * uploads a large file in parallel parts.
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string, array and nested
 * struct in them is const and lives as long as the struct. common.h states these
 * conventions (ownership, threads, options) in full; errors.h lists "the request errors"
 * that every call sending a request can return besides the codes on its comment.
 *
 * An Upload's life: oft_upload_create() (pending; it expires an hour later),
 * oft_upload_add_part() for each part (in any order, at once if need be),
 * then oft_upload_complete() with the part IDs in file order, which yields
 * the file; or oft_upload_cancel(). oft_file_upload_large() does all of it.
 * Upload and part IDs are checked before anything is sent: NULL, empty, "."
 * or "..", or one with a control character is OFT_EINVAL naming the argument.
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

/**
 * The status's API string ("pending"...), or "unknown" for UNKNOWN or a
 * value out of range. A static string, never NULL. Thread-safe.
 */
OFT_API const char *oft_upload_status_str(int status);

/** An Upload (response-struct rules in common.h). */
typedef struct oft_upload {
    const char *id;     /**< "upload_..." */
    const char *object; /**< "upload", or NULL */
    int64_t bytes;      /**< the size announced at creation */
    int64_t created_at; /**< Unix seconds */
    int64_t expires_at; /**< Unix seconds */
    const char *filename;
    const char *purpose;
    int status;             /**< @type oft_upload_status */
    const char *status_raw; /**< the status string as sent, or NULL */
    const oft_file *file;   /**< the resulting file once completed (owned), else NULL */
    const char *request_id;
    const char *raw_json;
} oft_upload;

/** Frees an Upload, with its strings and its file. NULL is a no-op. */
OFT_API void oft_upload_free(oft_upload *upload);

/** One part added to an Upload (response-struct rules in common.h). */
typedef struct oft_upload_part {
    const char *id;     /**< "part_...": what oft_upload_complete() takes */
    const char *object; /**< "upload.part" */
    int64_t created_at; /**< Unix seconds */
    const char *upload_id;
    const char *request_id;
    const char *raw_json;
} oft_upload_part;

/** Frees a part result. NULL is a no-op. */
OFT_API void oft_upload_part_free(oft_upload_part *part);

/** Options of oft_upload_create(). Strings are copied during the call. */
typedef struct oft_upload_create_options {
    unsigned int version;  /**< OFT_UPLOAD_CREATE_OPTIONS_VERSION */
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

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_upload_create_options_init(oft_upload_create_options *opts,
                                           unsigned int version);

/**
 * Creates an Upload (status pending; it expires an hour later). *out is the
 * caller's (oft_upload_free); NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (nothing sent) for a NULL client, out or opts,
 * an empty filename, a purpose the Uploads API does not take, bytes outside
 * 0..8 GiB, a bad expires_after_seconds, or a string that is not valid
 * UTF-8; OFT_EVERSION; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_upload_create(oft_upload **out, oft_client *client,
                                              const oft_upload_create_options *opts);

/**
 * Adds the bytes offset..offset+length of fd (read with pread, streamed, re-read
 * on a retry) as one part of at most 64 MiB. fd is not closed and its offset
 * is not moved. *out is the caller's (oft_upload_part_free); NULL on failure.
 * One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (nothing sent) for a NULL client or out, an
 * invalid upload_id, a negative offset, a length outside 1..64 MiB, or a
 * range past the end of the file; OFT_EIO when fd is not an open regular
 * file or cannot be read; OFT_ENOTFOUND for an unknown Upload; or a request
 * error (the server refuses a part for an Upload no longer pending).
 */
OFT_API OFT_WARN_UNUSED int oft_upload_add_part(oft_upload_part **out, oft_client *client,
                                                const char *upload_id, int fd,
                                                int64_t offset, int64_t length);

/**
 * Adds a part from memory (1 byte..64 MiB; the bytes are copied during the
 * call, into an anonymous temporary file so that a retry can re-read them).
 * Ownership and threads as oft_upload_add_part().
 * Returns OFT_OK; OFT_EINVAL for a NULL client, out or data, an invalid
 * upload_id, or a len outside 1..64 MiB; OFT_EIO when the temporary file
 * cannot be made or written; OFT_ENOTFOUND; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_upload_add_part_buffer(oft_upload_part **out,
                                                       oft_client *client,
                                                       const char *upload_id,
                                                       const void *data, size_t len);

/**
 * Completes an Upload: part_ids in the order of the file's bytes; md5_hex, the
 * MD5 of the whole file as 32 hex digits, or NULL. Both are copied.
 * (*out)->file is the new file, owned by the Upload. *out is the caller's
 * (oft_upload_free); NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL (nothing sent) for a NULL client or out, an
 * invalid upload_id or part ID, NULL part_ids with a non-zero count, or an
 * md5_hex that is not 32 hex digits; OFT_ENOTFOUND; or a request error (the
 * server refuses parts that do not add up to the announced bytes, or a
 * wrong MD5).
 */
OFT_API OFT_WARN_UNUSED int oft_upload_complete(oft_upload **out, oft_client *client,
                                                const char *upload_id,
                                                const char *const *part_ids,
                                                size_t part_count, const char *md5_hex);

/**
 * Cancels an Upload; no part can be added afterwards. *out is the caller's
 * (oft_upload_free), status cancelled; NULL on failure. One call at a time
 * per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or an invalid
 * upload_id; OFT_ENOTFOUND; or a request error.
 */
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
 * opts may be NULL. Returns the completed file in *out: the caller's
 * (oft_file_free); NULL on failure.
 *
 * Threads: one call at a time per client; the progress callback runs on the
 * calling thread. The MD5 is computed on a thread of the library's own,
 * which calls nothing of the caller's (its buffer is allocated before it
 * starts, through the oft_set_allocator() hooks, on the calling thread).
 *
 * Returns OFT_OK; OFT_EINVAL (nothing sent) for a NULL client or out, an
 * empty path, a bad option, a purpose the Uploads API does not take, a file
 * over 8 GiB, or a file name that is not valid UTF-8; OFT_EVERSION; OFT_EIO
 * naming the path when it cannot be opened, read or is not a regular file;
 * OFT_EUSER (progress stopped it); OFT_EINTERRUPTED; OFT_EINTERNAL when
 * OpenSSL refuses to set up or compute the MD5 (its reason in the message);
 * OFT_EPARSE when the completed Upload has no file; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_upload_large(oft_file **out, oft_client *client,
                                                  const char *path,
                                                  const oft_file_upload_options *opts);

/**
 * The same from an open regular file descriptor (not closed, its offset not
 * moved), sent as `filename` (copied). Ownership, threads and codes as
 * oft_file_upload_large(), with OFT_EINVAL for an empty filename and OFT_EIO
 * when fd is not an open regular file or cannot be read.
 */
OFT_API OFT_WARN_UNUSED int oft_file_upload_large_fd(oft_file **out, oft_client *client,
                                                     int fd, const char *filename,
                                                     const oft_file_upload_options *opts);

OFT_END_DECL

#endif
