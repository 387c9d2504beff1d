/*
 * Fault injection on API requests: added latency, a fixed status for the
 * next N requests, a rate limit (429 with Retry-After, or a fixed long one)
 * and a share of random 500s, each answered in the API's error shape; and the
 * stalls a client's deadline must hold against (no answer, an answer a byte a
 * second, a reset: sent by http.c). Set at start by options and at run time
 * by GET/POST /_emulator/faults.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "state/state.h"

#include <stdio.h>
#include <string.h>

/* The API's words for a status a fault answers with. */
static void fault_error(emu_resp *r, int status)
{
    static const struct {
        int status;
        const char *type, *code, *message;
    } known[] = {
        {400, "invalid_request_error", NULL, "The request could not be processed."},
        {401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided."},
        {403, "invalid_request_error", "unsupported_country_region_territory",
         "Country, region, or territory not supported."},
        {404, "invalid_request_error", NULL, "The requested resource was not found."},
        {408, "invalid_request_error", NULL, "Request timed out."},
        {409, "invalid_request_error", NULL,
         "The request conflicted with another one in progress. Please try again."},
        {429, "requests", "rate_limit_exceeded",
         "Rate limit reached for requests. Please try again in 1s."},
        {500, "server_error", NULL,
         "The server had an error while processing your request. Sorry about that!"},
        {502, "server_error", NULL, "Bad gateway."},
        {503, "server_error", NULL,
         "The engine is currently overloaded, please try again later."},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (known[i].status == status) {
            emu_reply_error(r, status, known[i].type, NULL, known[i].code, "%s",
                            known[i].message);
            return;
        }
    }
    emu_reply_error(r, status, status >= 500 ? "server_error" : "invalid_request_error",
                    NULL, NULL, "HTTP %d.", status);
}

static void retry_after(emu_resp *r, int64_t now_ms, int limit, int fixed_s)
{
    if (fixed_s > 0) { /* a long wait asked for in seconds only, as a proxy would */
        snprintf(r->headers, sizeof(r->headers), "Retry-After: %d\n", fixed_s);
        return;
    }
    snprintf(r->headers, sizeof(r->headers),
             "Retry-After: 1\nretry-after-ms: %lld\n"
             "x-ratelimit-limit-requests: %d\nx-ratelimit-remaining-requests: 0\n"
             "x-ratelimit-reset-requests: %lldms\n",
             (long long)(1000 - now_ms % 1000), limit, (long long)(1000 - now_ms % 1000));
}

int emu_inject_faults(oft_emu *emu, emu_resp *r)
{
    emu_lock(emu);
    int latency = emu->control->faults.latency_ms;
    emu_unlock(emu);
    if (latency > 0)
        emu_sleep_ms(emu, latency);

    int64_t now = emu_now_mono_ms();
    int status = 0, limit, limited = 0;
    double fail_rate;
    emu_lock(emu);
    emu_faults *f = &emu->control->faults;
    int stall = f->stall, fixed_s = f->retry_after_s;
    if (stall == EMU_STALL_HANG || stall == EMU_STALL_RESET) {
        emu_unlock(emu);
        r->stall = stall; /* no answer at all */
        return -1;
    }
    r->stall = stall; /* a drip: whatever the answer is, slowly */
    if (f->status > 0 && f->status_count > 0) {
        status = f->status;
        if (--f->status_count == 0)
            f->status = 0;
    }
    limit = f->rate_limit;
    if (!status && limit > 0) {
        if (now / 1000 != emu->control->rate_window) {
            emu->control->rate_window = now / 1000;
            emu->control->rate_count = 0;
        }
        limited = ++emu->control->rate_count > limit;
    }
    fail_rate = f->fail_rate;
    emu_unlock(emu);

    if (status || limited) {
        fault_error(r, status ? status : 429);
        if (r->status == 429)
            retry_after(r, now, limited ? limit : 1, fixed_s);
        return -1;
    }
    if (fail_rate > 0 && emu_random_unit() < fail_rate) {
        fault_error(r, 500);
        return -1;
    }
    return 0;
}

static json_t *faults_json(const emu_faults *f)
{
    static const char *const stalls[] = {"none", "hang", "drip", "reset"};
    return json_pack("{s:f, s:i, s:i, s:i, s:i, s:i, s:s}", "fail_rate", f->fail_rate,
                     "rate_limit", f->rate_limit, "latency_ms", f->latency_ms, "status",
                     f->status, "status_count", f->status_count, "retry_after",
                     f->retry_after_s, "stall", stalls[f->stall]);
}

/* The stall member ("none", "hang", "drip", "reset") into *out, or a 400. */
static int stall_member(emu_resp *r, json_t *body, int *out)
{
    static const char *const names[] = {"none", "hang", "drip", "reset", NULL};
    json_t *v = json_object_get(body, "stall");
    if (!v)
        return 0;
    for (int i = 0; json_is_string(v) && names[i]; i++) {
        if (strcmp(json_string_value(v), names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    return emu_bad_request(r, "stall",
                           "Invalid 'stall': expected none, hang, drip or reset.");
}

/* An integer member in [min, max] into *out (absent: unchanged), or a 400. */
static int int_member(emu_resp *r, json_t *body, const char *key, long long min,
                      long long max, int *out)
{
    json_t *v = json_object_get(body, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return emu_bad_request(r, key, "Invalid '%s': expected an integer in %lld..%lld.",
                               key, min, max);
    *out = (int)json_integer_value(v);
    return 0;
}

/* Checks body against the fault fields and applies it to *f (a copy). */
static int faults_update(emu_resp *r, json_t *body, emu_faults *f)
{
    static const char *const keys[] = {
        "fail_rate",    "rate_limit",  "latency_ms", "status",
        "status_count", "retry_after", "stall",      NULL};
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (!emu_one_of(k, keys))
            return emu_bad_request(r, k, "Unknown parameter: '%s'.", k);
    }
    v = json_object_get(body, "fail_rate");
    if (v && (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1))
        return emu_bad_request(r, "fail_rate",
                               "Invalid 'fail_rate': expected a number in 0..1.");
    if (v)
        f->fail_rate = json_number_value(v);
    int status = -1, count = -1;
    if (int_member(r, body, "rate_limit", 0, 1000000000, &f->rate_limit) != 0 ||
        int_member(r, body, "latency_ms", 0, 600000, &f->latency_ms) != 0 ||
        int_member(r, body, "status", 0, 599, &status) != 0 ||
        int_member(r, body, "status_count", 0, 1000000000, &count) != 0 ||
        int_member(r, body, "retry_after", 0, 86400, &f->retry_after_s) != 0 ||
        stall_member(r, body, &f->stall) != 0)
        return -1;
    if (status > 0 && status < 400)
        return emu_bad_request(r, "status",
                               "Invalid 'status': expected 0 or an error status "
                               "(400..599).");
    if (status >= 0) { /* a status alone answers the next request */
        f->status = status;
        f->status_count = status == 0 ? 0 : count >= 0 ? count : 1;
    } else if (count >= 0) {
        f->status_count = count;
    }
    if (f->status_count == 0) /* nothing left to answer: no fixed status */
        f->status = 0;
    return 0;
}

/* GET /_emulator/faults */
int emu_faults_get(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    emu_reply_json(r, 200, faults_json(&req->emu->control->faults));
    return 1;
}

/* POST /_emulator/faults: changes what the body names, answers them all. */
int emu_faults_set(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    oft_emu *emu = req->emu;
    json_t *body;
    if (emu_parse_body(req, r, &body) != 0)
        return 1;
    emu_faults f = emu->control->faults;
    int rc = faults_update(r, body, &f);
    json_decref(body);
    if (rc != 0)
        return 1;
    emu->control->faults = f;
    return emu_faults_get(req, r, segs, n);
}
