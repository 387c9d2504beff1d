/*
 * State that lasts: the openai-ft-emulator binary on a --data-dir keeps its
 * files, uploads, jobs (with events and checkpoints), models and permissions
 * across a stop and a start, jobs going on from where they were; what it
 * acknowledged survives a SIGKILL; a corrupt, foreign, newer or busy
 * directory is refused with a clear message and left as it was.
 *   test_emulator_persist PATH-TO-openai-ft-emulator
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "emu_proc.h"

#define KEY "sk-persist"

static const char chat_line[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                                "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";

typedef struct dir {
    char base[64];
    char path[128]; /* base/data: the data dir */
} dir;

static void dir_make(dir *d)
{
    snprintf(d->base, sizeof(d->base), "/tmp/oft-emu-persist-XXXXXX");
    assert_non_null(mkdtemp(d->base));
    snprintf(d->path, sizeof(d->path), "%s/data", d->base);
}

static void dir_remove(dir *d)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->base);
    assert_int_equal(system(cmd), 0);
}

static void start_on(emu_proc *p, const dir *d)
{
    const char *args[] = {"--quiet", "--api-key",  KEY,     "--job-duration",
                          "3600",    "--data-dir", d->path, NULL};
    emu_proc_start(p, args);
}

static json_t *api(emu_proc *p, long status, const char *method, const char *path,
                   const char *body)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s%s", p->url, path);
    return http_expect(status, method, url, KEY, body);
}

static json_t *control(emu_proc *p, const char *method, const char *path,
                       const char *body)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s%s", p->root, path);
    return http_expect(200, method, url, NULL, body);
}

static void upload(emu_proc *p, char *id, size_t cap)
{
    char data[2048] = "";
    for (int i = 0; i < 10; i++)
        strcat(data, chat_line);
    http_upload_id(p->url, KEY, "train.jsonl", data, id, cap);
}

static void create_job(emu_proc *p, const char *file, char *id, size_t cap)
{
    char body[256];
    snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini\",\"training_file\":\"%s\"}",
             file);
    json_t *j = api(p, 200, "POST", "/fine_tuning/jobs", body);
    snprintf(id, cap, "%s", json_str(j, "id"));
    json_decref(j);
}

/* The state without what depends on the moment it is read (estimated_finish). */
static json_t *stable_state(emu_proc *p)
{
    json_t *st = control(p, "GET", "/_emulator/state", NULL);
    size_t i;
    json_t *job;
    json_array_foreach(json_object_get(st, "jobs"), i, job)
        json_object_del(job, "estimated_finish");
    return st;
}

static json_t *events_of(emu_proc *p, const char *job)
{
    char path[256];
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/events?limit=10000", job);
    return api(p, 200, "GET", path, NULL);
}

static void assert_json_equal(json_t *a, json_t *b, const char *what)
{
    if (!json_equal(a, b)) {
        char *x = json_dumps(a, JSON_COMPACT), *y = json_dumps(b, JSON_COMPACT);
        fail_msg("%s differs after the restart:\nbefore %.3000s\nafter  %.3000s", what, x,
                 y);
    }
}

/* A pending upload of two parts, one added: its id and part id. */
static void start_upload(emu_proc *p, char *up, char *part, size_t cap)
{
    json_t *u = api(p, 200, "POST", "/uploads",
                    "{\"filename\":\"big.jsonl\",\"purpose\":\"fine-tune\",\"bytes\":6,"
                    "\"mime_type\":\"text/jsonl\"}");
    snprintf(up, cap, "%s", json_str(u, "id"));
    json_decref(u);
    char url[512];
    snprintf(url, sizeof(url), "%s/uploads/%s/parts", p->url, up);
    http_reply r = http_multipart(url, KEY, "data", "part", "abc", NULL, NULL);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    snprintf(part, cap, "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
}

typedef struct world {
    char file[64], done[64], running[64], paused[64], fresh[64], up[64], part[64];
    char model[256];
} world;

/* Objects of every kind, jobs in every state. */
static void build_world(emu_proc *p, world *w)
{
    char path[512];
    upload(p, w->file, sizeof(w->file));
    create_job(p, w->file, w->done, sizeof(w->done));
    create_job(p, w->file, w->running, sizeof(w->running));
    create_job(p, w->file, w->paused, sizeof(w->paused));
    create_job(p, w->file, w->fresh, sizeof(w->fresh));
    snprintf(path, sizeof(path), "/_emulator/jobs/%s/advance", w->done);
    json_t *j = control(p, "POST", path, "{\"to\":\"end\"}");
    snprintf(w->model, sizeof(w->model), "%s", json_str(j, "fine_tuned_model"));
    json_decref(j);
    snprintf(path, sizeof(path), "/_emulator/jobs/%s/advance", w->running);
    json_decref(control(p, "POST", path, "{\"to\":\"running\"}"));
    snprintf(path, sizeof(path), "/_emulator/jobs/%s/advance", w->paused);
    json_decref(control(p, "POST", path, "{\"to\":\"running\"}"));
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/pause", w->paused);
    json_decref(api(p, 200, "POST", path, NULL));
    char *esc = curl_easy_escape(NULL, w->model, 0);
    snprintf(path, sizeof(path), "/fine_tuning/checkpoints/%s/permissions", esc);
    curl_free(esc);
    json_decref(api(p, 200, "POST", path, "{\"project_ids\":[\"proj_a\",\"proj_b\"]}"));
    start_upload(p, w->up, w->part, sizeof(w->up));
}

static char *content_of(emu_proc *p, const char *file)
{
    char url[512];
    snprintf(url, sizeof(url), "%s/files/%s/content", p->url, file);
    http_reply r = http_do("GET", url, KEY, NULL);
    assert_int_equal(r.status, 200);
    return r.body;
}

static void test_everything_survives_a_restart(void **state)
{
    dir d;
    dir_make(&d);
    emu_proc p;
    world w;
    start_on(&p, &d);
    build_world(&p, &w);
    json_t *before = stable_state(&p);
    const char *jobs[] = {w.done, w.running, w.paused, w.fresh};
    json_t *events[4];
    for (int i = 0; i < 4; i++)
        events[i] = events_of(&p, jobs[i]);
    char *bytes = content_of(&p, w.file);
    assert_int_equal(emu_proc_stop(&p), 0);
    emu_proc_cleanup(&p);

    start_on(&p, &d);
    json_t *after = stable_state(&p);
    assert_json_equal(before, after, "GET /_emulator/state");
    for (int i = 0; i < 4; i++) {
        json_t *again = events_of(&p, jobs[i]);
        assert_json_equal(events[i], again, "a job's events");
        json_decref(again);
    }
    char *again = content_of(&p, w.file);
    assert_string_equal(again, bytes);
    free(again);
    free(bytes);

    /* Jobs go on from where they were; the upload can be completed. */
    char path[512], body[256];
    snprintf(path, sizeof(path), "/_emulator/jobs/%s/advance", w.running);
    json_t *j = control(&p, "POST", path, "{\"to\":\"end\"}");
    assert_string_equal(json_str(j, "status"), "succeeded");
    json_decref(j);
    json_t *later = events_of(&p, w.running);
    size_t n_old = json_array_size(json_object_get(events[1], "data"));
    size_t n_new = json_array_size(json_object_get(later, "data"));
    assert_true(n_new > n_old);
    for (size_t k = 0; k < n_old; k++) /* newest first: the old ones come last */
        assert_true(json_equal(
            json_array_get(json_object_get(events[1], "data"), k),
            json_array_get(json_object_get(later, "data"), n_new - n_old + k)));
    json_decref(later);
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/resume", w.paused);
    j = api(&p, 200, "POST", path, NULL);
    assert_string_equal(json_str(j, "status"), "queued");
    json_decref(j);
    snprintf(path, sizeof(path), "/uploads/%s/complete", w.up);
    snprintf(body, sizeof(body), "{\"part_ids\":[\"%s\"]}", w.part);
    j = api(&p, 400, "POST", path, body); /* 3 of 6 bytes: the upload is still pending */
    json_decref(j);
    for (int i = 0; i < 4; i++)
        json_decref(events[i]);
    json_decref(before);
    json_decref(after);
    assert_int_equal(emu_proc_stop(&p), 0);
    emu_proc_cleanup(&p);
    dir_remove(&d);
}

/* What was acknowledged is there after a SIGKILL, whatever moment it came. */
static void test_acknowledged_survives_sigkill(void **state)
{
    dir d;
    dir_make(&d);
    emu_proc p;
    char file[64], job[64], path[256];
    start_on(&p, &d);
    upload(&p, file, sizeof(file));
    create_job(&p, file, job, sizeof(job));
    assert_int_equal(kill(p.pid, SIGKILL), 0);
    emu_proc_kill_all();
    emu_proc_cleanup(&p);

    start_on(&p, &d);
    snprintf(path, sizeof(path), "/files/%s", file);
    json_decref(api(&p, 200, "GET", path, NULL));
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s", job);
    json_decref(api(&p, 200, "GET", path, NULL));
    snprintf(path, sizeof(path), "/files/%s", file);
    json_decref(api(&p, 200, "DELETE", path, NULL));
    assert_int_equal(kill(p.pid, SIGKILL), 0);
    emu_proc_kill_all();
    emu_proc_cleanup(&p);

    start_on(&p, &d); /* the delete was acknowledged too */
    json_decref(api(&p, 404, "GET", path, NULL));
    assert_int_equal(emu_proc_stop(&p), 0);
    emu_proc_cleanup(&p);
    dir_remove(&d);
}

/* The emulator refuses d: exit code, a message with each needle; nothing changed. */
static void assert_refused(dir *d, int code, const char *needle, const char *needle2)
{
    char cmd[1024], before[128], after[128];
    snprintf(before, sizeof(before), "%s/before", d->base);
    snprintf(after, sizeof(after), "%s/after", d->base);
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && ls -lA --time-style=full-iso . > '%s' && "
             "cat ./* 2>/dev/null | md5sum >> '%s'",
             d->path, before, before);
    assert_int_equal(system(cmd), 0);
    emu_proc p;
    const char *args[] = {"--data-dir", d->path, NULL};
    emu_proc_spawn(&p, args, NULL);
    assert_int_equal(emu_proc_wait_bounded(&p, 30), code);
    char *err = emu_slurp(p.err);
    if (!strstr(err, needle) || (needle2 && !strstr(err, needle2)))
        fail_msg("stderr lacks '%s' / '%s': %s", needle, needle2 ? needle2 : "", err);
    free(err);
    emu_proc_cleanup(&p);
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && ls -lA --time-style=full-iso . > '%s' && "
             "cat ./* 2>/dev/null | md5sum >> '%s' && cmp -s '%s' '%s'",
             d->path, after, after, before, after);
    assert_int_equal(system(cmd), 0);
}

static void write_file(const char *dirpath, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dirpath, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_bad_dirs_refused(void **state)
{
    static const struct {
        const char *name, *text, *needle, *needle2;
    } cases[] = {
        {"notes.txt", "mine\n", "not an openai-ft-emulator data dir", "notes.txt"},
        {"state.db", "not a database, and no rows", "state.db", NULL},
        {"state.json", "{not json", "state.json", "corrupt"},
        {"state.json", "{\"format\":\"something-else\",\"version\":1}", "state.json",
         "not written by openai-ft-emulator"},
        {"state.json", "{\"format\":\"openai-ft-emulator-state\",\"version\":99}",
         "version 99", NULL},
        {"state.json",
         "{\"format\":\"openai-ft-emulator-state\",\"version\":1,\"files\":[],"
         "\"uploads\":[],\"jobs\":[{\"id\":\"ftjob-x\"}],\"models\":[],"
         "\"permissions\":[]}",
         "corrupt", "jobs[0]"},
        {"state.json",
         "{\"format\":\"openai-ft-emulator-state\",\"version\":1,\"files\":[{\"id\":"
         "\"../../etc/passwd\",\"filename\":\"a\",\"purpose\":\"fine-tune\",\"bytes\":1,"
         "\"created_at\":1,\"expires_at\":0}],\"uploads\":[],\"jobs\":[],\"models\":[],"
         "\"permissions\":[]}",
         "corrupt", "files[0]"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        dir d;
        dir_make(&d);
        assert_int_equal(mkdir(d.path, 0700), 0);
        write_file(d.path, cases[i].name, cases[i].text);
        assert_refused(&d, 2, cases[i].needle, cases[i].needle2);
        dir_remove(&d);
    }
}

/* A state.json of old is moved into state.db once, and renamed aside. */
static void test_state_json_migrated(void **state)
{
    dir d;
    dir_make(&d);
    assert_int_equal(mkdir(d.path, 0700), 0);
    write_file(d.path, "file-old0000000000000001", chat_line);
    char text[512], path[256];
    snprintf(text, sizeof(text),
             "{\"format\":\"openai-ft-emulator-state\",\"version\":1,\"files\":[{\"id\":"
             "\"file-old0000000000000001\",\"filename\":\"a.jsonl\",\"purpose\":"
             "\"fine-tune\",\"bytes\":%zu,\"created_at\":1,\"expires_at\":0}],"
             "\"uploads\":[],\"jobs\":[],\"models\":[],\"permissions\":[]}",
             strlen(chat_line));
    write_file(d.path, "state.json", text);
    for (int run = 0; run < 2; run++) { /* moved in, then read from state.db */
        emu_proc p;
        start_on(&p, &d);
        json_t *f = api(&p, 200, "GET", "/files/file-old0000000000000001", NULL);
        assert_string_equal(json_str(f, "filename"), "a.jsonl");
        json_decref(f);
        assert_int_equal(emu_proc_stop(&p), 0);
        emu_proc_cleanup(&p);
        snprintf(path, sizeof(path), "%s/state.json", d.path);
        assert_int_equal(access(path, F_OK), -1);
        snprintf(path, sizeof(path), "%s/state.json.migrated", d.path);
        assert_int_equal(access(path, F_OK), 0);
    }
    dir_remove(&d);
}

static void test_busy_dir_refused(void **state)
{
    dir d;
    dir_make(&d);
    emu_proc a, b;
    start_on(&a, &d);
    const char *args[] = {"--data-dir", d.path, NULL};
    emu_proc_spawn(&b, args, NULL);
    assert_int_equal(emu_proc_wait_bounded(&b, 30), 1);
    char *err = emu_slurp(b.err);
    if (!strstr(err, "in use"))
        fail_msg("stderr: %s", err);
    free(err);
    emu_proc_cleanup(&b);
    json_decref(api(&a, 200, "GET", "/models", NULL)); /* the first one is unharmed */
    assert_int_equal(emu_proc_stop(&a), 0);
    emu_proc_cleanup(&a);
    dir_remove(&d);
}

int main(int argc, char **argv)
{
    if (emu_proc_init(argc, argv) != 0)
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_everything_survives_a_restart, emu_proc_teardown),
        cmocka_unit_test_teardown(test_acknowledged_survives_sigkill, emu_proc_teardown),
        cmocka_unit_test_teardown(test_bad_dirs_refused, emu_proc_teardown),
        cmocka_unit_test_teardown(test_busy_dir_refused, emu_proc_teardown),
        cmocka_unit_test_teardown(test_state_json_migrated, emu_proc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
