/*
 * openai-ft: server text made safe for a terminal, the width of text, cuts
 * and folds at word boundaries (help, tables, event lines).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* Escaped copies handed out by cli_text: a ring, so that one printf can take
 * several; each slot is freed when reused and all at exit. */
#define TEXT_RING 16
static char *text_ring[TEXT_RING];
static unsigned text_next;

/* Length of the C1 control (U+0080..U+009F, UTF-8 C2 80..C2 9F) at p, or 0. */
static size_t c1_len(const unsigned char *p)
{
    return p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f ? 2 : 0;
}

static int is_ctl(unsigned char ch)
{
    return ch < 0x20 || ch == 0x7f;
}

const char *cli_text(const char *s)
{
    const unsigned char *p;
    size_t n = 0, extra = 0;
    char *out, *o;
    if (s == NULL)
        return "";
    for (p = (const unsigned char *)s; *p != '\0'; p++, n++) {
        if (is_ctl(*p))
            extra += 3; /* \xNN */
        else if (c1_len(p))
            extra += 4, p++, n++; /* \u00NN for two bytes */
    }
    if (extra == 0)
        return s; /* the usual case: nothing to copy */
    out = malloc(n + extra + 1);
    if (out == NULL)
        return "(unprintable)";
    for (p = (const unsigned char *)s, o = out; *p != '\0'; p++) {
        if (is_ctl(*p)) {
            o += sprintf(o, "\\x%02x", *p);
        } else if (c1_len(p)) {
            o += sprintf(o, "\\u%04x", p[1]);
            p++;
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    free(text_ring[text_next]);
    text_ring[text_next] = out;
    text_next = (text_next + 1) % TEXT_RING;
    return out;
}

void cli_text_free(void)
{
    size_t i;
    for (i = 0; i < TEXT_RING; i++) {
        free(text_ring[i]);
        text_ring[i] = NULL;
    }
}

const char *cli_or_dash(const char *s)
{
    return s != NULL && s[0] != '\0' ? cli_text(s) : "-";
}

const char *cli_ellipsis(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0')
            return strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "utf-8") ||
                           strstr(v, "UTF8")
                       ? "\xe2\x80\xa6"
                       : "...";
    }
    return "...";
}

size_t cli_text_bytes(const char *s, size_t cols)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p != '\0') {
        if ((*p & 0xc0) != 0x80) {
            if (n == cols)
                break;
            n++;
        }
        p++;
    }
    return (size_t)((const char *)p - s);
}

size_t cli_text_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        if (p[0] == 0x1b && p[1] == '[') { /* a colour escape: no width */
            p += 2;
            while (*p != '\0' && !(*p >= 0x40 && *p <= 0x7e))
                p++;
            if (*p != '\0')
                p++;
            continue;
        }
        if ((*p & 0xc0) != 0x80) /* not a UTF-8 continuation byte */
            w++;
        p++;
    }
    return w;
}

size_t cli_fold(const char *s, size_t width, const char **next)
{
    const char *p = s, *brk = NULL;
    size_t cols = 0, len;
    if (width < 1)
        width = 1;
    while (*p != '\0' && *p != '\n') {
        if (*p == ' ')
            brk = p;
        if ((*(const unsigned char *)p & 0xc0) != 0x80) {
            if (cols == width)
                break;
            cols++;
        }
        p++;
    }
    if (*p != '\0' && *p != '\n' && *p != ' ' && brk != NULL && brk > s)
        p = brk; /* inside a word: break at the last space */
    len = (size_t)(p - s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (*p == '\n')
        p++;
    else
        while (*p == ' ')
            p++;
    *next = p;
    return len;
}

void cli_fold_print(FILE *f, const char *text, size_t first_col, size_t indent,
                    size_t width)
{
    const char *p = text, *next;
    size_t room = width > first_col + 10 ? width - first_col : 10;
    int first = 1;
    if (*p == '\0') {
        fputc('\n', f);
        return;
    }
    while (*p != '\0') {
        size_t n = cli_fold(p, room, &next);
        if (!first)
            fprintf(f, "%*s", (int)indent, "");
        fprintf(f, "%.*s\n", (int)n, p);
        p = next;
        first = 0;
        room = width > indent + 10 ? width - indent : 10;
    }
}
