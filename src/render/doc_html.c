/*
 * render/doc_html.c — draws a document's block list as one self-contained, printable HTML page:
 * the CSS inline in <style> (with print rules: A4, margins, no break inside a row or a figure,
 * table headers repeated), charts as inline SVG (easel_chart_write), artworks as data: URIs. No
 * script, no external file, no network reference. Every piece of record text is escaped; each
 * paragraph carries dir="auto" so Arabic and Hebrew read right to left.
 *
 * Owns: nothing. Borrows: the doc. Fails: EASEL_ENOMEM / EASEL_ETOOBIG from the buffer,
 * a chart's error (EASEL_EINVAL naming the field).
 */
#include "doc.h"

#include <string.h>

static const char css[] =
    "body{font-family:'Noto Sans','Noto Sans Arabic','Noto Sans Hebrew','Noto Sans "
    "Devanagari','Noto Sans CJK SC',sans-serif;font-size:BASEpt;line-height:1.4;color:#1a1a1a;"
    "max-width:48em;margin:2em auto;padding:0 1em}"
    "header,footer{color:#555;font-size:8pt;display:flex;justify-content:space-between;"
    "border-bottom:1px solid #999;margin-bottom:1em}"
    "footer{border-bottom:0;border-top:1px solid #999;margin-top:2em}"
    "h1{font-size:2em;margin:.2em 0}h2{font-size:1.35em;color:#0d3359;margin:1.2em 0 .3em;"
    "break-after:avoid}h3{font-size:1.1em;color:#0d3359;margin:.8em 0 .2em;break-after:avoid}"
    "p{margin:.2em 0 .45em}.empty{font-style:italic;color:#444}"
    ".alert{border-left:3px solid #bf1a1a;padding-left:.6em;font-weight:bold;color:#8c0d0d}"
    "table{border-collapse:collapse;width:100%;margin:.3em 0 .6em;font-size:.9em}"
    "th{background:#e6ebf2;text-align:start}th,td{padding:3px;vertical-align:top;"
    "border-bottom:1px solid #bfbfbf}tr,figure,svg{break-inside:avoid}"
    ".gallery{display:flex;flex-wrap:wrap;gap:10px}figure{margin:0;width:31%}"
    "figure img{max-width:100%;max-height:110pt;display:block;margin:auto}"
    "figcaption{font-size:.8em}.sign{display:flex;gap:2em;margin:1.4em 0 .6em}"
    ".sign span{border-top:1px solid #555;padding-top:2px;flex:1}"
    ".chart svg{width:100%;height:auto}"
    "@page{size:A4;margin:20mm}@media print{body{max-width:none;margin:0;padding:0}"
    "thead{display:table-header-group}}";

static void esc(struct easel_buf *b, const char *s)
{
    easel_buf_html(b, s, EASEL_ESC_BR);
}

static void tag(struct easel_buf *b, const char *open, const char *text, const char *close)
{
    easel_buf_puts(b, open);
    esc(b, text);
    easel_buf_puts(b, close);
}

static void base64(struct easel_buf *b, const unsigned char *p, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        q[0] = t[v >> 18 & 63];
        q[1] = t[v >> 12 & 63];
        q[2] = i + 1 < n ? t[v >> 6 & 63] : '=';
        q[3] = i + 2 < n ? t[v & 63] : '=';
        easel_buf_add(b, q, 4);
    }
}

static void table(struct easel_buf *b, const struct doc_block *t)
{
    easel_buf_puts(b, "<table><thead><tr>");
    for (size_t c = 0; c < t->ncols; c++)
        tag(b, "<th dir=\"auto\">", t->cells[c], "</th>");
    easel_buf_puts(b, "</tr></thead><tbody>\n");
    for (size_t r = 0; r < t->nrows; r++) {
        easel_buf_puts(b, "<tr>");
        for (size_t c = 0; c < t->ncols; c++)
            tag(b, "<td dir=\"auto\">", t->cells[(r + 1) * t->ncols + c], "</td>");
        easel_buf_puts(b, "</tr>\n");
    }
    easel_buf_puts(b, "</tbody></table>\n");
}

static void gallery(struct easel_buf *b, const struct doc_block *g)
{
    easel_buf_puts(b, "<div class=\"gallery\">\n");
    for (size_t i = 0; i < g->n_images; i++) {
        const struct easel_report_artwork *a = g->images[i];
        easel_buf_printf(b, "<figure><img alt=\"artwork %lld\" src=\"data:%s;base64,",
                         (long long)a->id,
                         strcmp(a->mime, "image/jpeg") == 0 ? "image/jpeg" : "image/png");
        base64(b, a->bytes, a->len);
        easel_buf_puts(b, "\"><figcaption dir=\"auto\">");
        esc(b, a->title && *a->title ? a->title : "Untitled");
        easel_buf_puts(b, "<br>");
        esc(b, a->date);
        if (a->medium && *a->medium) {
            easel_buf_puts(b, ", ");
            esc(b, a->medium);
        }
        easel_buf_puts(b, "</figcaption></figure>\n");
    }
    easel_buf_puts(b, "</div>\n");
}

static int chart(struct easel_buf *b, const struct doc_block *c, struct easel_error *err)
{
    struct easel_buf svg;
    easel_buf_init(&svg, (size_t)16 * 1024 * 1024);
    int rc = easel_chart_write(c->chart, EASEL_IMG_SVG, 480, 210, &svg, err);
    if (!rc) {
        /* inline: drop the XML declaration, keep the <svg> element */
        const char *s = svg.data ? strstr(svg.data, "<svg") : NULL;
        easel_buf_puts(b, "<div class=\"chart\">");
        if (s)
            easel_buf_puts(b, s);
        easel_buf_puts(b, "</div>\n");
    }
    easel_buf_release(&svg);
    return rc;
}

int doc_html(const struct doc *d, struct easel_buf *b, struct easel_error *err)
{
    const struct easel_report *r = d->r;
    easel_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    tag(b, "<title>", d->title, "</title>\n");
    tag(b, "<meta name=\"author\" content=\"", r->author, "\">\n");
    tag(b, "<meta name=\"date\" content=\"", r->date, "\">\n");
    tag(b, "<meta name=\"generator\" content=\"", "easel", "\">\n<style>");
    const char *base = strstr(css, "BASE");
    easel_buf_add(b, css, (size_t)(base - css));
    easel_buf_printf(b, "%g", d->base_pt);
    easel_buf_puts(b, base + 4);
    easel_buf_puts(b, "</style>\n</head>\n<body>\n<header>");
    tag(b, "<span dir=\"auto\">", r->practice ? r->practice : "easel", "</span>");
    easel_buf_puts(b, "<span dir=\"auto\">");
    esc(b, d->title);
    if (!d->anonymous) {
        easel_buf_puts(b, ": ");
        esc(b, r->client_name);
    }
    easel_buf_puts(b, "</span></header>\n<main>\n");
    int rc = 0;
    for (const struct doc_block *x = d->head; x && !rc; x = x->next) {
        switch (x->kind) {
        case DOC_TITLE:
            tag(b, "<h1 dir=\"auto\">", x->text, "</h1>\n");
            break;
        case DOC_H2:
            tag(b, "<h2 dir=\"auto\">", x->text, "</h2>\n");
            break;
        case DOC_H3:
            tag(b, "<h3 dir=\"auto\">", x->text, "</h3>\n");
            break;
        case DOC_P:
            tag(b, "<p dir=\"auto\">", x->text, "</p>\n");
            break;
        case DOC_BULLET:
            tag(b, "<ul><li dir=\"auto\">", x->text, "</li></ul>\n");
            break;
        case DOC_EMPTY:
            tag(b, "<p class=\"empty\">", x->text, "</p>\n");
            break;
        case DOC_ALERT:
            tag(b, "<p class=\"alert\" dir=\"auto\">", x->text, "</p>\n");
            break;
        case DOC_KV:
            tag(b, "<p dir=\"auto\"><b>", x->label, ":</b> ");
            tag(b, "", x->text, "</p>\n");
            break;
        case DOC_TABLE:
            table(b, x);
            break;
        case DOC_GALLERY:
            gallery(b, x);
            break;
        case DOC_CHART:
            rc = chart(b, x, err);
            break;
        case DOC_SIGN:
            tag(b, "<div class=\"sign\"><span dir=\"auto\">", x->label, ": ");
            esc(b, x->text);
            tag(b, "</span><span>Date: ", x->text2, "</span></div>\n");
            break;
        }
    }
    easel_buf_puts(b, "</main>\n<footer>");
    if (d->anonymous)
        tag(b, "<span>", r->date, "</span></footer>\n</body>\n</html>\n");
    else {
        tag(b, "<span>Confidential clinical record. ", r->client_ref, "");
        tag(b, ", ", r->date, "</span></footer>\n</body>\n</html>\n");
    }
    if (!rc && b->failed)
        rc = easel_error_set(err, b->failed, "report", "", "the HTML is too large");
    if (!rc && d->a->failed)
        rc = easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
    return rc;
}
