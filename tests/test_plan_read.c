/*
 * tests/test_plan_read.c — src/formats/plan_read.c, the one reader of a stored plan's content
 * (easel_report_plan_read): the program's sessions as stored (also the empty ones, numbered as
 * the body numbers them, not by their place) and each placed item's slot and media ids, which
 * the web's note template of a planned session reads instead of parsing the body itself.
 *
 *   crafted:    a body written by hand: sessions out of number order, an empty session, an item
 *               whose media list has an entry without an id and an id the KB does not know;
 *   round_trip: every example profile's plan, rendered as easel-plan/1 by core and read back,
 *               agrees with the engine's plan session by session and slot by slot.
 */
#include "testutil.h"

#include "easel/arena.h"
#include "easel/report_read.h"

#include <dirent.h>

static void crafted(void **state)
{
    const struct easel_kb *kb = *state;
    assert_true(kb->n_interventions >= 3 && kb->n_media >= 3);
    const char *w = kb->interventions[0].id, *m = kb->interventions[1].id,
               *c = kb->interventions[2].id;
    const char *ma = kb->media[0].id, *mb = kb->media[1].id;
    char body[4096];
    snprintf(
        body, sizeof(body),
        "{\"format\":\"easel-plan/1\",\"sessions\":["
        "{\"number\":3,\"date\":\"2027-01-07\",\"phase\":\"stabilisation\","
        "\"objective\":\"1.2\","
        "\"warm_up\":{\"id\":\"%s\",\"minutes\":5,\"media\":[{\"id\":\"%s\"},{\"id\":\"%s\"}]},"
        "\"main\":{\"id\":\"%s\",\"minutes\":40,"
        "\"media\":[{\"id\":\"%s\"},{\"qty_milli\":1000},{\"id\":\"no-such-medium\"}]},"
        "\"closure\":null},"
        "{\"number\":1,\"date\":\"2027-01-14\",\"phase\":\"skills\",\"objective\":null,"
        "\"warm_up\":null,\"main\":null,\"closure\":null},"
        "{\"number\":2,\"objective\":\"2.1\",\"warm_up\":null,\"main\":null,"
        "\"closure\":{\"id\":\"%s\",\"minutes\":5}}]}",
        w, ma, mb, m, mb, c);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_report_plan pl = {0};
    struct easel_error err = {0};
    assert_int_equal(easel_report_plan_read(body, strlen(body), kb, &a, &pl, &err), 0);

    assert_int_equal(pl.n_sessions, 3);
    const struct easel_report_plan_session *s = pl.sessions;
    assert_int_equal(s[0].number, 3); /* the body's number, not the place */
    assert_string_equal(s[0].date, "2027-01-07");
    assert_string_equal(s[0].phase, "stabilisation");
    assert_string_equal(s[0].objective, "1.2");
    assert_int_equal(s[0].first_item, 0);
    assert_int_equal(s[0].n_items, 2); /* warm-up and main; the null closure is no item */
    assert_int_equal(s[1].number, 1);
    assert_null(s[1].objective); /* null in the body */
    assert_int_equal(s[1].n_items, 0);
    assert_int_equal(s[1].first_item, 2);
    assert_int_equal(s[2].number, 2);
    assert_null(s[2].date); /* not given */
    assert_string_equal(s[2].objective, "2.1");
    assert_int_equal(s[2].first_item, 2);
    assert_int_equal(s[2].n_items, 1);

    assert_int_equal(pl.n_interventions, 3);
    const struct easel_report_intervention *iv = pl.interventions;
    assert_int_equal(iv[0].slot, 0);
    assert_string_equal(iv[0].id, w);
    assert_int_equal(iv[0].session, 3);
    assert_int_equal(iv[0].n_media_ids, 2);
    assert_string_equal(iv[0].media_ids[0], ma);
    assert_string_equal(iv[0].media_ids[1], mb);
    assert_int_equal(iv[1].slot, 1);
    assert_string_equal(iv[1].id, m);
    /* the entry without an id is left out; an id the KB lacks is read as the body names it */
    assert_int_equal(iv[1].n_media_ids, 2);
    assert_string_equal(iv[1].media_ids[0], mb);
    assert_string_equal(iv[1].media_ids[1], "no-such-medium");
    assert_int_equal(iv[2].slot, 2);
    assert_string_equal(iv[2].id, c);
    assert_int_equal(iv[2].session, 2);
    assert_int_equal(iv[2].n_media_ids, 0);
    easel_arena_release(&a);
}

/* The read plan agrees with the engine's plan it was rendered from. */
static void agrees(const struct easel_plan *plan, const struct easel_report_plan *pl)
{
    const struct easel_kb *kb = plan->kb;
    assert_int_equal(pl->n_sessions, (int)plan->n_sessions);
    size_t items = 0;
    for (size_t i = 0; i < plan->n_sessions; i++) {
        const struct easel_plan_session *es = &plan->sessions[i];
        const struct easel_report_plan_session *s = &pl->sessions[i];
        assert_int_equal(s->number, es->number);
        assert_string_equal(s->date, es->date);
        assert_string_equal(s->phase, easel_vocab_name(EASEL_VOCAB_PHASE, es->phase));
        if (es->objective >= 0)
            assert_string_equal(s->objective, plan->objectives[es->objective].number);
        else
            assert_null(s->objective);
        assert_int_equal(s->first_item, items);
        const struct easel_plan_item *slot[3] = {&es->warmup, &es->main, &es->closure};
        for (int k = 0; k < 3; k++) {
            if (slot[k]->intervention < 0)
                continue;
            assert_true(items < s->first_item + s->n_items);
            const struct easel_report_intervention *iv = &pl->interventions[items++];
            assert_int_equal(iv->slot, k);
            assert_int_equal(iv->session, es->number);
            assert_string_equal(iv->id, kb->interventions[slot[k]->intervention].id);
            assert_int_equal(iv->n_media_ids, slot[k]->n_media);
            for (size_t j = 0; j < slot[k]->n_media; j++)
                assert_string_equal(iv->media_ids[j], kb->media[slot[k]->media[j]].id);
        }
        assert_int_equal(items, s->first_item + s->n_items);
    }
    assert_int_equal(items, pl->n_interventions);
}

static void round_trip(void **state)
{
    const struct easel_kb *kb = *state;
    DIR *d = opendir(EASEL_EXAMPLES_DIR);
    assert_non_null(d);
    struct dirent *e;
    int seen = 0, with_media = 0;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", EASEL_EXAMPLES_DIR, e->d_name);
        struct easel_profile p;
        struct easel_plan plan;
        struct easel_error err = {0};
        assert_int_equal(easel_profile_load(&p, kb, path, &err), 0);
        tu_plan(&plan, kb, &p);
        struct easel_buf json;
        tu_render(&plan, EASEL_PLAN_JSON, &json);
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_report_plan pl = {0};
        assert_int_equal(easel_report_plan_read(json.data, json.len, kb, &a, &pl, &err), 0);
        agrees(&plan, &pl);
        for (size_t i = 0; i < pl.n_interventions; i++)
            with_media += pl.interventions[i].n_media_ids > 0;
        seen++;
        easel_arena_release(&a);
        easel_buf_release(&json);
        easel_plan_release(&plan);
        easel_profile_release(&p);
    }
    closedir(d);
    assert_true(seen >= 10);     /* every example, not none */
    assert_true(with_media > 0); /* the media ids were compared, not skipped */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crafted),
        cmocka_unit_test(round_trip),
    };
    return cmocka_run_group_tests(tests, tu_kb_group_setup, tu_kb_group_teardown);
}
