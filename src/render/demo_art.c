/*
 * render/demo_art.c — easel_render_demo_artwork (easel/render.h): synthetic drawings that look
 * like client art, for the demo practice (issue 13).
 *
 * How a drawing is made. Every mark is a shape (a few points) traced "by hand": cut into short
 * steps, each moved by two smooth noises along the line (more for a child's hand), and a closed
 * outline ends a little past where it began. Each medium draws the same shapes its own way:
 *
 *   - crayon / oil pastel: strokes and zigzag scribble fills go to a "dry" layer, laid on the
 *     paper at the end through the paper's grain (a tile of smoothed noise), so light pressure
 *     leaves gaps where the tooth of the paper stays white;
 *   - marker: flat saturated strokes on a "wet" layer that is multiplied onto the paper at the
 *     end (transparent ink); fills are parallel strokes, the even ones and then the odd ones, so
 *     where neighbours overlap they come out darker, as felt tips do;
 *   - watercolour: a shape is eight translucent layers on the wet layer, each the outline
 *     deformed by random midpoint displacement (soft, uneven edges), a darker line where the
 *     last one dried, blooms inside, pigment settling in the grain; an adult's washes sit over
 *     a pencil underdrawing;
 *   - coloured pencil and graphite: thin lines on the dry layer, multiplied through the grain;
 *     fills are hatching.
 *
 * Both layers are drawn with cairo's OVER (its fast paths) and composed with the paper in one
 * pass of plain C (compose), not with cairo's MULTIPLY, which is several times slower.
 *
 * Subjects are composed from the seed: a child's schematic people (big head, stick arms with
 * fingers), square houses with a triangle roof and a sun in the corner, round tree crowns with
 * apples, scribbles, rainbows; an adult's body map of feelings, a house with two walls and a
 * path, a branching tree, colour fields, a mandala, a safe place with a horizon. Margins and
 * unpainted ground leave paper showing. The flat page is then photographed (demo_photo.c) when
 * asked; the page is drawn at PAGE_SCALE of the picture then, and resampled.
 *
 * Owns: the cairo surfaces and the returned pixels until they are handed over.
 * Borrows: art for the call. Fails: EASEL_EINVAL, EASEL_ENOMEM (nothing is returned).
 */
#include "demo_art.h"
#include "render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define MAXPTS 160
#define WASH_PTS 40
#define PAGE_SCALE 0.7 /* the page drawn for a photograph, against the picture's size */
#define GRAIN 128      /* the grain tile's side (a power of two) */

struct shape {
    int n;
    bool closed;
    double x[MAXPTS], y[MAXPTS];
};

struct rgbf {
    double r, g, b;
};

enum hue { RED, ORANGE, YELLOW, GREEN, DGREEN, BLUE, SKY, PURPLE, PINK, BROWN, BLACK, SKIN, NHUE };

/* Each medium's colours, 0-255, in enum hue's order (red, orange, yellow, green, dark green,
   blue, sky, purple, pink, brown, black, skin): a box of crayons, felt tips, a pan set of
   watercolours, coloured pencils (graphite uses the pencils' for a detail). */
/* clang-format off */
static const uint8_t palettes[EASEL_DEMO_GRAPHITE][NHUE][3] = {
    {{205, 45, 50}, {240, 125, 45}, {245, 200, 50}, {80, 165, 70}, {40, 110, 60}, {45, 85, 185},
     {95, 170, 225}, {120, 70, 160}, {235, 125, 165}, {135, 85, 50}, {45, 42, 45},
     {240, 190, 150}},
    {{228, 32, 55}, {250, 120, 25}, {252, 222, 35}, {30, 170, 80}, {15, 115, 65}, {25, 85, 210},
     {25, 170, 235}, {135, 55, 180}, {240, 75, 160}, {125, 75, 40}, {30, 30, 35}, {245, 180, 140}},
    {{195, 45, 70}, {230, 135, 55}, {240, 205, 80}, {110, 160, 70}, {55, 110, 70}, {55, 80, 165},
     {100, 160, 210}, {125, 85, 160}, {220, 120, 150}, {165, 95, 55}, {60, 62, 75},
     {235, 185, 155}},
    {{200, 70, 75}, {225, 140, 70}, {230, 200, 90}, {100, 160, 90}, {60, 115, 75}, {70, 95, 170},
     {110, 165, 210}, {130, 95, 160}, {215, 130, 160}, {140, 100, 70}, {60, 60, 65},
     {230, 190, 160}},
};
/* clang-format on */

/* Papers: white cartridge, cream, a cool off-white. */
static const uint8_t papers[][3] = {{250, 249, 245}, {248, 244, 233}, {244, 245, 243}};

struct art {
    cairo_t *wet; /* marker and watercolour, multiplied onto the paper at the end */
    cairo_t *dry; /* crayon and pencil, laid on the paper through its grain at the end */
    double W, H;  /* the page, pixels */
    double s;     /* a thousandth of the shorter side: every size is in these */
    uint64_t st;  /* the random stream */
    enum easel_demo_medium medium;
    bool adult;
    bool graphite;   /* outlines in graphite: an adult's pencil drawing or underdrawing */
    double amp;      /* the hand's wobble, pixels */
    double width;    /* the medium's line width, pixels */
    double pressure; /* crayon and pencil: how hard the hand presses (dry layer alpha) */
    double scale;    /* how big the client drew: 0.75 (small, in the middle) to 1 */
    struct rgbf pal[NHUE];
    uint8_t paper[3];
};

static bool pencil_like(const struct art *a)
{
    return a->medium == EASEL_DEMO_PENCIL || a->medium == EASEL_DEMO_GRAPHITE;
}

/* ---- randomness -------------------------------------------------------------------------- */

static uint64_t next(struct art *a)
{
    return easel_xorshift64s(&a->st);
}

static double rnd(struct art *a)
{
    return (double)(next(a) >> 11) * 0x1.0p-53;
}

static double range(struct art *a, double lo, double hi)
{
    return lo + (hi - lo) * rnd(a);
}

static int pick(struct art *a, int n)
{
    return (int)(next(a) % (uint64_t)n);
}

static bool chance(struct art *a, double p)
{
    return rnd(a) < p;
}

/* Smooth value noise in -1..1 along t (one random value per whole t, eased between). */
static double noise1(uint64_t key, double t)
{
    double fl = floor(t), f = t - fl;
    uint64_t i = (uint64_t)(int64_t)fl;
    double v0 = (double)(easel_splitmix64(key ^ (i * 0x9E3779B97F4A7C15u)) >> 11) * 0x1.0p-52 - 1;
    double v1 =
        (double)(easel_splitmix64(key ^ ((i + 1) * 0x9E3779B97F4A7C15u)) >> 11) * 0x1.0p-52 - 1;
    double u = f * f * (3 - 2 * f);
    return v0 + (v1 - v0) * u;
}

/* ---- shapes ------------------------------------------------------------------------------ */

static void sh_start(struct shape *sh, bool closed)
{
    sh->n = 0;
    sh->closed = closed;
}

static void sh_add(struct shape *sh, double x, double y)
{
    if (sh->n < MAXPTS) {
        sh->x[sh->n] = x;
        sh->y[sh->n] = y;
        sh->n++;
    }
}

static void sh_line(struct shape *sh, double x0, double y0, double x1, double y1)
{
    sh_start(sh, false);
    sh_add(sh, x0, y0);
    sh_add(sh, x1, y1);
}

static void sh_rect(struct shape *sh, double x, double y, double w, double h)
{
    sh_start(sh, true);
    sh_add(sh, x, y);
    sh_add(sh, x + w, y);
    sh_add(sh, x + w, y + h);
    sh_add(sh, x, y + h);
}

/* An arc of an ellipse from angle a0 to a1 (radians, y down), n points; closed makes it a
   whole outline. */
static void sh_arc(struct shape *sh, double cx, double cy, double rx, double ry, double a0,
                   double a1, int n, bool closed)
{
    sh_start(sh, closed);
    for (int i = 0; i < n; i++) {
        double t = a0 + (a1 - a0) * i / (closed ? n : n - 1);
        sh_add(sh, cx + rx * cos(t), cy + ry * sin(t));
    }
}

static void sh_ellipse(struct shape *sh, double cx, double cy, double rx, double ry)
{
    sh_arc(sh, cx, cy, rx, ry, 0, 2 * PI, 28, true);
}

/* A round shape with bumps (a cloud, a tree's crown): bumps around, each bulging by bulge. */
static void sh_bumpy(struct shape *sh, double cx, double cy, double rx, double ry, int bumps,
                     double bulge, double phase)
{
    sh_start(sh, true);
    int n = bumps * 8;
    for (int i = 0; i < n; i++) {
        double t = 2 * PI * i / n;
        double k = 1 + bulge * fabs(sin(bumps * t / 2 + phase));
        sh_add(sh, cx + rx * k * cos(t), cy + ry * k * sin(t));
    }
}

static void sh_bbox(const struct shape *sh, double bb[4])
{
    bb[0] = bb[2] = sh->x[0];
    bb[1] = bb[3] = sh->y[0];
    for (int i = 1; i < sh->n; i++) {
        bb[0] = fmin(bb[0], sh->x[i]);
        bb[2] = fmax(bb[2], sh->x[i]);
        bb[1] = fmin(bb[1], sh->y[i]);
        bb[3] = fmax(bb[3], sh->y[i]);
    }
}

/* Move every point d pixels away from the centre of the bounding box (a child colours over
   the line). */
static void sh_grow(struct shape *sh, double d)
{
    double bb[4];
    sh_bbox(sh, bb);
    double cx = (bb[0] + bb[2]) / 2, cy = (bb[1] + bb[3]) / 2;
    for (int i = 0; i < sh->n; i++) {
        double dx = sh->x[i] - cx, dy = sh->y[i] - cy, l = hypot(dx, dy);
        if (l > 1e-9) {
            sh->x[i] += dx / l * d;
            sh->y[i] += dy / l * d;
        }
    }
}

/* ---- the hand ---------------------------------------------------------------------------- */

static double wobble(uint64_t key, double t)
{
    return noise1(key, t) + 0.25 * noise1(key ^ 0x5bd1e995u, t * 4.1);
}

/* The shape as a hand draws it, as cr's current path (see the top of the file). A closed
   shape is closed for filling, or ends a little past its start for an outline. */
static void trace(struct art *a, cairo_t *cr, const struct shape *sh, double amp, bool fill)
{
    uint64_t kx = next(a), ky = next(a);
    double step = 7 * a->s, wl = 90 * a->s, arc = 0;
    int n = sh->n, segs = sh->closed ? n : n - 1;
    cairo_new_path(cr);
    if (n < 2)
        return;
    for (int i = 0; i < segs; i++) {
        double x0 = sh->x[i], y0 = sh->y[i];
        double x1 = sh->x[(i + 1) % n], y1 = sh->y[(i + 1) % n];
        double len = hypot(x1 - x0, y1 - y0);
        int k = (int)ceil(len / step);
        k = k < 1 ? 1 : k;
        for (int j = i ? 1 : 0; j <= k; j++) {
            double t = (double)j / k, at = arc + len * t;
            double x = x0 + (x1 - x0) * t + amp * wobble(kx, at / wl);
            double y = y0 + (y1 - y0) * t + amp * wobble(ky, at / wl);
            if (!i && !j)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        arc += len;
    }
    if (!sh->closed)
        return;
    if (fill) {
        cairo_close_path(cr);
        return;
    }
    /* past the start along the first side */
    double dx = sh->x[1] - sh->x[0], dy = sh->y[1] - sh->y[0], l = hypot(dx, dy);
    double over = fmin(l * 0.5, range(a, 0, a->adult ? 10 : 25) * a->s);
    for (double d = step; l > 0 && d <= over; d += step) {
        double at = arc + d;
        cairo_line_to(cr, sh->x[0] + dx / l * d + amp * wobble(kx, at / wl),
                      sh->y[0] + dy / l * d + amp * wobble(ky, at / wl));
    }
}

static void source(cairo_t *cr, struct rgbf c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

static void pen(cairo_t *cr, double width)
{
    cairo_set_line_width(cr, width < 1 ? 1 : width);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL); /* the steps are short: as round, cheaper */
}

static const struct rgbf graphite = {0.26, 0.26, 0.29};

static void graphite_line(struct art *a, const struct shape *sh, double weight)
{
    int passes = a->adult ? 2 : 1; /* an adult's sketchy line: two light passes */
    for (int p = 0; p < passes; p++) {
        trace(a, a->dry, sh, a->amp * 0.8, false);
        source(a->dry, graphite, range(a, 0.45, 0.75) * (p ? 0.7 : 1));
        pen(a->dry, 2.0 * a->s * weight);
        cairo_stroke(a->dry);
    }
}

/* An outline in the artwork's medium; weight scales the medium's line width. */
static void line(struct art *a, const struct shape *sh, enum hue hue, double weight)
{
    struct rgbf c = a->pal[hue];
    double w = a->width * weight;
    switch (a->medium) {
    case EASEL_DEMO_CRAYON:
        for (int p = 0; p < 2; p++) { /* a waxy line: a second, thinner pass beside the first */
            trace(a, a->dry, sh, a->amp, false);
            source(a->dry, c, a->pressure * (p ? 0.55 : 1));
            pen(a->dry, w * (p ? 0.6 : 1));
            cairo_stroke(a->dry);
        }
        break;
    case EASEL_DEMO_MARKER:
        trace(a, a->wet, sh, a->amp, false);
        source(a->wet, c, 0.88);
        pen(a->wet, w);
        cairo_stroke(a->wet);
        break;
    case EASEL_DEMO_WATERCOLOUR:
        if (a->graphite) {
            graphite_line(a, sh, weight);
            break;
        }
        trace(a, a->wet, sh, a->amp, false); /* a brush: a wide pale stroke, a darker core */
        source(a->wet, c, 0.45);
        pen(a->wet, w);
        cairo_stroke(a->wet);
        trace(a, a->wet, sh, a->amp * 0.5, false);
        source(a->wet, c, 0.3);
        pen(a->wet, w * 0.45);
        cairo_stroke(a->wet);
        break;
    case EASEL_DEMO_PENCIL:
    case EASEL_DEMO_GRAPHITE:
    default:
        if (a->graphite && hue != RED) { /* a red pencil for a detail even in a grey drawing */
            graphite_line(a, sh, weight);
            break;
        }
        trace(a, a->dry, sh, a->amp * 0.8, false);
        source(a->dry, c, a->pressure);
        pen(a->dry, w);
        cairo_stroke(a->dry);
        break;
    }
}

/* Parallel strokes across the bounding box bb at angle, spacing apart, over the share extent
   of it; zigzag joins them into one scribble; apart strokes the even lines and then the odd
   ones, so where neighbours overlap the colour goes on twice (a felt tip's streaks). The caller
   has set the source and the pen. */
static void hatch(struct art *a, cairo_t *cr, const double bb[4], double angle, double spacing,
                  double extent, bool zigzag, bool apart)
{
    double cx = (bb[0] + bb[2]) / 2, cy = (bb[1] + bb[3]) / 2;
    double R = hypot(bb[2] - bb[0], bb[3] - bb[1]) / 2 + spacing;
    double ux = cos(angle), uy = sin(angle), vx = -uy, vy = ux;
    int n = (int)(2 * R * extent / spacing) + 1;
    for (int pass = 0; pass < (apart ? 2 : 1); pass++) {
        cairo_new_path(cr);
        for (int i = pass; i < n; i += apart ? 2 : 1) {
            double off = -R + i * spacing + range(a, -0.2, 0.2) * spacing;
            double s0 = -R - range(a, 0, spacing), s1 = R + range(a, 0, spacing);
            if (zigzag && (i & 1)) {
                double t = s0;
                s0 = s1;
                s1 = t;
            }
            double x0 = cx + vx * off + ux * s0, y0 = cy + vy * off + uy * s0;
            double x1 = cx + vx * off + ux * s1, y1 = cy + vy * off + uy * s1;
            if (zigzag && i)
                cairo_line_to(cr, x0, y0);
            else
                cairo_move_to(cr, x0, y0);
            cairo_line_to(cr, x1, y1);
        }
        cairo_stroke(cr);
    }
}

/* Random midpoint displacement: every side split in two, the new point pushed sideways by up
   to rough times the side's length. n points in x,y (room for 2n). */
static int deform(struct art *a, double *x, double *y, int n, double rough)
{
    double tx[8 * WASH_PTS], ty[8 * WASH_PTS];
    int m = 0;
    for (int i = 0; i < n; i++) {
        double x0 = x[i], y0 = y[i], x1 = x[(i + 1) % n], y1 = y[(i + 1) % n];
        double dx = x1 - x0, dy = y1 - y0;
        double g = (rnd(a) + rnd(a) + rnd(a) - 1.5) * rough;
        tx[m] = x0;
        ty[m++] = y0;
        tx[m] = (x0 + x1) / 2 - dy * g;
        ty[m++] = (y0 + y1) / 2 + dx * g;
    }
    memcpy(x, tx, sizeof(double) * (size_t)m);
    memcpy(y, ty, sizeof(double) * (size_t)m);
    return m;
}

/* A watercolour wash of the closed shape (see the top of the file); strength 0..1. */
static void wash(struct art *a, const struct shape *sh, struct rgbf c, double strength)
{
    /* the outline resampled to at most WASH_PTS points */
    double per = 0;
    for (int i = 0; i < sh->n; i++)
        per += hypot(sh->x[(i + 1) % sh->n] - sh->x[i], sh->y[(i + 1) % sh->n] - sh->y[i]);
    double step = per / (WASH_PTS - 4), bx[WASH_PTS], by[WASH_PTS];
    int nb = 0;
    for (int i = 0; i < sh->n && nb < WASH_PTS; i++) {
        double x0 = sh->x[i], y0 = sh->y[i];
        double x1 = sh->x[(i + 1) % sh->n], y1 = sh->y[(i + 1) % sh->n];
        int k = (int)ceil(hypot(x1 - x0, y1 - y0) / step);
        for (int j = 0; j < k && nb < WASH_PTS; j++) {
            bx[nb] = x0 + (x1 - x0) * j / k;
            by[nb++] = y0 + (y1 - y0) * j / k;
        }
    }
    if (nb < 3)
        return;
    double x[8 * WASH_PTS], y[8 * WASH_PTS];
    int layers = 8;
    for (int l = 0; l <= layers; l++) {
        memcpy(x, bx, sizeof(double) * (size_t)nb);
        memcpy(y, by, sizeof(double) * (size_t)nb);
        int n = deform(a, x, y, nb, 0.16);
        n = deform(a, x, y, n, 0.14);
        n = deform(a, x, y, n, 0.1);
        cairo_new_path(a->wet);
        for (int i = 0; i < n; i++)
            cairo_line_to(a->wet, x[i], y[i]);
        cairo_close_path(a->wet);
        struct rgbf v = {fmin(1, c.r + range(a, -0.04, 0.04)), fmin(1, c.g + range(a, -0.04, 0.04)),
                         fmin(1, c.b + range(a, -0.04, 0.04))};
        if (l < layers) {
            source(a->wet, v, 0.105 * strength);
            cairo_fill(a->wet);
        } else { /* where the last layer dried: a darker edge */
            source(a->wet, c, 0.2 * strength);
            pen(a->wet, 2.2 * a->s);
            cairo_stroke(a->wet);
        }
    }
    /* blooms: the pigment pooled unevenly inside */
    double bb[4];
    sh_bbox(sh, bb);
    cairo_save(a->wet);
    cairo_new_path(a->wet);
    for (int i = 0; i < nb; i++)
        cairo_line_to(a->wet, bx[i], by[i]);
    cairo_close_path(a->wet);
    cairo_clip(a->wet);
    int blooms = 2 + pick(a, 4);
    for (int i = 0; i < blooms; i++) {
        double r = fmin(bb[2] - bb[0], bb[3] - bb[1]) * range(a, 0.15, 0.4);
        struct shape b;
        sh_bumpy(&b, range(a, bb[0], bb[2]), range(a, bb[1], bb[3]), r, r * range(a, 0.6, 1), 5,
                 0.2, range(a, 0, PI));
        trace(a, a->wet, &b, r * 0.15, true);
        source(a->wet, c, 0.07 * strength);
        cairo_fill(a->wet);
    }
    cairo_restore(a->wet);
}

/* The closed shape coloured in with the artwork's medium. */
static void fill(struct art *a, const struct shape *sh, enum hue hue)
{
    struct rgbf c = a->pal[hue];
    double bb[4];
    sh_bbox(sh, bb);
    double size = fmin(bb[2] - bb[0], bb[3] - bb[1]);
    switch (a->medium) {
    case EASEL_DEMO_CRAYON: {
        struct shape g = *sh;
        if (!a->adult) /* over the line here and there */
            sh_grow(&g, range(a, 0, 6) * a->s);
        cairo_save(a->dry);
        trace(a, a->dry, &g, a->amp * 1.3, true);
        cairo_clip(a->dry);
        double w = a->width * (a->adult ? 1.1 : 1.0);
        pen(a->dry, w);
        double angle = a->adult ? range(a, 0.5, 1.1) : range(a, -0.4, 0.4) + PI / 2 * pick(a, 2);
        source(a->dry, c, a->pressure * range(a, 0.75, 1.0));
        double extent = !a->adult && chance(a, 0.3) ? range(a, 0.65, 0.95) : 1.0;
        /* an adult's oil pastel: strokes side by side, denser where two overlap (streaks along
           the stroke), sometimes worked over again across */
        hatch(a, a->dry, bb, angle, w * (a->adult ? range(a, 0.75, 0.9) : range(a, 0.9, 1.5)),
              extent, true, a->adult);
        if (a->adult && chance(a, 0.4)) {
            source(a->dry, c, a->pressure * 0.4);
            hatch(a, a->dry, bb, angle + range(a, 0.5, 1.0), w * 1.3, 1.0, true, false);
        }
        cairo_restore(a->dry);
        break;
    }
    case EASEL_DEMO_MARKER: {
        cairo_save(a->wet);
        trace(a, a->wet, sh, a->amp, true);
        cairo_clip(a->wet);
        double w = a->width * 1.2;
        pen(a->wet, w);
        source(a->wet, c, 0.75);
        hatch(a, a->wet, bb, range(a, -0.3, 0.3) + PI / 2 * pick(a, 2), w * range(a, 0.7, 0.95),
              1.0, false, true);
        cairo_restore(a->wet);
        break;
    }
    case EASEL_DEMO_WATERCOLOUR:
        wash(a, sh, c, size < 60 * a->s ? 1.3 : 1.0);
        break;
    case EASEL_DEMO_PENCIL:
    case EASEL_DEMO_GRAPHITE:
    default:
        cairo_save(a->dry);
        trace(a, a->dry, sh, a->amp, true);
        cairo_clip(a->dry);
        if (a->graphite && hue != RED) {
            pen(a->dry, 1.5 * a->s);
            source(a->dry, graphite, range(a, 0.5, 0.65));
            hatch(a, a->dry, bb, range(a, 0.7, 0.95), range(a, 4, 6) * a->s, 1.0, false, false);
        } else {
            pen(a->dry, a->width);
            source(a->dry, c, a->pressure * 0.8);
            hatch(a, a->dry, bb, range(a, 0.6, 1.0), a->width * range(a, 0.9, 1.4), 1.0, true,
                  false);
        }
        cairo_restore(a->dry);
        break;
    }
}

static void filled(struct art *a, const struct shape *sh, enum hue in, enum hue edge, double weight)
{
    fill(a, sh, in);
    line(a, sh, edge, weight);
}

/* A small solid dot: an eye, an apple, a flower's centre. */
static void dot(struct art *a, double x, double y, double r, enum hue hue)
{
    struct shape sh;
    sh_arc(&sh, x, y, r, r * range(a, 0.85, 1.05), 0, 2 * PI, 12, true);
    bool dry = a->medium == EASEL_DEMO_CRAYON || pencil_like(a);
    cairo_t *cr = dry ? a->dry : a->wet;
    trace(a, cr, &sh, r * 0.12, true);
    struct rgbf c = a->pal[hue];
    if (pencil_like(a) && a->graphite && hue != RED)
        c = graphite;
    source(cr, c, dry ? fmin(1, a->pressure + 0.15) : 0.8);
    cairo_fill(cr);
}

/* ---- things drawn in many pictures ------------------------------------------------------- */

static void sun(struct art *a, double x, double y, double r)
{
    struct shape sh;
    sh_ellipse(&sh, x, y, r, r);
    if (a->adult) {
        fill(a, &sh, chance(a, 0.5) ? YELLOW : ORANGE);
        return;
    }
    if (chance(a, 0.7))
        fill(a, &sh, YELLOW);
    line(a, &sh, chance(a, 0.5) ? ORANGE : YELLOW, 1);
    int rays = 7 + pick(a, 6);
    double ph = range(a, 0, PI);
    for (int i = 0; i < rays; i++) {
        double t = ph + 2 * PI * i / rays;
        sh_line(&sh, x + cos(t) * r * 1.3, y + sin(t) * r * 1.3, x + cos(t) * r * 1.9,
                y + sin(t) * r * 1.9);
        line(a, &sh, chance(a, 0.6) ? YELLOW : ORANGE, 0.9);
    }
}

static void cloud(struct art *a, double x, double y, double w)
{
    struct shape sh;
    sh_bumpy(&sh, x, y, w / 2, w / 4.5, 4 + pick(a, 3), 0.28, range(a, 0, PI));
    if (a->medium == EASEL_DEMO_WATERCOLOUR || chance(a, 0.3))
        fill(a, &sh, SKY);
    if (a->medium != EASEL_DEMO_WATERCOLOUR || a->graphite)
        line(a, &sh, chance(a, 0.5) ? BLUE : SKY, 0.9);
}

static void bird(struct art *a, double x, double y, double size)
{
    struct shape sh;
    sh_start(&sh, false);
    sh_add(&sh, x - size, y - size * 0.35);
    sh_add(&sh, x - size * 0.45, y - size * 0.3);
    sh_add(&sh, x, y + size * 0.1);
    sh_add(&sh, x + size * 0.45, y - size * 0.3);
    sh_add(&sh, x + size, y - size * 0.35);
    line(a, &sh, BLACK, 0.6);
}

static void flower(struct art *a, double x, double y, double size)
{
    struct shape sh;
    sh_line(&sh, x, y, x + range(a, -0.15, 0.15) * size, y - size);
    line(a, &sh, GREEN, 0.8);
    static const enum hue petals[] = {RED, PINK, PURPLE, YELLOW, ORANGE, BLUE};
    enum hue p = petals[pick(a, 6)];
    double hx = sh.x[1], hy = sh.y[1], r = size * 0.14;
    for (int i = 0; i < 5; i++) {
        double t = 2 * PI * i / 5;
        dot(a, hx + cos(t) * r * 1.5, hy + sin(t) * r * 1.5, r, p);
    }
    dot(a, hx, hy, r * 0.8, p == YELLOW ? ORANGE : YELLOW);
}

static void grass(struct art *a, double y, bool tufts)
{
    struct shape sh;
    double x0 = range(a, 0, 0.08) * a->W, x1 = a->W - range(a, 0, 0.08) * a->W;
    sh_line(&sh, x0, y + range(a, -10, 10) * a->s, x1, y + range(a, -10, 10) * a->s);
    line(a, &sh, GREEN, 1.1);
    if (!tufts)
        return;
    for (double x = x0 + range(a, 10, 40) * a->s; x < x1; x += range(a, 25, 70) * a->s) {
        sh_start(&sh, false);
        sh_add(&sh, x - 8 * a->s, y - range(a, 15, 30) * a->s);
        sh_add(&sh, x, y);
        sh_add(&sh, x + 8 * a->s, y - range(a, 15, 30) * a->s);
        line(a, &sh, chance(a, 0.7) ? GREEN : DGREEN, 0.7);
    }
}

static void sky_band(struct art *a)
{
    struct shape sh;
    double d = range(a, 0.07, 0.12) * a->H;
    sh_start(&sh, true);
    sh_add(&sh, 0, 0);
    sh_add(&sh, a->W, 0);
    for (int i = 8; i >= 0; i--)
        sh_add(&sh, a->W * i / 8, d + range(a, -0.2, 0.2) * d);
    fill(a, &sh, chance(a, 0.6) ? SKY : BLUE);
}

static void heart(struct art *a, double x, double y, double size, enum hue hue)
{
    struct shape sh;
    sh_start(&sh, true);
    for (int i = 0; i < 24; i++) {
        double t = 2 * PI * i / 24;
        double hx = 16 * pow(sin(t), 3);
        double hy = 13 * cos(t) - 5 * cos(2 * t) - 2 * cos(3 * t) - cos(4 * t);
        sh_add(&sh, x + hx * size / 32, y - hy * size / 32);
    }
    filled(a, &sh, hue, hue, 0.8);
}

/* ---- people ------------------------------------------------------------------------------ */

/* A child's person: a round head with dots for eyes and a smile, hair, a triangle dress or a
   square body, stick arms with fingers, stick legs, feet. ht: head to feet. */
static void child_person(struct art *a, double cx, double foot, double ht, enum hue clothes)
{
    double hr = ht * range(a, 0.12, 0.16), hy = foot - ht + hr;
    struct shape sh;
    sh_ellipse(&sh, cx, hy, hr, hr * range(a, 0.95, 1.1));
    if (chance(a, 0.45))
        fill(a, &sh, SKIN);
    enum hue ink = chance(a, 0.6) ? BLACK : BROWN;
    line(a, &sh, ink, 1);
    dot(a, cx - hr * 0.38, hy - hr * 0.12, hr * 0.1, ink);
    dot(a, cx + hr * 0.38, hy - hr * 0.12, hr * 0.1, ink);
    sh_arc(&sh, cx, hy + hr * 0.05, hr * 0.5, hr * 0.38, 0.35, PI - 0.35, 7, false);
    line(a, &sh, chance(a, 0.5) ? RED : ink, 0.8);
    enum hue hair = chance(a, 0.4) ? BROWN : (chance(a, 0.5) ? YELLOW : BLACK);
    if (chance(a, 0.5)) { /* spiky */
        for (int i = 0; i < 9; i++) {
            double t = PI + PI * (i + 0.5) / 9;
            sh_line(&sh, cx + cos(t) * hr, hy + sin(t) * hr, cx + cos(t) * hr * 1.35,
                    hy + sin(t) * hr * 1.35);
            line(a, &sh, hair, 0.8);
        }
    } else { /* long, down the sides */
        for (int side = -1; side <= 1; side += 2) {
            sh_start(&sh, false);
            sh_add(&sh, cx, hy - hr * 1.05);
            sh_add(&sh, cx + side * hr * 0.9, hy - hr * 0.7);
            sh_add(&sh, cx + side * hr * 1.15, hy);
            sh_add(&sh, cx + side * hr * 1.2, hy + hr * 1.1);
            line(a, &sh, hair, 1.2);
        }
    }
    double top = hy + hr, bottom = foot - ht * range(a, 0.28, 0.36), half = ht * 0.13;
    if (chance(a, 0.45)) { /* a dress */
        sh_start(&sh, true);
        sh_add(&sh, cx, top);
        sh_add(&sh, cx + half * 1.5, bottom);
        sh_add(&sh, cx - half * 1.5, bottom);
    } else {
        sh_rect(&sh, cx - half, top + ht * 0.02, 2 * half, bottom - top);
    }
    if (chance(a, 0.75))
        fill(a, &sh, clothes);
    line(a, &sh, chance(a, 0.5) ? clothes : ink, 1);
    double sy = top + ht * 0.08;
    bool up = chance(a, 0.3);
    for (int side = -1; side <= 1; side += 2) {
        double hx = cx + side * ht * range(a, 0.3, 0.38);
        double hyy = sy + (up ? -ht * 0.12 : ht * range(a, 0.0, 0.12));
        sh_line(&sh, cx + side * half * 0.7, sy, hx, hyy);
        line(a, &sh, ink, 0.9);
        int fingers = 3 + pick(a, 3);
        double dir = atan2(hyy - sy, hx - cx - side * half * 0.7);
        for (int f = 0; f < fingers; f++) {
            double t = dir + (f - (fingers - 1) / 2.0) * 0.45;
            sh_line(&sh, hx, hyy, hx + cos(t) * ht * 0.05, hyy + sin(t) * ht * 0.05);
            line(a, &sh, ink, 0.6);
        }
        double lx = cx + side * half * 0.5;
        sh_line(&sh, lx, bottom, lx + side * ht * 0.03, foot);
        line(a, &sh, ink, 0.9);
        struct shape shoe;
        sh_ellipse(&shoe, lx + side * ht * 0.06, foot, ht * 0.05, ht * 0.022);
        filled(a, &shoe, chance(a, 0.5) ? BLACK : BROWN, ink, 0.6);
    }
}

/* The outline of a person standing, arms a little out (a body map): the right half, from the
   top of the head to the crotch, in units of the height; the left half is its mirror. */
static const double body_half[][2] = {
    {0, 0},         {0.045, 0.008}, {0.07, 0.04},  {0.075, 0.08}, {0.065, 0.115}, {0.04, 0.14},
    {0.035, 0.165}, {0.1, 0.19},    {0.14, 0.215}, {0.16, 0.28},  {0.18, 0.38},   {0.2, 0.48},
    {0.215, 0.52},  {0.195, 0.545}, {0.17, 0.51},  {0.15, 0.42},  {0.13, 0.33},   {0.115, 0.28},
    {0.105, 0.4},   {0.12, 0.5},    {0.105, 0.7},  {0.085, 0.92}, {0.11, 0.965},  {0.095, 0.99},
    {0.03, 0.99},   {0.035, 0.8},   {0.02, 0.6},   {0, 0.56}};

static void body_map(struct art *a)
{
    double ht = a->H * range(a, 0.8, 0.9), top = (a->H - ht) / 2, cx = a->W / 2;
    double k = ht * range(a, 0.95, 1.1); /* width */
    int nh = (int)(sizeof(body_half) / sizeof(body_half[0]));
    struct shape body;
    sh_start(&body, true);
    for (int i = 0; i < nh; i++)
        sh_add(&body, cx + body_half[i][0] * k, top + body_half[i][1] * ht);
    for (int i = nh - 2; i > 0; i--)
        sh_add(&body, cx - body_half[i][0] * k, top + body_half[i][1] * ht);

    /* feelings placed in the body: two to four zones, coloured inside the outline */
    static const struct {
        double x, y, r;
        enum hue hues[3];
    } zones[] = {
        {0, 0.07, 0.07, {BLUE, PURPLE, BLACK}},   {0, 0.3, 0.1, {RED, ORANGE, BLACK}},
        {0, 0.45, 0.08, {YELLOW, ORANGE, GREEN}}, {0.19, 0.5, 0.05, {RED, ORANGE, PURPLE}},
        {-0.06, 0.75, 0.07, {BLUE, SKY, BLACK}},  {0, 0.17, 0.04, {PURPLE, BLUE, RED}},
    };
    int nz = 3 + pick(a, 2);
    int first = pick(a, 6);
    cairo_save(a->wet);
    cairo_save(a->dry);
    trace(a, a->wet, &body, 0, true);
    cairo_clip(a->wet);
    trace(a, a->dry, &body, 0, true);
    cairo_clip(a->dry);
    for (int z = 0; z < nz; z++) {
        int i = (first + z * 5) % 6; /* 5 and 6 coprime: distinct zones */
        struct shape sh;
        double r = zones[i].r * ht * range(a, 0.85, 1.2);
        sh_bumpy(&sh, cx + zones[i].x * k, top + zones[i].y * ht, r, r * range(a, 0.8, 1.2),
                 3 + pick(a, 4), 0.25, range(a, 0, PI));
        fill(a, &sh, zones[i].hues[pick(a, 3)]);
        if (i == 3) { /* both hands */
            sh_bumpy(&sh, cx - zones[i].x * k, top + zones[i].y * ht, r, r, 4, 0.2, 0);
            fill(a, &sh, zones[i].hues[0]);
        }
    }
    cairo_restore(a->dry);
    cairo_restore(a->wet);
    line(a, &body, a->medium == EASEL_DEMO_MARKER ? BLACK : (chance(a, 0.5) ? BLACK : BROWN),
         pencil_like(a) ? 1.2 : 0.9);
    /* something outside too: lines leaving the chest, or waves around the head */
    if (chance(a, 0.5)) {
        int n = 5 + pick(a, 6);
        for (int i = 0; i < n; i++) {
            double t = range(a, -PI, 0) + (chance(a, 0.5) ? PI : 0);
            double x = cx + cos(t) * 0.16 * k, y = top + 0.3 * ht + sin(t) * 0.1 * ht;
            struct shape sh;
            sh_line(&sh, x, y, x + cos(t) * range(a, 0.1, 0.2) * k,
                    y + sin(t) * range(a, 0.05, 0.12) * ht);
            line(a, &sh, chance(a, 0.6) ? RED : ORANGE, 0.9);
        }
    } else if (chance(a, 0.6)) {
        for (int i = 0; i < 3; i++) {
            struct shape sh;
            double r = (0.1 + 0.035 * i) * ht;
            sh_arc(&sh, cx, top + 0.07 * ht, r, r * 0.8, PI + 0.3, 2 * PI - 0.3, 10, false);
            line(a, &sh, chance(a, 0.5) ? BLUE : PURPLE, 0.8);
        }
    }
}

static void figure(struct art *a)
{
    if (a->adult) {
        body_map(a);
        return;
    }
    static const enum hue clothes[] = {RED, BLUE, GREEN, PURPLE, ORANGE, PINK, YELLOW};
    double foot = a->H * range(a, 0.8, 0.9);
    int n = chance(a, 0.5) ? 1 : 2 + pick(a, 3); /* me, or my family */
    double ht = a->H * (n == 1 ? range(a, 0.55, 0.7) : range(a, 0.4, 0.55)) * a->scale;
    double span = a->W * (n == 1 ? 0 : range(a, 0.55, 0.75));
    for (int i = 0; i < n; i++) {
        double x =
            a->W / 2 + (n == 1 ? range(a, -0.08, 0.08) * a->W : -span / 2 + span * i / (n - 1));
        double f = i == 0 || i == 1 ? 1 : range(a, 0.6, 0.8); /* grown-ups, then children */
        child_person(a, x, foot + range(a, -10, 10) * a->s, ht * f, clothes[pick(a, 7)]);
    }
    if (chance(a, 0.7))
        grass(a, foot + 20 * a->s, chance(a, 0.5));
    if (chance(a, 0.6))
        sun(a, chance(a, 0.5) ? a->W * 0.15 : a->W * 0.85, a->H * 0.1, a->W * 0.07);
    else if (chance(a, 0.4))
        sky_band(a);
    if (chance(a, 0.3))
        heart(a, a->W * range(a, 0.1, 0.9), a->H * range(a, 0.08, 0.2), a->W * 0.06, RED);
}

static void rain(struct art *a)
{
    double foot = a->H * range(a, 0.82, 0.9), ht = a->H * range(a, 0.42, 0.55) * a->scale;
    double cx = a->W * range(a, 0.4, 0.6);
    bool umbrella = chance(a, 0.6);
    child_person(a, cx, foot, ht, chance(a, 0.5) ? BLUE : (chance(a, 0.5) ? RED : YELLOW));
    double ux0 = 0, ux1 = 0, uy = 0;
    if (umbrella) {
        double r = ht * range(a, 0.38, 0.48);
        uy = foot - ht - ht * 0.1;
        ux0 = cx + ht * 0.2 - r;
        ux1 = cx + ht * 0.2 + r;
        struct shape sh;
        sh_arc(&sh, cx + ht * 0.2, uy, r, r * 0.6, PI, 2 * PI, 14, true);
        filled(a, &sh, chance(a, 0.5) ? RED : PURPLE, BLACK, 0.9);
        sh_line(&sh, cx + ht * 0.2, uy, cx + ht * 0.34, foot - ht * 0.55);
        line(a, &sh, BLACK, 0.9);
    }
    int clouds = 1 + pick(a, 3);
    for (int i = 0; i < clouds; i++)
        cloud(a, a->W * (0.2 + 0.6 * (i + 0.5) / clouds) + range(a, -40, 40) * a->s,
              a->H * range(a, 0.08, 0.14), a->W * range(a, 0.25, 0.4));
    int drops = 40 + pick(a, 50);
    double len = range(a, 25, 45) * a->s, tilt = range(a, -0.25, 0.25);
    for (int i = 0; i < drops; i++) {
        double x = range(a, 0.05, 0.95) * a->W, y = range(a, 0.2, 0.85) * a->H;
        if (umbrella && x > ux0 && x < ux1 && y > uy - 0.3 * (ux1 - ux0))
            continue;
        if (fabs(x - cx) < ht * 0.25 && y > foot - ht)
            continue;
        struct shape sh;
        sh_line(&sh, x, y, x + tilt * len, y + len);
        line(a, &sh, chance(a, 0.6) ? BLUE : SKY, 0.6);
    }
    if (chance(a, 0.6)) {
        struct shape sh;
        sh_ellipse(&sh, cx + range(a, 0.2, 0.4) * ht, foot + 10 * a->s, ht * 0.2, ht * 0.04);
        line(a, &sh, BLUE, 0.8);
    }
}

/* ---- houses ------------------------------------------------------------------------------ */

static void house_window(struct art *a, double x, double y, double w, double h, bool panes,
                         enum hue glass)
{
    struct shape sh;
    sh_rect(&sh, x, y, w, h);
    if (glass != BLACK)
        fill(a, &sh, glass);
    line(a, &sh, a->adult ? BROWN : BLACK, 0.8);
    if (!panes)
        return;
    sh_line(&sh, x + w / 2, y, x + w / 2, y + h);
    line(a, &sh, a->adult ? BROWN : BLACK, 0.6);
    sh_line(&sh, x, y + h / 2, x + w, y + h / 2);
    line(a, &sh, a->adult ? BROWN : BLACK, 0.6);
}

static void child_tree(struct art *a, double x, double base, double ht);
static void adult_tree(struct art *a, double x, double base, double ht, bool leaves);

static void child_house(struct art *a)
{
    double hw = a->W * range(a, 0.32, 0.45) * a->scale, hh = hw * range(a, 0.75, 1.0);
    double by = a->H * range(a, 0.82, 0.9), x0 = a->W * range(a, 0.2, 0.55) - hw / 2;
    x0 = fmax(x0, a->W * 0.06);
    enum hue ink = chance(a, 0.6) ? BLACK : BROWN;
    struct shape sh;
    sh_rect(&sh, x0, by - hh, hw, hh);
    static const enum hue walls[] = {YELLOW, ORANGE, PINK, SKY, RED};
    if (chance(a, 0.5))
        fill(a, &sh, walls[pick(a, 5)]);
    line(a, &sh, ink, 1);
    double over = hw * range(a, 0.0, 0.1), peak = hw * range(a, 0.4, 0.6);
    sh_start(&sh, true);
    sh_add(&sh, x0 - over, by - hh);
    sh_add(&sh, x0 + hw / 2 + range(a, -0.05, 0.05) * hw, by - hh - peak);
    sh_add(&sh, x0 + hw + over, by - hh);
    filled(a, &sh, chance(a, 0.6) ? RED : (chance(a, 0.5) ? BROWN : ORANGE), ink, 1);
    if (chance(a, 0.7)) { /* a chimney and its smoke */
        double cw = hw * 0.1, cx = x0 + hw * 0.72, ct = by - hh - peak * 0.75;
        sh_rect(&sh, cx, ct, cw, peak * 0.45);
        filled(a, &sh, chance(a, 0.5) ? RED : BROWN, ink, 0.8);
        sh_start(&sh, false);
        for (int i = 0; i < 20; i++) {
            double t = i * 0.7;
            sh_add(&sh, cx + cw / 2 + cos(t) * cw * 0.6 + i * cw * 0.12,
                   ct - cw * 0.3 - i * cw * 0.25 + sin(t) * cw * 0.5);
        }
        line(a, &sh, BLACK, 0.6);
    }
    bool big = chance(a, 0.35);
    double dw = hw * (big ? 0.28 : 0.2), dh = hh * (big ? 0.62 : 0.45);
    double dx = x0 + hw * range(a, 0.15, 0.75) - dw / 2;
    dx = fmin(fmax(dx, x0 + hw * 0.05), x0 + hw * 0.95 - dw);
    sh_rect(&sh, dx, by - dh, dw, dh);
    filled(a, &sh, chance(a, 0.5) ? BROWN : (chance(a, 0.5) ? BLUE : GREEN), ink, 0.9);
    dot(a, dx + dw * 0.78, by - dh * 0.5, dw * 0.07, chance(a, 0.5) ? YELLOW : BLACK);
    double ws = hw * range(a, 0.17, 0.24);
    enum hue glass = chance(a, 0.5) ? YELLOW : (chance(a, 0.5) ? SKY : BLACK);
    for (int i = 0; i < 2; i++) {
        double wx = i == 0 ? x0 + hw * 0.1 : x0 + hw * 0.9 - ws;
        if (wx + ws > dx - hw * 0.02 && wx < dx + dw + hw * 0.02)
            continue; /* not over the door */
        house_window(a, wx, by - hh * 0.82, ws, ws * range(a, 0.9, 1.1), chance(a, 0.7), glass);
    }
    if (chance(a, 0.8))
        grass(a, by, chance(a, 0.5));
    if (chance(a, 0.35))
        sky_band(a);
    if (chance(a, 0.7))
        sun(a, chance(a, 0.6) ? a->W * 0.88 : a->W * 0.12, a->H * 0.12, a->H * 0.07);
    if (x0 + hw < a->W * 0.65 && chance(a, 0.6))
        child_tree(a, a->W * range(a, 0.75, 0.85), by, a->H * range(a, 0.4, 0.55));
    int flowers = pick(a, 5);
    for (int i = 0; i < flowers; i++)
        flower(a, a->W * range(a, 0.05, 0.95), by + range(a, 0.02, 0.08) * a->H,
               a->H * range(a, 0.06, 0.1));
}

static void adult_house(struct art *a)
{
    double fw = a->W * range(a, 0.22, 0.3) * a->scale, fh = fw * range(a, 0.7, 0.9);
    double sw = fw * range(a, 0.6, 0.9), d = sw * range(a, 0.25, 0.35),
           rh = fw * range(a, 0.4, 0.55);
    double by = a->H * range(a, 0.68, 0.75), x0 = a->W * range(a, 0.22, 0.35);
    double y0 = by - fh;
    enum hue wall = chance(a, 0.3) ? YELLOW : (chance(a, 0.5) ? ORANGE : PINK);
    enum hue roof = chance(a, 0.5) ? RED : BROWN;
    struct shape front, side, gable, slope, sh;
    sh_rect(&front, x0, y0, fw, fh);
    sh_start(&side, true);
    sh_add(&side, x0 + fw, y0);
    sh_add(&side, x0 + fw + sw, y0 - d);
    sh_add(&side, x0 + fw + sw, by - d);
    sh_add(&side, x0 + fw, by);
    sh_start(&gable, true);
    sh_add(&gable, x0, y0);
    sh_add(&gable, x0 + fw / 2, y0 - rh);
    sh_add(&gable, x0 + fw, y0);
    sh_start(&slope, true);
    sh_add(&slope, x0 + fw / 2, y0 - rh);
    sh_add(&slope, x0 + fw / 2 + sw, y0 - rh - d);
    sh_add(&slope, x0 + fw + sw, y0 - d);
    sh_add(&slope, x0 + fw, y0);
    bool colour = a->medium != EASEL_DEMO_GRAPHITE || chance(a, 0.3);
    if (colour) {
        fill(a, &front, wall);
        fill(a, &gable, wall);
        fill(a, &side, wall);
        fill(a, &slope, roof);
    } else {
        fill(a, &side, BLACK); /* the shaded side, hatched */
    }
    enum hue ink = a->medium == EASEL_DEMO_MARKER ? BLACK : BROWN;
    line(a, &front, ink, 0.9);
    line(a, &side, ink, 0.9);
    line(a, &gable, ink, 0.9);
    line(a, &slope, ink, 0.9);
    double dw = fw * 0.2, dh = fh * 0.5, dx = x0 + fw * range(a, 0.4, 0.6) - dw / 2;
    sh_rect(&sh, dx, by - dh, dw, dh);
    filled(a, &sh, chance(a, 0.5) ? BLUE : (chance(a, 0.5) ? GREEN : RED), ink, 0.8);
    double ws = fw * 0.18;
    house_window(a, x0 + fw * 0.08, y0 + fh * 0.18, ws, ws * 1.2, true, SKY);
    house_window(a, x0 + fw * 0.92 - ws, y0 + fh * 0.18, ws, ws * 1.2, true, SKY);
    if (chance(a, 0.7)) { /* a window in the side wall, in perspective */
        double sx0 = x0 + fw + sw * 0.3, sx1 = x0 + fw + sw * 0.6, k = d / sw;
        sh_start(&sh, true);
        sh_add(&sh, sx0, y0 + fh * 0.2 - (sx0 - x0 - fw) * k);
        sh_add(&sh, sx1, y0 + fh * 0.2 - (sx1 - x0 - fw) * k);
        sh_add(&sh, sx1, y0 + fh * 0.5 - (sx1 - x0 - fw) * k);
        sh_add(&sh, sx0, y0 + fh * 0.5 - (sx0 - x0 - fw) * k);
        filled(a, &sh, SKY, ink, 0.7);
    }
    /* the path to the door, wider as it comes near, bending */
    double px = dx + dw / 2, bottom = a->H * range(a, 0.93, 0.98);
    double near = px + a->W * range(a, -0.12, 0.12), bend = a->W * range(a, -0.1, 0.1);
    sh_start(&sh, true);
    for (int j = 0; j <= 10; j++) { /* left side, door to front */
        double t = j / 10.0, u = 1 - t;
        double cx = u * u * px + 2 * u * t * (px + bend) + t * t * near;
        sh_add(&sh, cx - dw * (0.45 + 1.1 * t), by + (bottom - by) * t);
    }
    for (int j = 10; j >= 0; j--) {
        double t = j / 10.0, u = 1 - t;
        double cx = u * u * px + 2 * u * t * (px + bend) + t * t * near;
        sh_add(&sh, cx + dw * (0.45 + 1.1 * t), by + (bottom - by) * t);
    }
    fill(a, &sh, chance(a, 0.5) ? YELLOW : BROWN);
    /* ground either side of the path */
    sh_line(&sh, a->W * 0.06, by + 4 * a->s, px - dw * 0.6, by);
    line(a, &sh, GREEN, 0.8);
    sh_line(&sh, px + dw * 0.6, by, a->W * 0.94, by - 6 * a->s);
    line(a, &sh, GREEN, 0.8);
    if (chance(a, 0.4)) { /* a fence */
        double fy = by + (bottom - by) * 0.35;
        sh_line(&sh, a->W * 0.05, fy, px - dw * 1.3, fy);
        line(a, &sh, BROWN, 0.7);
        for (double x = a->W * 0.06; x < px - dw * 1.3; x += 35 * a->s) {
            sh_line(&sh, x, fy - 40 * a->s, x, fy + 12 * a->s);
            line(a, &sh, BROWN, 0.7);
        }
    }
    if (chance(a, 0.6))
        adult_tree(a, a->W * range(a, 0.08, 0.16), by + 10 * a->s, a->H * range(a, 0.35, 0.5),
                   true);
    if (a->medium == EASEL_DEMO_WATERCOLOUR && chance(a, 0.6)) {
        sh_rect(&sh, a->W * 0.06, a->H * 0.06, a->W * 0.88, a->H * range(a, 0.12, 0.2));
        fill(a, &sh, SKY);
    }
}

static void house(struct art *a)
{
    if (a->adult)
        adult_house(a);
    else
        child_house(a);
}

/* ---- trees ------------------------------------------------------------------------------- */

static void child_tree(struct art *a, double x, double base, double ht)
{
    double tw = ht * range(a, 0.13, 0.2), th = ht * range(a, 0.4, 0.5);
    struct shape sh;
    sh_start(&sh, true);
    sh_add(&sh, x - tw / 2, base);
    sh_add(&sh, x - tw * 0.4, base - th);
    sh_add(&sh, x + tw * 0.4, base - th);
    sh_add(&sh, x + tw / 2, base);
    filled(a, &sh, BROWN, BROWN, 1);
    if (chance(a, 0.25))
        dot(a, x + range(a, -0.1, 0.1) * tw, base - th * 0.55, tw * 0.16, BLACK);
    double r = (ht - th) * 0.62;
    sh_bumpy(&sh, x, base - th - r * 0.75, r * range(a, 0.95, 1.2), r, 5 + pick(a, 4), 0.18,
             range(a, 0, PI));
    filled(a, &sh, GREEN, chance(a, 0.5) ? DGREEN : GREEN, 1);
    if (chance(a, 0.55)) {
        int apples = 4 + pick(a, 6);
        for (int i = 0; i < apples; i++) {
            double t = range(a, 0, 2 * PI), d = r * range(a, 0.2, 0.75);
            dot(a, x + cos(t) * d, base - th - r * 0.75 + sin(t) * d * 0.8, r * 0.08,
                chance(a, 0.85) ? RED : ORANGE);
        }
    }
}

/* An adult's tree: a tapering trunk, branches that split and thin, leaves as overlapping
   clusters of colour at their ends and along them (or bare, in winter). */
struct branch_tips {
    int n;
    double x[96], y[96];
};

static void tip(struct branch_tips *tips, double x, double y)
{
    if (tips->n < 96) {
        tips->x[tips->n] = x;
        tips->y[tips->n++] = y;
    }
}

static void branch(struct art *a, double x, double y, double angle, double len, double weight,
                   int depth, struct branch_tips *tips)
{
    double x1 = x + cos(angle) * len, y1 = y + sin(angle) * len;
    struct shape sh;
    sh_start(&sh, false);
    sh_add(&sh, x, y);
    sh_add(&sh, (x + x1) / 2 + range(a, -0.08, 0.08) * len, (y + y1) / 2);
    sh_add(&sh, x1, y1);
    line(a, &sh, BROWN, weight);
    tip(tips, (x + x1) / 2, (y + y1) / 2);
    if (depth == 0) {
        tip(tips, x1, y1);
        return;
    }
    int kids = depth >= 2 ? 3 : 2;
    for (int i = 0; i < kids; i++) {
        double t = angle + (i - (kids - 1) / 2.0) * range(a, 0.35, 0.55) + range(a, -0.12, 0.12);
        t = t > -0.25 ? -0.25 : (t < -PI + 0.25 ? -PI + 0.25 : t); /* branches grow upwards */
        branch(a, x1, y1, t, len * range(a, 0.62, 0.75), weight * 0.7, depth - 1, tips);
    }
}

static void adult_tree(struct art *a, double x, double base, double ht, bool leaves)
{
    double tw = ht * range(a, 0.06, 0.085), th = ht * range(a, 0.3, 0.38);
    struct shape sh;
    sh_start(&sh, true);
    sh_add(&sh, x - tw * 0.8, base);
    sh_add(&sh, x - tw * 0.45, base - th * 0.25);
    sh_add(&sh, x - tw * 0.35, base - th);
    sh_add(&sh, x + tw * 0.35, base - th);
    sh_add(&sh, x + tw * 0.5, base - th * 0.25);
    sh_add(&sh, x + tw * 0.85, base);
    fill(a, &sh, BROWN);
    line(a, &sh, BROWN, 0.7);
    for (int i = 0; i < 4; i++) { /* roots */
        double t = PI * (0.1 + 0.8 * i / 3.0);
        sh_line(&sh, x + cos(t) * tw * 0.4, base, x + cos(t) * tw * 1.6, base + sin(t) * tw * 0.5);
        line(a, &sh, BROWN, 0.6);
    }
    struct branch_tips tips = {0};
    double w = pencil_like(a) ? 2.6 : (a->medium == EASEL_DEMO_MARKER ? 1.4 : 1.8);
    bool pencil = a->graphite;
    a->graphite = a->graphite && a->medium != EASEL_DEMO_WATERCOLOUR; /* branches brushed */
    int mains = 2 + pick(a, 2);
    for (int i = 0; i < mains; i++) {
        double t = -PI / 2 + (i - (mains - 1) / 2.0) * range(a, 0.35, 0.6);
        branch(a, x, base - th + tw * 0.3, t, ht * range(a, 0.2, 0.26), w, 2, &tips);
    }
    a->graphite = pencil;
    if (!leaves)
        return;
    bool autumn = chance(a, 0.3);
    enum hue greens[3] = {GREEN, DGREEN, autumn ? ORANGE : YELLOW};
    if (autumn)
        greens[1] = RED;
    for (int i = 0; i < tips.n; i++) {
        if (chance(a, 0.25))
            continue;
        double r = ht * range(a, 0.07, 0.11);
        sh_bumpy(&sh, tips.x[i] + range(a, -0.5, 0.5) * r, tips.y[i] + range(a, -0.6, 0.2) * r, r,
                 r * 0.8, 4, 0.2, range(a, 0, PI));
        fill(a, &sh, greens[pick(a, 3)]);
    }
}

static void tree(struct art *a)
{
    double base = a->H * range(a, 0.82, 0.9), x = a->W * range(a, 0.42, 0.58);
    if (!a->adult) {
        child_tree(a, x, base, a->H * range(a, 0.62, 0.75) * a->scale);
        if (chance(a, 0.7))
            grass(a, base, chance(a, 0.6));
        if (chance(a, 0.5))
            sun(a, a->W * (chance(a, 0.5) ? 0.15 : 0.85), a->H * 0.1, a->W * 0.07);
        int birds = chance(a, 0.35) ? 2 + pick(a, 3) : 0;
        for (int i = 0; i < birds; i++)
            bird(a, a->W * range(a, 0.1, 0.9), a->H * range(a, 0.06, 0.2), a->W * 0.04);
        return;
    }
    adult_tree(a, x, base, a->H * range(a, 0.8, 0.95) * a->scale, !chance(a, 0.25));
    struct shape sh;
    sh_line(&sh, x - a->W * range(a, 0.2, 0.35), base + 5 * a->s, x + a->W * range(a, 0.2, 0.35),
            base - 5 * a->s);
    line(a, &sh, pencil_like(a) ? BLACK : GREEN, 0.8);
}

/* ---- abstract ---------------------------------------------------------------------------- */

static const enum hue bright[] = {RED, ORANGE, YELLOW, GREEN, BLUE, SKY, PURPLE, PINK, BLACK};

static void scribbles(struct art *a)
{
    int n = 4 + pick(a, 6);
    for (int i = 0; i < n; i++) {
        struct shape sh;
        sh_start(&sh, false);
        double x = range(a, 0.15, 0.85) * a->W, y = range(a, 0.15, 0.85) * a->H;
        double dir = range(a, 0, 2 * PI), turn = chance(a, 0.5) ? range(a, 0.3, 0.7) : 0;
        int pts = 15 + pick(a, 40);
        double step = range(a, 20, 45) * a->s;
        for (int j = 0; j < pts; j++) {
            sh_add(&sh, x, y);
            dir += turn + range(a, -0.8, 0.8);
            x += cos(dir) * step;
            y += sin(dir) * step;
            if (x < 0.06 * a->W || x > 0.94 * a->W)
                dir = PI - dir;
            if (y < 0.06 * a->H || y > 0.94 * a->H)
                dir = -dir;
            x = fmin(fmax(x, 0.05 * a->W), 0.95 * a->W);
            y = fmin(fmax(y, 0.05 * a->H), 0.95 * a->H);
        }
        line(a, &sh, bright[pick(a, 9)], range(a, 0.9, 1.5));
    }
    if (chance(a, 0.6)) { /* a patch coloured hard */
        struct shape sh;
        double r = range(a, 60, 130) * a->s;
        sh_bumpy(&sh, range(a, 0.25, 0.75) * a->W, range(a, 0.25, 0.75) * a->H, r, r * 0.8, 3, 0.3,
                 range(a, 0, PI));
        fill(a, &sh, bright[pick(a, 9)]);
    }
    int dots = pick(a, 14);
    for (int i = 0; i < dots; i++)
        dot(a, range(a, 0.1, 0.9) * a->W, range(a, 0.1, 0.9) * a->H, range(a, 5, 12) * a->s,
            bright[pick(a, 9)]);
}

static void abstract(struct art *a)
{
    if (!a->adult) {
        scribbles(a);
        return;
    }
    /* the mood's colours: warm, cool or mixed */
    static const enum hue moods[3][4] = {
        {RED, ORANGE, YELLOW, PINK}, {BLUE, SKY, PURPLE, GREEN}, {RED, BLUE, YELLOW, BLACK}};
    const enum hue *mood = moods[pick(a, 3)];
    struct shape sh;
    switch (pick(a, 3)) {
    case 0: { /* colour fields stacked, a margin all round */
        int n = 2 + pick(a, 2);
        double mx = a->W * range(a, 0.1, 0.18), my = a->H * range(a, 0.1, 0.15);
        double gap = a->H * range(a, 0.03, 0.06), fh = (a->H - 2 * my - gap * (n - 1)) / n;
        for (int i = 0; i < n; i++) {
            sh_rect(&sh, mx + range(a, -8, 8) * a->s, my + i * (fh + gap), a->W - 2 * mx,
                    fh * range(a, 0.75, 1.0));
            fill(a, &sh, mood[pick(a, 4)]);
        }
        break;
    }
    case 1: { /* flowing bands */
        int n = 3 + pick(a, 3);
        for (int i = 0; i < n; i++) {
            double yc = a->H * (0.15 + 0.7 * (i + 0.5) / n), amp = a->H * range(a, 0.03, 0.08);
            double k = range(a, 1.5, 4) * PI / a->W, ph = range(a, 0, 2 * PI);
            double th = a->H * range(a, 0.05, 0.11);
            sh_start(&sh, true);
            for (int j = 0; j <= 20; j++) {
                double x = a->W * (0.06 + 0.88 * j / 20);
                sh_add(&sh, x, yc + amp * sin(k * x + ph));
            }
            for (int j = 20; j >= 0; j--) {
                double x = a->W * (0.06 + 0.88 * j / 20);
                sh_add(&sh, x, yc + amp * sin(k * x + ph) + th * (0.6 + 0.4 * sin(x * 0.01)));
            }
            if (chance(a, 0.8))
                fill(a, &sh, mood[pick(a, 4)]);
            else
                line(a, &sh, mood[pick(a, 4)], 0.8);
        }
        break;
    }
    default: { /* shapes overlapping, a spiral */
        int n = 5 + pick(a, 5);
        for (int i = 0; i < n; i++) {
            double cx = range(a, 0.2, 0.8) * a->W, cy = range(a, 0.2, 0.8) * a->H;
            double r = range(a, 50, 150) * a->s;
            if (chance(a, 0.5)) {
                sh_ellipse(&sh, cx, cy, r, r * range(a, 0.7, 1.1));
            } else {
                sh_start(&sh, true);
                double t = range(a, 0, 2 * PI);
                for (int j = 0; j < 3; j++)
                    sh_add(&sh, cx + cos(t + j * 2.1) * r, cy + sin(t + j * 2.1) * r);
            }
            if (chance(a, 0.65))
                fill(a, &sh, mood[pick(a, 4)]);
            line(a, &sh, chance(a, 0.4) ? BLACK : mood[pick(a, 4)], 0.8);
        }
        sh_start(&sh, false);
        double cx = range(a, 0.3, 0.7) * a->W, cy = range(a, 0.3, 0.7) * a->H;
        for (int j = 0; j < 60; j++) {
            double t = j * 0.35, r = j * range(a, 2.2, 2.8) * a->s;
            sh_add(&sh, cx + cos(t) * r, cy + sin(t) * r);
        }
        line(a, &sh, mood[pick(a, 4)], 0.9);
        break;
    }
    }
}

/* ---- mandala ----------------------------------------------------------------------------- */

static void petal(struct shape *sh, double cx, double cy, double t, double r0, double r1,
                  double half)
{
    sh_start(sh, true);
    for (int i = 0; i <= 8; i++) { /* out along one side, back along the other */
        double u = (double)i / 8, r = r0 + (r1 - r0) * u, w = half * sin(PI * u);
        sh_add(sh, cx + cos(t) * r - sin(t) * w, cy + sin(t) * r + cos(t) * w);
    }
    for (int i = 7; i > 0; i--) {
        double u = (double)i / 8, r = r0 + (r1 - r0) * u, w = half * sin(PI * u);
        sh_add(sh, cx + cos(t) * r + sin(t) * w, cy + sin(t) * r - cos(t) * w);
    }
}

static void mandala(struct art *a)
{
    double cx = a->W / 2 + range(a, -15, 15) * a->s, cy = a->H / 2 + range(a, -15, 15) * a->s;
    double R = fmin(a->W, a->H) * range(a, 0.36, 0.43) * (a->adult ? 1 : a->scale);
    enum hue h[4];
    for (int i = 0; i < 4; i++)
        h[i] = bright[pick(a, 8)];
    enum hue ink = a->medium == EASEL_DEMO_MARKER || chance(a, 0.5) ? BLACK : h[0];
    double coloured = range(a, 0.5, 1.0); /* how much of it is coloured so far */
    struct shape sh;
    int n = 6 + 2 * pick(a, 4);
    double ph = range(a, 0, PI);
    for (int i = 0; i < n; i++) { /* the inner petals */
        petal(&sh, cx, cy, ph + 2 * PI * i / n, R * 0.2, R * 0.55, R * range(a, 0.1, 0.14));
        if (chance(a, coloured))
            fill(a, &sh, h[i % 2]);
        line(a, &sh, ink, 0.7);
    }
    for (int i = 0; i < 2 * n; i++) { /* the outer petals */
        petal(&sh, cx, cy, ph + PI * (i + 0.5) / n, R * 0.58, R * 0.92, R * 0.09);
        if (chance(a, coloured * 0.8))
            fill(a, &sh, h[2 + i % 2]);
        line(a, &sh, ink, 0.7);
    }
    for (int i = 0; i < 3; i++) {
        double r = R * (i == 0 ? 0.2 : (i == 1 ? 0.57 : 1.0));
        sh_arc(&sh, cx, cy, r, r, 0, 2 * PI, 40, true);
        line(a, &sh, ink, 0.8);
    }
    sh_ellipse(&sh, cx, cy, R * 0.12, R * 0.12);
    filled(a, &sh, h[pick(a, 4)], ink, 0.7);
    if (chance(a, 0.6)) /* dots round the edge */
        for (int i = 0; i < 4 * n; i++) {
            double t = ph + 2 * PI * i / (4 * n);
            dot(a, cx + cos(t) * R * 1.07, cy + sin(t) * R * 1.07, R * 0.018, h[i % 4]);
        }
}

/* ---- a safe place ------------------------------------------------------------------------ */

static void hill(struct art *a, double cx, double base, double rx, double ry, enum hue hue)
{
    struct shape sh;
    sh_arc(&sh, cx, base, rx, ry, PI, 2 * PI, 20, true);
    filled(a, &sh, hue, a->adult ? hue : DGREEN, 0.8);
}

static void child_landscape(struct art *a)
{
    if (chance(a, 0.4))
        sky_band(a);
    sun(a, a->W * (chance(a, 0.5) ? 0.12 : 0.88), a->H * 0.12, a->H * 0.08);
    int clouds = pick(a, 3);
    for (int i = 0; i < clouds; i++)
        cloud(a, a->W * range(a, 0.3, 0.7), a->H * range(a, 0.1, 0.25), a->W * 0.18);
    double base = a->H * range(a, 0.9, 0.97);
    int hills = 2 + pick(a, 2);
    for (int i = 0; i < hills; i++)
        hill(a, a->W * (0.15 + 0.7 * i / (hills - 1)) + range(a, -40, 40) * a->s, base,
             a->W * range(a, 0.2, 0.32), a->H * range(a, 0.2, 0.35), i % 2 ? DGREEN : GREEN);
    if (chance(a, 0.45)) { /* a rainbow */
        static const enum hue bow[] = {RED, ORANGE, YELLOW, GREEN, BLUE, PURPLE};
        double R = a->W * range(a, 0.3, 0.4), bx = a->W * range(a, 0.4, 0.6);
        double by = a->H * range(a, 0.7, 0.8);
        for (int i = 0; i < 6; i++) {
            struct shape sh;
            double r = R - i * a->width * 1.05;
            sh_arc(&sh, bx, by, r, r * 0.8, PI + 0.1, 2 * PI - 0.1, 24, false);
            line(a, &sh, bow[i], 1.1);
        }
    }
    int flowers = 3 + pick(a, 5);
    for (int i = 0; i < flowers; i++)
        flower(a, a->W * range(a, 0.05, 0.95), base - range(a, 0.01, 0.12) * a->H,
               a->H * range(a, 0.06, 0.1));
    if (chance(a, 0.3))
        child_person(a, a->W * range(a, 0.25, 0.75), base - 0.05 * a->H, a->H * 0.3,
                     chance(a, 0.5) ? PINK : BLUE);
}

/* A band across the page between margins: its top edge y_top (wavy by amp), its bottom edge
   y_bottom (wavy too unless flat), ends a little in from the margins. */
static void band(struct art *a, struct shape *sh, double mx, double y_top, double amp,
                 double y_bottom, double amp_bottom)
{
    double x0 = mx + range(a, 0, 0.03) * a->W, x1 = a->W - mx - range(a, 0, 0.03) * a->W;
    double k = range(a, 1.5, 3.5) * PI / a->W, ph = range(a, 0, 2 * PI);
    double k2 = range(a, 1.0, 3.0) * PI / a->W, ph2 = range(a, 0, 2 * PI);
    sh_start(sh, true);
    for (int j = 0; j <= 24; j++) {
        double x = x0 + (x1 - x0) * j / 24;
        sh_add(sh, x, y_top - amp * (0.5 + 0.5 * sin(k * x + ph)));
    }
    for (int j = 24; j >= 0; j--) {
        double x = x0 + (x1 - x0) * j / 24;
        sh_add(sh, x, y_bottom + amp_bottom * sin(k2 * x + ph2));
    }
}

static void adult_landscape(struct art *a)
{
    double horizon = a->H * range(a, 0.4, 0.55), mx = a->W * range(a, 0.04, 0.1);
    double top = a->H * range(a, 0.06, 0.14), bottom = a->H * range(a, 0.84, 0.94);
    struct shape sh;
    bool sunset = chance(a, 0.35), sea = chance(a, 0.5);
    double pressure = a->pressure;
    a->pressure *= 0.75; /* the sky lighter */
    /* the sky: a wavy upper edge (painted, not ruled), darker above, lighter to the horizon */
    band(a, &sh, mx, top + (horizon - top) * 0.15, (horizon - top) * 0.15, horizon, 0);
    fill(a, &sh, sunset ? PINK : SKY);
    band(a, &sh, mx, top + (horizon - top) * 0.1, (horizon - top) * 0.1,
         top + (horizon - top) * range(a, 0.35, 0.55), (horizon - top) * 0.06);
    fill(a, &sh, sunset ? PURPLE : (a->medium == EASEL_DEMO_WATERCOLOUR ? SKY : BLUE));
    if (sunset) {
        band(a, &sh, mx, horizon - (horizon - top) * 0.35, (horizon - top) * 0.08, horizon, 0);
        fill(a, &sh, ORANGE);
    }
    a->pressure = pressure;
    if (!sunset && chance(a, 0.6)) {
        int clouds = 1 + pick(a, 2);
        for (int i = 0; i < clouds; i++)
            cloud(a, a->W * range(a, 0.25, 0.75), top + (horizon - top) * range(a, 0.3, 0.6),
                  a->W * range(a, 0.12, 0.2));
    }
    if (chance(a, 0.6))
        sun(a, a->W * range(a, 0.2, 0.8), horizon - (horizon - top) * range(a, 0.15, 0.5),
            a->H * 0.045);
    if (sea) {
        double shore = horizon + (bottom - horizon) * range(a, 0.35, 0.55);
        band(a, &sh, mx, horizon, 0, shore, (bottom - horizon) * 0.05);
        fill(a, &sh, BLUE);
        for (int i = 0; i < 5; i++) { /* waves */
            double y = horizon + (shore - horizon) * range(a, 0.2, 0.8),
                   x = range(a, 0.1, 0.7) * a->W;
            sh_start(&sh, false);
            for (int j = 0; j < 8; j++)
                sh_add(&sh, x + j * 18 * a->s, y + (j % 2 ? -5 : 5) * a->s);
            line(a, &sh, chance(a, 0.5) ? SKY : BLUE, 0.6);
        }
        band(a, &sh, mx, shore + 10 * a->s, (bottom - horizon) * 0.04,
             shore + (bottom - shore) * range(a, 0.45, 0.9), (bottom - horizon) * 0.05);
        fill(a, &sh, YELLOW);
    } else {
        int hills = 2 + pick(a, 2);
        static const enum hue fields[] = {GREEN, DGREEN, YELLOW, GREEN};
        for (int i = 0; i < hills; i++) {
            double y0 = horizon + (bottom - horizon) * i / hills + 8 * a->s;
            double amp = (bottom - horizon) * range(a, 0.08, 0.2);
            band(a, &sh, mx, y0, amp, y0 + (bottom - horizon) / hills * range(a, 0.55, 0.85),
                 (bottom - horizon) * 0.03);
            fill(a, &sh, fields[i]);
        }
        /* a path from the front towards the horizon, bending */
        double px = a->W * range(a, 0.35, 0.65), vx = a->W * range(a, 0.4, 0.6);
        double bend = a->W * range(a, -0.12, 0.12);
        sh_start(&sh, true);
        for (int j = 0; j <= 10; j++) { /* left side, far to near */
            double t = j / 10.0, u = 1 - t;
            double cx = u * u * vx + 2 * u * t * (vx + bend) + t * t * px;
            sh_add(&sh, cx - (3 + 75 * t * t) * a->s, horizon + 8 * a->s + (bottom - horizon) * t);
        }
        for (int j = 10; j >= 0; j--) {
            double t = j / 10.0, u = 1 - t;
            double cx = u * u * vx + 2 * u * t * (vx + bend) + t * t * px;
            sh_add(&sh, cx + (3 + 75 * t * t) * a->s, horizon + 8 * a->s + (bottom - horizon) * t);
        }
        fill(a, &sh, chance(a, 0.5) ? YELLOW : BROWN);
    }
    if (chance(a, 0.5))
        adult_tree(a, a->W * (chance(a, 0.5) ? range(a, 0.12, 0.22) : range(a, 0.78, 0.88)),
                   horizon + (bottom - horizon) * range(a, 0.3, 0.6), a->H * range(a, 0.3, 0.45),
                   true);
    int birds = pick(a, 5);
    for (int i = 0; i < birds; i++)
        bird(a, a->W * range(a, 0.2, 0.8), top + (horizon - top) * range(a, 0.2, 0.6), a->W * 0.02);
    if (a->graphite) { /* the horizon drawn first, still showing */
        sh_line(&sh, mx, horizon, a->W - mx, horizon);
        line(a, &sh, BLACK, 0.6);
    }
}

static void landscape(struct art *a)
{
    if (a->adult)
        adult_landscape(a);
    else
        child_landscape(a);
}

/* ---- the page ---------------------------------------------------------------------------- */

/* The page: the paper (with its own faint tooth), the wet layer multiplied onto it (marker and
   watercolour are transparent: they darken what is under them), then the dry layer through
   the paper's grain: crayon covers the grain's peaks (light pressure leaves the valleys white),
   graphite and coloured pencil multiply, more on the peaks. */
static void compose(struct art *a, cairo_surface_t *wet, cairo_surface_t *dry, uint32_t *out)
{
    uint32_t w = (uint32_t)a->W, h = (uint32_t)a->H;
    uint8_t tile[GRAIN * GRAIN], raw[GRAIN * GRAIN];
    for (size_t i = 0; i < sizeof(raw); i++)
        raw[i] = (uint8_t)(next(a) >> 56);
    for (int y = 0; y < GRAIN; y++) /* smoothed */
        for (int x = 0; x < GRAIN; x++) {
            int sum = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    sum += raw[((y + dy) & (GRAIN - 1)) * GRAIN + ((x + dx) & (GRAIN - 1))];
            tile[y * GRAIN + x] = (uint8_t)(sum / 9);
        }
    const uint8_t *wp = cairo_image_surface_get_data(wet), *dp = cairo_image_surface_get_data(dry);
    int ws = cairo_image_surface_get_stride(wet), ds = cairo_image_surface_get_stride(dry);
    bool wax = a->medium == EASEL_DEMO_CRAYON, granulate = a->medium == EASEL_DEMO_WATERCOLOUR;
    /* the grain from its two octaves (7 fine + 3 coarse, 0..2550) stretched to 0..255, and the
       bare paper for each grain value */
    uint8_t stretch[2551];
    uint32_t bare[256];
    for (int i = 0; i <= 2550; i++) {
        int gi = 128 + (i / 10 - 128) * 16 / 5;
        stretch[i] = (uint8_t)(gi < 0 ? 0 : (gi > 255 ? 255 : gi));
    }
    for (uint32_t gi = 0; gi < 256; gi++) {
        /* the paper's own tooth, barely visible: up to 2.5 % darker in its valleys */
        uint32_t tooth = 65536u - (255 - gi) * 6u;
        bare[gi] = ((a->paper[0] * tooth) >> 16) << 16 | ((a->paper[1] * tooth) >> 16) << 8 |
                   ((a->paper[2] * tooth) >> 16);
    }
    for (uint32_t y = 0; y < h; y++) {
        const uint32_t *wr = (const uint32_t *)(const void *)(wp + (size_t)y * (size_t)ws);
        const uint32_t *dr = (const uint32_t *)(const void *)(dp + (size_t)y * (size_t)ds);
        const uint8_t *fine = tile + ((y >> 1) & (GRAIN - 1)) * GRAIN;
        const uint8_t *coarse = tile + ((y >> 3) & (GRAIN - 1)) * GRAIN;
        uint32_t *o = out + (size_t)y * w;
        for (uint32_t x = 0; x < w; x++) {
            uint32_t wv = wr[x], d = dr[x], wa = wv >> 24, da = d >> 24;
            /* the grain: a fine octave of about four pixels and a coarse one */
            uint32_t gi =
                stretch[7 * fine[(x >> 1) & (GRAIN - 1)] + 3 * coarse[(x >> 3) & (GRAIN - 1)]];
            uint32_t paper = bare[gi];
            if (!(wa | da)) {
                o[x] = paper;
                continue;
            }
            double c[3] = {(double)(paper >> 16), (double)((paper >> 8) & 0xff),
                           (double)(paper & 0xff)};
            if (wa) {
                /* watercolour's pigment settles in the paper's valleys (granulation) */
                double av = wa / 255.0 * (granulate ? 1.15 - 0.4 * (gi / 255.0) : 1.0);
                av = av > 1 ? 1 : av;
                double col[3] = {(double)((wv >> 16) & 0xff) / wa, (double)((wv >> 8) & 0xff) / wa,
                                 (double)(wv & 0xff) / wa};
                for (int k = 0; k < 3; k++)
                    c[k] *= 1 - av * (1 - col[k]);
            }
            if (da) {
                double av = da / 255.0, gv = gi / 255.0;
                double col[3] = {(double)((d >> 16) & 0xff) / av, (double)((d >> 8) & 0xff) / av,
                                 (double)(d & 0xff) / av};
                if (wax) { /* wax on the grain's peaks, more of them the harder the press */
                    double cov = (gv - (1 - av)) * 3.2;
                    cov = cov < 0 ? 0 : (cov > 1 ? 1 : cov);
                    for (int k = 0; k < 3; k++)
                        c[k] = c[k] * (1 - cov) + col[k] * cov;
                } else { /* graphite and pencil multiply, a little more on the peaks */
                    double cov = av * (0.3 + 1.1 * gv);
                    cov = cov > 1 ? 1 : cov;
                    for (int k = 0; k < 3; k++)
                        c[k] = c[k] * (1 - cov * (1 - col[k] / 255.0));
                }
            }
            uint32_t v = 0;
            for (int k = 0; k < 3; k++)
                v = v << 8 | (uint32_t)(c[k] > 254.5 ? 255 : c[k] + 0.5);
            o[x] = v;
        }
    }
}

int easel_render_demo_artwork(uint64_t seed, const struct easel_demo_art *art, uint32_t w,
                              uint32_t h, uint8_t **rgb, struct easel_error *err)
{
    *rgb = NULL;
    if (!art || (int)art->subject < 0 || art->subject >= EASEL_DEMO_SUBJECTS ||
        (int)art->medium < 0 || art->medium >= EASEL_DEMO_MEDIA)
        return easel_error_set(err, EASEL_EINVAL, "demo artwork", "kind",
                               "no such subject or medium");
    if (w < 64 || h < 64 || w > 4096 || h > 4096)
        return easel_error_set(err, EASEL_EINVAL, "demo artwork", "size",
                               "the size must be 64 to 4096 pixels a side, got %ux%u", w, h);
    /* photographed, the page is drawn at PAGE_SCALE of the picture and resampled (it fills
       about nine tenths of it): a phone's photo is that soft anyway, and it is cheaper */
    uint32_t pw = w, ph = h;
    if (art->photographed) {
        pw = (uint32_t)(w * PAGE_SCALE + 0.5);
        ph = (uint32_t)(h * PAGE_SCALE + 0.5);
    }
    uint32_t *page = malloc((size_t)pw * ph * 4);
    uint8_t *out = malloc((size_t)w * h * 3);
    render_lock();
    cairo_surface_t *ws = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)pw, (int)ph);
    cairo_surface_t *ds = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)pw, (int)ph);
    cairo_t *wet = cairo_create(ws), *dry = cairo_create(ds);
    cairo_set_tolerance(wet, 0.5); /* half a pixel: no curve is drawn finer than a hand */
    cairo_set_tolerance(dry, 0.5);
    int rc = 0;
    if (!page || !out || cairo_status(wet) != CAIRO_STATUS_SUCCESS ||
        cairo_status(dry) != CAIRO_STATUS_SUCCESS)
        rc = easel_error_set(err, EASEL_ENOMEM, "demo artwork", "", "out of memory");
    if (!rc) {
        struct art a = {.wet = wet,
                        .dry = dry,
                        .W = pw,
                        .H = ph,
                        .s = (pw < ph ? pw : ph) / 1000.0,
                        .st = easel_splitmix64(seed ^ 0x61727477u) | 1,
                        .medium = art->medium,
                        .adult = art->adult};
        const uint8_t(*pal)[3] =
            palettes[a.medium == EASEL_DEMO_GRAPHITE ? EASEL_DEMO_PENCIL : a.medium];
        for (int i = 0; i < NHUE; i++)
            a.pal[i] = (struct rgbf){pal[i][0] / 255.0, pal[i][1] / 255.0, pal[i][2] / 255.0};
        a.graphite =
            a.medium == EASEL_DEMO_GRAPHITE || (a.adult && a.medium == EASEL_DEMO_WATERCOLOUR);
        a.amp = (a.adult ? range(&a, 1.2, 2.5) : range(&a, 3.5, 6)) * a.s;
        static const double widths[EASEL_DEMO_MEDIA] = {10, 7, 6, 2.6, 2.2};
        a.width = widths[a.medium] * a.s * (a.adult ? range(&a, 0.8, 1.0) : range(&a, 0.9, 1.2));
        /* an adult's oil pastel goes on thicker; an adult's pencil is lighter */
        a.pressure =
            a.adult ? (a.medium == EASEL_DEMO_CRAYON ? range(&a, 0.7, 0.9) : range(&a, 0.55, 0.8))
                    : range(&a, 0.65, 0.95);
        a.scale = range(&a, 0.75, 1.0);
        memcpy(a.paper, papers[pick(&a, 3)], 3);
        switch (art->subject) {
        case EASEL_DEMO_FIGURE:
            figure(&a);
            break;
        case EASEL_DEMO_RAIN:
            rain(&a);
            break;
        case EASEL_DEMO_HOUSE:
            house(&a);
            break;
        case EASEL_DEMO_TREE:
            tree(&a);
            break;
        case EASEL_DEMO_ABSTRACT:
            abstract(&a);
            break;
        case EASEL_DEMO_MANDALA:
            mandala(&a);
            break;
        case EASEL_DEMO_LANDSCAPE:
        default:
            landscape(&a);
            break;
        }
        cairo_surface_flush(ws);
        cairo_surface_flush(ds);
        compose(&a, ws, ds, page);
    }
    cairo_destroy(wet);
    cairo_destroy(dry);
    cairo_surface_destroy(ws);
    cairo_surface_destroy(ds);
    render_unlock();
    if (!rc && art->photographed) {
        easel__demo_photograph(seed, page, pw, ph, out, w, h);
    } else if (!rc) {
        for (size_t i = 0; i < (size_t)w * h; i++) {
            out[3 * i] = (uint8_t)(page[i] >> 16);
            out[3 * i + 1] = (uint8_t)(page[i] >> 8);
            out[3 * i + 2] = (uint8_t)page[i];
        }
    }
    free(page);
    if (rc)
        free(out);
    else
        *rgb = out;
    return rc;
}
