/* A streaming MD5 (OpenSSL EVP): the only user of OpenSSL. */
#ifndef OFT_SRC_UTIL_MD5_H
#define OFT_SRC_UTIL_MD5_H

#include <stddef.h>

typedef struct oft__md5 oft__md5;

int oft__md5_new(oft__md5 **out);                               /* OFT_OK or OFT_ENOMEM */
int oft__md5_update(oft__md5 *m, const void *data, size_t len); /* OFT_OK or OFT_ERROR */
/* Writes 32 lowercase hex digits and a NUL to hex (33 bytes). */
int oft__md5_final(oft__md5 *m, char hex[33]);
void oft__md5_free(oft__md5 *m);

#endif
