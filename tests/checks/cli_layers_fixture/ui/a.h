/* Includes b.h, which includes it back: a circle of includes. */
#ifndef CLI_FIXTURE_A_H
#define CLI_FIXTURE_A_H

#include "ui/b.h"

#define CLI_FIXTURE_A 1

#endif
