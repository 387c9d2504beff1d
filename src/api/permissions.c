/*
 * Checkpoint permissions: create (project IDs), list (last_id cursor),
 * delete. Every call sends the admin key.
 */
#include <stdio.h>

#include "api/jobs_internal.h"
#include "util/options.h"

struct oft_checkpoint_permission_iter {
    oft__iter it;
};

int oft_checkpoint_permission_list_options_init(
    oft_checkpoint_permission_list_options *opts, unsigned int version)
{
    OFT__OPTIONS_INIT(opts, version, oft_checkpoint_permission_list_options,
                      OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_INIT,
                      OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION,
                      sizeof(oft_checkpoint_permission_list_options));
}

/* "/fine_tuning/checkpoints/{checkpoint}/permissions[/{permission_id}]" */
static int make_path(oft_client *c, oft__str *path, const char *checkpoint,
                     const char *permission_id)
{
    int rc = oft__check_id(c, "checkpoint", checkpoint);
    if (rc == OFT_OK && permission_id)
        rc = oft__check_id(c, "permission_id", permission_id);
    if (rc != OFT_OK)
        return rc;
    oft__str_puts(path, "/fine_tuning/checkpoints/");
    oft__str_put_path_segment(path, checkpoint);
    oft__str_puts(path, "/permissions");
    if (permission_id) {
        oft__str_putc(path, '/');
        oft__str_put_path_segment(path, permission_id);
    }
    if (path->oom)
        return oft__error_set(c, OFT_ENOMEM, "checkpoint.permission: out of memory");
    return OFT_OK;
}

/* Moves a list of permissions into a new page in *out. */
static int to_page(oft_client *c, oft__list *l, oft_checkpoint_permission_page **out)
{
    int rc;
    OFT__LIST_TO_PAGE(rc, c, &oft__permission_spec, out, l,
                      oft_checkpoint_permission_page, oft_checkpoint_permission);
    return rc;
}

int oft_checkpoint_permission_create(oft_checkpoint_permission_page **out, oft_client *c,
                                     const char *checkpoint,
                                     const char *const *project_ids,
                                     size_t project_ids_count)
{
    oft__str path = OFT__STR_INIT;
    oft__request req = OFT__REQUEST_INIT;
    oft__response resp = OFT__RESPONSE_INIT;
    char *body = NULL;
    oft__list l;
    OFT__BEGIN(c, out);
    int rc = make_path(c, &path, checkpoint, NULL);
    if (rc == OFT_OK && (!project_ids || project_ids_count == 0))
        rc = oft__error_set(c, OFT_EINVAL,
                            "project_ids: at least one project ID required");
    for (size_t i = 0; rc == OFT_OK && i < project_ids_count; i++) {
        char field[48];
        snprintf(field, sizeof(field), "project_ids[%zu]", i);
        rc = oft__check_id(c, field, project_ids[i]);
    }
    if (rc == OFT_OK)
        rc = oft__permission_create_body(c, project_ids, project_ids_count, &body,
                                         &req.json_len);
    if (rc == OFT_OK) {
        req.method = "POST";
        req.path = path.ptr;
        req.json_body = body;
        req.admin = 1;
        rc = oft__http_send(c, &req, &resp);
    }
    if (rc == OFT_OK)
        rc = oft__list_parse(c, &oft__permission_spec, &resp, &l);
    if (rc == OFT_OK)
        rc = to_page(c, &l, out);
    oft__response_dispose(&resp);
    oft__free(body);
    oft__str_free(&path);
    return rc;
}

/* The fixed query of a listing (project_id, limit, order; not after). */
static int list_query(oft_client *c, oft__str *q,
                      const oft_checkpoint_permission_list_options *o)
{
    int rc;
    if (!o)
        return OFT_OK;
    if ((rc = oft__check_version(c, "oft_checkpoint_permission_list_options", o->version,
                                 OFT_CHECKPOINT_PERMISSION_LIST_OPTIONS_VERSION)) !=
        OFT_OK)
        return rc;
    if (o->project_id) {
        if ((rc = oft__check_id(c, "project_id", o->project_id)) != OFT_OK)
            return rc;
        oft__str_put_query(q, "project_id", o->project_id);
    }
    if ((rc = oft__list_query(c, q, NULL, o->limit)) != OFT_OK)
        return rc;
    if (o->order < OFT_ORDER_DEFAULT || o->order > OFT_ORDER_DESCENDING)
        return oft__error_set(c, OFT_EINVAL, "order: unknown order %d", o->order);
    if (o->order != OFT_ORDER_DEFAULT)
        oft__str_put_query(q, "order",
                           o->order == OFT_ORDER_ASCENDING ? "ascending" : "descending");
    return OFT_OK;
}

int oft_checkpoint_permission_list(oft_checkpoint_permission_page **out, oft_client *c,
                                   const char *checkpoint,
                                   const oft_checkpoint_permission_list_options *opts)
{
    oft__str path = OFT__STR_INIT, q = OFT__STR_INIT;
    oft__list l;
    OFT__BEGIN(c, out);
    int rc = make_path(c, &path, checkpoint, NULL);
    if (rc == OFT_OK)
        rc = list_query(c, &q, opts);
    if (rc == OFT_OK && q.oom)
        rc = oft__error_set(c, OFT_ENOMEM, "checkpoint.permission list: out of memory");
    if (rc == OFT_OK)
        rc = oft__list_page(c, &oft__permission_spec, 1, path.ptr, q.ptr,
                            opts ? opts->after : NULL, &l);
    if (rc == OFT_OK)
        rc = to_page(c, &l, out);
    oft__str_free(&path);
    oft__str_free(&q);
    return rc;
}

int oft_checkpoint_permission_delete(oft_deleted **out, oft_client *c,
                                     const char *checkpoint, const char *permission_id)
{
    oft__str path = OFT__STR_INIT;
    oft__request req = OFT__REQUEST_INIT;
    void *res = NULL;
    OFT__BEGIN(c, out);
    int rc = oft__check_id(c, "permission_id", permission_id);
    if (rc == OFT_OK)
        rc = make_path(c, &path, checkpoint, permission_id);
    if (rc == OFT_OK) {
        req.method = "DELETE";
        req.path = path.ptr;
        req.admin = 1;
        rc = oft__fetch_item(c, &req, &oft__permission_deleted_spec, &res);
    }
    *out = res;
    oft__str_free(&path);
    return rc;
}

int oft_checkpoint_permission_iter_new(oft_checkpoint_permission_iter **out,
                                       oft_client *c, const char *checkpoint,
                                       const oft_checkpoint_permission_list_options *opts)
{
    oft__str path = OFT__STR_INIT, q = OFT__STR_INIT;
    oft__iter *it = NULL;
    OFT__BEGIN(c, out);
    int rc = make_path(c, &path, checkpoint, NULL);
    if (rc == OFT_OK)
        rc = list_query(c, &q, opts);
    if (rc == OFT_OK && q.oom)
        rc = oft__error_set(c, OFT_ENOMEM,
                            "checkpoint.permission iterator: out of memory");
    if (rc == OFT_OK)
        rc = oft__list_iter_new(&it, c, &oft__permission_spec, 1, path.ptr, q.ptr,
                                opts ? opts->after : NULL);
    oft__str_free(&path);
    oft__str_free(&q);
    *out = (oft_checkpoint_permission_iter *)it;
    return rc;
}

int oft_checkpoint_permission_iter_next(const oft_checkpoint_permission **out,
                                        oft_checkpoint_permission_iter *iter)
{
    void *item = NULL;
    OFT__BEGIN(iter ? iter->it.client : NULL, out);
    int rc = oft__list_iter_next(&item, &iter->it);
    *out = item;
    return rc;
}

void oft_checkpoint_permission_iter_free(oft_checkpoint_permission_iter *iter)
{
    if (iter)
        oft__list_iter_free(&iter->it);
}
