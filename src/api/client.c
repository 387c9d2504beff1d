/*
 * The composition root: a client assembled from its layers (its configuration
 * from core/, its transport from net/, the reader of API error bodies the
 * transport's answers carry from json/), on a process set up by api/global.c.
 */
#include <errno.h>
#include <string.h>

#include "api/global.h"
#include "core/client_internal.h"
#include "json/api_error.h"
#include "net/base_url.h"
#include "net/transport.h"

/* oft_client_new's failure before a client exists, left for oft_error_last(). */
static int refuse(int status, const char *message)
{
    oft__error_set_last(status, message);
    return status;
}

int oft_client_new(oft_client **out, const oft_client_options *opts)
{
    if (out == NULL)
        return refuse(OFT_EINVAL, "out: NULL");
    *out = NULL;
    oft_client_options dflt = OFT_CLIENT_OPTIONS_INIT;
    if (opts == NULL)
        opts = &dflt;
    if (opts->version == 0 || opts->version > OFT_CLIENT_OPTIONS_VERSION)
        return refuse(OFT_EVERSION, "opts->version: unknown (this library knows 1 to "
                                    "OFT_CLIENT_OPTIONS_VERSION 2)");

    if (oft__global_ensure() < 0)
        return refuse(OFT_ERROR, "the process setup failed (curl_global_init)");

    oft_client *c = oft__calloc(1, sizeof(*c));
    if (c == NULL)
        return refuse(OFT_ENOMEM, NULL);
    oft__error_init(&c->err);
    int rc = oft__interrupt_init(&c->interrupt) == 0
                 ? OFT_OK
                 : oft__error_set(c, OFT_ERROR, "the wake-up pipe: %s", strerror(errno));
    c->read_error_body = oft__json_api_error;
    if (rc == OFT_OK)
        rc = oft__client_configure(c, opts, oft__transport_version());
    if (rc == OFT_OK)
        rc = oft__base_url_check(c);
    if (rc == OFT_OK)
        rc = oft__transport_new(&c->transport, oft__interrupt_wake_fd(&c->interrupt));
    if (rc != OFT_OK) {
        /* No client to read the error from: oft_error_last() has it, and the
         * log hook hears it. */
        oft__error_set_last(rc, c->err.message);
        if (opts->log_cb != NULL && c->err.message != NULL)
            opts->log_cb(OFT_LOG_ERROR, c->err.message, opts->log_payload);
        oft__transport_free(c->transport);
        oft__client_dispose(c);
        oft__free(c);
        return rc;
    }
    oft__error_set_last(OFT_OK, NULL);
    *out = c;
    return OFT_OK;
}

void oft_client_free(oft_client *client)
{
    if (client == NULL)
        return;
    oft__transport_free(client->transport);
    oft__client_dispose(client);
    oft__free(client);
}
