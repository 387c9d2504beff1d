/* HTTP to an emulator with libcurl (see emu_http.h). */
#include "emu_http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <curl/curl.h>

size_t http_collect_body(char *data, size_t size, size_t n, void *arg)
{
    http_reply *r = arg;
    size_t add = size * n;
    if (r->len + add + 1 > r->cap) { /* geometric growth: big downloads stay linear */
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + add + 1)
            cap *= 2;
        char *b = realloc(r->body, cap);
        if (!b)
            return 0;
        r->body = b;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, add);
    r->len += add;
    r->body[r->len] = '\0';
    return add;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    http_reply *r = arg;
    size_t have = strlen(r->headers), len = size * n;
    if (have + len < sizeof(r->headers)) {
        memcpy(r->headers + have, data, len);
        r->headers[have + len] = '\0';
    }
    return len;
}

static struct curl_slist *auth_header(const char *key)
{
    char auth[256];
    if (!key)
        return NULL;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    return curl_slist_append(NULL, auth);
}

static curl_mime *form_of(CURL *c, const http_form *f)
{
    curl_mime *m = curl_mime_init(c);
    for (int i = 0; f->fields[i]; i += 2) {
        curl_mimepart *p = curl_mime_addpart(m);
        curl_mime_name(p, f->fields[i]);
        curl_mime_data(p, f->fields[i + 1], CURL_ZERO_TERMINATED);
    }
    if (f->file_field) {
        curl_mimepart *p = curl_mime_addpart(m);
        curl_mime_name(p, f->file_field);
        curl_mime_filename(p, f->filename);
        curl_mime_data(p, f->data, f->len);
    }
    return m;
}

http_reply http_send(const char *method, const char *url, const char *key,
                     const char *json_body, const http_form *form)
{
    http_reply r;
    memset(&r, 0, sizeof(r));
    CURL *c = curl_easy_init();
    assert_non_null(c);
    struct curl_slist *h = auth_header(key);
    curl_mime *mime = NULL;
    if (form) {
        mime = form_of(c, form);
        curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    } else if (json_body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body);
    } else if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_collect_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L); /* bounded even when a test goes wrong */
    r.curl_rc = (int)curl_easy_perform(c);
    if (r.curl_rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
    if (!r.body)
        r.body = calloc(1, 1);
    assert_non_null(r.body);
    return r;
}

http_reply http_do(const char *method, const char *url, const char *key,
                   const char *json_body)
{
    return http_send(method, url, key, json_body, NULL);
}

http_reply http_multipart(const char *url, const char *key, const char *field,
                          const char *filename, const char *data, const char *name,
                          const char *value)
{
    http_form f = {field, filename, data, strlen(data), {name, value, NULL}};
    return http_send("POST", url, key, NULL, &f);
}

http_reply http_upload(const char *base_url, const char *key, const char *filename,
                       const char *data, const char *purpose)
{
    char url[512];
    snprintf(url, sizeof(url), "%s/files", base_url);
    return http_multipart(url, key, "file", filename, data, "purpose", purpose);
}

void http_upload_id(const char *base_url, const char *key, const char *filename,
                    const char *data, char *id, size_t cap)
{
    http_reply r = http_upload(base_url, key, filename, data, "fine-tune");
    if (r.status != 200)
        fail_msg("upload of %s: %ld %s", filename, r.status, r.body);
    json_t *j = http_json(&r);
    snprintf(id, cap, "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
}

void http_reply_free(http_reply *r)
{
    free(r->body);
    r->body = NULL;
    r->len = r->cap = 0;
}

int http_has_header(const http_reply *r, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *line = r->headers; *line;) {
        if (strncasecmp(line, prefix, n) == 0)
            return 1;
        const char *next = strchr(line, '\n');
        if (!next)
            break;
        line = next + 1;
    }
    return 0;
}

json_t *http_json(const http_reply *r)
{
    json_error_t e;
    json_t *j = json_loads(r->body ? r->body : "", 0, &e);
    if (!j)
        fail_msg("not JSON (status %ld): %s", r->status, r->body ? r->body : "");
    return j;
}

json_t *http_expect(long status, const char *method, const char *url, const char *key,
                    const char *json_body)
{
    http_reply r = http_do(method, url, key, json_body);
    if (r.status != status)
        fail_msg("%s %s: status %ld, want %ld: %s", method, url, r.status, status,
                 r.body);
    json_t *j = http_json(&r);
    http_reply_free(&r);
    return j;
}

const char *json_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s)
        fail_msg("no string member '%s'", key);
    return s ? s : "";
}
