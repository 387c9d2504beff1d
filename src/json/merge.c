/* A request's JSON body with a call's extra members merged over it. */
#include "json/merge.h"
#include "json/json.h"

int oft__json_merge_text(oft_client *c, const char *field, const char *body, size_t len,
                         const char *extra, char **out, size_t *out_len)
{
    *out = NULL;
    json_t *obj =
        body ? json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL) : json_object();
    if (obj == NULL || !json_is_object(obj)) {
        json_decref(obj);
        return oft__error_set(c, OFT_EINVAL,
                              "%s: the request's body is not a JSON object", field);
    }
    int rc = oft__json_merge_raw(c, obj, field, extra);
    if (rc == OFT_OK && (*out = oft__json_to_string(obj, out_len)) == NULL)
        rc = oft__error_set(c, OFT_ENOMEM, "%s: out of memory", field);
    json_decref(obj);
    return rc;
}
