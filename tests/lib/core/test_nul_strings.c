/*
 * A server string holding a NUL ("ftjob-\u0000x") is a malformed answer
 * (issue 22): a C string of it ends at the NUL, so the library would hand out
 * "ftjob-" as if it were the ID. Each call that reads an object is answered,
 * on loopback, with a whole object of its kind in which one string at a time
 * (every string of the object, nested ones and list envelopes included) has
 * a NUL; each answer must fail with OFT_EPARSE naming that string.
 */
#include <jansson.h>

#include "core_test.h"
#include "openai_ft.h"

#define JOB                                                                              \
    "{\"object\":\"fine_tuning.job\",\"id\":\"ftjob-nul\",\"model\":\"m\","              \
    "\"organization_id\":\"org-1\",\"status\":\"running\",\"created_at\":1,"             \
    "\"training_file\":\"file-t\",\"validation_file\":\"file-v\","                       \
    "\"fine_tuned_model\":\"ft:m:x\",\"result_files\":[\"file-r\"],"                     \
    "\"user_provided_suffix\":\"sfx\",\"error\":{\"message\":\"msg\",\"code\":\"c\","    \
    "\"param\":\"p\"},\"hyperparameters\":{\"n_epochs\":\"auto\",\"batch_size\":1},"     \
    "\"integrations\":[{\"type\":\"wandb\",\"wandb\":{\"project\":\"p\",\"name\":\"n\"," \
    "\"entity\":\"e\",\"tags\":[\"t\"]}}],\"method\":{\"type\":\"supervised\","          \
    "\"supervised\":{\"hyperparameters\":{\"reasoning_effort\":\"low\"}}},"              \
    "\"metadata\":{\"k\":\"v\"}}"
#define EVENT                                                                            \
    "{\"object\":\"fine_tuning.job.event\",\"id\":\"ftevent-1\",\"created_at\":1,"       \
    "\"level\":\"info\",\"message\":\"m\",\"type\":\"message\",\"data\":{}}"
#define CHECKPOINT                                                                       \
    "{\"object\":\"fine_tuning.job.checkpoint\",\"id\":\"ftckpt-1\",\"created_at\":1,"   \
    "\"fine_tuned_model_checkpoint\":\"ft:m:c\",\"fine_tuning_job_id\":\"ftjob-1\","     \
    "\"step_number\":1,\"metrics\":{\"step\":1}}"
#define PERMISSION                                                                       \
    "{\"object\":\"checkpoint.permission\",\"id\":\"cp-1\",\"created_at\":1,"            \
    "\"project_id\":\"proj-1\"}"
#define FILE_                                                                            \
    "{\"object\":\"file\",\"id\":\"file-1\",\"bytes\":1,\"created_at\":1,"               \
    "\"filename\":\"a.jsonl\",\"purpose\":\"fine-tune\",\"status\":\"processed\","       \
    "\"status_details\":\"ok\"}"
#define LIST(item)                                                                       \
    "{\"object\":\"list\",\"data\":[" item "],\"has_more\":false,\"first_id\":\"a\","    \
    "\"last_id\":\"b\"}"

static int job_retrieve(oft_client *c)
{
    oft_job *o = NULL;
    int rc = oft_job_retrieve(&o, c, "ftjob-nul");
    oft_job_free(o);
    return rc;
}

static int job_list(oft_client *c)
{
    oft_job_page *o = NULL;
    int rc = oft_job_list(&o, c, NULL);
    oft_job_page_free(o);
    return rc;
}

static int event_list(oft_client *c)
{
    oft_event_page *o = NULL;
    int rc = oft_event_list(&o, c, "ftjob-nul", NULL);
    oft_event_page_free(o);
    return rc;
}

static int checkpoint_list(oft_client *c)
{
    oft_checkpoint_page *o = NULL;
    int rc = oft_checkpoint_list(&o, c, "ftjob-nul", NULL);
    oft_checkpoint_page_free(o);
    return rc;
}

static int permission_list(oft_client *c)
{
    oft_checkpoint_permission_page *o = NULL;
    int rc = oft_checkpoint_permission_list(&o, c, "ft:m:c", NULL);
    oft_checkpoint_permission_page_free(o);
    return rc;
}

static int file_retrieve(oft_client *c)
{
    oft_file *o = NULL;
    int rc = oft_file_retrieve(&o, c, "file-1");
    oft_file_free(o);
    return rc;
}

static int file_delete(oft_client *c)
{
    oft_deleted *o = NULL;
    int rc = oft_file_delete(&o, c, "file-1");
    oft_deleted_free(o);
    return rc;
}

static int upload_complete(oft_client *c)
{
    const char *parts[] = {"part-1"};
    oft_upload *o = NULL;
    int rc = oft_upload_complete(&o, c, "upload-1", parts, 1, NULL);
    oft_upload_free(o);
    return rc;
}

static int upload_add_part(oft_client *c)
{
    oft_upload_part *o = NULL;
    int rc = oft_upload_add_part_buffer(&o, c, "upload-1", "x", 1);
    oft_upload_part_free(o);
    return rc;
}

static int model_retrieve(oft_client *c)
{
    oft_model *o = NULL;
    int rc = oft_model_retrieve(&o, c, "m");
    oft_model_free(o);
    return rc;
}

static const struct {
    const char *name;
    int (*call)(oft_client *c);
    const char *body; /* a whole object of the kind the call reads */
} calls[] = {
    {"job_retrieve", job_retrieve, JOB},
    {"job_list", job_list, LIST(JOB)},
    {"event_list", event_list, LIST(EVENT)},
    {"checkpoint_list", checkpoint_list, LIST(CHECKPOINT)},
    {"permission_list", permission_list, LIST(PERMISSION)},
    {"file_retrieve", file_retrieve, FILE_},
    {"file_delete", file_delete,
     "{\"object\":\"file\",\"id\":\"file-1\",\"deleted\":true}"},
    {"upload_complete", upload_complete,
     "{\"object\":\"upload\",\"id\":\"upload-1\",\"bytes\":1,\"created_at\":1,"
     "\"filename\":\"a.jsonl\",\"purpose\":\"fine-tune\",\"status\":\"completed\","
     "\"expires_at\":2,\"file\":" FILE_ "}"},
    {"upload_add_part", upload_add_part,
     "{\"object\":\"upload.part\",\"id\":\"part-1\",\"created_at\":1,"
     "\"upload_id\":\"upload-1\"}"},
    {"model_retrieve", model_retrieve,
     "{\"object\":\"model\",\"id\":\"m\",\"created\":1,\"owned_by\":\"o\"}"},
};
#define N_CALLS (sizeof(calls) / sizeof(calls[0]))

/* Answers every request with status 200 and body. */
static void serve(fixture *f, const char *body)
{
    oft_emu_script_clear(f->emu);
    const char *methods[] = {"GET", "POST", "DELETE"};
    for (size_t m = 0; m < 3; m++)
        oft_emu_script(f->emu, methods[m], "/", 1000, 200, NULL, body, 0, 0);
}

typedef struct nul_case {
    fixture *f;
    size_t call;
    json_t *root;
    size_t strings; /* how many were tried */
} nul_case;

/* Each string under v in turn holds a NUL (path is where v is): the answer
 * of the whole object with it must be refused naming path. */
static void each_string(nul_case *t, json_t *v, const char *path)
{
    char sub[256];
    const char *key;
    size_t i;
    json_t *item;
    if (json_is_string(v)) {
        char *was = strdup(json_string_value(v));
        char with[64];
        int n = snprintf(with, sizeof(with), "%s", was);
        memcpy(with + n, "\0x", 2); /* "ftjob-nul" -> "ftjob-nul\u0000x" */
        assert_int_equal(json_string_setn(v, with, (size_t)n + 2), 0);
        char *body = json_dumps(t->root, JSON_COMPACT);
        assert_non_null(strstr(body, "\\u0000x"));
        serve(t->f, body);
        int rc = calls[t->call].call(t->f->client);
        const char *msg = oft_error_message(oft_client_last_error(t->f->client));
        char want[300];
        snprintf(want, sizeof(want), "\"%s\" holds a NUL character (\\u0000)", path);
        if (rc != OFT_EPARSE || strstr(msg, want) == NULL)
            fail_msg("%s, a NUL in %s: %s (%s), want OFT_EPARSE naming it",
                     calls[t->call].name, path, oft_status_str(rc), msg);
        assert_int_equal(json_string_set(v, was), 0);
        free(body);
        free(was);
        t->strings++;
    }
    json_object_foreach(v, key, item)
    {
        snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "", key);
        each_string(t, item, sub);
    }
    json_array_foreach(v, i, item)
    {
        snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
        each_string(t, item, sub);
    }
}

static void every_string_with_a_nul_is_refused(void **state)
{
    fixture *f = *state;
    size_t total = 0;
    for (size_t c = 0; c < N_CALLS; c++) {
        /* as it is, the answer is read */
        serve(f, calls[c].body);
        int rc = calls[c].call(f->client);
        if (rc != OFT_OK)
            fail_msg("%s: %s", calls[c].name,
                     oft_error_message(oft_client_last_error(f->client)));
        nul_case t = {f, c, json_loads(calls[c].body, 0, NULL), 0};
        assert_non_null(t.root);
        each_string(&t, t.root, "");
        assert_true(t.strings >= 2);
        total += t.strings;
        json_decref(t.root);
    }
    print_message("%zu strings with a NUL, each refused naming it\n", total);
    oft_emu_script_clear(f->emu);
}

/* The case, as a user reads it. */
static void an_id_with_a_nul(void **state)
{
    fixture *f = *state;
    serve(f, "{\"object\":\"fine_tuning.job\",\"id\":\"ftjob-\\u0000x\",\"model\":\"m\","
             "\"status\":\"running\",\"created_at\":1}");
    oft_job *job = NULL;
    assert_int_equal(oft_job_retrieve(&job, f->client, "ftjob-x"), OFT_EPARSE);
    assert_null(job);
    assert_string_equal(oft_error_message(oft_client_last_error(f->client)),
                        "fine_tuning.job: \"id\" holds a NUL character (\\u0000): a "
                        "malformed answer (HTTP 200, application/json)");
    oft_emu_script_clear(f->emu);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(an_id_with_a_nul),
        T(every_string_with_a_nul_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
