/*
 * State that lasts (--data-dir): the whole state in DIR/state.json, written
 * atomically (a temporary file, fsync, rename, fsync of the dir) before any
 * answer that depends on it is sent, so a crash loses nothing acknowledged.
 * Bytes a change removes are unlinked only once the state without them is
 * safe. A lock (DIR/.lock, flock) keeps a second emulator out; a directory
 * the emulator did not write, or a state.json it cannot read, is refused with
 * a message and left as it is.
 */
#include "emu.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define STATE_FILE "state.json"
#define STATE_TMP  "state.json.tmp"
#define LOCK_FILE  ".lock"
#define NOTHING    "nothing in it was changed"

/* Names of the emulator's own scratch files, besides the stored bytes. */
static int is_scratch(const char *name)
{
    return strcmp(name, LOCK_FILE) == 0 || strcmp(name, STATE_TMP) == 0 ||
           strncmp(name, ".probe-", 7) == 0 || strncmp(name, ".upload-", 8) == 0;
}

int emu_persist_check_dir(const char *dir, int *has_state, char *errbuf, size_t errlen)
{
    DIR *d = opendir(dir);
    char foreign[256] = "";
    *has_state = 0;
    if (!d) {
        snprintf(errbuf, errlen, "data dir %s: %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            is_scratch(e->d_name))
            continue;
        if (strcmp(e->d_name, STATE_FILE) == 0)
            *has_state = 1;
        else if (!foreign[0])
            snprintf(foreign, sizeof(foreign), "%s", e->d_name);
    }
    closedir(d);
    if (!*has_state && foreign[0]) {
        snprintf(errbuf, errlen,
                 "data dir %s: not an openai-ft-emulator data dir: it holds '%s' and no "
                 "%s; give a new or empty directory (" NOTHING ")",
                 dir, foreign, STATE_FILE);
        return -1;
    }
    return 0;
}

/* Checks the header of a parsed state: ours, and a version this build reads. */
static int check_header(const char *dir, json_t *st, char *errbuf, size_t errlen)
{
    const char *format = json_string_value(json_object_get(st, "format"));
    json_t *version = json_object_get(st, "version");
    if (!format || strcmp(format, EMU_STATE_FORMAT) != 0 || !json_is_integer(version)) {
        snprintf(errbuf, errlen,
                 "data dir %s: %s was not written by openai-ft-emulator (no \"format\": "
                 "\"%s\" and version); " NOTHING,
                 dir, STATE_FILE, EMU_STATE_FORMAT);
        return -1;
    }
    if (json_integer_value(version) != EMU_STATE_VERSION) {
        snprintf(
            errbuf, errlen,
            "data dir %s: %s has version %lld; this openai-ft-emulator reads version "
            "%d (" NOTHING ")",
            dir, STATE_FILE, (long long)json_integer_value(version), EMU_STATE_VERSION);
        return -1;
    }
    return 0;
}

int emu_persist_load(oft_emu *emu, char *errbuf, size_t errlen)
{
    char *path = emu_path_join(emu->data_dir, STATE_FILE);
    json_error_t je;
    json_t *st = path ? json_load_file(path, JSON_REJECT_DUPLICATES, &je) : NULL;
    free(path);
    if (!st) {
        snprintf(errbuf, errlen, "data dir %s: %s is corrupt (%s, line %d); " NOTHING,
                 emu->data_dir, STATE_FILE, je.text, je.line);
        return -1;
    }
    char why[512];
    int rc = check_header(emu->data_dir, st, errbuf, errlen);
    if (rc == 0 && emu_store_restore(emu, st, why, sizeof(why)) != 0) {
        snprintf(errbuf, errlen, "data dir %s: %s is corrupt: %s; " NOTHING,
                 emu->data_dir, STATE_FILE, why);
        rc = -1;
    }
    json_decref(st);
    return rc;
}

int emu_persist_lock(oft_emu *emu, char *errbuf, size_t errlen)
{
    char *path = emu_path_join(emu->data_dir, LOCK_FILE);
    int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
    free(path);
    if (fd < 0) {
        snprintf(errbuf, errlen, "data dir %s: cannot create %s: %s", emu->data_dir,
                 LOCK_FILE, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int busy = errno == EWOULDBLOCK;
        snprintf(errbuf, errlen, "data dir %s %s", emu->data_dir,
                 busy ? "is in use by another openai-ft-emulator" : "cannot be locked");
        close(fd);
        return -1;
    }
    emu->lock_fd = fd;
    return 0;
}

/* Writes text to dir/tmp, then renames it to dir/name; both made durable. */
static int write_atomic(const char *dir, const char *text)
{
    char *tmp = emu_path_join(dir, STATE_TMP), *dest = emu_path_join(dir, STATE_FILE);
    int fd = tmp ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    int rc = fd >= 0 && dest ? 0 : -1;
    for (size_t off = 0, len = strlen(text); rc == 0 && off < len;) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = -1;
        else
            off += (size_t)w;
    }
    if (rc == 0 && fsync(fd) != 0)
        rc = -1;
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, dest) != 0)
        rc = -1;
    if (rc == 0) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || fsync(dfd) != 0)
            rc = -1;
        if (dfd >= 0)
            close(dfd);
    }
    free(tmp);
    free(dest);
    return rc;
}

static void empty_trash(oft_emu *emu)
{
    for (size_t i = 0; i < emu->trash.len; i++) {
        char *path = emu_path_join(emu->data_dir, emu->trash.items[i]);
        if (path)
            unlink(path);
        free(path);
        free(emu->trash.items[i]);
    }
    emu->trash.len = 0;
}

int emu_persist_save(oft_emu *emu)
{
    if (!emu->persist) {
        emu->dirty = 0;
        return 0;
    }
    char *text = emu_store_text(emu);
    errno = ENOMEM;
    int rc = text ? write_atomic(emu->data_dir, text) : -1;
    free(text);
    if (rc != 0) {
        emu_log(emu, OFT_EMU_LOG_ERROR, "state.save_failed", NULL,
                "cannot save the state to %s/%s: %s", emu->data_dir, STATE_FILE,
                strerror(errno));
        return -1;
    }
    empty_trash(emu);
    emu->dirty = 0;
    emu->saved_mono = emu_now_mono_ms();
    return 0;
}

void emu_persist_trash(oft_emu *emu, const char *name)
{
    char *copy = emu_strdup(name);
    if (copy && emu_vec_push(&emu->trash, copy) == 0)
        return;
    free(copy); /* out of memory: the bytes stay behind, the state is right */
}

void emu_persist_close(oft_emu *emu)
{
    for (size_t i = 0; i < emu->trash.len; i++)
        free(emu->trash.items[i]);
    free(emu->trash.items);
    emu->trash.items = NULL;
    emu->trash.len = emu->trash.cap = 0;
    if (emu->lock_fd >= 0)
        close(emu->lock_fd);
    emu->lock_fd = -1;
}
