/*
 * What api/uploads_api.c (the Uploads API, oft_upload_*) offers
 * api/file_upload.c (oft_file_upload*): a whole file sent through the
 * Uploads API in parallel parts.
 */
#ifndef OFT_SRC_API_UPLOADS_API_H
#define OFT_SRC_API_UPLOADS_API_H

#include "api/upload_common.h"

/*
 * Sends the open file fd of `size` bytes as an Upload: create, the parts
 * (cfg->part_size, cfg->concurrency at once) while the file's MD5 is
 * computed, complete; on any failure the Upload is cancelled and the first
 * error returned. *out is the completed file.
 */
int oft__uploads_send_file(oft_file **out, oft_client *c, int fd, int64_t size,
                           const char *filename, const oft__upload_cfg *cfg);

#endif
