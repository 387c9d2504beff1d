/*
 * What the libFuzzer targets of tests/fuzz/ share: the entry points libFuzzer
 * calls, and a check that stops the run with the condition that failed
 * (libFuzzer then saves the input as a crash). The message goes where the
 * sanitizers report, which stays open under -close_fd_mask.
 */
#ifndef OFT_TESTS_FUZZ_H
#define OFT_TESTS_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <sanitizer/common_interface_defs.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Reports what went wrong and aborts. */
__attribute__((noreturn, format(printf, 1, 2))) static inline void
fuzz_fail(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    __sanitizer_report_error_summary(msg);
    abort();
}

#define FUZZ_CHECK(cond)                                                                 \
    do {                                                                                 \
        if (!(cond))                                                                     \
            fuzz_fail("%s:%d: check failed: %s", __FILE__, __LINE__, #cond);             \
    } while (0)

#endif
