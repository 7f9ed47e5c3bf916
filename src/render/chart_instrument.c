/*
 * render/chart_instrument.c — a chart's axis and severity bands from a KB instrument (the
 * totals' range, which way is better, the KB's bands), so every measure chart draws its bands
 * the same way.
 *
 * Owns: nothing. Borrows: the instrument (band labels point into its KB; valid while it lives).
 * Fails: EASEL_EINVAL (no range, too many bands for the caller's array).
 */
#include "easel/render.h"

int easel_chart_instrument(struct easel_chart *c, const struct easel_instrument *in,
                           struct easel_chart_band *bands, size_t max_bands,
                           struct easel_error *err)
{
    if (!c || !in || in->total_max <= in->total_min)
        return easel_error_set(err, EASEL_EINVAL, in && in->id ? in->id : "", "total_max",
                               "the instrument has no score range");
    if (in->n_bands > max_bands || (in->n_bands && !bands))
        return easel_error_set(err, EASEL_EINVAL, in->id ? in->id : "", "bands",
                               "%zu bands, room for %zu", in->n_bands, max_bands);
    c->y_min = in->total_min;
    c->y_max = in->total_max;
    c->y_inverted = in->higher_is_worse;
    if (!c->y_label)
        c->y_label = "Total score";
    size_t n = 0;
    for (size_t i = 0; i < in->n_bands; i++) {
        double lo = in->bands[i].from - 0.5, hi = in->bands[i].to + 0.5;
        lo = lo < c->y_min ? c->y_min : lo;
        hi = hi > c->y_max ? c->y_max : hi;
        if (lo >= hi)
            continue;
        bands[n++] = (struct easel_chart_band){lo, hi, in->bands[i].label};
    }
    c->bands = n ? bands : NULL;
    c->n_bands = n;
    return 0;
}
