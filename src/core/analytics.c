/*
 * core/analytics.c — the formulas of clinical.md D1 and D2 (easel/score.h): Jacobson-Truax
 * reliable change (with the sqrt 2 of Christensen & Mendoza), clinical-significance cut-offs
 * a, b, c, the NHS Talking Therapies outcome rules, and Goal Attainment Scaling T-scores.
 *
 * Owns: nothing. Borrows: instruments, only during a call.
 * Fails: EASEL_EINVAL for a parameter out of its domain (SD <= 0, r outside (0, 1), an
 * attainment outside -2..+2, ...), naming the field. A missing SD/r or missing norms is a
 * result (available = false), not an error.
 *
 * Determinism: doubles with + - x / only; the square root below is Newton's iteration on those
 * operations, so core needs no libm and gives the same bits everywhere (within one unit in the
 * last place of the true root, far below the 0.001 the results are shown to).
 */
#include "easel/score.h"

#include <stdio.h>
#include <string.h>

static double root(double x)
{
    if (!(x > 0))
        return 0;
    double scale = 1;
    while (x > 4) { /* bring x into [0.25, 4] by exact powers of 4 */
        x /= 4;
        scale *= 2;
    }
    while (x < 0.25) {
        x *= 4;
        scale /= 2;
    }
    double g = 0.5 * (x + 1); /* >= sqrt(x) (AM-GM), so Newton descends monotonically */
    for (int i = 0; i < 64; i++) {
        double next = 0.5 * (g + x / g);
        if (!(next < g))
            break;
        g = next;
    }
    return g * scale;
}

int64_t easel_round_fixed(double v, int64_t scale)
{
    double x = v * (double)scale;
    if (x != x)
        return 0;
    if (x >= 9.0e18)
        return INT64_MAX;
    if (x <= -9.0e18)
        return INT64_MIN;
    return x < 0 ? -(int64_t)(-x + 0.5) : (int64_t)(x + 0.5);
}

int easel_rci(double sd, double r, double pre, double post, bool higher_is_worse,
              struct easel_rci *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!(sd > 0))
        return easel_error_set(err, EASEL_EINVAL, "reliable change", "sd",
                               "the standard deviation must be above 0");
    if (!(r > 0 && r < 1))
        return easel_error_set(err, EASEL_EINVAL, "reliable change", "r",
                               "the reliability must be between 0 and 1 (exclusive)");
    out->available = true;
    out->se = sd * root(1 - r);
    out->sdiff = root(2 * out->se * out->se);
    out->min_change = EASEL_RC_Z * out->sdiff;
    out->rc = (post - pre) / out->sdiff;
    bool up = out->rc > EASEL_RC_Z, down = out->rc < -EASEL_RC_Z;
    if (up || down)
        out->change = (up == higher_is_worse) ? EASEL_CHANGE_DETERIORATED : EASEL_CHANGE_IMPROVED;
    return 0;
}

int easel_rci_instrument(const struct easel_instrument *in, int pre_x100, int post_x100,
                         struct easel_rci *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (in->rel_sd_milli <= 0 || in->rel_r_milli <= 0) {
        snprintf(out->note, sizeof(out->note),
                 "reliable change not available: %s has no sourced SD and reliability", in->name);
        return 0;
    }
    int rc = easel_rci(in->rel_sd_milli / 1000.0, in->rel_r_milli / 1000.0, pre_x100 / 100.0,
                       post_x100 / 100.0, in->higher_is_worse, out, err);
    if (!rc && in->rel_illustrative)
        snprintf(out->note, sizeof(out->note),
                 "the SD and reliability of %s are illustrative inputs: check them before "
                 "clinical use",
                 in->name);
    return rc;
}

int easel_cs_cutoffs(double m_func, double sd_func, double m_dys, double sd_dys,
                     bool higher_is_worse, struct easel_cs_cutoffs *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!(sd_func > 0))
        return easel_error_set(err, EASEL_EINVAL, "clinical significance", "sd_func",
                               "the functional SD must be above 0");
    if (!(sd_dys > 0))
        return easel_error_set(err, EASEL_EINVAL, "clinical significance", "sd_dys",
                               "the dysfunctional SD must be above 0");
    /* toward better is down where higher is worse, up where higher is better */
    double dir = higher_is_worse ? -1 : 1;
    out->available = true;
    out->a = m_dys + dir * 2 * sd_dys;
    out->b = m_func - dir * 2 * sd_func;
    out->c = (sd_func * m_dys + sd_dys * m_func) / (sd_func + sd_dys);
    return 0;
}

int easel_cs_instrument(const struct easel_instrument *in, struct easel_cs_cutoffs *out,
                        struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!in->has_norms)
        return 0;
    return easel_cs_cutoffs(in->norm_func_mean_milli / 1000.0, in->norm_func_sd_milli / 1000.0,
                            in->norm_dys_mean_milli / 1000.0, in->norm_dys_sd_milli / 1000.0,
                            in->higher_is_worse, out, err);
}

/* NHS Talking Therapies (clinical.md D1 [25a]). Reliable recovery = reliable improvement AND
   recovery, and deterioration = a rise of at least the reliable-change threshold on any
   measure: the common reading, which clinical.md flags for checking against the current
   manual. */
int easel_talking_therapies(const struct easel_tt_measure *m, size_t n, struct easel_tt_result *out,
                            struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!m || n < 1 || n > 4)
        return easel_error_set(err, EASEL_EINVAL, "talking therapies", "measures",
                               "give 1 to 4 measures (PHQ-9 and the anxiety measure)");
    for (size_t i = 0; i < n; i++) {
        const struct easel_instrument *in = m[i].in;
        char field[32];
        snprintf(field, sizeof(field), "measures[%zu]", i);
        if (!in || in->tt_caseness <= 0 || in->tt_reliable_change <= 0)
            return easel_error_set(err, EASEL_EINVAL, "talking therapies", field,
                                   "%s has no Talking Therapies thresholds",
                                   in ? in->name : "(none)");
        for (size_t k = 0; k < i; k++)
            if (m[k].in == in)
                return easel_error_set(err, EASEL_EINVAL, "talking therapies", field,
                                       "%s is given twice", in->name);
        if (m[i].pre < in->total_min || m[i].pre > in->total_max || m[i].post < in->total_min ||
            m[i].post > in->total_max)
            return easel_error_set(err, EASEL_EINVAL, "talking therapies", field,
                                   "%s totals must be %d-%d", in->name, in->total_min,
                                   in->total_max);
        if (m[i].pre >= in->tt_caseness)
            out->case_at_intake = true;
        if (m[i].post >= in->tt_caseness)
            out->case_at_end = true;
        if (m[i].pre - m[i].post >= in->tt_reliable_change)
            out->reliable_improvement = true;
        if (m[i].post - m[i].pre >= in->tt_reliable_change)
            out->deterioration = true;
    }
    out->recovery = out->case_at_intake && !out->case_at_end;
    out->reliable_recovery = out->reliable_improvement && out->recovery;
    return 0;
}

int easel_gas_tscore(const int *x, const int *weights, size_t n, double rho, double *t,
                     struct easel_error *err)
{
    if (t)
        *t = 0;
    if (!x || !t || n < 1 || n > 100)
        return easel_error_set(err, EASEL_EINVAL, "goal attainment", "scores",
                               "give 1 to 100 goal scores");
    if (!(rho >= 0 && rho < 1))
        return easel_error_set(err, EASEL_EINVAL, "goal attainment", "rho",
                               "rho must be at least 0 and below 1");
    int64_t sw = 0, sw2 = 0, swx = 0;
    for (size_t i = 0; i < n; i++) {
        char field[32];
        if (x[i] < -2 || x[i] > 2) {
            snprintf(field, sizeof(field), "scores[%zu]", i);
            return easel_error_set(err, EASEL_EINVAL, "goal attainment", field,
                                   "attainment must be -2 to +2, got %d", x[i]);
        }
        int w = weights ? weights[i] : 1;
        if (w < 1 || w > 100) {
            snprintf(field, sizeof(field), "weights[%zu]", i);
            return easel_error_set(err, EASEL_EINVAL, "goal attainment", field,
                                   "a weight must be 1-100, got %d", w);
        }
        sw += w;
        sw2 += (int64_t)w * w;
        swx += (int64_t)w * x[i];
    }
    double den = root((1 - rho) * (double)sw2 + rho * (double)sw * (double)sw);
    *t = 50 + 10 * (double)swx / den;
    return 0;
}
