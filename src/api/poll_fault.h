/*
 * What oft_job_wait (api/wait.c) and oft_jobs_watch (api/watch.c) do when a
 * poll fails: a passing fault (the network, a timeout, 5xx, 429, 409, 408,
 * a few unparsable answers) is logged and polled again after its
 * Retry-After; any other error ends the call.
 */
#ifndef OFT_SRC_API_POLL_FAULT_H
#define OFT_SRC_API_POLL_FAULT_H

#include "openai_ft/client.h"

/* Unparsable answers in a row that end the call. */
#define OFT__POLL_PARSE_FAILURES_MAX 3

/*
 * After a failed poll (rc, the client's last error): 1 to poll again, logged
 * as "WHAT: message (status); polling again in N ms" with *pause stretched to
 * the error's Retry-After (at most the client's retry_after_cap_ms); 0 to end
 * the call, the error recorded. *parse_failures counts unparsable answers in
 * a row (the caller zeroes it after a poll that parsed); WHAT names the call
 * ("wait ftjob-...", "watch").
 */
int oft__poll_fault_keep(oft_client *c, int rc, int *parse_failures, const char *what,
                         int64_t *pause);

#endif
