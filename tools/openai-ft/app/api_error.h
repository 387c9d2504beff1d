/*
 * openai-ft: a failed library call, reported (api_error.c).
 */
#ifndef OFT_CLI_API_ERROR_H
#define OFT_CLI_API_ERROR_H

#include "base/cli.h"

/*
 * Reports a failed library call: what was attempted, the HTTP status, the
 * API's message, type/code/param, the request id, and a hint when one helps
 * (the attempts of a connection error and where the base URL came from; /v1
 * missing from a base URL). Returns the exit code for rc (1 for API/network
 * errors, 2 for OFT_EINVAL, 130/143 when interrupted).
 */
int cli_api_fail(cli *c, int rc, const char *what);

#endif
