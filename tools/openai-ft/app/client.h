/*
 * openai-ft: the client, made on first use (client.c).
 */
#ifndef OFT_CLI_CLIENT_H
#define OFT_CLI_CLIENT_H

#include <stddef.h>

#include "base/cli.h"

/* Creates the client on first use; on failure prints why, sets
 * c->client_exit (2 for a bad key / URL / option, else 1) and returns NULL. */
oft_client *cli_client(cli *c);
/* The longest Retry-After the client honours, in ms. */
int64_t cli_retry_after_cap_ms(void);
/* The base URL as it may be shown: scheme, host, port and path only. */
const char *cli_shown_url(char *buf, size_t cap, const char *url);

#endif
