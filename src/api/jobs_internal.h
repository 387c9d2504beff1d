/*
 * What the resources of the jobs area (jobs, events, checkpoints,
 * permissions, wait) share beyond the list engine.
 */
#ifndef OFT_SRC_API_JOBS_INTERNAL_H
#define OFT_SRC_API_JOBS_INTERNAL_H

#include "api/fetch.h"
#include "core/common.h"
#include "json/mappers.h"
#include "net/http.h"

/* GET /fine_tuning/jobs/{job_id}, one poll of oft_job_wait: unlike
 * oft_job_retrieve it begins no new call, so it neither clears the client's
 * last error nor checks out and job_id again (the wait did both once). */
int oft__job_get(oft_job **out, oft_client *c, const char *job_id);

/*
 * A job's events or checkpoints (/fine_tuning/jobs/{job_id}/{sub}, query
 * after + limit): lists one page into *l when l is set, else makes an
 * iterator in *it. Checks job_id, after and limit.
 */
int oft__job_sublist(oft__list *l, oft__iter **it, oft_client *c,
                     const oft__object_spec *spec, const char *job_id, const char *sub,
                     const char *after, int limit);

#endif
