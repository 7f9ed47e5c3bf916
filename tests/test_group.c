/*
 * tests/test_group.c — the group program's profile (core/group.c, easel/group.h), checked the
 * way a clinician would check a group plan:
 *   - over random rosters of 1 to 30 members (random profiles across every setting and
 *     constraint class, fixed seed), no item placed in any group session, and no medium it
 *     uses, is excluded for any current member by that member's own verdicts in the program;
 *   - adding a member can only take items away: every item the larger group may get, the
 *     smaller group could get too;
 *   - a member's risk never becomes a group goal (it is worked on outside the group), but the
 *     items it excludes stay excluded for the whole group;
 *   - the merge itself: ages become the group's range, allergies and needs add up, abilities
 *     take the lowest, the focus is what most members share.
 */
#include "random_profile.h"

#include "easel/group.h"

#define N_ROSTERS 160

static void build(struct easel_plan *pl, const struct easel_profile *p, uint32_t extra,
                  bool verdicts_only)
{
    struct easel_error err = {0};
    struct easel_plan_options opt = {.extra_flags = extra, .verdicts_only = verdicts_only};
    int rc = easel_plan_build(pl, &kb, p, &opt, &err);
    if (rc)
        fprintf(stderr, "build: %s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
}

static void random_schedule(struct easel_group_schedule *g)
{
    g->setting = (int)rnd((uint32_t)kb.n_settings);
    g->start_date = "2027-01-04";
    g->minutes = 45 + 15 * (int)rnd(4);
    g->per_week = 1 + (int)rnd(2);
    g->count = 4 + (int)rnd(12);
    g->drop_in = chance(15);
}

/* An item the group gets, with the media the group uses for it: allowed for member k. */
/* Most members of a real group carry few constraints; a random profile carries many (each
   flag at 10-15 %), so a 30-member group of them could get almost nothing. */
static void mild(struct easel_profile *p)
{
    memset(p->risks, 0, sizeof(p->risks));
    memset(p->sensory, 0, sizeof(p->sensory));
    p->allergies = chance(10) ? p->allergies : 0;
    p->motor = p->cognition = p->verbal = 0;
    p->regulation = EASEL_REG_ADEQUATE;
    p->immunocompromised = p->fatigue = p->bed_bound = p->respiratory = false;
    p->acute_psychosis = p->mania = p->dissociation = false;
    p->trauma = EASEL_TRAUMA_NONE;
    p->grip = p->hand_unavailable = 0;
    p->texture_hazards = p->self_harm_hazards = 0;
    p->self_harm_recency_days = -1;
    p->n_measures = 0;
}

static size_t n_checked; /* items checked against a member: the test is not vacuous */

static void check_item(const struct easel_plan *own, const struct easel_plan_item *it,
                       uint32_t safety, size_t k)
{
    if (it->intervention < 0)
        return;
    n_checked++;
    uint32_t x = own->excluded[it->intervention] & safety;
    if (x)
        fprintf(stderr, "%s is excluded (0x%x) for member %zu\n",
                kb.interventions[it->intervention].id, x, k);
    assert_int_equal(x, 0);
    for (size_t u = 0; u < it->n_media; u++) {
        int md = it->media[u];
        if (own->media[md].verdict == EASEL_VERDICT_EXCLUDED)
            fprintf(stderr, "%s uses %s, excluded for member %zu\n",
                    kb.interventions[it->intervention].id, kb.media[md].id, k);
        assert_int_not_equal(own->media[md].verdict, EASEL_VERDICT_EXCLUDED);
    }
}

/* Group plan over members[0..n); member verdicts in the program checked for every item. */
static void check_roster(struct easel_profile *m, size_t n, const struct easel_group_schedule *g,
                         uint32_t *allowed_out)
{
    const struct easel_profile *ptr[EASEL_GROUP_MAX_MEMBERS];
    for (size_t i = 0; i < n; i++)
        ptr[i] = &m[i];
    struct easel_profile gp;
    uint32_t flags = 0;
    struct easel_error err = {0};
    assert_int_equal(easel_group_merge(&gp, &flags, &kb, g, "Thursday studio", ptr, n, &err), 0);
    struct easel_plan pl;
    build(&pl, &gp, flags, false);
    assert_int_equal(pl.n_risks, 0); /* no member's risk is a group goal */
    assert_true(pl.flags & EASEL_BIT(EASEL_FLAG_GROUP));
    const uint32_t safety = easel_group_safety_bits();
    for (size_t k = 0; k < n; k++) {
        struct easel_profile view;
        easel_group_member_view(&view, &m[k], g, (int)n);
        struct easel_plan own;
        build(&own, &view, 0, true);
        assert_true((pl.flags & own.flags) == own.flags); /* the group carries every flag */
        for (size_t s = 0; s < pl.n_sessions; s++) {
            const struct easel_plan_item *items[] = {&pl.sessions[s].warmup, &pl.sessions[s].main,
                                                     &pl.sessions[s].closure};
            for (int r = 0; r < 3; r++)
                check_item(&own, items[r], safety, k);
        }
        /* not only what this plan placed: every item the group may get, with the media the
           group would use for it, is allowed for every member */
        for (size_t i = 0; i < kb.n_interventions; i++) {
            if (pl.excluded[i] & safety)
                continue;
            struct easel_plan_item it = {0};
            if (easel_plan_place(&pl, &it, (int)i, kb.interventions[i].min_minutes) == 0)
                check_item(&own, &it, safety, k);
        }
        easel_plan_release(&own);
    }
    for (size_t i = 0; allowed_out && i < kb.n_interventions; i++)
        if (!(pl.excluded[i] & safety))
            allowed_out[i / 32] |= 1u << (i % 32);
    easel_plan_release(&pl);
    easel_profile_release(&gp);
}

static void random_rosters_respect_every_member(void **state)
{
    (void)state;
    size_t words = kb.n_interventions / 32 + 1;
    uint32_t *smaller = calloc(words, sizeof(uint32_t));
    uint32_t *larger = calloc(words, sizeof(uint32_t));
    assert_non_null(smaller);
    assert_non_null(larger);
    struct easel_profile m[EASEL_GROUP_MAX_MEMBERS];
    for (int r = 0; r < N_ROSTERS; r++) {
        struct easel_group_schedule g;
        random_schedule(&g);
        size_t n = 1 + rnd(EASEL_GROUP_MAX_MEMBERS);
        /* a real group shares an age band (a school group, adults, older adults) */
        static const int band[][2] = {{6, 11}, {12, 17}, {18, 64}, {60, 95}, {14, 25}};
        int b = (int)rnd(5);
        for (size_t i = 0; i < n; i++) {
            random_profile(&m[i]);
            m[i].age = band[b][0] + (int)rnd((uint32_t)(band[b][1] - band[b][0] + 1));
            m[i].group_age_min = m[i].group_age_max = 0;
            if (chance(75))
                mild(&m[i]);
        }
        memset(smaller, 0, words * sizeof(uint32_t));
        memset(larger, 0, words * sizeof(uint32_t));
        check_roster(m, n, &g, larger);
        if (n >= 2) { /* the same group before its last member joined */
            check_roster(m, n - 1, &g, smaller);
            for (size_t w = 0; w < words; w++) {
                uint32_t added = larger[w] & ~smaller[w];
                if (added)
                    fprintf(stderr, "roster %d: joining made %s allowed\n", r,
                            kb.interventions[w * 32 + (size_t)__builtin_ctz(added)].id);
                assert_int_equal(added, 0);
            }
        }
        for (size_t i = 0; i < n; i++)
            easel_profile_release(&m[i]);
    }
    free(smaller);
    free(larger);
    fprintf(stderr, "%zu member-item pairs checked\n", n_checked);
    assert_true(n_checked > 100000);
}

static void base_member(struct easel_profile *p, int age, const char *problem)
{
    easel_profile_init(p);
    p->source = p->client = "member";
    p->age = age;
    p->setting = easel_kb_setting(&kb, "inpatient-psychiatry");
    memcpy(p->start_date, "2027-01-04", 11);
    p->format = 2;
    p->problems[p->n_problems++] = easel_kb_problem(&kb, problem);
}

static void merge_takes_the_union_and_the_lowest(void **state)
{
    (void)state;
    struct easel_profile m[3];
    base_member(&m[0], 19, "depression");
    base_member(&m[1], 44, "depression");
    base_member(&m[2], 67, "anxiety");
    int latex = easel_vocab_find(EASEL_VOCAB_ALLERGEN, "latex");
    int blade = easel_vocab_find(EASEL_VOCAB_HAZARD, "blade");
    assert_true(latex >= 0 && blade >= 0);
    m[0].allergies = EASEL_BIT(latex);
    m[1].risks[EASEL_RISKK_SUICIDE] = EASEL_RISK_IDEATION;
    m[1].self_harm_hazards = EASEL_BIT(blade);
    m[2].motor = EASEL_L_MODERATE;
    m[2].sensory[0] = true;
    const struct easel_profile *ptr[] = {&m[0], &m[1], &m[2]};
    struct easel_group_schedule g = {m[0].setting, "2027-01-04", 60, 1, 8, false};
    struct easel_profile gp;
    uint32_t flags = 0;
    struct easel_error err = {0};
    assert_int_equal(easel_group_merge(&gp, &flags, &kb, &g, "Mood group", ptr, 3, &err), 0);
    assert_int_equal(gp.group_age_min, 19);
    assert_int_equal(gp.group_age_max, 67);
    assert_true(gp.allergies & EASEL_BIT(latex));
    assert_true(gp.self_harm_hazards & EASEL_BIT(blade));
    assert_int_equal(gp.motor, EASEL_L_MODERATE);
    assert_true(gp.sensory[0]);
    assert_true(flags & EASEL_BIT(EASEL_FLAG_SUICIDE_RISK));
    assert_true(flags & EASEL_BIT(EASEL_FLAG_OLDER_ADULT));
    assert_int_equal(gp.risks[EASEL_RISKK_SUICIDE], EASEL_RISK_NONE); /* no risk goal */
    assert_int_equal(gp.n_problems, 2);
    assert_int_equal(gp.problems[0], easel_kb_problem(&kb, "depression")); /* shared by two */
    assert_int_equal(gp.group_size, 3);
    assert_true(gp.group);
    assert_false(gp.routine); /* nobody here needs the visual routine */
    /* the plan: no blade, nothing with latex, no safety goal in the group's goals */
    struct easel_plan pl;
    build(&pl, &gp, flags, false);
    for (size_t i = 0; i < pl.n_supplies; i++) {
        const struct easel_medium *md = &kb.media[pl.supplies[i].medium];
        assert_false(md->hazards & EASEL_BIT(blade));
        assert_false(md->allergens & EASEL_BIT(latex));
    }
    for (size_t i = 0; i < pl.n_goals; i++)
        assert_int_not_equal(pl.goals[i].problem, easel_kb_problem(&kb, "safety-planning"));
    easel_plan_release(&pl);
    easel_profile_release(&gp);
    /* one member with moderate dementia: the whole group gets the visual routine */
    struct easel_profile older;
    base_member(&older, 81, "dementia-engagement");
    older.cognition = EASEL_L_MODERATE;
    const struct easel_profile *with_older[] = {&m[0], &m[1], &older};
    struct easel_profile gp2;
    assert_int_equal(easel_group_merge(&gp2, &flags, &kb, &g, "Mixed", with_older, 3, &err), 0);
    assert_true(gp2.routine);
    build(&pl, &gp2, flags, false);
    assert_non_null(pl.routine);
    easel_plan_release(&pl);
    easel_profile_release(&gp2);
    easel_profile_release(&older);
    /* an empty roster is refused, naming the field */
    assert_int_equal(easel_group_merge(&gp, &flags, &kb, &g, "Empty", ptr, 0, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "members");
    easel_profile_release(&gp);
    for (int i = 0; i < 3; i++)
        easel_profile_release(&m[i]);
}

int main(void)
{
    tu_load_kb(&kb);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merge_takes_the_union_and_the_lowest),
        cmocka_unit_test(random_rosters_respect_every_member),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    easel_kb_release(&kb);
    return rc;
}
