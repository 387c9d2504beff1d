/*
 * A streaming MD5 over OpenSSL's EVP interface: the Uploads API checks the
 * MD5 of the whole file on complete. The only file that includes OpenSSL.
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <stdio.h>

#include "openai_ft/errors.h"
#include "util/alloc.h"
#include "util/md5.h"

struct oft__md5 {
    EVP_MD_CTX *ctx;
    char why[160]; /* OpenSSL's reason for the last failure */
};

/* OpenSSL's reason for what just failed on this thread, into why. */
static void note_reason(char *why, size_t cap)
{
    unsigned long e = ERR_get_error();
    if (cap == 0)
        return;
    if (e == 0)
        snprintf(why, cap, "no reason given");
    else
        ERR_error_string_n(e, why, cap);
    ERR_clear_error();
}

int oft__md5_new(oft__md5 **out, char *why, size_t why_cap)
{
    *out = NULL;
    oft__md5 *m = oft__calloc(1, sizeof(*m));
    if (!m)
        return OFT_ENOMEM;
    m->ctx = EVP_MD_CTX_new();
    if (!m->ctx) {
        oft__md5_free(m);
        return OFT_ENOMEM;
    }
    if (EVP_DigestInit_ex(m->ctx, EVP_md5(), NULL) != 1) {
        note_reason(why, why_cap);
        oft__md5_free(m);
        return OFT_EINTERNAL;
    }
    *out = m;
    return OFT_OK;
}

int oft__md5_update(oft__md5 *m, const void *data, size_t len)
{
    if (EVP_DigestUpdate(m->ctx, data, len) == 1)
        return OFT_OK;
    note_reason(m->why, sizeof(m->why));
    return OFT_EINTERNAL;
}

int oft__md5_final(oft__md5 *m, char hex[33])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(m->ctx, md, &n) != 1 || n != 16) {
        note_reason(m->why, sizeof(m->why));
        return OFT_EINTERNAL;
    }
    for (unsigned int i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[32] = '\0';
    return OFT_OK;
}

const char *oft__md5_why(const oft__md5 *m)
{
    return m->why[0] ? m->why : "no reason given";
}

void oft__md5_free(oft__md5 *m)
{
    if (!m)
        return;
    EVP_MD_CTX_free(m->ctx);
    oft__free(m);
}
