/*
 * openai-ft: the library client, made on first use from the global options,
 * and the log callback that prints its request lines for -v.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/client.h"
#include "app/globals.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/live.h"
#include "ui/output.h"

/* Longest Retry-After the library honours (its default, set explicitly so
 * that messages can name it). */
#define RETRY_AFTER_CAP_MS 120000

static const char *const level_names[] = {"off", "error", "warn", "info", "debug"};

/* The level lines are shown at: -v shows requests; else OPENAI_LOG or
 * OFT_LOG_LEVEL as the library reads them. */
static int shown_level(const cli *c)
{
    const char *v = getenv("OPENAI_LOG");
    int i;
    if (c->verbose)
        return OFT_LOG_DEBUG;
    if (v == NULL || v[0] == '\0')
        v = getenv("OFT_LOG_LEVEL");
    for (i = 0; v != NULL && i <= OFT_LOG_DEBUG; i++)
        if (strcasecmp(v, level_names[i]) == 0)
            return i;
    return OFT_LOG_OFF;
}

/* Whether message holds one of the keys given. */
static int holds_key(const cli *c, const char *message)
{
    const char *keys[2] = {c->api_key, c->admin_key};
    size_t i;
    for (i = 0; i < 2; i++)
        if (keys[i] != NULL && keys[i][0] != '\0' && strstr(message, keys[i]) != NULL)
            return 1;
    return 0;
}

static void log_line(int level, const char *message, void *payload)
{
    cli *c = payload;
    const char *attempt = strstr(message, " (attempt ");
    if (c->client == NULL)
        return; /* oft_client_new failing: cli_client reads oft_error_last() */
    /* request lines end with "(attempt N...)": connection errors report it */
    if (level == OFT_LOG_DEBUG && attempt != NULL)
        c->last_attempt = atoi(attempt + 10);
    if (level > shown_level(c))
        return;
    cli_live_print_begin();
    /* The library redacts keys already; this guards against a key echoed
     * back by a server in a logged body. */
    if (holds_key(c, message))
        fprintf(stderr, "openai-ft: [%s] (a line holding a key was dropped)\n",
                level_names[level >= 0 && level <= 4 ? level : 0]);
    else
        fprintf(stderr, "%sopenai-ft: [%s] %s%s\n", cli_c_dim(c),
                level_names[level >= 0 && level <= 4 ? level : 0], cli_text(message),
                cli_c_reset(c));
    cli_live_print_end();
}

const char *cli_shown_url(char *buf, size_t cap, const char *url)
{
    const char *host = strstr(url, "://");
    const char *at, *end;
    host = host != NULL ? host + 3 : url;
    end = host + strcspn(host, "/?#");
    at = memchr(host, '@', (size_t)(end - host));
    snprintf(buf, cap, "%.*s%.*s", (int)(host - url), url,
             (int)strcspn(at != NULL ? at + 1 : host, "?#"), at != NULL ? at + 1 : host);
    return buf;
}

/* Prints why the client could not be created, in the tool's terms. */
static void client_fail(cli *c, int rc)
{
    const char *why = c->client_why;
    const char *url = c->base_url != NULL ? c->base_url : getenv("OPENAI_BASE_URL");
    const char *url_opt =
        cli_origin_name(c->base_url_from, "--base-url", "OPENAI_BASE_URL");
    const char *key_opt =
        cli_origin_name(c->api_key_from,
                        c->api_key_from == CLI_FROM_FILE ? "--api-key-file" : "--api-key",
                        "OPENAI_API_KEY");
    const char *admin_opt = cli_origin_name(
        c->admin_key_from,
        c->admin_key_from == CLI_FROM_FILE ? "--admin-key-file" : "--admin-key",
        "OPENAI_ADMIN_KEY");
    char shown[512];
    if (rc != OFT_EINVAL) {
        cli_err(c, "cannot create the client: %s%s%s", oft_status_str(rc),
                why[0] ? ": " : "", why[0] && !holds_key(c, why) ? cli_text(why) : "");
        return;
    }
    if (strncmp(why, "api_key: missing", 16) == 0)
        fputs("openai-ft: no API key: set OPENAI_API_KEY or pass --api-key-file FILE\n",
              stderr);
    else if (strncmp(why, "base_url: must start with", 25) == 0 && url != NULL)
        fprintf(stderr, "openai-ft: %s: must be an http:// or https:// URL (got %s)\n",
                url_opt, cli_text(cli_shown_url(shown, sizeof(shown), url)));
    else if (strncmp(why, "base_url: ", 10) == 0)
        fprintf(stderr, "openai-ft: %s: %s\n", url_opt, cli_text(why + 10));
    else if (strncmp(why, "api_key: ", 9) == 0)
        fprintf(stderr, "openai-ft: %s: the API key %s\n", key_opt, cli_text(why + 9));
    else if (strncmp(why, "admin_key: ", 11) == 0)
        fprintf(stderr, "openai-ft: %s: the admin key %s\n", admin_opt,
                cli_text(why + 11));
    else if (why[0] != '\0' && !holds_key(c, why))
        fprintf(stderr, "openai-ft: %s\n", cli_text(why));
    else
        fprintf(stderr, "openai-ft: invalid client options: %s\n", oft_status_str(rc));
}

oft_client *cli_client(cli *c)
{
    oft_client_options opts = OFT_CLIENT_OPTIONS_INIT;
    int rc;
    if (c->client != NULL)
        return c->client;
    opts.api_key = c->api_key;
    opts.admin_key = c->admin_key;
    opts.organization = c->org;
    opts.project = c->project;
    opts.base_url = c->base_url;
    opts.timeout_ms = c->timeout_ms;
    opts.connect_timeout_ms = c->connect_timeout_ms;
    opts.max_retries = c->max_retries;
    opts.retry_after_cap_ms = RETRY_AFTER_CAP_MS;
    opts.ca_file = c->ca_file;
    opts.ca_path = c->ca_path;
    opts.user_agent_suffix = "openai-ft/" OFT_VERSION;
    /* always installed: the request lines count the attempts of a failed
     * request */
    opts.log_cb = log_line;
    opts.log_payload = c;
    opts.log_level = OFT_LOG_DEBUG;
    rc = oft_client_new(&c->client, &opts);
    if (rc != OFT_OK) {
        c->client = NULL;
        snprintf(c->client_why, sizeof(c->client_why), "%s",
                 oft_error_message(oft_error_last()));
        client_fail(c, rc);
        /* a missing or bad key, URL or option is a configuration error */
        c->client_exit = rc == OFT_EINVAL ? CLI_EUSAGE : CLI_EAPI;
        return NULL;
    }
    return c->client;
}

int64_t cli_retry_after_cap_ms(void)
{
    return RETRY_AFTER_CAP_MS;
}
