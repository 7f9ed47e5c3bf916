/*
 * easel/paper.h — the sheet in an artwork photo (issue 13): find its four corners, and flatten
 * it: the perspective undone (a homography from the corners to a rectangle), the white point
 * set from the paper and uneven light evened out, so that formal elements and documents read
 * the drawing, not the table or the lamp. Pure C on RGB pixels (core layer).
 *
 * The sheet is the largest connected region of light, low-colour pixels; its corners are the
 * region's extreme points along the two diagonals, which holds for a sheet photographed from
 * up to about 20 degrees off straight and turned a little. When no distinct sheet shows (the
 * drawing fills the photo), the corners are the photo's own and the confidence is low.
 *
 * Owns: nothing (results in the caller's structs and buffers). Fails: EASEL_EINVAL for an empty
 * or over-large image or corners outside it, EASEL_ENOMEM.
 */
#ifndef EASEL_PAPER_H
#define EASEL_PAPER_H

#include <stdint.h>

/* Corners in image pixels: top-left, top-right, bottom-right, bottom-left. */
struct easel_quad {
    double x[4], y[4];
};

/* The sheet's corners; *found is 0 when no distinct sheet was seen (then q is the image). */
int easel_paper_find(const uint8_t *rgb, uint32_t w, uint32_t h, struct easel_quad *q, int *found);
/* The flattened sheet's size: its edges' lengths, scaled so the longer side is at most
   max_side. */
void easel_paper_size(const struct easel_quad *q, uint32_t max_side, uint32_t *out_w,
                      uint32_t *out_h);
/* The sheet inside q warped to out_w x out_h (RGB, caller's buffer), its paper set to white and
   its light evened out. */
int easel_paper_flatten(const uint8_t *rgb, uint32_t w, uint32_t h, const struct easel_quad *q,
                        uint32_t out_w, uint32_t out_h, uint8_t *out);
/* Whether q is a usable sheet inside a w x h image: corners inside, convex, in order, and not
   degenerate. */
int easel_quad_check(const struct easel_quad *q, uint32_t w, uint32_t h);

#endif
