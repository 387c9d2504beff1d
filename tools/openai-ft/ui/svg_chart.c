/*
 * openai-ft: line charts as SVG text (svg_chart.h). Nothing but text is
 * written: no script, no font or style sheet from elsewhere.
 */
#include <math.h>
#include <string.h>

#include "ui/svg_chart.h"

const char *svg_color(size_t i)
{
    static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                          "#9467bd", "#8c564b", "#e377c2", "#17becf",
                                          "#bcbd22", "#7f7f7f"};
    return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

const char *svg_fmt_num(char *buf, size_t cap, double v, double step)
{
    int decimals = 0;
    double a = fabs(v);
    if (v == 0) {
        snprintf(buf, cap, "0");
        return buf;
    }
    if (a >= 1e6 || a < 1e-4) {
        snprintf(buf, cap, "%.2g", v);
        return buf;
    }
    if (a >= 1e4 && step >= 100) {
        snprintf(buf, cap, "%gk", v / 1000);
        return buf;
    }
    /* as many decimals as the step has: 0.25 -> 2, 0.5 -> 1, 20 -> 0 */
    while (decimals < 6 && step > 0 &&
           fabs(step * pow(10, decimals) - round(step * pow(10, decimals))) > 1e-6)
        decimals++;
    if (step <= 0)
        decimals = 3;
    snprintf(buf, cap, "%.*f", decimals, v);
    return buf;
}

size_t svg_ticks(double lo, double hi, size_t want, double *first, double *step)
{
    double span = hi - lo, raw, mag, f;
    if (!(span > 0))
        span = fabs(lo) > 0 ? fabs(lo) : 1;
    raw = span / (double)(want > 1 ? want - 1 : 1);
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    *step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    *first = ceil(lo / *step - 1e-9) * *step;
    return (size_t)floor((hi - *first) / *step + 1e-9) + 1;
}

void svg_put_text(FILE *f, const char *s)
{
    for (; s != NULL && *s; s++) {
        switch (*s) {
            case '&':
                fputs("&amp;", f);
                break;
            case '<':
                fputs("&lt;", f);
                break;
            case '>':
                fputs("&gt;", f);
                break;
            case '"':
                fputs("&quot;", f);
                break;
            default:
                fputc(*s, f);
        }
    }
}

typedef struct scale {
    double x0, x1, y0, y1;           /* the domain */
    double left, top, width, height; /* the plot area */
} scale;

static double sx(const scale *s, double x)
{
    return s->left + (x - s->x0) / (s->x1 - s->x0) * s->width;
}

static double sy(const scale *s, double y)
{
    return s->top + s->height - (y - s->y0) / (s->y1 - s->y0) * s->height;
}

/* The domain: every point of every line, widened to round ticks. */
static int domain(const svg_panel *p, scale *s)
{
    double tf, ts;
    int any = 0;
    s->x0 = s->y0 = INFINITY;
    s->x1 = s->y1 = -INFINITY;
    for (size_t l = 0; l < p->n_lines; l++)
        for (size_t i = 0; i < p->lines[l].n; i++) {
            const svg_line *ln = &p->lines[l];
            s->x0 = fmin(s->x0, ln->x[i]);
            s->x1 = fmax(s->x1, ln->x[i]);
            s->y0 = fmin(s->y0, ln->y[i]);
            s->y1 = fmax(s->y1, ln->y[i]);
            any = 1;
        }
    if (!any) {
        s->x0 = 0, s->x1 = 1, s->y0 = 0, s->y1 = 1;
        return 0;
    }
    s->x0 = fmin(s->x0, 0);
    if (s->x1 <= s->x0)
        s->x1 = s->x0 + 1;
    if (s->y1 <= s->y0) {
        s->y0 -= 0.5;
        s->y1 += 0.5;
    }
    svg_ticks(s->y0, s->y1, 5, &tf, &ts);
    s->y0 = floor(s->y0 / ts) * ts;
    s->y1 = ceil(s->y1 / ts) * ts;
    return 1;
}

static void axes(FILE *f, const svg_panel *p, const scale *s)
{
    double first, step;
    char buf[32];
    size_t n, i;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff\" "
            "stroke=\"#444\"/>\n",
            s->left, s->top, s->width, s->height);
    n = svg_ticks(s->y0, s->y1, 5, &first, &step);
    for (i = 0; i < n; i++) {
        double v = first + (double)i * step, y = sy(s, v);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                "font-size=\"11\">%s</text>\n",
                s->left, y, s->left + s->width, y, s->left - 4, y + 4,
                svg_fmt_num(buf, sizeof(buf), v, step));
    }
    n = svg_ticks(s->x0, s->x1, 6, &first, &step);
    for (i = 0; i < n; i++) {
        double v = first + (double)i * step, x = sx(s, v);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                "font-size=\"11\">%s</text>\n",
                x, s->top + s->height, x, s->top + s->height + 4, x,
                s->top + s->height + 16, svg_fmt_num(buf, sizeof(buf), v, step));
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\">",
            s->left + s->width / 2, s->top + s->height + 32);
    svg_put_text(f, p->x_label);
    fprintf(f,
            "</text>\n<text transform=\"translate(%.1f %.1f) rotate(-90)\" "
            "text-anchor=\"middle\" font-size=\"12\">",
            s->left - 44, s->top + s->height / 2);
    svg_put_text(f, p->y_label);
    fprintf(f,
            "</text>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\">",
            s->left, s->top - 8);
    svg_put_text(f, p->title);
    fputs("</text>\n", f);
}

static void line(FILE *f, const svg_line *ln, const scale *s)
{
    size_t i;
    if (ln->n == 0)
        return;
    fputs("<polyline fill=\"none\" stroke-width=\"2\" data-job=\"", f);
    svg_put_text(f, ln->id);
    fprintf(f, "\" stroke=\"%s\" points=\"", ln->color);
    for (i = 0; i < ln->n; i++)
        fprintf(f, "%s%.2f,%.2f", i ? " " : "", sx(s, ln->x[i]), sy(s, ln->y[i]));
    fputs("\"/>\n", f);
    for (i = 0; i < ln->n_marks; i++) {
        if (ln->mark_x[i] < s->x0 || ln->mark_x[i] > s->x1 || isnan(ln->mark_y[i]))
            continue;
        fprintf(
            f,
            "<circle class=\"checkpoint\" cx=\"%.2f\" cy=\"%.2f\" r=\"4\" "
            "fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\"><title>checkpoint at step "
            "%.0f</title></circle>\n",
            sx(s, ln->mark_x[i]), sy(s, ln->mark_y[i]), ln->color, ln->mark_x[i]);
    }
}

void svg_panel_draw(FILE *f, const svg_panel *p, double x, double y, double w, double h)
{
    scale s;
    int any = domain(p, &s);
    s.left = x + 60;
    s.top = y + 28;
    s.width = w - 70;
    s.height = h - 72;
    fprintf(
        f,
        "<g class=\"panel\" data-metric=\"%s\" data-left=\"%.2f\" data-top=\"%.2f\" "
        "data-width=\"%.2f\" data-height=\"%.2f\" data-x0=\"%.17g\" data-x1=\"%.17g\" "
        "data-y0=\"%.17g\" data-y1=\"%.17g\">\n",
        p->metric, s.left, s.top, s.width, s.height, s.x0, s.x1, s.y0, s.y1);
    axes(f, p, &s);
    for (size_t i = 0; i < p->n_lines; i++)
        line(f, &p->lines[i], &s);
    if (!any)
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#888\">"
                "no data</text>\n",
                s.left + s.width / 2, s.top + s.height / 2);
    fputs("</g>\n", f);
}
