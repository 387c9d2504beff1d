/*
 * Internal state of the training-data validator, shared by its parts:
 *   validate.c  public entry points, options, block reader, line splitting
 *   walk.c      one line walked with the scanner (line.h)
 *   rules.c     the format rules applied to a walked line
 *   report.c    problems (caps, messages), statistics, names, models, free
 *   scan.c      the JSON/UTF-8 scanner
 */
#ifndef OFT_SRC_JSONL_INTERNAL_H
#define OFT_SRC_JSONL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "openai_ft/jsonl.h"

/* A validation in progress. */
typedef struct oft__jl {
    oft_jsonl_report *r;
    oft_jsonl_problem *problems; /* r->problems, which the report holds as const */
    size_t problems_cap;         /* allocated slots of problems */
    int format;                  /* given or detected (AUTO until a line decides) */
    int format_given;            /* non-zero when the caller chose it */
    uint64_t max_errors;         /* kept, not counted */
    uint64_t max_warnings;
    uint64_t kept_errors;
    uint64_t kept_warnings;
    int stop_at_first;
    int stop; /* stop reading (stop_at_first hit, or out of memory) */
    int oom;
    int io_failed; /* the input could not be read: no empty_file */
    size_t max_line_bytes;
    uint64_t line;          /* current 1-based line number */
    uint64_t line_offset;   /* byte offset of the current line in the input */
    uint64_t capped_tokens; /* sum of min(limit, tokens) for the billed estimate */
    uint64_t measured;      /* examples in the token figures (their format fitted) */
    int model_kind;         /* OFT__JL_MODEL_* of options.model */
    int model_checked;      /* the file's format was checked against it */
    uint64_t min_examples;  /* fewer is an error; 0: no minimum */
} oft__jl;

/* What a model trains on (oft__jl_model_kind). */
enum { OFT__JL_MODEL_UNKNOWN, OFT__JL_MODEL_CHAT, OFT__JL_MODEL_COMPLETION };

/* The kind of a model name ("ft:" prefix ignored; NULL: unknown). */
int oft__jl_model_kind(const char *model);

/*
 * Records a problem on the current line (column 0: none). text is the part
 * after "line N: " (copied if kept). Counts it; keeps it under the caps.
 */
void oft__jl_problem(oft__jl *v, uint64_t column, int code, int severity,
                     const char *text);

/* Adds one example's figures to the summary (tokens are the estimate). */
void oft__jl_example(oft__jl *v, uint64_t messages, uint64_t chars, uint64_t tokens);

/* Fills the derived figures (mean, epochs, billed, ok) once the input is done. */
void oft__jl_finish(oft__jl *v);

/* The training context limit of a model name (see jsonl.h); NULL: the default. */
uint64_t oft__jl_context_limit(const char *model);

/* The cookbook's default number of epochs for n examples. */
int oft__jl_default_epochs(uint64_t n);

/* Validates one line, given without its newline (and without the '\r' of CRLF). */
void oft__jl_line(oft__jl *v, const char *line, size_t len);

#endif
