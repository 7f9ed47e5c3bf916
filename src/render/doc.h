/*
 * render/doc.h — internal to the render layer: the block list every document is built as, once,
 * and the two writers that draw it: paginated A4 PDF (doc_pdf.c: cairo + pango, page header and
 * "page X of Y" footer, tables that break across pages and repeat their header, paragraphs that
 * split line by line) and self-contained HTML (doc_html.c). Each document kind is one file
 * (doc_plan.c, doc_client_plan.c, doc_progress.c, doc_summary.c, doc_discharge.c,
 * doc_supplies.c) that only calls the builder below; doc_sections.c holds sections they share.
 *
 * Owns: nothing; blocks and their text live in the doc's arena. Borrows: the report model (and
 * its artwork bytes) for the life of the doc.
 * Fails: builder calls never fail visibly: an allocation failure sets the arena's `failed` flag,
 * which doc_pdf / doc_html check and turn into EASEL_ENOMEM.
 */
#ifndef EASEL_RENDER_DOC_H
#define EASEL_RENDER_DOC_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/render.h"
#include "easel/report.h"

#include <stdbool.h>
#include <stddef.h>

enum doc_block_kind {
    DOC_TITLE,   /* the document title (one, first) */
    DOC_H2,      /* a section heading */
    DOC_H3,      /* a sub-heading */
    DOC_P,       /* a paragraph (wraps, splits across pages) */
    DOC_BULLET,  /* a list item */
    DOC_EMPTY,   /* "nothing recorded" for an empty section, in italics */
    DOC_ALERT,   /* a boxed warning (risk) */
    DOC_KV,      /* "label: text", the label bold */
    DOC_TABLE,   /* header + rows */
    DOC_GALLERY, /* artwork thumbnails, three to a row, with captions */
    DOC_CHART,   /* a chart (easel/render.h) */
    DOC_SIGN     /* a signature line: role, name, date */
};

struct doc_block {
    enum doc_block_kind kind;
    const char *text;  /* P, BULLET, EMPTY, ALERT, headings; KV value; SIGN name */
    const char *label; /* KV label; SIGN role; SIGN date in text2 */
    const char *text2;
    size_t ncols, nrows, cap_rows;
    const double *widths; /* column widths as fractions of the text width */
    const char **cells;   /* (nrows + 1) x ncols: the header first */
    const struct easel_report_artwork *const *images;
    size_t n_images;
    const struct easel_chart *chart;
    struct doc_block *next;
};

struct doc {
    struct easel_arena *a;
    const struct easel_report *r;
    const char *title;   /* document title, also the PDF title metadata */
    const char *subject; /* PDF subject */
    double base_pt;      /* body text size: 10, or 14 for the client-friendly plan */
    bool plain;          /* client-friendly: no clinical header line, generous spacing */
    bool anonymous;      /* names no client (a group's purchase list): headers and footers
                            carry the title and the date only */
    struct doc_block *head, *tail;
};

void doc_init(struct doc *d, struct easel_arena *a, const struct easel_report *r,
              const char *title);
void doc_title(struct doc *d, const char *text);
void doc_h2(struct doc *d, const char *text);
void doc_h3(struct doc *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void doc_p(struct doc *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void doc_bullet(struct doc *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* An empty section, said plainly: "No sessions were recorded in this period." */
void doc_empty(struct doc *d, const char *text);
void doc_alert(struct doc *d, const char *text);
void doc_kv(struct doc *d, const char *label, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A table of ncols columns (widths: fractions summing to 1, borrowed; header: ncols strings,
   copied). Rows are added with doc_row (ncols strings, copied; NULL shows as empty). */
struct doc_block *doc_table(struct doc *d, size_t ncols, const double *widths,
                            const char *const *header);
void doc_row(struct doc *d, struct doc_block *t, const char *const *cells);
void doc_gallery(struct doc *d, const struct easel_report_artwork *const *images, size_t n);
void doc_chart(struct doc *d, const struct easel_chart *c);
void doc_sign(struct doc *d, const char *role, const char *name, const char *date);

/* The writers. */
int doc_pdf(const struct doc *d, struct easel_buf *out, struct easel_error *err);
int doc_html(const struct doc *d, struct easel_buf *out, struct easel_error *err);
/* The running text (title, headings, paragraphs, list items, alerts) joined by newlines. */
int doc_text(const struct doc *d, struct easel_buf *out);

/* The document kinds (one file each). */
void doc_plan(struct doc *d);
void doc_client_plan(struct doc *d);
void doc_progress(struct doc *d);
void doc_summary(struct doc *d);
void doc_discharge(struct doc *d);
void doc_supplies(struct doc *d);
int doc_supplies_csv(const struct easel_report *r, struct easel_buf *out);
void doc_group(struct doc *d); /* doc_group.c: a group program's summary */

/* The kinds of document (doc_kinds.c): name, title, builder, whether CSV exists too. */
struct doc_kind {
    const char *name, *title;
    void (*build)(struct doc *d);
    bool csv;
};
/* The kind's row; NULL for an unknown kind. */
const struct doc_kind *doc_kind(enum easel_report_kind k);

/* Shared sections (doc_sections.c). */
void doc_sec_client(struct doc *d); /* who, setting, period, care team */
void doc_sec_risks(struct doc *d);  /* risk flags and the safety plan */
void doc_sec_goals(struct doc *d);  /* problems, goals and SMART objectives */
void doc_sec_attendance(struct doc *d);
void doc_sec_measures(struct doc *d, bool charts); /* trajectories, RC, clinical significance */
void doc_sec_gas(struct doc *d);
void doc_sec_ratings(struct doc *d);
void doc_sec_artworks(struct doc *d);
void doc_sec_recommendations(struct doc *d);
void doc_sec_signatures(struct doc *d);

/* "12.5" / "12" for a fixed-point total in hundredths (into the arena). */
const char *doc_fixed(struct doc *d, int x100);
/* "2026-12-01" -> "1 December 2026" (into the arena); the input when not a date. */
const char *doc_long_date(struct doc *d, const char *date);

#endif
