/*
 * easel/score.h — measurement-based care in core: scoring one administration of a KB instrument
 * (reverse keys, yes/no keying, missing-item rules, subscales, severity bands, risk item), and
 * the analytics built on scores: Jacobson-Truax reliable change and clinical-significance
 * cut-offs, NHS Talking Therapies outcome rules, Goal Attainment Scaling T-scores, a client's
 * progress series and its alerts. Formulas and worked examples: clinical.md C1, D1-D3.
 *
 * Numbers. A score is fixed-point: `total_x100` is the total in hundredths of a point. An
 * unprorated total is exact (points x 100); a prorated total is items x sum x 100 / answered
 * rounded half up (away from zero; every total is >= 0). Thresholds and bands are decided on
 * the exact fraction, never on the rounded value (CORE-10 with 9 answered and sum 13:
 * 10 x 13 / 9 = 14.444..., shown 14.44, is below the band edge 15). The analytics work in IEEE-754
 * double with + - x / and a square root built from those operations only (no libm, no fused
 * multiply-add under -std=c17), so a result is the same bits on every conforming platform; show
 * one with easel_round_fixed(). A decision (reliable or not) compares the unrounded double.
 *
 * Owns: nothing; every result is written into caller memory.
 * Borrows: label and name pointers in results point into the struct easel_instrument they came
 * from (valid while its KB lives).
 * Fails: malformed input (wrong answer count, an answer out of range, a bad parameter) returns
 * EASEL_EINVAL with err->field naming it ("items[3]", "weights[1]"). An administration with too
 * many blank items is not an error: easel_score returns 0 with valid = false and a reason.
 */
#ifndef EASEL_SCORE_H
#define EASEL_SCORE_H

#include "easel/error.h"
#include "easel/kb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EASEL_SCORE_MISSING (-1) /* an answer left blank */
#define EASEL_SCORE_MAX_SUBSCALES 8

struct easel_subscale_score {
    const char *name; /* borrowed from the instrument */
    int total;        /* keyed points of its items (blanks: 0 under score-zero, else left out) */
    int missing;      /* blank items in the subscale */
    bool has_cutoff;
    bool positive;  /* total >= the subscale cut-off */
    bool has_count; /* a count rule (PCL-5 cluster) */
    int count;      /* items answered at or above the rule's answer */
    bool count_met; /* count >= the rule's minimum */
};

struct easel_score_result {
    bool valid;       /* false: too many blanks; total, band and subscales are then not set */
    char reason[160]; /* why not valid; "" when valid */
    int answered, missing;
    int raw;       /* keyed points of the answered items (blanks excluded) */
    bool prorated; /* total = items x raw / answered */
    int total_x100;
    bool has_percent;
    int percent_x100; /* percentage scoring (WHO-5): total x percent_factor, in hundredths */
    int band;         /* index into instrument->bands, -1 none */
    const char *band_label, *alt_band_label; /* borrowed; NULL none */
    bool clinical; /* in the clinical range: total >= clinical_cutoff where higher is
                      worse, total < clinical_cutoff where higher is better */
    /* Risk is judged on every administration, valid or not, whatever the total. */
    bool risk;            /* the risk item is answered above 0 */
    int risk_item;        /* 1-based item number when risk, else 0 */
    bool risk_unanswered; /* the instrument has a risk item and it was left blank */
    struct easel_subscale_score sub[EASEL_SCORE_MAX_SUBSCALES];
    size_t n_sub;
    bool counts_met; /* every subscale count rule is met (false when there is none) */
};

/* Score one administration. answers[i] is item i+1 as entered (item_min..item_max on the
   instrument's answer scale, see its item_keys) or EASEL_SCORE_MISSING. n must equal
   in->items. A blank item is handled only by the instrument's rule: invalid (the default),
   prorate (up to max_missing blanks) or score-zero (up to max_missing blanks). */
int easel_score(const struct easel_instrument *in, const int *answers, int n,
                struct easel_score_result *out, struct easel_error *err);

/* Stored answers as the store keeps them, "2,1,,3" (a blank between commas is a missing item)
   -> answers[] with EASEL_SCORE_MISSING for blanks. Returns the count, or -1 when there are
   more than max. No range check: easel_score does that. */
int easel_answers_parse(const char *text, int *answers, int max);
/* The reverse: answers[] (EASEL_SCORE_MISSING as a blank) -> "2,1,,3" in out (always
   NUL-terminated; cut short only when size is too small: 4 bytes per answer always suffice). */
void easel_answers_format(const int *answers, int n, char *out, size_t size);

/* The keyed points one answer earns on item (1-based): item_min + item_max - answer for a
   reverse-keyed item, the answer otherwise. No range check. */
int easel_score_item(const struct easel_instrument *in, int item, int answer);

/* v x scale rounded half away from zero: how a double is shown (easel_round_fixed(rc, 100)
   -> 747 for 7.4741). */
int64_t easel_round_fixed(double v, int64_t scale);

/* ---- Jacobson-Truax reliable change (clinical.md D1) ---- */

#define EASEL_RC_Z 1.96 /* |RC| above this is reliable at p < .05 */

enum easel_change {
    EASEL_CHANGE_NONE,        /* |RC| <= 1.96 */
    EASEL_CHANGE_IMPROVED,    /* reliable change toward better */
    EASEL_CHANGE_DETERIORATED /* reliable change toward worse */
};

struct easel_rci {
    bool available; /* false: the instrument has no SD and reliability ("not available") */
    char note[160]; /* why not available, or that the inputs are illustrative; "" otherwise */
    double se;      /* SD x sqrt(1 - r) */
    double sdiff; /* sqrt(2 x SE^2) = SD x sqrt(2) x sqrt(1 - r), the Christensen-Mendoza sqrt 2 */
    double min_change; /* 1.96 x Sdiff: the smallest raw change that is reliable */
    double rc;         /* (post - pre) / Sdiff; signed as the raw change */
    enum easel_change change;
};

/* From explicit SD (> 0) and reliability r (0 < r < 1). */
int easel_rci(double sd, double r, double pre, double post, bool higher_is_worse,
              struct easel_rci *out, struct easel_error *err);

/* From the instrument's reliability data; without it, returns 0 with available = false and a
   "not available" note. pre and post are totals in hundredths. */
int easel_rci_instrument(const struct easel_instrument *in, int pre_x100, int post_x100,
                         struct easel_rci *out, struct easel_error *err);

/* ---- Clinical-significance cut-offs (clinical.md D1; 0 = functional, 1 = dysfunctional) ----
   Higher is worse: a = M1 - 2 SD1, b = M0 + 2 SD0. Higher is better: a = M1 + 2 SD1,
   b = M0 - 2 SD0. Both: c = (SD0 M1 + SD1 M0) / (SD0 + SD1). b uses SD0 as Jacobson & Truax
   define it (one vignette writes SD1). */
struct easel_cs_cutoffs {
    bool available;
    double a; /* 2 SD beyond the dysfunctional mean, toward better */
    double b; /* 2 SD inside the functional mean, toward worse */
    double c; /* weighted midpoint, preferred when the distributions overlap */
};

int easel_cs_cutoffs(double m_func, double sd_func, double m_dys, double sd_dys,
                     bool higher_is_worse, struct easel_cs_cutoffs *out, struct easel_error *err);
/* From the instrument's norms; available = false without them. */
int easel_cs_instrument(const struct easel_instrument *in, struct easel_cs_cutoffs *out,
                        struct easel_error *err);

/* ---- NHS Talking Therapies outcome rules (clinical.md D1 [25a]) ----
   Caseness: any measure at or above its caseness threshold at intake (PHQ-9 >= 10, GAD-7 >= 8).
   Reliable improvement: any measure falls by at least its reliable-change threshold (PHQ-9 6,
   GAD-7 4). Recovery: a case at intake and every measure below its caseness threshold at the
   end. Reliable recovery: reliable improvement AND recovery. Deterioration: any measure rises
   by at least its reliable-change threshold. The last two follow the common reading;
   clinical.md flags them for checking against the current NHS Talking Therapies manual. */
struct easel_tt_measure {
    const struct easel_instrument *in; /* must carry talking_therapies thresholds */
    int pre, post;                     /* whole-point totals at intake and at the end */
};

struct easel_tt_result {
    bool case_at_intake, case_at_end;
    bool reliable_improvement, recovery, reliable_recovery, deterioration;
};

int easel_talking_therapies(const struct easel_tt_measure *m, size_t n, struct easel_tt_result *out,
                            struct easel_error *err);

/* ---- Goal Attainment Scaling (clinical.md D2, Kiresuk & Sherman) ----
   T = 50 + 10 sum(w x) / sqrt((1 - rho) sum(w^2) + rho (sum w)^2); attainment x in -2..+2,
   weights 1-100 (NULL: every weight 1, the unweighted formula). */
#define EASEL_GAS_RHO 0.3

int easel_gas_tscore(const int *x, const int *weights, size_t n, double rho, double *t,
                     struct easel_error *err);

/* ---- A client's progress on one instrument ---- */

enum easel_progress_category {
    EASEL_PROGRESS_BASELINE_ONLY, /* one valid administration */
    EASEL_PROGRESS_NOT_AVAILABLE, /* no reliability data: reliable change not available */
    EASEL_PROGRESS_RECOVERED,     /* reliably improved and left the clinical range */
    EASEL_PROGRESS_IMPROVED,      /* reliably improved, still in (or never in) the range */
    EASEL_PROGRESS_UNCHANGED,     /* no reliable change */
    EASEL_PROGRESS_DETERIORATED   /* reliably worse */
};

struct easel_progress {
    size_t n;                                 /* valid administrations used */
    int first_x100, latest_x100, change_x100; /* change = latest - first */
    bool first_clinical, latest_clinical;     /* by the instrument's clinical_cutoff */
    struct easel_rci rci;                     /* first -> latest */
    enum easel_progress_category category;
};

/* One administration in a client's series, oldest first. */
struct easel_admin {
    int session; /* session number when given (0 = intake); never decreasing */
    struct easel_score_result score;
};

/* Summarise the valid administrations of a series (invalid ones are skipped). EINVAL when
   there is no valid administration or sessions go backwards. */
int easel_progress_summary(const struct easel_instrument *in, const struct easel_admin *a, size_t n,
                           struct easel_progress *out, struct easel_error *err);

const char *easel_progress_category_name(enum easel_progress_category c);

enum easel_alert_kind {
    EASEL_ALERT_RISK_ITEM,       /* the latest administration's risk item is above 0 */
    EASEL_ALERT_RISK_UNANSWERED, /* the latest administration left the risk item blank */
    EASEL_ALERT_DETERIORATION,   /* latest vs first: reliable deterioration */
    EASEL_ALERT_REVIEW_SUGGESTED /* review_after sessions or more, no reliable improvement */
};

#define EASEL_ALERTS_MAX 4

struct easel_alert {
    enum easel_alert_kind kind;
    int item;       /* the risk item, else 0 */
    char text[200]; /* easel's own words */
};

/* Alerts for a series, most urgent first: risk item, risk item blank, reliable deterioration,
   "plan review suggested" when the latest valid administration is at least review_after
   sessions after the first and is not reliably improved (review_after 0: never). Change alerts
   need reliability data; without it they are not raised. out holds EASEL_ALERTS_MAX. */
int easel_progress_alerts(const struct easel_instrument *in, const struct easel_admin *a, size_t n,
                          int review_after, struct easel_alert *out, size_t *n_out,
                          struct easel_error *err);

#endif
