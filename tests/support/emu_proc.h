/*
 * The openai-ft-emulator binary as a child process, for the process suites
 * (tests/process/test_emulator_*.c): spawn it in a fresh TMPDIR with its stderr in a
 * file, read its "listening on URL" line, stop it by PID (HTTP to it:
 * emu_http.h). Every child is registered and killed at exit, on SIGTERM
 * (meson's timeout) and by emu_proc_kill_all() in a teardown, so that a
 * failing assertion never leaves one running.
 */
#ifndef OFT_TESTS_EMU_PROC_H
#define OFT_TESTS_EMU_PROC_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "emu_http.h"

typedef struct emu_proc {
    pid_t pid;
    FILE *out;      /* the child's stdout */
    char dir[64];   /* a fresh directory of this run */
    char tmp[128];  /* dir/tmp: the child's TMPDIR */
    char err[128];  /* dir/stderr: the child's stderr */
    char url[256];  /* http://HOST:PORT/v1 once started */
    char root[256]; /* http://HOST:PORT (control API and /healthz) */
} emu_proc;

/* The path of the binary under test (argv[1] of every process suite). */
extern const char *emu_proc_binary;

/* A process suite's start: takes the binary from argv[1] (usage and -1 when
 * it is missing) and sets up libcurl (cleaned up at exit). */
int emu_proc_init(int argc, char **argv);

/* Spawns the emulator with args (NULL-terminated); extra_env (NULL-terminated,
 * may be NULL) is added to TMPDIR. Fails the test on error. */
void emu_proc_spawn(emu_proc *p, const char *const *args, const char *const *extra_env);
/* Spawns and reads the first stdout line into p->url and p->root. */
void emu_proc_start(emu_proc *p, const char *const *args);
/* Waits for the exit; returns the exit code (fails the test on a signal). */
int emu_proc_wait(emu_proc *p);
/* As emu_proc_wait, but a child still running after `seconds` is killed and the
 * test fails (for runs that must end on their own: refused options, bad dirs). */
int emu_proc_wait_bounded(emu_proc *p, int seconds);
/* SIGTERM, then emu_proc_wait. */
int emu_proc_stop(emu_proc *p);
/* Removes p->dir (after the child is gone). */
void emu_proc_cleanup(emu_proc *p);
/* Kills (SIGKILL) and reaps every child still running. For teardowns. */
void emu_proc_kill_all(void);
/* A cmocka teardown calling emu_proc_kill_all. */
int emu_proc_teardown(void **state);

/* Reads a whole file (NUL-terminated, malloc'd); fails the test if it cannot. */
char *emu_slurp(const char *path);

#endif
