/*
 * The emulator's --data-dir under kill -9 (a process suite): ten rounds of
 * writing clients (uploads, Uploads of parts, deletes, job creations, and an
 * upload that never finishes sending) against the binary, killed at a random
 * moment of each, restarted on the same directory. After each restart every
 * acknowledged file is there with its bytes, every acknowledged delete
 * stayed deleted, every acknowledged job is there, and the directory holds
 * nothing that nothing refers to: no partial upload, no bytes no file names,
 * no more parts than Uploads left open; the log says what was removed.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "emu_proc.h"

#define KEY    "sk-crash-test"
#define ROUNDS 10
#define MAXOBJ 4096

enum { LIVE, DELETED, UNSURE };

typedef struct obj {
    char id[64];
    char *bytes;
    int state; /* LIVE: acknowledged; DELETED: its delete acknowledged */
} obj;

static struct {
    pthread_mutex_t mu;
    obj objs[MAXOBJ];
    int nobjs;
    char jobs[MAXOBJ][64];
    int njobs;
    int open_uploads; /* created (acknowledged) and not completed (acknowledged) */
    char training[64];
    volatile int stop;
    char url[256];
    unsigned seed;
} w = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* A JSONL line of about `pad` bytes, different every time. */
static char *line_bytes(int n, size_t pad)
{
    char *s = malloc(pad + 200);
    assert_non_null(s);
    int k = snprintf(s, 200, "{\"messages\":[{\"role\":\"user\",\"content\":\"q%d ", n);
    memset(s + k, 'a' + n % 26, pad);
    snprintf(s + k + pad, 200, "\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n");
    return s;
}

static void add_obj(const char *id, char *bytes)
{
    pthread_mutex_lock(&w.mu);
    if (w.nobjs < MAXOBJ) {
        obj *o = &w.objs[w.nobjs++];
        snprintf(o->id, sizeof(o->id), "%s", id);
        o->bytes = bytes;
        o->state = LIVE;
    } else {
        free(bytes);
    }
    pthread_mutex_unlock(&w.mu);
}

/* POST /files, each acknowledged one kept. */
static void *uploader(void *arg)
{
    int n = (int)(intptr_t)arg * 100000;
    while (!w.stop) {
        char *bytes = line_bytes(n++, (size_t)(rand_r(&w.seed) % 200000));
        http_reply r = http_upload(w.url, KEY, "c.jsonl", bytes, "fine-tune");
        json_t *o = r.status == 200 ? http_json(&r) : NULL;
        if (o)
            add_obj(json_str(o, "id"), bytes);
        else
            free(bytes);
        json_decref(o);
        int gone = r.status == 0;
        http_reply_free(&r);
        if (gone)
            break;
    }
    return NULL;
}

/* An Upload: created, one part, completed; the file kept once acknowledged. */
static int one_upload(int n)
{
    char url[512], body[256], part[64], upload[64];
    char *bytes = line_bytes(n, 5000);
    snprintf(body, sizeof(body),
             "{\"filename\":\"u.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":%zu,"
             "\"mime_type\":\"text/jsonl\"}",
             strlen(bytes));
    snprintf(url, sizeof(url), "%s/uploads", w.url);
    http_reply r = http_do("POST", url, KEY, body);
    json_t *o = r.status == 200 ? http_json(&r) : NULL;
    int ok = o != NULL;
    if (ok) {
        snprintf(upload, sizeof(upload), "%s", json_str(o, "id"));
        pthread_mutex_lock(&w.mu);
        w.open_uploads++;
        pthread_mutex_unlock(&w.mu);
    }
    json_decref(o);
    http_reply_free(&r);
    if (ok) {
        snprintf(url, sizeof(url), "%s/uploads/%s/parts", w.url, upload);
        r = http_multipart(url, KEY, "data", "blob", bytes, NULL, NULL);
        o = r.status == 200 ? http_json(&r) : NULL;
        ok = o != NULL;
        if (ok)
            snprintf(part, sizeof(part), "%s", json_str(o, "id"));
        json_decref(o);
        http_reply_free(&r);
    }
    if (ok) {
        snprintf(url, sizeof(url), "%s/uploads/%s/complete", w.url, upload);
        snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\"]}", part);
        r = http_do("POST", url, KEY, body);
        o = r.status == 200 ? http_json(&r) : NULL;
        ok = o != NULL;
        if (ok) {
            add_obj(json_str(json_object_get(o, "file"), "id"), bytes);
            bytes = NULL;
            pthread_mutex_lock(&w.mu);
            w.open_uploads--;
            pthread_mutex_unlock(&w.mu);
        }
        json_decref(o);
        http_reply_free(&r);
    }
    free(bytes);
    return ok;
}

/* Deletes files and creates jobs, in turns, with Uploads in between. */
static void *mixer(void *arg)
{
    char url[512], body[256];
    for (int n = 900000; !w.stop; n++) {
        if (!one_upload(n))
            break;
        pthread_mutex_lock(&w.mu);
        obj *victim = NULL;
        for (int tries = 0; tries < 8 && !victim && w.nobjs; tries++) {
            obj *o = &w.objs[rand_r(&w.seed) % (unsigned)w.nobjs];
            victim = o->state == LIVE ? o : NULL;
        }
        if (victim)
            victim->state = UNSURE; /* until its delete is answered */
        pthread_mutex_unlock(&w.mu);
        snprintf(url, sizeof(url), "%s/files/%s", w.url, victim ? victim->id : "none");
        http_reply r = victim ? http_do("DELETE", url, KEY, NULL) : (http_reply){0};
        pthread_mutex_lock(&w.mu);
        if (victim && r.status == 200)
            victim->state = DELETED;
        pthread_mutex_unlock(&w.mu);
        http_reply_free(&r);
        snprintf(url, sizeof(url), "%s/fine_tuning/jobs", w.url);
        snprintf(body, sizeof(body),
                 "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}", w.training);
        r = http_do("POST", url, KEY, body);
        json_t *o = r.status == 200 ? http_json(&r) : NULL;
        pthread_mutex_lock(&w.mu);
        if (o && w.njobs < MAXOBJ)
            snprintf(w.jobs[w.njobs++], 64, "%s", json_str(o, "id"));
        pthread_mutex_unlock(&w.mu);
        json_decref(o);
        int gone = r.status == 0;
        http_reply_free(&r);
        if (gone)
            break;
    }
    return NULL;
}

/* An upload whose body stops half-way: its partial file is in the dir at the kill. */
static void *staller(void *arg)
{
    const char *root = arg;
    int port = atoi(strrchr(root, ':') + 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
        char head[1024], chunk[8192];
        int n =
            snprintf(head, sizeof(head),
                     "POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " KEY
                     "\r\nContent-Type: multipart/form-data; boundary=BB\r\n"
                     "Content-Length: 10000000\r\n\r\n--BB\r\nContent-Disposition: "
                     "form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n--BB\r\n"
                     "Content-Disposition: form-data; name=\"file\"; "
                     "filename=\"s.jsonl\"\r\n\r\n");
        memset(chunk, 'x', sizeof(chunk));
        if (write(fd, head, (size_t)n) == n)
            for (int i = 0; i < 16; i++)
                if (write(fd, chunk, sizeof(chunk)) < 0)
                    break;
        while (!w.stop)
            usleep(10000);
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

/* ---- the checks, after a restart ---- */

static long status_of(const char *method, const char *path, http_reply *keep)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s%s", w.url, path);
    http_reply r = http_do(method, url, KEY, NULL);
    long st = r.status;
    if (keep)
        *keep = r;
    else
        http_reply_free(&r);
    return st;
}

static void check_objects(void)
{
    char path[256];
    for (int i = 0; i < w.nobjs; i++) {
        obj *o = &w.objs[i];
        if (o->state == DELETED) {
            snprintf(path, sizeof(path), "/files/%s", o->id);
            if (status_of("GET", path, NULL) != 404)
                fail_msg("%s: its delete was acknowledged, and it came back", o->id);
        } else if (o->state == LIVE) {
            http_reply r;
            snprintf(path, sizeof(path), "/files/%s/content", o->id);
            if (status_of("GET", path, &r) != 200 || r.len != strlen(o->bytes) ||
                memcmp(r.body, o->bytes, r.len) != 0)
                fail_msg("%s: acknowledged, and not there with its bytes (status %ld)",
                         o->id, r.status);
            http_reply_free(&r);
        }
    }
    for (int i = 0; i < w.njobs; i++) {
        snprintf(path, sizeof(path), "/fine_tuning/jobs/%s", w.jobs[i]);
        if (status_of("GET", path, NULL) != 200)
            fail_msg("job %s: acknowledged, and gone", w.jobs[i]);
    }
}

/* Nothing in dir that nothing refers to. */
static void check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int parts = 0;
    char path[300];
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, ".upload-", 8) == 0)
            fail_msg("a partial upload is left over: %s", e->d_name);
        if (strncmp(e->d_name, "part_", 5) == 0)
            parts++;
        snprintf(path, sizeof(path), "/files/%s", e->d_name);
        if (strncmp(e->d_name, "file-", 5) == 0 && status_of("GET", path, NULL) != 200)
            fail_msg("%s is in the data dir and no file refers to it", e->d_name);
    }
    closedir(d);
    if (parts > w.open_uploads)
        fail_msg("%d parts in the data dir, and only %d Uploads left open", parts,
                 w.open_uploads);
}

static void start_on(emu_proc *p, const char *dir)
{
    const char *args[] = {"--api-key", KEY, "--job-duration", "5", "--data-dir",
                          dir,         NULL};
    emu_proc_start(p, args);
    snprintf(w.url, sizeof(w.url), "%s", p->url);
}

/* The restarted emulator's log says what it removed. */
static void check_log(const emu_proc *p)
{
    char *err = emu_slurp(p->err);
    if (!strstr(err, "that no kept state refers to"))
        fail_msg("the log does not say what was removed: %s", err);
    free(err);
}

static void one_round(emu_proc *p, const char *dir)
{
    pthread_t t[4];
    w.stop = 0;
    pthread_create(&t[0], NULL, staller, p->root);
    pthread_create(&t[1], NULL, uploader, (void *)(intptr_t)1);
    pthread_create(&t[2], NULL, uploader, (void *)(intptr_t)2);
    pthread_create(&t[3], NULL, mixer, NULL);
    usleep((useconds_t)(200000 + rand_r(&w.seed) % 600000));
    assert_int_equal(kill(p->pid, SIGKILL), 0);
    w.stop = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    emu_proc_kill_all();
    emu_proc_cleanup(p);
    start_on(p, dir);
    check_log(p);
    check_objects();
    check_dir(dir);
}

static void test_kill_9_under_write_load(void **state)
{
    char base[] = "/tmp/oft-emu-crash-XXXXXX", dir[64], cmd[128];
    assert_non_null(mkdtemp(base));
    snprintf(dir, sizeof(dir), "%s/data", base);
    w.seed = (unsigned)time(NULL);
    printf("# seed %u\n", w.seed);
    emu_proc p;
    start_on(&p, dir);
    char *train = line_bytes(0, 10);
    http_upload_id(w.url, KEY, "train.jsonl", train, w.training, sizeof(w.training));
    free(train);
    for (int round = 0; round < ROUNDS; round++)
        one_round(&p, dir);
    printf("# %d files, %d jobs acknowledged over %d kills\n", w.nobjs, w.njobs, ROUNDS);
    assert_int_equal(emu_proc_stop(&p), 0);
    emu_proc_cleanup(&p);
    for (int i = 0; i < w.nobjs; i++)
        free(w.objs[i].bytes);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
    assert_int_equal(system(cmd), 0);
}

int main(int argc, char **argv)
{
    if (emu_proc_init(argc, argv) != 0)
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_kill_9_under_write_load, emu_proc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
