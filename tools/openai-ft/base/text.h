/*
 * openai-ft: server text made safe, widths, cuts and folds (text.c).
 */
#ifndef OFT_CLI_TEXT_H
#define OFT_CLI_TEXT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Server text made safe for a terminal: control characters (C0, DEL and C1,
 * U+0080..U+009F) become visible escapes (\x1b, \u009b). Returns s itself
 * when clean, "" for NULL, else a copy valid for the next 15 calls (enough for one
 * printf). Every server string in human output goes through it; --json
 * output does not (JSON escapes them).
 */
const char *cli_text(const char *s);
/* Frees cli_text's copies (at exit). */
void cli_text_free(void);
/* A string (through cli_text) or "-" for NULL / empty. */
const char *cli_or_dash(const char *s);

/* "…" on a UTF-8 terminal, else "..." */
const char *cli_ellipsis(void);
/* The length in bytes of the first `cols` characters of s. */
size_t cli_text_bytes(const char *s, size_t cols);
/* The visible width of s (UTF-8 code points, escapes not counted). */
size_t cli_text_width(const char *s);

/*
 * Folds text for a width: returns the bytes of s that make its next line (at
 * most width characters, broken after the last space that fits, or inside a
 * word longer than the width; a newline ends a line), without trailing
 * spaces, and sets *next to where the line after it starts. At the end of s
 * it returns 0 and *next points to the NUL.
 */
size_t cli_fold(const char *s, size_t width, const char **next);
/* Prints text folded to width, its first line from column first_col (the
 * caller printed what comes before it), the others indented by indent. */
void cli_fold_print(FILE *f, const char *text, size_t first_col, size_t indent,
                    size_t width);

#endif
