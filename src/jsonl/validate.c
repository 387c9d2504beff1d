/*
 * Training-data validation: the public entry points, options, and the
 * streaming reader that cuts the input into lines.
 *
 * A file is read in 1 MiB blocks into one buffer; complete lines are checked
 * in place, and the partial line at the end of a block moves to the front of
 * the buffer before the next read. The buffer grows only for a line longer
 * than a block, and never past max_line_bytes: a longer line is reported and
 * skipped without being held. Memory is thus bounded by the block plus the
 * longest accepted line.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/str.h"
#include "jsonl/internal.h"
#include "util/options.h"

#define BLOCK_BYTES      ((size_t)1 << 20)
#define DEFAULT_MAX_LINE ((size_t)64 << 20)
#define DEFAULT_MAX_KEPT 100

int oft_jsonl_options_init(oft_jsonl_options *opts, unsigned int version)
{
    /* Version 2 added min_examples. */
    OFT__OPTIONS_INIT(opts, version, oft_jsonl_options, OFT_JSONL_OPTIONS_INIT,
                      OFT_JSONL_OPTIONS_VERSION,
                      offsetof(oft_jsonl_options, min_examples),
                      sizeof(oft_jsonl_options));
}

static int start(oft__jl *v, oft_jsonl_report **out, const oft_jsonl_options *opts)
{
    oft_jsonl_options defaults = OFT_JSONL_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version == 0 || opts->version > OFT_JSONL_OPTIONS_VERSION)
        return OFT_EVERSION;
    if (opts->format < OFT_JSONL_AUTO || opts->format > OFT_JSONL_REINFORCEMENT ||
        opts->max_errors < 0 || opts->max_warnings < 0)
        return OFT_EINVAL;
    memset(v, 0, sizeof(*v));
    v->r = oft__calloc(1, sizeof(*v->r));
    if (!v->r)
        return OFT_ENOMEM;
    v->format = opts->format;
    v->format_given = opts->format != OFT_JSONL_AUTO;
    v->max_errors = opts->max_errors ? (uint64_t)opts->max_errors : DEFAULT_MAX_KEPT;
    v->max_warnings =
        opts->max_warnings ? (uint64_t)opts->max_warnings : DEFAULT_MAX_KEPT;
    v->stop_at_first = opts->stop_at_first != 0;
    v->max_line_bytes = opts->max_line_bytes ? opts->max_line_bytes : DEFAULT_MAX_LINE;
    if (v->max_line_bytes > SIZE_MAX / 4) /* "no limit": keep the buffer sums exact */
        v->max_line_bytes = SIZE_MAX / 4;
    v->r->context_limit = oft__jl_context_limit(opts->model);
    v->model_kind = oft__jl_model_kind(opts->model);
    int min = opts->version >= 2 ? opts->min_examples : 0; /* v1 has no such field */
    v->min_examples = min < 0 ? 0 : min == 0 ? OFT_JSONL_MIN_EXAMPLES : (uint64_t)min;
    *out = NULL;
    return OFT_OK;
}

/* Hands the report over, or frees it when memory ran out on the way. */
static int finish(oft__jl *v, oft_jsonl_report **out, int rc)
{
    oft__jl_finish(v);
    if (v->oom) {
        oft_jsonl_report_free(v->r);
        return OFT_ENOMEM;
    }
    *out = v->r;
    return rc;
}

static void one_line(oft__jl *v, const char *p, size_t n)
{
    v->line++;
    v->r->lines++;
    size_t len = n && p[n - 1] == '\r' ? n - 1 : n; /* CRLF files */
    if (len > v->max_line_bytes) {
        char text[120];
        snprintf(text, sizeof(text),
                 "line longer than %zu bytes (max_line_bytes); skipped",
                 v->max_line_bytes);
        oft__jl_problem(v, 0, OFT_JSONL_LINE_TOO_LONG, OFT_JSONL_ERROR, text);
        return;
    }
    oft__jl_line(v, p, len);
}

/* Checks the complete lines in data; returns the bytes consumed. At eof the
 * last line needs no newline. */
static size_t feed(oft__jl *v, const char *data, size_t len, int eof)
{
    size_t at = 0;
    while (at < len && !v->stop) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (data + at)) : len - at;
        if (!nl && !eof)
            break;
        one_line(v, data + at, n);
        n += nl != NULL;
        at += n;
        v->line_offset += n;
    }
    return at;
}

int oft_jsonl_validate_buffer(oft_jsonl_report **out, const char *data, size_t len,
                              const oft_jsonl_options *opts)
{
    oft__jl v;
    if (!out)
        return OFT_EINVAL;
    *out = NULL;
    if (!data && len)
        return OFT_EINVAL;
    int rc = start(&v, out, opts);
    if (rc != OFT_OK)
        return rc;
    v.r->bytes = len;
    if (len)
        feed(&v, data, len, 1);
    return finish(&v, out, OFT_OK);
}

static int io_error(oft__jl *v, const char *what, const char *name, int err)
{
    char text[512];
    snprintf(text, sizeof(text), "cannot %s %s: %s", what, name, strerror(err));
    v->line = 0;
    v->io_failed = 1;
    oft__jl_problem(v, 0, OFT_JSONL_IO_ERROR, OFT_JSONL_ERROR, text);
    return OFT_EIO;
}

/* Reads fd to EOF through the line splitter; name is for messages. */
static int run_fd(oft__jl *v, int fd, const char *name)
{
    size_t cap = BLOCK_BYTES, have = 0;
    /* Enough to see that a line is longer than the limit, even with its '\r'. */
    size_t max_cap =
        v->max_line_bytes + 2 > BLOCK_BYTES ? v->max_line_bytes + 2 : BLOCK_BYTES;
    int skipping = 0, rc = OFT_OK;
    char *buf = oft__malloc(cap);
    if (!buf) {
        v->oom = 1;
        return OFT_ENOMEM;
    }
    while (!v->stop) {
        ssize_t n = read(fd, buf + have, cap - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = io_error(v, "read", name, errno);
            break;
        }
        v->r->bytes += (uint64_t)n;
        have += (size_t)n;
        int eof = n == 0;
        if (skipping) { /* the rest of an over-long line */
            const char *nl = memchr(buf, '\n', have);
            size_t drop = nl ? (size_t)(nl - buf) + 1 : have;
            v->line_offset += drop;
            memmove(buf, buf + drop, have - drop);
            have -= drop;
            skipping = nl == NULL;
        }
        size_t used = feed(v, buf, have, eof);
        memmove(buf, buf + used, have - used);
        have -= used;
        if (eof)
            break;
        if (have == cap) { /* one partial line fills the buffer */
            if (cap < max_cap) {
                size_t ncap = cap * 2 < max_cap ? cap * 2 : max_cap;
                char *nb = oft__realloc(buf, ncap);
                if (!nb) {
                    v->oom = 1;
                    rc = OFT_ENOMEM;
                    break;
                }
                buf = nb;
                cap = ncap;
            } else {
                one_line(v, buf, have); /* reports line_too_long */
                v->line_offset += have;
                have = 0;
                skipping = 1;
            }
        }
    }
    oft__free(buf);
    return rc;
}

int oft_jsonl_validate_fd(oft_jsonl_report **out, int fd, const oft_jsonl_options *opts)
{
    oft__jl v;
    if (!out)
        return OFT_EINVAL;
    *out = NULL;
    if (fd < 0)
        return OFT_EINVAL;
    int rc = start(&v, out, opts);
    if (rc != OFT_OK)
        return rc;
    char name[32];
    snprintf(name, sizeof(name), "file descriptor %d", fd);
    rc = run_fd(&v, fd, name);
    return finish(&v, out, rc);
}

int oft_jsonl_validate_path(oft_jsonl_report **out, const char *path,
                            const oft_jsonl_options *opts)
{
    oft__jl v;
    if (!out)
        return OFT_EINVAL;
    *out = NULL;
    if (!path || !*path)
        return OFT_EINVAL;
    int rc = start(&v, out, opts);
    if (rc != OFT_OK)
        return rc;
    oft__str name = OFT__STR_INIT;
    oft__str_printf(&name, "\"%s\"", path);
    if (name.oom) {
        oft__str_free(&name);
        oft_jsonl_report_free(v.r);
        return OFT_ENOMEM;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rc = io_error(&v, "open", name.ptr, errno);
    } else {
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        rc = run_fd(&v, fd, name.ptr);
        close(fd);
    }
    oft__str_free(&name);
    return finish(&v, out, rc);
}
