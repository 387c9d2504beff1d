/*
 * The dispatcher: what answers a request whose body has arrived. API requests
 * (under /v1) go through scripted responses, Bearer auth, fault injection and
 * body checks to their route, found in the route table (table.c);
 * /_emulator/ goes to the control API's rows of the same table and /healthz
 * answers alone. Every route runs inside emu_enter(), which brings
 * every job up to now: the one place where the clock is advanced.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- auth ---- */

static const char *bearer(const char *h)
{
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    h += 7;
    while (*h == ' ')
        h++;
    return *h ? h : NULL;
}

static int is_permission_path(const char *path)
{
    return strncmp(path, "/fine_tuning/checkpoints/", 25) == 0;
}

int emu_check_auth(oft_emu *emu, const char *authorization, const char *path, emu_resp *r)
{
    const char *key = bearer(authorization);
    const char *want = is_permission_path(path) ? emu->admin_key : emu->api_key;
    if (key && (!want || strcmp(key, want) == 0))
        return 0;
    if (!r)
        return -1;
    if (!key)
        return emu_reply_error(
            r, 401, "invalid_request_error", NULL, NULL,
            "You didn't provide an API key. You need to provide your API key in an "
            "Authorization header using Bearer auth (i.e. Authorization: Bearer "
            "YOUR_KEY).");
    return emu_reply_error(r, 401, "invalid_request_error", NULL, "invalid_api_key",
                           is_permission_path(path)
                               ? "Incorrect admin API key provided. Checkpoint "
                                 "permissions need an admin key."
                               : "Incorrect API key provided. You can find your API "
                                 "key at https://platform.openai.com/account/api-keys.");
}

/* ---- routing ---- */

int emu_request_kind(const char *path)
{
    if (strcmp(path, "/healthz") == 0)
        return EMU_KIND_HEALTH;
    if (strncmp(path, "/_emulator/", 11) == 0 || strcmp(path, "/_emulator") == 0)
        return EMU_KIND_CONTROL;
    return emu_strip_v1(path) != path ? EMU_KIND_API : EMU_KIND_OTHER;
}

/* With a kept state, what the answer says is saved before it is sent; if it
 * cannot be, the client is told so rather than left believing it. */
static void save_before_answer(emu_req *req, emu_resp *r)
{
    oft_emu *emu = req->emu;
    if (strcmp(req->method, "GET") != 0)
        emu->state->dirty = 1;
    if (!emu->persist || !emu->state->dirty || emu_persist_save(emu) == 0)
        return;
    free(r->body);
    r->body = NULL;
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
    emu_reply_error(r, 500, "server_error", NULL, NULL,
                    "The emulator could not save its state; see its log.");
}

/* Runs the route of req inside the state; a 404 when there is none. */
static void route(emu_req *req, emu_resp *r, int control, const char *shown_path)
{
    char segs[8][256];
    size_t n = emu_split(req->raw_path, segs, 8);
    emu_enter(req->emu);
    const emu_route *rt = emu_route_find(req->method, segs, n, control);
    int handled = rt ? rt->handler(req, r, segs, n) : 0;
    save_before_answer(req, r);
    emu_leave(req->emu);
    /* A handler returns 0 for "no such route" and leaves r alone. */
    if (!handled && r->status == 0)
        emu_reply_error(r, 404, "invalid_request_error", NULL, "unknown_url",
                        "Invalid URL (%s %s)", req->method, shown_path);
}

/* A script matching the request: its answer, or its delay before the real one.
 * Returns 1 when r holds the scripted answer. */
static int play_script(oft_emu *emu, const char *method, const char *path, emu_resp *r)
{
    emu_script *s = emu_script_take(emu, method, path);
    if (!s)
        return 0;
    if (s->delay_ms > 0)
        emu_sleep_ms(emu, s->delay_ms);
    int answered = !(s->flags & OFT_EMU_PASS);
    if (answered) {
        r->status = s->status;
        r->body = s->body;
        r->len = s->body ? strlen(s->body) : 0;
        s->body = NULL;
        snprintf(r->headers, sizeof(r->headers), "%s", s->headers ? s->headers : "");
        r->reset = (s->flags & OFT_EMU_RESET) != 0;
    }
    free(s->headers);
    free(s->body);
    free(s);
    return answered;
}

/* Bodies that arrived broken get their answer before any route. 1 if answered. */
static int body_error(const emu_conn *ctx, emu_resp *r)
{
    if (ctx->too_large)
        return emu_reply_error(r, 413, "invalid_request_error", NULL, "request_too_large",
                               "Request body too large: the limit is %u bytes.",
                               EMU_JSON_BODY_MAX),
               1;
    if (ctx->form && (ctx->form_error || ctx->form->io_error))
        return emu_bad_request(r, NULL,
                               ctx->form->io_error
                                   ? "Could not store the uploaded bytes."
                                   : "Could not parse the multipart form data body."),
               1;
    return 0;
}

void emu_answer(oft_emu *emu, const emu_values *values, emu_conn *ctx, const char *method,
                const char *url, emu_resp *r)
{
    const char *path = emu_strip_v1(url);
    emu_req req = {emu,
                   values,
                   method,
                   path,
                   emu_strip_v1(ctx->raw_path),
                   ctx->body ? ctx->body : "",
                   ctx->body_len,
                   ctx->form};
    if (ctx->kind == EMU_KIND_HEALTH) {
        emu_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
        return;
    }
    if (ctx->kind == EMU_KIND_CONTROL) {
        if (!body_error(ctx, r))
            route(&req, r, 1, url);
        return;
    }
    if (ctx->kind == EMU_KIND_OTHER) {
        emu_reply_error(r, 404, "invalid_request_error", NULL, "unknown_url",
                        "Invalid URL (%s %s)", method, url);
        return;
    }
    if (play_script(emu, method, path, r))
        return;
    if (emu_check_auth(emu, values->header(values, "Authorization"), path, r) != 0 ||
        emu_inject_faults(emu, r) != 0 || body_error(ctx, r))
        return;
    char shown[1024];
    snprintf(shown, sizeof(shown), "/v1%s", path);
    route(&req, r, 0, shown);
}
