/* Logging through the client's callback (its lines redacted by core/redact.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/client_internal.h"

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
