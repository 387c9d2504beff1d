/*
 * The client's configuration (options, then the environment) and its getters.
 * api/client.c assembles a client; core/interrupt.c is its interrupt.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/client_internal.h"
#include "openai_ft/version.h"
#include "util/options.h"

#define DEFAULT_BASE_URL           "https://api.openai.com/v1"
#define DEFAULT_MAX_RESPONSE_BYTES ((size_t)64 << 20)

int oft_client_options_init(oft_client_options *opts, unsigned int version)
{
    /* Version 2 added max_response_bytes. */
    OFT__OPTIONS_INIT(opts, version, oft_client_options, OFT_CLIENT_OPTIONS_INIT,
                      OFT_CLIENT_OPTIONS_VERSION,
                      offsetof(oft_client_options, max_response_bytes),
                      sizeof(oft_client_options));
}

/* Options first, then the environment; an empty string counts as unset. */
static const char *pick(const char *opt, const char *env)
{
    if (opt != NULL && opt[0] != '\0')
        return opt;
    const char *v = getenv(env);
    return v != NULL && v[0] != '\0' ? v : NULL;
}

static int has_ctl(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* The keys, options first, and the redactor that finds them: from here on,
 * every error and log line is redacted. */
static int set_keys(oft_client *c, const oft_client_options *o)
{
    const char *key = pick(o->api_key, "OPENAI_API_KEY");
    if (key == NULL)
        return oft__error_set(c, OFT_EINVAL,
                              "api_key: missing: the api_key option is not set and "
                              "OPENAI_API_KEY is unset or empty");
    if (has_ctl(key))
        return oft__error_set(c, OFT_EINVAL, "api_key: contains a control character");
    const char *admin = pick(o->admin_key, "OPENAI_ADMIN_KEY");
    if (admin && has_ctl(admin))
        return oft__error_set(c, OFT_EINVAL, "admin_key: contains a control character");
    c->api_key = oft__strdup(key);
    c->admin_key = oft__strdup(admin);
    if (c->api_key == NULL || (admin && !c->admin_key) ||
        oft__redactor_init(&c->redactor, c->api_key, c->admin_key) != 0)
        return OFT_ENOMEM;
    return OFT_OK;
}

int oft__client_configure(oft_client *c, const oft_client_options *o,
                          const char *transport_version)
{
    int rc = set_keys(c, o);
    if (rc != OFT_OK)
        return rc;
    const char *org = pick(o->organization, "OPENAI_ORG_ID");
    const char *project = pick(o->project, "OPENAI_PROJECT_ID");
    if (has_ctl(org) || has_ctl(project))
        return oft__error_set(c, OFT_EINVAL, "%s: contains a control character",
                              has_ctl(org) ? "organization" : "project");
    c->organization = oft__strdup(org);
    c->project = oft__strdup(project);
    if ((org && !c->organization) || (project && !c->project))
        return OFT_ENOMEM;

    /* Kept as given for now: net/base_url.c checks it once the client is
     * configured (libcurl's reading of it is net/'s), and keeps only its
     * scheme, host, port and path. */
    const char *base = pick(o->base_url, "OPENAI_BASE_URL");
    if ((c->base_url = oft__strdup(base ? base : DEFAULT_BASE_URL)) == NULL)
        return OFT_ENOMEM;

    if (o->timeout_ms < 0 || o->connect_timeout_ms < 0 || o->initial_retry_delay_ms < 0 ||
        o->max_retry_delay_ms < 0 || o->retry_after_cap_ms < 0)
        return oft__error_set(c, OFT_EINVAL,
                              "timeouts and retry delays must not be negative");
    if (o->max_retries < -1)
        return oft__error_set(c, OFT_EINVAL, "max_retries: must be -1 (default) or >= 0");
    c->timeout_ms = o->timeout_ms ? o->timeout_ms : 600000;
    c->connect_timeout_ms = o->connect_timeout_ms ? o->connect_timeout_ms : 5000;
    c->max_retries = o->max_retries < 0 ? 2 : o->max_retries;
    c->initial_retry_delay_ms =
        o->initial_retry_delay_ms ? o->initial_retry_delay_ms : 500;
    c->max_retry_delay_ms = o->max_retry_delay_ms ? o->max_retry_delay_ms : 8000;
    c->retry_after_cap_ms = o->retry_after_cap_ms ? o->retry_after_cap_ms : 120000;

    if (o->user_agent_suffix && has_ctl(o->user_agent_suffix))
        return oft__error_set(c, OFT_EINVAL,
                              "user_agent_suffix: contains a control character");
    oft__str ua = OFT__STR_INIT;
    oft__str_printf(&ua, "libopenai_ft/%s (%s)", OFT_VERSION, transport_version);
    if (o->user_agent_suffix && o->user_agent_suffix[0])
        oft__str_printf(&ua, " %s", o->user_agent_suffix);
    if ((c->user_agent = oft__str_detach(&ua)) == NULL)
        return OFT_ENOMEM;

    if ((rc = oft__header_lines(c, "headers", o->headers, o->headers_count,
                                &c->extra_headers, &c->extra_count)) != OFT_OK)
        return rc;
    c->call_max_retries = -1;
    c->ca_file = oft__strdup(o->ca_file);
    c->ca_path = oft__strdup(o->ca_path);
    if ((o->ca_file && !c->ca_file) || (o->ca_path && !c->ca_path))
        return OFT_ENOMEM;
    c->idempotency_keys = o->idempotency_keys != 0;
    /* Fields of version 2 and later are only read when the caller has them. */
    size_t max_body = o->version >= 2 ? o->max_response_bytes : 0;
    c->max_response_bytes = max_body ? max_body : DEFAULT_MAX_RESPONSE_BYTES;

    int level = o->log_level;
    if (level == 0) {
        int env = oft__log_level_parse(getenv("OPENAI_LOG"));
        if (env < 0)
            env = oft__log_level_parse(getenv("OFT_LOG_LEVEL"));
        level = env < 0 ? OFT_LOG_OFF : env;
    }
    if (o->log_cb != NULL || level > OFT_LOG_OFF)
        oft_client_set_log(c, level, o->log_cb, o->log_payload);
    return OFT_OK;
}

void oft__client_dispose(oft_client *c)
{
    oft__header_lines_free(c->extra_headers, c->extra_count);
    oft__call_options_dispose(c);
    char *strs[] = {c->api_key,  c->admin_key,  c->organization, c->project,
                    c->base_url, c->user_agent, c->ca_file,      c->ca_path};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        /* Keys do not linger, nor a base URL's password if it was refused. */
        if (strs[i] != NULL &&
            (strs[i] == c->api_key || strs[i] == c->admin_key || strs[i] == c->base_url))
            explicit_bzero(strs[i], strlen(strs[i]));
        oft__free(strs[i]);
    }
    oft__redactor_dispose(&c->redactor);
    oft__interrupt_dispose(&c->interrupt);
    oft__error_reset(&c->err);
}

const oft_error *oft_client_last_error(const oft_client *client)
{
    return client ? &client->err : NULL;
}

const char *oft_client_base_url(const oft_client *client)
{
    return client ? client->base_url : NULL;
}
