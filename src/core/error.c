/* Status strings, the error's storage (init, reset, copy, adopt) and the
 * oft_error getters. What an HTTP answer means is net/http_error.c's. */
#include <stdio.h>
#include <string.h>

#include "core/client_internal.h"

const char *oft_status_str(int status)
{
    switch (status) {
        case OFT_OK:
            return "success";
        case OFT_ERROR:
            return "generic failure";
        case OFT_ENOMEM:
            return "out of memory";
        case OFT_EINVAL:
            return "invalid argument";
        case OFT_EVERSION:
            return "unknown options struct version";
        case OFT_ENETWORK:
            return "network error";
        case OFT_ETIMEOUT:
            return "timed out";
        case OFT_EAUTH:
            return "authentication failed (HTTP 401)";
        case OFT_EPERM:
            return "permission denied (HTTP 403)";
        case OFT_ENOTFOUND:
            return "not found (HTTP 404)";
        case OFT_ECONFLICT:
            return "conflict (HTTP 409)";
        case OFT_ERATELIMIT:
            return "rate limited (HTTP 429)";
        case OFT_ESERVER:
            return "server error (HTTP 5xx)";
        case OFT_EAPI:
            return "API error";
        case OFT_EPARSE:
            return "invalid response body";
        case OFT_EUSER:
            return "stopped by a callback";
        case OFT_EJOBFAILED:
            return "the job failed or was cancelled";
        case OFT_EINTERRUPTED:
            return "interrupted";
        case OFT_EIO:
            return "local I/O error";
        case OFT_ITEROVER:
            return "no more items";
        case OFT_EINTERNAL:
            return "internal failure in a dependency";
        default:
            return "unknown status code";
    }
}

void oft__error_init(oft_error *e)
{
    memset(e, 0, sizeof(*e));
    e->retry_after_ms = -1;
}

void oft__error_reset(oft_error *e)
{
    oft__free(e->type);
    oft__free(e->code);
    oft__free(e->param);
    oft__free(e->message);
    oft__free(e->request_id);
    oft__free(e->body);
    oft__free(e->curl_message);
    oft__error_init(e);
}

int oft__error_copy(oft_error *dst, const oft_error *src)
{
    oft__error_init(dst);
    dst->status = src->status;
    dst->http_status = src->http_status;
    dst->retry_after_ms = src->retry_after_ms;
    dst->curl_code = src->curl_code;
    const char *const from[] = {src->type,        src->code,       src->param,
                                src->message,     src->request_id, src->body,
                                src->curl_message};
    char **to[] = {&dst->type,       &dst->code, &dst->param,       &dst->message,
                   &dst->request_id, &dst->body, &dst->curl_message};
    for (size_t i = 0; i < sizeof(to) / sizeof(to[0]); i++) {
        if (from[i] != NULL && (*to[i] = oft__strdup(from[i])) == NULL) {
            oft__error_reset(dst);
            return OFT_ENOMEM;
        }
    }
    return OFT_OK;
}

int oft__error_adopt(oft_client *c, oft_error *e)
{
    int status = e->status;
    if (c == NULL) {
        oft__error_reset(e);
        return status;
    }
    oft__error_reset(&c->err);
    c->err = *e;
    oft__error_init(e);
    return status;
}

int oft__error_set(oft_client *c, int status, const char *fmt, ...)
{
    if (c == NULL)
        return status;
    va_list ap;
    va_start(ap, fmt);
    char *msg = oft__format_redacted(c, fmt, ap);
    va_end(ap);
    oft__error_reset(&c->err);
    c->err.status = status;
    c->err.message = msg;
    return status;
}

void oft__error_clear(oft_client *c)
{
    if (c == NULL)
        return;
    /* The interrupt is left alone: one made while no call ran stops this one,
     * and one that stopped the previous call was spent then. */
    oft__error_reset(&c->err);
}

void oft__api_error_dispose(oft__api_error *e)
{
    oft__free(e->type);
    oft__free(e->code);
    oft__free(e->param);
    oft__free(e->message);
    oft__free(e->title);
    oft__free(e->detail);
    memset(e, 0, sizeof(*e));
}

/* Getters: a NULL error reads as "no error". */
int oft_error_status(const oft_error *err)
{
    return err ? err->status : OFT_OK;
}
int oft_error_http_status(const oft_error *err)
{
    return err ? err->http_status : 0;
}
const char *oft_error_type(const oft_error *err)
{
    return err ? err->type : NULL;
}
const char *oft_error_code(const oft_error *err)
{
    return err ? err->code : NULL;
}
const char *oft_error_param(const oft_error *err)
{
    return err ? err->param : NULL;
}
const char *oft_error_message(const oft_error *err)
{
    if (err == NULL || err->status == OFT_OK)
        return "";
    return err->message ? err->message : oft_status_str(err->status);
}
const char *oft_error_request_id(const oft_error *err)
{
    return err ? err->request_id : NULL;
}
int64_t oft_error_retry_after_ms(const oft_error *err)
{
    return err ? err->retry_after_ms : -1;
}
int oft_error_curl_code(const oft_error *err)
{
    return err ? err->curl_code : 0;
}
const char *oft_error_curl_message(const oft_error *err)
{
    return err ? err->curl_message : NULL;
}
const char *oft_error_body(const oft_error *err)
{
    return err ? err->body : NULL;
}

/* The reason of the calling thread's last failed oft_client_new(): no heap
 * (a thread's end frees nothing), the message in a buffer of its own. */
static _Thread_local oft_error last_error = {OFT_OK, 0,    NULL, NULL, NULL, NULL,
                                             NULL,   NULL, -1,   0,    NULL};
static _Thread_local char last_message[1024];

void oft__error_set_last(int status, const char *message)
{
    last_error.status = status;
    last_error.message = NULL;
    if (status != OFT_OK) {
        snprintf(last_message, sizeof(last_message), "%s",
                 message != NULL && message[0] != '\0' ? message
                                                       : oft_status_str(status));
        last_error.message = last_message;
    }
}

const oft_error *oft_error_last(void)
{
    return &last_error;
}

int oft_error_dup(oft_error **out, const oft_error *err)
{
    if (out == NULL)
        return OFT_EINVAL;
    *out = NULL;
    if (err == NULL)
        return OFT_EINVAL;
    oft_error *e = oft__malloc(sizeof(*e));
    if (e == NULL)
        return OFT_ENOMEM;
    if (oft__error_copy(e, err) != OFT_OK) {
        oft__free(e);
        return OFT_ENOMEM;
    }
    *out = e;
    return OFT_OK;
}

void oft_error_free(oft_error *err)
{
    if (err == NULL)
        return;
    oft__error_reset(err);
    oft__free(err);
}
