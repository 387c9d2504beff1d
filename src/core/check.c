/* The start of every public call, the argument checks shared by all
 * resources, and the deadline of the call running now. */
#include <stdio.h>
#include <string.h>

#include "core/client_internal.h"

int oft__begin(oft_client *c, const void *out)
{
    if (c == NULL)
        return OFT_EINVAL;
    oft__error_clear(c);
    oft__free(c->resp_headers); /* this call's response headers, or none */
    c->resp_headers = NULL;
    if (out == NULL)
        return oft__error_set(c, OFT_EINVAL, "out: must not be NULL");
    return OFT_OK;
}

int oft__check_version(oft_client *c, const char *what, unsigned int version,
                       unsigned int max)
{
    if (version == 0 || version > max)
        return oft__error_set(
            c, OFT_EVERSION, "%s: version %u is not supported (this library knows 1..%u)",
            what, version, max);
    return OFT_OK;
}

oft_client *oft__check_client_new(void)
{
    oft_client *c = oft__calloc(1, sizeof(*c));
    if (c != NULL)
        oft__error_init(&c->err);
    return c;
}

void oft__check_client_free(oft_client *c)
{
    if (c == NULL)
        return;
    oft__error_reset(&c->err);
    oft__free(c);
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
    return oft__check_utf8(c, field, id);
}

int oft__check_utf8(oft_client *c, const char *field, const char *s)
{
    size_t at = s ? oft__utf8_check(s) : 0;
    if (at)
        return oft__error_set(c, OFT_EINVAL, "%s: not valid UTF-8 (byte %zu)", field, at);
    return OFT_OK;
}

void oft__client_deadline_set(oft_client *c, int64_t at_ms)
{
    c->deadline_ms = at_ms;
    c->deadline_hit[0] = '\0';
}

int64_t oft__client_deadline(const oft_client *c)
{
    return c->deadline_ms;
}

void oft__client_deadline_record(oft_client *c, const char *why)
{
    snprintf(c->deadline_hit, sizeof(c->deadline_hit), "%s", why);
}

const char *oft__client_deadline_hit(const oft_client *c)
{
    return c->deadline_hit;
}
