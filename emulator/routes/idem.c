/*
 * Idempotency keys of POST /fine_tuning/jobs, as the API and Stripe-style
 * servers honour them: the first request with a key creates the job and the
 * key remembers it with the request's body (its JSON, keys sorted); the same
 * key with the same body again answers that job (200, its state now, with
 * Idempotent-Replayed: true) and creates nothing; the same key with another
 * body is refused. A key lasts EMU_IDEM_TTL seconds (the API keeps them a
 * day). The keys are rows of DIR/state.db (persist_db.c), saved with the job
 * they name, so a restart on the same --data-dir still knows them.
 *
 * The status codes are those of the IETF draft "The Idempotency-Key HTTP
 * Header Field" (draft-ietf-httpapi-idempotency-key-header, section 2.7):
 * 422 Unprocessable Content for a key reused with another payload (the
 * request is well formed but cannot be processed with this key; Stripe's
 * idempotency_error), and 409 Conflict for a key whose first request is
 * still being processed (a job being validated, the lock let go).
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <stdlib.h>
#include <string.h>

#define EMU_IDEM_TTL  (24 * 3600)
#define EMU_IDEM_MAX  255 /* longer keys are refused (400), as the API does */
#define REPLAY_HEADER "Idempotent-Replayed: true\n"

static char *canonical(json_t *body)
{
    return json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
}

/* The answer to a key seen before; 0 when there is none to give (a new key,
 * or one whose time is up or whose job was deleted: forgotten). */
static int replay(oft_emu *emu, emu_resp *r, emu_idem *k, const char *canon)
{
    emu_job *j;
    if (emu_now_wall() - k->created_at > EMU_IDEM_TTL) {
        emu_idem_drop(emu, k);
        return 0;
    }
    if (strcmp(k->body, canon) != 0)
        return emu_reply_error(r, 422, "invalid_request_error", NULL,
                               "idempotency_key_reused",
                               "Keys for idempotent requests can only be used with the "
                               "same parameters they were first used with. Try using a "
                               "key other than '%s' if you meant to make a different "
                               "request.",
                               k->key),
               1;
    if (k->pending)
        return emu_reply_error(r, 409, "invalid_request_error", NULL,
                               "idempotency_key_in_use",
                               "A request with the idempotency key '%s' is still being "
                               "processed; retry it in a moment.",
                               k->key),
               1;
    if ((j = emu_job_find(emu, k->job)) == NULL) {
        emu_idem_drop(emu, k);
        return 0;
    }
    emu_reply_json(r, 200, emu_job_json(emu, j));
    snprintf(r->headers, sizeof(r->headers), "%s", REPLAY_HEADER);
    emu_log(emu, OFT_EMU_LOG_INFO, "job.replayed", json_pack("{s:s}", "job", j->id),
            "idempotency key replayed: job %s", j->id);
    return 1;
}

int emu_idem_check(emu_req *req, emu_resp *r, json_t *body, char **canon)
{
    const char *key = req->values->header(req->values, "Idempotency-Key");
    emu_idem *k;
    *canon = NULL;
    if (!key || !*key)
        return 0;
    if (strlen(key) > EMU_IDEM_MAX)
        return emu_bad_request(r, NULL,
                               "Idempotency-Key: keys are at most %d characters long.",
                               EMU_IDEM_MAX),
               1;
    if ((*canon = canonical(body)) == NULL)
        return emu_out_of_memory(r), 1;
    k = emu_idem_find(req->emu, key);
    if (k && replay(req->emu, r, k, *canon)) {
        free(*canon);
        *canon = NULL;
        return 1;
    }
    return 0;
}

emu_idem *emu_idem_reserve(emu_req *req, char *canon, const char *job)
{
    const char *key = req->values->header(req->values, "Idempotency-Key");
    emu_idem *k = canon ? calloc(1, sizeof(*k)) : NULL;
    if (!k || !(k->key = emu_strdup(key)) ||
        emu_vec_push(&req->emu->state->idem, k) != 0) {
        free(canon);
        emu_idem_free(k);
        return NULL;
    }
    k->body = canon;
    snprintf(k->job, sizeof(k->job), "%s", job);
    k->created_at = emu_now_wall();
    k->pending = 1;
    return k;
}

void emu_idem_settle(oft_emu *emu, emu_idem *k, int created)
{
    if (!k)
        return;
    if (!created) {
        emu_idem_drop(emu, k);
        return;
    }
    k->pending = 0;
    emu->state->dirty = 1;
}
