/* Includes a.h, which includes it. */
#ifndef CLI_FIXTURE_B_H
#define CLI_FIXTURE_B_H

#include "ui/a.h"

#define CLI_FIXTURE_B 2

#endif
