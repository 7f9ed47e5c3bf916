/*
 * render/canvas_cairo.c — the chart's primitives on a cairo context (PNG, PDF, and the
 * documents' pages); text through pango on the pinned fonts.
 *
 * Owns: nothing. Borrows: the cairo_t (impl) for the call. Fails: never; a layout that cannot
 * be made (out of memory) draws nothing and measures zero.
 */
#include "render_int.h"

#define PI 3.14159265358979323846

static void set_rgb(cairo_t *cr, uint32_t rgb, double alpha)
{
    cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                          (rgb & 0xff) / 255.0, alpha);
}

static void c_rect(void *impl, double x, double y, double w, double h, uint32_t rgb, double alpha,
                   const char *cls)
{
    (void)cls;
    cairo_t *cr = impl;
    cairo_rectangle(cr, x, y, w, h);
    set_rgb(cr, rgb, alpha);
    cairo_fill(cr);
}

static void set_dash(cairo_t *cr, int dash, double width)
{
    static const double dashed[] = {4.0, 2.5}, dotted[] = {0.1, 2.2}, dashdot[] = {5, 2, 0.1, 2};
    switch (dash) {
    case 1:
        cairo_set_dash(cr, dashed, 2, 0);
        break;
    case 2:
        cairo_set_dash(cr, dotted, 2, 0);
        break;
    case 3:
        cairo_set_dash(cr, dashdot, 4, 0);
        break;
    default:
        cairo_set_dash(cr, NULL, 0, 0);
    }
    (void)width;
}

static void c_line(void *impl, const double *xy, size_t n, uint32_t rgb, double width, int dash,
                   const char *cls)
{
    (void)cls;
    cairo_t *cr = impl;
    if (n < 2)
        return;
    cairo_save(cr);
    cairo_move_to(cr, xy[0], xy[1]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
    set_rgb(cr, rgb, 1.0);
    cairo_set_line_width(cr, width);
    cairo_set_line_cap(cr, dash == 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    set_dash(cr, dash, width);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void shape_path(cairo_t *cr, enum render_shape s, double x, double y, double r)
{
    switch (s) {
    case RENDER_SQUARE:
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
        break;
    case RENDER_TRIANGLE:
        cairo_move_to(cr, x, y - r * 1.15);
        cairo_line_to(cr, x + r * 1.05, y + r * 0.75);
        cairo_line_to(cr, x - r * 1.05, y + r * 0.75);
        cairo_close_path(cr);
        break;
    case RENDER_DIAMOND:
        cairo_move_to(cr, x, y - r * 1.25);
        cairo_line_to(cr, x + r * 1.25, y);
        cairo_line_to(cr, x, y + r * 1.25);
        cairo_line_to(cr, x - r * 1.25, y);
        cairo_close_path(cr);
        break;
    default:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * PI);
        cairo_close_path(cr);
    }
}

static void c_shape(void *impl, enum render_shape s, double x, double y, double r,
                    uint32_t fill_rgb, uint32_t stroke_rgb, double stroke_w, const char *cls,
                    const char *tip)
{
    (void)cls;
    (void)tip;
    cairo_t *cr = impl;
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    shape_path(cr, s, x, y, r);
    if (fill_rgb != UINT32_MAX) {
        set_rgb(cr, fill_rgb, 1.0);
        cairo_fill_preserve(cr);
    }
    set_rgb(cr, stroke_rgb, 1.0);
    cairo_set_line_width(cr, stroke_w);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void render__measure(cairo_t *cr, const char *s, const char *font, struct render_text_size *out)
{
    out->w = out->h = out->baseline = 0;
    PangoLayout *l = render_layout(cr, font);
    if (!l)
        return;
    pango_layout_set_text(l, s, -1);
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    out->w = (double)logical.width / PANGO_SCALE;
    out->h = (double)logical.height / PANGO_SCALE;
    out->baseline = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
    g_object_unref(l);
}

static void c_measure(void *impl, const char *s, const char *font, struct render_text_size *out)
{
    render__measure(impl, s, font, out);
}

static void c_text(void *impl, const char *s, const char *font, double x, double y,
                   enum render_anchor a, uint32_t rgb, bool vertical, const char *cls)
{
    (void)cls;
    cairo_t *cr = impl;
    PangoLayout *l = render_layout(cr, font);
    if (!l)
        return;
    pango_layout_set_text(l, s, -1);
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    double w = (double)logical.width / PANGO_SCALE;
    double dx = a == RENDER_CENTER ? -w / 2 : a == RENDER_RIGHT ? -w : 0;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (vertical)
        cairo_rotate(cr, -PI / 2);
    cairo_move_to(cr, dx, 0);
    set_rgb(cr, rgb, 1.0);
    pango_cairo_update_layout(cr, l);
    pango_cairo_show_layout(cr, l);
    cairo_restore(cr);
    g_object_unref(l);
}

static void c_group(void *impl, const char *cls, bool open)
{
    (void)impl;
    (void)cls;
    (void)open;
}

const struct render_canvas_ops render__cairo_ops = {
    .rect = c_rect,
    .line = c_line,
    .shape = c_shape,
    .text = c_text,
    .measure = c_measure,
    .group = c_group,
};
