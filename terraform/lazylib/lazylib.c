/* libcurl and libcrypto for the provider, loaded on first use.
 *
 * OpenTofu and Terraform start the provider three times per plan, and two of
 * those processes only answer schema and validation calls: they never make a
 * request. Linked as usual, every start would still map libcurl and the 30
 * libraries it needs (TLS, Kerberos, LDAP, SSH...) and relocate them. The
 * provider's build (terraform/meson.build, openai_ft-static.pc) links this
 * file in their place: it defines the functions of libcurl and libcrypto that
 * libopenai_ft calls, and the first call of any of them dlopen()s both
 * libraries (once, thread-safely) and forwards to them. If they cannot be
 * loaded, the calls fail as the libraries report failures (curl_global_init
 * returns CURLE_FAILED_INIT, so no client can be made) and the reason is
 * written once to stderr, which the CLI keeps in its log.
 *
 * Builds with libcurl linked statically (scripts/release) do not use it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define CURL_DISABLE_TYPECHECK 1
/* curl_url_get's handle became const in a later libcurl: declared here
 * with the older signature, the same function for the ABI. */
#define curl_url_get oft_curl_url_get_as_declared
#include <curl/curl.h>
#undef curl_url_get
CURLUcode curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned flags);
#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define STR_(x)     #x
#define STR(x)      STR_(x)
#define CURL_SONAME "libcurl.so.4"
#ifdef OPENSSL_VERSION_MAJOR
#define CRYPTO_SONAME "libcrypto.so." STR(OPENSSL_VERSION_MAJOR)
#else
#define CRYPTO_SONAME "libcrypto.so.1.1"
#endif

/* The forwarded functions: the library's handle (curl or crypto), return
 * type, name, parameters, arguments, and the value returned when the
 * libraries could not be loaded. */
#define CURL_FUNCTIONS(X)                                                                \
    X(curl, CURL *, curl_easy_init, (void), (), NULL)                                    \
    X(curl, const char *, curl_easy_strerror, (CURLcode c), (c),                         \
      "libcurl could not be loaded")                                                     \
    X(curl, CURLcode, curl_global_init_mem,                                              \
      (long f, curl_malloc_callback m, curl_free_callback fr, curl_realloc_callback r,   \
       curl_strdup_callback s, curl_calloc_callback c),                                  \
      (f, m, fr, r, s, c), CURLE_FAILED_INIT)                                            \
    X(curl, curl_mime *, curl_mime_init, (CURL * h), (h), NULL)                          \
    X(curl, curl_mimepart *, curl_mime_addpart, (curl_mime * m), (m), NULL)              \
    X(curl, CURLcode, curl_mime_data, (curl_mimepart * p, const char *d, size_t n),      \
      (p, d, n), CURLE_FAILED_INIT)                                                      \
    X(curl, CURLcode, curl_mime_data_cb,                                                 \
      (curl_mimepart * p, curl_off_t n, curl_read_callback r, curl_seek_callback s,      \
       curl_free_callback f, void *a),                                                   \
      (p, n, r, s, f, a), CURLE_FAILED_INIT)                                             \
    X(curl, CURLcode, curl_mime_filename, (curl_mimepart * p, const char *n), (p, n),    \
      CURLE_FAILED_INIT)                                                                 \
    X(curl, CURLcode, curl_mime_name, (curl_mimepart * p, const char *n), (p, n),        \
      CURLE_FAILED_INIT)                                                                 \
    X(curl, CURLcode, curl_mime_type, (curl_mimepart * p, const char *t), (p, t),        \
      CURLE_FAILED_INIT)                                                                 \
    X(curl, CURLM *, curl_multi_init, (void), (), NULL)                                  \
    X(curl, CURLMcode, curl_multi_add_handle, (CURLM * m, CURL * h), (m, h),             \
      CURLM_INTERNAL_ERROR)                                                              \
    X(curl, CURLMcode, curl_multi_remove_handle, (CURLM * m, CURL * h), (m, h),          \
      CURLM_INTERNAL_ERROR)                                                              \
    X(curl, CURLMcode, curl_multi_cleanup, (CURLM * m), (m), CURLM_INTERNAL_ERROR)       \
    X(curl, CURLMsg *, curl_multi_info_read, (CURLM * m, int *n), (m, n), NULL)          \
    X(curl, CURLMcode, curl_multi_perform, (CURLM * m, int *n), (m, n),                  \
      CURLM_INTERNAL_ERROR)                                                              \
    X(curl, CURLMcode, curl_multi_poll,                                                  \
      (CURLM * m, struct curl_waitfd * w, unsigned n, int t, int *r), (m, w, n, t, r),   \
      CURLM_INTERNAL_ERROR)                                                              \
    X(curl, const char *, curl_multi_strerror, (CURLMcode c), (c),                       \
      "libcurl could not be loaded")                                                     \
    X(curl, struct curl_slist *, curl_slist_append,                                      \
      (struct curl_slist * l, const char *s), (l, s), NULL)                              \
    X(curl, CURLU *, curl_url, (void), (), NULL)                                         \
    X(curl, CURLUcode, curl_url_get, (CURLU * u, CURLUPart w, char **p, unsigned f),     \
      (u, w, p, f), CURLUE_OUT_OF_MEMORY)                                                \
    X(curl, CURLUcode, curl_url_set,                                                     \
      (CURLU * u, CURLUPart w, const char *p, unsigned f), (u, w, p, f),                 \
      CURLUE_OUT_OF_MEMORY)                                                              \
    X(curl, const char *, curl_url_strerror, (CURLUcode c), (c),                         \
      "libcurl could not be loaded")                                                     \
    X(crypto, EVP_MD_CTX *, EVP_MD_CTX_new, (void), (), NULL)                            \
    X(crypto, const EVP_MD *, EVP_md5, (void), (), NULL)                                 \
    X(crypto, int, EVP_DigestInit_ex, (EVP_MD_CTX * c, const EVP_MD *t, ENGINE *e),      \
      (c, t, e), 0)                                                                      \
    X(crypto, int, EVP_DigestUpdate, (EVP_MD_CTX * c, const void *d, size_t n),          \
      (c, d, n), 0)                                                                      \
    X(crypto, int, EVP_DigestFinal_ex, (EVP_MD_CTX * c, unsigned char *m, unsigned *n),  \
      (c, m, n), 0)                                                                      \
    X(crypto, unsigned long, ERR_get_error, (void), (), 0)

#define VOID_FUNCTIONS(X)                                                                \
    X(curl, curl_easy_cleanup, (CURL * h), (h))                                          \
    X(curl, curl_easy_reset, (CURL * h), (h))                                            \
    X(curl, curl_free, (void *p), (p))                                                   \
    X(curl, curl_global_cleanup, (void), ())                                             \
    X(curl, curl_mime_free, (curl_mime * m), (m))                                        \
    X(curl, curl_slist_free_all, (struct curl_slist * l), (l))                           \
    X(curl, curl_url_cleanup, (CURLU * u), (u))                                          \
    X(crypto, EVP_MD_CTX_free, (EVP_MD_CTX * c), (c))                                    \
    X(crypto, ERR_clear_error, (void), ())

#define POINTER(lib, ret, name, params, args, fail) ret(*name) params;
#define VOID_POINTER(lib, name, params, args)       void(*name) params;
static struct {
    CURL_FUNCTIONS(POINTER)
    VOID_FUNCTIONS(VOID_POINTER)
    CURLcode (*curl_easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*curl_easy_getinfo)(CURL *, CURLINFO, ...);
    curl_version_info_data *(*curl_version_info)(CURLversion);
    void (*ERR_error_string_n)(unsigned long, char *, size_t);
} fn;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded; /* 1: every function resolved */

/* resolve sets *slot (a function pointer) to the symbol NAME of LIB. */
static int resolve(void *slot, void *lib, const char *name)
{
    void *sym = dlsym(lib, name);
    if (sym == NULL)
        return -1;
    memcpy(slot, &sym, sizeof(sym));
    return 0;
}

static void load(void)
{
    void *curl = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    void *crypto = curl != NULL ? dlopen(CRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL) : NULL;
    int failed = crypto == NULL;
#define RESOLVE(lib, ret, name, params, args, fail)                                      \
    failed = failed || resolve(&fn.name, lib, #name) != 0;
#define RESOLVE_VOID(lib, name, params, args)                                            \
    failed = failed || resolve(&fn.name, lib, #name) != 0;
    if (!failed) {
        CURL_FUNCTIONS(RESOLVE)
        VOID_FUNCTIONS(RESOLVE_VOID)
        failed = resolve(&fn.curl_easy_setopt, curl, "curl_easy_setopt") != 0 ||
                 resolve(&fn.curl_easy_getinfo, curl, "curl_easy_getinfo") != 0 ||
                 resolve(&fn.curl_version_info, curl, "curl_version_info") != 0 ||
                 resolve(&fn.ERR_error_string_n, crypto, "ERR_error_string_n") != 0;
    }
    if (failed) {
        const char *why = dlerror();
        fprintf(stderr, "terraform-provider-openai: cannot load %s and %s: %s\n",
                CURL_SONAME, CRYPTO_SONAME, why != NULL ? why : "a symbol is missing");
        return;
    }
    loaded = 1;
}

static int ready(void)
{
    pthread_once(&load_once, load);
    return loaded;
}

#define FORWARD(lib, ret, name, params, args, fail)                                      \
    ret name params                                                                      \
    {                                                                                    \
        return ready() ? fn.name args : fail;                                            \
    }
#define FORWARD_VOID(lib, name, params, args)                                            \
    void name params                                                                     \
    {                                                                                    \
        if (ready())                                                                     \
            fn.name args;                                                                \
    }
CURL_FUNCTIONS(FORWARD)
VOID_FUNCTIONS(FORWARD_VOID)

/* The option's type says which argument it takes (curl/curl.h). */
CURLcode curl_easy_setopt(CURL *h, CURLoption option, ...)
{
    va_list ap;
    CURLcode rc = CURLE_FAILED_INIT;
    va_start(ap, option);
    if (!ready()) {
        /* nothing to forward to */
    } else if (option < CURLOPTTYPE_OBJECTPOINT) {
        rc = fn.curl_easy_setopt(h, option, va_arg(ap, long));
    } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
        rc = fn.curl_easy_setopt(h, option, va_arg(ap, curl_off_t));
    } else {
        rc = fn.curl_easy_setopt(h, option, va_arg(ap, void *));
    }
    va_end(ap);
    return rc;
}

/* Every CURLINFO takes a pointer. */
CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
    va_list ap;
    CURLcode rc = CURLE_FAILED_INIT;
    va_start(ap, info);
    if (ready())
        rc = fn.curl_easy_getinfo(h, info, va_arg(ap, void *));
    va_end(ap);
    return rc;
}

curl_version_info_data *curl_version_info(CURLversion v)
{
    static curl_version_info_data none = {.version = "(not loaded)"};
    return ready() ? fn.curl_version_info(v) : &none;
}

void ERR_error_string_n(unsigned long e, char *buf, size_t len)
{
    if (ready())
        fn.ERR_error_string_n(e, buf, len);
    else if (len > 0)
        buf[0] = '\0';
}
