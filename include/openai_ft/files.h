/*
 * libopenai_ft: files (upload, list, retrieve, delete, download, wait).
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string, array and nested
 * struct in them is const and lives as long as the struct. Options structs
 * are caller-allocated and versioned: initialise them with their INIT macro
 * or *_options_init().
 * common.h states these conventions (ownership, threads, options) in full;
 * errors.h lists "the request errors" that every call sending a request can
 * return besides the codes on its comment.
 *
 * A file ID is checked before anything is sent: NULL, empty, "." or "..",
 * or one with a control character is OFT_EINVAL naming the argument.
 */
#ifndef OPENAI_FT_FILES_H
#define OPENAI_FT_FILES_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** A file's (deprecated but still polled) status. UNKNOWN: see status_raw. */
typedef enum oft_file_status {
    OFT_FILE_STATUS_UNKNOWN = 0,
    OFT_FILE_STATUS_UPLOADED = 1,
    OFT_FILE_STATUS_PROCESSED = 2,
    OFT_FILE_STATUS_ERROR = 3
} oft_file_status;

/**
 * The status's API string ("processed"...), or "unknown" for UNKNOWN or a
 * value out of range. A static string, never NULL. Thread-safe.
 */
OFT_API const char *oft_file_status_str(int status);

/** An uploaded file (OpenAIFile; response-struct rules in common.h). */
typedef struct oft_file {
    const char *id;             /**< "file-..." */
    const char *object;         /**< "file" */
    int64_t bytes;              /**< its size */
    int64_t created_at;         /**< Unix seconds */
    int64_t expires_at;         /**< OFT_TIME_NONE when the file does not expire */
    const char *filename;       /**< the name it was uploaded under */
    const char *purpose;        /**< a string: the server adds purposes over time */
    int status;                 /**< @type oft_file_status */
    const char *status_raw;     /**< the status string as sent, or NULL */
    const char *status_details; /**< may be NULL */
    const char *request_id;     /**< x-request-id of the response, or NULL */
    const char *raw_json;       /**< the object as JSON text */
} oft_file;

/**
 * Frees a file the library returned, with its strings. Not for one lent by
 * an iterator, or one inside a page or an upload (freed with those). NULL is
 * a no-op.
 */
OFT_API void oft_file_free(oft_file *file);

/**
 * Upload progress: bytes of the file sent so far and its total. Calls are
 * monotonic and the last one reports sent == total. It runs on the thread
 * that called the upload and must make no call on that client but
 * oft_client_interrupt(). Return non-zero to stop the upload (the call then
 * fails with OFT_EUSER).
 */
typedef int (*oft_progress_cb)(int64_t sent, int64_t total, void *payload);

/** Default size above which oft_file_upload() uses the Uploads API (128 MiB). */
#define OFT_FILE_LARGE_THRESHOLD_DEFAULT ((int64_t)128 * 1024 * 1024)
/** Largest file POST /files accepts (512 MB); larger ones always use Uploads. */
#define OFT_FILE_MAX_BYTES ((int64_t)512 * 1024 * 1024)
/** Default and largest part of the Uploads API (64 MiB). */
#define OFT_UPLOAD_PART_SIZE_DEFAULT ((int64_t)64 * 1024 * 1024)
/** Largest Upload (8 GiB). */
#define OFT_UPLOAD_MAX_BYTES ((int64_t)8 * 1024 * 1024 * 1024)

/**
 * Options of oft_file_upload(), oft_file_upload_fd(), oft_file_upload_large()
 * and oft_file_upload_large_fd(). Strings are copied during the call.
 */
typedef struct oft_file_upload_options {
    unsigned int version; /**< OFT_FILE_UPLOAD_OPTIONS_VERSION */
    /** assistants, batch, fine-tune, vision, user_data or evals; NULL: "fine-tune". */
    const char *purpose;
    /** 0: no expiry; else 3600..2592000 seconds after creation. */
    int64_t expires_after_seconds;
    /** Progress callback, or NULL, and its payload. */
    oft_progress_cb progress;
    void *payload;
    /**
     * Files larger than this go through the Uploads API in parallel parts
     * (oft_file_upload_large); 0: OFT_FILE_LARGE_THRESHOLD_DEFAULT (128 MiB:
     * well under the 512 MB limit of POST /files, and parts in parallel are
     * faster above it); -1: only when the file exceeds 512 MB. Purposes the
     * Uploads API does not take (user_data, evals) always use POST /files.
     */
    int64_t large_threshold;
    /** Uploads part size, 1 byte..64 MiB; 0: 64 MiB. */
    int64_t part_size;
    /** Parts sent at once, 1..64; 0: 4. */
    int concurrency;
    /** MIME type for the Uploads API; NULL: from the file name (.jsonl: text/jsonl). */
    const char *mime_type;
} oft_file_upload_options;

#define OFT_FILE_UPLOAD_OPTIONS_VERSION 1
#define OFT_FILE_UPLOAD_OPTIONS_INIT                                                     \
    {                                                                                    \
        OFT_FILE_UPLOAD_OPTIONS_VERSION, NULL, 0, NULL, NULL, 0, 0, 0, NULL              \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_file_upload_options_init(oft_file_upload_options *opts,
                                         unsigned int version);

/**
 * Uploads the file at path (its base name is the filename) and returns the
 * created file in *out. The body is streamed from disk (never read whole) and
 * re-read on each retry. Above opts->large_threshold the Uploads API is used
 * (see oft_file_upload_large in uploads.h). opts may be NULL.
 *
 * *out is the caller's (oft_file_free); NULL on failure. One call at a time
 * per client.
 *
 * Returns OFT_OK; OFT_EINVAL (nothing sent) for a NULL client or out, an
 * empty path, a bad option, a file over 512 MB with a purpose the Uploads
 * API does not take, or a file name that is not valid UTF-8; OFT_EVERSION;
 * OFT_EIO naming the path when it cannot be opened or read or is not a
 * regular file; OFT_EUSER (progress stopped it); OFT_EINTERRUPTED; through
 * the Uploads API, the codes of oft_file_upload_large() too; or a request
 * error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_upload(oft_file **out, oft_client *client,
                                            const char *path,
                                            const oft_file_upload_options *opts);

/**
 * The same from an open descriptor that supports pread (a regular file): its
 * bytes from offset 0 to its size are sent under `filename` (copied). The
 * descriptor is not closed, and its offset is not moved. Ownership, threads
 * and codes as oft_file_upload(), with OFT_EINVAL for an empty filename and
 * OFT_EIO when fd is not an open regular file or cannot be read.
 */
OFT_API OFT_WARN_UNUSED int oft_file_upload_fd(oft_file **out, oft_client *client, int fd,
                                               const char *filename,
                                               const oft_file_upload_options *opts);

/** The sort order of oft_file_list(). */
typedef enum oft_file_order {
    OFT_FILE_ORDER_DEFAULT = 0, /**< the server's default (desc) */
    OFT_FILE_ORDER_ASC = 1,
    OFT_FILE_ORDER_DESC = 2
} oft_file_order;

/** Options of oft_file_list() and oft_file_iter_new(). Strings are copied. */
typedef struct oft_file_list_options {
    unsigned int version; /**< OFT_FILE_LIST_OPTIONS_VERSION */
    const char *purpose;  /**< only files of this purpose; NULL: all */
    int order;            /**< @type oft_file_order, by created_at */
    const char *after;    /**< the cursor: a file ID */
    int limit;            /**< 1..10000; 0: the server's default (10000) */
} oft_file_list_options;

#define OFT_FILE_LIST_OPTIONS_VERSION 1
#define OFT_FILE_LIST_OPTIONS_INIT                                                       \
    {                                                                                    \
        OFT_FILE_LIST_OPTIONS_VERSION, NULL, 0, NULL, 0                                  \
    }

/**
 * Fills opts with the defaults of the given version, writing only that
 * version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL opts,
 * or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_file_list_options_init(oft_file_list_options *opts, unsigned int version);

/** One page of files. */
typedef struct oft_file_page {
    const oft_file *const *items; /**< count files, owned by the page */
    size_t count;
    int has_more;         /**< non-zero when a later page exists */
    const char *first_id; /**< may be NULL */
    const char *last_id;  /**< may be NULL */
    const char *request_id;
    const char *raw_json; /**< the whole list response */
} oft_file_page;

/** Frees a page and every file in it. NULL is a no-op. */
OFT_API void oft_file_page_free(oft_file_page *page);

/**
 * Lists one page of files (GET /files). opts may be NULL (every purpose, the
 * server's order and limit). *out is the caller's (oft_file_page_free); NULL
 * on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out, a limit outside
 * 0..10000, an unknown order or an invalid after; OFT_EVERSION; or a request
 * error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_list(oft_file_page **out, oft_client *client,
                                          const oft_file_list_options *opts);

/**
 * An iterator over every file, fetching one page at a time (memory bounded by
 * one page). Used by one thread at a time, with its client: it makes its
 * requests through that client, whose thread rule it shares and whose last
 * error describes its failures. Advance it only while the client lives.
 */
typedef struct oft_file_iter oft_file_iter;

/**
 * Makes an iterator over the files opts selects (NULL: all), starting after
 * opts->after when set. Nothing is sent until the first oft_file_iter_next().
 * *out is the caller's (oft_file_iter_free); NULL on failure. One call at a
 * time per client.
 * Returns OFT_OK; OFT_EINVAL (NULL client or out, a limit outside 0..10000,
 * an unknown order, an invalid after); OFT_EVERSION; or OFT_ENOMEM.
 */
OFT_API OFT_WARN_UNUSED int oft_file_iter_new(oft_file_iter **out, oft_client *client,
                                              const oft_file_list_options *opts);
/**
 * *out borrows the next file, valid until the next call or oft_file_iter_free.
 * One call at a time per client.
 * Returns OFT_OK; OFT_ITEROVER at the end (and on every later call);
 * OFT_EINVAL for a NULL iter or out; OFT_EPARSE when a page promises more
 * but is empty or repeats its cursor; or a request error: then *out is NULL
 * and calling again retries the page.
 */
OFT_API int oft_file_iter_next(const oft_file **out, oft_file_iter *iter);
/**
 * Frees an iterator and the page it holds (the files it lent become
 * invalid). Allowed after its client was freed. NULL is a no-op.
 */
OFT_API void oft_file_iter_free(oft_file_iter *iter);

/**
 * Retrieves a file's metadata (GET /files/{file_id}). *out is the caller's
 * (oft_file_free); NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or an invalid file_id;
 * OFT_ENOTFOUND for a file the key cannot see; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_retrieve(oft_file **out, oft_client *client,
                                              const char *file_id);
/**
 * Deletes a file (DELETE /files/{file_id}). *out is the caller's
 * (oft_deleted_free); NULL on failure. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client or out or an invalid file_id;
 * OFT_ENOTFOUND; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_delete(oft_deleted **out, oft_client *client,
                                            const char *file_id);

/**
 * Streams the file's content to path: the bytes go to a temporary file next
 * to it, renamed over path only when the download is complete, so a failed
 * download leaves no partial file at path. The file is created with mode
 * 0666 less the process's umask, as any file the program creates. Memory
 * stays bounded whatever the size. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client, an empty path or an invalid
 * file_id; OFT_EIO naming the path when the temporary file cannot be
 * created, written or renamed into place; OFT_ENOTFOUND; or a request error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_download(oft_client *client, const char *file_id,
                                              const char *path);
/**
 * Streams the file's content to an open descriptor, written from its
 * position; the descriptor is not closed. A retry after a partial transfer
 * first truncates the descriptor back to where it started, so it is retried
 * only when fd can seek. One call at a time per client.
 * Returns OFT_OK; OFT_EINVAL for a NULL client, a negative fd or an invalid
 * file_id; OFT_EIO when writing to fd fails; OFT_ENOTFOUND; or a request
 * error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_download_fd(oft_client *client, const char *file_id,
                                                 int fd);

/**
 * Retrieves the file until its status is processed or error (or the server
 * says deleted), as the SDKs' wait_for_processing does. poll_interval_ms 0:
 * 5000; timeout_ms 0: 30 minutes. *out receives the last file seen, whatever
 * the code: the caller's (oft_file_free); NULL when none was retrieved. One
 * call at a time per client; another thread stops it with
 * oft_client_interrupt().
 * timeout_ms bounds the whole call as oft_job_wait()'s deadline does (the
 * retrievals, their retries and Retry-After pauses included; within 250 ms
 * past it whatever the server does).
 * Returns OFT_OK with the last file in *out (check its status, processed or
 * error); OFT_ETIMEOUT; OFT_EINTERRUPTED; OFT_EINVAL for a NULL client or
 * out, a negative interval or timeout, or an invalid file_id; or the error
 * of a retrieval (as oft_file_retrieve()).
 */
OFT_API OFT_WARN_UNUSED int oft_file_wait_processed(oft_file **out, oft_client *client,
                                                    const char *file_id,
                                                    int64_t poll_interval_ms,
                                                    int64_t timeout_ms);

OFT_END_DECL

#endif
