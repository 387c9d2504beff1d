/*
 * libopenai_ft: files (upload, list, retrieve, delete, download, wait).
 *
 * Response structs are allocated by the library only and released with their
 * own *_free function (NULL is a no-op). Every string in them is read-only and
 * lives as long as the struct. Options structs are caller-allocated and
 * versioned: initialise them with their INIT macro or *_options_init().
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

/** The status's API string ("processed"...), or "unknown". Never NULL. */
OFT_API const char *oft_file_status_str(int status);

/** An uploaded file (OpenAIFile). */
typedef struct oft_file {
    char *id;     /**< "file-..." */
    char *object; /**< "file" */
    int64_t bytes;
    int64_t created_at;
    int64_t expires_at; /**< OFT_TIME_NONE when the file does not expire */
    char *filename;
    char *purpose;        /**< a string: the server adds purposes over time */
    int status;           /**< @type oft_file_status */
    char *status_raw;     /**< the status string as sent, or NULL */
    char *status_details; /**< may be NULL */
    char *request_id;     /**< x-request-id of the response, or NULL */
    char *raw_json;       /**< the object as JSON text */
} oft_file;

OFT_API void oft_file_free(oft_file *file);

/** The result of deleting a file. */
typedef struct oft_file_delete_result {
    char *id;
    char *object;
    int deleted; /**< non-zero when the server says it was deleted */
    char *request_id;
    char *raw_json;
} oft_file_delete_result;

OFT_API void oft_file_delete_result_free(oft_file_delete_result *result);

/**
 * Upload progress: bytes sent so far and the total. Calls are monotonic and
 * the last one reports sent == total. Return non-zero to stop the upload
 * (the call then fails with OFT_EUSER).
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

/** Options of oft_file_upload(), oft_file_upload_fd() and oft_file_upload_large(). */
typedef struct oft_file_upload_options {
    unsigned int version;
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

/** Fills opts with the defaults of the given version. OFT_EVERSION if unknown. */
OFT_API int oft_file_upload_options_init(oft_file_upload_options *opts,
                                         unsigned int version);

/**
 * Uploads the file at path (its base name is the filename) and returns the
 * created file in *out. The body is streamed from disk (never read whole) and
 * re-read on each retry. Above opts->large_threshold the Uploads API is used
 * (see oft_file_upload_large in uploads.h). opts may be NULL.
 *
 * Returns OFT_OK; OFT_EINVAL (bad option, nothing sent); OFT_EIO naming the
 * path when it cannot be opened or read; OFT_EUSER (progress stopped it);
 * OFT_EINTERRUPTED; or an HTTP/network error.
 */
OFT_API OFT_WARN_UNUSED int oft_file_upload(oft_file **out, oft_client *client,
                                            const char *path,
                                            const oft_file_upload_options *opts);

/**
 * The same from an open descriptor that supports pread (a regular file): its
 * bytes from offset 0 to its size are sent under `filename`. The descriptor is
 * not closed.
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

/** Options of oft_file_list() and oft_file_iter_new(). */
typedef struct oft_file_list_options {
    unsigned int version;
    const char *purpose; /**< only files of this purpose; NULL: all */
    int order;           /**< @type oft_file_order, by created_at */
    const char *after;   /**< the cursor: a file ID */
    int limit;           /**< 1..10000; 0: the server's default (10000) */
} oft_file_list_options;

#define OFT_FILE_LIST_OPTIONS_VERSION 1
#define OFT_FILE_LIST_OPTIONS_INIT                                                       \
    {                                                                                    \
        OFT_FILE_LIST_OPTIONS_VERSION, NULL, 0, NULL, 0                                  \
    }

OFT_API int oft_file_list_options_init(oft_file_list_options *opts, unsigned int version);

/** One page of files. */
typedef struct oft_file_page {
    oft_file **items;
    size_t count;
    int has_more;
    char *first_id; /**< may be NULL */
    char *last_id;  /**< may be NULL */
    char *request_id;
    char *raw_json;
} oft_file_page;

OFT_API void oft_file_page_free(oft_file_page *page);

/** Lists one page of files. opts may be NULL. */
OFT_API OFT_WARN_UNUSED int oft_file_list(oft_file_page **out, oft_client *client,
                                          const oft_file_list_options *opts);

/**
 * An iterator over every file, fetching one page at a time (memory bounded by
 * one page). Used by one thread at a time, with its client.
 */
typedef struct oft_file_iter oft_file_iter;

OFT_API OFT_WARN_UNUSED int oft_file_iter_new(oft_file_iter **out, oft_client *client,
                                              const oft_file_list_options *opts);
/**
 * *out borrows the next file, valid until the next call or oft_file_iter_free.
 * Returns OFT_OK, OFT_ITEROVER at the end, or an error.
 */
OFT_API int oft_file_iter_next(const oft_file **out, oft_file_iter *iter);
OFT_API void oft_file_iter_free(oft_file_iter *iter);

OFT_API OFT_WARN_UNUSED int oft_file_retrieve(oft_file **out, oft_client *client,
                                              const char *file_id);
OFT_API OFT_WARN_UNUSED int oft_file_delete(oft_file_delete_result **out,
                                            oft_client *client, const char *file_id);

/**
 * Streams the file's content to path: the bytes go to a temporary file next
 * to it, renamed over path only when the download is complete, so a failed
 * download leaves no partial file at path. OFT_EIO names the path on a local
 * failure.
 */
OFT_API OFT_WARN_UNUSED int oft_file_download(oft_client *client, const char *file_id,
                                              const char *path);
/** Streams the file's content to an open descriptor (written from its position). */
OFT_API OFT_WARN_UNUSED int oft_file_download_fd(oft_client *client, const char *file_id,
                                                 int fd);

/**
 * Retrieves the file until its status is processed or error (or the server
 * says deleted), as the SDKs' wait_for_processing does. poll_interval_ms 0:
 * 5000; timeout_ms 0: 30 minutes. Returns OFT_OK with the last file in *out
 * (check its status), OFT_ETIMEOUT (with the last file seen in *out),
 * OFT_EINTERRUPTED, or the error of a retrieval.
 */
OFT_API OFT_WARN_UNUSED int oft_file_wait_processed(oft_file **out, oft_client *client,
                                                    const char *file_id,
                                                    long poll_interval_ms,
                                                    long timeout_ms);

OFT_END_DECL

#endif
