/*
 * openai-ft: what the commands share (the global state, exit codes, the
 * client, output helpers). Uses only the public library API.
 */
#ifndef OFT_CLI_H
#define OFT_CLI_H

#include <stdarg.h>
#include <stdio.h>

#include <openai_ft.h>

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CLI_SENTINEL     __attribute__((sentinel))
#else
#define CLI_PRINTF(f, a)
#define CLI_SENTINEL
#endif

#include "args.h"

/* Exit codes, documented in --help and openai-ft(1). */
enum {
    CLI_OK = 0,
    CLI_EAPI = 1,     /* API or network error */
    CLI_EUSAGE = 2,   /* usage error */
    CLI_EJOB = 3,     /* the job ended failed or cancelled */
    CLI_ETIMEOUT = 4, /* a wait timed out */
    CLI_EINVALID = 5, /* validation found problems */
    CLI_EINTR = 130   /* interrupted (Ctrl-C); 143 for SIGTERM */
};

/* Where a setting came from, for messages. */
enum cli_origin { CLI_FROM_DEFAULT = 0, CLI_FROM_OPTION, CLI_FROM_FILE, CLI_FROM_ENV };

/* The colour choice of --color. */
enum cli_color { CLI_COLOR_AUTO = 0, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };

typedef struct cli {
    /* global options (NULL / negative: the library's default or the environment) */
    const char *base_url;
    const char *api_key;
    const char *admin_key;
    const char *org;
    const char *project;
    const char *ca_file;
    const char *ca_path;
    int64_t timeout_ms;
    int64_t connect_timeout_ms; /* 0: the library's default */
    int max_retries;
    int json;
    const char *jq;       /* --jq EXPR */
    const char *template; /* --template TEXT */
    int verbose;
    int quiet;
    int color_mode;         /* enum cli_color */
    int base_url_from;      /* enum cli_origin */
    int api_key_from;       /* enum cli_origin */
    int admin_key_from;     /* enum cli_origin */
    char *key_copies[2];    /* the keys taken off the command line or read from files */
    const cli_arg *globals; /* the global options as given (for the hints) */
    size_t n_globals;
    /* output */
    int tty_out; /* stdout is a terminal */
    int tty_err; /* stderr is a terminal: progress and live view */
    int tty_in;  /* stdin is a terminal: confirmations can be asked */
    int color;   /* colour on stdout/stderr */
    /* the client, created on first use */
    oft_client *client;
    int client_exit;      /* the exit code when creating it failed */
    char client_why[512]; /* why oft_client_new failed: oft_error_last() */
    int last_attempt;     /* the attempt number of the last request logged */
} cli;

/* ---- globals.c: the global options ---- */
/* Applies the global options of a (keys are copied and wiped from argv).
 * Returns 0, -1 when --help or --version was handled, or an exit code. */
int cli_apply_globals(cli *c, const cli_args *a);
/* Wipes and frees the key copies. */
void cli_globals_free(cli *c);
/* "--base-url", "OPENAI_BASE_URL" or "the default". */
const char *cli_origin_name(int origin, const char *option, const char *env);

/* ---- hint.c: the command lines messages suggest ---- */
/* word on f, shell-quoted when it needs to be (through cli_text). */
void cli_put_quoted(FILE *f, const char *word);
/*
 * Prints on stderr lead, then "openai-ft", the global options of this run a
 * re-run needs (never a key), and the NULL-terminated words, each quoted.
 */
void cli_hint(const cli *c, const char *lead, ...) CLI_SENTINEL;

/* ---- client.c ---- */
/* Creates the client on first use; on failure prints why, sets
 * c->client_exit (2 for a bad key / URL / option, else 1) and returns NULL. */
oft_client *cli_client(cli *c);
/* The longest Retry-After the client honours, in ms. */
int64_t cli_retry_after_cap_ms(void);
/* The base URL as it may be shown: scheme, host, port and path only. */
const char *cli_shown_url(char *buf, size_t cap, const char *url);

/* ---- values.c: usage errors and option values ---- */
/* Names the command being run ("jobs list") for the hints of cli_usage(NULL, ...). */
void cli_set_command(const char *path);
/* Prints "openai-ft: <message>" and a hint to see `openai-ft CMD --help` (CMD
 * NULL: the command being run); returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Each prints a usage error naming the option and returns CLI_EUSAGE, or 0. */
int cli_parse_long(long *out, const char *opt, const char *s, long min, long max);
int cli_parse_double(double *out, const char *opt, const char *s, double min, double max,
                     int min_exclusive);
/* "auto" or a number in range; is_int: the number must be an integer. */
int cli_parse_hp(oft_hp_num *out, const char *opt, const char *s, double min, double max,
                 int min_exclusive, int is_int);
/* Seconds (fractions allowed) to milliseconds. */
int cli_parse_seconds(int64_t *out_ms, const char *opt, const char *s);
/* KEY=VALUE into kv (splitting arg in place); at most max pairs. */
int cli_parse_kv(oft_kv *kv, size_t *count, size_t max, const char *opt, char *arg);

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
/* "openai-ft: warning: ..." on stderr (always). */
void cli_warn(const cli *c, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Prints a delete result (its JSON, or "ID deleted|not deleted"); returns
 * the exit code: 0 when deleted, else 1. */
int cli_show_deleted(const cli *c, const oft_deleted *res);

/* One JSON document on stdout (raw_json of a response, or "{}" if absent). */
void cli_print_json(const char *raw_json);
/* A list document built from items' raw JSON: begin, item..., end. */
void cli_json_list_begin(void);
void cli_json_list_item(const char *raw_json, size_t index);
void cli_json_list_end(int has_more);
/* JSON string literal (quoted, escaped) on stdout; NULL prints null. */
void cli_json_str(const char *s);

struct cli_table; /* table.h */
/*
 * Yields an iterator's next item: OFT_OK with its raw JSON in *raw_json (and
 * its row added to t when t is not NULL), OFT_ITEROVER or an error.
 */
typedef int (*cli_next_fn)(void *it, const char **raw_json, struct cli_table *t);
/*
 * Prints every item of it: one JSON list with --json, else a row of t per
 * item (t ended here). *count (may be NULL) gets the items printed.
 * Returns the exit code; a failure is reported as `what`.
 */
int cli_print_iter(cli *c, struct cli_table *t, cli_next_fn next, void *it,
                   const char *what, size_t *count);

/* "2026-01-02 15:04:05" (UTC) or "-" when t is OFT_TIME_NONE / 0. */
const char *cli_fmt_time(char *buf, size_t cap, int64_t t);
/* "1m05s", "2h03m" */
const char *cli_fmt_duration(char *buf, size_t cap, long long seconds);
/* "1.2 MB" */
const char *cli_fmt_bytes(char *buf, size_t cap, long long bytes);
/* "1 example", "2 examples": the noun's plural adds "s". */
const char *cli_plural(char *buf, size_t cap, unsigned long long n, const char *noun);
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

/* ---- filter.c, template.c: --jq and --template ---- */
/*
 * Compiles program (opt: "--jq" or "--template", whose text template_mode
 * says program is) and sends stdout through it from now on. Returns 0, or
 * 2 having said what is wrong with the expression.
 */
int cli_filter_start(cli *c, const char *opt, const char *program, int template_mode);
/* Ends the filter (the last output filtered); returns rc, or 2 when rc is 0
 * and the expression failed on the output. */
int cli_filter_finish(int rc);
/* Compiles a jq program on the filter's state: 0, or -1 with cli_filter_error(). */
int cli_filter_compile(const char *program);
const char *cli_filter_error(void);
/* The jq program of a --template text into *program (malloc'd); 0 or the exit
 * code, having said what is wrong. */
int cli_template_program(char **program, const char *text);

/* ---- api_error.c ---- */
/*
 * Reports a failed library call: what was attempted, the HTTP status, the
 * API's message, type/code/param, the request id, and a hint when one helps
 * (the attempts of a connection error and where the base URL came from; /v1
 * missing from a base URL). Returns the exit code for rc (1 for API/network
 * errors, 2 for OFT_EINVAL, 130/143 when interrupted).
 */
int cli_api_fail(cli *c, int rc, const char *what);

/* ---- signals.c: Ctrl-C and SIGTERM ---- */
/* While armed, SIGINT and SIGTERM call oft_client_interrupt() on c's client
 * (a second one kills as usual). */
void cli_signals_arm(cli *c);
void cli_signals_disarm(void);
int cli_signals_armed(void);
/* The signal caught while armed (SIGINT, SIGTERM), or 0. */
int cli_signal_caught(void);
/* The exit code of an interruption: 128 + the signal (130 when none was seen). */
int cli_interrupt_exit(void);
/* sigaction() of handler for sig, with flags. */
void cli_set_signal(int sig, void (*handler)(int), int flags);

/* ---- term.c: the terminal ---- */
/* The width of the terminal on fd (TIOCGWINSZ, else COLUMNS, else 80). */
int cli_term_width(int fd);
/* Starts following SIGWINCH; cli_term_resized() then says (once) that it came. */
void cli_term_watch_resize(void);
int cli_term_resized(void);
/* The visible width of s (UTF-8 code points, escapes not counted). */
size_t cli_text_width(const char *s);
/*
 * Asks "Really ACTION? [y/N]" on a terminal. With yes set it is not asked;
 * when stdin is not a terminal it refuses (saying --yes would do). Returns
 * CLI_OK (go on), 1 (answered no) or 2 (refused), having said so.
 */
int cli_confirm(const cli *c, int yes, const char *action);
/* The --yes option of the commands that confirm. */
extern const cli_opt cli_yes_opts[];

/* ---- progress.c: the upload bar on stderr (terminal only, not with --quiet) ---- */
typedef struct cli_progress {
    const cli *c;
    const char *label;
    int active;
    int last_permille;
    long long started_ms;
    long long last_draw_ms;
} cli_progress;
void cli_progress_start(cli_progress *p, const cli *c, const char *label);
void cli_progress_update(cli_progress *p, long long done, long long total);
void cli_progress_end(cli_progress *p);
/* Monotonic milliseconds. */
long long cli_now_ms(void);

/* ---- input.c: files given as paths or `-` ---- */
typedef struct cli_input {
    int fd;               /* open, or -1 when path is used as is */
    const char *path;     /* the path given, or NULL for `-` */
    const char *shown;    /* for messages: the path or "stdin" */
    const char *filename; /* the name it is uploaded as */
} cli_input;
/*
 * Opens arg for reading: a path as is (fd -1, nothing opened); `-` is stdin,
 * used directly when it is a regular file, else spooled to an unlinked
 * temporary file (seekable, with a size). Returns 0 or an exit code (printed).
 */
int cli_input_open(cli *c, cli_input *in, const char *arg, const char *filename);
void cli_input_close(cli_input *in);

/* ---- files: shared with train ---- */
/* Uploads with a progress bar on a terminal; prints the failure. Exit code. */
int cli_upload(cli *c, const cli_input *in, const char *purpose, oft_file **out);
/* Downloads a file's content to `output` (a path, `-`, a device or FIFO). */
int cli_download(cli *c, const char *id, const char *output, int force);

/* ---- validate: shared with train ---- */
/* What a validation prints: the whole report (validate), the problems and
 * the estimate of billable tokens (train's data), the problems only. */
enum { CLI_REPORT_FULL, CLI_REPORT_ESTIMATE, CLI_REPORT_PROBLEMS };
typedef struct cli_validation {
    const char *model;
    int format;          /* oft_jsonl_format */
    int report;          /* CLI_REPORT_* */
    oft_hp_num n_epochs; /* for the estimate: unset or auto, the API's choice */
    int min_examples;    /* 0: the API's minimum of training data; < 0: none */
    /* out, when valid: the estimate's billable tokens per epoch, and the
     * epochs the validator's rule picks for auto */
    unsigned long long tokens_per_epoch;
    int default_epochs;
} cli_validation;
/* Validates in; prints problems (and the summary or the estimate). Returns 0,
 * 5 (problems) or 2 (unreadable). */
int cli_validate_input(cli *c, const cli_input *in, cli_validation *v);
/* report.c: prints the problems (repeated ones folded) and what v->report asks. */
void cli_report_print(const cli *c, const char *shown, const oft_jsonl_report *r,
                      const cli_validation *v);
void cli_report_print_json(const char *shown, const oft_jsonl_report *r,
                           const cli_validation *v);
/* "5 errors, 3 warnings" */
const char *cli_report_counts(char *buf, size_t cap, const oft_jsonl_report *r);

/* ---- cost.c: the estimated cost of a training run ---- */
typedef struct cli_cost_args {
    const char *model;
    unsigned long long tokens_per_epoch; /* estimated billable tokens; 0: none */
    int epochs;                          /* given, or the validator's pick for auto */
    int epochs_auto;                     /* n_epochs auto: a range */
    double max_cost;                     /* --max-cost; < 0: not given */
    int yes;                             /* --yes */
} cli_cost_args;
/* The date of the price table. */
extern const char cli_prices_date[];
/* Prints the estimated cost on stderr and, above the limit, asks (or refuses
 * off a terminal without --yes). Returns 0 to go on, or the exit code. */
int cli_cost_check(cli *c, const cli_cost_args *ca);

/* ---- job_args.c: the job options shared by `train` and `jobs create` ---- */
#define CLI_MAX_METADATA 16
typedef struct cli_job_args {
    oft_job_create_options opts;
    oft_kv metadata[CLI_MAX_METADATA];
    /* waiting */
    int wait;                /* -1: the command's default */
    int64_t wait_timeout_ms; /* 0: none */
    int64_t poll_interval_ms;
    int cancel_on_interrupt;
    int all_events; /* --all-events */
} cli_job_args;
extern const cli_opt cli_job_opts[];
extern const cli_opt cli_wait_opts[];  /* --wait, --no-wait, --wait-timeout */
extern const cli_opt cli_watch_opts[]; /* --poll-interval, --cancel-on-interrupt */
void cli_job_args_init(cli_job_args *a);
/* Handles one option of the three tables above: 1 when it was one, 0
 * when not, CLI_EUSAGE on a bad value. */
int cli_job_option(cli_job_args *a, const cli_arg *arg);
/* Checks the options by the library's rules (prints and returns 2) and sets
 * the supervised method when hyperparameters come without one. */
int cli_job_args_check(cli_job_args *a, const char *cmd);
/* Checks opts by the library's rules (oft_job_create_options_check), the
 * files and a NULL model left for later; a failure is printed naming the
 * option ("--n-epochs: must be in [1, 50] (got 0)") and returns 2. */
int cli_job_options_check(const oft_job_create_options *opts, const char *cmd);
/* The bounds of a value parsed before the library checks its range. */
#define CLI_ANY 1e15

/* ---- watch.c / live.c: the live wait view ---- */
typedef struct cli_watch_options {
    int64_t timeout_ms;       /* 0: none */
    int64_t poll_interval_ms; /* 0: the library's default */
    int cancel_on_interrupt;
    int events_only; /* `jobs events --follow`: print events, no status view */
    int all_events;  /* every event, also off a terminal and of an ended job */
} cli_watch_options;
/*
 * Waits for a job with the live view (terminal) or plain lines, then prints
 * the outcome (the final job JSON with --json, else `fine_tuned_model: ...`).
 * Returns the exit code: 0, 1, 3, 4 or 130/143.
 */
int cli_watch_job(cli *c, const char *job_id, const cli_watch_options *wo);
/* Around a line printed while the live view may be on screen: the status line
 * is erased first and drawn again after. No-ops when there is no view. */
void cli_live_print_begin(void);
void cli_live_print_end(void);

/* ---- cmd_jobs.c: shared printing ---- */
void cli_print_job(const cli *c, const oft_job *job);

/* ---- the command groups (their cli_cmd nodes) ---- */
extern const cli_cmd cli_jobs_list;        /* cmd_jobs_list.c */
extern const cli_cmd cli_jobs_events;      /* cmd_jobs_list.c */
extern const cli_cmd cli_jobs_checkpoints; /* cmd_checkpoints.c */
extern const cli_cmd cli_jobs_compare;     /* cmd_compare.c */
extern const cli_cmd cli_jobs_report;      /* cmd_report.c */
extern const cli_cmd cli_jobs_watch;       /* cmd_jobs_watch.c */
extern const cli_cmd cli_cmd_sweep;        /* cmd_sweep.c */
extern const cli_cmd cli_cmd_train;
extern const cli_cmd cli_cmd_validate;
extern const cli_cmd cli_cmd_files;
extern const cli_cmd cli_cmd_jobs;
extern const cli_cmd cli_cmd_permissions;
extern const cli_cmd cli_cmd_graders;
extern const cli_cmd cli_cmd_models;
extern const cli_cmd cli_cmd_help;
extern const cli_cmd cli_cmd_completion;

#endif
