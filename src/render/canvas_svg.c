/*
 * render/canvas_svg.c — the chart's primitives as SVG elements: real <text> (searchable,
 * selectable, any script shaped by the browser), one element per data point with a tooltip,
 * class names for styling. Text is measured with pango on the pinned fonts so the layout is
 * the same as in PNG and PDF; the SVG names the same families, falling back to sans-serif.
 *
 * Owns: a scratch (recording) cairo surface for measuring, freed by render__svg_end. Borrows: the
 * output buffer. Fails: the buffer's sticky error (EASEL_ENOMEM, EASEL_ETOOBIG) from
 * render__svg_end; EASEL_ENOMEM when the scratch surface cannot be made.
 */
#include "render_int.h"

#define FAMILIES                                                                                   \
    "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Devanagari', "                \
    "'Noto Sans CJK SC', sans-serif"

static void put_esc(struct easel_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            easel_buf_puts(b, "&amp;");
            break;
        case '<':
            easel_buf_puts(b, "&lt;");
            break;
        case '>':
            easel_buf_puts(b, "&gt;");
            break;
        case '"':
            easel_buf_puts(b, "&quot;");
            break;
        default:
            easel_buf_add(b, s, 1);
        }
    }
}

static void put_class(struct easel_buf *b, const char *cls)
{
    if (cls && *cls) {
        easel_buf_puts(b, " class=\"");
        put_esc(b, cls);
        easel_buf_puts(b, "\"");
    }
}

static void s_rect(void *impl, double x, double y, double w, double h, uint32_t rgb, double alpha,
                   const char *cls)
{
    struct render_svg *s = impl;
    easel_buf_printf(s->out,
                     "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                     "fill=\"#%06x\"",
                     x, y, w, h, (unsigned)rgb);
    if (alpha < 1.0)
        easel_buf_printf(s->out, " fill-opacity=\"%.3f\"", alpha);
    put_class(s->out, cls);
    easel_buf_puts(s->out, "/>\n");
}

static void s_line(void *impl, const double *xy, size_t n, uint32_t rgb, double width, int dash,
                   const char *cls)
{
    struct render_svg *s = impl;
    if (n < 2)
        return;
    easel_buf_puts(s->out, "<polyline points=\"");
    for (size_t i = 0; i < n; i++)
        easel_buf_printf(s->out, "%s%.2f,%.2f", i ? " " : "", xy[2 * i], xy[2 * i + 1]);
    easel_buf_printf(s->out, "\" fill=\"none\" stroke=\"#%06x\" stroke-width=\"%.2f\"",
                     (unsigned)rgb, width);
    static const char *const dashes[] = {NULL, "4 2.5", "0.1 2.2", "5 2 0.1 2"};
    if (dash > 0 && dash < 4)
        easel_buf_printf(s->out, " stroke-dasharray=\"%s\"%s", dashes[dash],
                         dash == 2 ? " stroke-linecap=\"round\"" : "");
    easel_buf_puts(s->out, " stroke-linejoin=\"round\"");
    put_class(s->out, cls);
    easel_buf_puts(s->out, "/>\n");
}

static void s_shape(void *impl, enum render_shape sh, double x, double y, double r,
                    uint32_t fill_rgb, uint32_t stroke_rgb, double stroke_w, const char *cls,
                    const char *tip)
{
    struct render_svg *s = impl;
    struct easel_buf *b = s->out;
    switch (sh) {
    case RENDER_SQUARE:
        easel_buf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"",
                         x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
        break;
    case RENDER_TRIANGLE:
        easel_buf_printf(b, "<path d=\"M%.2f %.2fL%.2f %.2fL%.2f %.2fZ\"", x, y - r * 1.15,
                         x + r * 1.05, y + r * 0.75, x - r * 1.05, y + r * 0.75);
        break;
    case RENDER_DIAMOND:
        easel_buf_printf(b, "<path d=\"M%.2f %.2fL%.2f %.2fL%.2f %.2fL%.2f %.2fZ\"", x,
                         y - r * 1.25, x + r * 1.25, y, x, y + r * 1.25, x - r * 1.25, y);
        break;
    default:
        easel_buf_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"", x, y, r);
    }
    if (fill_rgb == UINT32_MAX)
        easel_buf_puts(b, " fill=\"none\"");
    else
        easel_buf_printf(b, " fill=\"#%06x\"", (unsigned)fill_rgb);
    easel_buf_printf(b, " stroke=\"#%06x\" stroke-width=\"%.2f\"", (unsigned)stroke_rgb, stroke_w);
    put_class(b, cls);
    if (tip) {
        easel_buf_puts(b, "><title>");
        put_esc(b, tip);
        easel_buf_puts(b, sh == RENDER_CIRCLE   ? "</title></circle>\n"
                          : sh == RENDER_SQUARE ? "</title></rect>\n"
                                                : "</title></path>\n");
    } else {
        easel_buf_puts(b, "/>\n");
    }
}

/* "Noto Sans Bold 10" -> weight and size for the SVG attributes. */
static void font_attrs(struct easel_buf *b, const char *font)
{
    PangoFontDescription *fd = pango_font_description_from_string(font);
    double size = (double)pango_font_description_get_size(fd) / PANGO_SCALE;
    PangoWeight wt = pango_font_description_get_weight(fd);
    PangoStyle st = pango_font_description_get_style(fd);
    pango_font_description_free(fd);
    easel_buf_printf(b, " font-family=\"%s\" font-size=\"%.2f\"", FAMILIES, size > 0 ? size : 10);
    if (wt >= PANGO_WEIGHT_SEMIBOLD)
        easel_buf_puts(b, " font-weight=\"bold\"");
    if (st != PANGO_STYLE_NORMAL)
        easel_buf_puts(b, " font-style=\"italic\"");
}

static void s_measure(void *impl, const char *str, const char *font, struct render_text_size *out)
{
    struct render_svg *s = impl;
    render__measure(s->scratch, str, font, out);
}

static void s_text(void *impl, const char *str, const char *font, double x, double y,
                   enum render_anchor a, uint32_t rgb, bool vertical, const char *cls)
{
    struct render_svg *s = impl;
    struct render_text_size ts;
    render__measure(s->scratch, str, font, &ts);
    static const char *const anchors[] = {"start", "middle", "end"};
    struct easel_buf *b = s->out;
    if (vertical)
        easel_buf_printf(b,
                         "<text transform=\"translate(%.2f %.2f) rotate(-90)\" x=\"0\" "
                         "y=\"%.2f\"",
                         x, y, ts.baseline);
    else
        easel_buf_printf(b, "<text x=\"%.2f\" y=\"%.2f\"", x, y + ts.baseline);
    easel_buf_printf(b, " text-anchor=\"%s\" fill=\"#%06x\"", anchors[a], (unsigned)rgb);
    font_attrs(b, font);
    put_class(b, cls);
    easel_buf_puts(b, ">");
    put_esc(b, str);
    easel_buf_puts(b, "</text>\n");
}

static void s_group(void *impl, const char *cls, bool open)
{
    struct render_svg *s = impl;
    if (open) {
        easel_buf_puts(s->out, "<g");
        put_class(s->out, cls);
        easel_buf_puts(s->out, ">\n");
    } else {
        easel_buf_puts(s->out, "</g>\n");
    }
}

const struct render_canvas_ops render__svg_ops = {
    .rect = s_rect,
    .line = s_line,
    .shape = s_shape,
    .text = s_text,
    .measure = s_measure,
    .group = s_group,
};

int render__svg_begin(struct render_svg *s, struct easel_buf *out, double w, double h,
                      const char *title)
{
    s->out = out;
    s->scratch_surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    s->scratch = cairo_create(s->scratch_surface);
    if (cairo_status(s->scratch) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(s->scratch);
        cairo_surface_destroy(s->scratch_surface);
        s->scratch = NULL;
        s->scratch_surface = NULL;
        return EASEL_ENOMEM;
    }
    easel_buf_printf(out,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2fpt\" "
                     "height=\"%.2fpt\" viewBox=\"0 0 %.2f %.2f\" role=\"img\" aria-label=\"",
                     w, h, w, h);
    put_esc(out, title ? title : "");
    easel_buf_puts(out, "\" class=\"easel-chart\">\n<title>");
    put_esc(out, title ? title : "");
    easel_buf_puts(out, "</title>\n");
    return 0;
}

int render__svg_end(struct render_svg *s)
{
    easel_buf_puts(s->out, "</svg>\n");
    if (s->scratch)
        cairo_destroy(s->scratch);
    if (s->scratch_surface)
        cairo_surface_destroy(s->scratch_surface);
    s->scratch = NULL;
    s->scratch_surface = NULL;
    return s->out->failed;
}
