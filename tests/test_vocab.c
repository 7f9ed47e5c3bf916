/*
 * tests/test_vocab.c — the controlled vocabularies compiled into core/vocab.c and the lists a KB
 * author reads in docs/kb-format.md ("Controlled vocabularies") are the same words in the same
 * order, so the documentation cannot drift from what `easel kb check` accepts; and every word
 * is found again by its name.
 */
#include "cmocka_test.h"

#include "easel/vocab.h"

#define DOC EASEL_KB_DIR "/../docs/kb-format.md"

static char *read_doc(void)
{
    FILE *f = fopen(DOC, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    return text;
}

/* The backticked words of the paragraph that starts with heading, after its introduction (the
   first colon), up to the blank line. */
static size_t doc_words(const char *doc, const char *heading, char words[][64], size_t max)
{
    const char *p = strstr(doc, heading);
    if (!p)
        fail_msg("docs/kb-format.md has no paragraph \"%s\"", heading);
    const char *end = strstr(p, "\n\n");
    p = strchr(p, ':'); /* the words follow the heading's introduction */
    size_t n = 0;
    while (p && (!end || p < end)) {
        const char *a = strchr(p, '`');
        if (!a || (end && a >= end))
            break;
        const char *b = strchr(a + 1, '`');
        assert_non_null(b);
        assert_true(n < max && (size_t)(b - a - 1) < 64);
        memcpy(words[n], a + 1, (size_t)(b - a - 1));
        words[n][b - a - 1] = '\0';
        n++;
        p = b + 1;
    }
    return n;
}

static void the_documented_lists_are_the_compiled_ones(void **state)
{
    (void)state;
    static const struct {
        enum easel_vocab_id v;
        const char *heading;
    } lists[] = {
        {EASEL_VOCAB_GOAL_TAG, "**Goal tags**"},  {EASEL_VOCAB_FLAG, "**Client flags**"},
        {EASEL_VOCAB_HAZARD, "**Hazards**"},      {EASEL_VOCAB_ALLERGEN, "**Allergens**"},
        {EASEL_VOCAB_ETC, "**ETC levels**"},      {EASEL_VOCAB_PHASE, "**Phases**"},
        {EASEL_VOCAB_APPROACH, "**Approaches**"},
    };
    const char *doc = read_doc();
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        static char words[128][64];
        size_t n = doc_words(doc, lists[l].heading, words, 128);
        int count = easel_vocab_count(lists[l].v);
        if ((int)n != count)
            fail_msg("%s: the documentation lists %zu words, the code %d", lists[l].heading, n,
                     count);
        for (int i = 0; i < count; i++)
            if (strcmp(words[i], easel_vocab_name(lists[l].v, i)) != 0)
                fail_msg("%s, word %d: documented \"%s\", compiled \"%s\"", lists[l].heading, i + 1,
                         words[i], easel_vocab_name(lists[l].v, i));
    }
}

static void every_word_is_found_by_its_name(void **state)
{
    (void)state;
    for (int v = 0; v < EASEL_VOCAB_COUNT; v++) {
        int count = easel_vocab_count((enum easel_vocab_id)v);
        assert_true(count > 0);
        for (int i = 0; i < count; i++)
            assert_int_equal(easel_vocab_find((enum easel_vocab_id)v,
                                              easel_vocab_name((enum easel_vocab_id)v, i)),
                             i);
        assert_int_equal(easel_vocab_find((enum easel_vocab_id)v, "no-such-word"), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_documented_lists_are_the_compiled_ones),
        cmocka_unit_test(every_word_is_found_by_its_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
