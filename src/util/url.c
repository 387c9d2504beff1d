/* URL escaping: path segments and query strings. */
#include <string.h>

#include "util/str.h"

static const char hex[] = "0123456789ABCDEF";

static int unreserved(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
           (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

static void put_escaped(oft__str *s, const char *in, const char *keep)
{
    for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p; p++) {
        if (unreserved(*p) || (keep && strchr(keep, *p) != NULL)) {
            oft__str_putc(s, (char)*p);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            oft__str_putn(s, esc, 3);
        }
    }
}

void oft__str_put_path_segment(oft__str *s, const char *segment)
{
    /* RFC 3986 pchar: sub-delims, ':' and '@' stay literal. */
    put_escaped(s, segment, "!$&'()*+,;=:@");
}

char *oft__url_path(const char *prefix, const char *id, const char *suffix)
{
    oft__str s = OFT__STR_INIT;
    oft__str_puts(&s, prefix);
    if (id) {
        oft__str_putc(&s, '/');
        oft__str_put_path_segment(&s, id);
    }
    if (suffix)
        oft__str_puts(&s, suffix);
    return oft__str_detach(&s);
}

void oft__str_put_query(oft__str *s, const char *key, const char *value)
{
    if (s->len > 0)
        oft__str_putc(s, '&');
    put_escaped(s, key, NULL);
    oft__str_putc(s, '=');
    put_escaped(s, value, NULL);
}
