/*
 * tests/test_outcomes.c — core/outcomes.c: practice counts by the NHS Talking Therapies rules
 * (caseness PHQ-9 >= 10 / GAD-7 >= 8; reliable improvement PHQ-9 -6 / GAD-7 -4).
 */
#include "testutil.h"

#include "easel/outcomes.h"

static void counts(void **state)
{
    (void)state;
    struct easel_kb kb;
    tu_load_kb(&kb);
    const struct easel_instrument *phq = &kb.instruments[easel_kb_instrument(&kb, "phq-9")];
    const struct easel_instrument *gad = &kb.instruments[easel_kb_instrument(&kb, "gad-7")];
    struct easel_outcomes o = {0};
    struct easel_error err = {0};
    struct easel_outcome_pair p[2] = {{phq, 18, 11}, {gad, 12, 7}};
    assert_int_equal(easel_outcomes_add(&o, p, 2, &err), 0); /* improved, still a case (11) */
    struct easel_outcome_pair q[2] = {{phq, 15, 8}, {gad, 9, 5}};
    assert_int_equal(easel_outcomes_add(&o, q, 2, &err), 0); /* reliable recovery */
    struct easel_outcome_pair r[2] = {{phq, 5, 12}, {gad, -1, -1}};
    assert_int_equal(easel_outcomes_add(&o, r, 2, &err), 0); /* deteriorated, not a case */
    struct easel_outcome_pair t[2] = {{phq, 20, -1}, {gad, -1, -1}};
    assert_int_equal(easel_outcomes_add(&o, t, 2, &err), 0); /* no follow-up yet */
    assert_int_equal(o.clients, 4);
    assert_int_equal(o.with_followup, 3);
    assert_int_equal(o.cases, 2);
    assert_int_equal(o.improved, 2);
    assert_int_equal(o.recovered, 1);
    assert_int_equal(o.reliably_recovered, 1);
    assert_int_equal(o.deteriorated, 1);
    easel_kb_release(&kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(counts)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
