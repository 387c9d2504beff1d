/*
 * openai-ft: reporting a failed library call, with the hints that help: how
 * many attempts a connection error took and where the base URL came from,
 * the wait a rate limit asks for. (The /v1 a base URL lacks is the library's
 * hint, in its message.)
 */
#include <string.h>

#include "app/api_error.h"
#include "app/client.h"
#include "app/globals.h"
#include "app/signals.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"

static const char *base_url_origin(const cli *c)
{
    return cli_origin_name(c->base_url_from, "--base-url", "OPENAI_BASE_URL");
}

/* A transport failure: no HTTP response at all. */
static void connection_error(cli *c, const oft_error *e, const char *what)
{
    char url[512], tries[48] = "";
    const char *detail = oft_error_curl_message(e);
    if (detail == NULL || detail[0] == '\0')
        detail = oft_error_message(e);
    cli_shown_url(url, sizeof(url), oft_client_base_url(c->client));
    if (c->last_attempt > 0)
        snprintf(tries, sizeof(tries), " after %d attempt%s", c->last_attempt,
                 c->last_attempt == 1 ? "" : "s");
    cli_err(c, "%s: cannot reach %s%s: %s", what, cli_text(url), tries, cli_text(detail));
    fprintf(stderr, "  the base URL came from %s\n", base_url_origin(c));
}

/* The message with "HTTP NNN: " in front unless it says the status already. */
static void http_error(cli *c, const oft_error *e, const char *what, const char *msg)
{
    int http = oft_error_http_status(e);
    int64_t ra = oft_error_retry_after_ms(e);
    char status[24] = "";
    if (http > 0 && strstr(msg, "HTTP") == NULL)
        snprintf(status, sizeof(status), "HTTP %d: ", http);
    if (http == 429 && ra > cli_retry_after_cap_ms()) {
        /* the server asked for a longer pause than the retries wait: say so */
        long long s = (long long)(ra / 1000 + (ra % 1000 != 0));
        char wait[48];
        if (ra / 1000 > 365LL * 24 * 3600)
            snprintf(wait, sizeof(wait), "more than a year");
        else
            snprintf(wait, sizeof(wait), "%lld s", s);
        cli_err(c,
                "%s: %s%s (retry after %s: above the %ld s this tool waits, so it "
                "did not retry)",
                what, status, cli_text(msg), wait, cli_retry_after_cap_ms() / 1000);
        return;
    }
    cli_err(c, "%s: %s%s", what, status, cli_text(msg));
}

int cli_api_fail(cli *c, int rc, const char *what)
{
    const oft_error *e = c->client != NULL ? oft_client_last_error(c->client) : NULL;
    const char *msg = e != NULL ? oft_error_message(e) : "";
    const char *rid = e != NULL ? oft_error_request_id(e) : NULL;
    const char *type = e != NULL ? oft_error_type(e) : NULL;
    const char *curl = e != NULL ? oft_error_curl_message(e) : NULL;

    if (rc == OFT_EINTERRUPTED) {
        cli_err(c, "%s: interrupted", what);
        return cli_interrupt_exit();
    }
    if (msg == NULL || msg[0] == '\0')
        msg = oft_status_str(rc);
    if (e != NULL && oft_error_http_status(e) == 0 && oft_error_curl_code(e) != 0) {
        connection_error(c, e, what);
        return CLI_EAPI;
    }
    if (e != NULL)
        http_error(c, e, what, msg);
    else
        cli_err(c, "%s: %s", what, cli_text(msg));
    if (type != NULL && strstr(msg, type) == NULL)
        fprintf(stderr, "  type: %s  code: %s  param: %s\n", cli_text(type),
                cli_or_dash(oft_error_code(e)), cli_or_dash(oft_error_param(e)));
    if (rid != NULL && strstr(msg, rid) == NULL)
        fprintf(stderr, "  request id: %s\n", cli_text(rid));
    if (curl != NULL && strstr(msg, curl) == NULL)
        fprintf(stderr, "  transport: %s\n", cli_text(curl));
    return rc == OFT_EINVAL ? CLI_EUSAGE : CLI_EAPI;
}
