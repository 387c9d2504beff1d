/* Includes api/loop_a.h, which included it. */
#ifndef FIXTURE_LOOP_B_H
#define FIXTURE_LOOP_B_H
#include "api/loop_a.h"
#endif
