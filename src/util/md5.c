/*
 * A streaming MD5 over OpenSSL's EVP interface: the Uploads API checks the
 * MD5 of the whole file on complete. The only file that includes OpenSSL.
 */
#include <openssl/evp.h>

#include "openai_ft/errors.h"
#include "util/alloc.h"
#include "util/md5.h"

struct oft__md5 {
    EVP_MD_CTX *ctx;
};

int oft__md5_new(oft__md5 **out)
{
    *out = NULL;
    oft__md5 *m = oft__calloc(1, sizeof(*m));
    if (!m)
        return OFT_ENOMEM;
    m->ctx = EVP_MD_CTX_new();
    if (!m->ctx || EVP_DigestInit_ex(m->ctx, EVP_md5(), NULL) != 1) {
        oft__md5_free(m);
        return OFT_ENOMEM;
    }
    *out = m;
    return OFT_OK;
}

int oft__md5_update(oft__md5 *m, const void *data, size_t len)
{
    return EVP_DigestUpdate(m->ctx, data, len) == 1 ? OFT_OK : OFT_ERROR;
}

int oft__md5_final(oft__md5 *m, char hex[33])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(m->ctx, md, &n) != 1 || n != 16)
        return OFT_ERROR;
    for (unsigned int i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[32] = '\0';
    return OFT_OK;
}

void oft__md5_free(oft__md5 *m)
{
    if (!m)
        return;
    EVP_MD_CTX_free(m->ctx);
    oft__free(m);
}
