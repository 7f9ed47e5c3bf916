/*
 * render/chart.c — one chart drawing for every output: lays out the title, y axis with ticks,
 * date axis (LINE) or date groups (BARS), severity bands with labels, series, reliable-change
 * markers and the legend, and draws them through a canvas (cairo for PNG/PDF/documents, SVG
 * text for the browser). Colours are Okabe-Ito; series also differ by point shape and dash
 * (lines) or hatching (bars); a reliable change is a larger hollow black diamond.
 *
 * Owns: a temporary list of BARS dates (freed before return). Borrows: the chart, the canvas.
 * Fails: EASEL_EINVAL from render_chart_check (field named), EASEL_ENOMEM.
 */
#include "easel/plan.h" /* easel_date_parse, easel_date_format */
#include "render_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT_TITLE "Noto Sans Bold 11"
#define FONT_AXIS "Noto Sans 8"
#define FONT_SMALL "Noto Sans 7"
#define FONT_EMPTY "Noto Sans Italic 10"

#define INK 0x222222u
#define MUTED 0x555555u
#define GRID 0xd4d4d4u
#define WHITE 0xffffffu
#define MAX_SERIES 12
#define MAX_BANDS 32
#define MAX_POINTS 100000

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with common colour-vision
   deficiencies. */
static const uint32_t palette[] = {0x0072b2, 0xd55e00, 0x009e73, 0xcc79a7, 0xe69f00, 0x56b4e9};
static const enum render_shape shapes[] = {RENDER_CIRCLE, RENDER_SQUARE, RENDER_TRIANGLE,
                                           RENDER_DIAMOND};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

#define NPAL (sizeof(palette) / sizeof(palette[0]))

static uint32_t series_rgb(size_t i)
{
    return palette[i % NPAL];
}

/* ---- checks ---- */

static bool finite(double v)
{
    return isfinite(v);
}

int render_chart_check(const struct easel_chart *c, double w, double h, struct easel_error *err)
{
    if (!c)
        return easel_error_set(err, EASEL_EINVAL, "chart", "", "no chart");
    if (!(w >= 100 && w <= 4000))
        return easel_error_set(err, EASEL_EINVAL, "chart", "width", "%.1f is outside 100..4000", w);
    if (!(h >= 100 && h <= 4000))
        return easel_error_set(err, EASEL_EINVAL, "chart", "height", "%.1f is outside 100..4000",
                               h);
    if (c->kind != EASEL_CHART_LINE && c->kind != EASEL_CHART_BARS)
        return easel_error_set(err, EASEL_EINVAL, "chart", "kind", "unknown chart kind");
    if (!finite(c->y_min) || !finite(c->y_max) || !(c->y_min < c->y_max))
        return easel_error_set(err, EASEL_EINVAL, "chart", "y_max",
                               "the axis range needs y_min < y_max");
    if (!render_text_ok(c->title))
        return easel_error_set(err, EASEL_EINVAL, "chart", "title", "not valid UTF-8 text");
    if (!render_text_ok(c->y_label))
        return easel_error_set(err, EASEL_EINVAL, "chart", "y_label", "not valid UTF-8 text");
    if (!render_text_ok(c->empty_text))
        return easel_error_set(err, EASEL_EINVAL, "chart", "empty_text", "not valid UTF-8 text");
    if (c->n_bands > MAX_BANDS || (c->n_bands && !c->bands))
        return easel_error_set(err, EASEL_EINVAL, "chart", "bands", "at most %d bands", MAX_BANDS);
    for (size_t i = 0; i < c->n_bands; i++) {
        char f[48];
        snprintf(f, sizeof(f), "bands[%zu]", i);
        const struct easel_chart_band *b = &c->bands[i];
        if (!finite(b->lo) || !finite(b->hi) || !(b->lo < b->hi))
            return easel_error_set(err, EASEL_EINVAL, "chart", f, "needs lo < hi");
        if (!render_text_ok(b->label))
            return easel_error_set(err, EASEL_EINVAL, "chart", f, "label: not valid UTF-8 text");
    }
    if (c->n_series > MAX_SERIES || (c->n_series && !c->series))
        return easel_error_set(err, EASEL_EINVAL, "chart", "series", "at most %d series",
                               MAX_SERIES);
    size_t total = 0;
    for (size_t s = 0; s < c->n_series; s++) {
        const struct easel_chart_series *se = &c->series[s];
        char f[64];
        snprintf(f, sizeof(f), "series[%zu]", s);
        if (!render_text_ok(se->name))
            return easel_error_set(err, EASEL_EINVAL, "chart", f, "name: not valid UTF-8 text");
        if (se->n && !se->pts)
            return easel_error_set(err, EASEL_EINVAL, "chart", f, "no points");
        total += se->n;
        if (total > MAX_POINTS)
            return easel_error_set(err, EASEL_EINVAL, "chart", f, "more than %d points",
                                   MAX_POINTS);
        for (size_t i = 0; i < se->n; i++) {
            const struct easel_chart_point *p = &se->pts[i];
            snprintf(f, sizeof(f), "series[%zu].pts[%zu]", s, i);
            if (!finite(p->y) || p->y < c->y_min || p->y > c->y_max)
                return easel_error_set(err, EASEL_EINVAL, "chart", f,
                                       "y %g is outside the axis range %g..%g", p->y, c->y_min,
                                       c->y_max);
            if (i && p->day < se->pts[i - 1].day)
                return easel_error_set(err, EASEL_EINVAL, "chart", f,
                                       "dates go backwards (points must be in date order)");
            if (p->day < -25567 || p->day > 375000) /* 1900-01-01 .. about 2996 */
                return easel_error_set(err, EASEL_EINVAL, "chart", f, "date out of range");
            if (!render_text_ok(p->marker_label))
                return easel_error_set(err, EASEL_EINVAL, "chart", f,
                                       "marker_label: not valid UTF-8 text");
        }
    }
    return 0;
}

/* ---- numbers and dates ---- */

static void fmt_num(char *out, size_t n, double v)
{
    snprintf(out, n, "%.2f", v);
    char *dot = strchr(out, '.');
    if (dot) {
        char *e = out + strlen(out) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
    }
    if (strcmp(out, "-0") == 0)
        snprintf(out, n, "0");
}

struct ymd {
    int y, m, d;
};

static struct ymd to_ymd(int32_t day)
{
    char s[11];
    easel_date_format(day, s);
    struct ymd r = {(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
                    (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0')};
    return r;
}

static int32_t month_start(int y, int m) /* m 1..12 */
{
    char s[32];
    snprintf(s, sizeof(s), "%04d-%02d-01", y, m);
    int64_t d = 0;
    easel_date_parse(s, &d);
    return (int32_t)d;
}

/* ---- layout ---- */

struct chart_ctx {
    struct render_canvas *cv;
    const struct easel_chart *c;
    double px, py, pw, ph; /* plot area */
    double x0, x1;         /* the chart's left and right edges, less padding */
    double d0, d1;         /* LINE: day range */
    int32_t *cats;         /* BARS: distinct dates, ascending */
    size_t n_cats;
    bool any_marker;
};

static double ymap(const struct chart_ctx *k, double v)
{
    return k->py + k->ph - (v - k->c->y_min) / (k->c->y_max - k->c->y_min) * k->ph;
}

static double xmap(const struct chart_ctx *k, double day)
{
    return k->px + (day - k->d0) / (k->d1 - k->d0) * k->pw;
}

static void measure(struct chart_ctx *k, const char *s, const char *font,
                    struct render_text_size *ts)
{
    k->cv->ops->measure(k->cv->impl, s, font, ts);
}

static void text(struct chart_ctx *k, const char *s, const char *font, double x, double y,
                 enum render_anchor a, uint32_t rgb, const char *cls)
{
    k->cv->ops->text(k->cv->impl, s, font, x, y, a, rgb, false, cls);
}

static void seg(struct chart_ctx *k, double x0, double y0, double x1, double y1, uint32_t rgb,
                double wd, const char *cls)
{
    double xy[4] = {x0, y0, x1, y1};
    k->cv->ops->line(k->cv->impl, xy, 2, rgb, wd, 0, cls);
}

/* y ticks: a step of 1, 2 or 5 x 10^k giving about six ticks. */
static double nice_step(double range)
{
    double raw = range / 6.0, mag = 1.0;
    while (mag * 10 <= raw)
        mag *= 10;
    while (mag > raw)
        mag /= 10;
    static const double mult[] = {1, 2, 5, 10};
    for (size_t i = 0; i < 4; i++)
        if (mag * mult[i] >= raw)
            return mag * mult[i];
    return mag * 10;
}

/* Severity shade: pale neutral to pale orange (one hue, lightness carries the order). */
static uint32_t band_rgb(double t)
{
    static const int lo[3] = {0xf4, 0xf4, 0xef}, hi[3] = {0xf5, 0xcc, 0xae};
    uint32_t out = 0;
    for (int i = 0; i < 3; i++) {
        double v = lo[i] + (hi[i] - lo[i]) * t;
        out = (out << 8) | (uint32_t)(v + 0.5);
    }
    return out;
}

/* ---- x axis ---- */

struct xstep {
    bool months;
    int n; /* days or months */
};

static const struct xstep xsteps[] = {{false, 1}, {false, 7}, {false, 14}, {true, 1},
                                      {true, 2},  {true, 3},  {true, 6},   {true, 12},
                                      {true, 24}, {true, 60}, {true, 120}};

/* Calls fn for every tick of step in [d0, d1]; returns the count (stops after max). */
static size_t x_ticks(struct chart_ctx *k, struct xstep st, size_t max,
                      void (*fn)(struct chart_ctx *, int32_t, bool, struct xstep))
{
    int32_t a = (int32_t)ceil(k->d0), b = (int32_t)floor(k->d1);
    size_t n = 0;
    if (!st.months) {
        int32_t first = a;
        if (st.n > 1) /* on Mondays: 1970-01-05 was a Monday (day 4) */
            while (((first - 4) % st.n + st.n) % st.n != 0)
                first++;
        for (int32_t d = first; d <= b && n < max; d += st.n, n++)
            if (fn)
                fn(k, d, n == 0, st);
        return n;
    }
    struct ymd s = to_ymd(a);
    int idx = s.y * 12 + (s.m - 1);
    if (s.d != 1)
        idx++;
    while (idx % st.n)
        idx++;
    for (;; idx += st.n) {
        int32_t d = month_start(idx / 12, idx % 12 + 1);
        if (d > b || n >= max)
            break;
        if (fn)
            fn(k, d, n == 0, st);
        n++;
    }
    return n;
}

static void x_label(int32_t d, bool first, struct xstep st, char *out, size_t n)
{
    struct ymd t = to_ymd(d);
    if (!st.months)
        snprintf(out, n, first ? "%d %s %d" : "%d %s", t.d, months[t.m - 1], t.y);
    else if (st.n >= 12)
        snprintf(out, n, "%d", t.y);
    else if (first || t.m == 1)
        snprintf(out, n, "%s %d", months[t.m - 1], t.y);
    else
        snprintf(out, n, "%s", months[t.m - 1]);
}

static void draw_x_tick(struct chart_ctx *k, int32_t d, bool first, struct xstep st)
{
    char lab[32];
    x_label(d, first, st, lab, sizeof(lab));
    double x = xmap(k, d), yb = k->py + k->ph;
    seg(k, x, yb, x, yb + 3, INK, 0.6, "tick");
    struct render_text_size ts;
    measure(k, lab, FONT_AXIS, &ts);
    double lx = x; /* keep the label inside the chart */
    if (lx + ts.w / 2 > k->x1)
        lx = k->x1 - ts.w / 2;
    if (lx - ts.w / 2 < k->x0)
        lx = k->x0 + ts.w / 2;
    text(k, lab, FONT_AXIS, lx, yb + 5, RENDER_CENTER, INK, "x-label");
}

static struct xstep choose_x_step(struct chart_ctx *k)
{
    struct render_text_size wide, mon, yr;
    measure(k, "30 Sep", FONT_AXIS, &wide);
    measure(k, "Sep 2024", FONT_AXIS, &mon);
    measure(k, "2024", FONT_AXIS, &yr);
    size_t n = sizeof(xsteps) / sizeof(xsteps[0]);
    for (size_t i = 0; i < n; i++) {
        double lw = !xsteps[i].months ? wide.w : xsteps[i].n >= 12 ? yr.w : mon.w;
        size_t fit = (size_t)(k->pw / (lw + 12.0));
        if (fit < 2)
            fit = 2;
        size_t cnt = x_ticks(k, xsteps[i], fit + 1, NULL);
        if (cnt <= fit)
            return xsteps[i];
    }
    return xsteps[n - 1];
}

/* ---- marks ---- */

static void point_tip(const struct easel_chart_series *se, const struct easel_chart_point *p,
                      char *out, size_t n)
{
    char date[11], v[32];
    easel_date_format(p->day, date);
    fmt_num(v, sizeof(v), p->y);
    snprintf(out, n, "%s %s: %s%s%s", se->name ? se->name : "", date, v, p->marker ? " (" : "",
             p->marker ? (p->marker_label ? p->marker_label : "reliable change") : "");
    size_t used = strlen(out);
    if (p->marker && used + 1 < n)
        snprintf(out + used, n - used, ")");
}

static void draw_marker(struct chart_ctx *k, const struct easel_chart_point *p, double x, double y)
{
    k->cv->ops->shape(k->cv->impl, RENDER_DIAMOND, x, y, 5.6, UINT32_MAX, 0x000000, 1.3, "marker",
                      p->marker_label ? p->marker_label : "reliable change");
    if (p->marker_label && *p->marker_label)
        text(k, p->marker_label, FONT_SMALL, x + 8, y - 15, RENDER_LEFT, INK, "marker-label");
}

static void hatch(struct chart_ctx *k, int kind, double x0, double y0, double x1, double y1)
{
    const double s = 3.6;
    if (kind == 2) { /* horizontal */
        for (double y = y1 - s / 2; y > y0; y -= s)
            seg(k, x0, y, x1, y, WHITE, 1.1, "hatch");
        return;
    }
    /* diagonal: x + y = c ("/") or x - y = c ("\") */
    for (double c = s / 2; c < (x1 - x0) + (y1 - y0); c += s) {
        double ax, ay, bx, by;
        /* in local coordinates u = x - x0, v = y1 - y (up), the line u + v = c */
        double u0 = c > (y1 - y0) ? c - (y1 - y0) : 0, u1 = c < (x1 - x0) ? c : (x1 - x0);
        ax = x0 + u0;
        ay = y1 - (c - u0);
        bx = x0 + u1;
        by = y1 - (c - u1);
        if (kind == 3) { /* mirror */
            ax = x1 - (ax - x0);
            bx = x1 - (bx - x0);
        }
        seg(k, ax, ay, bx, by, WHITE, 1.1, "hatch");
    }
}

static void bar_swatch(struct chart_ctx *k, size_t s, double x, double y, double w, double h,
                       const char *cls)
{
    k->cv->ops->rect(k->cv->impl, x, y, w, h, series_rgb(s), 1.0, cls);
    if (s % 4 && h > 1.5)
        hatch(k, (int)(s % 4), x, y, x + w, y + h);
}

static void draw_line_series(struct chart_ctx *k, size_t s)
{
    const struct easel_chart_series *se = &k->c->series[s];
    if (!se->n)
        return;
    double *xy = malloc(se->n * 2 * sizeof(double));
    if (xy) {
        for (size_t i = 0; i < se->n; i++) {
            xy[2 * i] = xmap(k, se->pts[i].day);
            xy[2 * i + 1] = ymap(k, se->pts[i].y);
        }
        k->cv->ops->line(k->cv->impl, xy, se->n, series_rgb(s), 1.8, (int)(s % 4), "line");
        free(xy);
    }
    for (size_t i = 0; i < se->n; i++) {
        char tip[256];
        point_tip(se, &se->pts[i], tip, sizeof(tip));
        double x = xmap(k, se->pts[i].day), y = ymap(k, se->pts[i].y);
        k->cv->ops->shape(k->cv->impl, shapes[s % 4], x, y, 3.3, series_rgb(s), WHITE, 0.9, "point",
                          tip);
    }
    for (size_t i = 0; i < se->n; i++)
        if (se->pts[i].marker)
            draw_marker(k, &se->pts[i], xmap(k, se->pts[i].day), ymap(k, se->pts[i].y));
}

static void draw_bar_series(struct chart_ctx *k, size_t s)
{
    const struct easel_chart *c = k->c;
    const struct easel_chart_series *se = &c->series[s];
    double slot = k->pw / (double)k->n_cats, group = slot * 0.74;
    double bw = group / (double)c->n_series;
    double base = c->y_min > 0 ? c->y_min : c->y_max < 0 ? c->y_max : 0;
    double yb = ymap(k, base);
    size_t ci = 0;
    for (size_t i = 0; i < se->n; i++) {
        const struct easel_chart_point *p = &se->pts[i];
        while (ci < k->n_cats && k->cats[ci] < p->day)
            ci++;
        double x = k->px + (double)ci * slot + (slot - group) / 2 + (double)s * bw + 0.5;
        double yt = ymap(k, p->y), top = yt < yb ? yt : yb, hh = yt < yb ? yb - yt : yt - yb;
        if (hh < 1.2) { /* a zero still shows: a thin bar on the baseline */
            top = yb - 0.6;
            hh = 1.2;
        }
        bar_swatch(k, s, x, top, bw - 1.0, hh, "point");
        if (p->marker)
            draw_marker(k, p, x + (bw - 1.0) / 2, yt);
    }
}

/* ---- legend ---- */

struct legend_item {
    const char *text;
    int kind; /* 0 series, 1 reliable change */
    size_t s;
    double w;
};

static void legend_swatch(struct chart_ctx *k, const struct legend_item *it, double x, double cy)
{
    if (it->kind == 1) {
        k->cv->ops->shape(k->cv->impl, RENDER_DIAMOND, x + 9, cy, 4.6, UINT32_MAX, 0x000000, 1.3,
                          "legend-marker", NULL);
    } else if (k->c->kind == EASEL_CHART_BARS) {
        bar_swatch(k, it->s, x + 2, cy - 5.5, 14, 11, "legend-swatch");
    } else {
        double xy[4] = {x, cy, x + 18, cy};
        k->cv->ops->line(k->cv->impl, xy, 2, series_rgb(it->s), 1.8, (int)(it->s % 4),
                         "legend-line");
        k->cv->ops->shape(k->cv->impl, shapes[it->s % 4], x + 9, cy, 3.3, series_rgb(it->s), WHITE,
                          0.9, "legend-swatch", NULL);
    }
}

/* Lays the legend out in rows within width (draw = false: only measures). Returns its height. */
static double legend(struct chart_ctx *k, double x, double y, double width, bool draw)
{
    const struct easel_chart *c = k->c;
    struct legend_item items[MAX_SERIES + 1];
    size_t n = 0;
    for (size_t s = 0; s < c->n_series; s++)
        items[n++] = (struct legend_item){c->series[s].name ? c->series[s].name : "", 0, s, 0};
    if (k->any_marker)
        items[n++] = (struct legend_item){"Reliable change", 1, 0, 0};
    if (!n)
        return 0;
    struct render_text_size ts = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        measure(k, items[i].text, FONT_AXIS, &ts);
        items[i].w = 22 + ts.w;
    }
    double row_h = ts.h + 4, gap = 14, h = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        double rw = items[j++].w;
        while (j < n && rw + gap + items[j].w <= width)
            rw += gap + items[j++].w;
        if (draw) {
            double cx = x + (width - rw) / 2;
            for (size_t m = i; m < j; m++) {
                legend_swatch(k, &items[m], cx, y + h + row_h / 2);
                text(k, items[m].text, FONT_AXIS, cx + 22, y + h + (row_h - ts.h) / 2, RENDER_LEFT,
                     INK, "legend-text");
                cx += items[m].w + gap;
            }
        }
        h += row_h;
        i = j;
    }
    return h;
}

/* ---- the chart ---- */

static int collect_cats(struct chart_ctx *k)
{
    size_t total = 0;
    for (size_t s = 0; s < k->c->n_series; s++)
        total += k->c->series[s].n;
    k->cats = malloc((total ? total : 1) * sizeof(int32_t));
    if (!k->cats)
        return EASEL_ENOMEM;
    for (size_t s = 0; s < k->c->n_series; s++)
        for (size_t i = 0; i < k->c->series[s].n; i++) {
            int32_t d = k->c->series[s].pts[i].day;
            size_t j = 0;
            while (j < k->n_cats && k->cats[j] < d)
                j++;
            if (j < k->n_cats && k->cats[j] == d)
                continue;
            memmove(k->cats + j + 1, k->cats + j, (k->n_cats - j) * sizeof(int32_t));
            k->cats[j] = d;
            k->n_cats++;
        }
    return 0;
}

static void draw_empty(struct chart_ctx *k, double x0, double y0, double x1, double y1)
{
    const struct easel_chart *c = k->c;
    double box[10] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
    k->cv->ops->line(k->cv->impl, box, 5, GRID, 0.8, 0, "frame");
    struct render_text_size ts;
    const char *msg = c->empty_text && *c->empty_text ? c->empty_text : "No data";
    measure(k, msg, FONT_EMPTY, &ts);
    text(k, msg, FONT_EMPTY, (x0 + x1) / 2, (y0 + y1 - ts.h) / 2, RENDER_CENTER, MUTED,
         "empty-text");
}

static void draw_bands(struct chart_ctx *k, double label_x)
{
    const struct easel_chart *c = k->c;
    if (!c->n_bands)
        return;
    k->cv->ops->group(k->cv->impl, "bands", true);
    for (size_t i = 0; i < c->n_bands; i++) {
        const struct easel_chart_band *b = &c->bands[i];
        double lo = b->lo < c->y_min ? c->y_min : b->lo, hi = b->hi > c->y_max ? c->y_max : b->hi;
        if (lo >= hi)
            continue;
        size_t rank = 0;
        for (size_t j = 0; j < c->n_bands; j++)
            if (c->bands[j].lo < b->lo || (c->bands[j].lo == b->lo && j < i))
                rank++;
        double t = c->n_bands > 1 ? (double)rank / (double)(c->n_bands - 1) : 0.5;
        if (!c->y_inverted)
            t = 1.0 - t;
        double yt = ymap(k, hi), yb = ymap(k, lo);
        k->cv->ops->rect(k->cv->impl, k->px, yt, k->pw, yb - yt, band_rgb(t), 1.0, "band");
        if (yt > k->py + 0.5)
            seg(k, k->px, yt, k->px + k->pw, yt, WHITE, 1.0, "band-edge");
        if (b->label && *b->label) {
            struct render_text_size ts;
            measure(k, b->label, FONT_SMALL, &ts);
            if (ts.h <= (yb - yt) + 2)
                text(k, b->label, FONT_SMALL, label_x, (yt + yb - ts.h) / 2, RENDER_LEFT, MUTED,
                     "band-label");
        }
    }
    k->cv->ops->group(k->cv->impl, "bands", false);
}

int render__chart_canvas(struct render_canvas *cv, const struct easel_chart *c, double x, double y,
                         double w, double h)
{
    struct chart_ctx k = {.cv = cv, .c = c};
    const double pad = 10;
    size_t total = 0;
    for (size_t s = 0; s < c->n_series; s++) {
        total += c->series[s].n;
        for (size_t i = 0; i < c->series[s].n; i++)
            k.any_marker |= c->series[s].pts[i].marker;
    }
    cv->ops->rect(cv->impl, x, y, w, h, WHITE, 1.0, "background");

    /* title */
    struct render_text_size ts = {0, 0, 0};
    double top = y + pad;
    if (c->title && *c->title) {
        measure(&k, c->title, FONT_TITLE, &ts);
        text(&k, c->title, FONT_TITLE, x + w / 2, top, RENDER_CENTER, INK, "title");
        top += ts.h + 8;
    }
    if (!total) {
        draw_empty(&k, x + pad, top, x + w - pad, y + h - pad);
        return 0;
    }

    /* bottom: legend, x labels */
    double leg_h = legend(&k, x + pad, 0, w - 2 * pad, false);
    struct render_text_size axis;
    measure(&k, "Sep 2024", FONT_AXIS, &axis);
    double bottom = y + h - pad - (leg_h > 0 ? leg_h + 6 : 0) - (axis.h + 8);

    /* left: y label, tick labels */
    double step = nice_step(c->y_max - c->y_min);
    double first = ceil(c->y_min / step - 1e-9) * step;
    double tick_w = 0;
    for (double v = first; v <= c->y_max + step * 1e-9; v += step) {
        char lab[32];
        fmt_num(lab, sizeof(lab), v);
        measure(&k, lab, FONT_AXIS, &ts);
        tick_w = ts.w > tick_w ? ts.w : tick_w;
    }
    double left = x + pad;
    struct render_text_size yl = {0, 0, 0};
    if (c->y_label && *c->y_label) {
        measure(&k, c->y_label, FONT_AXIS, &yl);
        left += yl.h + 4;
    }
    left += tick_w + 6;

    /* right: band labels */
    double band_w = 0;
    for (size_t i = 0; i < c->n_bands; i++)
        if (c->bands[i].label) {
            measure(&k, c->bands[i].label, FONT_SMALL, &ts);
            band_w = ts.w > band_w ? ts.w : band_w;
        }
    double right = x + w - pad - (band_w > 0 ? band_w + 5 : 14);

    k.x0 = x + pad / 2;
    k.x1 = x + w - pad / 2;
    k.px = left;
    k.py = top + 4;
    k.pw = right - left;
    k.ph = bottom - k.py;
    if (k.pw < 40 || k.ph < 30) {
        draw_empty(&k, x + pad, top, x + w - pad, y + h - pad);
        return EASEL_EINVAL;
    }

    int rc = 0;
    if (c->kind == EASEL_CHART_BARS) {
        rc = collect_cats(&k);
        if (rc)
            return rc;
    } else {
        int32_t d0 = INT32_MAX, d1 = INT32_MIN;
        for (size_t s = 0; s < c->n_series; s++)
            if (c->series[s].n) {
                d0 = c->series[s].pts[0].day < d0 ? c->series[s].pts[0].day : d0;
                int32_t last = c->series[s].pts[c->series[s].n - 1].day;
                d1 = last > d1 ? last : d1;
            }
        double span = (double)d1 - d0, padd = span * 0.04 < 2 ? 2 : span * 0.04;
        if (span < 1) {
            k.d0 = d0 - 14.0;
            k.d1 = d1 + 14.0;
        } else {
            k.d0 = d0 - padd;
            k.d1 = d1 + padd;
        }
    }

    draw_bands(&k, right + 5);

    /* grid and y ticks */
    cv->ops->group(cv->impl, "y-axis", true);
    for (double v = first; v <= c->y_max + step * 1e-9; v += step) {
        char lab[32];
        fmt_num(lab, sizeof(lab), v);
        double yy = ymap(&k, v);
        if (v > c->y_min + step * 1e-9)
            seg(&k, k.px, yy, k.px + k.pw, yy, GRID, 0.5, "grid");
        seg(&k, k.px - 3, yy, k.px, yy, INK, 0.6, "tick");
        measure(&k, lab, FONT_AXIS, &ts);
        text(&k, lab, FONT_AXIS, k.px - 5, yy - ts.h / 2, RENDER_RIGHT, INK, "y-label");
    }
    if (yl.h > 0)
        cv->ops->text(cv->impl, c->y_label, FONT_AXIS, x + pad, k.py + k.ph / 2, RENDER_CENTER, INK,
                      true, "axis-title");
    cv->ops->group(cv->impl, "y-axis", false);

    /* x axis */
    cv->ops->group(cv->impl, "x-axis", true);
    if (c->kind == EASEL_CHART_BARS) {
        bool all_months = true;
        for (size_t i = 0; i < k.n_cats; i++)
            all_months &= to_ymd(k.cats[i]).d == 1;
        double slot = k.pw / (double)k.n_cats;
        measure(&k, all_months ? "Sep 2024" : "30 Sep 2024", FONT_AXIS, &ts);
        size_t every = (size_t)((ts.w + 8) / slot) + 1;
        for (size_t i = 0; i < k.n_cats; i++) {
            double cx = k.px + ((double)i + 0.5) * slot, yb = k.py + k.ph;
            seg(&k, cx, yb, cx, yb + 3, INK, 0.6, "tick");
            if (i % every)
                continue;
            struct ymd t = to_ymd(k.cats[i]);
            char lab[32];
            if (all_months)
                snprintf(lab, sizeof(lab), "%s %d", months[t.m - 1], t.y);
            else
                snprintf(lab, sizeof(lab), "%d %s %d", t.d, months[t.m - 1], t.y);
            text(&k, lab, FONT_AXIS, cx, yb + 5, RENDER_CENTER, INK, "x-label");
        }
    } else {
        x_ticks(&k, choose_x_step(&k), 200, draw_x_tick);
    }
    double axes[6] = {k.px, k.py, k.px, k.py + k.ph, k.px + k.pw, k.py + k.ph};
    cv->ops->line(cv->impl, axes, 3, INK, 0.8, 0, "axis");
    if (c->kind == EASEL_CHART_BARS && c->y_min < 0 && c->y_max > 0)
        seg(&k, k.px, ymap(&k, 0), k.px + k.pw, ymap(&k, 0), INK, 0.6, "zero");
    cv->ops->group(cv->impl, "x-axis", false);

    /* series, then markers on top */
    for (size_t s = 0; s < c->n_series; s++) {
        char cls[48];
        snprintf(cls, sizeof(cls), "series series-%zu", s);
        cv->ops->group(cv->impl, cls, true);
        if (c->kind == EASEL_CHART_BARS)
            draw_bar_series(&k, s);
        else
            draw_line_series(&k, s);
        cv->ops->group(cv->impl, cls, false);
    }

    cv->ops->group(cv->impl, "legend", true);
    legend(&k, x + pad, y + h - pad - leg_h, w - 2 * pad, true);
    cv->ops->group(cv->impl, "legend", false);
    free(k.cats);
    return rc;
}

int render_chart_draw(cairo_t *cr, const struct easel_chart *c, double x, double y, double w,
                      double h)
{
    int rc = render_chart_check(c, w, h, NULL);
    if (rc)
        return rc;
    rc = render_init(NULL);
    if (rc)
        return rc;
    cairo_save(cr);
    struct render_canvas cv = {&render__cairo_ops, cr};
    rc = render__chart_canvas(&cv, c, x, y, w, h);
    cairo_restore(cr);
    return rc;
}
