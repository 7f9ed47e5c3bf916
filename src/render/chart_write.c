/*
 * render/chart_write.c — easel_chart_write: one chart as SVG text, PNG bytes or a one-page PDF,
 * appended to the caller's buffer.
 *
 * Owns: the cairo surface for the call. Borrows: the chart, the buffer.
 * Fails: EASEL_EINVAL (render_chart_check names the field), EASEL_EIO (fonts, or cairo could
 * not finish the file), EASEL_ENOMEM / EASEL_ETOOBIG from the buffer.
 */
#include "render_int.h"

#include <cairo-pdf.h>

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    return easel_buf_add(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static int buf_error(struct easel_buf *out, struct easel_error *err)
{
    int code = out->failed ? out->failed : EASEL_ENOMEM;
    return easel_error_set(err, code, "chart", "", "the output buffer is full");
}

/* The checks passed, so drawing fails only for room (EINVAL) or memory. */
static int draw_error(int rc, struct easel_error *err)
{
    if (rc == EASEL_EINVAL)
        return easel_error_set(err, rc, "chart", "size",
                               "too small for the title, axes and legend");
    return easel_error_set(err, rc, "chart", "", "%s", easel_strerror(rc));
}

static int write_svg(const struct easel_chart *c, double w, double h, struct easel_buf *out,
                     struct easel_error *err)
{
    struct render_svg s;
    if (render__svg_begin(&s, out, w, h, c->title))
        return easel_error_set(err, EASEL_ENOMEM, "chart", "", "out of memory");
    struct render_canvas cv = {&render__svg_ops, &s};
    int rc = render__chart_canvas(&cv, c, 0, 0, w, h);
    int brc = render__svg_end(&s);
    if (rc)
        return draw_error(rc, err);
    return brc ? buf_error(out, err) : 0;
}

static int write_cairo(const struct easel_chart *c, enum easel_img_format fmt, double w, double h,
                       struct easel_buf *out, struct easel_error *err)
{
    cairo_surface_t *surf;
    if (fmt == EASEL_IMG_PNG) {
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(w + 0.5), (int)(h + 0.5));
    } else {
        surf = cairo_pdf_surface_create_for_stream(to_buf, out, w, h);
        if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS) {
            cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
            if (c->title)
                cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, c->title);
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "easel");
        }
    }
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return easel_error_set(err, EASEL_ENOMEM, "chart", "", "cannot make a %.0f x %.0f surface",
                               w, h);
    }
    cairo_t *cr = cairo_create(surf);
    struct render_canvas cv = {&render__cairo_ops, cr};
    int rc = render__chart_canvas(&cv, c, 0, 0, w, h);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (!rc && st == CAIRO_STATUS_SUCCESS && fmt == EASEL_IMG_PNG)
        st = cairo_surface_write_to_png_stream(surf, to_buf, out);
    cairo_surface_finish(surf); /* PDF: writes the file */
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (rc)
        return draw_error(rc, err);
    if (out->failed)
        return buf_error(out, err);
    if (st != CAIRO_STATUS_SUCCESS)
        return easel_error_set(err, EASEL_EIO, "chart", "", "cairo: %s",
                               cairo_status_to_string(st));
    return 0;
}

int easel_chart_write(const struct easel_chart *c, enum easel_img_format fmt, double w, double h,
                      struct easel_buf *out, struct easel_error *err)
{
    int rc = render_chart_check(c, w, h, err);
    if (rc)
        return rc;
    if (fmt != EASEL_IMG_SVG && fmt != EASEL_IMG_PNG && fmt != EASEL_IMG_PDF)
        return easel_error_set(err, EASEL_EINVAL, "chart", "format", "unknown image format");
    rc = render_init(err);
    if (rc)
        return rc;
    render_lock();
    rc = fmt == EASEL_IMG_SVG ? write_svg(c, w, h, out, err) : write_cairo(c, fmt, w, h, out, err);
    render_unlock();
    return rc;
}
