/*
 * easel/formal.h — a computer-assisted reading of an artwork photo's formal elements (issue 13;
 * ../shared/reference/artwork-analysis.md): descriptive measures only, shown beside the
 * therapist's own FEATS ratings and never as a FEATS score, a diagnosis, a risk or an
 * "indicator". Pure C on an RGB pixel buffer (core layer: no I/O, no library).
 *
 * The paper is found as the light, low-colour background, estimated block by block so a
 * lighting gradient across a phone photo does not count as marks; a mark is a pixel clearly
 * darker or more colourful than the paper around it. Colours are grouped in CIELAB (D65) and
 * named in words.
 *
 * Owns: nothing (results in the caller's struct; colour names are static).
 * Fails: EASEL_EINVAL for an empty or over-large image, EASEL_ENOMEM.
 */
#ifndef EASEL_FORMAL_H
#define EASEL_FORMAL_H

#include <stddef.h>
#include <stdint.h>

#define EASEL_FORMAL_COLOURS 12
#define EASEL_FORMAL_MAX_PIXELS (4096u * 4096u)

struct easel_formal_colour {
    double L, a, b;   /* CIELAB of the group's mean */
    double share;     /* of the marked area, 0..1 */
    const char *name; /* "red", "dark blue", "black", ... */
};

struct easel_formal {
    double space_used; /* share of the page with marks, 0..1 */
    uint32_t bbox[4];  /* x0, y0, x1, y1 (inclusive) of the marks; all 0 when none */
    double bbox_share; /* the bounding box's share of the page */
    int n_colours;     /* distinct colours, each at least 2 % of the marked area */
    struct easel_formal_colour colours[EASEL_FORMAL_COLOURS]; /* largest first */
    double hue_entropy;     /* bits over 12 hue sectors of the coloured marks: colour variety */
    double edge_density;    /* share of the page on a clear edge (line and shape density) */
    double mean_lightness;  /* L* of the marks, 0 (black) to 100 (white) */
    double mean_saturation; /* CIELAB chroma of the marks (0 grey, about 100 vivid) */
};

int easel_formal_analyse(const uint8_t *rgb, uint32_t width, uint32_t height,
                         struct easel_formal *out);

/* One plain sentence on what a measure means ("space_used", "colours", "hue_entropy",
   "edge_density", "lightness", "saturation"), or NULL. */
const char *easel_formal_meaning(const char *measure);

#endif
