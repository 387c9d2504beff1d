/*
 * The state kept in the data dir (--data-dir): DIR/state.db (SQLite, WAL),
 * its rows, the objects as JSON and back, a state.json of old.
 */

#ifndef OFT_EMU_PERSIST_H
#define OFT_EMU_PERSIST_H

#include "state/state.h"

/* The persistence layer's part of oft_emu (emu->store). */
struct emu_store {
    int lock_fd;        /* DIR/.lock, held while running; -1: none */
    int64_t saved_mono; /* when the state was last saved (lock held) */
    int migrating;      /* the state came from a state.json of old (persist.c) */
    struct emu_db *db;  /* DIR/state.db (persist_db.c); NULL: none open */
};

/* persist.c: the state kept in the data dir (DIR/state.db, persist_db.c). */
/* A directory the emulator may use: empty, or with its state (*has_state). */
int emu_persist_check_dir(const char *dir, int *has_state, char *errbuf, size_t errlen);

int emu_persist_lock(oft_emu *emu, char *errbuf, size_t errlen);

/* Loads DIR/state.db, or a state.json of old (emu->store->migrating); changes nothing. */
int emu_persist_load(oft_emu *emu, char *errbuf, size_t errlen);

/* Opens (creates) the database, removes what no kept row refers to, saves a
 * migrated state.json and sets emu->persist. 0, or -1 with a message. */
int emu_persist_open(oft_emu *emu, char *errbuf, size_t errlen);

/* Saves what changed since the last save, in one transaction (a no-op without
 * persist). 0, or -1 (logged). Lock held. */
int emu_persist_save(oft_emu *emu);

/* Forgets the trash (its bytes stay), closes the database, releases the lock. */
void emu_persist_close(oft_emu *emu);

/* persist_db.c: the rows of DIR/state.db (SQLite, WAL). */
int emu_db_open(oft_emu *emu, int create, char *errbuf, size_t errlen);

/* Loads every row into emu; -1 with the row at fault in errbuf. */
int emu_db_load(oft_emu *emu, char *errbuf, size_t errlen);

/* Writes the touched objects and the jobs that changed in one transaction. */
int emu_db_save(oft_emu *emu);

int emu_db_job_events(oft_emu *emu, struct emu_job *j);

void emu_db_close(oft_emu *emu);

/* store.c: the objects as JSON and back (job_store.c for jobs). */
typedef int (*emu_restore_fn)(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap);

/* The kept JSON of object id of kind, or NULL when there is none to keep. */
json_t *emu_store_dump(oft_emu *emu, char kind, const char *id);

emu_restore_fn emu_store_restorer(char kind);

/* Touches every object but the jobs (a save of everything). */
void emu_store_touch_all(oft_emu *emu);

/* Restores every object of a whole state (a state.json of old) into emu; -1
 * with the object at fault in err. */
int emu_store_restore(oft_emu *emu, json_t *state, char *err, size_t cap);

/* job_store.c: the job in the data dir's state (see store.c). */
/* The job without its events (rows of their own: emu_event_dump). */
json_t *emu_job_dump(const emu_job *j);
json_t *emu_event_dump(const emu_event *e);
/* Appends the events of a (as emu_event_dump wrote them) to the job's. */
int emu_job_events_restore(emu_job *j, json_t *a, char *err, size_t cap);
int emu_job_restore(oft_emu *emu, json_t *o, size_t i, char *err, size_t cap);

#endif
