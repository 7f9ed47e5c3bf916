/*
 * fuzz/fuzz_image.c — libFuzzer harness for the image layer (src/image, easel/image.h): the
 * bytes of an uploaded photo through easel_image_orientation (libexif), easel_image_clean (the
 * JPEG segment and PNG chunk walkers) and easel_image_decode at a small size (libturbojpeg,
 * libspng, orientation, box filter).
 *
 * Checks, beyond the sanitizers: a cleaned image keeps its signature, passes the header probe
 * again and is never longer than the input plus the minimal orientation block; a decoded image
 * fits the size asked for and is not empty; orientation is always 1-8; on failure the output
 * buffer is as it was.
 *
 * Owns: a copy of the input (sized exactly), the buffers of one call. Fails: aborts on a broken
 * invariant.
 */
#include "easel/image.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *in = malloc(size ? size : 1);
    if (!in)
        return 0;
    if (size)
        memcpy(in, data, size);
    int o = easel_image_orientation(in, size);
    if (o < 1 || o > 8)
        abort();
    struct easel_buf out;
    easel_buf_init(&out, EASEL_IMAGE_MAX_BYTES + 64);
    easel_buf_add(&out, "x", 1);
    struct easel_error err = {0};
    int kept = 0;
    if (easel_image_clean(in, size, &out, &kept, &err) == 0) {
        struct easel_image_info info;
        if (out.len < 3 || out.len - 1 > size + 34 || kept < 1 || kept > 8 ||
            memcmp(out.data + 1, in, 2) != 0 ||
            easel_image_probe((const unsigned char *)out.data + 1, out.len - 1, &info, &err))
            abort();
    } else if (out.len != 1) {
        abort();
    }
    struct easel_pixels p;
    if (easel_image_decode(in, size, 64, &p, &err) == 0) {
        if (!p.rgb || p.width < 1 || p.height < 1 || p.width > 64 || p.height > 64)
            abort();
        easel_pixels_release(&p);
    } else if (p.rgb) {
        abort();
    }
    easel_buf_release(&out);
    free(in);
    return 0;
}
