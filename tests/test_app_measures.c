/*
 * tests/test_app_measures.c — easel_app_admins (src/app/measures.c): which stored records of a
 * client become scored administrations of one instrument, in order, and where each came from.
 *
 * Owns: one KB for the run (the testutil.h group fixture). Borrows: nothing. Fails: cmocka
 * assertions.
 */
#include "easel/app.h"
#include "testutil.h"

static void only_this_instrument_in_order_with_origins(void **state)
{
    const struct easel_kb *kb = *state;
    const struct easel_instrument *phq = &kb->instruments[easel_kb_instrument(kb, "phq-9")];
    const struct easel_measure_record ms[] = {
        {.id = 11, .instrument = "phq-9", .date = "2026-12-01", .answers = "2,2,2,2,2,2,2,2,0"},
        {.id = 12, .instrument = "gad-7", .date = "2026-12-02", .answers = "1,1,1,1,1,1,1"},
        {.id = 13, .instrument = "phq-9", .date = "2026-12-08", .answers = "1,1,1,1,,1,1,1,0"},
        {.id = 14, .instrument = "phq-9", .date = "2026-12-15", .answers = "1,1,1"}, /* stale */
        {.id = 15, .instrument = "phq-9", .date = "2026-12-22", .answers = "0,0,0,0,0,0,0,0,1"},
    };
    struct easel_admin admin[5];
    size_t from[5];
    size_t k = easel_app_admins(phq, ms, 5, admin, from);
    assert_int_equal(k, 3); /* the GAD-7 and the record with the wrong item count left out */
    assert_int_equal(from[0], 0);
    assert_int_equal(from[1], 2);
    assert_int_equal(from[2], 4);
    for (size_t j = 0; j < k; j++)
        assert_int_equal(admin[j].session, (int)j);
    assert_true(admin[0].score.valid);
    assert_int_equal(admin[0].score.total_x100, 1600);
    assert_false(admin[1].score.valid); /* a blank item: PHQ-9 is not scored with blanks */
    assert_true(admin[2].score.risk);   /* item 9 above 0, whatever the total */
    assert_int_equal(admin[2].score.total_x100, 100);
    /* from may be NULL; nothing of another instrument */
    assert_int_equal(easel_app_admins(phq, ms, 5, admin, NULL), 3);
    const struct easel_instrument *gad = &kb->instruments[easel_kb_instrument(kb, "gad-7")];
    assert_int_equal(easel_app_admins(gad, ms, 5, admin, from), 1);
    assert_int_equal(from[0], 1);
    assert_int_equal(easel_app_admins(gad, ms, 0, admin, from), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_this_instrument_in_order_with_origins),
    };
    return cmocka_run_group_tests(tests, tu_kb_group_setup, tu_kb_group_teardown);
}
