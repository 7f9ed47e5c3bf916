/*
 * fuzz/fuzz_image_probe.c — libFuzzer harness for the artwork image probe
 * (easel_image_probe, src/core/image_probe.c): each input is one uploaded file's bytes. Besides
 * the sanitizers' checks on every read, the harness checks what the probe promises: a success
 * names JPEG or PNG matching the magic bytes, with both sides 1-12000 and at most 80
 * megapixels; a failure leaves the result zeroed and the error filled.
 *
 * Owns nothing (no allocation). Borrows data, only during the call (never NUL-terminated).
 * Fails: rejected inputs are normal outcomes (return 0); a broken promise abort()s.
 */
#include "easel/image_probe.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct easel_image_info info;
    struct easel_error err = {0};
    int rc = easel_image_probe(data, size, &info, &err);
    if (rc) {
        if ((rc != EASEL_EINVAL && rc != EASEL_ETOOBIG) || err.code != rc || !err.field[0] ||
            info.mime || info.format != EASEL_IMAGE_NONE || info.width || info.height)
            abort();
        return 0;
    }
    if (info.width < 1 || info.width > EASEL_IMAGE_MAX_SIDE || info.height < 1 ||
        info.height > EASEL_IMAGE_MAX_SIDE ||
        (uint64_t)info.width * info.height > EASEL_IMAGE_MAX_PIXELS || info.components < 1)
        abort();
    if (info.format == EASEL_IMAGE_JPEG) {
        if (size < 2 || data[0] != 0xFF || data[1] != 0xD8 || strcmp(info.mime, "image/jpeg"))
            abort();
    } else if (info.format == EASEL_IMAGE_PNG) {
        if (size < 33 || memcmp(data, "\x89PNG\r\n\x1a\n", 8) || strcmp(info.mime, "image/png"))
            abort();
    } else {
        abort();
    }
    return 0;
}
