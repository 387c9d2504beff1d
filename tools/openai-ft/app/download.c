/*
 * openai-ft files download ID -o PATH: where the bytes go. A regular file (or
 * a new one) is written by the library to a temporary file renamed into
 * place; `-` is stdout; a character device or a FIFO is written to, never
 * replaced; a symbolic link is refused unless --force (which replaces the
 * link itself). Ctrl-C and SIGTERM interrupt the transfer: the library then
 * removes its temporary file and the command exits 130 / 143.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/download.h"
#include "app/api_error.h"
#include "app/client.h"
#include "app/signals.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"

/* Opens a device, FIFO or socket to write through it. */
static int open_through(cli *c, const char *output, int *fd)
{
    *fd = open(output, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (*fd < 0) {
        cli_err(c, "cannot open %s: %s", output, strerror(errno));
        return CLI_EUSAGE;
    }
    return 0;
}

static int written_through(mode_t mode)
{
    return S_ISCHR(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/* Where output leads: 0 with *fd set (-1: a path for the library), or an exit
 * code (printed). */
static int open_target(cli *c, const char *output, int force, int *fd)
{
    struct stat st, target;
    *fd = -1;
    if (strcmp(output, "-") == 0) {
        *fd = STDOUT_FILENO;
        return 0;
    }
    if (lstat(output, &st) != 0)
        return 0; /* a new file */
    if (S_ISREG(st.st_mode))
        return 0;
    if (written_through(st.st_mode))
        return open_through(c, output, fd);
    if (S_ISLNK(st.st_mode)) {
        /* a link to a device or a pipe (as /dev/stdout is) is written through */
        if (stat(output, &target) == 0 && written_through(target.st_mode))
            return open_through(c, output, fd);
        if (force)
            return 0;
        cli_err(c, "%s is a symbolic link; not replaced (--force replaces the link)",
                output);
        return CLI_EUSAGE;
    }
    if (S_ISDIR(st.st_mode))
        cli_err(c, "%s is a directory", output);
    else
        cli_err(c, "%s is not a regular file, a character device or a FIFO", output);
    return CLI_EUSAGE;
}

int cli_download(cli *c, const char *id, const char *output, int force)
{
    int fd, rc;
    if ((rc = open_target(c, output, force, &fd)) != 0)
        return rc;
    if (cli_client(c) == NULL) {
        if (fd > STDOUT_FILENO)
            close(fd);
        return c->client_exit;
    }
    cli_signals_arm(c);
    rc = fd >= 0 ? oft_file_download_fd(c->client, id, fd)
                 : oft_file_download(c->client, id, output);
    cli_signals_disarm();
    if (fd > STDOUT_FILENO && close(fd) != 0 && rc == OFT_OK) {
        cli_err(c, "cannot write %s: %s", output, strerror(errno));
        return CLI_EUSAGE;
    }
    if (rc == OFT_EIO) { /* a local failure: the message names the path */
        cli_err(c, "%s", cli_text(oft_error_message(oft_client_last_error(c->client))));
        return CLI_EUSAGE;
    }
    if (rc != OFT_OK)
        return cli_api_fail(c, rc, "download the file");
    if (fd == STDOUT_FILENO)
        return CLI_OK; /* the content is the output */
    if (c->json) {
        fputs("{\"id\":", stdout);
        cli_json_str(id);
        fputs(",\"path\":", stdout);
        cli_json_str(output);
        fputs("}\n", stdout);
    } else {
        cli_info(c, "saved %s to %s", cli_text(id), output);
    }
    return CLI_OK;
}
