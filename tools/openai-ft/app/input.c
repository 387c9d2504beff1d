/*
 * openai-ft: files named by a path or by `-` (stdin). An upload needs a
 * regular file (its size, and a re-read on a retry): stdin from a pipe is
 * spooled to a temporary file first, unlinked at once so that nothing is left
 * behind whatever happens.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/input.h"
#include "base/cli.h"
#include "ui/output.h"

/* Copies stdin into fd; 0 or the errno of the failure. */
static int copy_stdin(int fd)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf)), off = 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        if (n == 0)
            return 0;
        while (off < n) {
            ssize_t w = write(fd, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return errno;
            off += w;
        }
    }
}

static int spool_stdin(cli *c, cli_input *in)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int fd, err;
    snprintf(path, sizeof(path), "%s/openai-ft-stdin-XXXXXX",
             dir != NULL && dir[0] != '\0' ? dir : "/tmp");
    fd = mkstemp(path);
    if (fd < 0) {
        cli_err(c, "cannot spool stdin: %s: %s", path, strerror(errno));
        return CLI_EUSAGE;
    }
    unlink(path); /* the descriptor keeps it until we close it */
    if ((err = copy_stdin(fd)) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
        cli_err(c, "cannot spool stdin to %s: %s", dir != NULL ? dir : "/tmp",
                strerror(err != 0 ? err : errno));
        close(fd);
        return CLI_EUSAGE;
    }
    in->fd = fd;
    return 0;
}

int cli_input_open(cli *c, cli_input *in, const char *arg, const char *filename)
{
    struct stat st;
    memset(in, 0, sizeof(*in));
    in->fd = -1;
    if (strcmp(arg, "-") != 0) {
        in->path = arg;
        in->shown = arg;
        in->filename = filename;
        return 0;
    }
    in->shown = "stdin";
    in->filename = filename != NULL ? filename : "stdin.jsonl";
    if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
        lseek(STDIN_FILENO, 0, SEEK_CUR) == 0) {
        in->fd = STDIN_FILENO; /* a redirected file: read it in place */
        return 0;
    }
    return spool_stdin(c, in);
}

void cli_input_close(cli_input *in)
{
    if (in->fd > STDIN_FILENO)
        close(in->fd);
    in->fd = -1;
}
