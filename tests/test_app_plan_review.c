/*
 * tests/test_app_plan_review.c — when a signed plan is due for review (easel_app_plan_review,
 * src/app/plan_review.c), as a clinician expects: not before its first objective's target date
 * nor before 90 days; due on the first target date (naming that objective), even when an
 * earlier-numbered objective's date is later; due at 90 days after signing when no target date
 * has come; never for a draft.
 */
#include "easel/app.h"
#include "testutil.h"

static struct easel_kb kb;

/* objective 1.1 due 2027-03-01, 1.2 due 2027-02-01 (the earliest, though numbered second) */
static const char body[] =
    "{\"format\":\"easel-plan/1\",\"goals\":[{\"problem\":\"depression\",\"objectives\":["
    "{\"number\":\"1.1\",\"template\":\"phq9-below-10\",\"smart\":\"PHQ-9 below 10\","
    "\"target_date\":\"2027-03-01\"},"
    "{\"number\":\"1.2\",\"template\":\"weekly-activation\",\"smart\":\"3 activities a week\","
    "\"target_date\":\"2027-02-01\"}]}]}";

static int64_t ms(const char *date)
{
    int64_t day = 0;
    assert_int_equal(easel_date_parse(date, &day), 0);
    return day * 86400000 + 12 * 3600000; /* noon */
}

static struct easel_plan_review review(const char *signed_on, const char *today)
{
    struct easel_plan_record p = {.version = 2, .status = "signed", .body = body};
    p.signed_at = signed_on ? ms(signed_on) : 0;
    struct easel_plan_review v;
    struct easel_error err = {0};
    assert_int_equal(easel_app_plan_review(&kb, &p, ms(today), &v, &err), 0);
    return v;
}

static void not_due_before_a_target_date_or_90_days(void **state)
{
    (void)state;
    assert_false(review("2026-12-01", "2027-01-31").due);
}

static void due_on_the_earliest_target_date_naming_its_objective(void **state)
{
    (void)state;
    struct easel_plan_review v = review("2026-12-01", "2027-02-01");
    assert_true(v.due);
    assert_string_equal(v.objective, "1.2");
    assert_string_equal(v.date, "2027-02-01");
    assert_string_equal(v.basis, "an objective's target date");
    assert_non_null(strstr(v.text, "objective 1.2"));
}

static void due_90_days_after_signing_when_no_target_has_come(void **state)
{
    (void)state;
    /* signed long before: 2026-10-01 + 90 days = 2026-12-30; targets are in 2027 */
    assert_false(review("2026-10-01", "2026-12-29").due);
    struct easel_plan_review v = review("2026-10-01", "2026-12-31");
    assert_true(v.due);
    assert_string_equal(v.basis, "practice convention: 90 days");
    assert_string_equal(v.date, "2026-10-01");
    assert_string_equal(v.objective, "");
}

static void a_draft_is_never_due(void **state)
{
    (void)state;
    assert_false(review(NULL, "2028-01-01").due);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(not_due_before_a_target_date_or_90_days),
        cmocka_unit_test(due_on_the_earliest_target_date_naming_its_objective),
        cmocka_unit_test(due_90_days_after_signing_when_no_target_has_come),
        cmocka_unit_test(a_draft_is_never_due),
    };
    return tu_run_with_kb(&kb, tests);
}
