/* The in-process emulator of the emulator suites (see emu_inproc.h). */
#include "emu_inproc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

const char *const chat_line = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                              "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";

int emu_setup(void **state)
{
    oft_emu_options o;
    oft_emu_options_init(&o);
    o.quiet = 1;
    o.job_duration_s = 1.0;
    oft_emu *emu;
    char err[256];
    if (oft_emu_start(&emu, &o, err, sizeof(err)) != 0) {
        fprintf(stderr, "emulator: %s\n", err);
        return -1;
    }
    *state = emu;
    return 0;
}

int emu_teardown(void **state)
{
    oft_emu_stop(*state);
    return 0;
}

http_reply emu_send(oft_emu *emu, const char *method, const char *path, const char *key,
                    const char *json_body, const http_form *form)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s%s", oft_emu_base_url(emu), path);
    return http_send(method, url, key, json_body, form);
}

http_reply emu_get(oft_emu *emu, const char *path)
{
    return emu_send(emu, "GET", path, KEY, NULL, NULL);
}

http_reply emu_post(oft_emu *emu, const char *path, const char *json_body)
{
    return emu_send(emu, "POST", path, KEY, json_body, NULL);
}

void assert_api_error(const http_reply *r, long status, const char *param)
{
    assert_int_equal(r->status, status);
    json_t *j = http_json(r);
    json_t *e = json_object_get(j, "error");
    assert_true(json_is_object(e));
    assert_true(json_is_string(json_object_get(e, "message")));
    assert_true(json_is_string(json_object_get(e, "type")));
    assert_non_null(json_object_get(e, "param"));
    assert_non_null(json_object_get(e, "code"));
    if (param) {
        const char *got = json_string_value(json_object_get(e, "param"));
        if (!got || strcmp(got, param) != 0)
            fail_msg("param %s, want %s: %s", got ? got : "null", param, r->body);
    }
    json_decref(j);
}

char *repeat(const char *line, int n)
{
    size_t len = strlen(line);
    char *s = malloc(len * (size_t)n + 1);
    assert_non_null(s);
    for (int i = 0; i < n; i++)
        memcpy(s + len * (size_t)i, line, len);
    s[len * (size_t)n] = '\0';
    return s;
}

const char *upload_data(oft_emu *emu, const char *filename, const char *data,
                        const char *purpose)
{
    static char id[64];
    http_form f = {"file", filename, data, strlen(data), {"purpose", purpose, NULL}};
    http_reply r = emu_send(emu, "POST", "/files", KEY, NULL, &f);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    snprintf(id, sizeof(id), "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    return id;
}

const char *upload_training(oft_emu *emu)
{
    char *data = repeat(chat_line, 10);
    const char *id = upload_data(emu, "t.jsonl", data, "fine-tune");
    free(data);
    return id;
}

const char *create_job(oft_emu *emu, const char *body)
{
    static char id[64];
    http_reply r = emu_post(emu, "/fine_tuning/jobs", body);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    snprintf(id, sizeof(id), "%s", json_str(j, "id"));
    json_decref(j);
    http_reply_free(&r);
    return id;
}

const char *job_status(oft_emu *emu, const char *id, json_t **out)
{
    static char status[32];
    char path[128];
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s", id);
    http_reply r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    json_t *j = http_json(&r);
    snprintf(status, sizeof(status), "%s", json_str(j, "status"));
    http_reply_free(&r);
    if (out)
        *out = j;
    else
        json_decref(j);
    return status;
}

const char *wait_job(oft_emu *emu, const char *id)
{
    const char *st = "";
    for (int i = 0; i < 600; i++) {
        st = job_status(emu, id, NULL);
        if (!strcmp(st, "succeeded") || !strcmp(st, "failed") || !strcmp(st, "cancelled"))
            return st;
        usleep(100 * 1000);
    }
    fail_msg("job %s did not finish (status %s)", id, st);
    return st;
}
