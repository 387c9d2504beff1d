/* A job's checkpoints: one page, or an iterator over all of them. */
#include "api/jobs_internal.h"
#include "util/options.h"

struct oft_checkpoint_iter {
    oft__iter it;
};

int oft_checkpoint_list_options_init(oft_checkpoint_list_options *opts,
                                     unsigned int version)
{
    OFT__OPTIONS_INIT(
        opts, version, oft_checkpoint_list_options, OFT_CHECKPOINT_LIST_OPTIONS_INIT,
        OFT_CHECKPOINT_LIST_OPTIONS_VERSION, sizeof(oft_checkpoint_list_options));
}

static int start(oft_client *c, const oft_checkpoint_list_options *o)
{
    if (!o)
        return OFT_OK;
    return oft__check_version(c, "oft_checkpoint_list_options", o->version,
                              OFT_CHECKPOINT_LIST_OPTIONS_VERSION);
}

int oft_checkpoint_list(oft_checkpoint_page **out, oft_client *c, const char *job_id,
                        const oft_checkpoint_list_options *opts)
{
    oft__list l;
    OFT__BEGIN(c, out);
    int rc = start(c, opts);
    if (rc == OFT_OK)
        rc = oft__job_sublist(&l, NULL, c, &oft__checkpoint_spec, job_id, "checkpoints",
                              opts ? opts->after : NULL, opts ? opts->limit : 0);
    if (rc != OFT_OK)
        return rc;
    OFT__LIST_TO_PAGE(rc, c, &oft__checkpoint_spec, out, &l, oft_checkpoint_page,
                      oft_checkpoint);
    return rc;
}

int oft_checkpoint_iter_new(oft_checkpoint_iter **out, oft_client *c, const char *job_id,
                            const oft_checkpoint_list_options *opts)
{
    oft__iter *it = NULL;
    OFT__BEGIN(c, out);
    int rc = start(c, opts);
    if (rc == OFT_OK)
        rc = oft__job_sublist(NULL, &it, c, &oft__checkpoint_spec, job_id, "checkpoints",
                              opts ? opts->after : NULL, opts ? opts->limit : 0);
    *out = (oft_checkpoint_iter *)it;
    return rc;
}

int oft_checkpoint_iter_next(const oft_checkpoint **out, oft_checkpoint_iter *iter)
{
    void *item = NULL;
    OFT__BEGIN(iter ? iter->it.client : NULL, out);
    int rc = oft__list_iter_next(&item, &iter->it);
    *out = item;
    return rc;
}

void oft_checkpoint_iter_free(oft_checkpoint_iter *iter)
{
    if (iter)
        oft__list_iter_free(&iter->it);
}
