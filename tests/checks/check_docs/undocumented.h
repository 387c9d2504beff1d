/*
 * A fixture of tests/checks/check_docs_test.py: each declaration below lacks a
 * comment of its own in a different way. check_docs.py must name every one.
 */
#ifndef FIXTURE_UNDOCUMENTED_H
#define FIXTURE_UNDOCUMENTED_H

#define OFT_API

typedef struct bare_handle bare_handle;

typedef enum bare_status {
    BARE_OK = 0 /**< members documented, the type not */
} bare_status;

typedef struct bare_struct {
    int value;
} bare_struct;

typedef void (*bare_cb)(void *payload);

OFT_API int bare_function(void);

/** A comment shared by a group documents only the first one. */
OFT_API int grouped_first(void);
OFT_API int grouped_second(void);

/* A plain comment is not a documentation block. */
OFT_API int plain_comment(void);

/** A blank line between comment and declaration breaks the link. */

OFT_API int after_blank_line(void);

OFT_API int trailing_before(void); /**< documents trailing_before only */
OFT_API int after_trailing(int x);

#endif
