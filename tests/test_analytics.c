/*
 * tests/test_analytics.c — the analytics of src/core/analytics*.c against every worked example
 * of clinical.md D1 (Dyadic Adjustment Scale cut-offs, Jacobson & Truax Table 2 cases, PHQ-9
 * and GAD-7 reliable change) and D2 (Goal Attainment Scaling vectors), to two decimals (three
 * where clinical.md gives three); NHS Talking Therapies rules; a client's progress series and
 * its alerts; bad parameters named by field.
 *
 * Owns: one KB for the whole run (loaded in main). Borrows: nothing.
 * Fails: cmocka assertions.
 */
#include "testutil.h"

#include "easel/score.h"

#define M EASEL_SCORE_MISSING

static struct easel_kb kb;

static const struct easel_instrument *ins(const char *id)
{
    return tu_instrument(&kb, id);
}

/* v shown to two (or three) decimals, as an integer: R2(7.4741) == 747 */
#define R2(v) easel_round_fixed((v), 100)
#define R3(v) easel_round_fixed((v), 1000)

static void rounding_is_half_away_from_zero(void **state)
{
    (void)state;
    assert_int_equal(R2(0.125), 13);
    assert_int_equal(R2(-0.125), -13);
    assert_int_equal(R2(2.004), 200);
    assert_int_equal(R2(-2.2498), -225);
    assert_int_equal(R3(6.68983), 6690);
    assert_int_equal(R2(0.0), 0);
}

/* ---- D1 ---- */

static void d1_das_cutoffs(void **state)
{
    (void)state;
    /* Spanier's norms: married (functional) M 114.8 SD 17.8, divorced M 70.7 SD 23.8; a higher
       DAS is better, so the directions flip */
    struct easel_cs_cutoffs cs;
    struct easel_error err = {0};
    assert_int_equal(easel_cs_cutoffs(114.8, 17.8, 70.7, 23.8, false, &cs, &err), 0);
    assert_true(cs.available);
    assert_int_equal(R2(cs.a), 11830); /* 70.7 + 2 x 23.8 */
    assert_int_equal(R2(cs.b), 7920);  /* 114.8 - 2 x 17.8 */
    assert_int_equal(R2(cs.c), 9593);  /* (17.8 x 70.7 + 23.8 x 114.8) / 41.6 */
    /* the same norms on a higher-is-worse scale mirror a and b; c does not move */
    assert_int_equal(easel_cs_cutoffs(114.8, 17.8, 70.7, 23.8, true, &cs, &err), 0);
    assert_int_equal(R2(cs.a), 2310);  /* 70.7 - 47.6 */
    assert_int_equal(R2(cs.b), 15040); /* 114.8 + 35.6 */
    assert_int_equal(R2(cs.c), 9593);
    assert_int_equal(easel_cs_cutoffs(114.8, 0, 70.7, 23.8, false, &cs, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "sd_func");
    assert_false(cs.available);
}

static void d1_jacobson_truax_table2(void **state)
{
    (void)state;
    static const struct {
        double pre, post;
        int rc_x100;
        enum easel_change change;
    } cases[] = {
        {74, 124, 747, EASEL_CHANGE_IMPROVED},       /* case 2 */
        {80, 60.5, -291, EASEL_CHANGE_DETERIORATED}, /* case 29 */
        {90.5, 97, 97, EASEL_CHANGE_NONE},           /* case 1 */
    };
    for (size_t i = 0; i < 3; i++) {
        struct easel_rci r;
        struct easel_error err = {0};
        /* DAS: higher is better */
        assert_int_equal(easel_rci(11.826, 0.84, cases[i].pre, cases[i].post, false, &r, &err), 0);
        assert_true(r.available);
        assert_int_equal(R3(r.se), 4730);
        assert_int_equal(R3(r.sdiff), 6690);
        assert_int_equal(R2(r.min_change), 1311);
        assert_int_equal(R2(r.rc), cases[i].rc_x100);
        assert_int_equal(r.change, cases[i].change);
    }
    /* the sqrt 2 is there: Sdiff = SE x sqrt 2, not SE */
    struct easel_rci r;
    assert_int_equal(easel_rci(1, 0.75, 0, 0, true, &r, NULL), 0);
    assert_int_equal(R3(r.se), 500);
    assert_int_equal(R3(r.sdiff), 707);
}

static void d1_phq9_example(void **state)
{
    (void)state;
    /* explicit inputs SD 5.5, r .84 */
    struct easel_rci r;
    struct easel_error err = {0};
    assert_int_equal(easel_rci(5.5, 0.84, 18, 11, true, &r, &err), 0);
    assert_int_equal(R2(r.se), 220);
    assert_int_equal(R3(r.sdiff), 3111);
    assert_int_equal(R2(r.min_change), 610);
    assert_int_equal(R2(r.rc), -225);
    assert_int_equal(r.change, EASEL_CHANGE_IMPROVED);
    /* the same from the KB, which marks its inputs illustrative */
    assert_int_equal(easel_rci_instrument(ins("phq-9"), 1800, 1100, &r, &err), 0);
    assert_true(r.available);
    assert_int_equal(R2(r.se), 220);
    assert_int_equal(R3(r.sdiff), 3111);
    assert_int_equal(R2(r.min_change), 610);
    assert_int_equal(R2(r.rc), -225);
    assert_int_equal(r.change, EASEL_CHANGE_IMPROVED);
    assert_non_null(strstr(r.note, "illustrative"));
    /* NHS Talking Therapies: reliable improvement (a fall of 7 >= 6), but 11 is still >= 10:
       not recovered, so not reliably recovered */
    struct easel_tt_result tt;
    struct easel_tt_measure m = {ins("phq-9"), 18, 11};
    assert_int_equal(easel_talking_therapies(&m, 1, &tt, &err), 0);
    assert_true(tt.case_at_intake);
    assert_true(tt.reliable_improvement);
    assert_true(tt.case_at_end);
    assert_false(tt.recovery);
    assert_false(tt.reliable_recovery);
    assert_false(tt.deterioration);
    /* minimum reliable change 6.10 agrees with the rule of 6 */
    assert_true(r.min_change > 5 && r.min_change <= 6.5);
}

static void d1_gad7_example(void **state)
{
    (void)state;
    struct easel_rci r;
    struct easel_error err = {0};
    assert_int_equal(easel_rci(4.5, 0.92, 0, 0, true, &r, &err), 0);
    assert_int_equal(R2(r.min_change), 353);
    assert_int_equal(easel_rci_instrument(ins("gad-7"), 1400, 1000, &r, &err), 0);
    assert_int_equal(R2(r.min_change), 353);
    assert_int_equal(r.change, EASEL_CHANGE_IMPROVED); /* a fall of 4 > 3.53 */
    assert_int_equal(easel_rci_instrument(ins("gad-7"), 1400, 1100, &r, &err), 0);
    assert_int_equal(r.change, EASEL_CHANGE_NONE); /* a fall of 3 < 3.53 */
    assert_int_equal(easel_rci_instrument(ins("gad-7"), 500, 900, &r, &err), 0);
    assert_int_equal(r.change, EASEL_CHANGE_DETERIORATED);
}

static void rci_not_available_without_sourced_values(void **state)
{
    (void)state;
    for (size_t k = 0; k < kb.n_instruments; k++) {
        const struct easel_instrument *in = &kb.instruments[k];
        struct easel_rci r;
        struct easel_error err = {0};
        assert_int_equal(
            easel_rci_instrument(in, in->total_min * 100, in->total_max * 100, &r, &err), 0);
        bool sourced = strcmp(in->id, "phq-9") == 0 || strcmp(in->id, "gad-7") == 0;
        assert_int_equal(r.available, sourced);
        if (!sourced) {
            assert_non_null(strstr(r.note, "not available"));
            assert_int_equal(r.change, EASEL_CHANGE_NONE);
        }
    }
    /* higher is better: a reliable rise is an improvement */
    struct easel_rci r;
    assert_int_equal(easel_rci(4, 0.8, 10, 20, false, &r, NULL), 0);
    assert_int_equal(r.change, EASEL_CHANGE_IMPROVED);
    assert_int_equal(easel_rci(4, 0.8, 20, 10, false, &r, NULL), 0);
    assert_int_equal(r.change, EASEL_CHANGE_DETERIORATED);
    /* bad parameters */
    struct easel_error err = {0};
    assert_int_equal(easel_rci(0, 0.8, 1, 2, true, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "sd");
    assert_int_equal(easel_rci(5, 1.0, 1, 2, true, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "r");
    assert_int_equal(easel_rci(5, 0, 1, 2, true, &r, &err), EASEL_EINVAL);
    assert_false(r.available);
}

static void core10_norm_cutoffs(void **state)
{
    (void)state;
    /* derived here from clinical.md C1's norms: general population M 4.7 SD 4.8, primary-care
       counselling M 19.7 SD 7.7 (higher is worse) */
    struct easel_cs_cutoffs cs;
    struct easel_error err = {0};
    assert_int_equal(easel_cs_instrument(ins("core-10"), &cs, &err), 0);
    assert_true(cs.available);
    assert_int_equal(R2(cs.a), 430);  /* 19.7 - 15.4 */
    assert_int_equal(R2(cs.b), 1430); /* 4.7 + 9.6 */
    assert_int_equal(R2(cs.c), 1046); /* (4.8 x 19.7 + 7.7 x 4.7) / 12.5, near the cut-off 11 */
    assert_int_equal(easel_cs_instrument(ins("phq-9"), &cs, &err), 0);
    assert_false(cs.available);
}

/* ---- NHS Talking Therapies ---- */

static void talking_therapies_rules(void **state)
{
    (void)state;
    const struct easel_instrument *phq = ins("phq-9"), *gad = ins("gad-7");
    struct easel_tt_result tt;
    struct easel_error err = {0};
    /* caseness: PHQ-9 >= 10 and/or GAD-7 >= 8 */
    struct easel_tt_measure m[2] = {{phq, 9, 9}, {gad, 7, 7}};
    assert_int_equal(easel_talking_therapies(m, 2, &tt, &err), 0);
    assert_false(tt.case_at_intake);
    assert_false(tt.recovery); /* not a case, so it cannot recover */
    m[1].pre = 8;
    assert_int_equal(easel_talking_therapies(m, 2, &tt, &err), 0);
    assert_true(tt.case_at_intake);
    /* recovery: below both thresholds at the end; reliable recovery adds reliable improvement */
    struct easel_tt_measure rec[2] = {{phq, 15, 9}, {gad, 12, 7}};
    assert_int_equal(easel_talking_therapies(rec, 2, &tt, &err), 0);
    assert_true(tt.recovery);
    assert_true(tt.reliable_improvement); /* PHQ-9 fell 6 */
    assert_true(tt.reliable_recovery);
    rec[0].pre = 14; /* PHQ-9 fell 5, GAD-7 fell 5: still reliable through GAD-7 (>= 4) */
    assert_int_equal(easel_talking_therapies(rec, 2, &tt, &err), 0);
    assert_true(tt.reliable_improvement);
    rec[1].pre = 10; /* GAD-7 fell 3, PHQ-9 5: recovered but not reliably */
    assert_int_equal(easel_talking_therapies(rec, 2, &tt, &err), 0);
    assert_true(tt.recovery);
    assert_false(tt.reliable_improvement);
    assert_false(tt.reliable_recovery);
    /* one measure still at caseness: not recovered */
    struct easel_tt_measure half[2] = {{phq, 20, 8}, {gad, 15, 8}};
    assert_int_equal(easel_talking_therapies(half, 2, &tt, &err), 0);
    assert_true(tt.reliable_improvement);
    assert_false(tt.recovery);
    /* deterioration: a rise of the reliable-change threshold or more */
    struct easel_tt_measure up[2] = {{phq, 5, 11}, {gad, 5, 8}};
    assert_int_equal(easel_talking_therapies(up, 2, &tt, &err), 0);
    assert_true(tt.deterioration);
    assert_false(tt.reliable_improvement);
    up[0].post = 10, up[1].post = 8; /* rises of 5 and 3 */
    assert_int_equal(easel_talking_therapies(up, 2, &tt, &err), 0);
    assert_false(tt.deterioration);
    /* bad input */
    struct easel_tt_measure bad = {ins("core-10"), 20, 10};
    assert_int_equal(easel_talking_therapies(&bad, 1, &tt, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "measures[0]");
    struct easel_tt_measure twice[2] = {{phq, 10, 5}, {phq, 10, 5}};
    assert_int_equal(easel_talking_therapies(twice, 2, &tt, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "measures[1]");
    struct easel_tt_measure range = {gad, 22, 5};
    assert_int_equal(easel_talking_therapies(&range, 1, &tt, &err), EASEL_EINVAL);
    assert_int_equal(easel_talking_therapies(NULL, 0, &tt, &err), EASEL_EINVAL);
}

/* ---- D2 ---- */

static void d2_gas_vectors(void **state)
{
    (void)state;
    static const struct {
        int x[6];
        size_t n;
        int t_x100;
    } v[] = {
        {{0, 0, 0}, 3, 5000},       {{2}, 1, 7000},          {{1, 1, 1}, 3, 6369},
        {{2, 0, -1}, 3, 5456},      {{-2, -2, -2}, 3, 2261}, {{-1, -1, -1, -1}, 4, 3549},
        {{1, 1, 1, 1, 1}, 5, 6508},
    };
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        double t, tw;
        struct easel_error err = {0};
        assert_int_equal(easel_gas_tscore(v[i].x, NULL, v[i].n, EASEL_GAS_RHO, &t, &err), 0);
        assert_int_equal(R2(t), v[i].t_x100);
        /* unweighted is the weighted formula with every weight 1 */
        static const int ones[6] = {1, 1, 1, 1, 1, 1};
        assert_int_equal(easel_gas_tscore(v[i].x, ones, v[i].n, EASEL_GAS_RHO, &tw, &err), 0);
        assert_int_equal(R2(tw), v[i].t_x100);
    }
    /* weighted: sum wx = 7, sum w^2 = 91, sum w = 21, denominator sqrt 196 = 14 -> 55.00 */
    double t;
    assert_int_equal(easel_gas_tscore((const int[]){-2, 0, -1, 2, 0, 1},
                                      (const int[]){3, 5, 1, 4, 2, 6}, 6, EASEL_GAS_RHO, &t, NULL),
                     0);
    assert_int_equal(R2(t), 5500);
    assert_int_equal(R3(t), 55000);
    /* bad input */
    struct easel_error err = {0};
    assert_int_equal(easel_gas_tscore((const int[]){0, 3}, NULL, 2, EASEL_GAS_RHO, &t, &err),
                     EASEL_EINVAL);
    assert_string_equal(err.field, "scores[1]");
    assert_int_equal(
        easel_gas_tscore((const int[]){0, 1}, (const int[]){2, 0}, 2, EASEL_GAS_RHO, &t, &err),
        EASEL_EINVAL);
    assert_string_equal(err.field, "weights[1]");
    assert_int_equal(easel_gas_tscore((const int[]){0}, NULL, 1, 1.0, &t, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "rho");
    assert_int_equal(easel_gas_tscore((const int[]){0}, NULL, 0, EASEL_GAS_RHO, &t, &err),
                     EASEL_EINVAL);
}

/* ---- progress series and alerts ---- */

/* An administration of PHQ-9 at session s with total `total` (item 9 as given). */
static struct easel_admin phq(int session, int total, int item9)
{
    int a[9] = {0};
    int left = total - (item9 > 0 ? item9 : 0);
    for (int i = 0; i < 8; i++) {
        a[i] = left > 3 ? 3 : left;
        left -= a[i];
    }
    a[8] = item9;
    struct easel_admin ad = {.session = session};
    struct easel_error err = {0};
    assert_int_equal(easel_score(ins("phq-9"), a, 9, &ad.score, &err), 0);
    return ad;
}

static void progress_summary(void **state)
{
    (void)state;
    const struct easel_instrument *in = ins("phq-9");
    struct easel_progress p;
    struct easel_error err = {0};
    /* 18 -> 15 -> 11: reliably improved (RC -2.25), still in the clinical range */
    struct easel_admin s[3] = {phq(0, 18, 0), phq(4, 15, 0), phq(8, 11, 0)};
    assert_int_equal(easel_progress_summary(in, s, 3, &p, &err), 0);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.first_x100, 1800);
    assert_int_equal(p.latest_x100, 1100);
    assert_int_equal(p.change_x100, -700);
    assert_int_equal(R2(p.rci.rc), -225);
    assert_int_equal(p.category, EASEL_PROGRESS_IMPROVED);
    assert_true(p.first_clinical && p.latest_clinical);
    /* 18 -> 8: recovered (reliable and out of the range) */
    s[2] = phq(8, 8, 0);
    assert_int_equal(easel_progress_summary(in, s, 3, &p, &err), 0);
    assert_int_equal(p.category, EASEL_PROGRESS_RECOVERED);
    assert_string_equal(easel_progress_category_name(p.category),
                        "reliably improved and out of the clinical range");
    /* 10 -> 17: reliably worse; 10 -> 13: no reliable change */
    struct easel_admin w[2] = {phq(0, 10, 0), phq(3, 17, 0)};
    assert_int_equal(easel_progress_summary(in, w, 2, &p, &err), 0);
    assert_int_equal(p.category, EASEL_PROGRESS_DETERIORATED);
    w[1] = phq(3, 13, 0);
    assert_int_equal(easel_progress_summary(in, w, 2, &p, &err), 0);
    assert_int_equal(p.category, EASEL_PROGRESS_UNCHANGED);
    /* one administration: baseline only */
    assert_int_equal(easel_progress_summary(in, w, 1, &p, &err), 0);
    assert_int_equal(p.category, EASEL_PROGRESS_BASELINE_ONLY);
    /* invalid administrations are skipped */
    struct easel_admin v[3] = {phq(0, 18, 0), phq(2, 9, 0), phq(4, 18, 0)};
    v[2].score.valid = false;
    assert_int_equal(easel_progress_summary(in, v, 3, &p, &err), 0);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.latest_x100, 900);
    /* CORE-10 has no reliability data: not available */
    const struct easel_instrument *core = ins("core-10");
    struct easel_admin c[2] = {{.session = 0}, {.session = 6}};
    assert_int_equal(
        easel_score(core, (const int[]){3, 1, 1, 3, 3, 3, 3, 3, 3, 3}, 10, &c[0].score, &err), 0);
    assert_int_equal(
        easel_score(core, (const int[]){1, 3, 3, 1, 1, 1, 1, 1, 1, 1}, 10, &c[1].score, &err), 0);
    assert_int_equal(easel_progress_summary(core, c, 2, &p, &err), 0);
    assert_int_equal(p.category, EASEL_PROGRESS_NOT_AVAILABLE);
    assert_non_null(strstr(p.rci.note, "not available"));
    assert_int_equal(p.change_x100, -2000); /* 30 -> 10 */
    /* errors: nothing valid, sessions backwards */
    v[0].score.valid = v[1].score.valid = false;
    assert_int_equal(easel_progress_summary(in, v, 3, &p, &err), EASEL_EINVAL);
    struct easel_admin back[2] = {phq(5, 10, 0), phq(3, 10, 0)};
    assert_int_equal(easel_progress_summary(in, back, 2, &p, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "series[1]");
    assert_int_equal(easel_progress_summary(in, back, 0, &p, &err), EASEL_EINVAL);
}

static void alerts(void **state)
{
    (void)state;
    const struct easel_instrument *in = ins("phq-9");
    struct easel_alert al[EASEL_ALERTS_MAX];
    size_t n;
    struct easel_error err = {0};
    /* risk item positive at the latest administration, with a low total */
    struct easel_admin s[2] = {phq(0, 12, 0), phq(2, 3, 1)};
    assert_int_equal(easel_progress_alerts(in, s, 2, 6, al, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(al[0].kind, EASEL_ALERT_RISK_ITEM);
    assert_int_equal(al[0].item, 9);
    assert_non_null(strstr(al[0].text, "item 9"));
    assert_non_null(strstr(al[0].text, "whatever the total"));
    /* an earlier positive item 9 does not speak for the present */
    struct easel_admin old[2] = {phq(0, 12, 2), phq(2, 11, 0)};
    assert_int_equal(easel_progress_alerts(in, old, 2, 0, al, &n, &err), 0);
    assert_int_equal(n, 0);
    /* item 9 left blank: the administration is invalid but the blank is reported */
    struct easel_admin b[2] = {phq(0, 12, 0), {.session = 1}};
    assert_int_equal(
        easel_score(in, (const int[]){1, 1, 1, 1, 1, 1, 1, 1, M}, 9, &b[1].score, &err), 0);
    assert_int_equal(easel_progress_alerts(in, b, 2, 0, al, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(al[0].kind, EASEL_ALERT_RISK_UNANSWERED);
    /* reliable deterioration, with risk first: most urgent first */
    struct easel_admin d[3] = {phq(0, 8, 0), phq(3, 12, 0), phq(6, 16, 1)};
    assert_int_equal(easel_progress_alerts(in, d, 3, 10, al, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(al[0].kind, EASEL_ALERT_RISK_ITEM);
    assert_int_equal(al[1].kind, EASEL_ALERT_DETERIORATION);
    assert_non_null(strstr(al[1].text, "8.00 at session 0, 16.00 at session 6"));
    assert_non_null(strstr(al[1].text, "RC 2.57"));
    /* no reliable improvement after N sessions: plan review suggested */
    struct easel_admin r[4] = {phq(0, 16, 0), phq(2, 15, 0), phq(4, 13, 0), phq(6, 12, 0)};
    assert_int_equal(easel_progress_alerts(in, r, 4, 6, al, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(al[0].kind, EASEL_ALERT_REVIEW_SUGGESTED);
    assert_non_null(strstr(al[0].text, "plan review suggested"));
    assert_non_null(strstr(al[0].text, "after 6 sessions"));
    /* not yet N sessions, or N = 0: no alert */
    assert_int_equal(easel_progress_alerts(in, r, 4, 7, al, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(easel_progress_alerts(in, r, 4, 0, al, &n, &err), 0);
    assert_int_equal(n, 0);
    /* reliable improvement by then: no alert */
    r[3] = phq(6, 9, 0);
    assert_int_equal(easel_progress_alerts(in, r, 4, 6, al, &n, &err), 0);
    assert_int_equal(n, 0);
    /* without reliability data no change alert is raised (CORE-10) */
    const struct easel_instrument *core = ins("core-10");
    struct easel_admin c[2] = {{.session = 0}, {.session = 12}};
    assert_int_equal(
        easel_score(core, (const int[]){1, 3, 3, 1, 1, 1, 1, 1, 1, 1}, 10, &c[0].score, &err), 0);
    assert_int_equal(
        easel_score(core, (const int[]){4, 0, 0, 4, 4, 4, 4, 4, 4, 4}, 10, &c[1].score, &err), 0);
    assert_int_equal(easel_progress_alerts(core, c, 2, 6, al, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(easel_progress_alerts(in, r, 4, -1, al, &n, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "review_after");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rounding_is_half_away_from_zero),
        cmocka_unit_test(d1_das_cutoffs),
        cmocka_unit_test(d1_jacobson_truax_table2),
        cmocka_unit_test(d1_phq9_example),
        cmocka_unit_test(d1_gad7_example),
        cmocka_unit_test(rci_not_available_without_sourced_values),
        cmocka_unit_test(core10_norm_cutoffs),
        cmocka_unit_test(talking_therapies_rules),
        cmocka_unit_test(d2_gas_vectors),
        cmocka_unit_test(progress_summary),
        cmocka_unit_test(alerts),
    };
    return tu_run_with_kb(&kb, tests);
}
