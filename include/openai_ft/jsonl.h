/*
 * libopenai_ft: local validation of fine-tuning training data (JSONL).
 *
 * Checks a training file line by line before it costs an upload and a failed
 * job: JSON syntax, UTF-8, and the rules of each training format (chat,
 * prompt-completion, DPO preference, reinforcement) including the checks of
 * OpenAI's cookbook data-preparation notebook. Reports every problem with its
 * line number, a stable code and an English message, plus a summary with an
 * ESTIMATE of the token count.
 *
 * These calls never touch the network and take no client. The input is read
 * in one streaming pass with memory bounded by a 1 MiB block plus the longest
 * line (at most max_line_bytes). They are thread-safe: no global state.
 * Failures are told by the return code alone (there is no client to hold a
 * message); the report's problems say what is wrong with the data. The
 * conventions of ownership and options structs are in common.h.
 */
#ifndef OPENAI_FT_JSONL_H
#define OPENAI_FT_JSONL_H

#include "common.h"
#include "errors.h"

OFT_BEGIN_DECL

/** Training data formats (reference/openai-api.md section 12). */
typedef enum oft_jsonl_format {
    /** Options: detect from the first line that is a JSON object.
     *  Report: no line allowed detection. */
    OFT_JSONL_AUTO = 0,
    /** {"messages":[...], "tools"?, "parallel_tool_calls"?, "functions"?} */
    OFT_JSONL_CHAT = 1,
    /** {"prompt":"...", "completion":"..."} (legacy completion models) */
    OFT_JSONL_COMPLETION = 2,
    /** {"input":{"messages":[...]}, "preferred_output":[...],
       "non_preferred_output":[...]} */
    OFT_JSONL_DPO = 3,
    /** {"messages":[...], "tools"?, any other key for the grader} */
    OFT_JSONL_REINFORCEMENT = 4
} oft_jsonl_format;

/**
 * A static lowercase name ("auto", "chat", "completion", "dpo",
 * "reinforcement"), or "unknown" for a value out of range. Never NULL.
 * Thread-safe.
 */
OFT_API const char *oft_jsonl_format_str(int format);

/** Severity of a problem. An error makes the file unusable; a warning does not. */
typedef enum oft_jsonl_severity {
    OFT_JSONL_WARNING = 1,
    OFT_JSONL_ERROR = 2
} oft_jsonl_severity;

/**
 * Problem codes. Never renumbered; new codes are appended. Each has a stable
 * snake_case name from oft_jsonl_code_str() (cookbook names where it has one).
 */
typedef enum oft_jsonl_code {
    OFT_JSONL_IO_ERROR = 1,          /**< "io_error": the input could not be read */
    OFT_JSONL_EMPTY_FILE = 2,        /**< "empty_file": no bytes at all */
    OFT_JSONL_BLANK_LINE = 3,        /**< "blank_line": empty or whitespace-only line */
    OFT_JSONL_LINE_TOO_LONG = 4,     /**< "line_too_long": over max_line_bytes */
    OFT_JSONL_INVALID_UTF8 = 5,      /**< "invalid_utf8" (column = byte offset + 1) */
    OFT_JSONL_INVALID_JSON = 6,      /**< "invalid_json" (column of the fault) */
    OFT_JSONL_TOO_DEEP = 7,          /**< "nesting_too_deep": over 64 levels */
    OFT_JSONL_DATA_TYPE = 8,         /**< "data_type": the line is not a JSON object */
    OFT_JSONL_UNKNOWN_FORMAT = 9,    /**< "unknown_format": no key of any format */
    OFT_JSONL_FORMAT_MISMATCH = 10,  /**< "format_mismatch": not the file's format */
    OFT_JSONL_UNRECOGNIZED_KEY = 11, /**< "unrecognized_key": top-level (warning) */
    OFT_JSONL_DUPLICATE_KEY = 12, /**< "duplicate_key": a checked key twice (warning) */
    OFT_JSONL_MISSING_MESSAGES =
        13, /**< "missing_messages_list": absent, empty or not an array */
    OFT_JSONL_MESSAGE_NOT_OBJECT = 14,       /**< "message_not_object" */
    OFT_JSONL_MESSAGE_MISSING_KEY = 15,      /**< "message_missing_key": no role */
    OFT_JSONL_MESSAGE_UNRECOGNIZED_KEY = 16, /**< "message_unrecognized_key" (warning) */
    OFT_JSONL_UNRECOGNIZED_ROLE = 17,        /**< "unrecognized_role" */
    OFT_JSONL_MISSING_CONTENT = 18, /**< "missing_content": absent or empty content */
    OFT_JSONL_INVALID_CONTENT = 19, /**< "invalid_content": not a string / valid parts */
    OFT_JSONL_INVALID_WEIGHT = 20,  /**< "invalid_weight": not 0/1, or not on assistant */
    OFT_JSONL_MISSING_ASSISTANT = 21, /**< "example_missing_assistant_message" */
    OFT_JSONL_MISSING_SYSTEM = 22,    /**< "example_missing_system_message" (warning) */
    OFT_JSONL_MISSING_USER = 23,      /**< "example_missing_user_message" (warning) */
    OFT_JSONL_INVALID_TOOLS = 24, /**< "invalid_tools": tools/functions not an array... */
    OFT_JSONL_INVALID_PROMPT_COMPLETION = 25, /**< "invalid_prompt_completion" */
    OFT_JSONL_INVALID_DPO_INPUT = 26,         /**< "invalid_dpo_input" */
    OFT_JSONL_INVALID_DPO_OUTPUT = 27,        /**< "invalid_dpo_output" */
    OFT_JSONL_EXAMPLE_TOO_LONG =
        28, /**< "example_too_long": estimate over the context (warning) */
    /** "too_few_examples": fewer than OFT_JSONL_MIN_EXAMPLES examples (line 0) */
    OFT_JSONL_TOO_FEW_EXAMPLES = 29,
    /** "format_not_for_model": prompt/completion examples for a chat model, or
     *  chat, DPO or reinforcement examples for a completion model (babbage-002,
     *  davinci-002); reported once, on the first example (needs options.model) */
    OFT_JSONL_FORMAT_NOT_FOR_MODEL = 30
} oft_jsonl_code;

/** The fewest examples the API accepts in a training file. */
#define OFT_JSONL_MIN_EXAMPLES 10

/**
 * The stable snake_case name of a code ("unknown_code" when out of range).
 * A static string, never NULL. Thread-safe.
 */
OFT_API const char *oft_jsonl_code_str(int code);

/** One problem found. Strings are owned by the report. */
typedef struct oft_jsonl_problem {
    /** 1-based line number; 0 for whole-file problems (empty_file, io_error,
     *  too_few_examples). */
    uint64_t line;
    /** 1-based byte column within the line when it matters (JSON, UTF-8), else 0. */
    uint64_t column;
    int code;     /**< @type oft_jsonl_code */
    int severity; /**< @type oft_jsonl_severity */
    /** Clear English, e.g. "line 7: message 2 has unknown role \"robot\"". */
    const char *message;
} oft_jsonl_problem;

/** Validation options. Initialise with OFT_JSONL_OPTIONS_INIT or
 * oft_jsonl_options_init(). */
typedef struct oft_jsonl_options {
    unsigned int version; /**< OFT_JSONL_OPTIONS_VERSION */
    /** @type oft_jsonl_format. OFT_JSONL_AUTO: detected from the first JSON object line.
     */
    int format;
    /**
     * Model to be fine-tuned, for the training context limit used by the
     * over-limit count and the billed-token estimate (a "ft:" prefix is
     * ignored). Known limits, by prefix:
     *   gpt-4o-mini, gpt-4o, gpt-4.1 (and -mini, -nano), o4-mini: 65536
     *   gpt-3.5-turbo, babbage-002, davinci-002:                 16385
     * NULL or any other model: 16385 (the cookbook's constant). Also whether
     * the data's format fits the model: babbage-002 and davinci-002 train on
     * prompt/completion examples only, gpt-* and o* models on the others
     * (OFT_JSONL_FORMAT_NOT_FOR_MODEL; NULL or another name: not checked).
     * Copied.
     */
    const char *model;
    /** Errors kept in the report; 0: 100. The rest are only counted. Negative: EINVAL. */
    int max_errors;
    /** Warnings kept in the report; 0: 100. The rest are only counted. Negative: EINVAL.
     */
    int max_warnings;
    /** Non-zero: stop reading after the first error (warnings do not stop). */
    int stop_at_first;
    /** Longest accepted line in bytes (without the newline); 0: 64 MiB. */
    size_t max_line_bytes;
    /* ---- version 2 ---- */
    /** Fewest examples before OFT_JSONL_TOO_FEW_EXAMPLES; 0 (and in a version 1
     *  struct): OFT_JSONL_MIN_EXAMPLES, the API's minimum for a training file;
     *  negative: no minimum (a validation file). */
    int min_examples;
} oft_jsonl_options;

#define OFT_JSONL_OPTIONS_VERSION 2
#define OFT_JSONL_OPTIONS_INIT                                                           \
    {                                                                                    \
        OFT_JSONL_OPTIONS_VERSION, OFT_JSONL_AUTO, NULL, 0, 0, 0, 0, 0                   \
    }

/**
 * Fills opts with the defaults of OFT_JSONL_OPTIONS_INIT, writing only the
 * given version's bytes. Thread-safe. Returns OFT_OK, OFT_EINVAL for a NULL
 * opts, or OFT_EVERSION for an unknown version.
 */
OFT_API int oft_jsonl_options_init(oft_jsonl_options *opts, unsigned int version);

/**
 * The result of a validation, allocated by the library; free it with
 * oft_jsonl_report_free(). Token figures are ESTIMATES (no tokenizer): per
 * example, 3 tokens of reply priming, plus per message 3 tokens + ceil(chars
 * / 4) of each of role, content text, name (+1) and tool/function call
 * strings, plus 85 per image part (the low-detail cost); completion examples
 * count ceil(chars / 4) of prompt and completion. This follows the cookbook's
 * counting with ~4 characters per token in place of tiktoken.
 */
typedef struct oft_jsonl_report {
    /** Non-zero when no error was found (warnings allowed). */
    int ok;
    /** @type oft_jsonl_format: the given or detected format (AUTO: none detected). */
    int format;
    /** Bytes read and lines seen (blank lines included). */
    uint64_t bytes;
    uint64_t lines;
    /** Lines that are JSON objects (whether or not they pass the rules). */
    uint64_t examples;
    /** Messages across examples (DPO: input messages plus both outputs). */
    uint64_t messages;
    /** Characters (code points) of text content, prompts and completions. */
    uint64_t characters;
    /** ESTIMATED tokens in all examples, and per example min / max / mean (over the
     *  examples that fit the file's format). */
    uint64_t est_tokens;
    uint64_t est_tokens_min;
    uint64_t est_tokens_max;
    double est_tokens_mean;
    /** The context limit applied (tokens) and the examples over it (truncated). */
    uint64_t context_limit;
    uint64_t examples_over_limit;
    /** Chat-like examples without a system message / without a user message. */
    uint64_t missing_system;
    uint64_t missing_user;
    /** The cookbook's default-epochs heuristic for this many examples (0 when none). */
    int default_epochs;
    /** ESTIMATE of billed training tokens: epochs x sum of min(limit, tokens). */
    uint64_t est_billed_tokens;
    /** All errors and warnings found, including those not kept in problems. */
    uint64_t errors_total;
    uint64_t warnings_total;
    /** Kept problems in input order (at most max_errors + max_warnings). */
    const oft_jsonl_problem *problems;
    size_t problems_count;
} oft_jsonl_report;

/**
 * Validates the file at path. Returns OFT_OK when validation ran, even if it
 * found problems (see report->ok); OFT_EINVAL (NULL out/path, an empty path,
 * an unknown format, a negative max_errors or max_warnings), OFT_EVERSION,
 * OFT_ENOMEM; OFT_EIO when the file cannot be opened or read: then *out still
 * receives a report (ok = 0) whose last problem, code OFT_JSONL_IO_ERROR,
 * names the path and the system error. On other failures *out is NULL.
 * opts may be NULL (defaults). *out is the caller's (oft_jsonl_report_free).
 * Thread-safe.
 */
OFT_API int oft_jsonl_validate_path(oft_jsonl_report **out, const char *path,
                                    const oft_jsonl_options *opts);

/**
 * As oft_jsonl_validate_path, reading fd from its current offset to EOF
 * (which moves the offset). fd is not closed. OFT_EINVAL also for a negative
 * fd; OFT_EIO, with a report, when a read fails. Thread-safe, but not on the
 * same fd at once.
 */
OFT_API int oft_jsonl_validate_fd(oft_jsonl_report **out, int fd,
                                  const oft_jsonl_options *opts);

/**
 * As oft_jsonl_validate_path, on len bytes at data (not copied, need not be
 * NUL-terminated; data is only read during the call). OFT_EINVAL also for a
 * NULL data with a non-zero len; never OFT_EIO. Thread-safe.
 */
OFT_API int oft_jsonl_validate_buffer(oft_jsonl_report **out, const char *data,
                                      size_t len, const oft_jsonl_options *opts);

/**
 * Frees a report and its problems (their messages with them). NULL is a
 * no-op.
 */
OFT_API void oft_jsonl_report_free(oft_jsonl_report *report);

OFT_END_DECL

#endif
