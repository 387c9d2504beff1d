/*
 * The emulator's loss curves and job list in-process over real HTTP: the
 * step-metrics CSV of a succeeded job (a row per step, validation columns
 * with a validation file), shaped by the hyperparameters (a higher
 * learning-rate multiplier drops faster and noisier, more epochs overfit),
 * the same for the same seed, carried by the metrics events; the job list's
 * metadata filter, limit and after.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "emu_inproc.h"

#define MAX_STEPS 200

typedef struct curve {
    int steps;
    double train[MAX_STEPS + 1], valid[MAX_STEPS + 1], full[MAX_STEPS + 1];
    char csv[64 * 1024];
} curve;

static const char *files_for(oft_emu *emu, int validation)
{
    static char ids[128];
    char *data = repeat(chat_line, 10);
    char train[64];
    snprintf(train, sizeof(train), "%s", upload_data(emu, "t.jsonl", data, "fine-tune"));
    if (validation)
        snprintf(ids, sizeof(ids), "\"training_file\":\"%s\",\"validation_file\":\"%s\"",
                 train, upload_data(emu, "v.jsonl", data, "fine-tune"));
    else
        snprintf(ids, sizeof(ids), "\"training_file\":\"%s\"", train);
    free(data);
    return ids;
}

/* Runs a job to its end and reads its CSV into c; the job's id in id. */
static void run_job(oft_emu *emu, const char *files, double lr, int epochs, long seed,
                    curve *c, char *id)
{
    char body[1024], path[256];
    snprintf(body, sizeof(body),
             "{\"model\":\"gpt-4o-mini-2024-07-18\",%s,\"seed\":%ld,\"method\":{\"type\":"
             "\"supervised\",\"supervised\":{\"hyperparameters\":{\"batch_size\":1,"
             "\"n_epochs\":%d,\"learning_rate_multiplier\":%g}}}}",
             files, seed, epochs, lr);
    strcpy(id, create_job(emu, body));
    assert_int_equal(oft_emu_job_finish(emu, id), 0);
    json_t *job = NULL;
    assert_string_equal(job_status(emu, id, &job), "succeeded");
    const char *file =
        json_string_value(json_array_get(json_object_get(job, "result_files"), 0));
    assert_non_null(file);
    snprintf(path, sizeof(path), "/files/%s/content", file);
    json_decref(job);
    http_reply r = emu_get(emu, path);
    assert_int_equal(r.status, 200);
    assert_true(r.len < sizeof(c->csv));
    memcpy(c->csv, r.body, r.len);
    c->csv[r.len] = '\0';
    http_reply_free(&r);
    static const char head[] = "step,train_loss,train_accuracy,valid_loss,"
                               "valid_mean_token_accuracy,full_valid_loss,"
                               "full_valid_mean_token_accuracy\n";
    if (strncmp(c->csv, head, strlen(head)) != 0)
        fail_msg("result file: %.200s", c->csv);
    c->steps = 0;
    for (const char *p = strchr(c->csv, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
        int s, got;
        double t, ta, v = NAN, va, f = NAN, fa;
        got = sscanf(p, "%d,%lf,%lf,%lf,%lf,%lf,%lf", &s, &t, &ta, &v, &va, &f, &fa);
        assert_true(got >= 3);
        assert_int_equal(s, c->steps + 1); /* a row for every step, in order */
        assert_true(s <= MAX_STEPS);
        c->steps = s;
        c->train[s] = t;
        c->valid[s] = got >= 4 ? v : NAN;
        c->full[s] = got >= 6 ? f : NAN;
    }
    assert_int_equal(c->steps, 10 * epochs);
}

static double roughness(const curve *c)
{
    double sum = 0;
    for (int s = 2; s <= c->steps; s++)
        sum += fabs(c->train[s] - c->train[s - 1]);
    return sum / (c->steps - 1);
}

/* The mean training loss over an epoch (10 steps). */
static double epoch_mean(const curve *c, int epoch)
{
    double sum = 0;
    for (int s = epoch * 10 - 9; s <= epoch * 10; s++)
        sum += c->train[s];
    return sum / 10;
}

static void test_curves_follow_the_hyperparameters(void **state)
{
    oft_emu *emu = *state;
    const char *files = files_for(emu, 1);
    curve *slow = calloc(1, sizeof(curve)), *fast = calloc(1, sizeof(curve));
    curve *one = calloc(1, sizeof(curve));
    char id[64];
    assert_true(slow && fast && one);
    run_job(emu, files, 0.5, 4, 7, slow, id);
    run_job(emu, files, 2.0, 4, 7, fast, id);
    run_job(emu, files, 2.0, 1, 7, one, id);
    /* Faster: lower training loss at the end of the first epoch. */
    assert_true(fast->train[10] < slow->train[10] - 0.3);
    /* Noisier: larger moves from step to step after the first epoch. */
    assert_true(roughness(fast) > roughness(slow));
    /* Overfit: the full validation loss, at each epoch's end, turns up. */
    assert_false(isnan(fast->full[10]) || isnan(fast->full[40]));
    assert_true(fast->full[40] > fast->full[20] + 0.1);
    assert_true(fast->full[20] <= fast->full[10] + 0.05);
    assert_true(epoch_mean(fast, 4) <
                epoch_mean(fast, 2)); /* training loss keeps falling */
    /* One epoch does not get there: its end is its lowest validation loss. */
    assert_true(one->full[10] < fast->full[40]);
    print_message("full valid loss by epoch, lr 2: %.3f %.3f %.3f %.3f; lr 0.5 epoch 1: "
                  "%.3f\n",
                  fast->full[10], fast->full[20], fast->full[30], fast->full[40],
                  slow->full[10]);
    free(slow);
    free(fast);
    free(one);
}

static void test_same_seed_same_curve(void **state)
{
    oft_emu *emu = *state;
    const char *files = files_for(emu, 0);
    curve *a = calloc(1, sizeof(curve)), *b = calloc(1, sizeof(curve));
    curve *other = calloc(1, sizeof(curve));
    char id[64];
    assert_true(a && b && other);
    run_job(emu, files, 1.0, 2, 42, a, id);
    run_job(emu, files, 1.0, 2, 42, b, id);
    run_job(emu, files, 1.0, 2, 43, other, id);
    assert_string_equal(a->csv, b->csv);
    assert_string_not_equal(a->csv, other->csv);
    /* No validation file: no validation columns. */
    assert_true(isnan(a->valid[1]) && isnan(a->full[10]));

    /* The metrics events carry the CSV's numbers. */
    char path[256];
    snprintf(path, sizeof(path), "/fine_tuning/jobs/%s/events?limit=1000", id);
    http_reply r = emu_get(emu, path);
    json_t *list = http_json(&r), *e;
    size_t i, seen = 0;
    json_array_foreach(json_object_get(list, "data"), i, e)
    {
        json_t *d = json_object_get(e, "data");
        if (!json_is_object(d))
            continue;
        json_int_t s = json_integer_value(json_object_get(d, "step"));
        assert_true(s >= 1 && s <= other->steps);
        assert_true(fabs(json_number_value(json_object_get(d, "train_loss")) -
                         other->train[s]) < 1e-5);
        seen++;
    }
    assert_true(seen > 0);
    json_decref(list);
    http_reply_free(&r);
    free(a);
    free(b);
    free(other);
}

static void test_list_filters_and_pages(void **state)
{
    oft_emu *emu = *state;
    const char *files = files_for(emu, 0);
    char body[512], ids[5][64];
    for (int i = 0; i < 5; i++) {
        snprintf(body, sizeof(body), "{\"model\":\"gpt-4o-mini-2024-07-18\",%s%s}", files,
                 i < 3    ? ",\"metadata\":{\"team\":\"a\"}"
                 : i == 3 ? ",\"metadata\":{\"team\":\"b\"}"
                          : "");
        strcpy(ids[i], create_job(emu, body));
    }
    /* metadata[team]=a: the three, newest first. */
    http_reply r = emu_get(emu, "/fine_tuning/jobs?metadata%5Bteam%5D=a");
    json_t *l = http_json(&r), *data = json_object_get(l, "data");
    assert_int_equal(json_array_size(data), 3);
    for (int i = 0; i < 3; i++)
        assert_string_equal(
            json_string_value(json_object_get(json_array_get(data, (size_t)i), "id")),
            ids[2 - i]);
    json_decref(l);
    http_reply_free(&r);
    r = emu_get(emu, "/fine_tuning/jobs?metadata=null");
    l = http_json(&r);
    assert_int_equal(json_array_size(json_object_get(l, "data")), 1);
    json_decref(l);
    http_reply_free(&r);
    /* limit=2 pages walked with after: all five, newest first, once each. */
    char path[256] = "/fine_tuning/jobs?limit=2";
    int k = 4, pages = 0;
    for (;;) {
        r = emu_get(emu, path);
        l = http_json(&r);
        data = json_object_get(l, "data");
        size_t i;
        json_t *e;
        const char *last = NULL;
        json_array_foreach(data, i, e)
        {
            assert_true(k >= 0);
            assert_string_equal(json_string_value(json_object_get(e, "id")), ids[k--]);
            last = json_string_value(json_object_get(e, "id"));
        }
        pages++;
        int more = json_is_true(json_object_get(l, "has_more"));
        if (more)
            snprintf(path, sizeof(path), "/fine_tuning/jobs?limit=2&after=%s", last);
        json_decref(l);
        http_reply_free(&r);
        if (!more)
            break;
    }
    assert_int_equal(k, -1);
    assert_int_equal(pages, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_curves_follow_the_hyperparameters, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(test_same_seed_same_curve, emu_setup,
                                        emu_teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_and_pages, emu_setup,
                                        emu_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
