/*
 * What the libFuzzer targets of tests/fuzz/ share: the entry point libFuzzer
 * calls, and a check that stops the run with the condition that failed
 * (libFuzzer then saves the input as a crash).
 */
#ifndef OFT_TESTS_FUZZ_H
#define OFT_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
            abort();                                                                     \
        }                                                                                \
    } while (0)

#endif
