/*
 * The one implementation of every public *_options_init: an options struct
 * is versioned (its first field is `unsigned int version`) and only ever
 * grows, so a caller built against an older header passes a shorter struct.
 */
#ifndef OFT_SRC_UTIL_OPTIONS_H
#define OFT_SRC_UTIL_OPTIONS_H

#include <stddef.h>

/*
 * Copies the defaults dflt into opts as a struct of `version`: only the
 * first sizes[version - 1] bytes (the struct of that version), then sets
 * its version field. sizes has one entry per version, 1..n. Returns OFT_OK,
 * OFT_EINVAL for a NULL opts, or OFT_EVERSION for a version outside 1..n
 * (nothing written).
 */
int oft__options_init(void *opts, unsigned int version, const void *dflt,
                      const size_t *sizes, size_t n);

/*
 * oft__options_init for an options type whose INIT macro holds its
 * defaults; the arguments after it are the struct's size in each version,
 * oldest first (sizeof the type for the current one). The count must match
 * the header's OFT_X_OPTIONS_VERSION (checked when compiling).
 */
#define OFT__OPTIONS_INIT(opts, version, type, init, current_version, ...)               \
    do {                                                                                 \
        static const type dflt_ = init;                                                  \
        static const size_t sizes_[] = {__VA_ARGS__};                                    \
        _Static_assert(sizeof(sizes_) / sizeof(sizes_[0]) == (current_version),          \
                       #type ": one size per version");                                  \
        return oft__options_init((opts), (version), &dflt_, sizes_,                      \
                                 sizeof(sizes_) / sizeof(sizes_[0]));                    \
    } while (0)

#endif
