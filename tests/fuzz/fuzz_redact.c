/*
 * libFuzzer target: the redaction of a response body (json/redact.h, what
 * net/http.c does to every body it keeps), checked naively (issue 22).
 *
 * Input: the body, any bytes (JSON or not).
 *
 * Keys: a long API key with '/' in it (so "\/" can hide it) and a short
 * admin key (under OFT__KEY_PIECES_MIN characters: redacted whole only).
 *
 * Checks, by brute force and a JSON string decoder of this file's own (not
 * the library's lexer): in the redacted body, neither in its raw bytes nor in
 * any of its strings as decoded (object keys included, every string from a
 * '"' outside strings to the next unescaped '"' or the end, as a lenient
 * decoder such as Python's reads them), is there any 8-character window of
 * the API key, nor the whole admin key; when jansson parses the body, the
 * same holds of every string jansson decodes; a body that holds neither key
 * in any of those forms comes back untouched.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/redact.h"
#include "json/redact.h"

#include "fuzz.h"

#define API_KEY   "sk-proj-Fuzz/Key0123/456789ab/cdefXYZ"
#define ADMIN_KEY "sk-admin-short"

static const char api_key[] = API_KEY;

static oft__redactor redactor;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FUZZ_CHECK(oft__redactor_init(&redactor, API_KEY, ADMIN_KEY) == 0);
    return 0;
}

/* The first key in s[0..n) (every 8-character window of the API key, the
 * admin key whole), or NULL. */
static const char *key_in(const char *s, size_t n)
{
    static char window[OFT__KEY_PIECE + 1];
    for (size_t i = 0; i + OFT__KEY_PIECE <= strlen(api_key); i++)
        if (memmem(s, n, &api_key[i], OFT__KEY_PIECE) != NULL) {
            memcpy(window, &api_key[i], OFT__KEY_PIECE);
            return window;
        }
    return memmem(s, n, ADMIN_KEY, strlen(ADMIN_KEY)) != NULL ? ADMIN_KEY : NULL;
}

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The \uXXXX at s[i] (i + 6 <= n), or -1. */
static long u_escape(const uint8_t *s, size_t n, size_t i)
{
    if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u')
        return -1;
    long v = 0;
    for (size_t k = 2; k < 6; k++) {
        int h = hex((char)s[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *o, long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The first key in any string of s, as decoded, or NULL. */
static const char *key_in_strings(const uint8_t *s, size_t n)
{
    char *dec = malloc(n + 1);
    FUZZ_CHECK(dec != NULL);
    const char *found = NULL;
    size_t i = 0;
    while (found == NULL && i < n) {
        if (s[i++] != '"')
            continue;
        size_t d = 0;
        while (i < n && s[i] != '"') {
            long cp = u_escape(s, n, i), lo;
            if (cp >= 0xD800 && cp < 0xDC00 && (lo = u_escape(s, n, i + 6)) >= 0xDC00 &&
                lo < 0xE000) {
                d += put_utf8(dec + d, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                i += 12;
            } else if (cp >= 0) {
                d += put_utf8(dec + d, cp);
                i += 6;
            } else if (s[i] == '\\' && i + 1 < n) {
                const char *e = strchr("\"\\/bfnrt", s[i + 1]);
                if (s[i + 1] != '\0' && e != NULL) {
                    dec[d++] = "\"\\/\b\f\n\r\t"[e - "\"\\/bfnrt"];
                } else {
                    dec[d++] = '\\';
                    dec[d++] = (char)s[i + 1];
                }
                i += 2;
            } else {
                dec[d++] = (char)s[i++];
            }
        }
        i++; /* the closing '"' */
        found = key_in(dec, d);
    }
    free(dec);
    return found;
}

/* The first key in a string jansson decodes under v, or NULL. */
static const char *key_in_json(json_t *v)
{
    const char *key, *found = NULL;
    size_t i;
    json_t *item;
    if (json_is_string(v))
        return key_in(json_string_value(v), json_string_length(v));
    json_object_foreach(v, key, item)
    {
        if ((found = key_in(key, strlen(key))) || (found = key_in_json(item)))
            return found;
    }
    json_array_foreach(v, i, item)
    {
        if ((found = key_in_json(item)))
            return found;
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    oft__str out = OFT__STR_INIT;
    int rc = oft__json_redact(&redactor, in, size, &out);
    FUZZ_CHECK(rc == 0 || rc == 1);
    const char *s = rc ? out.ptr : in;
    size_t n = rc ? out.len : size;
    FUZZ_CHECK(s != NULL || n == 0);
    const char *k;
    if ((k = key_in(s, n)) != NULL)
        fuzz_fail("fuzz_redact: %s in the redacted body", k);
    if ((k = key_in_strings((const uint8_t *)s, n)) != NULL)
        fuzz_fail("fuzz_redact: %s in a string of the redacted body, decoded", k);
    json_t *root = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    k = root ? key_in_json(root) : NULL;
    json_decref(root);
    if (k != NULL)
        fuzz_fail("fuzz_redact: %s in a string jansson decodes", k);
    if (rc == 1 && key_in(in, size) == NULL && key_in_strings(data, size) == NULL)
        fuzz_fail("fuzz_redact: a body without a key was changed");
    oft__str_free(&out);
    return 0;
}
