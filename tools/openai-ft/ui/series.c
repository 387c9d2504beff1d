/*
 * openai-ft: a job's step metrics as series of bounded size (pairs of
 * points averaged when a series is full, so memory stays the same whatever
 * the number of steps), read through oft_metrics_iter, and the sparkline of
 * the live views.
 */
#include <string.h>

#include "ui/series.h"
#include "base/text.h"

void cli_series_init(cli_series *s, size_t cap)
{
    memset(s, 0, sizeof(*s));
    s->cap = cap < 2 ? 2 : cap > SER_CAP ? SER_CAP : cap;
    s->stride = 1;
    s->min_y = s->max_y = s->last_y = s->best_y = s->best_x = NAN;
}

/* Full: every two neighbours become their mean, and each point covers
 * twice the steps. */
static void halve(cli_series *s)
{
    size_t i;
    for (i = 0; 2 * i + 1 < s->n; i++) {
        s->x[i] = (s->x[2 * i] + s->x[2 * i + 1]) / 2;
        s->y[i] = (s->y[2 * i] + s->y[2 * i + 1]) / 2;
    }
    if (s->n % 2) {
        s->x[i] = s->x[s->n - 1];
        s->y[i] = s->y[s->n - 1];
        i++;
    }
    s->n = i;
    s->stride *= 2;
}

void cli_series_add(cli_series *s, double x, double y)
{
    if (isnan(y) || isinf(y))
        return;
    s->count++;
    s->last_y = y;
    if (isnan(s->min_y) || y < s->min_y)
        s->min_y = y;
    if (isnan(s->max_y) || y > s->max_y)
        s->max_y = y;
    if (isnan(s->best_y) || y < s->best_y) {
        s->best_y = y;
        s->best_x = x;
    }
    s->acc_x += x;
    s->acc_y += y;
    if (++s->pending < s->stride)
        return;
    if (s->n == s->cap)
        halve(s);
    s->x[s->n] = s->acc_x / (double)s->pending;
    s->y[s->n] = s->acc_y / (double)s->pending;
    s->n++;
    s->acc_x = s->acc_y = 0;
    s->pending = 0;
}

size_t cli_series_points(const cli_series *s, double *x, double *y, size_t cap)
{
    size_t n = 0, i;
    for (i = 0; i < s->n && n < cap; i++, n++) {
        x[n] = s->x[i];
        y[n] = s->y[i];
    }
    if (s->pending > 0 && n < cap) {
        x[n] = s->acc_x / (double)s->pending;
        y[n] = s->acc_y / (double)s->pending;
        n++;
    }
    return n;
}

int cli_job_metrics_read(cli_job_metrics *m, oft_client *client, const char *job_id,
                         size_t cap)
{
    oft_metrics_iter *it = NULL;
    const oft_step_metrics *sm;
    int rc, k;
    for (k = 0; k < SER_COUNT; k++)
        cli_series_init(&m->s[k], cap);
    m->last_step = -1;
    m->n_steps = 0;
    m->full_valid_loss = NAN;
    rc = oft_metrics_iter_new(&it, client, job_id);
    while (rc == OFT_OK && (rc = oft_metrics_iter_next(&sm, it)) == OFT_OK) {
        double x = (double)sm->step;
        /* the sampled validation of every step; the full one where only it is */
        double vl = !isnan(sm->valid_loss) ? sm->valid_loss : sm->full_valid_loss;
        double va = !isnan(sm->valid_mean_token_accuracy)
                        ? sm->valid_mean_token_accuracy
                        : sm->full_valid_mean_token_accuracy;
        if (!isnan(sm->full_valid_loss))
            m->full_valid_loss = sm->full_valid_loss;
        cli_series_add(&m->s[SER_TRAIN_LOSS], x, sm->train_loss);
        cli_series_add(&m->s[SER_VALID_LOSS], x, vl);
        cli_series_add(&m->s[SER_TRAIN_ACC], x, sm->train_mean_token_accuracy);
        cli_series_add(&m->s[SER_VALID_ACC], x, va);
        m->last_step = sm->step;
        m->n_steps++;
    }
    oft_metrics_iter_free(it);
    return rc == OFT_ITEROVER ? OFT_OK : rc;
}

const char *cli_sparkline(char *buf, size_t cap, const cli_series *s, size_t width)
{
    static const char *const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                         "\u2585", "\u2586", "\u2587", "\u2588"};
    static const char ascii[] = "_.-~^\"";
    double x[SER_CAP], y[SER_CAP], lo, hi;
    size_t n = cli_series_points(s, x, y, SER_CAP), i, len = 0, from;
    int utf8 = strcmp(cli_ellipsis(), "...") != 0;
    buf[0] = '\0';
    if (n == 0)
        return buf;
    from = n > width ? n - width : 0;
    lo = hi = y[from];
    for (i = from; i < n; i++) {
        lo = y[i] < lo ? y[i] : lo;
        hi = y[i] > hi ? y[i] : hi;
    }
    for (i = from; i < n && len + 4 < cap; i++) {
        double f = hi > lo ? (y[i] - lo) / (hi - lo) : 0.5;
        if (utf8) {
            const char *b = blocks[(int)(f * 7 + 0.5)];
            memcpy(buf + len, b, strlen(b));
            len += strlen(b);
        } else {
            buf[len++] = ascii[(int)(f * 5 + 0.5)];
        }
    }
    buf[len] = '\0';
    return buf;
}
