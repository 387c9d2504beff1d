/*
 * No error path of the library shows a key (issue 12). A server (or proxy)
 * reflecting the API key and the admin key into everything it sends back
 * (x-request-id, the error's message, type, code and param, an HTML or text
 * body, a problem+json title, a long message, a failed job's error) answers
 * every call of the public API, for each error status and for successes;
 * IDs holding a key, a dropped connection and a dead port come too. After
 * each call the client's last error (every field), the request id of what
 * it returned and every log line (debug level) must hold neither key nor any
 * 8 characters of one. What a caller decodes counts too (issue 22): the
 * strings of a result's raw JSON and of the error's body, as a JSON decoder
 * reads them, for a server that writes the keys with escapes ("\u0073k-",
 * "\/"), in values and as object keys.
 */
#include <fcntl.h>
#include <jansson.h>
#include <unistd.h>

#include "core_test.h"
#include "openai_ft.h"

/* The key and the admin key where a server would reflect them. */
#define K TEST_KEY
#define A TEST_ADMIN
#define ERR_BODY                                                                         \
    "{\"error\":{\"message\":\"Incorrect API key provided: " K " (admin " A ")\","       \
    "\"type\":\"" K "\",\"code\":\"" A "\",\"param\":\"x" K "x\"}}"
#define RID "x-request-id: req_" K "_" A

static const char *const job_body =
    "{\"object\":\"fine_tuning.job\",\"id\":\"ftjob-leak\",\"model\":\"m\","
    "\"status\":\"running\",\"created_at\":1,\"fine_tuned_model\":\"ft:m:" K "\"}";
static const char *const list_body =
    "{\"object\":\"list\",\"data\":[],\"has_more\":false}";
static const char *const file_body =
    "{\"object\":\"file\",\"id\":\"file-leak\",\"bytes\":1,\"created_at\":1,"
    "\"filename\":\"" K ".jsonl\",\"purpose\":\"fine-tune\",\"status\":\"processed\"}";
static const char *const upload_body =
    "{\"object\":\"upload\",\"id\":\"upload-leak\",\"bytes\":1,\"created_at\":1,"
    "\"filename\":\"" A ".jsonl\",\"purpose\":\"fine-tune\",\"status\":\"pending\","
    "\"expires_at\":2}";
static const char *const part_body = "{\"object\":\"upload.part\",\"id\":\"part-leak\","
                                     "\"created_at\":1,\"upload_id\":\"upload-leak\"}";
static const char *const model_body =
    "{\"object\":\"model\",\"id\":\"m\",\"created\":1,\"owned_by\":\"" A "\"}";

/* What a successful call answers with, by the shape it parses (a key in a
 * field of most). */
enum shape { JOB, LIST, FILE_, UPLOAD, PART, MODEL, BYTES };
static const char *const shape_body[] = {job_body,  list_body,  file_body, upload_body,
                                         part_body, model_body, "bytes " K};

/* ---- what a decoder makes of JSON text ---- */

/* Appends every string under v, object keys included, as decoded (a NUL as
 * a space), a line each. */
static void put_strings(json_t *v, char **out, size_t *len)
{
    const char *key, *str = NULL;
    size_t n = 0, i;
    json_t *item;
    if (json_is_string(v)) {
        str = json_string_value(v);
        n = json_string_length(v);
    }
    if (str != NULL) {
        assert_non_null(*out = realloc(*out, *len + n + 2));
        for (size_t k = 0; k < n; k++)
            (*out)[(*len)++] = str[k] != '\0' ? str[k] : ' ';
        (*out)[(*len)++] = '\n';
        (*out)[*len] = '\0';
    }
    json_object_foreach(v, key, item)
    {
        json_t *k = json_string(key);
        put_strings(k, out, len);
        json_decref(k);
        put_strings(item, out, len);
    }
    json_array_foreach(v, i, item) put_strings(item, out, len);
}

/* The strings of the JSON text s as a decoder reads them (owned), or NULL
 * when s is NULL or not JSON. */
static char *decoded(const char *s)
{
    json_t *root = s ? json_loads(s, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;
    char *out = NULL;
    size_t len = 0;
    if (root != NULL) {
        assert_non_null(out = calloc(1, 1));
        put_strings(root, &out, &len);
    }
    json_decref(root);
    return out;
}

/* ---- every call of the public API that sends a request ---- */

/* What a caller reads of a result, in one string to check: its request id,
 * its raw JSON, the strings of that JSON as decoded, and (for a job) more. */
static char *kept(const char *request_id, const char *raw_json, const char *more)
{
    char *dec = decoded(raw_json);
    size_t n = 4 + (request_id ? strlen(request_id) : 0) +
               (raw_json ? strlen(raw_json) : 0) + (dec ? strlen(dec) : 0) +
               (more ? strlen(more) : 0);
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "%s\n%s\n%s\n%s", request_id ? request_id : "",
             raw_json ? raw_json : "", dec ? dec : "", more ? more : "");
    free(dec);
    return s;
}

/* A job's fine-tuned model and error (its message, code and param), in one
 * string. */
static char *job_kept(const oft_job *o)
{
    char more[4096];
    snprintf(more, sizeof(more), "%s", o->fine_tuned_model ? o->fine_tuned_model : "");
    if (o->error != NULL)
        snprintf(more + strlen(more), sizeof(more) - strlen(more), "\n%s %s %s",
                 o->error->message ? o->error->message : "",
                 o->error->code ? o->error->code : "",
                 o->error->param ? o->error->param : "");
    return kept(o->request_id, o->raw_json, more);
}

static int upload_fd = -1; /* a small training file */

/* One call with ids built from `id`; *rid gets what the caller reads of its
 * result (kept(); NULL when it failed). */
typedef int (*call_fn)(oft_client *c, const char *id, char **rid);

static int call_job_retrieve(oft_client *c, const char *id, char **rid)
{
    oft_job *o = NULL;
    int rc = oft_job_retrieve(&o, c, id);
    *rid = o ? job_kept(o) : NULL;
    oft_job_free(o);
    return rc;
}

static int call_job_cancel(oft_client *c, const char *id, char **rid)
{
    oft_job *o = NULL;
    int rc = oft_job_cancel(&o, c, id);
    *rid = o ? job_kept(o) : NULL;
    oft_job_free(o);
    return rc;
}

static int call_job_pause(oft_client *c, const char *id, char **rid)
{
    oft_job *o = NULL;
    int rc = oft_job_pause(&o, c, id);
    *rid = o ? job_kept(o) : NULL;
    oft_job_free(o);
    return rc;
}

static int call_job_create(oft_client *c, const char *id, char **rid)
{
    oft_job_create_options opts = OFT_JOB_CREATE_OPTIONS_INIT;
    opts.model = "gpt-4o-mini";
    opts.training_file = id;
    oft_job *o = NULL;
    int rc = oft_job_create(&o, c, &opts);
    *rid = o ? job_kept(o) : NULL;
    oft_job_free(o);
    return rc;
}

static int call_job_list(oft_client *c, const char *id, char **rid)
{
    (void)id;
    oft_job_page *o = NULL;
    int rc = oft_job_list(&o, c, NULL);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_job_page_free(o);
    return rc;
}

static int call_event_list(oft_client *c, const char *id, char **rid)
{
    oft_event_page *o = NULL;
    int rc = oft_event_list(&o, c, id, NULL);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_event_page_free(o);
    return rc;
}

static int call_checkpoint_list(oft_client *c, const char *id, char **rid)
{
    oft_checkpoint_page *o = NULL;
    int rc = oft_checkpoint_list(&o, c, id, NULL);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_checkpoint_page_free(o);
    return rc;
}

static int call_permission_list(oft_client *c, const char *id, char **rid)
{ /* the admin key's */
    oft_checkpoint_permission_page *o = NULL;
    int rc = oft_checkpoint_permission_list(&o, c, id, NULL);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_checkpoint_permission_page_free(o);
    return rc;
}

static int call_permission_create(oft_client *c, const char *id, char **rid)
{
    const char *projects[] = {"proj-leak"};
    oft_checkpoint_permission_page *o = NULL;
    int rc = oft_checkpoint_permission_create(&o, c, id, projects, 1);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_checkpoint_permission_page_free(o);
    return rc;
}

static int call_file_list(oft_client *c, const char *id, char **rid)
{
    (void)id;
    oft_file_page *o = NULL;
    int rc = oft_file_list(&o, c, NULL);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_file_page_free(o);
    return rc;
}

static int call_file_retrieve(oft_client *c, const char *id, char **rid)
{
    oft_file *o = NULL;
    int rc = oft_file_retrieve(&o, c, id);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_file_free(o);
    return rc;
}

static int call_file_upload(oft_client *c, const char *id, char **rid)
{
    (void)id;
    oft_file *o = NULL;
    int rc = oft_file_upload_fd(&o, c, upload_fd, "train.jsonl", NULL);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_file_free(o);
    return rc;
}

static int call_file_download(oft_client *c, const char *id, char **rid)
{
    *rid = NULL;
    int fd = open("/dev/null", O_WRONLY);
    int rc = oft_file_download_fd(c, id, fd);
    close(fd);
    return rc;
}

static int call_upload_create(oft_client *c, const char *id, char **rid)
{
    (void)id;
    oft_upload_create_options opts = OFT_UPLOAD_CREATE_OPTIONS_INIT;
    opts.filename = "train.jsonl";
    opts.bytes = 1;
    oft_upload *o = NULL;
    int rc = oft_upload_create(&o, c, &opts);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_upload_free(o);
    return rc;
}

static int call_upload_add_part(oft_client *c, const char *id, char **rid)
{
    oft_upload_part *o = NULL;
    int rc = oft_upload_add_part_buffer(&o, c, id, "x", 1);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_upload_part_free(o);
    return rc;
}

static int call_upload_complete(oft_client *c, const char *id, char **rid)
{
    const char *parts[] = {"part-leak"};
    oft_upload *o = NULL;
    int rc = oft_upload_complete(&o, c, id, parts, 1, NULL);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_upload_free(o);
    return rc;
}

static int call_upload_cancel(oft_client *c, const char *id, char **rid)
{
    oft_upload *o = NULL;
    int rc = oft_upload_cancel(&o, c, id);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_upload_free(o);
    return rc;
}

static int call_model_list(oft_client *c, const char *id, char **rid)
{
    (void)id;
    oft_model_page *o = NULL;
    int rc = oft_model_list(&o, c);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_model_page_free(o);
    return rc;
}

static int call_model_retrieve(oft_client *c, const char *id, char **rid)
{
    oft_model *o = NULL;
    int rc = oft_model_retrieve(&o, c, id);
    *rid = o ? kept(o->request_id, o->raw_json, NULL) : NULL;
    oft_model_free(o);
    return rc;
}

static int call_job_wait(oft_client *c, const char *id, char **rid)
{ /* a short deadline: a wait rides out 5xx answers */
    oft_wait_options opts = OFT_WAIT_OPTIONS_INIT;
    opts.poll_interval_ms = 5;
    opts.timeout_ms = 150;
    oft_job *o = NULL;
    int rc = oft_job_wait(&o, c, id, &opts);
    *rid = o ? job_kept(o) : NULL;
    oft_job_free(o);
    return rc;
}

static const struct {
    const char *name;
    call_fn fn;
    enum shape shape;
    const char *id; /* a plausible ID for the call */
} calls[] = {
    {"job_retrieve", call_job_retrieve, JOB, "ftjob-leak"},
    {"job_cancel", call_job_cancel, JOB, "ftjob-leak"},
    {"job_pause", call_job_pause, JOB, "ftjob-leak"},
    {"job_create", call_job_create, JOB, "file-leak"},
    {"job_list", call_job_list, LIST, NULL},
    {"event_list", call_event_list, LIST, "ftjob-leak"},
    {"checkpoint_list", call_checkpoint_list, LIST, "ftjob-leak"},
    {"permission_list", call_permission_list, LIST, "ft:gpt-4o-mini:org:leak:ckpt-1"},
    {"permission_create", call_permission_create, LIST, "ft:gpt-4o-mini:org:leak:ckpt-1"},
    {"file_list", call_file_list, LIST, NULL},
    {"file_retrieve", call_file_retrieve, FILE_, "file-leak"},
    {"file_upload", call_file_upload, FILE_, NULL},
    {"file_download", call_file_download, BYTES, "file-leak"},
    {"upload_create", call_upload_create, UPLOAD, NULL},
    {"upload_add_part", call_upload_add_part, PART, "upload-leak"},
    {"upload_complete", call_upload_complete, UPLOAD, "upload-leak"},
    {"upload_cancel", call_upload_cancel, UPLOAD, "upload-leak"},
    {"model_list", call_model_list, LIST, NULL},
    {"model_retrieve", call_model_retrieve, MODEL, "ft:gpt-4o-mini:org:leak"},
    {"job_wait", call_job_wait, JOB, "ftjob-leak"},
};
#define N_CALLS (sizeof(calls) / sizeof(calls[0]))

/* ---- the checks ---- */

/* The keys of the client the checks run on. */
static const char *key = TEST_KEY, *admin = TEST_ADMIN;

/* Fails naming the call and the answer when s holds a piece of a key. */
static void check(const char *what, const char *call, const char *answer, const char *s)
{
    if (key_piece_at(s, key) >= 0 || key_piece_at(s, admin) >= 0)
        fail_msg("%s, answer %s: a piece of a key in its %s: \"%s\"", call, answer, what,
                 s);
}

/* Runs one call and checks all it left: the error, the request id, the log. */
static int run_checked(fixture *f, size_t i, const char *id, const char *answer)
{
    char *rid = NULL;
    f->log.count = 0;
    int rc = calls[i].fn(f->client, id, &rid);
    const oft_error *e = oft_client_last_error(f->client);
    const char *name = calls[i].name;
    check("error message", name, answer, oft_error_message(e));
    check("error request id", name, answer, oft_error_request_id(e));
    check("error body", name, answer, oft_error_body(e));
    char *body = decoded(oft_error_body(e));
    check("error body, decoded", name, answer, body);
    free(body);
    check("error type", name, answer, oft_error_type(e));
    check("error code", name, answer, oft_error_code(e));
    check("error param", name, answer, oft_error_param(e));
    check("curl message", name, answer, oft_error_curl_message(e));
    check("result (request id, raw JSON, error)", name, answer, rid);
    for (int l = 0; l < f->log.count; l++)
        check("log line", name, answer, f->log.lines[l]);
    /* and a copy of the error, as a caller keeps it */
    oft_error *copy = NULL;
    if (oft_error_dup(&copy, e) == OFT_OK) {
        check("copied error message", name, answer, oft_error_message(copy));
        check("copied request id", name, answer, oft_error_request_id(copy));
        oft_error_free(copy);
    }
    free(rid);
    f->log.count = 0;
    return rc;
}

/* Every call, each answered by status with headers and body. */
static void sweep(fixture *f, const char *answer, int status, const char *headers,
                  const char *body, int flags)
{
    for (size_t i = 0; i < N_CALLS; i++) {
        oft_emu_script_clear(f->emu);
        const char *methods[] = {"GET", "POST", "DELETE"};
        for (size_t m = 0; m < 3; m++)
            oft_emu_script(f->emu, methods[m], "/", 1000, status, headers, body, flags,
                           0);
        (void)run_checked(f, i, calls[i].id, answer);
    }
    oft_emu_script_clear(f->emu);
}

static void error_statuses_reflecting_keys(void **state)
{
    fixture *f = *state;
    lseek(upload_fd, 0, SEEK_SET);
    const int statuses[] = {400, 401, 403, 404, 409, 422, 429, 500, 502, 503};
    for (size_t s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++) {
        char answer[16];
        snprintf(answer, sizeof(answer), "%d", statuses[s]);
        sweep(f, answer, statuses[s], RID "\nretry-after: 0", ERR_BODY, 0);
    }
    /* a Retry-After above the cap: not retried, said so in a log line */
    sweep(f, "429 retry-after 1e300", 429, RID "\nretry-after: 1e300", ERR_BODY, 0);
}

static void bodies_reflecting_keys(void **state)
{
    fixture *f = *state;
    char html[1024], text[512], long_msg[3000], problem[512];
    snprintf(html, sizeof(html),
             "<html><body><h1>502 Bad Gateway</h1><p>%.170s upstream refused %s "
             "(admin %s)</p></body></html>",
             "The proxy in front of the API quotes the credentials it was given, which "
             "it should never do, so that the operator can see them: they were",
             K, A);
    sweep(f, "html 502", 502, RID "\nContent-Type: text/html", html, 0);
    snprintf(text, sizeof(text), "%.60s %s %s: retry later",
             "Gateway notice ........................................................", K,
             A);
    sweep(f, "text 200", 200, RID "\nContent-Type: text/plain", text, 0);
    sweep(f, "text 400", 400, RID "\nContent-Type: text/plain", text, 0);
    /* JSON that is not the expected object, a key where a parser stops */
    sweep(f, "bad json 200", 200, RID, "{\"id\": " K ", \"object\": \"" A "\"}", 0);
    sweep(f, "wrong type 200", 200, RID,
          "{\"object\":\"" K "\",\"id\":\"" A "\",\"created_at\":\"" K "\"}", 0);
    /* problem+json */
    snprintf(problem, sizeof(problem),
             "{\"title\":\"bad key %s\",\"detail\":\"admin %s\"}", K, A);
    sweep(f, "problem+json 401", 401, RID "\nContent-Type: application/problem+json",
          problem, 0);
    /* a message longer than a log line, the key across its 1,024-byte cut */
    for (size_t at = 960; at < 1040; at += 16) {
        int n = snprintf(long_msg, sizeof(long_msg), "{\"error\":{\"message\":\"");
        memset(long_msg + n, 'm', at);
        snprintf(long_msg + n + at, sizeof(long_msg) - n - at,
                 "%s %s\",\"type\":\"invalid_request_error\"}}", K, A);
        sweep(f, "long message 400", 400, RID, long_msg, 0);
    }
    /* a connection dropped halfway through a body that holds the keys */
    sweep(f, "reset", 200, RID, "{\"message\":\"" K " " A " " K " " A "\"}",
          OFT_EMU_RESET);
}

/* ---- keys written with escapes ---- */

/* How a server writes the i-th character c of a key: into out, its length. */
typedef int (*escape_fn)(char *out, size_t i, char c);

static int escape_every(char *out, size_t i, char c)
{
    (void)i;
    return sprintf(out, "\\u%04x", (unsigned char)c);
}

static int escape_some(char *out, size_t i, char c)
{ /* every fourth: no run of 8 as it stands */
    return i % 4 == 3 ? sprintf(out, "\\u%04X", (unsigned char)c) : sprintf(out, "%c", c);
}

static int escape_mixed(char *out, size_t i, char c)
{ /* as it stands, upper-case hex, lower-case hex, in turn */
    if (i % 3 == 0)
        return sprintf(out, "%c", c);
    return sprintf(out, i % 3 == 1 ? "\\u%04X" : "\\u%04x", (unsigned char)c);
}

static int escape_slash(char *out, size_t i, char c)
{
    (void)i;
    return sprintf(out, c == '/' ? "\\/" : "%c", c);
}

/* text, TEST_KEY and TEST_ADMIN in it replaced by the checks' keys as `esc`
 * writes them, into out; in JSON text, every object also gets those keys as
 * a member's name and value. */
static void escaped(char *out, size_t cap, const char *text, escape_fn esc)
{
    size_t n = 0;
    int json = text[0] == '{';
    for (const char *p = text; *p;) {
        const char *k = strncmp(p, TEST_KEY, strlen(TEST_KEY)) == 0       ? key
                        : strncmp(p, TEST_ADMIN, strlen(TEST_ADMIN)) == 0 ? admin
                                                                          : NULL;
        assert_true(n + 200 < cap);
        if (k == NULL) {
            out[n++] = *p;
            if (json && *p == '{' && p[1] != '}') { /* {"KEY":"ADMIN", */
                out[n++] = '"';
                for (size_t i = 0; key[i]; i++)
                    n += (size_t)esc(out + n, i, key[i]);
                memcpy(out + n, "\":\"", 3);
                n += 3;
                for (size_t i = 0; admin[i]; i++)
                    n += (size_t)esc(out + n, i, admin[i]);
                memcpy(out + n, "\",", 2);
                n += 2;
            }
            p++;
            continue;
        }
        for (size_t i = 0; k[i]; i++)
            n += (size_t)esc(out + n, i, k[i]);
        p += strlen(k == key ? TEST_KEY : TEST_ADMIN);
    }
    out[n] = '\0';
}

/* A failed job holding the keys in its error, for a wait. */
#define FAILED_JOB                                                                       \
    "{\"object\":\"fine_tuning.job\",\"id\":\"ftjob-leak\",\"model\":\"m\","             \
    "\"status\":\"failed\",\"created_at\":1,\"error\":{\"message\":"                     \
    "\"the key " K " was refused\",\"code\":\"" A "\",\"param\":\"" K "\"}}"

/* Every call, answered 200 with the body of its shape (the keys in it
 * written by esc; NULL: as they are); each must succeed. */
static void successes(fixture *f, const char *answer, escape_fn esc)
{
    static char body[16384];
    for (size_t i = 0; i < N_CALLS; i++) {
        oft_emu_script_clear(f->emu);
        int wait = strcmp(calls[i].name, "job_wait") == 0; /* a job that ends, failing */
        const char *text = wait ? FAILED_JOB : shape_body[calls[i].shape];
        if (esc != NULL)
            escaped(body, sizeof(body), text, esc);
        const char *methods[] = {"GET", "POST", "DELETE"};
        for (size_t m = 0; m < 3; m++)
            oft_emu_script(f->emu, methods[m], "/", 1000, 200, RID, esc ? body : text, 0,
                           0);
        int rc = run_checked(f, i, calls[i].id, answer);
        int want = wait ? OFT_EJOBFAILED : OFT_OK;
        if (rc != want) /* the sweep is only worth something if the calls parse */
            fail_msg("%s: %s, want %s: %s", calls[i].name, oft_status_str(rc),
                     oft_status_str(want),
                     oft_error_message(oft_client_last_error(f->client)));
    }
    oft_emu_script_clear(f->emu);
}

/* Successes: the request id of every struct returned, and the debug lines. */
static void successes_reflecting_keys(void **state)
{
    successes(*state, "200", NULL);
}

/* Errors and successes whose bodies write the keys with escapes; keys with
 * a '/' for "\/". */
static void escaped_keys_reflected(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *name;
        escape_fn esc;
    } forms[] = {
        {"\\u of every character", escape_every},
        {"\\u of some characters", escape_some},
        {"characters and \\u mixed", escape_mixed},
        {"\\/", escape_slash},
    };
    static char body[16384];
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        if (forms[i].esc == escape_slash) { /* a client whose keys have a '/' */
            key = "sk-pr/oj-Se/cretK/ey012/3456/789ab/cdef";
            admin = "sk-ad/min-S/ecret/fedcb/a9876/54321";
            oft_client_free(f->client);
            oft_client_options o;
            fixture_options(f, &o);
            o.api_key = key;
            o.admin_key = admin;
            assert_int_equal(oft_client_new(&f->client, &o), OFT_OK);
        }
        char answer[64];
        snprintf(answer, sizeof(answer), "400, %s", forms[i].name);
        escaped(body, sizeof(body), ERR_BODY, forms[i].esc);
        sweep(f, answer, 400, RID, body, 0);
        snprintf(answer, sizeof(answer), "200, %s", forms[i].name);
        successes(f, answer, forms[i].esc);
    }
    key = TEST_KEY;
    admin = TEST_ADMIN;
}

/* IDs that hold a key (a caller's mistake): in URLs, messages, log lines. */
static void ids_holding_keys(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < N_CALLS; i++)
        if (calls[i].id != NULL) {
            (void)run_checked(f, i, K, "emulator, id = key");
            (void)run_checked(f, i, "ftjob-" A, "emulator, id = ftjob-admin key");
        }
    /* a dead port: transport errors after retries */
    oft_client_free(f->client);
    oft_client_options o;
    fixture_options(f, &o);
    o.base_url = "http://127.0.0.1:9/v1";
    assert_int_equal(oft_client_new(&f->client, &o), OFT_OK);
    for (size_t i = 0; i < N_CALLS; i++) {
        if (calls[i].id == NULL)
            continue;
        int rc = run_checked(f, i, K, "dead port, id = key");
        /* a wait ends at its deadline, having ridden out the failed polls */
        assert_int_equal(rc, calls[i].fn == call_job_wait ? OFT_ETIMEOUT : OFT_ENETWORK);
    }
}

static int suite_setup(void **state)
{
    (void)state;
    char path[] = "/tmp/oft-leaks-XXXXXX";
    upload_fd = mkstemp(path);
    assert_true(upload_fd >= 0);
    unlink(path);
    const char line[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";
    assert_int_equal(write(upload_fd, line, sizeof(line) - 1), (ssize_t)sizeof(line) - 1);
    return 0;
}

static int suite_teardown(void **state)
{
    (void)state;
    close(upload_fd);
    return 0;
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(error_statuses_reflecting_keys),
        T(bodies_reflecting_keys),
        T(successes_reflecting_keys),
        T(escaped_keys_reflected),
        T(ids_holding_keys),
    };
    return cmocka_run_group_tests(tests, suite_setup, suite_teardown);
}
