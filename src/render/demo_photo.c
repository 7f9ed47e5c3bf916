/*
 * render/demo_photo.c — a demo artwork "photographed" (render/demo_art.h): the flat page lies on
 * a table and a phone looks at it from a little above and in front. Pure C on pixels:
 *
 *   - where the page lands: its four corners moved inwards, the far (top) edge up to about
 *     11 % shorter than the near one (a keystone of a few degrees of tilt), a small skew and a
 *     rotation of up to about 1 degree, every corner kept inside the picture so the table shows
 *     all round;
 *   - each picture pixel is mapped back onto the page through the homography of those corners
 *     (Heckbert's square-to-quad, inverted) and sampled bilinearly, with an anti-aliased edge;
 *     for speed the map is exact every SEG pixels of a row and stepped in fixed point between,
 *     two channels of a packed pixel are weighted in one multiply, and the table away from the
 *     page's edge has its own short path;
 *   - outside the page the table (wood, laminate or a cutting mat), darkened by the page's soft
 *     shadow on the side away from the light;
 *   - a light fall-off from a lamp near the top, an exposure a little under, a warm (tungsten)
 *     or cool (daylight) cast, and sensor noise, mostly in lightness.
 *
 * Owns: nothing. Borrows: both buffers for the call. Fails: never.
 */
#include "demo_art.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#define NOISE 4096 /* entries in the noise table (a power of two) */
#define SEG 16     /* pixels between exact points of the perspective map */

struct prng {
    uint64_t s;
};

static uint64_t prng_next(struct prng *r)
{
    return easel_xorshift64s(&r->s);
}

static double between(struct prng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)(prng_next(r) >> 11) * 0x1.0p-53;
}

static double least(double a, double b)
{
    return a < b ? a : b;
}

/* A sine good to about 0.1 %, for textures (a parabola on each half period). */
static double wave(double t)
{
    t = t * (1 / (2 * 3.14159265358979323846));
    t -= floor(t);                                            /* 0..1 of a period */
    double u = t < 0.5 ? t : t - 0.5, v = 16 * u * (0.5 - u); /* 0..1..0 */
    v = 0.225 * (v * v - v) + v;                              /* closer to a sine */
    return t < 0.5 ? v : -v;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : (v > 1 ? 1 : v);
}

/* Tables a page is photographed on: light oak, walnut, grey laminate, dark slate, a green
   cutting mat. */
static const double tables[][3] = {
    {150, 112, 74}, {96, 66, 46}, {128, 128, 124}, {66, 68, 74}, {52, 92, 78}};

void easel__demo_photograph(uint64_t seed, const uint32_t *page, uint32_t pw, uint32_t ph,
                            uint8_t *photo, uint32_t w, uint32_t h)
{
    struct prng r = {easel_splitmix64(seed ^ 0x70686f746fu)};
    if (!r.s)
        r.s = 1;
    const double W = w, H = h, PW = pw, PH = ph;

    /* the page's corners in the picture: top-left, top-right, bottom-right, bottom-left */
    double top = between(&r, 0.03, 0.065) * W, bottom = between(&r, 0.01, 0.025) * W;
    double ty = between(&r, 0.025, 0.05) * H, by = between(&r, 0.015, 0.035) * H;
    double shift = between(&r, -0.01, 0.01) * W, skew = between(&r, -0.01, 0.01) * H;
    double cx[4] = {top + shift, W - top + shift, W - bottom + shift, bottom + shift};
    double cy[4] = {ty + skew, ty - skew, H - by - skew, H - by + skew};
    double turn = between(&r, -0.018, 0.018), ct = cos(turn), st = sin(turn);
    for (int i = 0; i < 4; i++) {
        double x = cx[i] - W / 2 + between(&r, -0.004, 0.004) * W;
        double y = cy[i] - H / 2 + between(&r, -0.004, 0.004) * H;
        cx[i] = W / 2 + x * ct - y * st;
        cy[i] = H / 2 + x * st + y * ct;
        cx[i] = fmin(fmax(cx[i], 0.008 * W), 0.992 * W); /* the table shows all round */
        cy[i] = fmin(fmax(cy[i], 0.008 * H), 0.992 * H);
    }

    /* the unit square onto that quad (Heckbert 1989), then its inverse (the adjugate):
       picture -> unit square, scaled to page pixels */
    double sx = cx[0] - cx[1] + cx[2] - cx[3], sy = cy[0] - cy[1] + cy[2] - cy[3];
    double dx1 = cx[1] - cx[2], dx2 = cx[3] - cx[2], dy1 = cy[1] - cy[2], dy2 = cy[3] - cy[2];
    double det = dx1 * dy2 - dx2 * dy1;
    double g = (sx * dy2 - dx2 * sy) / det, hh = (dx1 * sy - sx * dy1) / det;
    double m[9] = {cx[1] - cx[0] + g * cx[1],
                   cx[3] - cx[0] + hh * cx[3],
                   cx[0],
                   cy[1] - cy[0] + g * cy[1],
                   cy[3] - cy[0] + hh * cy[3],
                   cy[0],
                   g,
                   hh,
                   1};
    double inv[9] = {(m[4] * m[8] - m[5] * m[7]) * PW, (m[2] * m[7] - m[1] * m[8]) * PW,
                     (m[1] * m[5] - m[2] * m[4]) * PW, (m[5] * m[6] - m[3] * m[8]) * PH,
                     (m[0] * m[8] - m[2] * m[6]) * PH, (m[2] * m[3] - m[0] * m[5]) * PH,
                     m[3] * m[7] - m[4] * m[6],        m[1] * m[6] - m[0] * m[7],
                     m[0] * m[4] - m[1] * m[3]};

    /* the table, the light, the camera */
    const double *table = tables[prng_next(&r) % (sizeof(tables) / sizeof(tables[0]))];
    double grain_f = between(&r, 0.02, 0.05), grain_p = between(&r, 0, 6.28);
    double lx = between(&r, -0.2, 1.2) * W, ly = between(&r, -0.4, 0.3) * H;
    /* at most (1.2 W)^2 + (1.4 H)^2 from the lamp: up to a quarter darker in a far corner */
    double R2 = W * W + H * H, fall = between(&r, 0.07, 0.15);
    double exposure = between(&r, 0.90, 0.97), t = between(&r, 0.4, 1.0);
    double cast[3];
    if (prng_next(&r) & 1) { /* warm: indoor light */
        cast[0] = 1.0 + 0.035 * t;
        cast[1] = 1.0;
        cast[2] = 1.0 - 0.09 * t;
    } else { /* cool: daylight from a window, a phone's white balance off */
        cast[0] = 1.0 - 0.05 * t;
        cast[1] = 1.0 - 0.005 * t;
        cast[2] = 1.0 + 0.03 * t;
    }
    /* the shadow falls away from the light, a few page pixels */
    double away = atan2(H / 2 - ly, W / 2 - lx);
    double shx = cos(away) * 5.0 * PW / W, shy = sin(away) * 5.0 * PH / H;

    /* sensor noise: a table of lightness and colour noise (three uniforms make a rough bell),
       read from a random place in each row */
    int16_t lum_t[NOISE], chroma_t[NOISE];
    for (int i = 0; i < NOISE; i++) {
        uint64_t n = prng_next(&r);
        double l = ((double)((n & 0x3ff) + ((n >> 10) & 0x3ff) + ((n >> 20) & 0x3ff)) - 1534.5) *
                   (3.2 / 1023);
        lum_t[i] = (int16_t)floor(l + 0.5);
        chroma_t[i] = (int16_t)floor(((double)((n >> 32) & 0xff) - 127.5) * (2.0 / 255) + 0.5);
    }
    uint8_t sat[768]; /* clamps -256..511 to a byte */
    for (int i = 0; i < 768; i++)
        sat[i] = (uint8_t)(i < 256 ? 0 : (i > 511 ? 255 : i - 256));

    /* Each row in segments of SEG pixels: exact at the knots, stepped in fixed point between
       them (the map is all but affine over a few pixels). A segment whose ends are both well
       inside the page (which is convex) is sampled bilinearly on packed pixels with the light
       stepped too; one that reaches the page's edge is done pixel by pixel: anti-aliased into
       the table, wood grain (or a mat's faint texture) in wavy lines along the rows, the page's
       shadow. */
    for (uint32_t py = 0; py < h; py++) {
        double Y = py + 0.5, dyl = Y - ly;
        double un = inv[1] * Y + inv[2], vn = inv[4] * Y + inv[5], qn = inv[7] * Y + inv[8];
        uint8_t *o = photo + (size_t)py * w * 3;
        uint32_t off = (uint32_t)(prng_next(&r) >> 52); /* 0..4095 */
        for (uint32_t s0 = 0; s0 < w; s0 += SEG) {
            uint32_t s1 = s0 + SEG < w ? s0 + SEG : w;
            double xa = s0 + 0.5, xb = s1 + 0.5;
            double qa = 1.0 / (qn + inv[6] * xa), qb = 1.0 / (qn + inv[6] * xb);
            double fxa = (un + inv[0] * xa) * qa - 0.5, fya = (vn + inv[3] * xa) * qa - 0.5;
            double fxb = (un + inv[0] * xb) * qb - 0.5, fyb = (vn + inv[3] * xb) * qb - 0.5;
            double la = exposure * (1.0 - fall * ((xa - lx) * (xa - lx) + dyl * dyl) / R2);
            double lb = exposure * (1.0 - fall * ((xb - lx) * (xb - lx) + dyl * dyl) / R2);
            if (least(fxa, fxb) >= 1 && least(fya, fyb) >= 1 && fxa < PW - 2 && fxb < PW - 2 &&
                fya < PH - 2 && fyb < PH - 2) {
                double n = s1 - s0;
                int32_t X = (int32_t)(fxa * 65536), Yq = (int32_t)(fya * 65536);
                int32_t dX = (int32_t)((fxb - fxa) / n * 65536),
                        dY = (int32_t)((fyb - fya) / n * 65536);
                /* light times cast, 16.16, each channel */
                int32_t G0 = (int32_t)(la * cast[0] * 65536), G1 = (int32_t)(la * cast[1] * 65536);
                int32_t G2 = (int32_t)(la * cast[2] * 65536);
                int32_t dG0 = (int32_t)((lb - la) * cast[0] / n * 65536);
                int32_t dG1 = (int32_t)((lb - la) * cast[1] / n * 65536);
                int32_t dG2 = (int32_t)((lb - la) * cast[2] / n * 65536);
                const uint32_t *row0 = page;
                for (uint32_t px = s0; px < s1;
                     px++, o += 3, X += dX, Yq += dY, G0 += dG0, G1 += dG1, G2 += dG2) {
                    uint32_t x0 = (uint32_t)(X >> 16), y0 = (uint32_t)(Yq >> 16);
                    uint32_t ax = (uint32_t)(X >> 8) & 0xff, ay = (uint32_t)(Yq >> 8) & 0xff;
                    uint32_t w11 = (ax * ay) >> 8, w10 = ax - w11, w01 = ay - w11;
                    uint32_t w00 = 256 - ax - ay + w11;
                    const uint32_t *p0 = row0 + (size_t)y0 * pw + x0, *p1 = p0 + pw;
                    uint32_t rb = ((p0[0] & 0xff00ffu) * w00 + (p0[1] & 0xff00ffu) * w10 +
                                   (p1[0] & 0xff00ffu) * w01 + (p1[1] & 0xff00ffu) * w11) >>
                                  8;
                    uint32_t gg = ((p0[0] & 0xff00u) * w00 + (p0[1] & 0xff00u) * w10 +
                                   (p1[0] & 0xff00u) * w01 + (p1[1] & 0xff00u) * w11) >>
                                  16;
                    uint32_t ni = (off + px) & (NOISE - 1);
                    int32_t lum = lum_t[ni] + 256, ch = chroma_t[ni];
                    int32_t cr = (int32_t)((rb >> 16) & 0xff), cg = (int32_t)(gg & 0xff),
                            cb = (int32_t)(rb & 0xff);
                    o[0] = sat[((cr * (G0 >> 8)) >> 8) + lum + ch];
                    o[1] = sat[((cg * (G1 >> 8)) >> 8) + lum];
                    o[2] = sat[((cb * (G2 >> 8)) >> 8) + lum - ch];
                }
                continue;
            }
            /* wholly outside one edge of the page and one edge of its shadow (both convex,
               and a segment maps to a segment): the table alone, its grain and light stepped */
            bool off_page = (fxa < -1 && fxb < -1) || (fxa > PW + 1 && fxb > PW + 1) ||
                            (fya < -1 && fyb < -1) || (fya > PH + 1 && fyb > PH + 1);
            double sxa = fxa + 0.5 - shx, sxb = fxb + 0.5 - shx;
            double sya = fya + 0.5 - shy, syb = fyb + 0.5 - shy;
            bool unshaded = (sxa < -3 && sxb < -3) || (sxa > PW + 3 && sxb > PW + 3) ||
                            (sya < -3 && syb < -3) || (sya > PH + 3 && syb > PH + 3);
            if (off_page && unshaded) {
                double ta =
                    1.0 + grain_f * wave(Y * 0.045 + 2.5 * wave(xa * 0.0031 + Y * 0.011) + grain_p);
                double tb =
                    1.0 + grain_f * wave(Y * 0.045 + 2.5 * wave(xb * 0.0031 + Y * 0.011) + grain_p);
                float F = (float)(ta * la), dF = (float)((tb * lb - ta * la) / (s1 - s0));
                float T[3];
                for (int k = 0; k < 3; k++)
                    T[k] = (float)(table[k] * cast[k]);
                for (uint32_t px = s0; px < s1; px++, o += 3, F += dF) {
                    uint32_t ni = (off + px) & (NOISE - 1);
                    int lum = lum_t[ni] + 256, ch = chroma_t[ni];
                    o[0] = sat[(int)(T[0] * F + 0.5f) + lum + ch];
                    o[1] = sat[(int)(T[1] * F + 0.5f) + lum];
                    o[2] = sat[(int)(T[2] * F + 0.5f) + lum - ch];
                }
                continue;
            }
            for (uint32_t px = s0; px < s1; px++, o += 3) {
                double X = px + 0.5, q = 1.0 / (qn + inv[6] * X);
                double xd = (un + inv[0] * X) * q, yd = (vn + inv[3] * X) * q;
                double in = least(least(xd, PW - xd), least(yd, PH - yd)); /* < 0 outside */
                double on = clamp01(in + 0.5), c[3] = {0, 0, 0};
                if (on > 0) {
                    double sx_ = xd - 0.5, sy_ = yd - 0.5;
                    sx_ = sx_ < 0 ? 0 : (sx_ > PW - 1 ? PW - 1 : sx_);
                    sy_ = sy_ < 0 ? 0 : (sy_ > PH - 1 ? PH - 1 : sy_);
                    uint32_t v = page[(size_t)(uint32_t)(sy_ + 0.5) * pw + (uint32_t)(sx_ + 0.5)];
                    c[0] = (v >> 16) & 0xff;
                    c[1] = (v >> 8) & 0xff;
                    c[2] = v & 0xff;
                }
                double tex =
                    1.0 + grain_f * wave(Y * 0.045 + 2.5 * wave(X * 0.0031 + Y * 0.011) + grain_p);
                double su = xd - shx, sv = yd - shy;
                double in_sh = least(least(su, PW - su), least(sv, PH - sv));
                double shade = 1.0 - 0.45 * clamp01(in_sh / 6.0 + 0.5);
                double light = exposure * (1.0 - fall * ((X - lx) * (X - lx) + dyl * dyl) / R2);
                uint32_t ni = (off + px) & (NOISE - 1);
                int lum = lum_t[ni] + 256, ch = chroma_t[ni];
                for (int k = 0; k < 3; k++) {
                    double t_ = (c[k] * on + table[k] * tex * shade * (1 - on)) * light * cast[k];
                    int v = (int)(t_ + 0.5) + lum + (k == 0 ? ch : (k == 2 ? -ch : 0));
                    o[k] = sat[v < 0 ? 0 : (v > 767 ? 767 : v)];
                }
            }
        }
    }
}
