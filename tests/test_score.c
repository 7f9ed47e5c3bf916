/*
 * tests/test_score.c — scoring one administration (src/core/score.c) against the shipped KB
 * instruments: the D3 worked examples of clinical.md, every instrument's keying, missing-item
 * rule, bands and thresholds, PSC-17 subscales keyed by content, PHQ-9 item 9 as a risk flag
 * whatever the total, bad input named by field, and two properties over random answers
 * (totals stay in range; an answer moved toward its item's symptom end never moves the total
 * toward better).
 *
 * Owns: one KB for the whole run (loaded in main). Borrows: nothing.
 * Fails: cmocka assertions; a deterministic generator makes every run the same.
 */
#include "testutil.h"

#include "easel/kb_load.h"
#include "easel/score.h"

#define M EASEL_SCORE_MISSING

static struct easel_kb kb;

static const struct easel_instrument *ins(const char *id)
{
    return tu_instrument(&kb, id);
}

/* Score answers that must be well-formed; returns the result. */
static struct easel_score_result score(const char *id, const int *answers)
{
    const struct easel_instrument *in = ins(id);
    struct easel_score_result r;
    struct easel_error err = {0};
    int rc = easel_score(in, answers, in->items, &r, &err);
    if (rc)
        fprintf(stderr, "%s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
    return r;
}

/* Every answer the same. */
static struct easel_score_result score_all(const char *id, int answer)
{
    int a[32];
    for (int i = 0; i < 32; i++)
        a[i] = answer;
    return score(id, a);
}

static int label_has(const struct easel_instrument *in, int item, const char *word)
{
    return in->item_labels.n == (size_t)in->items &&
           strstr(in->item_labels.items[item - 1], word) != NULL;
}

/* ---- clinical.md D3 ---- */

static void d3_worked_examples(void **state)
{
    (void)state;
    /* WHO-5: raw 12 -> 48 %, poor wellbeing */
    struct easel_score_result r = score("who-5", (const int[]){3, 3, 2, 2, 2});
    assert_true(r.valid);
    assert_int_equal(r.total_x100, 1200);
    assert_true(r.has_percent);
    assert_int_equal(r.percent_x100, 4800);
    assert_string_equal(r.band_label, "poor wellbeing");
    assert_true(r.clinical);
    /* CORE-10: 9 items answered, sum 18 -> prorated 20.0, moderate-to-severe. Items 2 and 3
       are reverse-keyed: answers 2 there key to 2 as well, so the keyed sum is 18. */
    r = score("core-10", (const int[]){2, 2, 2, 2, 2, 2, 2, 2, 2, M});
    assert_true(r.valid);
    assert_true(r.prorated);
    assert_int_equal(r.raw, 18);
    assert_int_equal(r.total_x100, 2000);
    assert_string_equal(r.band_label, "moderate-to-severe");
    /* RSES: "Agree" (2) on every item -> 5 x 2 + 5 x 1 = 15, the lower edge of normal */
    r = score_all("rses", 2);
    assert_int_equal(r.total_x100, 1500);
    assert_string_equal(r.band_label, "normal range");
    assert_false(r.clinical);
    /* K10 (Australian 1-5): "some of the time" (3) everywhere -> 30: very high (ABS), likely
       severe (CRUfAD) */
    r = score_all("k10", 3);
    assert_int_equal(r.total_x100, 3000);
    assert_string_equal(r.band_label, "likely severe disorder");
    assert_string_equal(r.alt_band_label, "very high");
    assert_string_equal(ins("k10")->alt_bands_name, "ABS");
}

/* ---- per instrument ---- */

static void phq9_bands_cutoff_and_blank(void **state)
{
    (void)state;
    static const struct {
        int total;
        const char *band;
    } edges[] = {{0, "minimal"},
                 {4, "minimal"},
                 {5, "mild"},
                 {9, "mild"},
                 {10, "moderate"},
                 {14, "moderate"},
                 {15, "moderately severe"},
                 {19, "moderately severe"},
                 {20, "severe"},
                 {27, "severe"}};
    for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++) {
        int a[9] = {0}, left = edges[k].total;
        for (int i = 0; i < 8 && left > 0; i++) { /* items 1-8 only: item 9 stays 0 */
            a[i] = left > 3 ? 3 : left;
            left -= a[i];
        }
        a[8] = left; /* only 27 needs item 9 */
        struct easel_score_result r = score("phq-9", a);
        assert_int_equal(r.total_x100, edges[k].total * 100);
        assert_string_equal(r.band_label, edges[k].band);
        assert_int_equal(r.clinical, edges[k].total >= 10);
    }
    /* no missing-item rule: one blank makes it invalid, never a silent 0 */
    struct easel_score_result r = score("phq-9", (const int[]){1, 1, 1, 1, 1, 1, 1, M, 0});
    assert_false(r.valid);
    assert_int_equal(r.missing, 1);
    assert_non_null(strstr(r.reason, "blank"));
    assert_null(r.band_label);
    assert_int_equal(r.total_x100, 0);
}

static void phq9_item9_is_risk_whatever_the_total(void **state)
{
    (void)state;
    struct easel_score_result r = score("phq-9", (const int[]){0, 0, 0, 0, 0, 0, 0, 0, 1});
    assert_true(r.valid);
    assert_int_equal(r.total_x100, 100);
    assert_string_equal(r.band_label, "minimal");
    assert_true(r.risk);
    assert_int_equal(r.risk_item, 9);
    /* still raised when the administration is invalid */
    r = score("phq-9", (const int[]){M, M, 0, 0, 0, 0, 0, 0, 2});
    assert_false(r.valid);
    assert_true(r.risk);
    /* a blank item 9 is its own signal */
    r = score("phq-9", (const int[]){3, 3, 3, 3, 3, 3, 3, 3, M});
    assert_false(r.valid);
    assert_false(r.risk);
    assert_true(r.risk_unanswered);
    /* item 9 at 0 with a severe total: no risk flag from the item */
    r = score("phq-9", (const int[]){3, 3, 3, 3, 3, 3, 3, 3, 0});
    assert_false(r.risk);
    assert_false(r.risk_unanswered);
    assert_string_equal(r.band_label, "severe");
    /* the label says what item 9 is about */
    assert_true(label_has(ins("phq-9"), 9, "self-harm"));
}

static void gad7_bands_and_cutoff(void **state)
{
    (void)state;
    static const int totals[] = {4, 5, 9, 10, 14, 15, 21};
    static const char *const bands[] = {"minimal",  "mild",   "mild",  "moderate",
                                        "moderate", "severe", "severe"};
    for (size_t k = 0; k < 7; k++) {
        int a[7] = {0}, left = totals[k];
        for (int i = 0; i < 7; i++) {
            a[i] = left > 3 ? 3 : left;
            left -= a[i];
        }
        struct easel_score_result r = score("gad-7", a);
        assert_int_equal(r.total_x100, totals[k] * 100);
        assert_string_equal(r.band_label, bands[k]);
        assert_int_equal(r.clinical, totals[k] >= 10);
        assert_false(r.risk); /* GAD-7 has no risk item */
    }
    assert_false(score("gad-7", (const int[]){0, 0, 0, M, 0, 0, 0}).valid);
    assert_int_equal(ins("gad-7")->tt_caseness, 8);
    assert_int_equal(ins("gad-7")->tt_reliable_change, 4);
}

static void pcl5_clusters_and_pattern(void **state)
{
    (void)state;
    /* one B, one C, two D, two E items at 2: the provisional pattern is met; total 12 */
    int a[20] = {0};
    a[0] = 2;          /* B */
    a[5] = 2;          /* C */
    a[7] = a[8] = 2;   /* D */
    a[14] = a[19] = 2; /* E */
    struct easel_score_result r = score("pcl-5", a);
    assert_int_equal(r.total_x100, 1200);
    assert_int_equal(r.n_sub, 4);
    assert_string_equal(r.sub[0].name, "cluster-b");
    assert_true(r.counts_met);
    assert_false(r.clinical);     /* 12 < 31 */
    assert_int_equal(r.band, -1); /* no empirically derived bands */
    assert_null(r.band_label);
    /* one D item short: not met, though the total is much higher */
    a[8] = 1;
    for (int i = 1; i < 5; i++)
        a[i] = 1;
    a[6] = 4;
    r = score("pcl-5", a);
    assert_false(r.sub[2].count_met);
    assert_int_equal(r.sub[2].count, 1);
    assert_false(r.counts_met);
    /* answers of 1 do not count toward the pattern; 31 is probable PTSD */
    r = score_all("pcl-5", 1);
    assert_int_equal(r.total_x100, 2000);
    assert_false(r.counts_met);
    int b[20];
    for (int i = 0; i < 20; i++)
        b[i] = i < 11 ? 2 : 1; /* 22 + 9 = 31 */
    r = score("pcl-5", b);
    assert_int_equal(r.total_x100, 3100);
    assert_true(r.clinical);
}

static void who5_percentage_and_direction(void **state)
{
    (void)state;
    struct easel_score_result r = score_all("who-5", 5);
    assert_int_equal(r.percent_x100, 10000);
    assert_false(r.clinical);
    assert_string_equal(r.band_label, "above the poor-wellbeing cut-off");
    r = score("who-5", (const int[]){3, 3, 3, 2, 2}); /* 13 -> 52 %: above the cut-off */
    assert_int_equal(r.percent_x100, 5200);
    assert_false(r.clinical);
    r = score_all("who-5", 0);
    assert_int_equal(r.percent_x100, 0);
    assert_true(r.clinical);
    assert_false(score("who-5", (const int[]){5, 5, M, 5, 5}).valid);
}

static void k10_scores_from_one(void **state)
{
    (void)state;
    struct easel_score_result r = score_all("k10", 1);
    assert_int_equal(r.total_x100, 1000);
    assert_string_equal(r.band_label, "likely well");
    assert_string_equal(r.alt_band_label, "low");
    r = score("k10", (const int[]){2, 2, 2, 2, 2, 2, 2, 2, 2, 2}); /* 20: CRUfAD mild, ABS
                                                                       moderate */
    assert_string_equal(r.band_label, "likely mild disorder");
    assert_string_equal(r.alt_band_label, "moderate");
    assert_true(r.clinical);
    r = score("k10", (const int[]){2, 2, 2, 2, 2, 2, 2, 2, 2, 1}); /* 19 */
    assert_false(r.clinical);
    /* a US 0-4 answer of 0 is out of range: it must be raised by 1 first */
    struct easel_error err = {0};
    struct easel_score_result x;
    int zeros[10] = {0};
    assert_int_equal(easel_score(ins("k10"), zeros, 10, &x, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "items[0]");
}

static void core10_reverse_prorate_and_bands(void **state)
{
    (void)state;
    const struct easel_instrument *in = ins("core-10");
    /* items 2 and 3 reversed: all 0 -> 4 + 4 = 8; all 4 -> 32 */
    assert_int_equal(score_all("core-10", 0).total_x100, 800);
    assert_int_equal(score_all("core-10", 4).total_x100, 3200);
    assert_int_equal(easel_score_item(in, 2, 0), 4);
    assert_int_equal(easel_score_item(in, 3, 1), 3);
    assert_int_equal(easel_score_item(in, 4, 1), 1);
    /* one blank: prorated, rounded half up to hundredths */
    static const struct {
        int sum, x100;
    } pro[] = {{1, 111}, {5, 556}, {8, 889}, {9, 1000}, {13, 1444}, {36, 4000}};
    for (size_t k = 0; k < sizeof(pro) / sizeof(pro[0]); k++) {
        int a[10] = {M, 0, 0, 0, 0, 0, 0, 0, 0, 0}; /* item 1 blank; 2 and 3 keyed 4 at 0 */
        a[1] = 4;
        a[2] = 4; /* keyed 0 */
        int left = pro[k].sum;
        for (int i = 3; i < 10; i++) {
            a[i] = left > 4 ? 4 : left;
            left -= a[i];
        }
        if (left > 0) { /* sum 36 needs the reversed items too */
            a[1] = 4 - (left > 4 ? 4 : left);
            left -= 4 - a[1];
            a[2] = 4 - left;
        }
        struct easel_score_result r = score("core-10", a);
        assert_true(r.valid);
        assert_true(r.prorated);
        assert_int_equal(r.raw, pro[k].sum);
        assert_int_equal(r.total_x100, pro[k].x100);
    }
    /* bands and the cut-off are decided on the exact value: 14.44 is mild, 10.00 is not
       clinical, 11.11 is */
    int a[10] = {M, 4, 4, 4, 4, 4, 1, 0, 0, 0}; /* keyed 0 + 0 + 13 */
    struct easel_score_result r = score("core-10", a);
    assert_int_equal(r.total_x100, 1444);
    assert_string_equal(r.band_label, "mild");
    int b[10] = {M, 4, 4, 4, 4, 1, 0, 0, 0, 0}; /* 9 -> 10.00 */
    r = score("core-10", b);
    assert_int_equal(r.total_x100, 1000);
    assert_false(r.clinical);
    assert_string_equal(r.band_label, "low");
    b[5] = 2; /* 10 -> 11.11 */
    r = score("core-10", b);
    assert_true(r.clinical);
    assert_string_equal(r.band_label, "mild");
    /* a blank reversed item is prorated the same way */
    r = score("core-10", (const int[]){2, M, 2, 2, 2, 2, 2, 2, 2, 2});
    assert_true(r.prorated);
    assert_int_equal(r.total_x100, 2000);
    /* two blanks: not scored */
    r = score("core-10", (const int[]){M, M, 2, 2, 2, 2, 2, 2, 2, 2});
    assert_false(r.valid);
    assert_non_null(strstr(r.reason, "at most 1"));
    /* bands as clinical.md C1 gives them (not the 11-15 / 16-20 variant) */
    assert_int_equal(in->n_bands, 6);
    assert_int_equal(in->bands[2].from, 11);
    assert_int_equal(in->bands[2].to, 14);
    assert_int_equal(in->bands[5].from, 25);
    assert_true(in->has_norms);
    assert_int_equal(in->norm_func_mean_milli, 4700);
    assert_int_equal(in->norm_dys_sd_milli, 7700);
}

static void psc17_subscales_by_content(void **state)
{
    (void)state;
    const struct easel_instrument *in = ins("psc-17");
    /* the subscales hold the items clinical.md names by content */
    static const char *const content[3][7] = {
        {"sad", "hopeless", "down on self", "less fun", "worries", NULL},
        {"fidgety", "daydreams", "concentrating", "motor", "distracted", NULL},
        {"share", "feelings", "fights", "blames", "rules", "teases", "takes"}};
    static const char *const names[] = {"internalising", "attention", "externalising"};
    static const int cutoffs[] = {5, 7, 7};
    assert_int_equal(in->n_subscales, 3);
    uint32_t all = 0;
    for (int s = 0; s < 3; s++) {
        const struct easel_subscale *sc = &in->subscales[s];
        assert_string_equal(sc->name, names[s]);
        assert_int_equal(sc->cutoff, cutoffs[s]);
        int members = 0;
        for (int i = 1; i <= 17; i++) {
            if (!(sc->items >> (i - 1) & 1u))
                continue;
            members++;
            int found = 0;
            for (int k = 0; k < 7 && content[s][k]; k++)
                found += label_has(in, i, content[s][k]);
            if (found != 1)
                fprintf(stderr, "psc-17 item %d (%s) in %s\n", i, in->item_labels.items[i - 1],
                        names[s]);
            assert_int_equal(found, 1);
        }
        assert_int_equal(members, s == 2 ? 7 : 5);
        assert_int_equal(all & sc->items, 0); /* no item in two subscales */
        all |= sc->items;
    }
    assert_int_equal(all, (1u << 17) - 1);
    /* internalising at its cut-off 5, attention 6 (below 7), externalising 7 */
    int a[17] = {0};
    a[1] = 2, a[5] = 2, a[8] = 1;           /* internalising 5 */
    a[0] = 2, a[2] = 2, a[6] = 2;           /* attention 6 */
    a[3] = 2, a[4] = 2, a[7] = 2, a[9] = 1; /* externalising 7 */
    struct easel_score_result r = score("psc-17", a);
    assert_int_equal(r.total_x100, 1800);
    assert_string_equal(r.band_label, "positive screen");
    assert_true(r.clinical);
    assert_int_equal(r.sub[0].total, 5);
    assert_true(r.sub[0].positive);
    assert_int_equal(r.sub[1].total, 6);
    assert_false(r.sub[1].positive);
    assert_int_equal(r.sub[2].total, 7);
    assert_true(r.sub[2].positive);
    assert_false(r.counts_met); /* no count rules */
    /* three blanks: valid, the blanks score 0 (the instrument says so) */
    a[16] = M, a[15] = M, a[13] = M;
    r = score("psc-17", a);
    assert_true(r.valid);
    assert_false(r.prorated);
    assert_int_equal(r.total_x100, 1800);
    assert_int_equal(r.sub[2].missing, 2);
    /* four blanks: invalid */
    a[11] = M;
    r = score("psc-17", a);
    assert_false(r.valid);
    assert_non_null(strstr(r.reason, "4 items blank"));
    /* 14 is below the screening cut-off */
    int b[17] = {2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    r = score("psc-17", b);
    assert_false(r.clinical);
    assert_string_equal(r.band_label, "below the screening cut-off");
}

static void gds15_yes_no_keying(void **state)
{
    (void)state;
    const struct easel_instrument *in = ins("gds-15");
    assert_int_equal(in->scoring, EASEL_SCORING_YES_NO);
    /* 1 point for "no" (0) on items 1, 5, 7, 11, 13; for "yes" (1) on the others */
    static const int no_keyed[] = {1, 5, 7, 11, 13};
    for (int i = 1; i <= 15; i++) {
        int is_no = 0;
        for (int k = 0; k < 5; k++)
            is_no |= no_keyed[k] == i;
        assert_int_equal(easel_score_item(in, i, 0), is_no ? 1 : 0);
        assert_int_equal(easel_score_item(in, i, 1), is_no ? 0 : 1);
    }
    /* the no-keyed items are the positively worded ones */
    assert_true(label_has(in, 1, "satisfied"));
    assert_true(label_has(in, 5, "good spirits"));
    assert_true(label_has(in, 7, "happy"));
    assert_true(label_has(in, 11, "alive"));
    assert_true(label_has(in, 13, "energy"));
    struct easel_score_result r = score_all("gds-15", 0); /* all "no" */
    assert_int_equal(r.total_x100, 500);
    assert_false(r.clinical); /* > 5 suggests depression; 5 does not (CONFLICT: some use >= 5) */
    assert_string_equal(r.band_label, "not suggestive of depression");
    r = score_all("gds-15", 1); /* all "yes" */
    assert_int_equal(r.total_x100, 1000);
    assert_string_equal(r.band_label, "depression very likely");
    int a[15] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; /* 5 + 1 = 6 */
    r = score("gds-15", a);
    assert_int_equal(r.total_x100, 600);
    assert_true(r.clinical);
    assert_string_equal(r.band_label, "suggests depression");
    /* "2" is not a yes/no answer */
    struct easel_error err = {0};
    a[4] = 2;
    assert_int_equal(easel_score(in, a, 15, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "items[4]");
}

static void rses_reverse_by_wording(void **state)
{
    (void)state;
    const struct easel_instrument *in = ins("rses");
    /* the reversed items are exactly the negatively worded ones */
    static const char *const negative[] = {"no good", "not much", "useless", "more self-respect",
                                           "failure"};
    int k = 0;
    for (int i = 1; i <= 10; i++) {
        bool rev = (in->reverse_items >> (i - 1)) & 1u;
        int neg = 0;
        for (int j = 0; j < 5; j++)
            neg += label_has(in, i, negative[j]);
        assert_int_equal(rev, neg == 1);
        k += rev;
    }
    assert_int_equal(k, 5);
    assert_int_equal(in->reverse_items, (1u << 1) | (1u << 4) | (1u << 5) | (1u << 7) | (1u << 8));
    /* strongly agree everywhere: 5 x 3 + 5 x 0 = 15 */
    assert_int_equal(score_all("rses", 3).total_x100, 1500);
    /* highest self-esteem: agree strongly with positive items, disagree strongly with negative */
    struct easel_score_result r = score("rses", (const int[]){3, 0, 3, 3, 0, 0, 3, 0, 0, 3});
    assert_int_equal(r.total_x100, 3000);
    assert_string_equal(r.band_label, "above the normal range");
    r = score("rses", (const int[]){0, 3, 0, 0, 3, 3, 0, 3, 3, 0});
    assert_int_equal(r.total_x100, 0);
    assert_true(r.clinical); /* higher is better: below 15 is the clinical side */
    assert_string_equal(r.band_label, "low self-esteem");
    r = score("rses", (const int[]){2, 2, 2, 2, 2, 2, 2, 2, 2, 1}); /* 15 - 1 = 14 */
    assert_int_equal(r.total_x100, 1400);
    assert_true(r.clinical);
}

/* ---- bad input ---- */

static void bad_input_is_named(void **state)
{
    (void)state;
    const struct easel_instrument *in = ins("phq-9");
    struct easel_score_result r;
    struct easel_error err = {0};
    int a[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(easel_score(in, a, 8, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "items");
    assert_non_null(strstr(err.msg, "has 9 items, got 8"));
    assert_int_equal(easel_score(in, a, 10, &r, &err), EASEL_EINVAL);
    assert_int_equal(easel_score(in, NULL, 9, &r, &err), EASEL_EINVAL);
    a[3] = 4;
    assert_int_equal(easel_score(in, a, 9, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "items[3]");
    assert_non_null(strstr(err.msg, "0-3"));
    a[3] = -2;
    assert_int_equal(easel_score(in, a, 9, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "items[3]");
    a[3] = 0;
    a[8] = 7;
    assert_int_equal(easel_score(in, a, 9, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "items[8]");
    assert_false(r.risk); /* nothing is reported from a rejected vector */
}

/* ---- properties over random answers ---- */

static uint32_t rng = 12345u;

static int next(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 16) % (uint32_t)n);
}

static void random_answers(const struct easel_instrument *in, int *a, int blanks)
{
    for (int i = 0; i < in->items; i++)
        a[i] = in->item_min + next(in->item_max - in->item_min + 1);
    for (int k = 0; k < blanks; k++)
        a[next(in->items)] = M;
}

/* Totals stay within total_min..total_max (x100), percentages within 0-100 %, every valid
   total has a band where the instrument has bands, subscales stay within their items' range;
   more blanks than the rule allows is always invalid. */
static void property_totals_in_range(void **state)
{
    (void)state;
    for (size_t k = 0; k < kb.n_instruments; k++) {
        const struct easel_instrument *in = &kb.instruments[k];
        for (int t = 0; t < 3000; t++) {
            int a[32];
            random_answers(in, a, next(in->max_missing + 3));
            int missing = 0;
            for (int i = 0; i < in->items; i++)
                missing += a[i] == M;
            struct easel_score_result r;
            struct easel_error err = {0};
            assert_int_equal(easel_score(in, a, in->items, &r, &err), 0);
            assert_int_equal(r.valid, missing <= in->max_missing);
            assert_int_equal(r.missing, missing);
            if (!r.valid)
                continue;
            /* blanks scored 0 could undercut a total_min above 0; none does in the KB */
            assert_true(r.total_x100 >= 0);
            assert_true(r.total_x100 <= in->total_max * 100);
            if (in->missing_rule != EASEL_MISSING_ZERO)
                assert_true(r.total_x100 >= in->total_min * 100);
            if (r.has_percent)
                assert_true(r.percent_x100 >= 0 && r.percent_x100 <= 10000);
            if (in->n_bands)
                assert_non_null(r.band_label);
            for (size_t s = 0; s < r.n_sub; s++) {
                int members = 0;
                for (int i = 0; i < in->items; i++)
                    members += (int)((in->subscales[s].items >> i) & 1u);
                assert_true(r.sub[s].total >= 0 && r.sub[s].total <= members * in->item_max);
            }
        }
    }
}

/* Monotonicity, stated per item. Each item has a symptom end: the raw answer that earns the
   most points on a higher-is-worse instrument (item_max for a forward item, item_min for a
   reverse-keyed one), or the fewest on a higher-is-better instrument. Property: moving any
   one answer one step toward its item's symptom end never moves the total toward better, and
   (for these summed instruments) moves it by exactly one keyed point, prorated where the
   instrument prorates. So for a reverse-keyed item a HIGHER raw answer LOWERS a symptom total
   (CORE-10 items 2 and 3) and a higher raw answer on a negatively worded RSES item LOWERS the
   self-esteem total; filling a PSC-17 blank (scored 0) never lowers its total. */
static void property_symptom_direction(void **state)
{
    (void)state;
    for (size_t k = 0; k < kb.n_instruments; k++) {
        const struct easel_instrument *in = &kb.instruments[k];
        int worse = in->higher_is_worse ? 1 : -1; /* sign of "toward worse" on the total */
        for (int t = 0; t < 2000; t++) {
            int a[32];
            random_answers(in, a, next(in->max_missing + 1));
            struct easel_score_result before, after;
            struct easel_error err = {0};
            assert_int_equal(easel_score(in, a, in->items, &before, &err), 0);
            assert_true(before.valid);
            int i = next(in->items);
            bool rev = (in->reverse_items >> i) & 1u;
            /* the symptom end of item i, in raw answers */
            int step = ((rev ? -1 : 1) * worse) > 0 ? 1 : -1;
            int orig = a[i];
            if (orig == M) {
                /* filling a blank: under score-zero any answer at least keeps the total */
                if (in->missing_rule != EASEL_MISSING_ZERO)
                    continue;
                a[i] = in->item_min + next(in->item_max - in->item_min + 1);
                assert_int_equal(easel_score(in, a, in->items, &after, &err), 0);
                assert_true(after.total_x100 >= before.total_x100);
                continue;
            }
            if (orig + step < in->item_min || orig + step > in->item_max)
                continue;
            a[i] = orig + step;
            assert_int_equal(easel_score(in, a, in->items, &after, &err), 0);
            int delta = after.total_x100 - before.total_x100;
            /* never toward better */
            assert_true(delta * worse >= 0);
            /* exactly one keyed point in the worse direction, prorated if prorating */
            int keyed = easel_score_item(in, i + 1, a[i]) - easel_score_item(in, i + 1, orig);
            assert_int_equal(keyed, worse);
            if (before.prorated) {
                int64_t want_num = (int64_t)in->items * (before.raw + keyed) * 100;
                int want = (int)((2 * want_num + before.answered) / (2 * before.answered));
                assert_int_equal(after.total_x100, want);
            } else {
                assert_int_equal(delta, keyed * 100);
            }
            /* and the raw-answer statement: a higher raw answer on a reverse item lowers the
               total; on a forward item it raises it */
            if (step > 0)
                assert_true(rev ? delta < 0 : delta > 0);
            else
                assert_true(rev ? delta > 0 : delta < 0);
        }
    }
}

/* Every shipped instrument carries scoring data consistent with its ranges. */
static void shipped_instruments_are_complete(void **state)
{
    (void)state;
    assert_true(kb.n_instruments >= 9);
    for (size_t k = 0; k < kb.n_instruments; k++) {
        const struct easel_instrument *in = &kb.instruments[k];
        assert_true(in->version >= 2);
        assert_true(in->item_labels.n == 0 || in->item_labels.n == (size_t)in->items);
        if (in->reverse_items)
            assert_non_null(in->item_keys);
        /* RCI inputs only where clinical.md gives them, and marked illustrative */
        bool rel = in->rel_sd_milli > 0;
        assert_int_equal(rel, strcmp(in->id, "phq-9") == 0 || strcmp(in->id, "gad-7") == 0);
        if (rel) {
            assert_true(in->rel_illustrative);
            assert_non_null(strstr(in->basis, "ILLUSTRATIVE"));
        }
    }
    /* labels only where clinical.md C1 allows reproduction */
    assert_int_equal(ins("core-10")->item_labels.n, 0); /* CC BY-ND */
    assert_int_equal(ins("k10")->item_labels.n, 0);     /* licence unverified */
    assert_int_equal(ins("who-5")->item_labels.n, 0);   /* secondary source only */
    assert_int_equal(ins("psc-17")->item_labels.n, 17);
    assert_int_equal(ins("rses")->item_labels.n, 10);
    assert_int_equal(ins("phq-9")->rel_sd_milli, 5500);
    assert_int_equal(ins("phq-9")->rel_r_milli, 840);
    assert_int_equal(ins("gad-7")->rel_r_milli, 920);
    assert_string_equal(ins("gad-7")->rel_coefficient, "alpha");
    assert_int_equal(ins("phq-9")->tt_caseness, 10);
    assert_int_equal(ins("phq-9")->tt_reliable_change, 6);
}

/* ---- the instrument parser (src/kb/kb_items.c parse_instrument) ---- */

#define RANGES                                                                                     \
    "\"item_min\":0,\"item_max\":3,\"total_min\":0,\"total_max\":12,\"clinical_cutoff\":6,"
#define INSR(ranges, extra)                                                                        \
    "{\"id\":\"t-ins\",\"kind\":\"instrument\",\"version\":1,\"name\":\"T\",\"items\":4," ranges   \
    "\"higher_is_worse\":true,\"age\":{\"min\":18,\"max\":120},\"licence\":\"x\","                 \
    "\"basis\":\"practice convention\"" extra "}"
#define INS(extra) INSR(RANGES, extra)

static int parse_ins(const char *text, struct easel_kb *k, struct easel_error *err)
{
    memset(k, 0, sizeof(*k));
    easel_arena_init(&k->arena);
    return easel_kb_parse_item(k, "instruments", "t-ins.json", text, strlen(text), err);
}

static void parser_reads_every_field(void **state)
{
    (void)state;
    struct easel_kb k;
    struct easel_error err = {0};
    int rc = parse_ins(
        INSR("\"item_min\":0,\"item_max\":1,\"total_min\":0,\"total_max\":4,\"clinical_cutoff\":2,",
             ",\"scoring\":\"percentage\",\"percent_factor\":25,"
             "\"reverse_items\":[2,4],\"item_keys\":\"k\","
             "\"item_labels\":[\"a b\",\"c\",\"d\",\"e f g h i j\"],"
             "\"max_missing\":1,\"missing_rule\":\"score-zero\","
             "\"subscales\":[{\"name\":\"s-1\",\"items\":[1,3],\"cutoff\":2,"
             "\"count\":{\"answer_at_least\":1,\"items_at_least\":2}}],"
             "\"bands\":[{\"from\":0,\"to\":1,\"label\":\"lo\"},{\"from\":2,\"to\":4,\"label\":"
             "\"hi\"}],"
             "\"alt_bands\":{\"name\":\"Alt\",\"bands\":[{\"from\":0,\"to\":2,\"label\":\"x\"},"
             "{\"from\":3,\"to\":4,\"label\":\"y\"}]},"
             "\"reliability\":{\"sd\":11.826,\"r\":0.84,\"coefficient\":\"test-retest\"},"
             "\"norms\":{\"functional\":{\"label\":\"f\",\"mean\":1,\"sd\":0.5},"
             "\"dysfunctional\":{\"label\":\"d\",\"mean\":3.25,\"sd\":1}},"
             "\"talking_therapies\":{\"caseness\":2,\"reliable_change\":1}"),
        &k, &err);
    if (rc)
        fprintf(stderr, "%s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
    const struct easel_instrument *in = &k.instruments[0];
    assert_int_equal(in->scoring, EASEL_SCORING_PERCENTAGE);
    assert_int_equal(in->percent_factor, 25);
    assert_int_equal(in->reverse_items, 0xAu);
    assert_int_equal(in->item_labels.n, 4);
    assert_int_equal(in->max_missing, 1);
    assert_int_equal(in->missing_rule, EASEL_MISSING_ZERO);
    assert_int_equal(in->n_subscales, 1);
    assert_int_equal(in->subscales[0].items, 0x5u);
    assert_int_equal(in->subscales[0].cutoff, 2);
    assert_int_equal(in->subscales[0].count_min, 2);
    assert_int_equal(in->n_bands, 2);
    assert_int_equal(in->n_alt_bands, 2);
    assert_string_equal(in->alt_bands_name, "Alt");
    assert_int_equal(in->rel_sd_milli, 11826);
    assert_int_equal(in->rel_r_milli, 840);
    assert_false(in->rel_illustrative);
    assert_true(in->has_norms);
    assert_int_equal(in->norm_dys_mean_milli, 3250);
    assert_int_equal(in->tt_caseness, 2);
    /* a minimal instrument (the version 1 format) still loads: a plain sum, no blank */
    easel_kb_release(&k);
    assert_int_equal(parse_ins(INS(""), &k, &err), 0);
    in = &k.instruments[0];
    assert_int_equal(in->scoring, EASEL_SCORING_SUM);
    assert_int_equal(in->max_missing, 0);
    assert_int_equal(in->n_bands, 0);
    assert_int_equal(in->rel_sd_milli, 0);
    assert_false(in->has_norms);
    easel_kb_release(&k);
}

static void parser_names_the_bad_field(void **state)
{
    (void)state;
#define B(lo, hi, l) "{\"from\":" #lo ",\"to\":" #hi ",\"label\":\"" l "\"}"
    static const struct {
        const char *extra, *field, *msg;
    } cases[] = {
        {",\"reverse_items\":[5],\"item_keys\":\"k\"", "reverse_items[0]", "item number 1-4"},
        {",\"reverse_items\":[1,1],\"item_keys\":\"k\"", "reverse_items[1]", "listed twice"},
        {",\"reverse_items\":[1]", "item_keys", "required with reverse_items"},
        {",\"scoring\":\"median\"", "scoring", "must be one of"},
        {",\"scoring\":\"percentage\"", "percent_factor", "required"},
        {",\"scoring\":\"yes-no\"", "scoring", "item_min 0"},
        {",\"max_missing\":1", "missing_rule", "exactly when"},
        {",\"missing_rule\":\"prorate\"", "missing_rule", "exactly when"},
        {",\"max_missing\":4,\"missing_rule\":\"prorate\"", "max_missing", "between 0 and 3"},
        {",\"bands\":[" B(0, 5, "a") "," B(7, 12, "b") "]", "bands[1].from", "no gap"},
        {",\"bands\":[" B(0, 5, "a") "," B(6, 11, "b") "]", "bands[1].to", "total_max"},
        {",\"bands\":[" B(1, 5, "a") "," B(6, 12, "b") "]", "bands[0].from", "total_min"},
        {",\"bands\":[" B(0, 5, "a") "," B(6, 12, "a") "]", "bands[1].label", "another band"},
        {",\"bands\":[" B(0, 12, "a") "]", "bands", "2 to 12 bands"},
        {",\"alt_bands\":{\"name\":\"x\",\"bands\":[" B(0, 5, "a") "," B(5, 12, "b") "]}",
         "alt_bands.bands[1].from", "no gap"},
        {",\"subscales\":[{\"name\":\"A b\",\"items\":[1]}]", "subscales[0].name", "a-z"},
        {",\"subscales\":[{\"name\":\"a\",\"items\":[1,9]}]", "subscales[0].items[1]",
         "item number"},
        {",\"subscales\":[{\"name\":\"a\",\"items\":[1],\"cutoff\":7}]", "subscales[0].cutoff",
         "between 1 and 3"},
        {",\"subscales\":[{\"name\":\"a\",\"items\":[1],\"count\":{\"answer_at_least\":5,"
         "\"items_at_least\":1}}]",
         "subscales[0].count.answer_at_least", "between 1 and 3"},
        {",\"subscales\":[{\"name\":\"a\",\"items\":[1]},{\"name\":\"a\",\"items\":[2]}]",
         "subscales[1].name", "names another subscale"},
        {",\"reliability\":{\"sd\":5.5,\"r\":1.2,\"coefficient\":\"alpha\"}", "reliability.r",
         "between"},
        {",\"reliability\":{\"sd\":5.5,\"r\":0.8444,\"coefficient\":\"alpha\"}", "reliability.r",
         "three decimals"},
        {",\"reliability\":{\"sd\":5.5,\"r\":0.8}", "reliability.coefficient", "required"},
        {",\"reliability\":{\"sd\":\"big\",\"r\":0.8,\"coefficient\":\"alpha\"}", "reliability.sd",
         "must be a number"},
        {",\"norms\":{\"functional\":{\"label\":\"g\",\"mean\":9,\"sd\":1},"
         "\"dysfunctional\":{\"label\":\"c\",\"mean\":3,\"sd\":2}}",
         "norms.dysfunctional", "worse side"},
        {",\"norms\":{\"functional\":{\"label\":\"g\",\"mean\":1,\"sd\":0},"
         "\"dysfunctional\":{\"label\":\"c\",\"mean\":3,\"sd\":2}}",
         "norms.functional.sd", "between"},
        {",\"talking_therapies\":{\"caseness\":13,\"reliable_change\":2}",
         "talking_therapies.caseness", "between"},
        {",\"item_labels\":[\"a\",\"b\",\"c\"]", "item_labels", "4 to 4 entries"},
        {",\"item_labels\":[\"one two three four five six seven\",\"b\",\"c\",\"d\"]",
         "item_labels[0]", "6 words"},
        {",\"risk_item\":1,\"reverse_items\":[1],\"item_keys\":\"k\"", "risk_item",
         "forward-keyed"},
        {"\"item_min\":0,\"item_max\":3,\"total_min\":0,\"total_max\":11,\"clinical_cutoff\":6,",
         "total_max", "summed total"},
        {",\"colour\":1", "colour", "unknown field"},
    };
#undef B
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[2048];
        /* an extra starting with '"' replaces the ranges instead of adding fields */
        if (cases[i].extra[0] == '"')
            snprintf(text, sizeof(text), INSR("%s", ""), cases[i].extra);
        else
            snprintf(text, sizeof(text), INS("%s"), cases[i].extra);
        struct easel_kb k;
        struct easel_error err = {0};
        int rc = parse_ins(text, &k, &err);
        if (rc == 0 || strcmp(err.field, cases[i].field) != 0 || !strstr(err.msg, cases[i].msg))
            fprintf(stderr, "case %zu: rc %d field '%s' msg '%s'\n", i, rc, err.field, err.msg);
        assert_int_not_equal(rc, 0);
        assert_string_equal(err.field, cases[i].field);
        assert_non_null(strstr(err.msg, cases[i].msg));
        assert_non_null(strstr(err.where, "t-ins.json"));
        easel_kb_release(&k);
    }
}

static void stored_answers_parse(void **state)
{
    (void)state;
    int a[8];
    assert_int_equal(easel_answers_parse("2,1,,3", a, 8), 4);
    assert_int_equal(a[0], 2);
    assert_int_equal(a[2], EASEL_SCORE_MISSING);
    assert_int_equal(a[3], 3);
    assert_int_equal(easel_answers_parse("", a, 8), 1); /* one blank item */
    assert_int_equal(a[0], EASEL_SCORE_MISSING);
    assert_int_equal(easel_answers_parse("1,2,", a, 8), 3); /* a trailing blank */
    assert_int_equal(a[2], EASEL_SCORE_MISSING);
    assert_int_equal(easel_answers_parse("1,1,1", a, 2), -1); /* more than max */
}

static void stored_answers_round_trip(void **state)
{
    (void)state;
    const char *cases[] = {"2,1,,3", "", "1,2,", ",,", "0", "12,7,3"};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int a[8];
        int n = easel_answers_parse(cases[i], a, 8);
        char text[64];
        easel_answers_format(a, n, text, sizeof(text));
        assert_string_equal(text, cases[i]);
    }
    int a[3] = {10, 20, 30};
    char small[5];
    easel_answers_format(a, 3, small, sizeof(small)); /* cut short, still terminated */
    assert_string_equal(small, "10,2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stored_answers_parse),
        cmocka_unit_test(stored_answers_round_trip),
        cmocka_unit_test(d3_worked_examples),
        cmocka_unit_test(phq9_bands_cutoff_and_blank),
        cmocka_unit_test(phq9_item9_is_risk_whatever_the_total),
        cmocka_unit_test(gad7_bands_and_cutoff),
        cmocka_unit_test(pcl5_clusters_and_pattern),
        cmocka_unit_test(who5_percentage_and_direction),
        cmocka_unit_test(k10_scores_from_one),
        cmocka_unit_test(core10_reverse_prorate_and_bands),
        cmocka_unit_test(psc17_subscales_by_content),
        cmocka_unit_test(gds15_yes_no_keying),
        cmocka_unit_test(rses_reverse_by_wording),
        cmocka_unit_test(bad_input_is_named),
        cmocka_unit_test(property_totals_in_range),
        cmocka_unit_test(property_symptom_direction),
        cmocka_unit_test(shipped_instruments_are_complete),
        cmocka_unit_test(parser_reads_every_field),
        cmocka_unit_test(parser_names_the_bad_field),
    };
    return tu_run_with_kb(&kb, tests);
}
