/*
 * tests/test_app_session_template.c — the note's prefill from a plan session
 * (easel_app_session_template, src/app/session_template.c) on a real store, SQLite or
 * PostgreSQL (EASEL_TEST_PG; exit 77, skipped, without it):
 *   usage: test_app_session_template sqlite|postgresql
 * A stored plan's session 2 plans a warm-up, the first half of a two-session main directive and
 * a closure, sharing a medium: the template names the three by their KB names in order, serves
 * the session's objective with a rating of 0, lists each medium once in the plan's order, and
 * its JSON is the API's shape. An intervention the KB does not have stays out of the text; a
 * missing version or session is ENOTFOUND naming the parameter.
 */
#include "easel/app_session_template.h"
#include "store_fixture.h"
#include "testutil.h"

#define KBV "6a8b2453ce4d3cc2da2c5828f35b7aa07cd879d583b0485d93f24f3730040239"

static struct easel_kb kb;
static struct sf fx = {.tag = "atpl"};

static const char plan_body[] =
    "{\"format\":\"easel-plan/1\",\"goals\":[{\"problem\":\"anxiety\",\"objectives\":["
    "{\"number\":\"1.1\",\"smart\":\"GAD-7 below 10\"},{\"number\":\"1.2\",\"smart\":\"Names "
    "three calming strategies\"}]}],\"sessions\":["
    "{\"number\":1,\"date\":\"2026-11-02\",\"objective\":\"1.1\",\"warm_up\":null,"
    "\"main\":{\"id\":\"mandala-colouring\",\"media\":[{\"id\":\"oil-pastels\"}]},\"closure\":null}"
    ","
    "{\"number\":2,\"date\":\"2026-11-09\",\"objective\":\"1.2\","
    "\"warm_up\":{\"id\":\"scribble-warm-up\",\"media\":[{\"id\":\"oil-pastels\"}]},"
    "\"main\":{\"id\":\"safe-place-drawing\",\"part\":1,\"media\":[{\"id\":\"watercolour-set\"},"
    "{\"id\":\"oil-pastels\"}]},"
    "\"closure\":{\"id\":\"no-such-intervention\",\"media\":[{\"id\":\"cardstock\"}]}}]}";

static const char *kb_name(const char *id)
{
    int i = easel_kb_intervention(&kb, id);
    assert_true(i >= 0); /* the test names KB items */
    return kb.interventions[i].name;
}

static void template_of_a_session(void **state)
{
    (void)state;
    struct easel_store s;
    sf_open(&fx, &s, "ther1", NULL);
    struct easel_error err = {0};
    struct easel_client c = {.ref = "tpl-1", .name = "Tia Synthetic", .setting = "outpatient"};
    int64_t client = 0, v = 0;
    assert_int_equal(easel_client_add(&s, &c, &client, &err), 0);
    assert_int_equal(easel_plan_record_save(&s, client, 0, plan_body, KBV, &v, &err), 0);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_app_session_template t;
    int rc = easel_app_session_template(&s, client, &kb, v, 2, &a, &t, &err);
    if (rc)
        fprintf(stderr, "%s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
    char planned[600];
    snprintf(planned, sizeof(planned), "Planned: warm-up: %s; main directive: %s",
             kb_name("scribble-warm-up"), kb_name("safe-place-drawing"));
    assert_string_equal(t.planned, planned); /* the unknown closure is not named */
    assert_string_equal(t.objective, "1.2");
    assert_string_equal(t.note_format, "SOAP");
    assert_int_equal(t.n_media, 3);
    assert_string_equal(t.media[0], "oil-pastels");
    assert_string_equal(t.media[1], "watercolour-set");
    assert_string_equal(t.media[2], "cardstock");
    assert_int_equal(t.plan_version, v);
    assert_int_equal(t.number, 2);

    struct easel_buf b;
    easel_buf_init(&b, 64 * 1024);
    assert_int_equal(easel_app_session_template_json(&t, &b), 0);
    char want[2000];
    snprintf(want, sizeof(want),
             "{\"note_format\": \"SOAP\", \"note\": {\"subjective\": \"\", \"objective\": \"%s\", "
             "\"assessment\": \"\", \"plan\": \"\", \"progress\": [{\"objective\": \"1.2\", "
             "\"rating\": 0}], \"media_used\": [\"oil-pastels\", \"watercolour-set\", "
             "\"cardstock\"]}, \"media_used\": [\"oil-pastels\", \"watercolour-set\", "
             "\"cardstock\"], \"objective\": \"1.2\", \"plan_version\": %lld, \"number\": 2}\n",
             planned, (long long)v);
    assert_string_equal(b.data, want);
    easel_buf_release(&b);

    /* session 1: the main directive alone */
    assert_int_equal(easel_app_session_template(&s, client, &kb, v, 1, &a, &t, &err), 0);
    snprintf(planned, sizeof(planned), "Planned: main directive: %s", kb_name("mandala-colouring"));
    assert_string_equal(t.planned, planned);
    assert_string_equal(t.objective, "1.1");
    assert_int_equal(t.n_media, 1);

    /* what does not exist is named */
    assert_int_equal(easel_app_session_template(&s, client, &kb, v, 3, &a, &t, &err),
                     EASEL_ENOTFOUND);
    assert_string_equal(err.field, "number");
    assert_int_equal(easel_app_session_template(&s, client, &kb, v + 1, 1, &a, &t, &err),
                     EASEL_ENOTFOUND);
    assert_string_equal(err.field, "plan_version");
    easel_arena_release(&a);
    easel_store_close(&s);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(template_of_a_session),
    };
    return sf_main(&fx, &kb, argc, argv, "app_session_template", tests,
                   sizeof(tests) / sizeof(tests[0]));
}
