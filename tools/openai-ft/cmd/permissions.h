/*
 * openai-ft: openai-ft permissions (permissions.c).
 */
#ifndef OFT_CLI_PERMISSIONS_H
#define OFT_CLI_PERMISSIONS_H

#include "args/args.h"

extern const cli_cmd cli_cmd_permissions;

#endif
