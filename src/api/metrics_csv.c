/* The step-metrics CSV of a result file, read a line at a time (metrics_csv.h). */
#include "api/metrics_csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    F_STEP,
    F_TRAIN_LOSS,
    F_TRAIN_ACC,
    F_VALID_LOSS,
    F_VALID_ACC,
    F_FULL_LOSS,
    F_FULL_ACC
};

/* The names a column has had in the API's CSV, and the field each fills. */
static const struct {
    const char *name;
    int field;
} columns[] = {{"step", F_STEP},
               {"train_loss", F_TRAIN_LOSS},
               {"train_accuracy", F_TRAIN_ACC},
               {"train_mean_token_accuracy", F_TRAIN_ACC},
               {"valid_loss", F_VALID_LOSS},
               {"valid_accuracy", F_VALID_ACC},
               {"valid_mean_token_accuracy", F_VALID_ACC},
               {"full_valid_loss", F_FULL_LOSS},
               {"full_valid_accuracy", F_FULL_ACC},
               {"full_valid_mean_token_accuracy", F_FULL_ACC}};

int oft__tmp_fd(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int n =
        snprintf(path, sizeof(path), "%s/oft-metrics-XXXXXX", dir && *dir ? dir : "/tmp");
    if (n < 0 || (size_t)n >= sizeof(path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    return fd;
}

static int b64_value(int ch)
{
    const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = ch ? strchr(a, ch) : NULL;
    return p ? (int)(p - a) : -1;
}

/* Decodes the base64 text of in into out, a chunk at a time. 0, or -1. */
static int b64_decode(FILE *in, FILE *out, char *err, size_t errlen)
{
    unsigned acc = 0;
    int bits = 0, ch, pad = 0;
    while ((ch = getc(in)) != EOF) {
        if (ch == '\n' || ch == '\r' || ch == ' ' || ch == '\t')
            continue;
        int v = b64_value(ch);
        if (ch == '=') {
            pad = 1;
            continue;
        }
        if (v < 0 || pad) {
            snprintf(err, errlen, "neither a CSV nor base64 text (byte 0x%02x)", ch);
            return -1;
        }
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (putc((int)((acc >> bits) & 0xff), out) == EOF)
                goto io;
        }
    }
    if (!ferror(in) && fflush(out) == 0 && fseek(out, 0, SEEK_SET) == 0)
        return 0;
io:
    snprintf(err, errlen, "temporary file: %s", strerror(errno));
    return -1;
}

/* Reads one line into r->buf without its end; 1, 0 at the end, -1 when too long. */
static int read_line(oft__csv *r)
{
    if (!fgets(r->buf, sizeof(r->buf), r->fp))
        return 0;
    r->line++;
    size_t n = strlen(r->buf);
    if (n && r->buf[n - 1] == '\n')
        r->buf[--n] = '\0';
    else if (!feof(r->fp))
        return -1;
    if (n && r->buf[n - 1] == '\r')
        r->buf[--n] = '\0';
    return 1;
}

static int read_header(oft__csv *r, char *err, size_t errlen)
{
    int got = read_line(r), step = 0;
    if (got <= 0) {
        snprintf(err, errlen, "line 1: %s", got ? "longer than 4096 bytes" : "no header");
        return -1;
    }
    char *save = NULL;
    for (char *tok = strtok_r(r->buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (r->ncols == OFT__CSV_COLS_MAX) {
            snprintf(err, errlen, "line 1: more than %d columns", OFT__CSV_COLS_MAX);
            return -1;
        }
        r->col[r->ncols] = -1;
        for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
            if (strcmp(tok, columns[i].name) == 0)
                r->col[r->ncols] = (signed char)columns[i].field;
        step += r->col[r->ncols++] == F_STEP;
    }
    if (step != 1) {
        snprintf(err, errlen, "line 1: the header has no step column");
        return -1;
    }
    return 0;
}

int oft__csv_open(oft__csv *r, int fd, char *err, size_t errlen)
{
    memset(r, 0, sizeof(*r) - sizeof(r->buf));
    r->fp = (fd >= 0 && lseek(fd, 0, SEEK_SET) == 0) ? fdopen(fd, "r+") : NULL;
    if (!r->fp) {
        snprintf(err, errlen, "temporary file: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    /* The API's base64 text has no comma; a CSV header has. */
    char head[80];
    size_t n = fread(head, 1, sizeof(head), r->fp);
    if (fseek(r->fp, 0, SEEK_SET) != 0)
        return -1;
    if (n > 0 && !memchr(head, ',', n)) {
        int out_fd = oft__tmp_fd();
        FILE *out = out_fd >= 0 ? fdopen(out_fd, "w+") : NULL;
        if (!out) {
            snprintf(err, errlen, "temporary file: %s", strerror(errno));
            if (out_fd >= 0)
                close(out_fd);
            return -1;
        }
        int rc = b64_decode(r->fp, out, err, errlen);
        fclose(r->fp);
        r->fp = out;
        if (rc != 0)
            return -1;
    }
    r->last_step = -1;
    return read_header(r, err, errlen);
}

static int cell(const char *s, double *out)
{
    char *end;
    if (!*s) {
        *out = NAN;
        return 0;
    }
    errno = 0;
    *out = strtod(s, &end);
    return *end || errno == ERANGE ? -1 : 0;
}

/* Splits r->buf in place on commas into at most ncols cells; their count. */
static int split(char *s, char **cells, int max)
{
    int n = 0;
    for (;;) {
        if (n == max)
            return max + 1;
        cells[n++] = s;
        char *comma = strchr(s, ',');
        if (!comma)
            return n;
        *comma = '\0';
        s = comma + 1;
    }
}

int oft__csv_next(oft__csv *r, oft_step_metrics *out, char *err, size_t errlen)
{
    int got;
    while ((got = read_line(r)) == 1 && r->buf[0] == '\0')
        ; /* blank lines (the last one) are nothing */
    if (got <= 0) {
        if (got < 0)
            snprintf(err, errlen, "line %ld: longer than 4096 bytes", r->line);
        return got;
    }
    char *cells[OFT__CSV_COLS_MAX];
    int n = split(r->buf, cells, r->ncols);
    if (n != r->ncols) {
        snprintf(err, errlen, "line %ld: %s cells than the header's %d", r->line,
                 n < r->ncols ? "fewer" : "more", r->ncols);
        return -1;
    }
    double v[F_FULL_ACC + 1] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    for (int i = 0; i < n; i++) {
        double d;
        if (r->col[i] < 0)
            continue;
        if (cell(cells[i], &d) != 0 ||
            (r->col[i] == F_STEP && !(d >= 0 && d < 9e15 && d == floor(d)))) {
            snprintf(err, errlen, "line %ld: column %d is not %s: \"%.40s\"", r->line,
                     i + 1, r->col[i] == F_STEP ? "a step number" : "a number", cells[i]);
            return -1;
        }
        v[r->col[i]] = d;
    }
    if ((int64_t)v[F_STEP] <= r->last_step) {
        snprintf(err, errlen, "line %ld: step %lld does not follow step %lld", r->line,
                 (long long)v[F_STEP], (long long)r->last_step);
        return -1;
    }
    out->step = r->last_step = (int64_t)v[F_STEP];
    out->train_loss = v[F_TRAIN_LOSS];
    out->train_mean_token_accuracy = v[F_TRAIN_ACC];
    out->valid_loss = v[F_VALID_LOSS];
    out->valid_mean_token_accuracy = v[F_VALID_ACC];
    out->full_valid_loss = v[F_FULL_LOSS];
    out->full_valid_mean_token_accuracy = v[F_FULL_ACC];
    return 1;
}

void oft__csv_close(oft__csv *r)
{
    if (r->fp)
        fclose(r->fp);
    r->fp = NULL;
}
