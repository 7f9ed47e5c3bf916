/*
 * render/doc_pdf.c — draws a document's block list as paginated PDF (A4, or US Letter when the
 * practice prints on it) with cairo and pango:
 * a header (practice, document title, client) and a footer ("page X of Y") on every page,
 * paragraphs wrapped by pango and split line by line across pages (any script: pango shapes,
 * applies bidi and falls back across the pinned Noto faces, which cairo embeds as subsets),
 * tables that break between rows and repeat their header, artwork thumbnails, charts drawn as
 * vectors (render_chart_draw). Title, author, subject, creator and creation date go into the
 * PDF metadata; the creation date is the document's date, never the clock, so the same record
 * gives the same file.
 *
 * Two passes over the same layout code: the first only measures (nothing drawn) to count the
 * pages, the second draws with the total known.
 *
 * Owns: the cairo surfaces it makes (freed before return). Borrows: the doc.
 * Fails: EASEL_EIO (cairo or fonts failed, an image cannot be decoded is NOT an error: it is
 * shown as a placeholder), EASEL_ENOMEM / EASEL_ETOOBIG from the output buffer.
 */
#include "doc.h"
#include "easel/plan.h"
#include "render_int.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

#define A4_W 595.2756 /* A4 in points */
#define A4_H 841.8898
#define LETTER_W 612.0 /* US Letter, 8.5 x 11 in */
#define LETTER_H 792.0
#define PAGE_W (p->page_w)
#define PAGE_H (p->page_h)
#define MARGIN 56.69 /* 20 mm */
#define TOP 74.0
#define BOTTOM (PAGE_H - 62.0)
#define THUMB_H 110.0

struct pdf {
    const struct doc *d;
    cairo_surface_t *surface;
    cairo_t *cr;
    bool dry; /* measuring pass: nothing is drawn */
    int page, pages;
    double y, x0, width;
    double page_w, page_h; /* the practice's paper: A4 or US Letter */
    int rc;
    struct easel_error *err;
};

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    return easel_buf_add(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
    (void)closure, (void)data, (void)len;
    return CAIRO_STATUS_SUCCESS;
}

static void font(char *out, size_t size, const char *style, double pt)
{
    snprintf(out, size, "Noto Sans%s%s %.1f", *style ? " " : "", style, pt);
}

static PangoLayout *layout(struct pdf *p, const char *text, const char *style, double pt,
                           double width)
{
    char desc[64];
    font(desc, sizeof(desc), style, pt);
    PangoLayout *l = render_layout(p->cr, desc);
    if (!l) {
        if (!p->rc)
            p->rc = easel_error_set(p->err, EASEL_EIO, "report", "fonts",
                                    "cannot lay out text (fonts not loaded)");
        return NULL;
    }
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static void small_text(struct pdf *p, const char *text, double x, double y, double w,
                       PangoAlignment align)
{
    PangoLayout *l = layout(p, text, "", 7.5, w);
    if (!l)
        return;
    pango_layout_set_alignment(l, align);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(l, -1);
    if (!p->dry) {
        cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
        cairo_move_to(p->cr, x, y);
        pango_cairo_show_layout(p->cr, l);
    }
    g_object_unref(l);
}

static void start_page(struct pdf *p)
{
    p->page++;
    p->y = TOP;
    const struct easel_report *r = p->d->r;
    char left[400], right[400];
    snprintf(left, sizeof(left), "%s", r->practice ? r->practice : "easel");
    if (p->d->anonymous)
        snprintf(right, sizeof(right), "%s", p->d->title);
    else
        snprintf(right, sizeof(right), "%s: %s", p->d->title, r->client_name ? r->client_name : "");
    small_text(p, left, p->x0, 30, p->width / 2, PANGO_ALIGN_LEFT);
    small_text(p, right, p->x0 + p->width / 2, 30, p->width / 2, PANGO_ALIGN_RIGHT);
    if (!p->dry) {
        cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(p->cr, 0.5);
        cairo_move_to(p->cr, p->x0, 46);
        cairo_line_to(p->cr, p->x0 + p->width, 46);
        cairo_stroke(p->cr);
    }
}

static void end_page(struct pdf *p)
{
    const struct easel_report *r = p->d->r;
    char left[300], right[64];
    if (p->d->anonymous)
        snprintf(left, sizeof(left), "%s", r->date);
    else
        snprintf(left, sizeof(left), "Confidential clinical record. %s, %s", r->client_ref,
                 r->date);
    snprintf(right, sizeof(right), "page %d of %d", p->page, p->pages);
    if (!p->dry) {
        cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(p->cr, 0.5);
        cairo_move_to(p->cr, p->x0, PAGE_H - 46);
        cairo_line_to(p->cr, p->x0 + p->width, PAGE_H - 46);
        cairo_stroke(p->cr);
    }
    small_text(p, left, p->x0, PAGE_H - 40, p->width * 0.7, PANGO_ALIGN_LEFT);
    small_text(p, right, p->x0 + p->width * 0.7, PAGE_H - 40, p->width * 0.3, PANGO_ALIGN_RIGHT);
    if (!p->dry)
        cairo_show_page(p->cr);
}

static void new_page(struct pdf *p)
{
    end_page(p);
    start_page(p);
}

/* Room for h points below y, else a new page (unless already at the top). */
static void ensure(struct pdf *p, double h)
{
    if (p->y + h > BOTTOM && p->y > TOP + 0.5)
        new_page(p);
}

/* Draw a layout line by line from p->y at x, breaking pages between lines. bar: a coloured
   bar left of each line (alerts). */
static void flow(struct pdf *p, PangoLayout *l, double x, double rgb_r, double rgb_g, double rgb_b,
                 bool bar)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double lh = (double)logical.height / PANGO_SCALE;
        double baseline = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        ensure(p, lh);
        if (!p->dry) {
            PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
            if (bar) {
                cairo_set_source_rgb(p->cr, 0.75, 0.1, 0.1);
                cairo_rectangle(p->cr, p->x0, p->y, 3, lh);
                cairo_fill(p->cr);
            }
            cairo_set_source_rgb(p->cr, rgb_r, rgb_g, rgb_b);
            cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE, p->y + baseline);
            pango_cairo_show_layout_line(p->cr, line);
        }
        p->y += lh;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void text(struct pdf *p, const char *s, const char *style, double pt, double indent,
                 double before, double after)
{
    if (p->y > TOP + 0.5)
        p->y += before;
    PangoLayout *l = layout(p, s, style, pt, p->width - indent);
    if (!l)
        return;
    flow(p, l, p->x0 + indent, 0.1, 0.1, 0.1, false);
    g_object_unref(l);
    p->y += after;
}

static void heading(struct pdf *p, const char *s, double pt, double before)
{
    /* keep the heading with at least three lines of what follows */
    double base = p->d->base_pt;
    if (p->y > TOP + 0.5)
        p->y += before;
    ensure(p, pt * 1.5 + 3 * base * 1.4);
    PangoLayout *l = layout(p, s, "Bold", pt, p->width);
    if (!l)
        return;
    flow(p, l, p->x0, 0.05, 0.2, 0.35, false);
    g_object_unref(l);
    p->y += pt * 0.35;
}

static void kv(struct pdf *p, const struct doc_block *b)
{
    size_t nl = strlen(b->label);
    char *s = easel_arena_printf(p->d->a, "%s: %s", b->label, b->text ? b->text : "");
    if (!s)
        return;
    PangoLayout *l = layout(p, s, "", p->d->base_pt, p->width);
    if (!l)
        return;
    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
    bold->start_index = 0;
    bold->end_index = (guint)nl + 1;
    pango_attr_list_insert(attrs, bold);
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    flow(p, l, p->x0, 0.1, 0.1, 0.1, false);
    g_object_unref(l);
    p->y += p->d->base_pt * 0.25;
}

static void bullet(struct pdf *p, const char *s)
{
    double pt = p->d->base_pt, indent = pt * 1.4;
    PangoLayout *l = layout(p, s, "", pt, p->width - indent);
    if (!l)
        return;
    PangoLayout *dot = layout(p, "\xe2\x80\xa2", "", pt, indent);
    PangoRectangle first;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0), NULL, &first);
    ensure(p, (double)first.height / PANGO_SCALE);
    if (!p->dry && dot) {
        cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
        cairo_move_to(p->cr, p->x0 + pt * 0.3, p->y);
        pango_cairo_show_layout(p->cr, dot);
    }
    if (dot)
        g_object_unref(dot);
    flow(p, l, p->x0 + indent, 0.1, 0.1, 0.1, false);
    g_object_unref(l);
    p->y += pt * 0.25;
}

/* ---- tables ---- */

static double row_height(struct pdf *p, const struct doc_block *b, const char *const *cells,
                         const char *style, PangoLayout **ls, bool header)
{
    double h = 0, pt = p->d->base_pt * 0.9;
    for (size_t c = 0; c < b->ncols; c++) {
        ls[c] = layout(p, cells[c], style, pt, b->widths[c] * p->width - 6);
        if (!ls[c])
            continue;
        if (header) { /* a header cell breaks between words only, never "Objectiv-e" */
            pango_layout_set_wrap(ls[c], PANGO_WRAP_WORD);
            PangoAttrList *attrs = pango_attr_list_new();
            pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
            pango_layout_set_attributes(ls[c], attrs);
            pango_attr_list_unref(attrs);
        }
        int lw, lh;
        pango_layout_get_size(ls[c], &lw, &lh);
        if ((double)lh / PANGO_SCALE > h)
            h = (double)lh / PANGO_SCALE;
    }
    return h + 6;
}

static void draw_row(struct pdf *p, const struct doc_block *b, PangoLayout **ls, double h,
                     bool header)
{
    if (!p->dry) {
        if (header) {
            cairo_set_source_rgb(p->cr, 0.9, 0.92, 0.95);
            cairo_rectangle(p->cr, p->x0, p->y, p->width, h);
            cairo_fill(p->cr);
        }
        /* a screen reader reads the table row by row, header cells as such (TR, TH, TD) */
        cairo_tag_begin(p->cr, "TR", NULL);
        double x = p->x0;
        for (size_t c = 0; c < b->ncols; c++) {
            cairo_tag_begin(p->cr, header ? "TH" : "TD", NULL);
            if (ls[c]) {
                cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
                cairo_move_to(p->cr, x + 3, p->y + 3);
                pango_cairo_show_layout(p->cr, ls[c]);
            }
            cairo_tag_end(p->cr, header ? "TH" : "TD");
            x += b->widths[c] * p->width;
        }
        cairo_tag_end(p->cr, "TR");
        cairo_set_source_rgb(p->cr, 0.75, 0.75, 0.75);
        cairo_set_line_width(p->cr, 0.4);
        cairo_move_to(p->cr, p->x0, p->y + h);
        cairo_line_to(p->cr, p->x0 + p->width, p->y + h);
        cairo_stroke(p->cr);
    }
    p->y += h;
}

/* Draw the lines of cell layout l whose tops lie at or below *from (points from the layout's
   top) and that fit within room, at x, from the row's top y; *from moves past what was drawn.
   Returns the height drawn; *left says whether lines are left for the next page. */
static double cell_slice(struct pdf *p, PangoLayout *l, double x, double y, double room,
                         double *from, bool *left)
{
    double drawn = 0, start = *from;
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double top = (double)logical.y / PANGO_SCALE, lh = (double)logical.height / PANGO_SCALE;
        if (top + 0.01 < start)
            continue;                  /* drawn on an earlier page */
        if (top + lh - start > room) { /* the rest on the next page */
            *left = true;
            break;
        }
        if (!p->dry) {
            double baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
            cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE, y + baseline - start);
            pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        }
        drawn = top + lh - start;
        *from = top + lh;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return drawn;
}

/* A row taller than a page: continued on the next pages line by line, each part a row of its
   own cells (TR, TD) under the header repeated, so a reader meets it as a row, not as loose
   text. */
static void tall_row(struct pdf *p, const struct doc_block *b, PangoLayout **ls, PangoLayout **hdr,
                     double hh)
{
    double from[16] = {0};
    bool left = true;
    if (BOTTOM - p->y < p->d->base_pt * 4) { /* not three lines' room: start on a new page */
        new_page(p);
        draw_row(p, b, hdr, hh, true);
    }
    for (int part = 0; left && part < 1000; part++) { /* bounded: a line always fits a page */
        left = false;
        double room = BOTTOM - p->y - 6, used = 0;
        bool any = false;
        if (!p->dry)
            cairo_tag_begin(p->cr, "TR", NULL);
        double x = p->x0;
        for (size_t c = 0; c < b->ncols; c++) {
            bool cell_left = false;
            double before = from[c];
            if (!p->dry)
                cairo_tag_begin(p->cr, "TD", NULL);
            double h =
                ls[c] ? cell_slice(p, ls[c], x + 3, p->y + 3, room, &from[c], &cell_left) : 0;
            if (!p->dry)
                cairo_tag_end(p->cr, "TD");
            any |= from[c] > before;
            left |= cell_left;
            used = h > used ? h : used;
            x += b->widths[c] * p->width;
        }
        if (!p->dry) {
            cairo_tag_end(p->cr, "TR");
            cairo_set_source_rgb(p->cr, 0.75, 0.75, 0.75);
            cairo_set_line_width(p->cr, 0.4);
            cairo_move_to(p->cr, p->x0, p->y + used + 6);
            cairo_line_to(p->cr, p->x0 + p->width, p->y + used + 6);
            cairo_stroke(p->cr);
        }
        p->y += any ? used + 6 : 0;
        if (left) {
            new_page(p);
            draw_row(p, b, hdr, hh, true);
        }
    }
}

static void free_row(PangoLayout **ls, size_t n)
{
    for (size_t c = 0; c < n; c++)
        if (ls[c])
            g_object_unref(ls[c]);
}

static void table(struct pdf *p, const struct doc_block *b)
{
    PangoLayout *hdr[16] = {0}, *ls[16] = {0};
    if (b->ncols > 16)
        return;
    double hh = row_height(p, b, b->cells, "Bold", hdr, true);
    p->y += p->d->base_pt * 0.3;
    double first = 0;
    if (b->nrows) {
        first = row_height(p, b, b->cells + b->ncols, "", ls, false);
        free_row(ls, b->ncols);
    }
    ensure(p, hh + (first < BOTTOM - TOP - hh ? first : 0));
    draw_row(p, b, hdr, hh, true);
    for (size_t r = 0; r < b->nrows; r++) {
        const char *const *cells = b->cells + (r + 1) * b->ncols;
        double h = row_height(p, b, cells, "", ls, false);
        if (h > BOTTOM - TOP - hh) { /* taller than a page: split between lines */
            tall_row(p, b, ls, hdr, hh);
            free_row(ls, b->ncols);
            continue;
        }
        if (p->y + h > BOTTOM) {
            new_page(p);
            draw_row(p, b, hdr, hh, true);
        }
        draw_row(p, b, ls, h, false);
        free_row(ls, b->ncols);
    }
    free_row(hdr, b->ncols);
    p->y += p->d->base_pt * 0.6;
}

/* ---- images ---- */

struct reader {
    const unsigned char *data;
    size_t len, pos;
};

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int len)
{
    struct reader *r = closure;
    if (r->len - r->pos < len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->data + r->pos, len);
    r->pos += len;
    return CAIRO_STATUS_SUCCESS;
}

/* The artwork as a cairo surface: PNG decoded (and scaled down to at most max px a side),
   JPEG passed through to the PDF as is (mime data) on a blank surface of its size. */
static cairo_surface_t *image_surface(const struct easel_report_artwork *a, int max)
{
    cairo_surface_t *s = NULL;
    if (strcmp(a->mime, "image/png") == 0) {
        struct reader r = {a->bytes, a->len, 0};
        s = cairo_image_surface_create_from_png_stream(read_mem, &r);
    } else if (strcmp(a->mime, "image/jpeg") == 0 && a->width > 0 && a->height > 0 &&
               a->width * a->height <= 40000000) {
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)a->width, (int)a->height);
        unsigned char *copy = g_memdup2(a->bytes, a->len);
        if (copy && cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, a->len, g_free,
                                                copy) != CAIRO_STATUS_SUCCESS)
            g_free(copy);
        return s;
    }
    if (!s || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        if (s)
            cairo_surface_destroy(s);
        return NULL;
    }
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    if (w <= max && h <= max)
        return s;
    double k = (double)max / (w > h ? w : h);
    int sw = (int)(w * k) > 0 ? (int)(w * k) : 1, sh = (int)(h * k) > 0 ? (int)(h * k) : 1;
    cairo_surface_t *small = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, sw, sh);
    cairo_t *c = cairo_create(small);
    cairo_scale(c, k, k);
    cairo_set_source_surface(c, s, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(c), CAIRO_FILTER_GOOD);
    cairo_paint(c);
    cairo_destroy(c);
    cairo_surface_destroy(s);
    return small;
}

static void thumbnail(struct pdf *p, const struct easel_report_artwork *a, double x, double w)
{
    cairo_surface_t *s = image_surface(a, 480);
    double bw = w - 10, bh = THUMB_H;
    if (!s) {
        cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
        cairo_rectangle(p->cr, x, p->y, bw, bh);
        cairo_fill(p->cr);
        return;
    }
    double iw = cairo_image_surface_get_width(s), ih = cairo_image_surface_get_height(s);
    double k = bw / iw < bh / ih ? bw / iw : bh / ih;
    cairo_save(p->cr);
    cairo_translate(p->cr, x + (bw - iw * k) / 2, p->y + (bh - ih * k) / 2);
    cairo_scale(p->cr, k, k);
    cairo_set_source_surface(p->cr, s, 0, 0);
    cairo_paint(p->cr);
    cairo_restore(p->cr);
    cairo_surface_destroy(s);
}

static void gallery(struct pdf *p, const struct doc_block *b)
{
    const double cw = p->width / 3;
    for (size_t i = 0; i < b->n_images; i += 3) {
        PangoLayout *cap[3] = {0};
        double ch = 0;
        for (size_t k = 0; k < 3 && i + k < b->n_images; k++) {
            const struct easel_report_artwork *a = b->images[i + k];
            char *s = easel_arena_printf(
                p->d->a, "%s\n%s%s%s", a->title && *a->title ? a->title : "Untitled", a->date,
                a->medium && *a->medium ? ", " : "", a->medium ? a->medium : "");
            cap[k] = layout(p, s ? s : "", "", p->d->base_pt * 0.8, cw - 10);
            if (!cap[k])
                continue;
            pango_layout_set_height(cap[k], -3);
            pango_layout_set_ellipsize(cap[k], PANGO_ELLIPSIZE_END);
            int lw, lh;
            pango_layout_get_size(cap[k], &lw, &lh);
            if ((double)lh / PANGO_SCALE > ch)
                ch = (double)lh / PANGO_SCALE;
        }
        ensure(p, THUMB_H + 4 + ch);
        for (size_t k = 0; k < 3 && i + k < b->n_images; k++) {
            if (!p->dry) {
                thumbnail(p, b->images[i + k], p->x0 + (double)k * cw, cw);
                if (cap[k]) {
                    cairo_set_source_rgb(p->cr, 0.2, 0.2, 0.2);
                    cairo_move_to(p->cr, p->x0 + (double)k * cw, p->y + THUMB_H + 4);
                    pango_cairo_show_layout(p->cr, cap[k]);
                }
            }
            if (cap[k])
                g_object_unref(cap[k]);
        }
        p->y += THUMB_H + 4 + ch + 10;
    }
}

static void chart(struct pdf *p, const struct doc_block *b)
{
    const double h = 210;
    p->y += 4;
    ensure(p, h);
    if (!p->dry && !p->rc) {
        int rc = render_chart_draw(p->cr, b->chart, p->x0, p->y, p->width, h);
        if (rc) {
            render_chart_check(b->chart, p->width, h, p->err);
            p->rc = rc;
        }
    }
    p->y += h + 8;
}

static void sign(struct pdf *p, const struct doc_block *b)
{
    double pt = p->d->base_pt, h = pt * 3.2;
    ensure(p, h);
    char *s = easel_arena_printf(p->d->a, "%s: %s", b->label, b->text ? b->text : "");
    char *d = easel_arena_printf(p->d->a, "Date: %s", b->text2 ? b->text2 : "");
    PangoLayout *l = layout(p, s ? s : "", "", pt, p->width * 0.6);
    PangoLayout *ld = layout(p, d ? d : "", "", pt, p->width * 0.35);
    if (!p->dry) {
        cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(p->cr, 0.6);
        cairo_move_to(p->cr, p->x0, p->y + pt * 1.6);
        cairo_line_to(p->cr, p->x0 + p->width * 0.6, p->y + pt * 1.6);
        cairo_move_to(p->cr, p->x0 + p->width * 0.65, p->y + pt * 1.6);
        cairo_line_to(p->cr, p->x0 + p->width, p->y + pt * 1.6);
        cairo_stroke(p->cr);
        cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
        if (l) {
            cairo_move_to(p->cr, p->x0, p->y + pt * 1.7);
            pango_cairo_show_layout(p->cr, l);
        }
        if (ld) {
            cairo_move_to(p->cr, p->x0 + p->width * 0.65, p->y + pt * 1.7);
            pango_cairo_show_layout(p->cr, ld);
        }
    }
    if (l)
        g_object_unref(l);
    if (ld)
        g_object_unref(ld);
    p->y += h;
}

/* The PDF structure type of a block (ISO 32000 standard structure types). */
static const char *block_tag(enum doc_block_kind k)
{
    switch (k) {
    case DOC_TITLE:
        return "H1";
    case DOC_H2:
        return "H2";
    case DOC_H3:
        return "H3";
    case DOC_TABLE:
        return "Table";
    case DOC_GALLERY:
    case DOC_CHART:
        return "Figure";
    default:
        return "P";
    }
}

static void pass(struct pdf *p)
{
    const struct doc *d = p->d;
    double pt = d->base_pt;
    p->page = 0;
    start_page(p);
    for (const struct doc_block *b = d->head; b && !p->rc; b = b->next) {
        /* a tagged PDF: each block is a structure element a screen reader can follow (the
           running header and footer stay untagged, as page furniture) */
        const char *tag = block_tag(b->kind);
        cairo_tag_begin(p->cr, tag, NULL);
        switch (b->kind) {
        case DOC_TITLE:
            text(p, b->text, "Bold", pt * 2.0, 0, 0, pt * 0.4);
            break;
        case DOC_H2:
            heading(p, b->text, pt * 1.35, pt * 1.1);
            break;
        case DOC_H3:
            heading(p, b->text, pt * 1.1, pt * 0.6);
            break;
        case DOC_P:
            text(p, b->text, "", pt, 0, 0, pt * (d->plain ? 0.8 : 0.45));
            break;
        case DOC_BULLET:
            bullet(p, b->text);
            break;
        case DOC_EMPTY:
            text(p, b->text, "Italic", pt, 0, 0, pt * 0.45);
            break;
        case DOC_ALERT: {
            p->y += pt * 0.3;
            PangoLayout *l = layout(p, b->text, "Bold", pt, p->width - 10);
            if (l) {
                flow(p, l, p->x0 + 10, 0.55, 0.05, 0.05, true);
                g_object_unref(l);
            }
            p->y += pt * 0.5;
            break;
        }
        case DOC_KV:
            kv(p, b);
            break;
        case DOC_TABLE:
            table(p, b);
            break;
        case DOC_GALLERY:
            gallery(p, b);
            break;
        case DOC_CHART:
            chart(p, b);
            break;
        case DOC_SIGN:
            sign(p, b);
            break;
        }
        cairo_tag_end(p->cr, tag);
    }
    end_page(p);
}

/* cairo 1.16 writes the structure tree of the tags but not the catalog's /MarkInfo, so readers
   do not treat the file as tagged. An incremental update (ISO 32000-1 §7.5.6) appends a new
   version of the catalog with << /Marked true >> and an xref section pointing to it; the bytes
   cairo wrote stay as they are. Returns false, leaving out unchanged, when the file is not laid
   out as expected (a classic xref table and trailer). */
/* The last occurrence of needle in the n bytes at p, or NULL. */
static const char *last_of(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(p + i, needle, k) == 0)
            return p + i;
    return NULL;
}

/* Append a PDF text string of UTF-8 text as UTF-16BE hex with its byte-order mark. */
static void pdf_text(struct easel_buf *out, const char *u)
{
    easel_buf_puts(out, "<FEFF");
    const unsigned char *p = (const unsigned char *)u;
    while (*p) {
        uint32_t c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
        for (int k = 0; k < more && (*p & 0xC0) == 0x80; k++)
            c = c << 6 | (*p++ & 0x3F);
        if (c >= 0x10000) { /* a surrogate pair */
            c -= 0x10000;
            easel_buf_printf(out, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
        } else {
            easel_buf_printf(out, "%04X", c);
        }
    }
    easel_buf_puts(out, ">");
}

/* The alternative text of a figure block, for a screen reader: a chart's title and its points
   in words, a gallery's artworks by title and date. */
static const char *alt_text(struct easel_arena *a, const struct doc_block *b)
{
    struct easel_buf t;
    easel_buf_init(&t, 1800);
    if (b->kind == DOC_CHART && b->chart) {
        const struct easel_chart *c = b->chart;
        easel_buf_printf(&t, "Chart: %s.", c->title ? c->title : "");
        for (size_t i = 0; i < c->n_series; i++) {
            easel_buf_printf(&t, " %s:", c->series[i].name ? c->series[i].name : "");
            for (size_t k = 0; k < c->series[i].n && !t.failed; k++) {
                char day[11];
                easel_date_format(c->series[i].pts[k].day, day);
                easel_buf_printf(&t, "%s %s %g", k ? "," : "", day, c->series[i].pts[k].y);
            }
            easel_buf_puts(&t, ".");
        }
        if (!c->n_series)
            easel_buf_printf(&t, " %s", c->empty_text ? c->empty_text : "No data");
    } else {
        easel_buf_puts(&t, b->n_images == 1 ? "Artwork:" : "Artworks:");
        for (size_t i = 0; i < b->n_images && !t.failed; i++)
            easel_buf_printf(&t, "%s %s (%s)", i ? ";" : "",
                             b->images[i]->title ? b->images[i]->title : "untitled",
                             b->images[i]->date ? b->images[i]->date : "");
    }
    const char *out = easel_arena_strdup(a, t.failed ? "Figure" : t.data);
    easel_buf_release(&t);
    return out;
}

struct xref_entry {
    long num;
    size_t at;
};

static int by_num(const void *x, const void *y)
{
    const struct xref_entry *p = x, *q = y;
    return (p->num > q->num) - (p->num < q->num);
}

static bool mark_tagged(struct easel_buf *out, const struct doc *d)
{
    if (!out->data || out->failed)
        return false;
    const char *pdf = out->data; /* binary streams: search by length, never by NUL */
    const char *trailer = last_of(pdf, out->len, "trailer");
    const char *sx = last_of(pdf, out->len, "startxref");
    if (!trailer || !sx || sx < trailer)
        return false;
    long root = 0, info = 0, size = 0;
    const char *r = strstr(trailer, "/Root "), *i = strstr(trailer, "/Info "),
               *z = strstr(trailer, "/Size ");
    if (!r || !z || r > sx || z > sx || sscanf(r, "/Root %ld 0 R", &root) != 1 ||
        sscanf(z, "/Size %ld", &size) != 1 || root <= 0 || size <= root)
        return false;
    if (i && (i > sx || sscanf(i, "/Info %ld 0 R", &info) != 1))
        info = 0;
    long prev = 0;
    if (sscanf(sx, "startxref %ld", &prev) != 1)
        return false;
    char head[32];
    snprintf(head, sizeof(head), "\n%ld 0 obj\n", root);
    const char *obj = last_of(pdf, (size_t)(trailer - pdf), head);
    const char *end = obj ? strstr(obj, ">>\nendobj") : NULL; /* text from here on */
    if (!obj || !end || end > trailer)
        return false;
    const char *dict = obj + strlen(head);
    size_t cairo_end = (size_t)(trailer - pdf);
    struct xref_entry xe[256];
    size_t nx = 0;
    /* a copy: appending may move the buffer the catalog is read from */
    char *catalog = easel_arena_printf(d->a, "%.*s", (int)(end - dict), dict);
    if (!catalog)
        return false;
    xe[nx++] = (struct xref_entry){root, out->len};
    easel_buf_printf(out, "%ld 0 obj\n%s   /MarkInfo << /Marked true >>\n>>\nendobj\n", root,
                     catalog);
    pdf = out->data; /* the buffer may have moved */
    /* each Figure structure element, in the order the blocks were tagged, gets its block's
       alternative text (cairo 1.16's tag API has no /Alt) */
    const struct doc_block *fig = d->head;
    static const char figure[] = "<< /Type /StructElem\n   /S /Figure\n";
    for (size_t at = 0; nx < 256;) {
        const char *f = NULL;
        for (size_t j = at; j + sizeof(figure) - 1 <= cairo_end && !f; j++)
            if (memcmp(pdf + j, figure, sizeof(figure) - 1) == 0)
                f = pdf + j;
        if (!f)
            break;
        at = (size_t)(f - pdf) + 1;
        while (fig && fig->kind != DOC_CHART && fig->kind != DOC_GALLERY)
            fig = fig->next;
        if (!fig)
            break;
        /* the object header just before: "\nN 0 obj\n" */
        const char *h = f;
        while (h > pdf && h[-1] != '\n')
            h--;
        const char *hh = h - 1;
        while (hh > pdf && hh[-1] != '\n')
            hh--;
        long num = 0;
        const char *fend = strstr(f, ">>\nendobj");
        if (sscanf(hh, "%ld 0 obj", &num) != 1 || num <= 0 || !fend ||
            (size_t)(fend - pdf) > cairo_end)
            return false;
        const char *alt = alt_text(d->a, fig);
        /* a copy: appending may move the buffer the object is read from */
        char *body = easel_arena_printf(d->a, "%.*s", (int)(fend - f), f);
        if (!body)
            return false;
        xe[nx++] = (struct xref_entry){num, out->len};
        easel_buf_printf(out, "%ld 0 obj\n%s   /Alt ", num, body);
        pdf_text(out, alt ? alt : "Figure");
        easel_buf_puts(out, "\n>>\nendobj\n");
        fig = fig->next;
        pdf = out->data; /* the buffer may have moved */
        trailer = pdf + cairo_end;
    }
    qsort(xe, nx, sizeof(xe[0]), by_num);
    size_t xref = out->len;
    easel_buf_puts(out, "xref\n");
    for (size_t k = 0; k < nx; k++)
        easel_buf_printf(out, "%ld 1\n%010zu 00000 n \n", xe[k].num, xe[k].at);
    easel_buf_printf(out, "trailer\n<< /Size %ld /Root %ld 0 R", size, root);
    if (info)
        easel_buf_printf(out, " /Info %ld 0 R", info);
    easel_buf_printf(out, " /Prev %ld >>\nstartxref\n%zu\n%%%%EOF\n", prev, xref);
    return !out->failed;
}

int doc_pdf(const struct doc *d, struct easel_buf *out, struct easel_error *err)
{
    int rc = render_init(err);
    if (rc)
        return rc;
    bool letter = d->r && d->r->letter;
    struct pdf p = {.d = d,
                    .x0 = MARGIN,
                    .page_w = letter ? LETTER_W : A4_W,
                    .page_h = letter ? LETTER_H : A4_H,
                    .width = (letter ? LETTER_W : A4_W) - 2 * MARGIN,
                    .err = err};
    for (int round = 0; round < 2 && !p.rc; round++) {
        p.dry = round == 0;
        p.surface =
            cairo_pdf_surface_create_for_stream(p.dry ? discard : to_buf, out, p.page_w, p.page_h);
        if (!p.dry) {
            const struct easel_report *r = d->r;
            char date[32];
            snprintf(date, sizeof(date), "%sT00:00:00Z", r->date);
            cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, d->title);
            if (r->author)
                cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_AUTHOR, r->author);
            cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_SUBJECT, d->subject);
            cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "easel");
            cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
            cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_MOD_DATE, date);
        }
        p.cr = cairo_create(p.surface);
        pass(&p);
        p.pages = p.page;
        cairo_destroy(p.cr);
        cairo_surface_finish(p.surface);
        cairo_status_t st = cairo_surface_status(p.surface);
        cairo_surface_destroy(p.surface);
        if (!p.rc && out->failed)
            p.rc = easel_error_set(err, out->failed, "report", "", "the PDF is too large");
        if (!p.rc && st != CAIRO_STATUS_SUCCESS)
            p.rc = easel_error_set(err, EASEL_EIO, "report", "", "cairo: %s",
                                   cairo_status_to_string(st));
    }
    if (!p.rc && d->a->failed)
        p.rc = easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
    if (!p.rc && !mark_tagged(out, d))
        p.rc = easel_error_set(err, out->failed ? out->failed : EASEL_EIO, "report", "",
                               "the PDF could not be marked as tagged");
    return p.rc;
}
