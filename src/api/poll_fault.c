/* The rule for a failed poll, shared by the wait and the watch. */
#include "api/poll_fault.h"

#include <stdint.h>

#include "core/client_internal.h"

/* A fault that a later poll may not see. */
static int is_passing(oft_client *c, int rc)
{
    switch (rc) {
        case OFT_ENETWORK:
        case OFT_ETIMEOUT:
        case OFT_ESERVER:
        case OFT_ERATELIMIT:
        case OFT_ECONFLICT:
        case OFT_EPARSE:
            return 1;
        case OFT_EAPI:
            return oft_error_http_status(oft_client_last_error(c)) == 408;
        default:
            return 0;
    }
}

int oft__poll_fault_keep(oft_client *c, int rc, int *parse_failures, const char *what,
                         int64_t *pause)
{
    const oft_error *err = oft_client_last_error(c);
    if (rc == OFT_EPARSE && ++*parse_failures >= OFT__POLL_PARSE_FAILURES_MAX) {
        oft__error_set(
            c, OFT_EPARSE,
            "%s: %d polls in a row got an answer that does not parse; the last: %s", what,
            *parse_failures, oft_error_message(err));
        return 0;
    }
    if (!is_passing(c, rc))
        return 0;
    int64_t ra = oft_error_retry_after_ms(err);
    if (ra > c->retry_after_cap_ms)
        ra = c->retry_after_cap_ms; /* 1e30 ms must not mean forever */
    if (ra > *pause)
        *pause = ra;
    oft__log(c, OFT_LOG_WARN, "%s: %s (%s); polling again in %lld ms", what,
             oft_error_message(err), oft_status_str(rc), (long long)*pause);
    return 1;
}
