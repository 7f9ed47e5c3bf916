/*
 * tests/test_readability.c — core/readability.c: syllables of words counted by hand from a
 * dictionary's division, word/sentence/syllable counts of short texts counted by hand, and
 * the Flesch-Kincaid grade computed here from those hand counts with the published formula
 * (0.39 W/S + 11.8 Sy/W - 15.59), not copied from the function's output.
 *
 * Owns: nothing. Fails: through cmocka asserts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "easel/readability.h"

#include <string.h>

static int syl(const char *w)
{
    return easel_readability_syllables(w, strlen(w));
}

static void test_syllables(void **state)
{
    (void)state;
    static const struct {
        const char *word;
        int n; /* by the dictionary division in the comment */
    } cases[] = {
        {"the", 1},
        {"cat", 1},
        {"make", 1}, /* make */
        {"makes", 1},
        {"table", 2}, /* ta-ble */
        {"people", 2},
        {"whale", 1},
        {"therapy", 3}, /* ther-a-py */
        {"happy", 2},
        {"yes", 1},
        {"jumped", 1},
        {"wanted", 2},
        {"boxes", 2},
        {"wishes", 2},
        {"clothes", 1},
        {"calming", 2},
        {"together", 3},
        {"feelings", 2},
        {"session", 2}, /* ses-sion */
        {"understanding", 4},
        {"relationship", 4}, /* re-la-tion-ship */
        {"emotional", 4},
        {"drawing", 2},
        {"Psychotherapeutic", 6},
        {"don't", 1},
        {"don\xe2\x80\x99t", 1}, /* U+2019 */
        {"self-care", 2},
        {"played", 1},
        {"used", 1},
        {"2024", 1},
        {"caf\xc3\xa9", 2}, /* ca-fé */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = syl(cases[i].word);
        if (got != cases[i].n)
            print_error("%s: %d syllables, expected %d\n", cases[i].word, got, cases[i].n);
        assert_int_equal(got, cases[i].n);
    }
}

/* The published formula, applied here to hand counts; hundredths rounded half away from 0. */
static long fk_x100(double w, double s, double sy)
{
    double g = (0.39 * (w / s) + 11.8 * (sy / w) - 15.59) * 100.0;
    return (long)(g < 0 ? g - 0.5 : g + 0.5);
}

static void expect(const char *text, size_t words, size_t sentences, size_t syllables)
{
    struct easel_readability r;
    struct easel_error err = {0};
    assert_int_equal(easel_readability(text, strlen(text), &r, &err), 0);
    assert_int_equal(r.words, words);
    assert_int_equal(r.sentences, sentences);
    assert_int_equal(r.syllables, syllables);
    assert_int_equal(r.grade_x100, fk_x100((double)words, (double)sentences, (double)syllables));
}

static void test_grades(void **state)
{
    (void)state;
    /* 6 words, 1 sentence, 6 syllables: 0.39 x 6 + 11.8 x 1 - 15.59 = -1.45 */
    expect("The cat sat on the mat.", 6, 1, 6);
    assert_int_equal(fk_x100(6, 1, 6), -145);

    /* Ther-a-py(3) helps(1) peo-ple(2). We(1) make(1) art(1) to-geth-er(3).
       7 words, 2 sentences, 12 syllables: 0.39 x 3.5 + 11.8 x 12/7 - 15.59 = 6.0036 */
    expect("Therapy helps people. We make art together.", 7, 2, 12);
    assert_int_equal(fk_x100(7, 2, 12), 600);

    /* A heading and list items without full stops are sentences of their own.
       Your plan | Come to each ses-sion | Make art that feels calm-ing | We will talk
       a-bout your feel-ings to-geth-er: 18 words, 4 sentences, 2+5+6+11 = 24 syllables. */
    expect("Your plan\n- Come to each session.\n- Make art that feels calming.\n"
           "We will talk about your feelings together.",
           18, 4, 24);

    /* Psy-cho-ther-a-peu-tic(6) in-ter-ven-tions(4) fa-cil-i-tate(4) the(1)
       com-pre-hen-sive(4) i-den-ti-fi-ca-tion(6) of(1) mal-a-dap-tive(4) cog-ni-tive(3)
       pat-terns(2): 10 words, 1 sentence, 35 syllables: 3.9 + 41.3 - 15.59 = 29.61 */
    expect("Psychotherapeutic interventions facilitate the comprehensive identification of "
           "maladaptive cognitive patterns.",
           10, 1, 35);
    assert_int_equal(fk_x100(10, 1, 35), 2961);
}

static void test_sentences(void **state)
{
    (void)state;
    /* "e.g." and "Dr." do not end a sentence, "2.5" is one word, "?!" ends one sentence.
       Bring(1) e.g(2) pa-per(2) and(1) glue(1). Dr(1) Lee(1) will(1) help(1)! Is(1) 2.5(1)
       hours(1) ok(1)?! -> 13 words, 3 sentences, 15 syllables */
    expect("Bring e.g. paper and glue. Dr. Lee will help! Is 2.5 hours ok?!", 13, 3, 15);
    /* no end mark at all: one sentence; curly quotes and dashes are not words */
    expect("\xe2\x80\x9cWe paint \xe2\x80\x94 then we rest\xe2\x80\x9d", 5, 1, 5);
    /* a closing quote after the full stop; a blank line is not a second end */
    expect("She said \"stop.\"\n\nThen we left.", 6, 2, 6);
}

static void test_errors(void **state)
{
    (void)state;
    struct easel_readability r;
    struct easel_error err = {0};
    assert_int_equal(easel_readability(NULL, 0, &r, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "text");
    assert_int_equal(easel_readability("... !? --", 9, &r, &err), EASEL_EINVAL);
    assert_int_equal(easel_readability("", 0, &r, &err), EASEL_EINVAL);
    assert_int_equal(easel_readability("x", EASEL_READABILITY_MAX + 1u, &r, &err), EASEL_ETOOBIG);
    /* len is honoured: only the first sentence is read */
    const char *t = "The cat sat on the mat. Psychotherapeutic interventions.";
    assert_int_equal(easel_readability(t, 23, &r, &err), 0);
    assert_int_equal(r.words, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syllables),
        cmocka_unit_test(test_grades),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
