/*
 * render/demo_art.h — private to the demo artworks (demo_art.c draws, demo_photo.c photographs).
 *
 * Owns: nothing. Borrows: the pixel buffers for the call.
 */
#ifndef EASEL_RENDER_DEMO_ART_H
#define EASEL_RENDER_DEMO_ART_H

#include "easel/rand.h" /* every random choice of the demo artworks: splitmix64, xorshift64* */

#include <stdint.h>

/* The flat page (pw x ph packed pixels 0x00RRGGBB, rows top to bottom) as a phone would
   photograph it lying on a table, into photo (w x h RGB; the page is resampled to it): the
   page's corners moved inwards into a keystone with a small tilt, the table around it with the
   page's shadow, a light fall-off, a colour cast and noise, all from the seed. Pure C: no
   allocation, no failure. */
void easel__demo_photograph(uint64_t seed, const uint32_t *page, uint32_t pw, uint32_t ph,
                            uint8_t *photo, uint32_t w, uint32_t h);

#endif
