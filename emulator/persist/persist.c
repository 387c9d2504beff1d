/*
 * State that lasts (--data-dir): the objects as rows of DIR/state.db
 * (persist_db.c), each change committed before any answer that depends on it
 * is sent, so a crash loses nothing acknowledged. Stored bytes are files of
 * their own (named by their file or part ID), fsync'd and renamed into place
 * before the row naming them is committed; bytes a change removes are
 * unlinked only once the state without them is committed. What a crash left
 * behind (partial uploads, bytes no committed row names) is removed at the
 * next start, and the log says how much. A lock (DIR/.lock, flock) keeps a
 * second emulator out; a directory the emulator did not write, or a state it
 * cannot read, is refused with a message and left as it is. A state.json of
 * old (the whole state in one text) is read once and moved into state.db; it
 * is then renamed state.json.migrated.
 */
#include "persist/persist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define DB_FILE    "state.db"
#define STATE_FILE "state.json" /* of old: read once, moved into DB_FILE */
#define STATE_OLD  "state.json.migrated"
#define STATE_TMP  "state.json.tmp"
#define LOCK_FILE  ".lock"
#define NOTHING    "nothing in it was changed"

/* Partial files a crash may leave: never referred to by any state. */
static int is_temp(const char *name)
{
    return strcmp(name, STATE_TMP) == 0 || strncmp(name, ".probe-", 7) == 0 ||
           strncmp(name, ".upload-", 8) == 0;
}

/* Names of the emulator's own files, besides the stored bytes. */
static int is_scratch(const char *name)
{
    return is_temp(name) || strcmp(name, LOCK_FILE) == 0 ||
           strcmp(name, STATE_OLD) == 0 || strcmp(name, DB_FILE "-wal") == 0 ||
           strcmp(name, DB_FILE "-shm") == 0;
}

/* Whether dir/name exists. */
static int exists(const char *dir, const char *name)
{
    char *path = emu_path_join(dir, name);
    int ok = path && access(path, F_OK) == 0;
    free(path);
    return ok;
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
        if (strcmp(e->d_name, STATE_FILE) == 0 || strcmp(e->d_name, DB_FILE) == 0)
            *has_state = 1;
        else if (!foreign[0])
            snprintf(foreign, sizeof(foreign), "%s", e->d_name);
    }
    closedir(d);
    if (!*has_state && foreign[0]) {
        snprintf(errbuf, errlen,
                 "data dir %s: not an openai-ft-emulator data dir: it holds '%s' and no "
                 "%s; give a new or empty directory (" NOTHING ")",
                 dir, foreign, DB_FILE);
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

/* Reads a state.json of old into emu. */
static int load_json(oft_emu *emu, char *errbuf, size_t errlen)
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

static int state_empty(const oft_emu *emu)
{
    return !emu->state->files.len && !emu->state->uploads.len && !emu->state->jobs.len &&
           !emu->state->perms.len;
}

int emu_persist_load(oft_emu *emu, char *errbuf, size_t errlen)
{
    if (exists(emu->data_dir, DB_FILE) && (emu_db_open(emu, 0, errbuf, errlen) != 0 ||
                                           emu_db_load(emu, errbuf, errlen) != 0))
        return -1;
    /* A state.json not moved yet: the database is missing, or new and empty
     * (a first start cut short before the state.json's rows were committed). */
    if (!exists(emu->data_dir, STATE_FILE) || !state_empty(emu))
        return 0;
    emu->store->migrating = 1;
    return load_json(emu, errbuf, errlen);
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
    emu->store->lock_fd = fd;
    return 0;
}

/* ---- what a crash left behind ---- */

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of every stored bytes' file the state refers to, sorted. */
static const char **referred(oft_emu *emu, size_t *n)
{
    size_t cap = emu->state->files.len + 1;
    for (size_t i = 0; i < emu->state->uploads.len; i++)
        cap += ((emu_upload *)emu->state->uploads.items[i])->parts.len;
    const char **names = malloc(cap * sizeof(*names));
    if (!names)
        return NULL;
    *n = 0;
    for (size_t i = 0; i < emu->state->files.len; i++)
        names[(*n)++] = ((emu_file *)emu->state->files.items[i])->id;
    for (size_t i = 0; i < emu->state->uploads.len; i++) {
        emu_upload *u = emu->state->uploads.items[i];
        for (size_t k = 0; k < u->parts.len; k++)
            names[(*n)++] = ((emu_part *)u->parts.items[k])->id;
    }
    qsort(names, *n, sizeof(*names), cmp_name);
    return names;
}

/* Whether name is left over: a partial file, or bytes no row refers to. */
static int left_over(const char *name, const char **names, size_t n)
{
    if (is_temp(name))
        return 1;
    if (strncmp(name, "file-", 5) != 0 && strncmp(name, "part_", 5) != 0)
        return 0; /* the state, the lock, or not ours: left alone */
    return !bsearch(&name, names, n, sizeof(*names), cmp_name);
}

/* Removes what no committed state refers to, and says how much. */
static int sweep(oft_emu *emu, char *errbuf, size_t errlen)
{
    size_t n = 0, count = 0;
    long long bytes = 0;
    const char **names = referred(emu, &n);
    DIR *d = names ? opendir(emu->data_dir) : NULL;
    if (!d) {
        free(names);
        snprintf(errbuf, errlen, "data dir %s: cannot list it", emu->data_dir);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!left_over(e->d_name, names, n))
            continue;
        struct stat st;
        char *path = emu_path_join(emu->data_dir, e->d_name);
        if (path && lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0) {
            count++;
            bytes += (long long)st.st_size;
        }
        free(path);
    }
    closedir(d);
    free(names);
    emu_log(emu, OFT_EMU_LOG_INFO, "state.swept", NULL,
            "data dir %s: removed %zu files (%lld bytes) that no kept state refers to",
            emu->data_dir, count, bytes);
    return 0;
}

int emu_persist_open(oft_emu *emu, char *errbuf, size_t errlen)
{
    if (!emu->store->db && emu_db_open(emu, 1, errbuf, errlen) != 0)
        return -1;
    if (sweep(emu, errbuf, errlen) != 0)
        return -1;
    emu->persist = 1;
    emu->state->save_all = emu->store->migrating;
    if (emu_persist_save(emu) != 0) {
        snprintf(errbuf, errlen, "data dir %s: cannot write its %s", emu->data_dir,
                 DB_FILE);
        return -1;
    }
    /* Its objects are rows now: the old text is kept aside, never read again. */
    char *from = emu_path_join(emu->data_dir, STATE_FILE);
    char *to = emu_path_join(emu->data_dir, STATE_OLD);
    if (from && to && access(from, F_OK) == 0 && rename(from, to) == 0)
        emu_log(emu, OFT_EMU_LOG_INFO, "state.migrated", NULL,
                "data dir %s: %s moved into %s, and renamed %s", emu->data_dir,
                STATE_FILE, DB_FILE, STATE_OLD);
    free(from);
    free(to);
    emu->store->migrating = 0;
    return 0;
}

static void touched_clear(oft_emu *emu)
{
    for (size_t i = 0; i < emu->state->touched.len; i++)
        free(emu->state->touched.items[i]);
    emu->state->touched.len = 0;
}

static void empty_trash(oft_emu *emu)
{
    for (size_t i = 0; i < emu->state->trash.len; i++) {
        char *path = emu_path_join(emu->data_dir, emu->state->trash.items[i]);
        if (path)
            unlink(path);
        free(path);
        free(emu->state->trash.items[i]);
    }
    emu->state->trash.len = 0;
}

int emu_persist_save(oft_emu *emu)
{
    if (!emu->persist) {
        emu->state->dirty = 0;
        touched_clear(emu);
        return 0;
    }
    if (emu_db_save(emu) != 0) {
        emu_log(emu, OFT_EMU_LOG_ERROR, "state.save_failed", NULL,
                "cannot save the state to %s/%s", emu->data_dir, DB_FILE);
        return -1;
    }
    touched_clear(emu);
    empty_trash(emu);
    emu->state->dirty = 0;
    emu->store->saved_mono = emu_now_mono_ms();
    return 0;
}

void emu_persist_close(oft_emu *emu)
{
    emu_db_close(emu);
    EMU_VEC_FREE_ALL(&emu->state->touched, free);
    EMU_VEC_FREE_ALL(&emu->state->trash, free);
    if (emu->store->lock_fd >= 0)
        close(emu->store->lock_fd);
    emu->store->lock_fd = -1;
}
