/*
 * A fixture of tests/checks/check_docs_test.py: every declaration documented the
 * ways the public headers do it. check_docs.py must accept it.
 */
#ifndef FIXTURE_DOCUMENTED_H
#define FIXTURE_DOCUMENTED_H

#include <stddef.h>

#define OFT_API
#define FIXTURE_WARN_UNUSED
/* A brace in a macro does not open a scope. */
#define FIXTURE_INIT                                                                     \
    {                                                                                    \
        1, NULL                                                                          \
    }

/** An opaque handle. */
typedef struct fixture_handle fixture_handle;

/** A status. */
typedef enum fixture_status {
    FIXTURE_OK = 0, /**< a trailing member comment */
    FIXTURE_BAD = 1
} fixture_status;

/**
 * A struct whose members have comments, one of them a block.
 */
typedef struct fixture_options {
    unsigned int version;
    /** A member's own block: not a declaration. */
    const char *name;
} fixture_options;

/** A callback. */
typedef int (*fixture_cb)(int value, void *payload);

/** One line. */
OFT_API int fixture_one(void);

/**
 * Over several lines, with the return type and the name on separate lines.
 */
OFT_API FIXTURE_WARN_UNUSED int
fixture_permission_iter_new(fixture_permission_iter **out, fixture_handle *client,
                            const char *checkpoint, const fixture_list_options *opts);

/** Frees a handle. NULL is a no-op. */
OFT_API void fixture_free(fixture_handle *handle);

#endif
