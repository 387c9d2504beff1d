/*
 * openai-ft: the state every layer shares (the global options as applied,
 * the terminal's traits, the client once made) and the exit codes. The
 * lowest layer (base/): it declares types only. Uses only the public API.
 */
#ifndef OFT_CLI_H
#define OFT_CLI_H

#include <stdarg.h>
#include <stdio.h>

#include <openai_ft.h>

struct cli_arg; /* args/args.h */

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CLI_SENTINEL     __attribute__((sentinel))
#else
#define CLI_PRINTF(f, a)
#define CLI_SENTINEL
#endif

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
    int color_mode;      /* enum cli_color */
    int base_url_from;   /* enum cli_origin */
    int api_key_from;    /* enum cli_origin */
    int admin_key_from;  /* enum cli_origin */
    char *key_copies[2]; /* the keys taken off the command line or read from files */
    const struct cli_arg *globals; /* the global options as given (for the hints) */
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

#endif
