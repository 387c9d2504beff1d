/* Logging through the client's callback, and the redaction of what is stored or
 * shown (core/redact.c finds the keys). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/client_internal.h"

/* A line (a log line, an error message) is at most this long, its NUL included. */
#define LINE_CAP 1024

static void redact_into(const oft_client *c, oft__str *out, const char *s, size_t len,
                        int cut)
{
    if (c != NULL)
        oft__redact_put(&c->redactor, out, s, len, cut);
    else
        oft__str_putn(out, s, len);
}

static char *redacted_copy(const oft_client *c, const char *s, size_t len, int cut)
{
    if (s == NULL)
        return NULL;
    oft__str out = OFT__STR_INIT;
    oft__str_reserve(&out, len); /* the usual case in one allocation */
    redact_into(c, &out, s, len, cut);
    return oft__str_detach(&out);
}

char *oft__redact(const oft_client *c, const char *s)
{
    return redacted_copy(c, s, s ? strlen(s) : 0, 0);
}

char *oft__redact_cut(const oft_client *c, const char *s)
{
    return redacted_copy(c, s, s ? strlen(s) : 0, 1);
}

char *oft__redactn(const oft_client *c, const char *s, size_t len)
{
    return redacted_copy(c, s, s ? strnlen(s, len) : 0, 0);
}

/* Cuts a line longer than LINE_CAP - 1 bytes at a character boundary, "..."
 * marking the cut. */
static void cap_line(oft__str *line)
{
    if (line->oom || line->len < LINE_CAP)
        return;
    size_t keep = LINE_CAP - 4;
    while (keep > 0 && ((unsigned char)line->ptr[keep] & 0xC0) == 0x80)
        keep--; /* not inside a UTF-8 sequence */
    line->len = keep;
    oft__str_puts(line, "...");
}

char *oft__format_redacted(const oft_client *c, const char *fmt, va_list ap)
{
    char small[LINE_CAP];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    char *text = small;
    int cut = 0;
    if (n < 0) {
        small[0] = '\0';
        n = 0;
    } else if ((size_t)n >= sizeof(small)) {
        /* Redacted whole, then cut: a key across the cut would leave a piece. */
        if ((text = oft__malloc((size_t)n + 1)) != NULL) {
            vsnprintf(text, (size_t)n + 1, fmt, again);
        } else {
            text = small;
            n = (int)sizeof(small) - 1;
            cut = 1;
        }
    }
    va_end(again);
    oft__str line = OFT__STR_INIT;
    redact_into(c, &line, text, (size_t)n, cut);
    /* The text before redaction does not linger, on the stack or the heap. */
    explicit_bzero(small, (size_t)n < sizeof(small) ? (size_t)n + 1 : sizeof(small));
    if (text != small) {
        explicit_bzero(text, (size_t)n);
        oft__free(text);
    }
    cap_line(&line);
    return oft__str_detach(&line);
}

int oft__log_level_parse(const char *s)
{
    static const char *const names[] = {"off", "error", "warn", "info", "debug"};
    if (s == NULL || s[0] == '\0')
        return -1;
    for (int i = 0; i < 5; i++)
        if (strcasecmp(s, names[i]) == 0)
            return i;
    if (strcasecmp(s, "warning") == 0)
        return OFT_LOG_WARN;
    if (s[0] >= '0' && s[0] <= '4' && s[1] == '\0')
        return s[0] - '0';
    return -1;
}

int oft__log_enabled(const oft_client *c, int level)
{
    return c != NULL && level > OFT_LOG_OFF && level <= c->log_level;
}

static void log_stderr(int level, const char *message, void *payload)
{
    static const char *const names[] = {"off", "error", "warn", "info", "debug"};
    (void)payload;
    fprintf(stderr, "openai_ft %s: %s\n", names[level < 0 || level > 4 ? 0 : level],
            message);
}

void oft_client_set_log(oft_client *client, int level, oft_log_cb cb, void *payload)
{
    if (client == NULL)
        return;
    client->log_level = level < OFT_LOG_OFF     ? OFT_LOG_OFF
                        : level > OFT_LOG_DEBUG ? OFT_LOG_DEBUG
                                                : level;
    client->log_cb = cb ? cb : log_stderr;
    client->log_payload = cb ? payload : NULL;
    if (cb == NULL && level == OFT_LOG_OFF)
        client->log_cb = NULL;
}

void oft__log(oft_client *c, int level, const char *fmt, ...)
{
    if (!oft__log_enabled(c, level) || c->log_cb == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *line = oft__format_redacted(c, fmt, ap);
    va_end(ap);
    if (line != NULL)
        c->log_cb(level, line, c->log_payload);
    oft__free(line);
}
