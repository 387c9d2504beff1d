/*
 * openai-ft: the short-lived cache of the resource IDs shell completion
 * offers, so that each Tab does not ask the API again: 30 seconds, under
 * $XDG_CACHE_HOME/openai-ft (else ~/.cache/openai-ft), a directory of mode
 * 0700 owned by the user (any other is not used), files of mode 0600 written
 * whole and renamed into place. A file holds the IDs of one kind for one API
 * scope (base URL, organization, project) and never a key: two keys of one
 * scope share it (for 30 seconds at most).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/cache.h"

#define CACHE_TTL_S 30

int cli_ids_add(cli_id_list *l, const char *id)
{
    char *copy;
    if (id == NULL || id[0] == '\0' || id[strcspn(id, "\n\r\t")] != '\0')
        return 0; /* an ID a line cannot hold is not offered */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **grown = realloc(l->ids, cap * sizeof(*grown));
        if (grown == NULL)
            return -1;
        l->ids = grown;
        l->cap = cap;
    }
    if ((copy = strdup(id)) == NULL)
        return -1;
    l->ids[l->n++] = copy;
    return 0;
}

void cli_ids_free(cli_id_list *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->ids[i]);
    free(l->ids);
    memset(l, 0, sizeof(*l));
}

/* A directory we own that nobody else may read or write. */
static int private_dir(const char *path)
{
    struct stat st;
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return 0;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
           (st.st_mode & 077) == 0;
}

/* The cache directory into dir (created), or 0 when there is none to use. */
static int cache_dir(char *dir, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char base[4096];
    if (xdg != NULL && xdg[0] == '/') {
        snprintf(base, sizeof(base), "%s", xdg);
    } else if (home != NULL && home[0] == '/') {
        snprintf(base, sizeof(base), "%s/.cache", home);
    } else {
        return 0;
    }
    (void)mkdir(base, 0700); /* the user's cache root; used as it is when it exists */
    if ((size_t)snprintf(dir, cap, "%s/openai-ft", base) >= cap)
        return 0;
    return private_dir(dir);
}

/* dir/KIND-HASH: FNV-1a of the scope names the file; the scope line inside
 * tells two scopes of one hash apart. */
static int cache_path(char *path, size_t cap, const char *kind, const char *scope)
{
    char dir[4200];
    unsigned long long h = 1469598103934665603ull;
    const unsigned char *p;
    if (!cache_dir(dir, sizeof(dir)))
        return 0;
    for (p = (const unsigned char *)scope; *p != '\0'; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (size_t)snprintf(path, cap, "%s/%s-%016llx", dir, kind, h) < cap;
}

int cli_cache_read(cli_id_list *l, const char *kind, const char *scope)
{
    char path[4300], line[4096];
    struct stat st;
    time_t now = time(NULL);
    FILE *f;
    int fd, ok = 0;
    if (!cache_path(path, sizeof(path), kind, scope))
        return -1;
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        st.st_mtime > now + 1 || now - st.st_mtime >= CACHE_TTL_S ||
        (f = fdopen(fd, "r")) == NULL) {
        close(fd);
        return -1;
    }
    if (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        ok = strcmp(line, scope) == 0;
    }
    while (ok && fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (cli_ids_add(l, line) != 0)
            ok = 0;
    }
    fclose(f);
    if (!ok)
        cli_ids_free(l);
    return ok ? 0 : -1;
}

void cli_cache_write(const cli_id_list *l, const char *kind, const char *scope)
{
    char path[4300], tmp[4400];
    size_t i;
    FILE *f;
    int fd;
    if (strchr(scope, '\n') != NULL || !cache_path(path, sizeof(path), kind, scope))
        return;
    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0) /* mode 0600 */
        return;
    if ((f = fdopen(fd, "w")) == NULL) {
        close(fd);
        unlink(tmp);
        return;
    }
    fprintf(f, "%s\n", scope);
    for (i = 0; i < l->n; i++)
        fprintf(f, "%s\n", l->ids[i]);
    if (fclose(f) != 0 || rename(tmp, path) != 0)
        unlink(tmp);
}
