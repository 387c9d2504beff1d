/*
 * openai-ft permissions (permissions.c).
 */
#ifndef OFT_CLI_PERMISSIONS_H
#define OFT_CLI_PERMISSIONS_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_cmd_permissions;

/* The description of the permissions table of `permissions create` and `list`
 * (ui/view.h). */
extern const cli_field cli_permission_fields[];

#endif
