/* URL building: path segments, query strings, and ID checks. */
#include <string.h>

#include "common.h"

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

void oft__str_put_query(oft__str *s, const char *key, const char *value)
{
    if (s->len > 0)
        oft__str_putc(s, '&');
    put_escaped(s, key, NULL);
    oft__str_putc(s, '=');
    put_escaped(s, value, NULL);
}

int oft__check_id(oft_client *c, const char *field, const char *id)
{
    if (id == NULL)
        return oft__error_set(c, OFT_EINVAL, "%s: must not be NULL", field);
    if (id[0] == '\0')
        return oft__error_set(c, OFT_EINVAL, "%s: must not be empty", field);
    if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
        return oft__error_set(c, OFT_EINVAL, "%s: \"%s\" is not a valid ID", field, id);
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return oft__error_set(c, OFT_EINVAL, "%s: contains a control character",
                                  field);
    return OFT_OK;
}
