/*
 * core/score.c — scores one administration of a KB instrument (easel/score.h): checks the
 * answers, applies the instrument's missing-item rule, keys every answer (reverse items, yes/no
 * items), sums, prorates, and finds subscales, severity bands, the clinical range and the risk
 * item. Integer arithmetic only, so every total is exact or rounded one documented way.
 *
 * Owns: nothing. Borrows: the instrument (labels in the result point into it).
 * Fails: EASEL_EINVAL for a wrong answer count or an answer out of range, naming "items" or
 * "items[i]" (0-based, as in profiles); too many blanks is a valid = false result, not an error.
 */
#include "easel/score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_item(uint32_t set, int item)
{
    return item >= 1 && item <= 32 && ((set >> (item - 1)) & 1u) != 0;
}

int easel_score_item(const struct easel_instrument *in, int item, int answer)
{
    /* yes/no items store 0 = no, 1 = yes with item_min 0, item_max 1: a reverse item scores a
       point for "no", exactly 1 - answer, the same formula as any reverse key */
    if (has_item(in->reverse_items, item))
        return in->item_min + in->item_max - answer;
    return answer;
}

/* total in hundredths: items x raw x 100 / answered, rounded half up (all terms >= 0) */
static int prorate_x100(int items, int raw, int answered)
{
    int64_t num = (int64_t)items * raw * 100;
    return (int)((2 * num + answered) / (2 * (int64_t)answered));
}

/* Compare the exact total (num / den points) with a whole-point threshold t: -1, 0, 1. */
static int cmp_total(int64_t num, int64_t den, int t)
{
    int64_t rhs = (int64_t)t * den;
    return num < rhs ? -1 : num > rhs ? 1 : 0;
}

/* The band holding the exact total: the last band whose `from` the total reaches, so a
   prorated 19.44 sits in 15-19 and 19.99 too (bands are half-open [from, next from)). */
static int find_band(const struct easel_band *b, size_t n, int64_t num, int64_t den)
{
    int found = -1;
    for (size_t i = 0; i < n; i++)
        if (cmp_total(num, den, b[i].from) >= 0)
            found = (int)i;
    return found;
}

static int check_answers(const struct easel_instrument *in, const int *answers, int n,
                         struct easel_error *err)
{
    if (!answers || n != in->items)
        return easel_error_set(err, EASEL_EINVAL, in->id, "items", "%s has %d items, got %d",
                               in->name, in->items, answers ? n : 0);
    for (int i = 0; i < n; i++) {
        int a = answers[i];
        if (a == EASEL_SCORE_MISSING || (a >= in->item_min && a <= in->item_max))
            continue;
        char field[32];
        snprintf(field, sizeof(field), "items[%d]", i);
        return easel_error_set(err, EASEL_EINVAL, in->id, field,
                               "item %d: answer must be %d-%d, or %d for a blank, got %d", i + 1,
                               in->item_min, in->item_max, EASEL_SCORE_MISSING, a);
    }
    return 0;
}

static void score_risk(const struct easel_instrument *in, const int *answers,
                       struct easel_score_result *out)
{
    if (in->risk_item < 1 || in->risk_item > in->items)
        return;
    int a = answers[in->risk_item - 1];
    if (a == EASEL_SCORE_MISSING) {
        out->risk_unanswered = true;
    } else if (a > 0) {
        out->risk = true;
        out->risk_item = in->risk_item;
    }
}

static void score_subscales(const struct easel_instrument *in, const int *answers,
                            struct easel_score_result *out)
{
    bool any_count = false, all_met = true;
    for (size_t s = 0; s < in->n_subscales && s < EASEL_SCORE_MAX_SUBSCALES; s++) {
        const struct easel_subscale *sc = &in->subscales[s];
        struct easel_subscale_score *r = &out->sub[out->n_sub++];
        r->name = sc->name;
        for (int i = 1; i <= in->items; i++) {
            if (!has_item(sc->items, i))
                continue;
            int a = answers[i - 1];
            if (a == EASEL_SCORE_MISSING) {
                r->missing++; /* scores nothing: 0 under score-zero, left out otherwise */
                continue;
            }
            int keyed = easel_score_item(in, i, a);
            r->total += keyed;
            if (sc->count_min > 0 && keyed >= sc->count_answer)
                r->count++;
        }
        r->has_cutoff = sc->cutoff >= 0;
        r->positive = r->has_cutoff && r->total >= sc->cutoff;
        r->has_count = sc->count_min > 0;
        if (r->has_count) {
            r->count_met = r->count >= sc->count_min;
            any_count = true;
            all_met = all_met && r->count_met;
        }
    }
    out->counts_met = any_count && all_met;
}

int easel_score(const struct easel_instrument *in, const int *answers, int n,
                struct easel_score_result *out, struct easel_error *err)
{
    if (!in || !out)
        return easel_error_set(err, EASEL_EINVAL, "", "", "no instrument or no result");
    memset(out, 0, sizeof(*out));
    out->band = -1;
    int rc = check_answers(in, answers, n, err);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        if (answers[i] == EASEL_SCORE_MISSING) {
            out->missing++;
        } else {
            out->answered++;
            out->raw += easel_score_item(in, i + 1, answers[i]);
        }
    }
    /* risk first and regardless of validity: a positive risk item is never lost in a total */
    score_risk(in, answers, out);
    if (out->missing > in->max_missing) {
        if (in->max_missing == 0)
            snprintf(out->reason, sizeof(out->reason),
                     "%d item%s blank; %s is scored only with every item answered", out->missing,
                     out->missing == 1 ? "" : "s", in->name);
        else
            snprintf(out->reason, sizeof(out->reason), "%d items blank; %s allows at most %d",
                     out->missing, in->name, in->max_missing);
        return 0;
    }
    out->valid = true;
    /* the exact total is num / den points */
    int64_t num = out->raw, den = 1;
    if (out->missing > 0 && in->missing_rule == EASEL_MISSING_PRORATE) {
        out->prorated = true;
        num = (int64_t)in->items * out->raw;
        den = out->answered;
        out->total_x100 = prorate_x100(in->items, out->raw, out->answered);
    } else {
        /* complete, or score-zero: blanks add nothing */
        out->total_x100 = out->raw * 100;
    }
    if (in->scoring == EASEL_SCORING_PERCENTAGE) {
        out->has_percent = true;
        out->percent_x100 = out->total_x100 * in->percent_factor;
    }
    out->band = find_band(in->bands, in->n_bands, num, den);
    out->band_label = out->band >= 0 ? in->bands[out->band].label : NULL;
    int alt = find_band(in->alt_bands, in->n_alt_bands, num, den);
    out->alt_band_label = alt >= 0 ? in->alt_bands[alt].label : NULL;
    int c = cmp_total(num, den, in->clinical_cutoff);
    out->clinical = in->higher_is_worse ? c >= 0 : c < 0;
    score_subscales(in, answers, out);
    return 0;
}

int easel_answers_parse(const char *text, int *answers, int max)
{
    int n = 0;
    const char *p = text;
    for (;;) {
        const char *end = strchr(p, ',');
        if (n == max)
            return -1;
        answers[n++] =
            (end ? end == p : *p == '\0') ? EASEL_SCORE_MISSING : (int)strtol(p, NULL, 10);
        if (!end)
            break;
        p = end + 1;
    }
    return n;
}

void easel_answers_format(const int *answers, int n, char *out, size_t size)
{
    size_t len = 0;
    if (size)
        out[0] = '\0';
    for (int i = 0; i < n && len < size; i++) {
        int w = answers[i] == EASEL_SCORE_MISSING
                    ? snprintf(out + len, size - len, "%s", i ? "," : "")
                    : snprintf(out + len, size - len, "%s%d", i ? "," : "", answers[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}
