/*
 * bench/bench_image.c — ingesting a phone photo (issue 13; a report, not a test): a synthetic
 * 12-megapixel JPEG (4000 x 3000, quality 90, 4:2:0, textured so the entropy coder works, EXIF
 * with orientation 6 and a GPS block) through what easel does at upload (metadata stripped,
 * thumbnail and display size decoded once, turned upright, scaled and encoded; the sheet found
 * on the display size's pixels, flattened, encoded and its tile made), against libturbojpeg's plain
 * full decode of the same file, measured in the same run, interleaved; medians of 9 rounds. The
 * formal-element analysis of the flattened sheet is timed after it, and both together are reported
 * as the whole cost of a photo. Peak memory is reported from getrusage.
 *
 * Usage: bench_image [ROUNDS]
 */
#include "easel/formal.h"
#include "easel/image.h"
#include "easel/paper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <turbojpeg.h>

#define WIDTH 4000
#define HEIGHT 3000

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static unsigned char *photo(unsigned long *len)
{
    unsigned char *rgb = malloc((size_t)WIDTH * HEIGHT * 3);
    if (!rgb)
        return NULL;
    uint32_t seed = 12345;
    for (size_t y = 0; y < HEIGHT; y++)
        for (size_t x = 0; x < WIDTH; x++) {
            seed = seed * 1103515245u + 12345u;
            unsigned char *p = rgb + (y * WIDTH + x) * 3;
            int noise = (int)(seed >> 27) - 16; /* paper grain */
            p[0] = (unsigned char)(200 + (int)(x * 40 / WIDTH) + noise / 2);
            p[1] = (unsigned char)(190 + (int)(y * 40 / HEIGHT) + noise / 2);
            p[2] = (unsigned char)(170 + noise);
            if ((x / 97 + y / 89) % 7 == 0) { /* marks */
                p[0] = 40;
                p[1] = (unsigned char)(60 + (x % 50));
                p[2] = 140;
            }
        }
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    tjCompress2(tj, rgb, WIDTH, 0, HEIGHT, TJPF_RGB, &jpeg, len, TJSAMP_420, 90, 0);
    tjDestroy(tj);
    free(rgb);
    /* an EXIF block as a phone writes it: orientation 6 and a GPS pointer */
    static const unsigned char app1[] = {
        0xFF, 0xE1, 0x00, 0x30, 'E',  'x', 'i', 'f', 0, 0,  'M', 'M', 0, 42, 0, 0,    0,
        8,    0,    2,    0x01, 0x12, 0,   3,   0,   0, 0,  1,   0,   6, 0,  0, 0x88, 0x25,
        0,    4,    0,    0,    0,    1,   0,   0,   0, 38, 0,   0,   0, 0,  0, 0};
    unsigned char *out = malloc(*len + sizeof(app1));
    memcpy(out, jpeg, 2);
    memcpy(out + 2, app1, sizeof(app1));
    memcpy(out + 2 + sizeof(app1), jpeg + 2, *len - 2);
    *len += sizeof(app1);
    tjFree(jpeg);
    return out;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 9;
    if (rounds < 1 || rounds > 99)
        rounds = 9;
    unsigned long len = 0;
    unsigned char *jpeg = photo(&len);
    if (!jpeg)
        return 1;
    double *plain = calloc((size_t)rounds, sizeof(double)),
           *ingest = calloc((size_t)rounds, sizeof(double)),
           *formal = calloc((size_t)rounds, sizeof(double));
    unsigned char *rgb = malloc((size_t)WIDTH * HEIGHT * 3);
    tjhandle tj = tjInitDecompress();
    struct easel_error err = {0};
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        if (tjDecompress2(tj, jpeg, len, rgb, WIDTH, 0, HEIGHT, TJPF_RGB, TJFLAG_ACCURATEDCT)) {
            fprintf(stderr, "bench_image: decode failed\n");
            return 1;
        }
        double t1 = now();
        struct easel_buf clean, thumb, display;
        easel_buf_init(&clean, EASEL_IMAGE_MAX_BYTES);
        easel_buf_init(&thumb, EASEL_IMAGE_MAX_BYTES);
        easel_buf_init(&display, EASEL_IMAGE_MAX_BYTES);
        int o = 0;
        uint32_t td[2], dd[2];
        struct easel_pixels px, flat = {0};
        if (easel_image_clean(jpeg, len, &clean, &o, &err) ||
            easel_image_derive_sizes((unsigned char *)clean.data, clean.len, &thumb, td, &display,
                                     dd, &px, &err)) {
            fprintf(stderr, "bench_image: %s: %s\n", err.field, err.msg);
            return 1;
        }
        /* the sheet, as app/artwork_ingest.c does it: found on the display size's pixels,
           flattened, encoded, and its gallery tile made */
        struct easel_quad q;
        int found = 0;
        struct easel_buf flat_jpeg, flat_thumb;
        easel_buf_init(&flat_jpeg, EASEL_IMAGE_MAX_BYTES);
        easel_buf_init(&flat_thumb, EASEL_IMAGE_MAX_BYTES);
        if (easel_paper_find(px.rgb, px.width, px.height, &q, &found)) {
            fprintf(stderr, "bench_image: sheet failed\n");
            return 1;
        }
        easel_paper_size(&q, EASEL_IMAGE_DISPLAY, &flat.width, &flat.height);
        flat.rgb = malloc((size_t)flat.width * flat.height * 3);
        if (!flat.rgb ||
            easel_paper_flatten(px.rgb, px.width, px.height, &q, flat.width, flat.height,
                                flat.rgb) ||
            easel_image_encode(&flat, &flat_jpeg, &err) ||
            easel_image_encode_fit(&flat, EASEL_IMAGE_THUMB, &flat_thumb, NULL, &err)) {
            fprintf(stderr, "bench_image: flatten failed\n");
            return 1;
        }
        double t2 = now();
        struct easel_formal f;
        if (easel_formal_analyse(flat.rgb, flat.width, flat.height, &f)) {
            fprintf(stderr, "bench_image: analysis failed\n");
            return 1;
        }
        easel_pixels_release(&px);
        easel_pixels_release(&flat);
        easel_buf_release(&flat_jpeg);
        easel_buf_release(&flat_thumb);
        double t3 = now();
        plain[r] = (t1 - t0) * 1e3;
        ingest[r] = (t2 - t1) * 1e3;
        formal[r] = (t3 - t2) * 1e3;
        if (r == 0)
            printf("12 MP JPEG %lu bytes; stored %zu bytes (orientation %d kept), thumbnail %zu "
                   "bytes, display size %zu bytes\n",
                   len, clean.len, o, thumb.len, display.len);
        easel_buf_release(&clean);
        easel_buf_release(&thumb);
        easel_buf_release(&display);
    }
    qsort(plain, (size_t)rounds, sizeof(double), cmp);
    qsort(ingest, (size_t)rounds, sizeof(double), cmp);
    qsort(formal, (size_t)rounds, sizeof(double), cmp);
    double p = plain[rounds / 2], i = ingest[rounds / 2];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("plain full decode (libturbojpeg): median %.1f ms\n", p);
    printf("easel ingest (strip, thumbnail, display size, sheet found, flattened and tiled): "
           "median %.1f "
           "ms, ratio %.2f\n",
           i, i / p);
    double all = i + formal[rounds / 2];
    printf("formal elements of the flattened sheet: median %.1f ms; ingest + analysis %.1f ms, "
           "ratio %.2f (%s: at most 1.5)\n",
           formal[rounds / 2], all, all / p, all / p <= 1.5 ? "PASS" : "FAIL");
    printf("peak RSS %ld MiB; the decoded image is %d MiB\n", ru.ru_maxrss / 1024,
           WIDTH * HEIGHT * 3 / (1024 * 1024));
    tjDestroy(tj);
    free(rgb);
    free(plain);
    free(ingest);
    free(formal);
    free(jpeg);
    return 0;
}
