/*
 * tests/test_art_assess.c — core/art_assess.c: PPAT takes exactly 14 FEATS ratings 0-5;
 * procedures without a verified rating scheme take none; errors name the rating.
 */
#include "cmocka_test.h"

#include "easel/art_assess.h"

static void feats_ratings(void **state)
{
    (void)state;
    const struct easel_art_procedure *p = easel_art_procedure("ppat");
    assert_non_null(p);
    assert_int_equal(p->n_scales, 14);
    assert_string_equal(p->scales[3], "Space");
    assert_string_equal(p->scales[13], "Perseveration");
    int ok[14] = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1};
    struct easel_error err = {0};
    assert_int_equal(easel_art_assessment_check(p, ok, 14, &err), 0);
    assert_int_equal(easel_art_assessment_check(p, NULL, 0, &err),
                     0); /* administered, not yet rated */
    int six[14] = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 6};
    assert_int_equal(easel_art_assessment_check(p, six, 14, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "ratings[13]");
    assert_non_null(strstr(err.msg, "Perseveration"));
    int neg[14] = {-1};
    assert_int_equal(easel_art_assessment_check(p, neg, 14, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "ratings[0]");
    assert_int_equal(easel_art_assessment_check(p, ok, 13, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "ratings");
}

static void unrated_procedures(void **state)
{
    (void)state;
    static const char *const ids[] = {"dds", "bridge", "htp", "kfd", "fsa", "sdt"};
    for (size_t i = 0; i < 6; i++) {
        const struct easel_art_procedure *p = easel_art_procedure(ids[i]);
        assert_non_null(p);
        assert_int_equal(p->n_scales, 0);
        struct easel_error err = {0};
        int one = 3;
        assert_int_equal(easel_art_assessment_check(p, NULL, 0, &err), 0);
        assert_int_equal(easel_art_assessment_check(p, &one, 1, &err), EASEL_EINVAL);
        assert_non_null(strstr(p->basis, "clinical.md A3"));
    }
    assert_null(easel_art_procedure("mari")); /* training-restricted: not offered */
    assert_int_equal(easel_art_procedure_count(), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(feats_ratings),
                                       cmocka_unit_test(unrated_procedures)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
