/*
 * The kept state's rows, in DIR/state.db (SQLite, WAL): one row of JSON per
 * file, upload, fine-tuned model, permission and job (a job without its
 * events), and one row per job event. A save writes, in one transaction,
 * only what changed since the last one: the objects touched
 * (emu_touch) and the jobs whose row or events changed. Its cost is
 * that of the change, whatever the size of the state.
 *
 * Durability: WAL with synchronous=NORMAL. A commit has been written to
 * state.db-wal (the OS's page cache) before the answer that depends on it is
 * sent, so an answered write survives kill -9 of the emulator, whose files
 * the kernel still holds. The WAL is fsync'd at each checkpoint, not at each
 * commit: a power loss or a kernel crash may lose the writes answered since
 * the last checkpoint, never the database's consistency (its bytes files,
 * fsync'd before their row, are then only left over, removed at the next
 * start). FULL (an fsync per commit, under the state's lock) halves the
 * writes a second on this kind of disk; the emulator is a test double. A
 * commit cut short (a crash mid-way) is rolled back by SQLite at the next
 * open: nothing half-written is ever read back.
 */
#include "persist/persist.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DB_FILE "state.db"

enum { Q_UPSERT, Q_DELETE, Q_EVENT, Q_DROP_EVENTS, Q_EVENTS_OF, Q_IDEM, Q_COUNT };

static const char *const queries[Q_COUNT] = {
    /* An upsert: an object keeps its rowid, so the rows load in their order. */
    ("INSERT INTO objects(kind, id, body) VALUES(?1, ?2, ?3) ON CONFLICT(kind, id) DO "
     "UPDATE SET body = excluded.body"),
    "DELETE FROM objects WHERE kind = ?1 AND id = ?2",
    "INSERT OR REPLACE INTO events(job, n, body) VALUES(?1, ?2, ?3)",
    "DELETE FROM events WHERE job = ?1",
    "SELECT body FROM events WHERE job = ?1 ORDER BY n",
    ("INSERT OR REPLACE INTO idempotency(key, body, job, created_at) "
     "VALUES(?1, ?2, ?3, ?4)"),
};

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS objects(kind TEXT NOT NULL, id TEXT NOT NULL,"
    " body TEXT NOT NULL, PRIMARY KEY(kind, id));"
    "CREATE TABLE IF NOT EXISTS events(job TEXT NOT NULL, n INTEGER NOT NULL,"
    " body TEXT NOT NULL, PRIMARY KEY(job, n));"
    /* The Idempotency-Keys of job creations (idem.c): added in a state of
     * old when it is opened, which an emulator of old ignores. */
    "CREATE TABLE IF NOT EXISTS idempotency(key TEXT PRIMARY KEY, body TEXT NOT NULL,"
    " job TEXT NOT NULL, created_at INTEGER NOT NULL);";

struct emu_db {
    sqlite3 *h;
    sqlite3_stmt *q[Q_COUNT];
};

static int db_fail(oft_emu *emu, char *errbuf, size_t errlen, const char *what)
{
    snprintf(errbuf, errlen, "data dir %s: %s %s: %s", emu->data_dir, what, DB_FILE,
             emu->store->db && emu->store->db->h ? sqlite3_errmsg(emu->store->db->h)
                                                 : "out of memory");
    emu_db_close(emu);
    return -1;
}

/* The header rows: written in a new database, checked in one of old. */
static int db_header(oft_emu *emu, int write, char *errbuf, size_t errlen)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT OR IGNORE INTO meta VALUES('format', '%s'), ('version', '%d')",
             EMU_STATE_FORMAT, EMU_STATE_VERSION);
    sqlite3_stmt *st = NULL;
    if ((write && sqlite3_exec(emu->store->db->h, sql, NULL, NULL, NULL) != SQLITE_OK) ||
        sqlite3_prepare_v2(emu->store->db->h,
                           "SELECT (SELECT value FROM meta WHERE key = 'format'),"
                           " (SELECT value FROM meta WHERE key = 'version')",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(emu, errbuf, errlen, "cannot read");
    }
    const char *format = (const char *)sqlite3_column_text(st, 0);
    int version = sqlite3_column_int(st, 1),
        ok = format && strcmp(format, EMU_STATE_FORMAT) == 0;
    if (!ok || version != EMU_STATE_VERSION)
        snprintf(errbuf, errlen,
                 "data dir %s: %s has format '%s' version %d; this openai-ft-emulator "
                 "reads '%s' version %d (nothing in it was changed)",
                 emu->data_dir, DB_FILE, format ? format : "", version, EMU_STATE_FORMAT,
                 EMU_STATE_VERSION);
    sqlite3_finalize(st);
    if (!ok || version != EMU_STATE_VERSION)
        return emu_db_close(emu), -1;
    return 0;
}

int emu_db_open(oft_emu *emu, int create, char *errbuf, size_t errlen)
{
    char *path = emu_path_join(emu->data_dir, DB_FILE);
    emu->store->db = path ? calloc(1, sizeof(*emu->store->db)) : NULL;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                SQLITE_OPEN_NOMUTEX; /* emu->state->lock serializes every use */
    int rc = emu->store->db ? sqlite3_open_v2(path, &emu->store->db->h, flags, NULL)
                            : SQLITE_NOMEM;
    if (rc == SQLITE_OK && create)
        chmod(path, 0600); /* as the bytes: the WAL and its index take its mode */
    free(path);
    if (rc != SQLITE_OK)
        return db_fail(emu, errbuf, errlen, "cannot open");
    sqlite3_busy_timeout(emu->store->db->h, 5000);
    /* One there already: ours, before anything is written in it. */
    if (!create && db_header(emu, 0, errbuf, errlen) != 0)
        return -1;
    if (sqlite3_exec(emu->store->db->h, schema, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(emu, errbuf, errlen, "cannot set up");
    for (int i = 0; i < Q_COUNT; i++) {
        if (sqlite3_prepare_v3(emu->store->db->h, queries[i], -1,
                               SQLITE_PREPARE_PERSISTENT, &emu->store->db->q[i],
                               NULL) != SQLITE_OK)
            return db_fail(emu, errbuf, errlen, "cannot prepare");
    }
    return create ? db_header(emu, 1, errbuf, errlen) : 0;
}

void emu_db_close(oft_emu *emu)
{
    if (!emu->store->db)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(emu->store->db->q[i]);
    sqlite3_close(emu->store->db->h); /* checkpoints the WAL into the database */
    free(emu->store->db);
    emu->store->db = NULL;
}

/* ---- save ---- */

/* Runs query q: ?1 a, ?2 b (or n when b is NULL and q takes it), ?3 c. */
static int run(oft_emu *emu, int q, const char *a, const char *b, const char *c,
               int64_t n)
{
    sqlite3_stmt *st = emu->store->db->q[q];
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    else if (q == Q_EVENT)
        sqlite3_bind_int64(st, 2, n);
    if (c)
        sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes object id of kind as it is now: its row, or none if it is gone. */
static int save_object(oft_emu *emu, char kind, const char *id)
{
    char k[2] = {kind, '\0'};
    if (kind == EMU_ROW_JOB) { /* deleted: saves see every job still there */
        if (emu_job_find(emu, id))
            return 0;
        return run(emu, Q_DELETE, k, id, NULL, 0) ||
                       run(emu, Q_DROP_EVENTS, id, NULL, NULL, 0)
                   ? -1
                   : 0;
    }
    json_t *o = emu_store_dump(emu, kind, id);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    int rc = o && !text ? -1
             : text     ? run(emu, Q_UPSERT, k, id, text, 0)
                        : run(emu, Q_DELETE, k, id, NULL, 0);
    free(text);
    return rc;
}

/* Writes the job's row if it changed, and its new events. */
static int save_job(oft_emu *emu, emu_job *j)
{
    if (j->stored && (j->events_unloaded ||
                      (j->saved_events == j->events.len && j->stage >= EMU_ST_SUCCEEDED)))
        return 0; /* ended, and kept as it is: most jobs of a large state */
    if (emu_db_job_events(emu, j) != 0)
        return -1;
    json_t *o = emu_job_dump(j);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text)
        return -1;
    if (!j->stored || strcmp(j->stored, text) != 0) {
        if (run(emu, Q_UPSERT, "j", j->id, text, 0) != 0)
            return free(text), -1;
        free(j->stored);
        j->stored = text;
    } else {
        free(text);
    }
    for (; j->saved_events < j->events.len; j->saved_events++) {
        json_t *e = emu_event_dump(j->events.items[j->saved_events]);
        char *et = e ? json_dumps(e, JSON_COMPACT) : NULL;
        json_decref(e);
        int rc = et ? run(emu, Q_EVENT, j->id, NULL, et, (int64_t)j->saved_events) : -1;
        free(et);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* A save of everything: every row written again from the state in memory. */
static int save_all_rows(oft_emu *emu)
{
    for (size_t i = 0; i < emu->state->jobs.len; i++) {
        if (emu_db_job_events(emu, emu->state->jobs.items[i]) != 0)
            return -1; /* their rows are about to go */
    }
    if (sqlite3_exec(emu->store->db->h,
                     "DELETE FROM objects; DELETE FROM events; DELETE FROM idempotency;",
                     NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    for (size_t i = 0; i < emu->state->idem.len; i++)
        ((emu_idem *)emu->state->idem.items[i])->saved = 0;
    for (size_t i = 0; i < emu->state->jobs.len; i++) {
        emu_job *j = emu->state->jobs.items[i];
        free(j->stored);
        j->stored = NULL;
        j->saved_events = 0;
    }
    emu_store_touch_all(emu);
    return 0;
}

/* The idempotency keys not yet in a row (those of jobs being made wait). */
static int save_keys(oft_emu *emu)
{
    sqlite3_stmt *st = emu->store->db->q[Q_IDEM];
    for (size_t i = 0; i < emu->state->idem.len; i++) {
        emu_idem *k = emu->state->idem.items[i];
        if (k->saved || k->pending)
            continue;
        sqlite3_bind_text(st, 1, k->key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, k->body, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, k->job, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, k->created_at);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc != SQLITE_DONE)
            return -1;
        k->saved = 1;
    }
    return 0;
}

static int save_rows(oft_emu *emu)
{
    if (emu->state->save_all && save_all_rows(emu) != 0)
        return -1;
    for (size_t i = 0; i < emu->state->touched.len; i++) {
        const char *t = emu->state->touched.items[i];
        if (save_object(emu, t[0], t + 2) != 0)
            return -1;
    }
    for (size_t i = 0; i < emu->state->jobs.len; i++) {
        if (save_job(emu, emu->state->jobs.items[i]) != 0)
            return -1;
    }
    return save_keys(emu);
}

int emu_db_save(oft_emu *emu)
{
    if (!emu->store->db)
        return -1;
    if (sqlite3_exec(emu->store->db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    if (save_rows(emu) == 0 &&
        sqlite3_exec(emu->store->db->h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
        emu->state->save_all = 0;
        return 0;
    }
    /* The rows are as the last save left them; what the jobs say they kept is not. */
    sqlite3_exec(emu->store->db->h, "ROLLBACK", NULL, NULL, NULL);
    emu->state->save_all = 1;
    return -1;
}

/* ---- load ---- */

/* The events of the job, from their rows, in a JSON array (NULL: see err). */
static json_t *events_of(oft_emu *emu, const char *id, char *err, size_t cap)
{
    sqlite3_stmt *st = emu->store->db->q[Q_EVENTS_OF];
    json_t *events = json_array();
    int rc = SQLITE_DONE;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    while (events && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_error_t je = {.text = "out of memory"};
        json_t *e = json_loads((const char *)sqlite3_column_text(st, 0), 0, &je);
        if (!e || json_array_append_new(events, e) != 0) {
            emu_store_fail(err, cap, "an event of job %s: %s", id, je.text);
            json_decref(events);
            events = NULL;
        }
    }
    if (events && rc != SQLITE_DONE) {
        emu_store_fail(err, cap, "events of job %s: %s", id,
                       sqlite3_errmsg(emu->store->db->h));
        json_decref(events);
        events = NULL;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return events;
}

/* Puts the job's events (rows of their own) back in it. */
static int load_events(oft_emu *emu, emu_job *j, char *err, size_t cap)
{
    json_t *events = events_of(emu, j->id, err, cap);
    char *stored = j->stored; /* still what its row says: adding events drops it */
    j->stored = NULL;
    int rc = events ? emu_job_events_restore(j, events, err, cap) : -1;
    json_decref(events);
    free(j->stored);
    j->stored = stored;
    if (rc == 0) {
        j->saved_events = j->events.len;
        j->events_unloaded = 0;
    }
    return rc;
}

int emu_db_job_events(oft_emu *emu, struct emu_job *j)
{
    char why[512];
    if (!j->events_unloaded)
        return 0;
    if (emu->store->db && load_events(emu, j, why, sizeof(why)) == 0)
        return 0;
    emu_log(emu, OFT_EMU_LOG_ERROR, "state.load_failed", NULL,
            "cannot read the events of %s from %s/%s: %s", j->id, emu->data_dir, DB_FILE,
            emu->store->db ? why : "no database");
    return -1;
}

/* A job's row just restored: an ended job's events are read when asked for
 * (most of a large state, and never changed again); the others' now. */
static int job_loaded(oft_emu *emu, const char *body, char *err, size_t cap)
{
    emu_job *j = emu->state->jobs.items[emu->state->jobs.len - 1];
    j->stored = emu_strdup(body); /* kept as it is until it changes */
    if (!j->stored)
        return emu_store_fail(err, cap, "out of memory");
    if (j->stage >= EMU_ST_SUCCEEDED) {
        j->events_unloaded = 1;
        return 0;
    }
    return load_events(emu, j, err, cap);
}

/* Loads the rows of one kind, oldest first (rowids grow with each new row). */
static int load_kind(oft_emu *emu, char kind, sqlite3_stmt *sel, char *err, size_t cap)
{
    char k[2] = {kind, '\0'};
    emu_restore_fn fn = emu_store_restorer(kind);
    sqlite3_bind_text(sel, 1, k, -1, SQLITE_STATIC);
    int rc = 0, step;
    size_t i = 0;
    while (rc == 0 && (step = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(sel, 0);
        json_error_t je;
        json_t *o = json_loads(body ? body : "", JSON_REJECT_DUPLICATES, &je);
        if (!o)
            rc = emu_store_fail(err, cap, "a row of kind '%s': %s", k, je.text);
        if (rc == 0)
            rc = fn(emu, o, i++, err, cap);
        if (rc == 0 && kind == EMU_ROW_JOB)
            rc = job_loaded(emu, body, err, cap);
        json_decref(o);
    }
    sqlite3_reset(sel);
    if (rc == 0 && step != SQLITE_DONE)
        rc = emu_store_fail(err, cap, "%s", sqlite3_errmsg(emu->store->db->h));
    return rc;
}

/* The idempotency keys, after the jobs they name. */
static int load_keys(oft_emu *emu, char *err, size_t cap)
{
    sqlite3_stmt *sel = NULL;
    int rc = 0, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(
            emu->store->db->h,
            "SELECT key, body, job, created_at FROM idempotency ORDER BY rowid", -1, &sel,
            NULL) != SQLITE_OK)
        return emu_store_fail(err, cap, "%s", sqlite3_errmsg(emu->store->db->h));
    while (rc == 0 && (step = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *col[3];
        for (int i = 0; i < 3; i++)
            col[i] = (const char *)sqlite3_column_text(sel, i);
        if (!col[0] || !col[1] || !col[2])
            rc = emu_store_fail(err, cap, "an idempotency key without its values");
        else if (emu_idem_restore(emu, col[0], col[1], col[2],
                                  sqlite3_column_int64(sel, 3)) != 0)
            rc = emu_store_fail(err, cap, "out of memory");
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = emu_store_fail(err, cap, "%s", sqlite3_errmsg(emu->store->db->h));
    sqlite3_finalize(sel);
    return rc;
}

int emu_db_load(oft_emu *emu, char *errbuf, size_t errlen)
{
    /* Files and models first: jobs and permissions refer to them. */
    static const char order[] = {EMU_ROW_FILE, EMU_ROW_UPLOAD, EMU_ROW_MODEL, EMU_ROW_JOB,
                                 EMU_ROW_PERM};
    sqlite3_stmt *sel = NULL;
    char why[512] = "";
    int rc =
        sqlite3_prepare_v2(emu->store->db->h,
                           "SELECT body FROM objects WHERE kind = ?1 ORDER BY rowid", -1,
                           &sel, NULL) != SQLITE_OK
            ? emu_store_fail(why, sizeof(why), "%s", sqlite3_errmsg(emu->store->db->h))
            : 0;
    for (size_t i = 0; rc == 0 && i < sizeof(order); i++)
        rc = load_kind(emu, order[i], sel, why, sizeof(why));
    sqlite3_finalize(sel);
    if (rc == 0)
        rc = load_keys(emu, why, sizeof(why));
    if (rc != 0)
        snprintf(errbuf, errlen,
                 "data dir %s: %s is corrupt: %s; nothing in it was changed",
                 emu->data_dir, DB_FILE, why);
    return rc;
}
