/*
 * tests/test_plan.c — the planning engine (src/core): safety first, phasing, individualisation
 * (one factor changed at a time, and the explanation names it), gaps instead of padding,
 * schedule and supplies arithmetic, determinism.
 */
#include "testutil.h"

static struct easel_kb kb;

#define P(extra)                                                                                   \
    "{\"format\":\"easel-profile/1\",\"client\":\"t-plan\",\"start_date\":\"2026-12-01\"," extra "}"

struct built {
    struct easel_profile p;
    struct easel_plan plan;
};

static void build(struct built *b, const char *json)
{
    tu_profile_ok(&b->p, &kb, json);
    tu_plan(&b->plan, &kb, &b->p);
}

static void drop(struct built *b)
{
    easel_plan_release(&b->plan);
    easel_profile_release(&b->p);
}

static int problem_of_objective(const struct easel_plan *pl, size_t k)
{
    return pl->objectives[k].problem;
}

static void phq9_item9_puts_safety_first(void **state)
{
    (void)state;
    struct built b;
    build(&b, P("\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"depression\",\"anxiety\"],"
                "\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\",\"total\":14,"
                "\"items\":[2,2,2,2,1,2,1,1,1]}]"));
    assert_true(b.plan.n_risks >= 1);
    assert_int_equal(b.plan.risks[0].flag, EASEL_FLAG_SUICIDE_RISK);
    assert_non_null(strstr(b.plan.risks[0].reason, "item 9"));
    assert_int_equal(problem_of_objective(&b.plan, 0), easel_kb_problem(&kb, "safety-planning"));
    assert_true(b.plan.objectives[0].tpl->goal_tags & EASEL_BIT(0)); /* "safety" */
    assert_int_equal(b.plan.sessions[0].objective, 0);
    struct easel_buf text;
    tu_render(&b.plan, EASEL_PLAN_TEXT, &text);
    const char *flag = strstr(text.data, "RISK FLAGS");
    /* the flag in words, never its id or a JSON object */
    assert_non_null(strstr(text.data, "Risk flag, suicide risk: PHQ-9"));
    assert_null(strstr(text.data, "suicide-risk:"));
    const char *goals = strstr(text.data, "Problems, goals and objectives");
    assert_non_null(flag);
    assert_true(flag < goals);
    easel_buf_release(&text);
    drop(&b);
    /* without item 9 there is no risk flag and no safety-planning goal */
    build(&b, P("\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"depression\",\"anxiety\"],"
                "\"measures\":[{\"instrument\":\"phq-9\",\"date\":\"2026-11-20\",\"total\":13,"
                "\"items\":[2,2,2,2,1,2,1,1,0]}]"));
    assert_int_equal(b.plan.n_risks, 0);
    assert_int_equal(problem_of_objective(&b.plan, 0), easel_kb_problem(&kb, "depression"));
    drop(&b);
}

static void trauma_stabilises_before_processing(void **state)
{
    (void)state;
    struct built b;
    build(&b, P("\"age\":26,\"setting\":\"outpatient\",\"problems\":[\"complex-trauma\"],"
                "\"trauma\":\"complex\",\"session\":{\"count\":16}"));
    assert_true(b.plan.phased);
    size_t last_stab = 0, first_processing_item = b.plan.n_sessions;
    for (size_t s = 0; s < b.plan.n_sessions; s++) {
        const struct easel_plan_session *ss = &b.plan.sessions[s];
        if (ss->phase == EASEL_PHASE_STABILISATION)
            last_stab = s;
        if (ss->main.intervention < 0)
            continue;
        const struct easel_intervention *in = &kb.interventions[ss->main.intervention];
        if ((in->phases & EASEL_BIT(EASEL_PHASE_PROCESSING)) && s < first_processing_item)
            first_processing_item = s;
    }
    assert_int_equal(b.plan.sessions[0].phase, EASEL_PHASE_STABILISATION);
    assert_true(last_stab >= 3); /* about 30 % of 16 */
    assert_true(first_processing_item > last_stab);
    drop(&b);
}

static void tactile_defensiveness_changes_media(void **state)
{
    (void)state;
    struct built a, b;
    const char *base = P("\"age\":6,\"setting\":\"school\",\"problems\":[\"anxiety\"],"
                         "\"preferred_media\":[\"finger-paint\"],\"session\":{\"count\":10}");
    build(&a, base);
    build(&b, P("\"age\":6,\"setting\":\"school\",\"problems\":[\"anxiety\"],"
                "\"preferred_media\":[\"finger-paint\"],\"session\":{\"count\":10},"
                "\"sensory\":{\"tactile_defensive\":true}"));
    assert_true(tu_uses_medium(&a.plan, "finger-paint"));
    assert_false(tu_uses_medium(&b.plan, "finger-paint"));
    for (size_t m = 0; m < kb.n_media; m++)
        if (kb.media[m].hazards & EASEL_BIT(easel_vocab_find(EASEL_VOCAB_HAZARD, "messy")))
            assert_false(tu_uses_medium(&b.plan, kb.media[m].id));
    const struct easel_plan_verdict *v = &b.plan.media[easel_kb_medium(&kb, "finger-paint")];
    assert_int_equal(v->verdict, EASEL_VERDICT_EXCLUDED);
    assert_non_null(strstr(v->reason, "tactile-defensive"));
    drop(&a);
    drop(&b);
}

/* A preferred medium changes the plan and the plan says so: for a grieving adult the KB's clay
   directives rank below drawing ones, until the client says they prefer earthenware clay. */
static void preference_is_honoured(void **state)
{
    (void)state;
    struct built a, b;
    build(&a, P("\"age\":40,\"setting\":\"outpatient\",\"problems\":[\"grief\"]"));
    int medium = easel_kb_medium(&kb, "earthenware-clay");
    assert_false(tu_uses_medium(&a.plan, "earthenware-clay"));
    char json[1024];
    snprintf(json, sizeof(json),
             P("\"age\":40,\"setting\":\"outpatient\",\"problems\":[\"grief\"],"
               "\"preferred_media\":[\"%s\"]"),
             kb.media[medium].id);
    build(&b, json);
    assert_true(tu_uses_medium(&b.plan, kb.media[medium].id));
    int named = 0;
    for (size_t s = 0; s < b.plan.n_sessions; s++)
        if (b.plan.sessions[s].why && strstr(b.plan.sessions[s].why, "client prefers"))
            named = 1;
    assert_true(named);
    /* and the plan lists where it used it */
    struct easel_buf out;
    easel_buf_init(&out, 1 << 22);
    assert_int_equal(easel_plan_render(&b.plan, EASEL_PLAN_TEXT, &out), 0);
    char line[200];
    snprintf(line, sizeof(line), "Preferred %s: used in session", kb.media[medium].name);
    assert_non_null(strstr(easel_buf_str(&out), line));
    easel_buf_release(&out);
    drop(&a);
    drop(&b);
}

static void age_7_and_45_get_different_plans(void **state)
{
    (void)state;
    struct built child, adult;
    build(&child, P("\"age\":7,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"]"));
    build(&adult, P("\"age\":45,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"]"));
    int psc = easel_kb_instrument(&kb, "psc-17"), gad = easel_kb_instrument(&kb, "gad-7");
    int child_psc = 0, child_gad = 0, adult_psc = 0, adult_gad = 0;
    for (size_t k = 0; k < child.plan.n_objectives; k++) {
        child_psc |= child.plan.objectives[k].tpl->instrument == psc;
        child_gad |= child.plan.objectives[k].tpl->instrument == gad;
    }
    for (size_t k = 0; k < adult.plan.n_objectives; k++) {
        adult_psc |= adult.plan.objectives[k].tpl->instrument == psc;
        adult_gad |= adult.plan.objectives[k].tpl->instrument == gad;
    }
    assert_true(child_psc && !child_gad);
    assert_true(adult_gad && !adult_psc);
    for (size_t s = 0; s < child.plan.n_sessions; s++) {
        int i = child.plan.sessions[s].main.intervention;
        if (i >= 0)
            assert_true(kb.interventions[i].age_min <= 7 && kb.interventions[i].age_max >= 7);
        i = adult.plan.sessions[s].main.intervention;
        if (i >= 0)
            assert_true(kb.interventions[i].age_min <= 45 && kb.interventions[i].age_max >= 45);
    }
    /* a children's directive is excluded for the adult, and the reason names the age */
    int wm = easel_kb_intervention(&kb, "worry-monster");
    assert_int_equal(adult.plan.interventions[wm].verdict, EASEL_VERDICT_EXCLUDED);
    struct easel_buf why;
    easel_buf_init(&why, 1 << 16);
    assert_int_equal(easel_plan_reason(&adult.plan, wm, &why), 0);
    assert_non_null(strstr(why.data, "the client is 45"));
    easel_buf_release(&why);
    drop(&child);
    drop(&adult);
}

static void too_constrained_reports_gaps_instead_of_padding(void **state)
{
    (void)state;
    struct built b;
    build(&b, P("\"age\":80,\"setting\":\"hospital\",\"problems\":[\"grief\"],"
                "\"verbal\":\"nonverbal\",\"cognition\":\"severe\",\"motor\":\"severe\","
                "\"medical\":{\"bed_bound\":true},\"session\":{\"minutes\":20,\"count\":4}"));
    assert_true(b.plan.n_gaps >= 1);
    size_t filled = 0;
    for (size_t s = 0; s < b.plan.n_sessions; s++) {
        if (b.plan.sessions[s].main.intervention >= 0)
            filled++;
        else
            assert_non_null(b.plan.sessions[s].unfilled);
    }
    assert_true(filled < b.plan.n_sessions);
    /* the gap names the objective's need and why candidates fail */
    assert_non_null(strstr(b.plan.gaps[0].reason, "verbal demand"));
    struct easel_buf text;
    tu_render(&b.plan, EASEL_PLAN_TEXT, &text);
    assert_non_null(strstr(text.data, "has no session: none of the"));
    assert_non_null(strstr(text.data, "Not filled"));
    easel_buf_release(&text);
    drop(&b);
}

static void setting_rules_hold_in_prison(void **state)
{
    (void)state;
    struct built b;
    build(&b, P("\"age\":34,\"setting\":\"prison\",\"problems\":[\"anger-aggression\"],"
                "\"session\":{\"mode\":\"group\",\"group_size\":8}"));
    uint32_t banned = kb.settings[easel_kb_setting(&kb, "prison")].excluded_hazards;
    assert_true(banned != 0);
    for (size_t m = 0; m < kb.n_media; m++)
        if (kb.media[m].hazards & banned)
            assert_false(tu_uses_medium(&b.plan, kb.media[m].id));
    const struct easel_plan_verdict *v = &b.plan.media[easel_kb_medium(&kb, "craft-knife")];
    assert_int_equal(v->verdict, EASEL_VERDICT_EXCLUDED);
    assert_non_null(strstr(v->reason, "setting"));
    assert_true(b.plan.notes.n >= 1);
    drop(&b);
}

static void supplies_scale_with_group_size(void **state)
{
    (void)state;
    struct built four, eight;
    build(&four, P("\"age\":34,\"setting\":\"wellness-center\",\"problems\":[\"anxiety\"],"
                   "\"session\":{\"mode\":\"group\",\"group_size\":4}"));
    build(&eight, P("\"age\":34,\"setting\":\"wellness-center\",\"problems\":[\"anxiety\"],"
                    "\"session\":{\"mode\":\"group\",\"group_size\":8}"));
    assert_int_equal(four.plan.n_supplies, eight.plan.n_supplies);
    for (size_t i = 0; i < four.plan.n_supplies; i++) {
        assert_int_equal(four.plan.supplies[i].medium, eight.plan.supplies[i].medium);
        assert_int_equal(2 * four.plan.supplies[i].qty_milli, eight.plan.supplies[i].qty_milli);
        assert_true(eight.plan.supplies[i].units >= four.plan.supplies[i].units);
    }
    assert_true(eight.plan.total_cost_cents > four.plan.total_cost_cents);
    drop(&four);
    drop(&eight);
}

/* A drop-in group of 8 where 4 come to a session: what is used up is bought for the 4, the
   reusable tools for all 8 (any of them may come), and the plan says so. */
#define P2(extra)                                                                                  \
    "{\"format\":\"easel-profile/2\",\"client\":\"t-plan\",\"start_date\":\"2026-12-01\"," extra "}"

static void supplies_follow_expected_attendance(void **state)
{
    (void)state;
    struct built all, half;
    build(&all, P2("\"age\":34,\"setting\":\"wellness-center\",\"problems\":[\"low-self-esteem\"],"
                   "\"preferred_media\":[\"tempera-paint\"],"
                   "\"session\":{\"mode\":\"group\",\"group_size\":8,\"attendance\":\"drop-in\"}"));
    build(&half, P2("\"age\":34,\"setting\":\"wellness-center\",\"problems\":[\"low-self-esteem\"],"
                    "\"preferred_media\":[\"tempera-paint\"],"
                    "\"session\":{\"mode\":\"group\",\"group_size\":8,\"attendance\":\"drop-in\","
                    "\"expected_attendance\":4}"));
    assert_int_equal(all.plan.n_supplies, half.plan.n_supplies);
    int consumables = 0, tools = 0;
    for (size_t i = 0; i < all.plan.n_supplies; i++) {
        assert_int_equal(all.plan.supplies[i].medium, half.plan.supplies[i].medium);
        if (kb.media[all.plan.supplies[i].medium].reusable) {
            tools++;
            assert_int_equal(all.plan.supplies[i].qty_milli, half.plan.supplies[i].qty_milli);
        } else {
            consumables++;
            assert_int_equal(all.plan.supplies[i].qty_milli, 2 * half.plan.supplies[i].qty_milli);
        }
    }
    assert_true(consumables > 0);
    assert_true(tools > 0);
    assert_true(half.plan.total_cost_cents < all.plan.total_cost_cents);
    struct easel_buf text;
    tu_render(&half.plan, EASEL_PLAN_TEXT, &text);
    assert_non_null(strstr(text.data, "8 participants, 4 expected at a session"));
    easel_buf_release(&text);
    drop(&all);
    drop(&half);
}

/* A two-sided mask needs 45 minutes; a 50-minute outpatient session leaves less for the making.
   Where the client is seen again, it goes on over two sessions: the outside first, a pause
   (the work stored, questions about the work so far), the inside the next week, with the
   questions about both sides; one mask is bought. In a shelter it is left out, and says why. */
static void a_long_directive_spans_two_sessions(void **state)
{
    (void)state;
    struct built b;
    build(&b, P2("\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"low-self-esteem\"],"
                 "\"preferred_media\":[\"blank-masks\",\"acrylic-paint\"],"
                 "\"session\":{\"minutes\":50,\"count\":10}"));
    int mask = easel_kb_intervention(&kb, "mask-inside-outside");
    size_t first = b.plan.n_sessions;
    for (size_t s = 0; s < b.plan.n_sessions; s++)
        if (b.plan.sessions[s].main.intervention == mask && first == b.plan.n_sessions)
            first = s;
    assert_true(first + 1 < b.plan.n_sessions - 1); /* both halves before the ending */
    const struct easel_plan_session *one = &b.plan.sessions[first], *two = one + 1;
    assert_int_equal(one->main.part, 1);
    assert_int_equal(two->main.intervention, mask);
    assert_int_equal(two->main.part, 2);
    assert_int_equal(two->objective, one->objective);
    assert_true(one->main.minutes < kb.interventions[mask].min_minutes);
    assert_true(one->main.minutes + two->main.minutes >= kb.interventions[mask].min_minutes);
    /* the steps are split where the paint dries: the outside, then the inside */
    struct easel_buf t;
    easel_buf_init(&t, 1 << 20);
    size_t n1 = easel_plan_item_count(&b.plan, &one->main, EASEL_TEXT_STEPS);
    size_t n2 = easel_plan_item_count(&b.plan, &two->main, EASEL_TEXT_STEPS);
    assert_int_equal(n1 + n2, kb.interventions[mask].steps.n);
    assert_int_equal(easel_plan_item_text(&b.plan, &one->main, EASEL_TEXT_STEPS, n1 - 1, &t), 0);
    assert_non_null(strstr(t.data, "dry"));
    t.len = 0;
    assert_int_equal(easel_plan_item_text(&b.plan, &two->main, EASEL_TEXT_STEPS, 0, &t), 0);
    assert_non_null(strstr(t.data, "inside"));
    /* after the first half nobody is asked about an inside that is not made yet */
    for (size_t k = 0; k < easel_plan_item_count(&b.plan, &one->main, EASEL_TEXT_QUESTIONS); k++) {
        t.len = 0;
        assert_int_equal(easel_plan_item_text(&b.plan, &one->main, EASEL_TEXT_QUESTIONS, k, &t), 0);
        assert_null(strstr(t.data, "inside"));
    }
    easel_buf_release(&t);
    for (size_t i = 0; i < b.plan.n_supplies; i++)
        if (b.plan.supplies[i].medium == easel_kb_medium(&kb, "blank-masks"))
            assert_int_equal(b.plan.supplies[i].qty_milli, 83); /* one mask (of a pack of 12) */
    struct easel_buf text;
    tu_render(&b.plan, EASEL_PLAN_TEXT, &text);
    assert_non_null(strstr(text.data, "first of two sessions"));
    assert_non_null(strstr(text.data, "Pause here"));
    easel_buf_release(&text);
    drop(&b);
    /* a shelter may not see the client again: left out, and the reason says so */
    build(&b, P2("\"age\":30,\"setting\":\"shelter\",\"problems\":[\"low-self-esteem\"],"
                 "\"preferred_media\":[\"blank-masks\",\"acrylic-paint\"],"
                 "\"session\":{\"minutes\":50,\"count\":10}"));
    assert_int_equal(b.plan.interventions[mask].verdict, EASEL_VERDICT_EXCLUDED);
    struct easel_buf why;
    easel_buf_init(&why, 1 << 16);
    assert_int_equal(easel_plan_reason(&b.plan, mask, &why), 0);
    assert_non_null(strstr(
        why.data, "could go on over two sessions, but this setting may not see the client again"));
    easel_buf_release(&why);
    drop(&b);
}

static void schedule_and_budget(void **state)
{
    (void)state;
    struct built b;
    build(&b, P("\"age\":50,\"setting\":\"outpatient\",\"problems\":[\"depression\"],"
                "\"session\":{\"per_week\":2,\"count\":5,\"minutes\":60},\"budget_cents\":1,"
                "\"available_materials\":[\"drawing-paper\"]"));
    assert_int_equal(b.plan.n_sessions, 5);
    assert_string_equal(b.plan.sessions[0].date, "2026-12-01");
    assert_string_equal(b.plan.sessions[1].date, "2026-12-04");
    assert_string_equal(b.plan.sessions[2].date, "2026-12-08");
    assert_string_equal(b.plan.objectives[0].target_date, "2026-12-15");
    for (size_t s = 0; s < b.plan.n_sessions; s++) {
        const struct easel_plan_session *ss = &b.plan.sessions[s];
        if (ss->main.intervention < 0)
            continue;
        assert_int_equal(ss->safety_review + ss->ground_rules + ss->warmup.minutes +
                             ss->main.minutes + ss->processing_minutes + ss->studio_minutes +
                             ss->closure.minutes,
                         60);
        assert_true(ss->main.minutes >= kb.interventions[ss->main.intervention].min_minutes);
    }
    for (size_t i = 0; i < b.plan.n_supplies; i++)
        if (b.plan.supplies[i].medium == easel_kb_medium(&kb, "drawing-paper"))
            assert_int_equal(b.plan.supplies[i].cost_cents, 0);
    assert_non_null(b.plan.budget_note);
    assert_non_null(strstr(b.plan.budget_note, "over budget"));
    drop(&b);
}

static void same_input_same_bytes(void **state)
{
    (void)state;
    const char *json = P("\"age\":19,\"setting\":\"inpatient-psychiatry\","
                         "\"problems\":[\"depression\",\"self-harm\"],"
                         "\"risks\":{\"self_harm\":\"current\",\"suicide\":\"ideation\"}");
    struct easel_buf out[2][3];
    for (int run = 0; run < 2; run++) {
        struct built b;
        build(&b, json);
        tu_render(&b.plan, EASEL_PLAN_TEXT, &out[run][0]);
        tu_render(&b.plan, EASEL_PLAN_MARKDOWN, &out[run][1]);
        tu_render(&b.plan, EASEL_PLAN_JSON, &out[run][2]);
        drop(&b);
    }
    for (int f = 0; f < 3; f++) {
        assert_int_equal(out[0][f].len, out[1][f].len);
        assert_memory_equal(out[0][f].data, out[1][f].data, out[0][f].len);
        easel_buf_release(&out[0][f]);
        easel_buf_release(&out[1][f]);
    }
}

static void every_intervention_has_a_verdict_and_reason(void **state)
{
    (void)state;
    struct built b;
    build(&b, P("\"age\":9,\"setting\":\"hospital\",\"problems\":[\"medical-adjustment\"],"
                "\"medical\":{\"immunocompromised\":true},"
                "\"preferred_media\":[\"earthenware-clay\"]"));
    for (size_t i = 0; i < kb.n_interventions; i++) {
        struct easel_buf why;
        easel_buf_init(&why, 1 << 16);
        assert_int_equal(easel_plan_reason(&b.plan, (int)i, &why), 0);
        assert_true(why.len > 10);
        easel_buf_release(&why);
    }
    for (size_t m = 0; m < kb.n_media; m++)
        assert_non_null(b.plan.media[m].reason);
    const struct easel_plan_verdict *v = &b.plan.media[easel_kb_medium(&kb, "earthenware-clay")];
    assert_int_equal(v->verdict, EASEL_VERDICT_EXCLUDED);
    assert_non_null(strstr(v->reason, "immunocompromised"));
    assert_false(tu_uses_medium(&b.plan, "earthenware-clay"));
    struct easel_buf out;
    easel_buf_init(&out, 1 << 20);
    struct easel_error err = {0};
    assert_int_equal(easel_plan_explain(&b.plan, "earthenware-clay", &out, &err), 0);
    assert_non_null(strstr(out.data, "EXCLUDED"));
    assert_non_null(strstr(out.data, "immunocompromised"));
    easel_buf_release(&out);
    easel_buf_init(&out, 1 << 20);
    assert_int_equal(easel_plan_explain(&b.plan, "no-such-item", &out, &err), EASEL_ENOTFOUND);
    easel_buf_release(&out);
    drop(&b);
}

static void sessions_option_overrides(void **state)
{
    (void)state;
    struct easel_profile p;
    struct easel_plan plan;
    struct easel_error err = {0};
    tu_profile_ok(&p, &kb, P("\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"]"));
    struct easel_plan_options opt = {.sessions = 3};
    assert_int_equal(easel_plan_build(&plan, &kb, &p, &opt, &err), 0);
    assert_int_equal(plan.n_sessions, 3);
    easel_plan_release(&plan);
    opt.sessions = 500;
    assert_int_equal(easel_plan_build(&plan, &kb, &p, &opt, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "sessions");
    easel_plan_release(&plan);
    easel_profile_release(&p);
}

/* ---- one factor at a time (the individualisation tests) ---- */

static const char *rendered(const struct easel_plan *pl, struct easel_buf *out)
{
    easel_buf_init(out, 1 << 22);
    assert_int_equal(easel_plan_render(pl, EASEL_PLAN_TEXT, out), 0);
    return easel_buf_str(out);
}

/* Only the verbal ability differs: the questions change form, and the plan says which. */
static void verbal_ability_changes_questions(void **state)
{
    (void)state;
    struct built a, b;
    build(&a, P("\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"]"));
    build(&b, P("\"age\":30,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"],"
                "\"verbal\":\"nonverbal\""));
    assert_int_equal(easel_plan_question_level(&a.plan), EASEL_Q_OPEN);
    assert_int_equal(easel_plan_question_level(&b.plan), EASEL_Q_NONVERBAL);
    struct easel_buf ta, tb;
    assert_non_null(strstr(rendered(&a.plan, &ta), "open questions to ask"));
    const char *t = rendered(&b.plan, &tb);
    assert_non_null(strstr(t, "Questions are written at the non-verbal level for this client"));
    assert_null(strstr(t, "open questions to ask"));
    /* the non-verbal questions ask for a point, a card, a thumb or a drawing */
    bool gestural = strstr(t, "Point") || strstr(t, "point") || strstr(t, "thumb") ||
                    strstr(t, "card") || strstr(t, "Show me");
    assert_true(gestural);
    easel_buf_release(&ta);
    easel_buf_release(&tb);
    drop(&a);
    drop(&b);
}

/* Only cognition differs, for an older adult with low mood: moderate dementia brings the same
   order every session with a picture schedule, and no self-report measure (GDS-15 completion
   collapses in moderate to severe dementia, plan-quality.md §5). */
static void cognition_changes_routine_and_measures(void **state)
{
    (void)state;
    struct built a, b;
    build(&a, P("\"age\":80,\"setting\":\"nursing-home\",\"problems\":[\"depression\"]"));
    build(&b, P("\"age\":80,\"setting\":\"nursing-home\",\"problems\":[\"depression\"],"
                "\"cognition\":\"moderate\""));
    assert_null(a.plan.routine);
    assert_non_null(b.plan.routine);
    bool self_a = false, self_b = false;
    for (size_t k = 0; k < a.plan.n_objectives; k++)
        self_a |= a.plan.objectives[k].tpl->measure == EASEL_MEASURE_INSTRUMENT;
    for (size_t k = 0; k < b.plan.n_objectives; k++)
        if (b.plan.objectives[k].tpl->measure == EASEL_MEASURE_INSTRUMENT)
            self_b |=
                strcmp(kb.instruments[b.plan.objectives[k].tpl->instrument].informant, "self") == 0;
    assert_true(self_a);
    assert_false(self_b);
    drop(&a);
    drop(&b);
}

/* Only a texture aversion differs (format 2): wet media go, with the reason. */
static void texture_aversion_removes_wet_media(void **state)
{
    (void)state;
    struct built a, b;
    build(&a, "{\"format\":\"easel-profile/2\",\"client\":\"t-plan\",\"start_date\":"
              "\"2026-12-01\",\"age\":8,\"setting\":\"school\",\"problems\":[\"anxiety\"],"
              "\"preferred_media\":[\"tempera-paint\"],\"session\":{\"count\":10}}");
    build(&b, "{\"format\":\"easel-profile/2\",\"client\":\"t-plan\",\"start_date\":"
              "\"2026-12-01\",\"age\":8,\"setting\":\"school\",\"problems\":[\"anxiety\"],"
              "\"preferred_media\":[\"tempera-paint\"],\"session\":{\"count\":10},"
              "\"avoid_textures\":[\"wet\"]}");
    int water = easel_vocab_find(EASEL_VOCAB_HAZARD, "water");
    bool wet_a = false;
    for (size_t m = 0; m < kb.n_media; m++)
        if (kb.media[m].hazards & EASEL_BIT(water)) {
            wet_a |= tu_uses_medium(&a.plan, kb.media[m].id);
            assert_false(tu_uses_medium(&b.plan, kb.media[m].id));
        }
    assert_true(wet_a);
    const struct easel_plan_verdict *v = &b.plan.media[easel_kb_medium(&kb, "tempera-paint")];
    assert_int_equal(v->verdict, EASEL_VERDICT_EXCLUDED);
    assert_non_null(strstr(v->reason, "avoids such textures"));
    drop(&a);
    drop(&b);
}

/* Only the age differs: the same problem at 9, 15 and 70 gives visibly different programs (D3). */
static void age_band_changes_directives(void **state)
{
    (void)state;
    struct built p[3];
    build(&p[0], P("\"age\":9,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"]"));
    build(&p[1], P("\"age\":15,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"]"));
    build(&p[2], P("\"age\":70,\"setting\":\"outpatient\",\"problems\":[\"anxiety\"]"));
    for (int x = 0; x < 3; x++)
        for (int y = x + 1; y < 3; y++) {
            size_t same = 0, n = p[x].plan.n_sessions;
            for (size_t s = 0; s < n; s++)
                same += tu_uses_main(
                    &p[y].plan, p[x].plan.sessions[s].main.intervention >= 0
                                    ? kb.interventions[p[x].plan.sessions[s].main.intervention].id
                                    : "");
            /* a child's program and an older adult's differ in a third of their sessions at
               least, any two in a quarter (mandala colouring and a few others fit every age) */
            if (x == 0 && y == 2)
                assert_true(3 * same <= 2 * n);
            assert_true(4 * same <= 3 * n);
        }
    for (int x = 0; x < 3; x++)
        drop(&p[x]);
}

/* Only the format differs: a group agrees ground rules first, and its steps speak of the members,
   never of "the client". */
static void group_changes_wording_and_opening(void **state)
{
    (void)state;
    struct built a, b;
    build(&a, P("\"age\":40,\"setting\":\"wellness-center\",\"problems\":[\"anxiety\"]"));
    build(&b, P("\"age\":40,\"setting\":\"wellness-center\",\"problems\":[\"anxiety\"],"
                "\"session\":{\"mode\":\"group\",\"group_size\":6}"));
    assert_int_equal(a.plan.sessions[0].ground_rules, 0);
    assert_int_equal(b.plan.sessions[0].ground_rules, 5);
    for (size_t s = 0; s < b.plan.n_sessions; s++) {
        const struct easel_plan_item *it = &b.plan.sessions[s].main;
        size_t n = easel_plan_item_count(&b.plan, it, EASEL_TEXT_STEPS);
        for (size_t k = 0; k < n; k++) {
            struct easel_buf t;
            easel_buf_init(&t, 8192);
            if (easel_plan_item_text(&b.plan, it, EASEL_TEXT_STEPS, k, &t) == 0)
                assert_null(strstr(easel_buf_str(&t), "the client"));
            easel_buf_release(&t);
        }
    }
    drop(&a);
    drop(&b);
}

/* Format 2: the client's words tied to the goals they inform, printed under those goals only. */
static void client_words_inform_their_goal(void **state)
{
    (void)state;
    struct built b;
    build(&b, "{\"format\":\"easel-profile/2\",\"client\":\"t-plan\",\"start_date\":"
              "\"2026-12-01\",\"age\":30,\"setting\":\"outpatient\","
              "\"problems\":[\"anxiety\",\"depression\"],\"client_goals\":[\"I want to sleep.\","
              "{\"text\":\"Stop panicking on the bus.\",\"problems\":[\"anxiety\"]}]}");
    struct easel_buf t;
    const char *text = rendered(&b.plan, &t);
    const char *anxiety = strstr(text, "1. Anxiety"), *depression = strstr(text, "2. Depression");
    const char *words = strstr(text, "In the client's words: \"Stop panicking on the bus.\"");
    assert_non_null(anxiety);
    assert_non_null(depression);
    assert_non_null(words);
    assert_true(words > anxiety && words < depression); /* under anxiety, not under depression */
    assert_null(strstr(text, "In the client's words: \"I want to sleep.\""));
    easel_buf_release(&t);
    drop(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phq9_item9_puts_safety_first),
        cmocka_unit_test(trauma_stabilises_before_processing),
        cmocka_unit_test(tactile_defensiveness_changes_media),
        cmocka_unit_test(preference_is_honoured),
        cmocka_unit_test(verbal_ability_changes_questions),
        cmocka_unit_test(cognition_changes_routine_and_measures),
        cmocka_unit_test(texture_aversion_removes_wet_media),
        cmocka_unit_test(age_band_changes_directives),
        cmocka_unit_test(group_changes_wording_and_opening),
        cmocka_unit_test(client_words_inform_their_goal),
        cmocka_unit_test(age_7_and_45_get_different_plans),
        cmocka_unit_test(too_constrained_reports_gaps_instead_of_padding),
        cmocka_unit_test(setting_rules_hold_in_prison),
        cmocka_unit_test(supplies_scale_with_group_size),
        cmocka_unit_test(supplies_follow_expected_attendance),
        cmocka_unit_test(a_long_directive_spans_two_sessions),
        cmocka_unit_test(schedule_and_budget),
        cmocka_unit_test(same_input_same_bytes),
        cmocka_unit_test(every_intervention_has_a_verdict_and_reason),
        cmocka_unit_test(sessions_option_overrides),
    };
    return tu_run_with_kb(&kb, tests);
}
