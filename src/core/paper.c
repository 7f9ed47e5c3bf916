/*
 * core/paper.c — the sheet in an artwork photo (easel/paper.h): found on a reduced copy as the
 * largest connected region of light, low-colour pixels (Otsu's threshold on lightness), its
 * corners the region's extremes along the diagonals; flattened by the homography from the
 * output rectangle to the corners (bilinear sampling), then each channel divided by the paper's
 * own level, estimated block by block and interpolated, which sets the white point and evens
 * out a lamp's fall-off in one step.
 *
 * Owns: scratch buffers for the call. Borrows: the pixels. Fails: see the header.
 */
#include "easel/paper.h"
#include "easel/error.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define FIND_SIDE 480 /* the reduced copy's longer side */
#define LIGHT_GRID 12 /* blocks a side for the paper level */
#define PAPER_OUT 248 /* the paper's level after flattening (not 255: no clipping of noise) */
#define INSET 1.5     /* px the corners move inward: a blurred edge is half table */
#define MAX_PIXELS (8192u * 8192u)

int easel_quad_check(const struct easel_quad *q, uint32_t w, uint32_t h)
{
    for (int i = 0; i < 4; i++)
        if (!(q->x[i] >= 0 && q->y[i] >= 0 && q->x[i] <= w && q->y[i] <= h))
            return EASEL_EINVAL;
    /* convex and clockwise on screen (y down): every turn the same sign, area not tiny */
    double area = 0;
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4, k = (i + 2) % 4;
        double cross =
            (q->x[j] - q->x[i]) * (q->y[k] - q->y[j]) - (q->y[j] - q->y[i]) * (q->x[k] - q->x[j]);
        if (cross <= 0)
            return EASEL_EINVAL;
        area += q->x[i] * q->y[j] - q->x[j] * q->y[i];
    }
    return fabs(area) / 2 >= 0.05 * w * h ? 0 : EASEL_EINVAL;
}

static int otsu(const uint32_t hist[256], uint32_t total)
{
    double sum = 0, sum_b = 0, best = -1;
    for (int i = 0; i < 256; i++)
        sum += (double)i * hist[i];
    uint32_t wb = 0;
    int t = 128;
    for (int i = 0; i < 256; i++) {
        wb += hist[i];
        if (!wb || wb == total)
            continue;
        sum_b += (double)i * hist[i];
        double mb = sum_b / wb, mf = (sum - sum_b) / (total - wb);
        double between = (double)wb * (total - wb) * (mb - mf) * (mb - mf);
        if (between > best) {
            best = between;
            t = i;
        }
    }
    return t;
}

/* An edge as a line: top and bottom edges y = a x + b, left and right x = a y + b. */
struct line {
    bool vertical;
    double a, b;
};

/* Fit edge e (0 top, 1 right, 2 bottom, 3 left) of the region: for each column (top, bottom)
   or row (left, right) between the rough corners, minus a tenth at each end, the region's
   outermost pixel; then a line through them that ignores where marks cut in: the best of
   deterministic two-point candidates by inliers (within 1.5 px), refined by least squares on
   its inliers. scratch holds 2 x the points. */
static bool fit_edge(const int32_t *label, int32_t want, uint32_t sw, uint32_t sh, int e,
                     const uint32_t cx[4], const uint32_t cy[4], int32_t *scratch, struct line *out)
{
    bool vertical = e == 1 || e == 3;
    int from_c = e == 0 ? 0 : e == 1 ? 1 : e == 2 ? 3 : 0;
    int to_c = e == 0 ? 1 : e == 1 ? 2 : e == 2 ? 2 : 3;
    double lo = vertical ? cy[from_c] : cx[from_c], hi = vertical ? cy[to_c] : cx[to_c];
    if (hi < lo) {
        double t = lo;
        lo = hi, hi = t;
    }
    double span = hi - lo;
    if (span < 8)
        return false;
    uint32_t a0 = (uint32_t)(lo + span / 10), a1 = (uint32_t)(hi - span / 10);
    int32_t *ps = scratch, *qs = scratch + (vertical ? sh : sw);
    size_t n = 0;
    for (uint32_t t = a0; t <= a1; t++) {
        int32_t found = -1;
        if (!vertical) { /* column t: the topmost (e 0) or bottommost (e 2) region pixel */
            for (uint32_t k = 0; k < sh && found < 0; k++) {
                uint32_t y = e == 0 ? k : sh - 1 - k;
                if (label[(size_t)y * sw + t] == want)
                    found = (int32_t)y;
            }
        } else { /* row t: the rightmost (e 1) or leftmost (e 3) region pixel */
            for (uint32_t k = 0; k < sw && found < 0; k++) {
                uint32_t x = e == 3 ? k : sw - 1 - k;
                if (label[(size_t)t * sw + x] == want)
                    found = (int32_t)x;
            }
        }
        if (found >= 0) {
            ps[n] = (int32_t)t;
            qs[n] = found;
            n++;
        }
    }
    if (n < 8)
        return false;
    size_t best_in = 0;
    double best_a = 0, best_b = 0;
    for (size_t i = 0; i < n / 2; i += n / 16 + 1) /* pairs half the points apart */
        for (size_t j = i + n / 2; j < n; j += n / 16 + 1) {
            double a = (double)(qs[j] - qs[i]) / (double)(ps[j] - ps[i]);
            double b = qs[i] - a * ps[i];
            size_t in = 0;
            for (size_t k = 0; k < n; k++)
                in += fabs(qs[k] - (a * ps[k] + b)) <= 1.5;
            if (in > best_in) {
                best_in = in;
                best_a = a;
                best_b = b;
            }
        }
    if (best_in < n / 3)
        return false;
    double sp = 0, sq = 0, spp = 0, spq = 0;
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (fabs(qs[k] - (best_a * ps[k] + best_b)) <= 1.5) {
            sp += ps[k], sq += qs[k], spp += (double)ps[k] * ps[k], spq += (double)ps[k] * qs[k];
            m++;
        }
    double dm = (double)m, den = dm * spp - sp * sp;
    out->vertical = vertical;
    out->a = fabs(den) > 1e-9 ? (dm * spq - sp * sq) / den : best_a;
    out->b = (sq - out->a * sp) / dm;
    return true;
}

/* Where two edge lines meet (one horizontal-ish, one vertical-ish). */
static bool meet(const struct line *p, const struct line *q, double *x, double *y)
{
    const struct line *hz = p->vertical ? q : p, *vt = p->vertical ? p : q;
    if (hz->vertical || !vt->vertical)
        return false;
    /* y = ha x + hb, x = va y + vb */
    double den = 1 - hz->a * vt->a;
    if (fabs(den) < 1e-9)
        return false;
    *y = (hz->a * vt->b + hz->b) / den;
    *x = vt->a * *y + vt->b;
    return true;
}

int easel_paper_find(const uint8_t *rgb, uint32_t w, uint32_t h, struct easel_quad *q, int *found)
{
    *found = 0;
    if (!rgb || w < 8 || h < 8 || (uint64_t)w * h > MAX_PIXELS)
        return EASEL_EINVAL;
    for (int i = 0; i < 4; i++) { /* the image itself until a sheet is found */
        q->x[i] = (i == 1 || i == 2) ? w : 0;
        q->y[i] = (i >= 2) ? h : 0;
    }
    uint32_t step = (w > h ? w : h) / FIND_SIDE + 1;
    uint32_t sw = w / step, sh = h / step;
    size_t n = (size_t)sw * sh;
    uint8_t *luma = malloc(n), *mask = calloc(n, 1);
    int32_t *queue = malloc(n * sizeof(*queue));
    int32_t *label = malloc(n * sizeof(*label));
    if (!luma || !mask || !queue || !label) {
        free(luma), free(mask), free(queue), free(label);
        return EASEL_ENOMEM;
    }
    uint32_t hist[256] = {0};
    for (uint32_t y = 0; y < sh; y++)
        for (uint32_t x = 0; x < sw; x++) {
            const uint8_t *p = rgb + 3 * ((size_t)(y * step + step / 2) * w + x * step + step / 2);
            int mx = p[0] > p[1] ? (p[0] > p[2] ? p[0] : p[2]) : (p[1] > p[2] ? p[1] : p[2]);
            int mn = p[0] < p[1] ? (p[0] < p[2] ? p[0] : p[2]) : (p[1] < p[2] ? p[1] : p[2]);
            uint8_t l = (uint8_t)((2 * p[0] + 5 * p[1] + p[2]) / 8);
            luma[(size_t)y * sw + x] = l;
            hist[l]++;
            /* low colour relative to lightness: a warm lamp's cast on paper stays "paper" */
            mask[(size_t)y * sw + x] = (uint8_t)((mx - mn) * 4 < mx + 40);
        }
    int t = otsu(hist, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        mask[i] = mask[i] && luma[i] > t;
    /* the largest 4-connected light region */
    memset(label, 0, n * sizeof(*label));
    int32_t best_label = 0, next = 0;
    size_t best_size = 0;
    for (size_t s = 0; s < n; s++) {
        if (!mask[s] || label[s])
            continue;
        size_t head = 0, tail = 0, size = 0;
        label[s] = ++next;
        queue[tail++] = (int32_t)s;
        while (head < tail) {
            int32_t i = queue[head++];
            size++;
            uint32_t x = (uint32_t)i % sw, y = (uint32_t)i / sw;
            int32_t nb[4] = {x ? i - 1 : -1, x + 1 < sw ? i + 1 : -1, y ? i - (int32_t)sw : -1,
                             y + 1 < sh ? i + (int32_t)sw : -1};
            for (int k = 0; k < 4; k++)
                if (nb[k] >= 0 && mask[nb[k]] && !label[nb[k]]) {
                    label[nb[k]] = next;
                    queue[tail++] = nb[k];
                }
        }
        if (size > best_size) {
            best_size = size;
            best_label = next;
        }
    }
    /* marks can cut the sheet into pieces (a band of paint across it): every light region at
       least a fiftieth of the largest is part of the sheet */
    if (best_label) {
        size_t *sizes = calloc((size_t)next + 1, sizeof(*sizes));
        if (!sizes) {
            free(luma), free(mask), free(queue), free(label);
            return EASEL_ENOMEM;
        }
        for (size_t i = 0; i < n; i++)
            if (label[i] > 0)
                sizes[label[i]]++;
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
            bool keep = label[i] > 0 && sizes[label[i]] * 50 >= best_size;
            label[i] = keep ? best_label : 0;
            kept += keep;
        }
        free(sizes);
        best_size = kept;
    }
    /* rough corners: extremes of x + y and x - y over the region */
    double best[4] = {INFINITY, -INFINITY, -INFINITY, INFINITY};
    uint32_t cx[4] = {0}, cy[4] = {0};
    uint32_t x_min = sw, x_max = 0, y_min = sh, y_max = 0;
    for (uint32_t y = 0; y < sh && best_label; y++)
        for (uint32_t x = 0; x < sw; x++) {
            if (label[(size_t)y * sw + x] != best_label)
                continue;
            double sum = (double)x + y, diff = (double)x - y;
            if (sum < best[0])
                best[0] = sum, cx[0] = x, cy[0] = y;
            if (diff > best[1])
                best[1] = diff, cx[1] = x, cy[1] = y;
            if (sum > best[2])
                best[2] = sum, cx[2] = x, cy[2] = y;
            if (diff < best[3])
                best[3] = diff, cx[3] = x, cy[3] = y;
            x_min = x < x_min ? x : x_min;
            x_max = x > x_max ? x : x_max;
            y_min = y < y_min ? y : y_min;
            y_max = y > y_max ? y : y_max;
        }
    /* then each edge as a line fitted to the region's outline between the rough corners,
       robust to marks that reach the edge or a corner (they cut into the region), and the
       corners where the lines meet */
    struct line lines[4];
    bool fitted = best_label != 0;
    for (int e = 0; e < 4 && fitted; e++)
        fitted = fit_edge(label, best_label, sw, sh, e, cx, cy, queue, &lines[e]);
    struct easel_quad fine;
    for (int i = 0; i < 4 && fitted; i++) /* corner i: edges i-1 (before) and i (after) */
        fitted = meet(&lines[(i + 3) % 4], &lines[i], &fine.x[i], &fine.y[i]);
    free(luma), free(mask), free(queue), free(label);
    if (!best_label || best_size * 8 < n) /* no sheet covering an eighth of the photo */
        return 0;
    /* a sheet that touches every edge of the photo shows no table: keep the image */
    if (x_min == 0 && y_min == 0 && x_max + 1 >= sw && y_max + 1 >= sh)
        return 0;
    struct easel_quad found_q;
    for (int i = 0; i < 4; i++) { /* back to full size (the reduced pixel's centre) */
        double x = fitted ? fine.x[i] : cx[i], y = fitted ? fine.y[i] : cy[i];
        found_q.x[i] = (x + 0.5) * step;
        found_q.y[i] = (y + 0.5) * step;
        found_q.x[i] = found_q.x[i] < 0 ? 0 : found_q.x[i] > w ? w : found_q.x[i];
        found_q.y[i] = found_q.y[i] < 0 ? 0 : found_q.y[i] > h ? h : found_q.y[i];
    }
    if (easel_quad_check(&found_q, w, h))
        return 0;
    *q = found_q;
    *found = 1;
    return 0;
}

void easel_paper_size(const struct easel_quad *q, uint32_t max_side, uint32_t *out_w,
                      uint32_t *out_h)
{
    double top = hypot(q->x[1] - q->x[0], q->y[1] - q->y[0]);
    double bottom = hypot(q->x[2] - q->x[3], q->y[2] - q->y[3]);
    double left = hypot(q->x[3] - q->x[0], q->y[3] - q->y[0]);
    double right = hypot(q->x[2] - q->x[1], q->y[2] - q->y[1]);
    double ow = top > bottom ? top : bottom, oh = left > right ? left : right;
    double scale = ow > oh ? max_side / ow : max_side / oh;
    if (scale > 1)
        scale = 1;
    *out_w = (uint32_t)(ow * scale + 0.5);
    *out_h = (uint32_t)(oh * scale + 0.5);
    *out_w = *out_w < 8 ? 8 : *out_w;
    *out_h = *out_h < 8 ? 8 : *out_h;
}

/* The homography taking the unit square's corners (0,0) (1,0) (1,1) (0,1) to q (Heckbert's
   square-to-quad closed form). */
static void square_to_quad(const struct easel_quad *q, double m[9])
{
    double x0 = q->x[0], y0 = q->y[0], x1 = q->x[1], y1 = q->y[1];
    double x2 = q->x[2], y2 = q->y[2], x3 = q->x[3], y3 = q->y[3];
    double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
    double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
    double g = 0, hh = 0;
    double den = dx1 * dy2 - dx2 * dy1;
    if (fabs(den) > 1e-12 && (fabs(sx) > 1e-12 || fabs(sy) > 1e-12)) {
        g = (sx * dy2 - dx2 * sy) / den;
        hh = (dx1 * sy - sx * dy1) / den;
    }
    m[0] = x1 - x0 + g * x1;
    m[1] = x3 - x0 + hh * x3;
    m[2] = x0;
    m[3] = y1 - y0 + g * y1;
    m[4] = y3 - y0 + hh * y3;
    m[5] = y0;
    m[6] = g;
    m[7] = hh;
    m[8] = 1;
}

static inline void sample(const uint8_t *rgb, uint32_t w, uint32_t h, double x, double y,
                          uint8_t *out)
{
    x -= 0.5, y -= 0.5; /* pixel centres */
    x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
    y = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
    uint32_t x0 = (uint32_t)x, y0 = (uint32_t)y;
    uint32_t x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
    double fx = x - x0, fy = y - y0;
    const uint8_t *a = rgb + 3 * ((size_t)y0 * w + x0), *b = rgb + 3 * ((size_t)y0 * w + x1);
    const uint8_t *c = rgb + 3 * ((size_t)y1 * w + x0), *d = rgb + 3 * ((size_t)y1 * w + x1);
    for (int k = 0; k < 3; k++) {
        double v = (a[k] * (1 - fx) + b[k] * fx) * (1 - fy) + (c[k] * (1 - fx) + d[k] * fx) * fy;
        out[k] = (uint8_t)(v + 0.5);
    }
}

int easel_paper_flatten(const uint8_t *rgb, uint32_t w, uint32_t h, const struct easel_quad *q,
                        uint32_t out_w, uint32_t out_h, uint8_t *out)
{
    if (!rgb || !out || w < 8 || h < 8 || (uint64_t)w * h > MAX_PIXELS || out_w < 8 || out_h < 8 ||
        (uint64_t)out_w * out_h > MAX_PIXELS || easel_quad_check(q, w, h))
        return EASEL_EINVAL;
    /* the corners a little inward, toward the centre: the sheet's blurred edge is half table */
    struct easel_quad in = *q;
    double mx = (q->x[0] + q->x[1] + q->x[2] + q->x[3]) / 4;
    double my = (q->y[0] + q->y[1] + q->y[2] + q->y[3]) / 4;
    for (int i = 0; i < 4; i++) {
        double dx = mx - q->x[i], dy = my - q->y[i], len = hypot(dx, dy);
        if (len > 4 * INSET) {
            in.x[i] += dx / len * INSET * 1.41421356;
            in.y[i] += dy / len * INSET * 1.41421356;
        }
    }
    double m[9];
    square_to_quad(&in, m);
    bool whole = q->x[0] == 0 && q->y[0] == 0 && q->x[2] == w && q->y[2] == h && q->x[1] == w &&
                 q->y[1] == 0 && q->x[3] == 0 && q->y[3] == h;
    if (whole && out_w == w && out_h == h) { /* no sheet found: the photo as it is */
        memcpy(out, rgb, (size_t)w * h * 3);
    } else {
        for (uint32_t y = 0; y < out_h; y++) {
            /* along a row the three homogeneous coordinates change by constant steps */
            double v = (y + 0.5) / out_h, du = 1.0 / out_w, u = 0.5 * du;
            double nx = m[0] * u + m[1] * v + m[2], ny = m[3] * u + m[4] * v + m[5];
            double z = m[6] * u + m[7] * v + m[8];
            double snx = m[0] * du, sny = m[3] * du, sz = m[6] * du;
            uint8_t *o = out + 3 * (size_t)y * out_w;
            for (uint32_t x = 0; x < out_w; x++, nx += snx, ny += sny, z += sz, o += 3)
                sample(rgb, w, h, nx / z, ny / z, o);
        }
    }
    /* the paper's level per channel, block by block: the 90th percentile of each block's light
       low-colour pixels; a block without paper takes the page's */
    double level[LIGHT_GRID][LIGHT_GRID][3];
    bool known[LIGHT_GRID][LIGHT_GRID];
    double page[3] = {0, 0, 0};
    int n_known = 0;
    for (int by = 0; by < LIGHT_GRID; by++)
        for (int bx = 0; bx < LIGHT_GRID; bx++) {
            uint32_t x0 = (uint32_t)((uint64_t)bx * out_w / LIGHT_GRID),
                     x1 = (uint32_t)((uint64_t)(bx + 1) * out_w / LIGHT_GRID);
            uint32_t y0 = (uint32_t)((uint64_t)by * out_h / LIGHT_GRID),
                     y1 = (uint32_t)((uint64_t)(by + 1) * out_h / LIGHT_GRID);
            uint32_t hist[3][256];
            memset(hist, 0, sizeof(hist));
            size_t k = 0, all = (size_t)(x1 - x0) * (y1 - y0);
            for (uint32_t y = y0; y < y1; y++)
                for (uint32_t x = x0; x < x1; x++) {
                    const uint8_t *p = out + 3 * ((size_t)y * out_w + x);
                    int mxc =
                        p[0] > p[1] ? (p[0] > p[2] ? p[0] : p[2]) : (p[1] > p[2] ? p[1] : p[2]);
                    int mnc =
                        p[0] < p[1] ? (p[0] < p[2] ? p[0] : p[2]) : (p[1] < p[2] ? p[1] : p[2]);
                    if ((mxc - mnc) * 4 < mxc + 40 && mxc > 60) {
                        hist[0][p[0]]++, hist[1][p[1]]++, hist[2][p[2]]++;
                        k++;
                    }
                }
            known[by][bx] = k * 10 >= all;                 /* a tenth of the block is paper */
            for (int c = 0; known[by][bx] && c < 3; c++) { /* the 90th percentile */
                size_t want = k * 9 / 10, seen = 0;
                int v = 0;
                while (v < 255 && seen + hist[c][v] <= want)
                    seen += hist[c][v++];
                level[by][bx][c] = v;
                page[c] += v;
            }
            n_known += known[by][bx];
        }
    for (int c = 0; c < 3; c++)
        page[c] = n_known ? page[c] / n_known : 255.0;
    for (int by = 0; by < LIGHT_GRID; by++)
        for (int bx = 0; bx < LIGHT_GRID; bx++)
            for (int c = 0; !known[by][bx] && c < 3; c++)
                level[by][bx][c] = page[c];
    /* multiply by the gain (the paper's level to PAPER_OUT) interpolated between block centres:
       the gains of the row's two block rows first, then along the row */
    float gain[LIGHT_GRID][LIGHT_GRID][3], row[LIGHT_GRID][3];
    for (int by = 0; by < LIGHT_GRID; by++)
        for (int bx = 0; bx < LIGHT_GRID; bx++)
            for (int c = 0; c < 3; c++)
                gain[by][bx][c] =
                    level[by][bx][c] > 8 ? (float)(PAPER_OUT / level[by][bx][c]) : 1.0f;
    for (uint32_t y = 0; y < out_h; y++) {
        double gy = (y + 0.5) * LIGHT_GRID / out_h - 0.5;
        int y0 = gy < 0 ? 0 : (int)gy, y1 = y0 + 1 < LIGHT_GRID ? y0 + 1 : y0;
        float fy = (float)(gy - y0 < 0 ? 0 : gy - y0 > 1 ? 1 : gy - y0);
        for (int bx = 0; bx < LIGHT_GRID; bx++)
            for (int c = 0; c < 3; c++)
                row[bx][c] = gain[y0][bx][c] * (1 - fy) + gain[y1][bx][c] * fy;
        uint8_t *p = out + 3 * (size_t)y * out_w;
        for (uint32_t x = 0; x < out_w; x++, p += 3) {
            double gx = (x + 0.5) * LIGHT_GRID / out_w - 0.5;
            int x0 = gx < 0 ? 0 : (int)gx, x1 = x0 + 1 < LIGHT_GRID ? x0 + 1 : x0;
            float fx = (float)(gx - x0 < 0 ? 0 : gx - x0 > 1 ? 1 : gx - x0);
            for (int c = 0; c < 3; c++) {
                float v = p[c] * (row[x0][c] * (1 - fx) + row[x1][c] * fx);
                p[c] = (uint8_t)(v > 255.0f ? 255 : v + 0.5f);
            }
        }
    }
    return 0;
}
