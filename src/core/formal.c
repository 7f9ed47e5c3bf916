/*
 * core/formal.c — formal elements of an artwork photo (easel/formal.h): paper found block by
 * block, marks against it, colours grouped in CIELAB, hue entropy, edge density, lightness and
 * saturation. Deterministic; integer work per pixel where it matters, CIELAB through a 256-entry
 * table for the sRGB curve and a direct-mapped cache of conversions (paper and paint repeat their
 * colours), percentiles of lightness from a histogram in steps of 0.05 L*.
 *
 * Owns: its scratch buffers, freed before it returns. Borrows: the pixels during the call.
 * Fails: EASEL_EINVAL (no pixels, under 8 pixels a side, over EASEL_FORMAL_MAX_PIXELS),
 * EASEL_ENOMEM (out is then zeroed).
 */
#include "easel/formal.h"
#include "easel/error.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define GRID 16        /* blocks a side for the paper estimate */
#define MARK_DL 14.0   /* a mark is this much darker than the paper (L*) ... */
#define MARK_DC 18.0   /* ... or this much more colourful (chroma difference) */
#define MERGE_DE 18.0  /* colours closer than this (delta E 76) are one colour */
#define MIN_SHARE 0.02 /* a colour must cover 2 % of the marks */

#define F_STEPS 4096 /* CIELAB's f(t) tabulated on [0, F_MAX]; linear between points */
#define F_MAX 1.25   /* X, Y, Z of sRGB colours stay below this after white-point scaling */

/* The conversion tables, filled for each analysis (about 4,400 values: a small part of its
   time): no state shared between the request threads that analyse at once. */
struct lab_tables {
    double lin[256];       /* sRGB byte -> linear */
    double f[F_STEPS + 2]; /* CIELAB's f(t) */
};

static double f_exact(double t)
{
    return t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0;
}

static void fill_tables(struct lab_tables *t)
{
    for (int i = 0; i < 256; i++) {
        double c = i / 255.0;
        t->lin[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    }
    for (int i = 0; i <= F_STEPS + 1; i++)
        t->f[i] = f_exact(F_MAX * i / F_STEPS);
}

/* f(t) from the table: the cube root is the cost of CIELAB per pixel; the table's error is
   below 1e-4 in f (0.01 in L*), far under the thresholds used here */
static double f_lab(const struct lab_tables *tb, double t)
{
    if (t <= 0.0 || t >= F_MAX)
        return f_exact(t);
    double u = t * (F_STEPS / F_MAX);
    int i = (int)u;
    double frac = u - i;
    return tb->f[i] + (tb->f[i + 1] - tb->f[i]) * frac;
}

/* atan2 by a minimax polynomial (error under 1e-5 rad): the hue sector of every coloured mark
   pixel needs no more, and libm's atan2 was the analysis's largest single cost */
static double hue_angle(double y, double x)
{
    double ax = fabs(x), ay = fabs(y);
    double mx = ax > ay ? ax : ay, mn = ax > ay ? ay : ax;
    double a = mx > 0 ? mn / mx : 0, s2 = a * a;
    double r = ((-0.0464964749 * s2 + 0.15931422) * s2 - 0.327622764) * s2 * a + a;
    if (ay > ax)
        r = 1.5707963267948966 - r;
    if (x < 0)
        r = 3.141592653589793 - r;
    return y < 0 ? -r : r;
}

static void to_lab(const struct lab_tables *t, const uint8_t *p, double lab[3])
{
    double r = t->lin[p[0]], g = t->lin[p[1]], b = t->lin[p[2]];
    double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    double fx = f_lab(t, x), fy = f_lab(t, y), fz = f_lab(t, z);
    lab[0] = 116.0 * fy - 16.0;
    lab[1] = 500.0 * (fx - fy);
    lab[2] = 200.0 * (fy - fz);
}

#define L_BINS 2048 /* L* in steps of 0.05 (0 to 102.4): a percentile to 0.05 L* */
static inline size_t l_bin(float L)
{
    int k = (int)(L * 20.0f);
    return k < 0 ? 0 : k >= L_BINS ? L_BINS - 1 : (size_t)k;
}

/* The k-th smallest (0-based) of the values counted in hist: the middle of its bin. */
static double hist_kth(const uint32_t *hist, size_t k)
{
    size_t seen = 0;
    for (size_t b = 0; b < L_BINS; b++) {
        seen += hist[b];
        if (seen > k)
            return ((double)b + 0.5) / 20.0;
    }
    return 100.0;
}

const char *easel_formal_meaning(const char *m)
{
    if (!m)
        return NULL;
    if (!strcmp(m, "space_used"))
        return "How much of the page carries marks: a measure of the space used, not of how "
               "much the person has to say.";
    if (!strcmp(m, "colours"))
        return "How many clearly different colours cover at least 2 % of the marks, and how "
               "much of the marked area each covers.";
    if (!strcmp(m, "hue_entropy"))
        return "How evenly the coloured marks spread over the colour wheel: 0 is one hue, about "
               "3.6 is every hue in equal amounts.";
    if (!strcmp(m, "edge_density"))
        return "How much of the page lies on a clear edge between marks and paper or between "
               "colours: many lines and shapes give a higher figure.";
    if (!strcmp(m, "lightness"))
        return "How light the marks are on average, from 0 (black) to 100 (white).";
    if (!strcmp(m, "saturation"))
        return "How vivid the marks are on average: 0 is grey, higher is more saturated.";
    return NULL;
}

static const char *colour_name(const double lab[3])
{
    double L = lab[0], C = hypot(lab[1], lab[2]);
    double h = atan2(lab[2], lab[1]) * 180.0 / 3.14159265358979323846;
    if (h < 0)
        h += 360.0;
    if (C < 12.0)
        return L < 25 ? "black" : L > 85 ? "white" : L < 55 ? "dark grey" : "grey";
    if (h < 20 || h >= 345)
        return L < 45 ? "dark red" : L > 75 ? "pink" : "red";
    if (h < 45) /* a red leaning to orange; brown only when dull and dark */
        return C < 40 && L < 55 ? "brown" : L > 75 && C < 50 ? "pink" : "red";
    if (h < 70)
        return C < 45 && L < 60 ? "brown" : "orange";
    if (h < 105)
        return L < 60 ? "olive" : "yellow";
    if (h < 170)
        return L < 50 ? "dark green" : "green";
    if (h < 230)
        return L < 50 ? "dark teal" : "turquoise";
    if (h < 300)
        return L < 45 ? "dark blue" : "blue";
    return L < 45 ? "purple" : L > 70 ? "pink" : "violet";
}

enum { NL = 10, NA = 16, NB = 16 }; /* the colour histogram's bins along L*, a* and b* */
struct bin {
    double sum[3];
    size_t n;
};

int easel_formal_analyse(const uint8_t *rgb, uint32_t w, uint32_t h, struct easel_formal *out)
{
    memset(out, 0, sizeof(*out));
    if (!rgb || w < 8 || h < 8 || (uint64_t)w * h > EASEL_FORMAL_MAX_PIXELS)
        return EASEL_EINVAL;
    const size_t n = (size_t)w * h;
    /* every scratch buffer at once, so one failure path frees them all */
    enum { CACHE_BITS = 15 }; /* a direct-mapped cache of CIELAB conversions, by RGB */
    float *lab = malloc(n * 3 * sizeof(float));
    uint8_t *mark = calloc(n, 1), *row_ok = calloc(n, 1), *bx_of = malloc(w);
    uint32_t *ckey = malloc(sizeof(uint32_t) << CACHE_BITS);
    float *cval = malloc((sizeof(float) * 3) << CACHE_BITS);
    uint32_t *hist = calloc(L_BINS, sizeof(uint32_t)), *col_run = calloc(w, sizeof(uint32_t));
    struct bin *bins = calloc((size_t)NL * NA * NB, sizeof(*bins));
    struct lab_tables *tables = malloc(sizeof(*tables));
    int rc = EASEL_ENOMEM;
    if (!lab || !mark || !row_ok || !bx_of || !ckey || !cval || !hist || !col_run || !bins ||
        !tables)
        goto done;
    rc = 0;
    fill_tables(tables);
    memset(ckey, 0xff, sizeof(uint32_t) << CACHE_BITS); /* no RGB key is 0xffffffff */
    for (size_t i = 0; i < n; i++) {
        const uint8_t *px = rgb + 3 * i;
        uint32_t key = (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2];
        uint32_t slot = (key * 2654435761u) >> (32 - CACHE_BITS);
        float *v = cval + 3 * slot;
        if (ckey[slot] != key) {
            double l[3];
            to_lab(tables, px, l);
            v[0] = (float)l[0];
            v[1] = (float)l[1];
            v[2] = (float)l[2];
            ckey[slot] = key;
        }
        memcpy(lab + 3 * i, v, 3 * sizeof(float));
    }
    /* the paper: light, low-colour pixels. Their lightness over the whole page first (the 95th
       percentile), then block by block (the 80th percentile of the paper pixels in the block),
       so uneven light is followed; a block with too little paper takes its neighbours' */
    size_t ns = 0;
    for (size_t i = 0; i < n; i += 7) /* a sample is enough for the page's paper lightness */
        if (lab[3 * i + 1] * lab[3 * i + 1] + lab[3 * i + 2] * lab[3 * i + 2] < 144.0f) {
            hist[l_bin(lab[3 * i])]++;
            ns++;
        }
    double page_L = ns ? hist_kth(hist, ns * 95 / 100) : 100.0;
    double fixed[GRID][GRID][3];
    bool known[GRID][GRID];
    int n_known = 0;
    for (int by = 0; by < GRID; by++)
        for (int bx = 0; bx < GRID; bx++) {
            uint32_t bx0 = (uint32_t)((uint64_t)bx * w / GRID),
                     bx1 = (uint32_t)((uint64_t)(bx + 1) * w / GRID);
            uint32_t by0 = (uint32_t)((uint64_t)by * h / GRID),
                     by1 = (uint32_t)((uint64_t)(by + 1) * h / GRID);
            size_t m = 0, all = (size_t)(bx1 - bx0) * (by1 - by0);
            double sa = 0, sb = 0;
            const float floor_L = (float)(page_L - 30.0);
            memset(hist, 0, L_BINS * sizeof(uint32_t));
            for (uint32_t y = by0; y < by1; y++)
                for (uint32_t x = bx0; x < bx1; x++) {
                    const float *p = lab + 3 * ((size_t)y * w + x);
                    if (p[1] * p[1] + p[2] * p[2] < 144.0f && p[0] > floor_L) {
                        hist[l_bin(p[0])]++;
                        m++;
                        sa += p[1];
                        sb += p[2];
                    }
                }
            known[by][bx] = m && m * 25 >= all; /* at least 4 % of the block is paper */
            if (known[by][bx]) {
                fixed[by][bx][0] = hist_kth(hist, m * 8 / 10);
                fixed[by][bx][1] = sa / (double)m;
                fixed[by][bx][2] = sb / (double)m;
                n_known++;
            }
        }
    for (int pass = 0; n_known && n_known < GRID * GRID && pass < 2 * GRID; pass++) {
        bool next[GRID][GRID];
        memcpy(next, known, sizeof(next));
        for (int by = 0; by < GRID; by++)
            for (int bx = 0; bx < GRID; bx++) {
                if (known[by][bx])
                    continue;
                double sum[3] = {0, 0, 0};
                int c = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = by + dy, xx = bx + dx;
                        if (yy < 0 || yy >= GRID || xx < 0 || xx >= GRID || !known[yy][xx])
                            continue;
                        for (int q = 0; q < 3; q++)
                            sum[q] += fixed[yy][xx][q];
                        c++;
                    }
                if (c) {
                    for (int q = 0; q < 3; q++)
                        fixed[by][bx][q] = sum[q] / c;
                    next[by][bx] = true;
                    n_known++;
                }
            }
        memcpy(known, next, sizeof(next));
    }
    for (int by = 0; by < GRID; by++) /* no paper anywhere (a full-bleed painting): white */
        for (int bx = 0; bx < GRID; bx++)
            if (!known[by][bx]) {
                fixed[by][bx][0] = 100.0;
                fixed[by][bx][1] = fixed[by][bx][2] = 0.0;
            }
    /* marks */
    size_t marks = 0;
    uint32_t x0 = w, y0 = h, x1 = 0, y1 = 0;
    double sumL = 0, sumC = 0;
    double hue[12] = {0};
    size_t coloured = 0;
    /* each column's block, once: no division per pixel */
    for (uint32_t x = 0; x < w; x++)
        bx_of[x] = (uint8_t)((uint64_t)x * GRID / w);
    for (uint32_t y = 0; y < h; y++) {
        int by = (int)((uint64_t)y * GRID / h);
        for (uint32_t x = 0; x < w; x++) {
            int bx = bx_of[x];
            const float *p = lab + 3 * ((size_t)y * w + x);
            const double *q = fixed[by][bx];
            double da = p[1] - q[1], db = p[2] - q[2];
            if (q[0] - p[0] < MARK_DL && da * da + db * db < MARK_DC * MARK_DC)
                continue;
            mark[(size_t)y * w + x] = 1;
            marks++;
            x0 = x < x0 ? x : x0;
            x1 = x > x1 ? x : x1;
            y0 = y < y0 ? y : y0;
            y1 = y > y1 ? y : y1;
            double C2 = (double)p[1] * p[1] + (double)p[2] * p[2];
            double C = sqrt(C2);
            sumL += p[0];
            sumC += C;
            if (C2 >= 15.0 * 15.0) {
                double a = hue_angle(p[2], p[1]);
                int s =
                    (int)floor((a + 3.14159265358979323846) / (2 * 3.14159265358979323846) * 12.0);
                hue[s < 0 ? 0 : s > 11 ? 11 : s] += 1;
                coloured++;
            }
        }
    }
    out->space_used = (double)marks / (double)n;
    if (marks) {
        out->bbox[0] = x0;
        out->bbox[1] = y0;
        out->bbox[2] = x1;
        out->bbox[3] = y1;
        out->bbox_share = (double)(x1 - x0 + 1) * (double)(y1 - y0 + 1) / (double)n;
        out->mean_lightness = sumL / (double)marks;
        out->mean_saturation = sumC / (double)marks;
    }
    for (int s = 0; coloured && s < 12; s++)
        if (hue[s] > 0) {
            double pr = hue[s] / (double)coloured;
            out->hue_entropy -= pr * log2(pr);
        }
    /* colours: a coarse CIELAB histogram of the marks, then bins merged largest first */
    /* colours from the inside of the marks: two pixels in from their edge, where a phone's
       blur and JPEG chroma subsampling blend mark and paper (thin lines, with nothing inside,
       are counted whole) */
    /* a 5x5 erosion done as two passes: a pixel whose row has marks from x-2 to x+2 (run),
       then whose column of such pixels runs from y-2 to y+2 */
    size_t inner = 0;
    for (uint32_t y = 0; y < h; y++) {
        const uint8_t *m = mark + (size_t)y * w;
        uint32_t run = 0;
        for (uint32_t x = 0; x < w; x++) {
            run = m[x] ? run + 1 : 0;
            if (run >= 5)
                row_ok[(size_t)y * w + x - 2] = 1;
        }
    }
    /* the column runs row by row, one counter per column: memory is read in order */
    for (uint32_t y = 0; y < h; y++) {
        const uint8_t *ok = row_ok + (size_t)y * w;
        for (uint32_t x = 2; x + 2 < w; x++) {
            col_run[x] = ok[x] ? col_run[x] + 1 : 0;
            if (col_run[x] >= 5) {
                mark[(size_t)(y - 2) * w + x] = 2;
                inner++;
            }
        }
    }
    const uint8_t want = inner * 4 >= marks ? 2 : 1;
    size_t counted = 0;
    for (size_t i = 0; i < n; i++) {
        if (mark[i] < want)
            continue;
        counted++;
        const float *p = lab + 3 * i;
        int li = (int)(p[0] / 10.0f), ai = (int)((p[1] + 128.0f) / 16.0f),
            bi = (int)((p[2] + 128.0f) / 16.0f);
        li = li < 0 ? 0 : li >= NL ? NL - 1 : li;
        ai = ai < 0 ? 0 : ai >= NA ? NA - 1 : ai;
        bi = bi < 0 ? 0 : bi >= NB ? NB - 1 : bi;
        struct bin *b = &bins[((size_t)li * NA + ai) * NB + bi];
        b->sum[0] += p[0];
        b->sum[1] += p[1];
        b->sum[2] += p[2];
        b->n++;
    }
    struct {
        double lab[3];
        size_t n;
    } groups[64];
    int ng = 0;
    size_t nbins = (size_t)NL * NA * NB;
    for (;;) { /* the largest unassigned bin starts or joins a group */
        size_t best = nbins;
        for (size_t k = 0; k < nbins; k++)
            if (bins[k].n && (best == nbins || bins[k].n > bins[best].n))
                best = k;
        if (best == nbins)
            break;
        double c[3] = {bins[best].sum[0] / (double)bins[best].n,
                       bins[best].sum[1] / (double)bins[best].n,
                       bins[best].sum[2] / (double)bins[best].n};
        int g = -1;
        for (int k = 0; k < ng && g < 0; k++) {
            double de = sqrt((c[0] - groups[k].lab[0]) * (c[0] - groups[k].lab[0]) +
                             (c[1] - groups[k].lab[1]) * (c[1] - groups[k].lab[1]) +
                             (c[2] - groups[k].lab[2]) * (c[2] - groups[k].lab[2]));
            if (de < MERGE_DE)
                g = k;
        }
        if (g < 0 && ng < 64) {
            g = ng++;
            memcpy(groups[g].lab, c, sizeof(c));
            groups[g].n = 0;
        }
        if (g >= 0) { /* the group's colour is its first (largest) bin's: stable under noise */
            groups[g].n += bins[best].n;
        }
        bins[best].n = 0;
    }
    /* groups a person would call by the same name are one colour to them ("green" twice reads
       as a mistake): a group joins the largest group of its name, whose colour it keeps */
    for (int k = 0; k < ng; k++)
        for (int q = 0; q < ng; q++)
            if (q != k && groups[q].n && groups[k].n && groups[q].n >= groups[k].n &&
                (groups[q].n > groups[k].n || q < k) &&
                strcmp(colour_name(groups[q].lab), colour_name(groups[k].lab)) == 0) {
                groups[q].n += groups[k].n;
                groups[k].n = 0;
            }
    for (int k = 0; k < ng; k++) { /* largest first, at least MIN_SHARE of the marks */
        int best = -1;
        for (int q = 0; q < ng; q++)
            if (groups[q].n && (best < 0 || groups[q].n > groups[best].n))
                best = q;
        if (best < 0)
            break;
        double share = (double)groups[best].n / (double)counted;
        if (share >= MIN_SHARE && out->n_colours < EASEL_FORMAL_COLOURS) {
            struct easel_formal_colour *o = &out->colours[out->n_colours++];
            o->L = groups[best].lab[0];
            o->a = groups[best].lab[1];
            o->b = groups[best].lab[2];
            o->share = share;
            o->name = colour_name(groups[best].lab);
        }
        groups[best].n = 0;
    }
    /* edges: a Sobel gradient of L* over 25 marks a clear edge */
    size_t edges = 0;
    for (uint32_t y = 1; y + 1 < h; y++)
        for (uint32_t x = 1; x + 1 < w; x++) {
#define L_AT(xx, yy) lab[3 * ((size_t)(yy)*w + (xx))]
            double gx = (L_AT(x + 1, y - 1) + 2 * L_AT(x + 1, y) + L_AT(x + 1, y + 1)) -
                        (L_AT(x - 1, y - 1) + 2 * L_AT(x - 1, y) + L_AT(x - 1, y + 1));
            double gy = (L_AT(x - 1, y + 1) + 2 * L_AT(x, y + 1) + L_AT(x + 1, y + 1)) -
                        (L_AT(x - 1, y - 1) + 2 * L_AT(x, y - 1) + L_AT(x + 1, y - 1));
#undef L_AT
            edges += gx * gx + gy * gy > 4.0 * 25.0 * 25.0;
        }
    out->edge_density = (double)edges / (double)n;
done:
    free(lab);
    free(mark);
    free(row_ok);
    free(bx_of);
    free(ckey);
    free(cval);
    free(hist);
    free(col_run);
    free(bins);
    free(tables);
    return rc;
}
