/*
 * openai-ft: what the command groups share (the global state, exit codes,
 * argument helpers, output helpers). Uses only the public library API.
 */
#ifndef OFT_CLI_H
#define OFT_CLI_H

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include <openai_ft.h>

/* Exit codes, documented in --help and openai-ft(1). */
enum {
    CLI_OK = 0,
    CLI_EAPI = 1,     /* API or network error */
    CLI_EUSAGE = 2,   /* usage error */
    CLI_EJOB = 3,     /* the job ended failed or cancelled */
    CLI_ETIMEOUT = 4, /* a wait timed out */
    CLI_EINVALID = 5, /* validation found problems */
    CLI_EINTR = 130   /* interrupted (Ctrl-C) */
};

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

typedef struct cli {
    /* global options (NULL / negative: the library's default or the environment) */
    const char *base_url;
    const char *api_key;
    const char *admin_key;
    const char *org;
    const char *project;
    long timeout_ms;
    int max_retries;
    int json;
    int verbose;
    int quiet;
    /* output */
    int tty_out; /* stdout is a terminal */
    int tty_err; /* stderr is a terminal: progress and live view */
    int color;   /* colour on stdout/stderr (terminal and no NO_COLOR) */
    /* the client, created on first use */
    oft_client *client;
    int client_exit;      /* the exit code when creating it failed */
    char client_why[512]; /* the library's reason, from the log callback */
} cli;

/* ---- main.c ---- */
/* Creates the client on first use; on failure prints why, sets
 * c->client_exit (2 for a bad key / URL / option, else 1) and returns NULL. */
oft_client *cli_client(cli *c);

/* ---- args.c: option parsing helpers ---- */
/* Each prints a usage error naming the option and returns CLI_EUSAGE, or 0. */
int cli_parse_long(long *out, const char *opt, const char *s, long min, long max);
int cli_parse_double(double *out, const char *opt, const char *s, double min, double max,
                     int min_exclusive);
/* "auto" or a number in range; is_int: the number must be an integer. */
int cli_parse_hp(oft_hp_num *out, const char *opt, const char *s, double min, double max,
                 int min_exclusive, int is_int);
/* Seconds (fractions allowed) to milliseconds. */
int cli_parse_seconds(long *out_ms, const char *opt, const char *s);

/* Names the command being run (group and subcommand, or sub NULL) for the
 * hints of cli_usage(NULL, ...). */
void cli_set_command(const char *group, const char *sub);
/* Prints "openai-ft: <message>" and a hint to see `openai-ft CMD --help` (CMD
 * NULL: the command being run, else `openai-ft --help`); returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Handles getopt's '?' / ':' results uniformly (unknown option, missing value). */
int cli_bad_option(const char *cmd, char **argv, int optopt_c, int missing);

/*
 * After a command's options (from optind): requires exactly n arguments,
 * named by `names` in the error, and stores them in out. Returns 0 or
 * CLI_EUSAGE.
 */
int cli_operands(const char *cmd, int argc, char **argv, const char **out, int n,
                 const char *names);
/*
 * For commands that take only positional arguments: handles --help (prints
 * help, returns -1), refuses options and requires exactly n arguments, named
 * by `names` in the error. Returns 0, -1 or CLI_EUSAGE.
 */
int cli_positionals(const char *cmd, const char *help, int argc, char **argv,
                    const char **out, int n, const char *names);
/* Runs a command group's subcommand: argv[1] names it. */
typedef struct cli_sub {
    const char *name;
    int (*run)(cli *c, int argc, char **argv);
} cli_sub;
int cli_dispatch(cli *c, const char *group, const char *help, const cli_sub *subs,
                 size_t n, int argc, char **argv);

/* ---- output.c ---- */
void cli_output_init(cli *c);
/* Colour escapes (empty strings when colour is off). */
const char *cli_c_bold(const cli *c);
const char *cli_c_dim(const cli *c);
const char *cli_c_red(const cli *c);
const char *cli_c_green(const cli *c);
const char *cli_c_yellow(const cli *c);
const char *cli_c_reset(const cli *c);
/* Colour for a job status word. */
const char *cli_c_status(const cli *c, const char *status);

/* Informational line on stderr unless --quiet. */
void cli_info(const cli *c, const char *fmt, ...) CLI_PRINTF(2, 3);
/* "openai-ft: error: ..." on stderr (always). */
void cli_err(const cli *c, const char *fmt, ...) CLI_PRINTF(2, 3);
/*
 * Reports a failed library call: what was attempted, the status, the HTTP
 * status, the API's message, type/code/param and the request id. Returns the
 * exit code for rc (1 for API/network errors, 2 for OFT_EINVAL, 130 when
 * interrupted).
 */
int cli_api_fail(cli *c, int rc, const char *what);

/* Prints a delete result (its JSON, or "ID deleted|not deleted"); returns
 * the exit code: 0 when deleted, else 1. */
int cli_show_deleted(const cli *c, const char *raw_json, const char *id, int deleted);

/* One JSON document on stdout (raw_json of a response, or "{}" if absent). */
void cli_print_json(const char *raw_json);
/* A list document built from items' raw JSON: begin, item..., end. */
void cli_json_list_begin(void);
void cli_json_list_item(const char *raw_json, size_t index);
void cli_json_list_end(int has_more);

/*
 * Yields an iterator's next item: OFT_OK with its raw JSON in *raw_json (and
 * its table row printed when print_row is set), OFT_ITEROVER or an error.
 */
typedef int (*cli_next_fn)(void *it, const char **raw_json, int print_row);
/*
 * Prints every item of it: one JSON list with --json, else header() (when
 * not NULL) and a row per item. *count (may be NULL) gets the items printed.
 * Returns the exit code; a failure is reported as `what`.
 */
int cli_print_iter(cli *c, void (*header)(void), cli_next_fn next, void *it,
                   const char *what, size_t *count);

/* "2026-01-02 15:04:05" (UTC) or "-" when t is OFT_TIME_NONE / 0. */
const char *cli_fmt_time(char *buf, size_t cap, int64_t t);
/* "1m05s", "2h03m" */
const char *cli_fmt_duration(char *buf, size_t cap, long long seconds);
/* "1.2 MB" */
const char *cli_fmt_bytes(char *buf, size_t cap, long long bytes);
/*
 * Server text made safe for a terminal: control characters (C0, DEL and C1,
 * U+0080..U+009F) become visible escapes (\x1b, \u009b). Returns s itself
 * when clean, "" for NULL, else a copy valid for the next 15 calls (enough for one
 * printf). Every server string in human output goes through it; --json
 * output does not (JSON escapes them).
 */
const char *cli_text(const char *s);
/* Frees cli_text's copies (at exit). */
void cli_output_free(void);
/* A string (through cli_text) or "-" for NULL / empty. */
const char *cli_or_dash(const char *s);

/* A progress bar on stderr (only on a terminal and without --quiet). */
typedef struct cli_progress {
    const cli *c;
    const char *label;
    int active;
    int last_permille;
} cli_progress;
void cli_progress_start(cli_progress *p, const cli *c, const char *label);
void cli_progress_update(cli_progress *p, long long done, long long total);
void cli_progress_end(cli_progress *p);

/* JSON string literal (quoted, escaped) on stdout; NULL prints null. */
void cli_json_str(const char *s);

/* ---- job_args.c: the job options shared by `train` and `jobs create` ---- */
#define CLI_MAX_METADATA 16
typedef struct cli_job_args {
    oft_job_create_options opts;
    oft_kv metadata[CLI_MAX_METADATA];
    /* waiting */
    int wait;             /* -1: the command's default */
    long wait_timeout_ms; /* 0: none */
    long poll_interval_ms;
    int cancel_on_interrupt;
} cli_job_args;

void cli_job_args_init(cli_job_args *a);
/*
 * The long options of cli_job_args: CLI_JOB_LONGOPTS goes into a command's
 * struct option table; cli_job_option() handles one getopt result and returns
 * 1 when it was one of these, 0 when not, CLI_EUSAGE on a bad value.
 */
enum {
    CLI_OPT_MODEL = 1000,
    CLI_OPT_SUFFIX,
    CLI_OPT_METHOD,
    CLI_OPT_N_EPOCHS,
    CLI_OPT_BATCH_SIZE,
    CLI_OPT_LR_MULT,
    CLI_OPT_BETA,
    CLI_OPT_SEED,
    CLI_OPT_METADATA,
    CLI_OPT_NO_WAIT,
    CLI_OPT_WAIT,
    CLI_OPT_WAIT_TIMEOUT,
    CLI_OPT_CANCEL_ON_INTERRUPT,
    CLI_OPT_POLL_INTERVAL,
    CLI_OPT_GRADER,
    CLI_OPT_HELP
};
#define CLI_JOB_LONGOPTS                                                                 \
    {"model", required_argument, NULL, CLI_OPT_MODEL},                                   \
        {"suffix", required_argument, NULL, CLI_OPT_SUFFIX},                             \
        {"method", required_argument, NULL, CLI_OPT_METHOD},                             \
        {"n-epochs", required_argument, NULL, CLI_OPT_N_EPOCHS},                         \
        {"batch-size", required_argument, NULL, CLI_OPT_BATCH_SIZE},                     \
        {"learning-rate-multiplier", required_argument, NULL, CLI_OPT_LR_MULT},          \
        {"beta", required_argument, NULL, CLI_OPT_BETA},                                 \
        {"seed", required_argument, NULL, CLI_OPT_SEED},                                 \
        {"metadata", required_argument, NULL, CLI_OPT_METADATA},                         \
        {"no-wait", no_argument, NULL, CLI_OPT_NO_WAIT},                                 \
        {"wait", no_argument, NULL, CLI_OPT_WAIT},                                       \
        {"wait-timeout", required_argument, NULL, CLI_OPT_WAIT_TIMEOUT},                 \
        {"cancel-on-interrupt", no_argument, NULL, CLI_OPT_CANCEL_ON_INTERRUPT},         \
        {"poll-interval", required_argument, NULL, CLI_OPT_POLL_INTERVAL},               \
        {"grader", required_argument, NULL, CLI_OPT_GRADER},                             \
    {                                                                                    \
        "help", no_argument, NULL, CLI_OPT_HELP                                          \
    }
int cli_job_option(cli_job_args *a, int opt, const char *arg);
/* Checks what getopt cannot (method-specific options; prints and returns 2)
 * and sets the supervised method when hyperparameters come without one. */
int cli_job_args_check(cli_job_args *a, const char *cmd);

/* ---- watch.c: the live wait view, Ctrl-C handling ---- */
typedef struct cli_watch_options {
    long timeout_ms;       /* 0: none */
    long poll_interval_ms; /* 0: the library's default */
    int cancel_on_interrupt;
    int events_only; /* `jobs events --follow`: print events, no status view */
} cli_watch_options;
/*
 * Waits for a job with the live view (terminal) or plain lines, then prints
 * the outcome (the final job JSON with --json, else `fine_tuned_model: ...`).
 * Returns the exit code: 0, 1, 3, 4 or 130.
 */
int cli_watch_job(cli *c, const char *job_id, const cli_watch_options *wo);
/* Ctrl-C calls oft_client_interrupt() on c's client while armed. */
void cli_sigint_arm(cli *c);
void cli_sigint_disarm(void);
int cli_sigint_armed(void);
int cli_sigint_caught(void);

/* ---- cmd_jobs.c: shared printing ---- */
void cli_print_job(const cli *c, const oft_job *job);

/* ---- cmd_files.c: shared with train ---- */
/* Uploads with a progress bar on a terminal; prints the failure. Exit code. */
int cli_upload(cli *c, const char *path, const char *purpose, oft_file **out);

/* ---- cmd_validate.c: shared with train ---- */
/* Validates path; prints problems and a summary. Returns 0, 5 (problems) or 2. */
int cli_validate_file(cli *c, const char *path, int format, const char *model,
                      int print_summary);

/* ---- commands ---- */
int cmd_train(cli *c, int argc, char **argv);
int cmd_validate(cli *c, int argc, char **argv);
int cmd_files(cli *c, int argc, char **argv);
int cmd_jobs(cli *c, int argc, char **argv);
int cmd_permissions(cli *c, int argc, char **argv);
int cmd_models(cli *c, int argc, char **argv);

#endif
