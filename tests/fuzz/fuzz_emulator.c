/*
 * libFuzzer target: the emulator's routes (API, control API, health check)
 * without sockets, through the seam of emulator/server/server.h, on a fresh
 * emulator per input so that state builds up request by request.
 *
 * Input: requests one after another, separated by a line "%%":
 *     METHOD TARGET                      e.g. "GET /v1/files?limit=2"
 *     Name: value                        headers, up to an empty line
 *
 *     BODY                               the rest, up to "%%" or the end
 * A request without an Authorization header gets the key the emulator wants
 * (the admin key on /v1/fine_tuning/checkpoints/...). With a header
 * "Content-Type: multipart/form-data" the body is a form: "name=value"
 * lines, then a line "name@FILENAME" whose field is the rest of the body.
 * In the target, header values and the body, $file $upload $part $job $ckpt
 * $model $perm stand for the last ID of that kind an answer carried
 * ("ft:...:ckpt-step-N" for $ckpt, another "ft:..." name for $model).
 *
 * Each answer is checked: a status from 100 to 599; JSON where the content
 * type says so, an object; an error status with the API's error body
 * {"error":{"message","type","param","code"}}; a success with the API's shape
 * of the object it names (the required members of the OpenAPI schemas, with
 * their types), lists and the control API's state checked item by item.
 * Latency injected through /_emulator/faults is cleared after each request
 * (it would only sleep). FUZZ_TRACE=1 prints each request and its answer.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "control/control.h" /* emu->control->faults */
#include "server/server.h"

#include "fuzz.h"

#define API_KEY      "sk-fuzz-key"
#define ADMIN_KEY    "sk-fuzz-admin"
#define MAX_REQUESTS 64
#define MAX_FIELDS   16

/* ---- the API's shapes ---- */

enum { T_STR = 1, T_INT = 2, T_NULL = 4, T_BOOL = 8, T_OBJ = 16, T_ARR = 32, T_NUM = 64 };

typedef struct member {
    const char *name;
    int types;
} member;

typedef struct shape {
    const char *object; /* the "object" member */
    member members[16]; /* required; ends with a NULL name */
} shape;

static const shape shapes[] = {
    {"fine_tuning.job",
     {{"id", T_STR},
      {"created_at", T_INT},
      {"error", T_OBJ | T_NULL},
      {"fine_tuned_model", T_STR | T_NULL},
      {"finished_at", T_INT | T_NULL},
      {"hyperparameters", T_OBJ | T_NULL}, /* null on DPO jobs, as the API's */
      {"model", T_STR},
      {"organization_id", T_STR},
      {"result_files", T_ARR},
      {"status", T_STR},
      {"trained_tokens", T_INT | T_NULL},
      {"training_file", T_STR},
      {"validation_file", T_STR | T_NULL},
      {"seed", T_INT},
      {NULL, 0}}},
    {"fine_tuning.job.event",
     {{"id", T_STR},
      {"created_at", T_INT},
      {"level", T_STR},
      {"message", T_STR},
      {NULL, 0}}},
    {"fine_tuning.job.checkpoint",
     {{"id", T_STR},
      {"created_at", T_INT},
      {"fine_tuned_model_checkpoint", T_STR},
      {"step_number", T_INT},
      {"metrics", T_OBJ},
      {"fine_tuning_job_id", T_STR},
      {NULL, 0}}},
    {"checkpoint.permission",
     {{"id", T_STR}, {"created_at", T_INT}, {"project_id", T_STR}, {NULL, 0}}},
    {"file",
     {{"id", T_STR},
      {"bytes", T_INT},
      {"created_at", T_INT},
      {"filename", T_STR},
      {"purpose", T_STR},
      {NULL, 0}}},
    {"upload",
     {{"id", T_STR},
      {"bytes", T_INT},
      {"created_at", T_INT},
      {"expires_at", T_INT},
      {"filename", T_STR},
      {"purpose", T_STR},
      {"status", T_STR},
      {NULL, 0}}},
    {"upload.part",
     {{"id", T_STR}, {"created_at", T_INT}, {"upload_id", T_STR}, {NULL, 0}}},
    {"model", {{"id", T_STR}, {"created", T_INT}, {"owned_by", T_STR}, {NULL, 0}}},
};

static int type_of(const json_t *v)
{
    switch (json_typeof(v)) {
        case JSON_STRING:
            return T_STR;
        case JSON_INTEGER:
            return T_INT | T_NUM;
        case JSON_REAL:
            return T_NUM;
        case JSON_NULL:
            return T_NULL;
        case JSON_TRUE:
        case JSON_FALSE:
            return T_BOOL;
        case JSON_OBJECT:
            return T_OBJ;
        default:
            return T_ARR;
    }
}

static void need(const json_t *o, const char *name, int types, const char *what)
{
    const json_t *v = json_object_get(o, name);
    if (!v || !(type_of(v) & types))
        fuzz_fail("fuzz_emulator: %s: member \"%s\" %s", what, name,
                  v ? "of the wrong type" : "missing");
}

static void check_object(const json_t *o, const char *what);

/* A list: data of objects, has_more a boolean when present (models have none). */
static void check_list(const json_t *o, const char *what)
{
    need(o, "data", T_ARR, what);
    if (json_object_get(o, "has_more"))
        need(o, "has_more", T_BOOL, what);
    if (json_object_get(o, "first_id"))
        need(o, "first_id", T_STR | T_NULL, what);
    size_t i;
    const json_t *item;
    json_array_foreach(json_object_get(o, "data"), i, item)
    {
        if (!json_is_object(item))
            fuzz_fail("fuzz_emulator: %s: list item %zu is not an object", what, i);
        check_object(item, what);
    }
}

/* An object of the API, by its "object" member. */
static void check_object(const json_t *o, const char *what)
{
    const char *type = json_string_value(json_object_get(o, "object"));
    if (!type)
        fuzz_fail("fuzz_emulator: %s: no \"object\" member", what);
    if (strcmp(type, "list") == 0) {
        check_list(o, what);
        return;
    }
    if (json_object_get(o, "deleted")) { /* a delete result */
        need(o, "id", T_STR, what);
        need(o, "deleted", T_BOOL, what);
        return;
    }
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        if (strcmp(shapes[i].object, type) != 0)
            continue;
        for (const member *m = shapes[i].members; m->name; m++)
            need(o, m->name, m->types, what);
        if (strcmp(type, "upload") == 0 && json_is_object(json_object_get(o, "file")))
            check_object(json_object_get(o, "file"), what);
        return;
    }
    fuzz_fail("fuzz_emulator: %s: unknown object \"%s\"", what, type);
}

/* GET /_emulator/requests: a list of the request log's entries. */
static void check_request_log(const json_t *o, const char *what)
{
    size_t i;
    const json_t *e;
    need(o, "data", T_ARR, what);
    json_array_foreach(json_object_get(o, "data"), i, e)
    {
        need(e, "seq", T_INT, what);
        need(e, "time", T_NUM, what);
        need(e, "method", T_STR, what);
        need(e, "path", T_STR, what);
        need(e, "status", T_INT, what);
        need(e, "request_id", T_STR, what);
        need(e, "error", T_STR | T_NULL, what);
    }
}

/* The answers without an "object" member: the control API's and the graders'. */
static void check_other(const json_t *o, const char *path, const char *what)
{
    static const char *const state[] = {"files",  "uploads",     "jobs",
                                        "models", "permissions", NULL};
    if (strcmp(path, "/healthz") == 0) {
        need(o, "status", T_STR, what);
    } else if (strncmp(path, "/_emulator/state", 16) == 0) {
        for (size_t i = 0; state[i]; i++) {
            json_t *list = json_pack("{s:s, s:O}", "object", "list", "data",
                                     json_object_get(o, state[i]));
            need(o, state[i], T_ARR, what);
            check_list(list, what);
            json_decref(list);
        }
    } else if (strncmp(path, "/_emulator/reset", 16) == 0) {
        need(o, "reset", T_BOOL, what);
    } else if (strncmp(path, "/_emulator/faults", 17) == 0) {
        need(o, "fail_rate", T_NUM, what);
        need(o, "rate_limit", T_INT, what);
        need(o, "status", T_INT, what);
    } else if (strncmp(path, "/v1/fine_tuning/alpha/graders/run", 33) == 0) {
        need(o, "reward", T_NUM, what);
        need(o, "metadata", T_OBJ, what);
        need(o, "sub_rewards", T_OBJ, what);
    } else if (strncmp(path, "/v1/fine_tuning/alpha/graders/validate", 38) == 0) {
        need(o, "grader", T_OBJ, what);
    } else {
        fuzz_fail("fuzz_emulator: %s: an answer without \"object\"", what);
    }
}

/* ---- the IDs answers carry, for the placeholders ---- */

static const struct {
    const char *name; /* "$file" */
    const char *prefix;
} kinds[] = {
    {"$upload", "upload_"}, {"$part", "part_"}, {"$file", "file-"}, {"$job", "ftjob-"},
    {"$perm", "cp_"},       {"$ckpt", "ft:"},   {"$model", "ft:"},
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

typedef struct ids {
    char *last[N_KINDS];
} ids;

static void remember(ids *seen, const char *s)
{
    for (size_t k = 0; k < N_KINDS; k++) {
        if (strncmp(s, kinds[k].prefix, strlen(kinds[k].prefix)) != 0)
            continue;
        int ckpt = strstr(s, ":ckpt-step-") != NULL;
        if ((strcmp(kinds[k].name, "$ckpt") == 0) != ckpt &&
            strcmp(kinds[k].prefix, "ft:") == 0)
            continue;
        free(seen->last[k]);
        seen->last[k] = strdup(s);
        return;
    }
}

static void collect_ids(ids *seen, json_t *v)
{
    const char *key;
    json_t *x;
    size_t i;
    if (json_is_string(v))
        remember(seen, json_string_value(v));
    else if (json_is_object(v))
        json_object_foreach(v, key, x) collect_ids(seen, x);
    else if (json_is_array(v))
        json_array_foreach(v, i, x) collect_ids(seen, x);
}

/* A NUL-terminated copy of s[0..len) with the placeholders replaced. */
static char *substitute(const ids *seen, const char *s, size_t len, size_t *out_len)
{
    size_t cap = len + 1, n = 0;
    char *out = malloc(cap);
    FUZZ_CHECK(out != NULL);
    for (size_t i = 0; i < len;) {
        const char *with = NULL;
        size_t skip = 1;
        for (size_t k = 0; s[i] == '$' && k < N_KINDS; k++) {
            size_t kl = strlen(kinds[k].name);
            if (seen->last[k] && len - i >= kl && memcmp(s + i, kinds[k].name, kl) == 0) {
                with = seen->last[k];
                skip = kl;
                break;
            }
        }
        size_t add = with ? strlen(with) : 1;
        if (n + add + 1 > cap) {
            cap = (n + add + 1) * 2;
            out = realloc(out, cap);
            FUZZ_CHECK(out != NULL);
        }
        memcpy(out + n, with ? with : s + i, add);
        n += add;
        i += skip;
    }
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}

/* ---- one request of the input ---- */

typedef struct request {
    char *line; /* "METHOD TARGET", split in place */
    emu_direct_header headers[8];
    size_t n_headers;
    char *strings[64]; /* everything allocated for it */
    size_t n_strings;
    emu_direct_field fields[MAX_FIELDS];
    emu_direct_request rq;
} request;

static char *keep(request *q, char *s)
{
    FUZZ_CHECK(q->n_strings < sizeof(q->strings) / sizeof(q->strings[0]));
    q->strings[q->n_strings++] = s;
    return s;
}

static void request_free(request *q)
{
    for (size_t i = 0; i < q->n_strings; i++)
        free(q->strings[i]);
}

/* The next line of [*p, end): its start, length without '\n'; moves *p. */
static const char *next_line(const char **p, const char *end, size_t *len)
{
    const char *start = *p, *nl = memchr(start, '\n', (size_t)(end - start));
    *len = nl ? (size_t)(nl - start) : (size_t)(end - start);
    *p = nl ? nl + 1 : end;
    return start;
}

/* The form of a multipart body: fields, then the file field. */
static void parse_form(request *q, const ids *seen, const char *p, const char *end)
{
    size_t n = 0;
    while (p < end && n < MAX_FIELDS) {
        size_t len;
        const char *line = next_line(&p, end, &len);
        const char *at = memchr(line, '@', len), *eq = memchr(line, '=', len);
        emu_direct_field *f = &q->fields[n];
        if (at && (!eq || at < eq)) { /* name@FILENAME: the rest is its bytes */
            f->name = keep(q, strndup(line, (size_t)(at - line)));
            f->filename = keep(q, strndup(at + 1, len - (size_t)(at - line) - 1));
            f->data = keep(q, substitute(seen, p, (size_t)(end - p), &f->len));
            n++;
            break;
        }
        if (!eq)
            continue;
        f->name = keep(q, strndup(line, (size_t)(eq - line)));
        f->data =
            keep(q, substitute(seen, eq + 1, len - (size_t)(eq - line) - 1, &f->len));
        n++;
    }
    q->rq.is_form = 1;
    q->rq.fields = q->fields;
    q->rq.n_fields = n;
}

/* Parses one request of [p, end); 0, or -1 when it has no request line. */
static int parse_request(request *q, const ids *seen, const char *p, const char *end)
{
    size_t len;
    const char *line = next_line(&p, end, &len);
    q->line = keep(q, substitute(seen, line, len, NULL));
    char *space = strchr(q->line, ' ');
    if (!space || space == q->line || !space[1])
        return -1;
    *space = '\0';
    q->rq.method = q->line;
    q->rq.target = space + 1;
    int form = 0, auth = 0;
    while (p < end) {
        line = next_line(&p, end, &len);
        if (len == 0)
            break;
        const char *colon = memchr(line, ':', len);
        if (!colon || q->n_headers == sizeof(q->headers) / sizeof(q->headers[0]))
            continue;
        const char *v = colon + 1;
        while (v < line + len && *v == ' ')
            v++;
        emu_direct_header *h = &q->headers[q->n_headers++];
        h->name = keep(q, strndup(line, (size_t)(colon - line)));
        h->value = keep(q, substitute(seen, v, (size_t)(line + len - v), NULL));
        auth |= strcasecmp(h->name, "Authorization") == 0;
        form |= strcasecmp(h->name, "Content-Type") == 0 &&
                strncasecmp(h->value, "multipart/form-data", 19) == 0;
    }
    if (!auth && q->n_headers < sizeof(q->headers) / sizeof(q->headers[0])) {
        int admin = strstr(q->rq.target, "/fine_tuning/checkpoints/") != NULL;
        q->headers[q->n_headers].name = "Authorization";
        q->headers[q->n_headers++].value =
            admin ? "Bearer " ADMIN_KEY : "Bearer " API_KEY;
    }
    q->rq.headers = q->headers;
    q->rq.n_headers = q->n_headers;
    if (form) {
        parse_form(q, seen, p, end);
    } else {
        char *body = keep(q, substitute(seen, p, (size_t)(end - p), &q->rq.body_len));
        q->rq.body = body;
    }
    return 0;
}

/* ---- the answers ---- */

static void check_answer(const emu_direct_request *rq, const emu_direct_response *a,
                         ids *seen)
{
    char what[300];
    snprintf(what, sizeof(what), "%s %.200s -> %d", rq->method, rq->target, a->status);
    FUZZ_CHECK(a->status >= 100 && a->status <= 599);
    FUZZ_CHECK(a->body != NULL && a->body[a->len] == '\0');
    if (strcmp(a->ctype, "application/json") != 0)
        return; /* a download: the file's bytes */
    json_error_t err;
    json_t *o = json_loadb(a->body, a->len, 0, &err);
    if (!o || !json_is_object(o))
        fuzz_fail("fuzz_emulator: %s: the answer is not a JSON object: %s", what,
                  o ? "another value" : err.text);
    char path[256];
    snprintf(path, sizeof(path), "%.*s", (int)strcspn(rq->target, "?"), rq->target);
    if (a->status >= 400) {
        const json_t *e = json_object_get(o, "error");
        if (!json_is_object(e))
            fuzz_fail("fuzz_emulator: %s: an error without the API's error body", what);
        need(e, "message", T_STR, what);
        need(e, "type", T_STR, what);
        need(e, "param", T_STR | T_NULL, what);
        need(e, "code", T_STR | T_NULL, what);
    } else if (strcmp(path, "/_emulator/requests") == 0) {
        check_request_log(o, what);
    } else if (json_object_get(o, "object")) {
        check_object(o, what);
    } else {
        check_other(o, path, what);
    }
    collect_ids(seen, o);
    json_decref(o);
}

static int trace;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    unsetenv("TMPDIR"); /* the data dirs go to /tmp */
    trace = getenv("FUZZ_TRACE") != NULL;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oft_emu_options opts;
    oft_emu_options_init(&opts);
    opts.api_key = API_KEY;
    opts.admin_key = ADMIN_KEY;
    opts.job_duration_s = 1e6; /* jobs move through the control API, not the clock */
    opts.log_level = OFT_EMU_LOG_ERROR;
    oft_emu *emu = NULL;
    char errbuf[256];
    FUZZ_CHECK(emu_direct_open(&emu, &opts, errbuf, sizeof(errbuf)) == 0);

    ids seen;
    memset(&seen, 0, sizeof(seen));
    const char *p = (const char *)data, *end = p + size;
    for (int n = 0; p < end && n < MAX_REQUESTS; n++) {
        const char *sep = memmem(p, (size_t)(end - p), "\n%%\n", 4);
        const char *stop = sep ? sep : end;
        request q;
        memset(&q, 0, sizeof(q));
        if (parse_request(&q, &seen, p, stop) == 0) {
            emu_direct_response a;
            FUZZ_CHECK(emu_direct_answer(emu, &q.rq, &a) == 0);
            if (trace) /* FUZZ_TRACE=1: what each request got, to write seeds */
                fprintf(stderr, "%s %s -> %d %.300s\n", q.rq.method, q.rq.target,
                        a.status, a.body);
            check_answer(&q.rq, &a, &seen);
            emu_direct_response_free(&a);
            emu->control->faults.latency_ms = 0;
        }
        request_free(&q);
        p = sep ? sep + 4 : end;
    }
    for (size_t k = 0; k < N_KINDS; k++)
        free(seen.last[k]);
    oft_emu_stop(emu);
    return 0;
}
