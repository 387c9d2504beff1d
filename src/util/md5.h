/* A streaming MD5 (OpenSSL EVP): the only user of OpenSSL. */
#ifndef OFT_SRC_UTIL_MD5_H
#define OFT_SRC_UTIL_MD5_H

#include <stddef.h>

typedef struct oft__md5 oft__md5;

/* OFT_OK; OFT_ENOMEM; or OFT_EINTERNAL when OpenSSL refuses MD5 (a FIPS-only
 * or minimal configuration), its reason copied into why (why_cap bytes; why
 * may be NULL when why_cap is 0). */
int oft__md5_new(oft__md5 **out, char *why, size_t why_cap);
/* OFT_OK, or OFT_EINTERNAL with OpenSSL's reason in oft__md5_why(m). */
int oft__md5_update(oft__md5 *m, const void *data, size_t len);
/* Writes 32 lowercase hex digits and a NUL to hex (33 bytes); OFT_OK or
 * OFT_EINTERNAL as oft__md5_update. */
int oft__md5_final(oft__md5 *m, char hex[33]);
/* OpenSSL's reason for the last failure of m; never NULL. */
const char *oft__md5_why(const oft__md5 *m);
void oft__md5_free(oft__md5 *m);

#endif
