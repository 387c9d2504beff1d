/*
 * One line of training data as the rules see it: jsonl/walk.c fills a
 * line_ctx while the scanner walks the line (only the keys the rules need
 * are read, the rest skipped with their syntax checked), and jsonl/rules.c
 * judges it by the file's format.
 */
#ifndef OFT_SRC_JSONL_LINE_H
#define OFT_SRC_JSONL_LINE_H

#include <stdint.h>

#include "jsonl/internal.h"
#include "jsonl/scan.h"

enum oft__jl_role {
    R_NONE,
    R_SYSTEM,
    R_DEVELOPER,
    R_USER,
    R_ASSISTANT,
    R_TOOL,
    R_FUNCTION,
    R_OTHER
};
#define ROLE_BIT(r) (1u << (r))

/* Top-level keys the rules know. */
enum oft__jl_topkey {
    K_MESSAGES,
    K_TOOLS,
    K_FUNCTIONS,
    K_PARALLEL,
    K_PROMPT,
    K_COMPLETION,
    K_INPUT,
    K_PREFERRED,
    K_NON_PREFERRED,
    K_COUNT
};
/* Their names, in that order. */
extern const char *const oft__jl_topkey_names[K_COUNT];

/* One array of messages, summarised. */
typedef struct oft__jl_msgs {
    uint64_t count;
    uint64_t chars;
    uint64_t tokens;
    unsigned roles; /* ROLE_BIT of every role seen */
} oft__jl_msgs;

#define OFT__JL_MAX_PENDING 16

/* A problem found during the walk, reported once the line is known to be JSON. */
typedef struct oft__jl_pending {
    uint64_t column;
    int code;
    int severity;
    char text[224];
} oft__jl_pending;

typedef struct oft__jl_line_ctx {
    oft__jl *v;
    oft__jscan s;
    const char *where; /* how messages of the current array are named */
    int kind[K_COUNT]; /* value kind of each top-level key (NONE: absent) */
    unsigned seen;     /* bit per top-level key */
    uint64_t unknown_keys;
    char unknown_key[48];
    oft__jl_msgs m, input, pref, nonpref;
    int input_kind; /* kind of input.messages */
    uint64_t prompt_chars, completion_chars;
    int npend;
    uint64_t extra_errors, extra_warnings;     /* past MAX_PENDING: counted only */
    oft__jl_pending pend[OFT__JL_MAX_PENDING]; /* last: not cleared per line */
} oft__jl_line_ctx;

/* Estimated tokens of a text of n characters (~4 characters per token). */
static inline uint64_t oft__jl_tokens(uint64_t n)
{
    return (n + 3) / 4;
}

/* Walks the top-level object at the cursor into c. 0, or -1 on a syntax error. */
int oft__jl_walk_top(oft__jl_line_ctx *c);

#endif
