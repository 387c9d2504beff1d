/* The start of every public call and the argument checks shared by all resources. */
#include <string.h>

#include "core/common.h"

int oft__begin(oft_client *c, const void *out)
{
    if (c == NULL)
        return OFT_EINVAL;
    oft__error_clear(c);
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
