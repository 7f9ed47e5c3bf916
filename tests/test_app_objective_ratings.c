/*
 * tests/test_app_objective_ratings.c — easel_app_objective_ratings (src/app/objective_ratings.c)
 * on a real SQLite store: a rating joins its objective by identity across plan versions, never
 * by number. Version 1's "1.1" is an anxiety target; version 2 renumbers it "1.2" and puts a
 * safety plan at "1.1"; version 3 drops the anxiety target. A clinician expects the anxiety
 * ratings on one line (labelled by its current number while the plan holds it, and by its old
 * number and version once it does not) and the safety plan's on another.
 */
#include "easel/app.h"
#include "store_fixture.h"
#include "testutil.h"

#define KBV "6a8b2453ce4d3cc2da2c5828f35b7aa07cd879d583b0485d93f24f3730040239"

static const char v1[] =
    "{\"format\":\"easel-plan/1\",\"goals\":[{\"problem\":\"anxiety\",\"objectives\":["
    "{\"number\":\"1.1\",\"template\":\"gad7-below-10\",\"smart\":\"GAD-7 below 10\"}]}]}";
static const char v2[] =
    "{\"format\":\"easel-plan/1\",\"goals\":[{\"problem\":\"suicide-risk\",\"objectives\":["
    "{\"number\":\"1.1\",\"template\":\"safety-plan\",\"smart\":\"A written safety plan\"},"
    "{\"number\":\"1.2\",\"template\":\"gad7-below-10\",\"smart\":\"GAD-7 below 10\"}]}]}";
static const char v3[] =
    "{\"format\":\"easel-plan/1\",\"goals\":[{\"problem\":\"suicide-risk\",\"objectives\":["
    "{\"number\":\"1.1\",\"template\":\"safety-plan\",\"smart\":\"A written safety plan\"}]}]}";

static struct sf fx = {.backend = "sqlite", .tag = "objr"}; /* store_fixture.h */

static void one_line_per_objective_across_versions(void **state)
{
    (void)state;
    struct easel_store s;
    struct easel_error err = {0};
    sf_open(&fx, &s, "ther1", NULL);
    struct easel_client c = {.ref = "obj-1", .name = "Obi Synthetic", .setting = "outpatient"};
    int64_t client = 0, v = 0;
    assert_int_equal(easel_client_add(&s, &c, &client, &err), 0);
    assert_int_equal(easel_plan_record_save(&s, client, 0, v1, KBV, &v, &err), 0);
    sf_rated_session(&s, client, "2026-10-01", 1, "[{\"objective\":\"1.1\",\"rating\":1}]");
    assert_int_equal(easel_plan_record_save(&s, client, 1, v2, KBV, &v, &err), 0);
    sf_rated_session(
        &s, client, "2026-10-08", 2,
        "[{\"objective\":\"1.1\",\"rating\":2},{\"objective\":\"1.2\",\"rating\":-1}]");

    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record *ss = NULL;
    struct easel_objective_rating *r = NULL;
    size_t n = 0, nr = 0;
    assert_int_equal(easel_session_list(&s, client, &a, &ss, &n, &err), 0);
    assert_int_equal(easel_app_objective_ratings(&s, client, ss, n, &a, &r, &nr, &err), 0);
    assert_int_equal(nr, 3);
    /* version 1's "1.1" is the anxiety target, now "1.2" */
    assert_string_equal(r[0].key, "gad7-below-10");
    assert_string_equal(r[0].label, "1.2");
    assert_string_equal(r[0].words, "GAD-7 below 10");
    assert_int_equal(r[0].rating, 1);
    /* version 2's "1.1" is the safety plan: not joined with version 1's "1.1" */
    assert_string_equal(r[1].key, "safety-plan");
    assert_string_equal(r[1].label, "1.1");
    assert_string_equal(r[2].key, "gad7-below-10");
    assert_string_equal(r[2].label, "1.2");

    /* version 3 drops the anxiety target: its ratings keep one line, labelled by the number and
       version they had, never "1.1" of the safety plan */
    assert_int_equal(easel_plan_record_save(&s, client, 2, v3, KBV, &v, &err), 0);
    assert_int_equal(easel_app_objective_ratings(&s, client, ss, n, &a, &r, &nr, &err), 0);
    assert_string_equal(r[0].key, "gad7-below-10");
    assert_string_equal(r[0].label, "1.1 (version 1)");
    assert_string_equal(r[2].label, "1.2 (version 2)");
    assert_string_equal(r[1].label, "1.1");
    easel_arena_release(&a);
    easel_store_close(&s);
    sf_cleanup(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_line_per_objective_across_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
