/*
 * openai-ft: the command tree and its option tables (args.c: the global
 * options, the root). They are the one source of the argument parser
 * (parse.c), the help texts (help.c) and the shell completions (complete*.c):
 * an option added to a table is parsed, shown in --help and completed
 * without another edit.
 */
#ifndef OFT_CLI_ARGS_H
#define OFT_CLI_ARGS_H

#include <stddef.h>

#include "base/cli.h"

struct cli;

/* What completion offers for an option's value or an operand (beside choices). */
enum cli_value_kind {
    CLI_VAL_TEXT = 0, /* nothing to offer */
    CLI_VAL_FILE = 1, /* a local path */
    CLI_VAL_DIR = 2,  /* a local directory */
    /* the IDs of the API's resources (openai-ft __complete KIND) */
    CLI_VAL_JOB = 3,
    CLI_VAL_FILE_ID = 4,
    CLI_VAL_MODEL = 5,
    CLI_VAL_CHECKPOINT = 6,
    CLI_VAL_FILE_OR_ID = 7 /* a local path or an uploaded file's ID */
};

/* Option flags. */
#define CLI_OPT_REQUIRED 1u /* the command refuses to run without it */
#define CLI_OPT_OPTIONAL 2u /* its value may be left out; given only as --name=VALUE */

/* Every option's identity, as the commands' switches see it. */
enum cli_opt_id {
    /* global */
    OPT_BASE_URL = 1,
    OPT_API_KEY,
    OPT_API_KEY_FILE,
    OPT_ADMIN_KEY,
    OPT_ADMIN_KEY_FILE,
    OPT_ORG,
    OPT_PROJECT_HEADER,
    OPT_TIMEOUT,
    OPT_MAX_RETRIES,
    OPT_CA_FILE,
    OPT_CA_PATH,
    OPT_JSON,
    OPT_JQ,
    OPT_TEMPLATE,
    OPT_COLOR,
    OPT_VERBOSE,
    OPT_QUIET,
    OPT_HELP,
    OPT_VERSION,
    /* jobs: train and jobs create */
    OPT_MODEL,
    OPT_SUFFIX,
    OPT_METHOD,
    OPT_N_EPOCHS,
    OPT_BATCH_SIZE,
    OPT_LR_MULT,
    OPT_BETA,
    OPT_SEED,
    OPT_METADATA,
    OPT_GRADER,
    OPT_TRAINING_FILE,
    OPT_VALIDATION_FILE,
    OPT_SKIP_VALIDATION,
    OPT_WAIT,
    OPT_NO_WAIT,
    OPT_WAIT_TIMEOUT,
    OPT_POLL_INTERVAL,
    OPT_CANCEL_ON_INTERRUPT,
    /* validate, files, lists */
    OPT_FORMAT,
    OPT_PURPOSE,
    OPT_FILENAME,
    OPT_OUTPUT,
    OPT_FORCE,
    OPT_YES,
    OPT_LIMIT,
    OPT_ALL,
    OPT_STATUS,
    OPT_AFTER,
    OPT_FOLLOW,
    OPT_DEADLINE, /* jobs wait --timeout */
    OPT_PROJECT,  /* permissions create --project */
    OPT_SAMPLE,   /* graders run --sample */
    OPT_ITEM,     /* graders run --item */
    OPT_MAX_COST, /* train --max-cost */
    /* tables and waits (table.c, watch.c) */
    OPT_WIDE,
    OPT_COLUMNS,
    OPT_ALL_EVENTS,
    /* sweep, jobs compare, jobs report */
    OPT_SPEC,
    OPT_SWEEP_FILE,
    OPT_MAX_PARALLEL
};

typedef struct cli_opt {
    int id;              /* enum cli_opt_id; 0 ends a table */
    const char *name;    /* the long name, without "--" */
    char short_name;     /* 0: none */
    const char *value;   /* NULL: a flag; else the value's name in help ("N") */
    const char *choices; /* the accepted values, space-separated, or NULL */
    int kind;            /* enum cli_value_kind: completion of the value */
    unsigned flags;      /* CLI_OPT_* */
    const char *help;    /* one line */
} cli_opt;

typedef struct cli_args cli_args;

#define CLI_MAX_OPT_TABLES 5

/* A command, or a group of commands (subs set, run NULL). */
typedef struct cli_cmd {
    const char *name;
    const char *summary;  /* one line in the parent's list */
    const char *operands; /* as in the usage line ("ID", "[FILE]"), or NULL */
    int min_operands;
    int max_operands;
    int operand_kind;                        /* enum cli_value_kind */
    const char *operand_choices;             /* space-separated, or NULL */
    const cli_opt *opts[CLI_MAX_OPT_TABLES]; /* tables, NULL after the last */
    const char *description;                 /* after the usage line; may be NULL */
    const char *example;                     /* command lines, one per line */
    int (*run)(struct cli *c, const cli_args *a);
    const struct cli_cmd *const *subs; /* a group's commands, NULL-terminated */
} cli_cmd;

/* One option as given: the table's entry and its value (NULL for a flag). */
typedef struct cli_arg {
    const cli_opt *opt;
    char *value; /* points into argv: writable */
} cli_arg;

struct cli_args {
    const cli_cmd *cmd; /* the command named (the root when none) */
    char path[64];      /* its words: "jobs list" ("" for the root) */
    cli_arg *opts;      /* the command's options, in the order given */
    size_t n_opts;
    cli_arg *globals; /* the global options, in the order given */
    size_t n_globals;
    char **operands;
    size_t n_operands;
    int help; /* -h or --help was given */
};

/* The global options. */
extern const cli_opt cli_global_opts[];
/* The root of the tree (its subs are the top commands), defined by the
 * command layer above (cmd/root.c) and set once at start, before any parse;
 * cli_tree_root() returns it to the parser, the help and the completions. */
void cli_tree_set_root(const cli_cmd *root);
const cli_cmd *cli_tree_root(void);

/* Walks the tree: the i-th table of cmd's options, and every option of it. */
#define CLI_FOR_OPTS(cmd, t, o)                                                          \
    for (size_t t##_i = 0; t##_i < CLI_MAX_OPT_TABLES && (cmd)->opts[t##_i] != NULL;     \
         t##_i++)                                                                        \
        for (const cli_opt *o = (cmd)->opts[t##_i]; o->id != 0; o++)

#endif
