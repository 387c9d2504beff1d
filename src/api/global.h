/*
 * Process setup (api/global.c), for the client's assembly (api/client.c).
 */
#ifndef OFT_SRC_API_GLOBAL_H
#define OFT_SRC_API_GLOBAL_H

#include "core/common.h"

/* Sets the process up when nobody has (one reference, kept until exit or the
 * caller's oft_global_cleanup); the reference count, or < 0 when the
 * transport's setup failed. */
int oft__global_ensure(void);

#endif
