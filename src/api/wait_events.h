/*
 * The events oft_job_wait reports (api/wait.c): at each poll, those of the
 * job that are new since the last poll, oldest first and each once, with at
 * most two pages of them in memory whatever the job's history.
 */
#ifndef OFT_SRC_API_WAIT_EVENTS_H
#define OFT_SRC_API_WAIT_EVENTS_H

#include "api/jobs_internal.h"
#include "openai_ft/wait.h"

/* Events per page of the events list, and IDs remembered as reported. */
#define OFT__WAIT_EVENT_PAGE 100

/*
 * The IDs of the newest events reported (owned; a ring, the newest at
 * next - 1): a page's worth, so that events of one second that the server
 * lists in another order still match. New events only appear in front of the
 * list, so recognising these is enough to find where the new ones end.
 */
typedef struct oft__reported {
    char *ids[OFT__WAIT_EVENT_PAGE];
    size_t next, n;
} oft__reported;

void oft__reported_free(oft__reported *r);

/*
 * Reports to o->on_progress (with job) the events of job_id not yet in r,
 * oldest first, adding each to r before its callback. OFT_OK, or the error
 * recorded on c: a list request's, OFT_ENOMEM, or OFT_EUSER when the
 * callback stopped.
 */
int oft__wait_report_events(oft_client *c, const char *job_id, const oft_job *job,
                            const oft_wait_options *o, oft__reported *r);

#endif
