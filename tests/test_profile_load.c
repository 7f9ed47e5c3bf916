/*
 * tests/test_profile_load.c — src/formats/profile_load.c: every example profile loads; every kind
 * of bad input is rejected with the field named (and line:column for malformed JSON).
 */
#include "testutil.h"

#include <dirent.h>

static struct easel_kb kb;

static void examples_load(void **state)
{
    (void)state;
    DIR *d = opendir(EASEL_EXAMPLES_DIR);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (!strstr(e->d_name, ".json"))
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", EASEL_EXAMPLES_DIR, e->d_name);
        struct easel_profile p;
        struct easel_error err = {0};
        int rc = easel_profile_load(&p, &kb, path, &err);
        if (rc)
            fprintf(stderr, "%s: %s: %s\n", err.where, err.field, err.msg);
        assert_int_equal(rc, 0);
        easel_profile_release(&p);
        n++;
    }
    closedir(d);
    assert_true(n >= 8);
}

#define HEAD "{\"format\":\"easel-profile/1\",\"client\":\"t-1\",\"start_date\":\"2026-12-01\","
#define OK_CORE "\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"depression\"]"

struct bad {
    const char *json, *field, *msg, *where;
};

static void bad_inputs_name_the_field(void **state)
{
    (void)state;
    static const struct bad cases[] = {
        {"{\"format\":\"easel-profile/1\",\n\"age\": 30,,}", "", "malformed JSON", "test.json:2:"},
        {"[1,2]", "", "top level must be a JSON object", "test.json"},
        {HEAD OK_CORE ",\"colour\":\"blue\"}", "colour", "unknown field", NULL},
        {HEAD "\"age\":-3,\"setting\":\"outpatient\",\"problems\":[\"depression\"]}", "age",
         "between 2 and 120", NULL},
        {HEAD "\"age\":\"thirty\",\"setting\":\"outpatient\",\"problems\":[\"depression\"]}", "age",
         "must be an integer", NULL},
        {HEAD OK_CORE ",\"session\":{\"minutes\":0}}", "session.minutes", "between 15 and 240",
         NULL},
        {HEAD OK_CORE ",\"session\":{\"mode\":\"crowd\"}}", "session.mode", "must be one of", NULL},
        {HEAD "\"age\":30,\"setting\":\"moon-base\",\"problems\":[\"depression\"]}", "setting",
         "unknown setting", NULL},
        {HEAD "\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"ennui\"]}", "problems[0]",
         "unknown problem", NULL},
        {HEAD OK_CORE ",\"allergies\":[\"penicillin\"]}", "allergies[0]",
         "not an allergen the materials are checked for (latex, wheat, nut", NULL},
        {HEAD "\"age\":30,\"setting\":\"outpatient\",\"problems\":[]}", "problems", "at least one",
         NULL},
        {HEAD OK_CORE ",\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\","
                      "\"total\":40}]}",
         "measures[0].total", "between 0 and 27", NULL},
        {HEAD OK_CORE ",\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\","
                      "\"total\":3,\"items\":[1,1,1]}]}",
         "measures[0].items", "has 9 items", NULL},
        {HEAD OK_CORE ",\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\","
                      "\"total\":4,\"items\":[0,0,0,0,0,0,0,0,4]}]}",
         "measures[0].items[8]", "answer must be 0-3", NULL},
        {HEAD OK_CORE ",\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\","
                      "\"total\":5,\"items\":[0,0,0,0,0,0,0,0,1]}]}",
         "measures[0].total", "add up to 1", NULL},
        {HEAD OK_CORE ",\"measures\":[{\"instrument\":\"bdi-ii\",\"date\":\"2026-11-20\","
                      "\"total\":5}]}",
         "measures[0].instrument", "unknown instrument", NULL},
        {HEAD OK_CORE ",\"allergies\":[\"kryptonite\"]}", "allergies[0]",
         "not an allergen the materials are checked for", NULL},
        {HEAD OK_CORE ",\"preferred_media\":[\"unicorn-hair\"]}", "preferred_media[0]",
         "unknown medium", NULL},
        {HEAD OK_CORE ",\"risks\":{\"suicide\":\"maybe\"}}", "risks.suicide", "must be one of",
         NULL},
        {HEAD OK_CORE ",\"medical\":{\"immunocompromised\":\"yes\"}}", "medical.immunocompromised",
         "true or false", NULL},
        {"{\"format\":\"easel-profile/3\",\"client\":\"t\",\"start_date\":\"2026-12-01\"," OK_CORE
         "}",
         "format", "easel-profile/2", NULL},
        /* format 2: unknown words list the valid ones; the line of the field is named */
        {"{\"format\":\"easel-profile/2\",\"client\":\"t\",\"start_date\":\"2026-12-01\"," OK_CORE
         ",\n\"avoid_textures\":[\"wet\",\"furry\"]}",
         "avoid_textures[1]", "valid: wet, sticky", "test.json:2"},
        {"{\"format\":\"easel-profile/2\",\"client\":\"t\",\"start_date\":\"2026-12-01\"," OK_CORE
         ",\"substance\":{\"substances\":[\"glue\"],\"stage\":\"action\"}}",
         "substance.substances[0]", "valid: alcohol", NULL},
        {"{\"format\":\"easel-profile/2\",\"client\":\"t\",\"start_date\":\"2026-12-01\"," OK_CORE
         ",\"self_harm\":{\"recency\":\"yesterday\"}}",
         "self_harm.recency", "must be one of", NULL},
        {"{\"format\":\"easel-profile/2\",\"client\":\"t\",\"start_date\":\"2026-12-01\"," OK_CORE
         ",\"measures\":[{\"instrument\":\"psc-17\",\"date\":\"2026-11-20\","
         "\"total\":10,\"informant\":\"self\"}]}",
         "measures[0].informant", "answered by the caregiver", NULL},
        {"{\"format\":\"easel-profile/2\",\"client\":\"t\",\"start_date\":\"2026-12-01\"," OK_CORE
         ",\"baselines\":[{\"objective\":\"no-such\",\"value\":1,"
         "\"date\":\"2026-11-20\"}]}",
         "baselines[0].objective", "no objective template", NULL},
        {HEAD OK_CORE ",\"hands\":{\"grip\":\"weak\"}}", "hands", "unknown field", NULL},
        {"{\"format\":\"easel-profile/2\",\"client\":\"t\",\"start_date\":\"2026-12-01\"," OK_CORE
         ",\"client_goals\":[{\"text\":\"Sleep.\",\"problems\":[\"ocd\"]}]}",
         "client_goals[0].problems", "not one of this client's problems", NULL},
        {"{\"format\":\"easel-profile/1\",\"client\":\"Jane "
         "Doe\",\"start_date\":\"2026-12-01\"," OK_CORE "}",
         "client", "never a name", NULL},
        {HEAD OK_CORE ",\"age\":31}", "", "duplicate", "test.json:1:"},
        {"{\"format\":\"easel-profile/1\",\"client\":\"t\",\"start_date\":\"2026-02-30\"," OK_CORE
         "}",
         "start_date", "YYYY-MM-DD", NULL},
        {HEAD "\"age\":30,\"problems\":[\"depression\"]}", "setting", "required field", NULL},
        {HEAD OK_CORE ",\"budget_cents\":-5}", "budget_cents", "0-100000000", NULL},
        {HEAD OK_CORE ",\"session\":{\"mode\":\"individual\",\"group_size\":4}}",
         "session.group_size", "individual plan", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct easel_profile p;
        struct easel_error err = {0};
        int rc = tu_profile(&p, &kb, cases[i].json, &err);
        if (rc == 0 || strcmp(err.field, cases[i].field) != 0 || !strstr(err.msg, cases[i].msg) ||
            (cases[i].where && !strstr(err.where, cases[i].where)))
            fprintf(stderr, "case %zu: rc %d where '%s' field '%s' msg '%s'\n", i, rc, err.where,
                    err.field, err.msg);
        assert_int_equal(rc, EASEL_EINVAL);
        assert_string_equal(err.field, cases[i].field);
        assert_non_null(strstr(err.msg, cases[i].msg));
        if (cases[i].where)
            assert_non_null(strstr(err.where, cases[i].where));
        assert_null(p.client); /* released: nothing half-kept */
    }
}

static void defaults_and_flags(void **state)
{
    (void)state;
    struct easel_profile p;
    tu_profile_ok(&p, &kb,
                  HEAD "\"age\":7,\"setting\":\"school\",\"problems\":[\"anxiety\"],"
                       "\"sensory\":{\"tactile_defensive\":true},\"verbal\":\"nonverbal\","
                       "\"risks\":{\"suicide\":\"ideation\"},\"trauma\":\"complex\"}");
    uint32_t f = easel_profile_flags(&p, &kb);
    assert_true(f & EASEL_BIT(EASEL_FLAG_CHILD));
    assert_true(f & EASEL_BIT(EASEL_FLAG_TACTILE_DEFENSIVE));
    assert_true(f & EASEL_BIT(EASEL_FLAG_NONVERBAL));
    assert_true(f & EASEL_BIT(EASEL_FLAG_SUICIDE_RISK));
    assert_true(f & EASEL_BIT(EASEL_FLAG_COMPLEX_TRAUMA));
    assert_true(f & EASEL_BIT(EASEL_FLAG_TRAUMA));
    assert_false(f & EASEL_BIT(EASEL_FLAG_OLDER_ADULT));
    assert_int_equal(easel_profile_ability_verbal(&p), 1);
    assert_int_equal(p.budget_cents, -1);
    easel_profile_release(&p);
}

/* What a person types: a problem by the name the form shows, an allergen in the plural, and an
   allergy no material check knows (a medicine), shown as a precaution on every session. */
static void names_people_type(void **state)
{
    (void)state;
    struct easel_profile p;
    tu_profile_ok(&p, &kb,
                  "{\"format\":\"easel-profile/2\",\"client\":\"t-1\",\"start_date\":"
                  "\"2026-12-01\",\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"Grief "
                  "and loss\"],\"allergies\":[\"Nuts\"],\"other_allergies\":[\"penicillin\"]}");
    assert_int_equal(p.n_problems, 1);
    assert_string_equal(kb.problems[p.problems[0]].id, "grief");
    assert_true(p.allergies & EASEL_BIT(easel_vocab_find(EASEL_VOCAB_ALLERGEN, "nut")));
    assert_int_equal(p.precautions.n, 1);
    assert_non_null(strstr(p.precautions.items[0], "Allergy: penicillin"));
    easel_profile_release(&p);
}

/* The words a form offers: every one accepted by the parser, every boolean item a client flag
   with words of its own, and the allergens as a person reads them. */
static void form_words_are_the_parsers_own_with_words_people_read(void **state)
{
    (void)state;
    static const char *const blocks[] = {"sensory", "medical", "psychiatric"};
    for (size_t b = 0; b < 3; b++) {
        const char *const *w = easel_profile_words(blocks[b]);
        assert_non_null(w);
        for (size_t i = 0; w[i]; i++) {
            char flag[64], text[256];
            snprintf(flag, sizeof(flag), "%s", w[i]);
            for (char *c = flag; *c; c++)
                *c = *c == '_' ? '-' : *c;
            assert_true(easel_vocab_find(EASEL_VOCAB_FLAG, flag) >= 0);
            snprintf(text, sizeof(text), HEAD OK_CORE ",\"%s\":{\"%s\":true}}", blocks[b], w[i]);
            struct easel_profile p;
            tu_profile_ok(&p, &kb, text);
            easel_profile_release(&p);
        }
    }
    const char *const *t = easel_profile_words("avoid_textures");
    assert_non_null(t);
    assert_string_equal(t[0], "wet");
    assert_null(easel_profile_words("no-such-list"));
    assert_string_equal(
        easel_vocab_words(EASEL_VOCAB_ALLERGEN, easel_vocab_find(EASEL_VOCAB_ALLERGEN, "nut")),
        "nuts");
    assert_string_equal(easel_vocab_words(EASEL_VOCAB_FLAG, EASEL_FLAG_RESPIRATORY),
                        "breathing difficulties");
    assert_string_equal(easel_vocab_words(EASEL_VOCAB_PHASE, 0), "stabilisation");
    assert_null(easel_vocab_words(EASEL_VOCAB_ALLERGEN, 99));
    for (int i = 0; i < easel_vocab_count(EASEL_VOCAB_APPROACH); i++)
        assert_non_null(easel_vocab_words(EASEL_VOCAB_APPROACH, i));
}

static void phq9_item9_raises_suicide_flag(void **state)
{
    (void)state;
    struct easel_profile p;
    tu_profile_ok(&p, &kb,
                  HEAD OK_CORE ",\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\","
                               "\"total\":10,\"items\":[1,1,1,1,1,1,1,2,1]}]}");
    assert_true(easel_profile_flags(&p, &kb) & EASEL_BIT(EASEL_FLAG_SUICIDE_RISK));
    easel_profile_release(&p);
    /* a later administration with item 9 = 0 speaks for the present */
    tu_profile_ok(&p, &kb,
                  HEAD OK_CORE ",\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\","
                               "\"total\":10,\"items\":[1,1,1,1,1,1,1,2,1]},"
                               "{\"instrument\":\"phq-9\",\"date\":\"2026-11-27\","
                               "\"total\":9,\"items\":[1,1,1,1,1,1,1,2,0]}]}");
    assert_false(easel_profile_flags(&p, &kb) & EASEL_BIT(EASEL_FLAG_SUICIDE_RISK));
    easel_profile_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(examples_load),
        cmocka_unit_test(bad_inputs_name_the_field),
        cmocka_unit_test(defaults_and_flags),
        cmocka_unit_test(names_people_type),
        cmocka_unit_test(form_words_are_the_parsers_own_with_words_people_read),
        cmocka_unit_test(phq9_item9_raises_suicide_flag),
    };
    return tu_run_with_kb(&kb, tests);
}
