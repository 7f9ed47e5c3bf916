/*
 * easel/render.h — charts for documents and the browser (docs/render.md), and the demo
 * practice's artworks (at the end; docs/images.md). One drawing code makes SVG (real text, one
 * element per point, for the browser), PNG and a one-page PDF; the documents draw the same
 * chart straight into their own PDF pages (src/render/render_int.h).
 *
 * The model. A chart is a title, a y axis (y_min..y_max, a label), optional severity bands
 * shaded across the plot with their labels, and series of dated points. LINE charts put points
 * at their dates on a time axis (measure totals); BARS charts group one bar per series at each
 * distinct date (attendance per month: attended, cancelled, no-show; GAS attainment -2..+2).
 * A point with `marker` set is a reliable change: a larger hollow diamond, named in the legend,
 * with marker_label beside it when given. Series differ by colour (Okabe-Ito, colour-blind
 * safe) AND by point shape and dash (lines) or hatching (bars), so colour is never the only cue.
 *
 * Owns: nothing; the chart and its strings are borrowed for the call; output is appended to
 * the caller's buffer. Text is UTF-8 in any script (fonts: docs/render.md).
 * Fails: EASEL_EINVAL with err->field naming the bad part ("series[1].pts[3].y": a value outside
 * y_min..y_max, dates going backwards, invalid UTF-8, a size outside 100..4000 points, band
 * lo >= hi), EASEL_EIO when the fonts cannot be loaded (err says which package), EASEL_ENOMEM /
 * EASEL_ETOOBIG from the buffer. On failure nothing useful is appended (out may hold a part).
 */
#ifndef EASEL_RENDER_H
#define EASEL_RENDER_H

#include "easel/buf.h"
#include "easel/error.h"
#include "easel/kb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum easel_img_format { EASEL_IMG_SVG, EASEL_IMG_PNG, EASEL_IMG_PDF };

struct easel_chart_band {
    double lo, hi;     /* y range; clipped to the axis */
    const char *label; /* NULL: no label */
};

struct easel_chart_point {
    int32_t day;              /* days since 1970-01-01 (easel_date_parse/format in plan.h) */
    double y;                 /* within y_min..y_max */
    bool marker;              /* a reliable change at this point */
    const char *marker_label; /* short text beside the marker; NULL none */
};

struct easel_chart_series {
    const char *name; /* legend text */
    const struct easel_chart_point *pts;
    size_t n; /* points in date order (equal dates allowed) */
};

enum easel_chart_kind { EASEL_CHART_LINE, EASEL_CHART_BARS };

struct easel_chart {
    enum easel_chart_kind kind;
    const char *title, *y_label; /* y_label NULL: none */
    double y_min, y_max;         /* axis range, y_min < y_max */
    /* true: lower is better (PHQ-9, GAD-7, CORE-10), so bands shade darker toward the top;
       false: higher is better (WHO-5), bands shade darker toward the bottom. Axes are never
       flipped. */
    bool y_inverted;
    const struct easel_chart_band *bands;
    size_t n_bands;
    const struct easel_chart_series *series;
    size_t n_series;
    const char *empty_text; /* shown when there are no points; NULL: "No data" */
};

/* Draw the chart at the given size in points (100..4000 each way); output appended to out:
   SVG text (user units are points), PNG bytes (one pixel per point) or a one-page PDF with the
   title in its metadata and the fonts embedded. */
int easel_chart_write(const struct easel_chart *c, enum easel_img_format fmt, double w, double h,
                      struct easel_buf *out, struct easel_error *err);

/* The axis and bands of a KB instrument's totals: y_min..y_max = total_min..total_max,
   y_inverted = higher_is_worse, y_label "Total score" when none is set, and one band per KB
   severity band. KB bands are whole points, from..to inclusive, so neighbours meet halfway
   (PHQ-9 "mild" 5..9 is drawn 4.5..9.5, clipped to the axis). bands must hold in->n_bands;
   c->bands points at it. Other fields of c are left as they are. EINVAL when the instrument
   has no range (total_max <= total_min) or more bands than max_bands. */
int easel_chart_instrument(struct easel_chart *c, const struct easel_instrument *in,
                           struct easel_chart_band *bands, size_t max_bands,
                           struct easel_error *err);

/* ---- demo artworks (issue 13, docs/images.md) ----------------------------------------------
 * Synthetic drawings that look like client art, for `easel demo`: a subject drawn in one
 * medium's look, child-like (schematic, wobbly, big heads, a sun in the corner) or adult-like
 * (proportions, pencil under washes, body maps, colour fields), with plenty of paper showing;
 * then, when `photographed`, as a phone would see it on a table: a mild keystone (the far edge
 * up to about 10 % narrower) and a small tilt, the table at the edges with the paper's shadow,
 * a light fall-off, a slight warm or cool cast, a little noise. No text is drawn.
 * Deterministic: the same seed and options give the same pixels (on one build). */
enum easel_demo_subject {
    EASEL_DEMO_FIGURE,    /* child: a person or a family; adult: a body map of feelings */
    EASEL_DEMO_RAIN,      /* a person in the rain (a cloud, rain, sometimes an umbrella) */
    EASEL_DEMO_HOUSE,     /* child: square, triangle roof, sun; adult: two walls, a path */
    EASEL_DEMO_TREE,      /* child: trunk and a round crown with apples; adult: branches */
    EASEL_DEMO_ABSTRACT,  /* child: scribbles; adult: colour fields, bands or shapes */
    EASEL_DEMO_MANDALA,   /* a circle of rings and petals, partly coloured */
    EASEL_DEMO_LANDSCAPE, /* a safe place: hills, sky, sea or a rainbow */
    EASEL_DEMO_SUBJECTS
};

enum easel_demo_medium {
    EASEL_DEMO_CRAYON,      /* crayon or oil pastel: waxy strokes with the paper's grain in gaps */
    EASEL_DEMO_MARKER,      /* flat saturated strokes, darker where they overlap */
    EASEL_DEMO_WATERCOLOUR, /* translucent layered washes with darker edges */
    EASEL_DEMO_PENCIL,      /* coloured pencils: thin grainy lines and hatching */
    EASEL_DEMO_GRAPHITE,    /* a graphite pencil: grey lines, hatched shading, a red detail */
    EASEL_DEMO_MEDIA
};

struct easel_demo_art {
    enum easel_demo_subject subject;
    enum easel_demo_medium medium;
    bool adult;        /* adult-like rather than child-like */
    bool photographed; /* false: the flat page (as if scanned), filling the image */
};

/* The artwork as w x h RGB pixels (rows top to bottom) into *rgb, which the caller frees with
   free(); w and h 64..4096. Fails: EASEL_EINVAL (size, subject or medium out of range) with
   *rgb NULL, EASEL_ENOMEM. */
int easel_render_demo_artwork(uint64_t seed, const struct easel_demo_art *art, uint32_t w,
                              uint32_t h, uint8_t **rgb, struct easel_error *err);

#endif
