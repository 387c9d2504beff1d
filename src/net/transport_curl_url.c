/* A URL split by libcurl's own parser (curl_url), so that what the library
 * checks is what curl will connect to. */
#include <stdio.h>
#include <string.h>

#include "net/transport_curl.h"

/* Copies one part into *out (NULL when the URL has none). 0, or -1 when
 * out of memory. */
static int take_part(CURLU *u, CURLUPart what, char **out)
{
    char *v = NULL;
    *out = NULL;
    if (curl_url_get(u, what, &v, 0) != CURLUE_OK)
        return 0;
    *out = oft__strdup(v);
    curl_free(v);
    return *out != NULL ? 0 : -1;
}

/* 1 when the URL has that part (a user name or a password), whose text is
 * wiped at once: it is never kept. */
static int has_part(CURLU *u, CURLUPart what)
{
    char *v = NULL;
    if (curl_url_get(u, what, &v, 0) != CURLUE_OK)
        return 0;
    explicit_bzero(v, strlen(v));
    curl_free(v);
    return 1;
}

int oft__url_split(const char *url, oft__url_parts *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof(*out));
    CURLU *u = curl_url();
    if (u == NULL)
        return OFT_ENOMEM;
    CURLUcode rc = curl_url_set(u, CURLUPART_URL, url, 0);
    if (rc == CURLUE_OUT_OF_MEMORY) {
        curl_url_cleanup(u);
        return OFT_ENOMEM;
    }
    if (rc != CURLUE_OK) {
        snprintf(why, why_len, "%s", curl_url_strerror(rc));
        curl_url_cleanup(u);
        return OFT_EINVAL;
    }
    out->has_user = has_part(u, CURLUPART_USER);
    out->has_password = has_part(u, CURLUPART_PASSWORD);
    int bad = take_part(u, CURLUPART_SCHEME, &out->scheme) |
              take_part(u, CURLUPART_HOST, &out->host) |
              take_part(u, CURLUPART_PORT, &out->port) |
              take_part(u, CURLUPART_PATH, &out->path) |
              take_part(u, CURLUPART_QUERY, &out->query) |
              take_part(u, CURLUPART_FRAGMENT, &out->fragment);
    curl_url_cleanup(u);
    if (bad || out->scheme == NULL || out->host == NULL || out->path == NULL) {
        oft__url_parts_dispose(out);
        if (bad)
            return OFT_ENOMEM;
        snprintf(why, why_len, "no scheme, host or path");
        return OFT_EINVAL;
    }
    return OFT_OK;
}

void oft__url_parts_dispose(oft__url_parts *p)
{
    char *parts[] = {p->scheme, p->host, p->port, p->path, p->query, p->fragment};
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        oft__free(parts[i]);
    memset(p, 0, sizeof(*p));
}
