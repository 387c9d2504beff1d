/* Breaks the rule: includes api/loop_b.h, which includes it back. */
#ifndef FIXTURE_LOOP_A_H
#define FIXTURE_LOOP_A_H
#include "api/loop_b.h"
#endif
