/*
 * openai-ft sweep: the points of a sweep (the cartesian product of the
 * values given), the spec file, and the sweep's own file: JSON written to
 * a temporary file, synced and renamed into place, so that a crash leaves
 * the old file or the new one, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <jv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/sweep_file.h"
#include "args/values.h"
#include "base/cli.h"

const char *const sweep_dim_names[SW_DIMS] = {"n_epochs", "learning_rate_multiplier",
                                              "batch_size"};
static const char *const dim_tags[SW_DIMS] = {"e", "lr", "b"};

int sweep_parse_list(double *values, size_t *n, const char *opt, const char *s,
                     double min, double max, int is_int)
{
    char buf[512], *save = NULL, *tok;
    snprintf(buf, sizeof(buf), "%s", s);
    *n = 0;
    for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        oft_hp_num v;
        if (*n == SW_MAX_VALUES)
            return cli_usage(NULL, "%s: at most %d values", opt, SW_MAX_VALUES);
        if (cli_parse_hp(&v, opt, tok, min, max, 1, is_int) != 0)
            return CLI_EUSAGE;
        if (v.mode != OFT_HP_VALUE)
            return cli_usage(NULL, "%s: a sweep takes numbers, not '%s'", opt, tok);
        values[(*n)++] = v.value;
    }
    if (*n == 0)
        return cli_usage(NULL, "%s: expected values such as 1,2,3", opt);
    return 0;
}

int sweep_expand(sweep *s, double values[SW_DIMS][SW_MAX_VALUES], const size_t n[SW_DIMS])
{
    size_t total = 1, d, i;
    for (d = 0; d < SW_DIMS; d++)
        if (n[d] > 0)
            total *= n[d];
    if (total > SW_MAX_POINTS)
        return cli_usage(NULL, "a sweep of %zu points is more than %d", total,
                         SW_MAX_POINTS);
    s->n_points = total;
    for (i = 0; i < total; i++) {
        sweep_point *p = &s->points[i];
        size_t rest = i, len = 0;
        memset(p, 0, sizeof(*p));
        /* the last hyperparameter varies fastest */
        for (d = SW_DIMS; d-- > 0;) {
            p->hp[d] = NAN;
            if (n[d] == 0)
                continue;
            p->hp[d] = values[d][rest % n[d]];
            rest /= n[d];
        }
        for (d = 0; d < SW_DIMS; d++)
            if (!isnan(p->hp[d]))
                len += (size_t)snprintf(p->name + len, sizeof(p->name) - len, "%s%s%g",
                                        len ? "-" : "", dim_tags[d], p->hp[d]);
        if (len == 0)
            snprintf(p->name, sizeof(p->name), "default");
        /* the name finds the point's job again: two points, one name, no */
        for (size_t k = 0; k < i; k++)
            if (strcmp(s->points[k].name, p->name) == 0)
                return cli_usage(NULL, "two points named %s: a value given twice?",
                                 p->name);
    }
    return 0;
}

int sweep_point_done(const sweep_point *p)
{
    return p->error[0] != '\0' || strcmp(p->status, "succeeded") == 0 ||
           strcmp(p->status, "failed") == 0 || strcmp(p->status, "cancelled") == 0;
}

/* ---- writing ---- */

static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void put_field(FILE *f, const char *key, const char *value, const char *after)
{
    put_str(f, key);
    fputs(": ", f);
    if (value[0] == '\0')
        fputs("null", f);
    else
        put_str(f, value);
    fputs(after, f);
}

static void put_point(FILE *f, const sweep_point *p, int last)
{
    size_t d;
    fputs("    {", f);
    put_field(f, "name", p->name, ", ");
    for (d = 0; d < SW_DIMS; d++) {
        put_str(f, sweep_dim_names[d]);
        if (isnan(p->hp[d]))
            fputs(": null, ", f);
        else
            fprintf(f, ": %.17g, ", p->hp[d]);
    }
    put_field(f, "job", p->job, ", ");
    put_field(f, "status", p->status, ", ");
    put_field(f, "error", p->error, last ? "}\n" : "},\n");
}

int sweep_save(const sweep *s, const char *path)
{
    char tmp[4096];
    FILE *f;
    size_t i;
    int fd, err;
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
        return -1;
    if ((f = fdopen(fd, "w")) == NULL) {
        close(fd);
        return -1;
    }
    fputs("{\n  \"object\": \"openai_ft.sweep\",\n  \"version\": 1,\n  ", f);
    put_field(f, "id", s->id, ",\n  ");
    put_field(f, "model", s->model, ",\n  ");
    put_field(f, "suffix", s->suffix, ",\n  ");
    put_field(f, "training_file", s->training_file, ",\n  ");
    put_field(f, "validation_file", s->validation_file, ",\n  ");
    fprintf(f, "\"max_parallel\": %d,\n  \"points\": [\n", s->max_parallel);
    for (i = 0; i < s->n_points; i++)
        put_point(f, &s->points[i], i + 1 == s->n_points);
    fputs("  ]\n}\n", f);
    err = fflush(f) != 0 || ferror(f) || fsync(fd) != 0;
    if (fclose(f) != 0 || err || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        return -1;
    }
    return 0;
}

/* ---- reading ---- */

static void get_str(char *out, size_t cap, jv o, const char *key)
{
    jv v = jv_object_get(jv_copy(o), jv_string(key));
    out[0] = '\0';
    if (jv_get_kind(v) == JV_KIND_STRING)
        snprintf(out, cap, "%s", jv_string_value(v));
    jv_free(v);
}

static double get_num(jv o, const char *key)
{
    jv v = jv_object_get(jv_copy(o), jv_string(key));
    double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;
    jv_free(v);
    return d;
}

/* The whole of a small file (at most 1 MB) parsed as JSON; invalid when not. */
static jv read_json(const char *path, int *missing)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    jv v;
    *missing = f == NULL && errno == ENOENT;
    if (f == NULL)
        return jv_invalid_with_msg(jv_string(strerror(errno)));
    buf = malloc(1 << 20);
    n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf == NULL)
        return jv_invalid_with_msg(jv_string("out of memory"));
    v = n == (1 << 20) - 1 ? jv_invalid_with_msg(jv_string("larger than 1 MB"))
                           : jv_parse_sized(buf, (int)n);
    free(buf);
    return v;
}

static int bad_file(const char *path, jv v, const char *what)
{
    jv msg = jv_invalid_has_msg(jv_copy(v)) ? jv_invalid_get_msg(jv_copy(v)) : jv_null();
    fprintf(stderr, "openai-ft: %s: %s%s%s\n", path, what,
            jv_get_kind(msg) == JV_KIND_STRING ? ": " : "",
            jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "");
    jv_free(msg);
    jv_free(v);
    return CLI_EUSAGE;
}

int sweep_load(sweep *s, const char *path)
{
    int missing;
    jv v = read_json(path, &missing), pts;
    int i, n;
    if (missing) {
        jv_free(v);
        return 1;
    }
    if (jv_get_kind(v) != JV_KIND_OBJECT)
        return bad_file(path, v, "not a sweep file");
    pts = jv_object_get(jv_copy(v), jv_string("points"));
    n = jv_get_kind(pts) == JV_KIND_ARRAY ? jv_array_length(jv_copy(pts)) : -1;
    if (n < 1 || n > SW_MAX_POINTS) {
        jv_free(pts);
        return bad_file(path, v, "not a sweep file (no points)");
    }
    memset(s, 0, sizeof(*s));
    get_str(s->id, sizeof(s->id), v, "id");
    get_str(s->model, sizeof(s->model), v, "model");
    get_str(s->suffix, sizeof(s->suffix), v, "suffix");
    get_str(s->training_file, sizeof(s->training_file), v, "training_file");
    get_str(s->validation_file, sizeof(s->validation_file), v, "validation_file");
    s->max_parallel =
        isnan(get_num(v, "max_parallel")) ? 0 : (int)get_num(v, "max_parallel");
    s->n_points = (size_t)n;
    for (i = 0; i < n; i++) {
        jv p = jv_array_get(jv_copy(pts), i);
        sweep_point *sp = &s->points[i];
        get_str(sp->name, sizeof(sp->name), p, "name");
        for (size_t d = 0; d < SW_DIMS; d++)
            sp->hp[d] = get_num(p, sweep_dim_names[d]);
        get_str(sp->job, sizeof(sp->job), p, "job");
        get_str(sp->status, sizeof(sp->status), p, "status");
        get_str(sp->error, sizeof(sp->error), p, "error");
        jv_free(p);
    }
    jv_free(pts);
    jv_free(v);
    if (s->id[0] == '\0' || s->model[0] == '\0' || s->training_file[0] == '\0') {
        fprintf(stderr,
                "openai-ft: %s: not a sweep file (no id, model or training_file)\n",
                path);
        return CLI_EUSAGE;
    }
    return 0;
}

int sweep_read_spec(const char *path, double values[SW_DIMS][SW_MAX_VALUES],
                    size_t n[SW_DIMS])
{
    int missing;
    jv v = read_json(path, &missing);
    size_t d;
    if (jv_get_kind(v) != JV_KIND_OBJECT)
        return bad_file(path, v, "expected a JSON object such as {\"n_epochs\": [2, 3]}");
    for (d = 0; d < SW_DIMS; d++) {
        jv a = jv_object_get(jv_copy(v), jv_string(sweep_dim_names[d]));
        int len = jv_get_kind(a) == JV_KIND_ARRAY ? jv_array_length(jv_copy(a)) : -1;
        if (jv_get_kind(a) == JV_KIND_NULL) {
            jv_free(a);
            continue;
        }
        if (len < 1 || len > SW_MAX_VALUES) {
            fprintf(stderr, "openai-ft: %s: %s: expected 1 to %d numbers\n", path,
                    sweep_dim_names[d], SW_MAX_VALUES);
            jv_free(a);
            jv_free(v);
            return CLI_EUSAGE;
        }
        n[d] = 0;
        for (int i = 0; i < len; i++) {
            jv x = jv_array_get(jv_copy(a), i);
            int ok = jv_get_kind(x) == JV_KIND_NUMBER && jv_number_value(x) > 0;
            if (ok)
                values[d][n[d]++] = jv_number_value(x);
            jv_free(x);
            if (!ok) {
                fprintf(stderr, "openai-ft: %s: %s: expected positive numbers\n", path,
                        sweep_dim_names[d]);
                jv_free(a);
                jv_free(v);
                return CLI_EUSAGE;
            }
        }
        jv_free(a);
    }
    jv_free(v);
    return 0;
}
