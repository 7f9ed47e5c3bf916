/*
 * tests/test_app_progress.c — the progress service (easel_app_progress, src/app/progress.c) on
 * a real store, SQLite or PostgreSQL (EASEL_TEST_PG; exit 77, skipped, without it):
 *   usage: test_app_progress sqlite|postgresql
 * A synthetic client with PHQ-9 19 -> 6 -> (an administration the KB can no longer score) ->
 * 5 with item 9 answered 1, GAD-7 once, two GAS scales and three rated session notes. Every
 * number is checked against what a clinician computes by hand: the change, the reliable change
 * index from the KB's SD and reliability (Jacobson & Truax), the category, the risk flag and
 * which administration it is about, the GAS T-score (Kiresuk & Sherman, rho 0.3), the ratings
 * of a period; no instrument left out, none invented, the unscorable one shown but not analysed.
 */
#include "easel/app_progress.h"
#include "store_fixture.h"
#include "testutil.h"

#include <math.h>

#define KBV "6a8b2453ce4d3cc2da2c5828f35b7aa07cd879d583b0485d93f24f3730040239"

static struct easel_kb kb;
static struct sf fx = {.tag = "aprog"};

static const char plan_v1[] =
    "{\"format\":\"easel-plan/1\",\"goals\":[{\"problem\":\"depression\",\"objectives\":["
    "{\"number\":\"1.1\",\"template\":\"phq9-below-10\",\"smart\":\"PHQ-9 below 10\"}]}]}";

struct rec {
    int64_t client;
    int64_t phq[4]; /* the PHQ-9 rows, in date order */
};

static int64_t measure(struct easel_store *s, int64_t client, const char *instrument,
                       const char *date, const char *answers, int64_t total_x100)
{
    struct easel_measure_record m = {.client = client,
                                     .instrument = instrument,
                                     .date = date,
                                     .answers = answers,
                                     .total_x100 = total_x100};
    int64_t id = 0;
    struct easel_error err = {0};
    assert_int_equal(easel_measure_add(s, &m, &id, &err), 0);
    return id;
}

static void note(struct easel_store *s, int64_t client, const char *date, int rating)
{
    char progress[64];
    snprintf(progress, sizeof(progress), "[{\"objective\":\"1.1\",\"rating\":%d}]", rating);
    sf_rated_session(s, client, date, 1, progress);
}

static struct rec record(struct easel_store *s)
{
    struct easel_error err = {0};
    struct easel_client c = {.ref = "prog-1", .name = "Pat Synthetic", .setting = "outpatient"};
    struct rec r = {0};
    int64_t v = 0;
    assert_int_equal(easel_client_add(s, &c, &r.client, &err), 0);
    assert_int_equal(easel_plan_record_save(s, r.client, 0, plan_v1, KBV, &v, &err), 0);
    r.phq[0] = measure(s, r.client, "phq-9", "2026-01-05", "3,3,3,2,2,2,2,2,0", 1900);
    measure(s, r.client, "gad-7", "2026-01-05", "2,2,2,2,2,2,2", 1400);
    r.phq[1] = measure(s, r.client, "phq-9", "2026-02-02", "1,1,1,1,1,1,0,0,0", 600);
    /* three answers: PHQ-9 has nine, so today's KB cannot score it */
    r.phq[2] = measure(s, r.client, "phq-9", "2026-02-16", "1,1,1", -1);
    r.phq[3] = measure(s, r.client, "phq-9", "2026-03-02", "1,1,1,1,0,0,0,0,1", 500);
    assert_int_equal(easel_gas_add(s, r.client, "1.1", "sleeps through", 2, &err), 0);
    assert_int_equal(easel_gas_add(s, r.client, "1.2", "goes out weekly", 1, &err), 0);
    assert_int_equal(easel_gas_add(s, r.client, "1.3", "not rated yet", 1, &err), 0);
    assert_int_equal(easel_gas_rate(s, r.client, "1.1", "2026-02-01", 1, &err), 0);
    assert_int_equal(easel_gas_rate(s, r.client, "1.1", "2026-03-01", 2, &err), 0);
    assert_int_equal(easel_gas_rate(s, r.client, "1.2", "2026-03-01", -1, &err), 0);
    note(s, r.client, "2026-01-12", -1);
    note(s, r.client, "2026-02-09", 1);
    note(s, r.client, "2026-03-09", 2);
    return r;
}

static const struct easel_app_progress_series *find(const struct easel_app_progress *p,
                                                    const char *id)
{
    for (size_t i = 0; i < p->n_series; i++)
        if (strcmp(p->series[i].in->id, id) == 0)
            return &p->series[i];
    return NULL;
}

/* |RC| = |change| / (SD * sqrt(2) * sqrt(1 - r)) with the KB's SD and reliability */
static double rc_by_hand(const char *instrument, double change)
{
    const struct easel_instrument *in = &kb.instruments[easel_kb_instrument(&kb, instrument)];
    double sd = in->rel_sd_milli / 1000.0, r = in->rel_r_milli / 1000.0;
    return fabs(change) / (sd * sqrt(2.0) * sqrt(1.0 - r));
}

static void whole_record(void **state)
{
    (void)state;
    struct easel_store s;
    sf_open(&fx, &s, "ther1", NULL);
    struct rec r = record(&s);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_app_progress p;
    struct easel_error err = {0};
    assert_int_equal(easel_app_progress(&s, r.client, &kb, NULL, &a, &p, &err), 0);

    assert_int_equal(p.n_administrations, 5);
    assert_int_equal(p.n_series, 2); /* PHQ-9 and GAD-7, nothing else */
    const struct easel_app_progress_series *phq = find(&p, "phq-9"), *gad = find(&p, "gad-7");
    assert_non_null(phq);
    assert_non_null(gad);

    /* every administration shown, the unscorable one marked, never analysed */
    assert_int_equal(phq->n_points, 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(phq->points[i].measure, r.phq[i]);
    assert_true(phq->points[0].scored);
    assert_int_equal(phq->points[0].score.total_x100, 1900);
    assert_int_equal(phq->points[1].score.total_x100, 600);
    assert_false(phq->points[2].scored);
    assert_string_equal(phq->points[2].date, "2026-02-16");
    assert_int_equal(phq->points[3].score.total_x100, 500);

    /* first -> latest: 19 -> 5, a reliable improvement out of the clinical range */
    assert_true(phq->summarised);
    assert_int_equal(phq->summary.n, 3);
    assert_int_equal(phq->summary.first_x100, 1900);
    assert_int_equal(phq->summary.latest_x100, 500);
    assert_int_equal(phq->summary.change_x100, -1400);
    assert_true(phq->summary.rci.available);
    assert_true(fabs(fabs(phq->summary.rci.rc) - rc_by_hand("phq-9", 14)) < 1e-9);
    assert_true(fabs(phq->summary.rci.rc) > 1.96);
    assert_string_equal(easel_progress_category_name(phq->summary.category),
                        easel_progress_category_name(EASEL_PROGRESS_RECOVERED));
    assert_true(phq->summary.first_clinical);
    assert_false(phq->summary.latest_clinical);

    /* item 9 answered 1 on the latest: the risk alert first, about that administration */
    assert_true(phq->n_alerts >= 1);
    assert_int_equal(phq->alerts[0].kind, EASEL_ALERT_RISK_ITEM);
    assert_int_equal(phq->alerts[0].item, 9);
    assert_int_equal(phq->latest, r.phq[3]);
    assert_string_equal(phq->latest_date, "2026-03-02");
    assert_true(p.risk);

    /* GAD-7 once: a baseline, no change claimed */
    assert_int_equal(gad->n_points, 1);
    assert_int_equal(gad->summary.n, 1);
    assert_int_equal(gad->summary.change_x100, 0);
    assert_int_equal(gad->summary.category, EASEL_PROGRESS_BASELINE_ONLY);
    assert_int_equal(gad->n_alerts, 0);

    /* GAS: latest ratings +2 (weight 2) and -1 (weight 1); 1.3 unrated and left out */
    assert_int_equal(p.n_gas, 3);
    assert_true(p.gas_t_available);
    double t = 50.0 + 10.0 * (2 * 2 + 1 * -1) / sqrt(0.7 * (4 + 1) + 0.3 * (3 * 3));
    assert_true(fabs(p.gas_t - t) < 1e-9);

    /* the notes' ratings, in session order */
    assert_int_equal(p.n_ratings, 3);
    assert_int_equal(p.ratings[0].rating, -1);
    assert_int_equal(p.ratings[2].rating, 2);
    assert_string_equal(p.ratings[2].label, "1.1");
    easel_arena_release(&a);
    easel_store_close(&s);
}

/* A period (the documents): administrations up to its end, the baseline still the first ever;
   ratings within it; the sessions handed in are not read again. */
static void period(void **state)
{
    (void)state;
    struct easel_store s;
    sf_open(&fx, &s, "ther1", NULL);
    struct rec r = record(&s);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record *ss = NULL;
    size_t ns = 0;
    struct easel_error err = {0};
    assert_int_equal(easel_session_list(&s, r.client, &a, &ss, &ns, &err), 0);
    struct easel_app_progress p;
    struct easel_app_progress_request q = {.from = "2026-02-01",
                                           .to = "2026-02-20",
                                           .sessions_given = true,
                                           .sessions = ss,
                                           .n_sessions = ns};
    assert_int_equal(easel_app_progress(&s, r.client, &kb, &q, &a, &p, &err), 0);
    assert_int_equal(p.n_administrations, 4);
    assert_int_equal(p.n_series, 2);
    const struct easel_app_progress_series *phq = find(&p, "phq-9");
    assert_non_null(phq);
    assert_int_equal(phq->n_points, 3);
    assert_int_equal(phq->summary.first_x100, 1900);
    assert_int_equal(phq->summary.latest_x100, 600);
    assert_int_equal(phq->summary.change_x100, -1300);
    assert_true(fabs(fabs(phq->summary.rci.rc) - rc_by_hand("phq-9", 13)) < 1e-9);
    assert_int_equal(phq->latest, r.phq[1]);
    assert_false(p.risk); /* the risk answer came after the period */
    for (size_t i = 0; i < phq->n_alerts; i++)
        assert_int_not_equal(phq->alerts[i].kind, EASEL_ALERT_RISK_ITEM);
    assert_int_equal(p.n_ratings, 1);
    assert_string_equal(p.ratings[0].date, "2026-02-09");
    assert_int_equal(p.ratings[0].rating, 1);

    /* the period's last day counts: an administration on it is in */
    q.to = "2026-02-02";
    assert_int_equal(easel_app_progress(&s, r.client, &kb, &q, &a, &p, &err), 0);
    phq = find(&p, "phq-9");
    assert_non_null(phq);
    assert_int_equal(phq->n_points, 2);
    assert_int_equal(phq->latest, r.phq[1]);
    assert_int_equal(phq->summary.latest_x100, 600);

    /* a period that ends before the GAD-7 leaves it out */
    q.to = "2026-01-04";
    assert_int_equal(easel_app_progress(&s, r.client, &kb, &q, &a, &p, &err), 0);
    assert_int_equal(p.n_series, 0);
    assert_int_equal(p.n_administrations, 0);
    easel_arena_release(&a);
    easel_store_close(&s);
}

/* The review rule: after N administrations without reliable improvement, a review is suggested;
   the caller's N and "never" are honoured; the dashboard's series-only call agrees. */
static void review_suggested(void **state)
{
    (void)state;
    struct easel_store s;
    sf_open(&fx, &s, "ther1", NULL);
    struct easel_error err = {0};
    struct easel_client c = {.ref = "prog-2", .name = "Sam Synthetic", .setting = "outpatient"};
    int64_t client = 0;
    assert_int_equal(easel_client_add(&s, &c, &client, &err), 0);
    static const char *const dates[] = {"2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26",
                                        "2026-02-02", "2026-02-09", "2026-02-16"};
    for (int i = 0; i < 7; i++) /* 15 every week: no change at all */
        measure(&s, client, "phq-9", dates[i], "2,2,2,2,2,2,2,1,0", 1500);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_app_progress p;
    assert_int_equal(easel_app_progress(&s, client, &kb, NULL, &a, &p, &err), 0);
    assert_int_equal(p.n_series, 1);
    assert_int_equal(p.series[0].summary.category, EASEL_PROGRESS_UNCHANGED);
    bool review = false;
    for (size_t i = 0; i < p.series[0].n_alerts; i++)
        review |= p.series[0].alerts[i].kind == EASEL_ALERT_REVIEW_SUGGESTED;
    assert_true(review); /* default: after EASEL_PROGRESS_REVIEW_AFTER */
    struct easel_app_progress_request never = {.review_after = -1};
    assert_int_equal(easel_app_progress(&s, client, &kb, &never, &a, &p, &err), 0);
    assert_int_equal(p.series[0].n_alerts, 0);
    struct easel_app_progress_request late = {.review_after = 100};
    assert_int_equal(easel_app_progress(&s, client, &kb, &late, &a, &p, &err), 0);
    assert_int_equal(p.series[0].n_alerts, 0);

    struct easel_measure_record *ms = NULL;
    size_t n = 0;
    assert_int_equal(easel_measure_list(&s, client, &a, &ms, &n, &err), 0);
    struct easel_app_progress d;
    assert_int_equal(easel_app_progress_series(&kb, ms, n, NULL, &a, &d, &err), 0);
    assert_int_equal(d.n_series, 1);
    assert_int_equal(d.series[0].n_alerts, 1);
    assert_int_equal(d.series[0].alerts[0].kind, EASEL_ALERT_REVIEW_SUGGESTED);
    assert_string_equal(d.series[0].latest_date, "2026-02-16");
    easel_arena_release(&a);
    easel_store_close(&s);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_record),
        cmocka_unit_test(period),
        cmocka_unit_test(review_suggested),
    };
    return sf_main(&fx, &kb, argc, argv, "app_progress", tests, sizeof(tests) / sizeof(tests[0]));
}
