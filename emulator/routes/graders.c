/*
 * The alpha grader endpoints. validate checks a grader's shape as the API
 * does; run renders {{sample.output_text}} / {{item.KEY}} templates and scores
 * string_check exactly and text_similarity with a fuzzy ratio (every metric).
 * python and score_model graders need an interpreter or a model the emulator
 * does not have: they score 0 with the matching error flag set. multi scores
 * the mean of its sub-graders (calculate_output is not evaluated).
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const metrics[] = {"cosine",  "fuzzy_match", "bleu",    "gleu",
                                      "meteor",  "rouge_1",     "rouge_2", "rouge_3",
                                      "rouge_4", "rouge_5",     "rouge_l", NULL};

/* Answers 400 naming where.field unless g[field] has the wanted JSON type. */
static int need(emu_resp *r, json_t *g, const char *where, const char *field,
                json_type type)
{
    json_t *v = json_object_get(g, field);
    char param[160];
    if (v && json_typeof(v) == type)
        return 0;
    emu_param_name(param, sizeof(param), where, field);
    return emu_bad_request(r, param, "%s parameter: '%s'.",
                           v ? "Invalid type for" : "Missing required", param);
}

/* Answers 400 naming where.field unless g[field] is one of list. */
static int need_enum(emu_resp *r, json_t *g, const char *where, const char *field,
                     const char *const *list, const char *expected)
{
    char param[160];
    if (need(r, g, where, field, JSON_STRING))
        return -1;
    const char *v = json_string_value(json_object_get(g, field));
    if (emu_one_of(v, list))
        return 0;
    emu_param_name(param, sizeof(param), where, field);
    return emu_bad_request(r, param, "Invalid '%s': '%s'. Expected one of %s.", param, v,
                           expected);
}

/* EvalItem[]: each {role (user|assistant|system|developer), content}. */
static int check_eval_items(emu_resp *r, json_t *g, const char *where)
{
    static const char *const roles[] = {"user", "assistant", "system", "developer", NULL};
    size_t i;
    json_t *v;
    char item[160];
    if (need(r, g, where, "input", JSON_ARRAY))
        return -1;
    json_array_foreach(json_object_get(g, "input"), i, v)
    {
        snprintf(item, sizeof(item), "%s.input[%zu]", where, i);
        if (!json_is_object(v))
            return emu_bad_request(r, item, "Invalid '%s': expected an object.", item);
        if (need_enum(r, v, item, "role", roles, "user, assistant, system, developer"))
            return -1;
        json_t *c = json_object_get(v, "content");
        if (!json_is_string(c) && !json_is_object(c) && !json_is_array(c))
            return emu_bad_request(r, item, "%s parameter: '%s.content'.",
                                   c ? "Invalid type for" : "Missing required", item);
    }
    return 0;
}

static int check_multi(emu_resp *r, json_t *g, const char *where);

/*
 * The shape the API checks: the type (label_model only inside multi) and the
 * required fields of section 5.2 with their enums. where names the grader in
 * param ("grader", "method.reinforcement.grader").
 */
int emu_check_grader(emu_resp *r, json_t *g, const char *where, int nested)
{
    static const char *const ops[] = {"eq", "ne", "like", "ilike", NULL};
    static const char *const top[] = {"string_check", "text_similarity", "python",
                                      "score_model",  "multi",           NULL};
    static const char *const sub[] = {"string_check", "text_similarity", "python",
                                      "score_model",  "label_model",     NULL};
    if (!json_is_object(g))
        return emu_bad_request(r, where, "Invalid '%s': expected a grader object.",
                               where);
    if (nested ? need_enum(r, g, where, "type", sub,
                           "string_check, text_similarity, python, score_model, "
                           "label_model")
               : need_enum(r, g, where, "type", top,
                           "string_check, text_similarity, python, score_model, multi"))
        return -1;
    if (need(r, g, where, "name", JSON_STRING))
        return -1;
    const char *type = json_string_value(json_object_get(g, "type"));
    if (strcmp(type, "string_check") == 0)
        return need(r, g, where, "input", JSON_STRING) ||
                       need(r, g, where, "reference", JSON_STRING) ||
                       need_enum(r, g, where, "operation", ops, "eq, ne, like, ilike")
                   ? -1
                   : 0;
    if (strcmp(type, "text_similarity") == 0)
        return need(r, g, where, "input", JSON_STRING) ||
                       need(r, g, where, "reference", JSON_STRING) ||
                       need_enum(r, g, where, "evaluation_metric", metrics,
                                 "cosine, fuzzy_match, bleu, gleu, meteor, rouge_1, "
                                 "rouge_2, rouge_3, rouge_4, rouge_5, rouge_l")
                   ? -1
                   : 0;
    if (strcmp(type, "python") == 0)
        return need(r, g, where, "source", JSON_STRING);
    if (strcmp(type, "score_model") == 0)
        return need(r, g, where, "model", JSON_STRING) || check_eval_items(r, g, where)
                   ? -1
                   : 0;
    if (strcmp(type, "label_model") == 0)
        return need(r, g, where, "model", JSON_STRING) || check_eval_items(r, g, where) ||
                       need(r, g, where, "labels", JSON_ARRAY) ||
                       need(r, g, where, "passing_labels", JSON_ARRAY)
                   ? -1
                   : 0;
    return check_multi(r, g, where);
}

static int check_multi(emu_resp *r, json_t *g, const char *where)
{
    if (need(r, g, where, "calculate_output", JSON_STRING))
        return -1;
    /* The spec types graders as one object, its example sends an array: take both. */
    json_t *subs = json_object_get(g, "graders");
    char sub_where[160];
    if (json_is_object(subs) && json_object_get(subs, "type")) {
        snprintf(sub_where, sizeof(sub_where), "%s.graders", where);
        return emu_check_grader(r, subs, sub_where, 1);
    }
    if (!json_is_array(subs) && !json_is_object(subs))
        return need(r, g, where, "graders", JSON_ARRAY);
    const char *key;
    size_t i;
    json_t *v;
    if (json_is_array(subs)) {
        json_array_foreach(subs, i, v)
        {
            snprintf(sub_where, sizeof(sub_where), "%s.graders[%zu]", where, i);
            if (emu_check_grader(r, v, sub_where, 1))
                return -1;
        }
    } else {
        json_object_foreach(subs, key, v)
        {
            snprintf(sub_where, sizeof(sub_where), "%s.graders.%s", where, key);
            if (emu_check_grader(r, v, sub_where, 1))
                return -1;
        }
    }
    return 0;
}

/* Renders {{ sample.output_text }} and {{ item.KEY }} in tmpl; malloc'd. */
static char *render(const char *tmpl, const char *sample, json_t *item)
{
    size_t cap = strlen(tmpl) + 1, len = 0;
    char *out = malloc(cap);
    for (const char *p = tmpl; out && *p;) {
        const char *val = NULL;
        char *owned = NULL;
        const char *end = NULL;
        if (p[0] == '{' && p[1] == '{' && (end = strstr(p, "}}")) != NULL) {
            const char *a = p + 2, *b = end;
            while (a < b && isspace((unsigned char)*a))
                a++;
            while (b > a && isspace((unsigned char)b[-1]))
                b--;
            char name[128];
            snprintf(name, sizeof(name), "%.*s", (int)(b - a), a);
            if (strcmp(name, "sample.output_text") == 0) {
                val = sample;
            } else if (strncmp(name, "item.", 5) == 0) {
                json_t *v = json_object_get(item, name + 5);
                val = json_string_value(v);
                if (!val && v)
                    val = owned = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            }
        }
        if (!val && !owned && end) {
            val = ""; /* unknown variables render empty */
        }
        const char *src = end ? val : p;
        size_t n = end ? strlen(val) : 1;
        if (len + n + 1 > cap) {
            while (len + n + 1 > cap)
                cap *= 2;
            char *grown = realloc(out, cap);
            if (!grown) {
                free(out);
                free(owned);
                return NULL;
            }
            out = grown;
        }
        memcpy(out + len, src, n);
        len += n;
        p = end ? end + 2 : p + 1;
        free(owned);
    }
    if (out)
        out[len] = '\0';
    return out;
}

/* 1 - Levenshtein distance / longer length, in [0, 1]. */
static double fuzzy_ratio(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == 0 && lb == 0)
        return 1.0;
    if (la > 4096 || lb > 4096)
        return strcmp(a, b) == 0 ? 1.0 : 0.0; /* keep the cost bounded */
    size_t *row = malloc((lb + 1) * sizeof(*row));
    if (!row)
        return 0.0;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    double d = (double)row[lb];
    free(row);
    return 1.0 - d / (double)(la > lb ? la : lb);
}

/* Scores one grader; sets *flag to the error key when it cannot run. */
static double score(json_t *g, const char *sample, json_t *item, const char **flag,
                    json_t *sub_rewards)
{
    const char *type = json_string_value(json_object_get(g, "type"));
    if (strcmp(type, "python") == 0) {
        *flag = "python_grader_server_error";
        return 0.0;
    }
    if (strcmp(type, "score_model") == 0 || strcmp(type, "label_model") == 0) {
        *flag = "model_grader_server_error";
        return 0.0;
    }
    if (strcmp(type, "multi") == 0) {
        json_t *subs = json_object_get(g, "graders");
        double sum = 0;
        size_t n = 0, i;
        const char *key;
        json_t *v;
        if (json_is_object(subs) && json_object_get(subs, "type")) {
            sum = score(subs, sample, item, flag, NULL);
            n = 1;
        } else if (json_is_array(subs)) {
            json_array_foreach(subs, i, v)
            {
                double s = score(v, sample, item, flag, NULL);
                json_object_set_new(sub_rewards,
                                    json_string_value(json_object_get(v, "name")),
                                    json_real(s));
                sum += s;
                n++;
            }
        } else {
            json_object_foreach(subs, key, v)
            {
                double s = score(v, sample, item, flag, NULL);
                json_object_set_new(sub_rewards, key, json_real(s));
                sum += s;
                n++;
            }
        }
        return n ? sum / (double)n : 0.0;
    }
    char *in = render(json_string_value(json_object_get(g, "input")), sample, item);
    char *ref = render(json_string_value(json_object_get(g, "reference")), sample, item);
    double s = 0.0;
    if (in && ref && strcmp(type, "string_check") == 0) {
        const char *op = json_string_value(json_object_get(g, "operation"));
        if (strcmp(op, "eq") == 0)
            s = strcmp(in, ref) == 0;
        else if (strcmp(op, "ne") == 0)
            s = strcmp(in, ref) != 0;
        else if (strcmp(op, "like") == 0)
            s = strstr(in, ref) != NULL;
        else
            s = strcasestr(in, ref) != NULL;
    } else if (in && ref) {
        s = fuzzy_ratio(in, ref);
    }
    free(in);
    free(ref);
    return s;
}

static int grader_run(emu_req *req, emu_resp *r, json_t *body)
{
    json_t *g = json_object_get(body, "grader");
    json_t *sample = json_object_get(body, "model_sample");
    json_t *item = json_object_get(body, "item");
    if (!g)
        return emu_bad_request(r, "grader", "Missing required parameter: 'grader'.");
    if (emu_check_grader(r, g, "grader", 0))
        return -1;
    if (!json_is_string(sample))
        return emu_bad_request(r, "model_sample",
                               "Missing required parameter: 'model_sample' (a string).");
    if (item && !json_is_null(item) && !json_is_object(item))
        return emu_bad_request(r, "item", "Invalid 'item': expected an object.");
    const char *flag = NULL;
    json_t *subs = json_object();
    int64_t t0 = emu_now_mono_ms();
    double reward = score(g, json_string_value(sample), item, &flag, subs);
    json_t *errors = json_object();
    static const char *const flags[] = {
        "formula_parse_error",         "sample_parse_error",
        "truncated_observation_error", "unresponsive_reward_error",
        "invalid_variable_error",      "other_error",
        "python_grader_server_error",  "python_grader_runtime_error",
        "model_grader_server_error",   "model_grader_refusal_error",
        "model_grader_parse_error",    NULL};
    for (size_t i = 0; flags[i]; i++)
        json_object_set_new(errors, flags[i],
                            json_boolean(flag && !strcmp(flag, flags[i])));
    json_object_set_new(errors, "python_grader_server_error_type",
                        flag && strstr(flag, "python") ? json_string("unavailable")
                                                       : json_null());
    json_object_set_new(errors, "python_grader_runtime_error_details", json_null());
    json_object_set_new(errors, "model_grader_server_error_details",
                        flag && strstr(flag, "model")
                            ? json_string("The emulator has no model to grade with.")
                            : json_null());
    json_t *scores = json_object();
    json_object_set_new(scores, json_string_value(json_object_get(g, "name")),
                        json_real(reward));
    emu_reply_json(r, 200,
                   json_pack("{s:f, s:{s:s, s:s, s:o, s:f, s:o, s:n, s:n}, s:o, s:{}}",
                             "reward", reward, "metadata", "name",
                             json_string_value(json_object_get(g, "name")), "type",
                             json_string_value(json_object_get(g, "type")), "errors",
                             errors, "execution_time",
                             (double)(emu_now_mono_ms() - t0) / 1000.0, "scores", scores,
                             "token_usage", "sampled_model_name", "sub_rewards", subs,
                             "model_grader_token_usage_per_model"));
    return 0;
}

int emu_graders_run(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    json_t *body;
    if (emu_parse_body(req, r, &body) != 0)
        return 1;
    grader_run(req, r, body);
    json_decref(body);
    return 1;
}

int emu_graders_validate(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    json_t *body;
    if (emu_parse_body(req, r, &body) != 0)
        return 1;
    if (!json_object_get(body, "grader")) {
        emu_bad_request(r, "grader", "Missing required parameter: 'grader'.");
    } else if (emu_check_grader(r, json_object_get(body, "grader"), "grader", 0) == 0) {
        emu_reply_json(r, 200,
                       json_pack("{s:O}", "grader", json_object_get(body, "grader")));
    }
    json_decref(body);
    return 1;
}
