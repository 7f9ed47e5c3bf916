/*
 * render/render_int.h — what the render layer shares inside itself and with the documents
 * (src/render/doc_*.c): font set-up, pango layouts on the pinned fonts, the chart drawn into any
 * cairo context, and the drawing surface ("canvas") the chart code draws through.
 *
 * Owns: one process-wide pango font map on a private FcConfig, made once by render_init and
 * kept until exit. Borrows: every cairo_t and chart passed in, for the call.
 * Fails: render_init returns EASEL_EIO when the pinned fonts are missing (err names the package);
 * render_chart_draw returns EASEL_EINVAL for a malformed chart (see easel/render.h).
 */
#ifndef EASEL_RENDER_INT_H
#define EASEL_RENDER_INT_H

#include "easel/render.h"

#include <cairo.h>
#include <pango/pangocairo.h>

/* Load the pinned fonts (fonts.conf, compiled in) once; thread-safe; later calls return the
   first result. Every function below calls it, so callers need not, but a command may call it
   first to fail early with a clear message. */
int render_init(struct easel_error *err);

/* Every public entry point that draws (easel_chart_write, easel_report_write) holds this
   process-wide, recursive lock while it draws, so callers on several threads (easel serve) need
   not serialise anything themselves. */
void render_lock(void);
void render_unlock(void);

/* The font map on the pinned fonts (valid after render_init succeeded, until exit). */
PangoFontMap *render_font_map(void);

/* A layout for cr on the pinned fonts, with easel's font options (no hinting, fractional
   positions: PNG and PDF lay out alike). font_desc is a pango description: "Noto Sans 10",
   "Noto Sans Bold 14", "Noto Sans Italic 9". Returns NULL when render_init failed or on OOM;
   the caller owns it (g_object_unref). */
PangoLayout *render_layout(cairo_t *cr, const char *font_desc);

/* Draw the chart into cr with its top-left corner at (x, y), w x h points. The same drawing as
   easel_chart_write, as vectors in a PDF. cr's state is saved and restored. Returns 0 or a
   negative EASEL_E* code; call render_chart_check first for a message naming the bad field. */
int render_chart_draw(cairo_t *cr, const struct easel_chart *c, double x, double y, double w,
                      double h);

/* Check a chart before drawing (sizes, ranges, order, UTF-8), with err naming the field. */
int render_chart_check(const struct easel_chart *c, double w, double h, struct easel_error *err);

/* true when s is valid UTF-8 without control characters other than tab and newline (what XML
   and pango accept). NULL is valid. */
bool render_text_ok(const char *s);

/* ---- the canvas: the few primitives the chart needs, on cairo or as SVG text ---- */

enum render_anchor { RENDER_LEFT, RENDER_CENTER, RENDER_RIGHT };
enum render_shape { RENDER_CIRCLE, RENDER_SQUARE, RENDER_TRIANGLE, RENDER_DIAMOND };

struct render_text_size {
    double w, h, baseline; /* points; baseline from the top of the line */
};

struct render_canvas_ops {
    /* filled rectangle, colour 0xRRGGBB, alpha 0..1 */
    void (*rect)(void *impl, double x, double y, double w, double h, uint32_t rgb, double alpha,
                 const char *cls);
    /* open polyline of n points (xy pairs); dash 0 solid, 1 dashed, 2 dotted, 3 dash-dot */
    void (*line)(void *impl, const double *xy, size_t n, uint32_t rgb, double width, int dash,
                 const char *cls);
    /* a point symbol of radius r; fill_rgb UINT32_MAX: hollow. tip: SVG tooltip, may be NULL */
    void (*shape)(void *impl, enum render_shape s, double x, double y, double r, uint32_t fill_rgb,
                  uint32_t stroke_rgb, double stroke_w, const char *cls, const char *tip);
    /* one line of text; (x, y) is the anchor point on the top of the line; vertical: rotated
       90 degrees counter-clockwise, (x, y) is then the left of the rotated line's centre */
    void (*text)(void *impl, const char *s, const char *font, double x, double y,
                 enum render_anchor a, uint32_t rgb, bool vertical, const char *cls);
    void (*measure)(void *impl, const char *s, const char *font, struct render_text_size *out);
    /* SVG: open/close a <g class="cls"> group; cairo: nothing */
    void (*group)(void *impl, const char *cls, bool open);
};

struct render_canvas {
    const struct render_canvas_ops *ops;
    void *impl;
};

/* The chart through any canvas (chart.c). */
int render__chart_canvas(struct render_canvas *cv, const struct easel_chart *c, double x, double y,
                         double w, double h);

/* The cairo canvas (canvas_cairo.c): impl is the cairo_t. */
extern const struct render_canvas_ops render__cairo_ops;
/* Text size on the pinned fonts, measured through cr (any cairo context). */
void render__measure(cairo_t *cr, const char *s, const char *font, struct render_text_size *out);

/* The SVG canvas (canvas_svg.c): writes elements into a buffer; measures with pango. */
struct render_svg {
    struct easel_buf *out;
    cairo_surface_t *scratch_surface;
    cairo_t *scratch; /* for measuring text */
};
extern const struct render_canvas_ops render__svg_ops;
int render__svg_begin(struct render_svg *s, struct easel_buf *out, double w, double h,
                      const char *title);
int render__svg_end(struct render_svg *s); /* closes the document, frees scratch state */

/* The compiled-in fonts.conf (generated fonts_conf.c). */
const char *render__fonts_conf(void);

#endif
