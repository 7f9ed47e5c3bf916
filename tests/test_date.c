/*
 * tests/test_date.c — core/date.c: parsing, formatting, round trips, invalid dates.
 */
#include "cmocka_test.h"

#include "easel/plan.h"

static void round_trip(void **state)
{
    (void)state;
    static const char *const dates[] = {"1970-01-01", "2000-02-29", "2026-12-31",
                                        "2027-03-01", "1900-01-01", "2999-12-31"};
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        int64_t d;
        char out[11];
        assert_int_equal(easel_date_parse(dates[i], &d), 0);
        easel_date_format(d, out);
        assert_string_equal(out, dates[i]);
    }
}

static void known_days(void **state)
{
    (void)state;
    int64_t d;
    assert_int_equal(easel_date_parse("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(easel_date_parse("2026-12-01", &d), 0);
    char out[11];
    easel_date_format(d + 77, out); /* 11 weeks later */
    assert_string_equal(out, "2027-02-16");
}

static void invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01",
                                      "26-01-01",   "2026/01/01", "",           "2026-04-31",
                                      "1899-12-31", "abcd-ef-gh"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t d;
        assert_int_not_equal(easel_date_parse(bad[i], &d), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(round_trip), cmocka_unit_test(known_days),
                                       cmocka_unit_test(invalid)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
