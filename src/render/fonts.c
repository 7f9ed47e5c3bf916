/*
 * render/fonts.c — the pinned fonts: a private FcConfig built from the compiled-in fonts.conf
 * (Debian's Noto Sans faces only), a pango font map on it, and pango layouts with easel's font
 * options. No environment variable and no system font configuration is read.
 *
 * Owns: the FcConfig and the font map, made once (pthread_once) and kept until exit, and the
 * process-wide drawing lock (render_lock) that makes every render entry point thread-safe.
 * Borrows: the cairo_t given to render_layout. Fails: EASEL_EIO when a pinned face is missing
 * (the message names the Debian package), EASEL_ENOMEM.
 */
#include "render_int.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static PangoFontMap *font_map;
/* One drawing at a time in the process: pango's font map is shared and not safe for threads
   drawing at once. Recursive, because a document draws its charts through the same entry
   points (easel_chart_write inside easel_report_write). */
static pthread_once_t lock_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t draw_mu;

static void lock_init(void)
{
    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&draw_mu, &at);
    pthread_mutexattr_destroy(&at);
}

void render_lock(void)
{
    pthread_once(&lock_once, lock_init);
    pthread_mutex_lock(&draw_mu);
}

void render_unlock(void)
{
    pthread_mutex_unlock(&draw_mu);
}
static struct easel_error init_err;

/* The families easel needs, with the file each must resolve to and its package. */
static const struct {
    const char *family, *file, *package;
} pinned[] = {
    {"Noto Sans", "NotoSans-Regular.ttf", "fonts-noto-core"},
    {"Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "fonts-noto-core"},
    {"Noto Sans Hebrew", "NotoSansHebrew-Regular.ttf", "fonts-noto-core"},
    {"Noto Sans Devanagari", "NotoSansDevanagari-Regular.ttf", "fonts-noto-core"},
    {"Noto Sans CJK SC", "NotoSansCJK-Regular.ttc", "fonts-noto-cjk"},
};

/* The face fontconfig picks for family must be the pinned file (not a substitute). */
static int check_family(FcConfig *cfg, size_t i)
{
    FcPattern *p = FcNameParse((const FcChar8 *)pinned[i].family);
    if (!p)
        return easel_error_set(&init_err, EASEL_ENOMEM, "fonts", "", "out of memory");
    FcConfigSubstitute(cfg, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(cfg, p, &res);
    int rc = 0;
    FcChar8 *file = NULL, *fam = NULL;
    if (!m || FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch ||
        !strstr((const char *)file, pinned[i].file) ||
        FcPatternGetString(m, FC_FAMILY, 0, &fam) != FcResultMatch)
        rc = easel_error_set(&init_err, EASEL_EIO, "fonts", pinned[i].family,
                             "font %s (%s) not found: install the Debian package %s",
                             pinned[i].family, pinned[i].file, pinned[i].package);
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(p);
    return rc;
}

/* At exit: drop the font map. cairo's static caches stay: they are reachable, so leak checkers
   do not report them, and cairo_debug_reset_static_data() asserted (live entries in a hash
   table) in about one report run in 400, aborting a finished command. */
static void release_fonts(void)
{
    if (font_map)
        g_object_unref(font_map);
    font_map = NULL;
}

static void init_once(void)
{
    FcConfig *cfg = FcConfigCreate();
    if (!cfg) {
        easel_error_set(&init_err, EASEL_ENOMEM, "fonts", "", "out of memory");
        return;
    }
    if (!FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)render__fonts_conf(), FcTrue) ||
        !FcConfigBuildFonts(cfg)) {
        easel_error_set(&init_err, EASEL_EIO, "fonts", "", "cannot load easel's fonts.conf");
        FcConfigDestroy(cfg);
        return;
    }
    for (size_t i = 0; i < sizeof(pinned) / sizeof(pinned[0]); i++)
        if (check_family(cfg, i)) {
            FcConfigDestroy(cfg);
            return;
        }
    PangoFontMap *fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!fm || !PANGO_IS_FC_FONT_MAP(fm)) {
        easel_error_set(&init_err, EASEL_EIO, "fonts", "",
                        "pango has no fontconfig font map on this system");
        if (fm)
            g_object_unref(fm);
        FcConfigDestroy(cfg);
        return;
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg); /* takes its own reference */
    FcConfigDestroy(cfg);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0); /* 1 pt = 1 unit */
    font_map = fm;
    atexit(release_fonts);
}

int render_init(struct easel_error *err)
{
    pthread_once(&once, init_once);
    if (font_map)
        return 0;
    if (err)
        *err = init_err;
    return init_err.code ? init_err.code : EASEL_EIO;
}

PangoFontMap *render_font_map(void)
{
    return font_map;
}

PangoLayout *render_layout(cairo_t *cr, const char *font_desc)
{
    if (render_init(NULL))
        return NULL;
    PangoContext *ctx = pango_font_map_create_context(font_map);
    if (!ctx)
        return NULL;
    /* Pixels (PNG): whole-pixel advances, since cairo 1.16 draws glyphs at whole pixels and
       fractional advances would leave uneven gaps between letters. Vectors (PDF, and SVG's
       measuring): exact fractional advances. No hinting either way. */
    bool pixels = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo,
                                        pixels ? CAIRO_HINT_METRICS_ON : CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(ctx, pixels);
    pango_cairo_update_context(cr, ctx);
    PangoLayout *l = pango_layout_new(ctx);
    g_object_unref(ctx); /* the layout keeps its own reference */
    if (!l)
        return NULL;
    PangoFontDescription *fd = pango_font_description_from_string(font_desc);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    return l;
}

bool render_text_ok(const char *s)
{
    if (!s)
        return true;
    if (!g_utf8_validate(s, -1, NULL))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
            return false;
    return true;
}

#if defined(__SANITIZE_ADDRESS__)
/* Two leaks inside Debian 12's libraries, not ours: cairo 1.16 keeps a block when it finishes a
   PDF with subset fonts, and fontconfig 2.14 one from parsing <selectfont>. Debian builds them
   without frame pointers, so ASan's fast unwinder stops inside them and only the library can be
   named. easel's own allocations (buffers, arrays) are still checked. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif
