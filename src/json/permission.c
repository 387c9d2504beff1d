/* checkpoint.permission JSON -> structs, and the create body. */
#include "json/json.h"
#include "api/jobs_internal.h"

void oft_checkpoint_permission_free(oft_checkpoint_permission *p)
{
    if (!p)
        return;
    oft__free(p->id);
    oft__free(p->object);
    oft__free(p->project_id);
    oft__free(p->request_id);
    oft__free(p->raw_json);
    oft__free(p);
}

void oft_checkpoint_permission_deleted_free(oft_checkpoint_permission_deleted *d)
{
    if (!d)
        return;
    oft__free(d->id);
    oft__free(d->object);
    oft__free(d->request_id);
    oft__free(d->raw_json);
    oft__free(d);
}

/* Copies obj[key] into *dst; 0, or -1 when a present string could not be copied. */
static int str(const json_t *obj, const char *key, char **dst)
{
    *dst = oft__json_str(obj, key);
    return (json_is_string(json_object_get(obj, key)) && !*dst) ? -1 : 0;
}

void *oft__permission_from_json(const json_t *obj, const char *request_id,
                                const char *raw)
{
    oft_checkpoint_permission *p = oft__calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    int bad = str(obj, "id", &p->id) | str(obj, "object", &p->object) |
              str(obj, "project_id", &p->project_id);
    p->created_at = oft__json_time(obj, "created_at");
    p->request_id = oft__strdup(request_id);
    p->raw_json = oft__item_raw(obj, raw);
    if (bad || !p->raw_json || (request_id && !p->request_id)) {
        oft_checkpoint_permission_free(p);
        return NULL;
    }
    return p;
}

void *oft__permission_deleted_from_json(const json_t *obj, const char *request_id,
                                        const char *raw)
{
    oft_checkpoint_permission_deleted *d = oft__calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    int bad = str(obj, "id", &d->id) | str(obj, "object", &d->object);
    d->deleted = oft__json_bool(obj, "deleted", 0);
    d->request_id = oft__strdup(request_id);
    d->raw_json = oft__item_raw(obj, raw);
    if (bad || !d->raw_json || (request_id && !d->request_id)) {
        oft_checkpoint_permission_deleted_free(d);
        return NULL;
    }
    return d;
}

int oft__permission_create_body(oft_client *c, const char *const *ids, size_t n,
                                char **out, size_t *len)
{
    json_t *body = json_object(), *arr = json_array();
    int bad = !body || !arr || json_object_set(body, "project_ids", arr);
    for (size_t i = 0; !bad && i < n; i++)
        bad = json_array_append_new(arr, json_string(ids[i])) != 0;
    *out = bad ? NULL : oft__json_to_string(body, len);
    json_decref(arr);
    json_decref(body);
    if (!*out)
        return oft__error_set(c, OFT_ENOMEM,
                              "checkpoint.permission create: out of memory");
    return OFT_OK;
}

static void permission_free_item(void *p)
{
    oft_checkpoint_permission_free(p);
}

static void deleted_free_item(void *p)
{
    oft_checkpoint_permission_deleted_free(p);
}

/* Permissions page with the envelope's last_id (ConversationCursorPage). */
const oft__list_spec oft__permission_spec = {
    "checkpoint.permission", oft__permission_from_json, permission_free_item, 1, 1};
const oft__list_spec oft__permission_deleted_spec = {
    "checkpoint.permission", oft__permission_deleted_from_json, deleted_free_item, 1, 0};
