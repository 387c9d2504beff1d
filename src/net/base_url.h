/*
 * The base URL, checked once when a client is made (net/base_url.c).
 */
#ifndef OFT_SRC_NET_BASE_URL_H
#define OFT_SRC_NET_BASE_URL_H

#include "core/client_internal.h"

/*
 * Checks c->base_url (as the options or the environment gave it) and replaces
 * it with its scheme, host, port and path alone, without trailing slashes:
 * what every request's URL starts with, and so what errors and log lines
 * show. The URL given is wiped (it may hold a password). OFT_OK; OFT_EINVAL
 * naming base_url (and never quoting a password) for a URL libcurl would
 * read otherwise than a person does; OFT_ENOMEM.
 */
int oft__base_url_check(oft_client *c);

#endif
