/*
 * tests/test_plan_property.c — property test of the engine's hard guarantees over 10,000
 * random valid profiles across every setting and constraint class (fixed seed, so a failure
 * reproduces). The checks re-derive the constraints here, independently of the engine:
 *   - no session item (warm-up, main, closure) is contraindicated, outside its age range or
 *     format, above the client's abilities, above a rule's intensity cap, or excluded by the
 *     setting; no medium used carries a hazard the setting or an applicable rule forbids, an
 *     allergen the client has, or is excluded by id;
 *   - an active risk puts a safety-planning objective first and session 1 works on it;
 *   - a trauma or dysregulation profile gets no processing-phase item in or before its
 *     stabilisation sessions;
 *   - filled sessions fit the session length exactly; the plan renders in every format;
 *   - no word the therapist reads in a session (names, summaries, steps, questions of the
 *     warm-up, main and closure, and their materials) names an excluded medium (its name, noun
 *     or words) or a word of an excluded hazard (kb/hazards), matched here by a plain search;
 *   - no item's media are more fluid than a rule's cap, nor than the phase allows (phased
 *     plans: 2 in stabilisation, 3 in skills; limited or poor regulation: 3 and 4);
 *   - an active risk puts a collaborative safety plan in session 1 (individual) or an
 *     individual safety session before a group, and the plan is reviewed again later.
 */
#include "testutil.h"

#include "easel/lexicon.h"

#include <ctype.h>
#include <strings.h>

#define N_PROFILES 10000

#include "random_profile.h"

/* Independent re-derivation of the client flags the rules key on (docs/profile.md). */
static uint32_t flags_of(const struct easel_profile *p)
{
    uint32_t f = 0;
#define IF(c, flag)                                                                                \
    if (c)                                                                                         \
    f |= (uint32_t)EASEL_BIT(EASEL_FLAG_##flag)
    bool item9 = p->n_measures && p->measures[0].items[8] > 0;
    IF(p->risks[EASEL_RISKK_SUICIDE] >= EASEL_RISK_IDEATION || item9, SUICIDE_RISK);
    IF(p->risks[EASEL_RISKK_SELF_HARM], SELF_HARM);
    IF(p->risks[EASEL_RISKK_AGGRESSION], AGGRESSION);
    IF(p->risks[EASEL_RISKK_SUBSTANCE], SUBSTANCE_USE);
    IF(p->risks[EASEL_RISKK_INHALANT], INHALANT_USE);
    IF(p->risks[EASEL_RISKK_MOUTHING], MOUTHING);
    IF(p->risks[EASEL_RISKK_ELOPEMENT], ELOPEMENT);
    IF(p->immunocompromised, IMMUNOCOMPROMISED);
    IF(p->fatigue, FATIGUE);
    IF(p->bed_bound, BED_BOUND);
    IF(p->respiratory, RESPIRATORY);
    IF(p->acute_psychosis, ACUTE_PSYCHOSIS);
    IF(p->mania, MANIA);
    IF(p->dissociation, DISSOCIATION);
    IF(p->regulation == EASEL_REG_POOR, DYSREGULATION);
    IF(p->trauma, TRAUMA);
    IF(p->trauma == EASEL_TRAUMA_COMPLEX, COMPLEX_TRAUMA);
    IF(p->sensory[0], TACTILE_DEFENSIVE);
    IF(p->sensory[1], OLFACTORY_SENSITIVE);
    IF(p->sensory[2], NOISE_SENSITIVE);
    IF(p->sensory[3], VISUAL_IMPAIRMENT);
    IF(p->sensory[4], HEARING_IMPAIRMENT);
    IF(p->age <= 12, CHILD);
    IF(p->age >= 65, OLDER_ADULT);
    IF(p->cognition >= EASEL_L_MODERATE, COGNITIVE_IMPAIRMENT);
    IF(p->verbal >= EASEL_VERBAL_MINIMAL, NONVERBAL);
    IF(p->group, GROUP);
    IF(p->hand_unavailable, ONE_HANDED);
    IF(p->self_harm_recency_days >= 0 && p->self_harm_recency_days <= 90, SELF_HARM);
#undef IF
    return f;
}

static bool in_list(const struct easel_idlist *l, int i)
{
    for (size_t k = 0; k < l->n; k++)
        if (l->index[k] == i)
            return true;
    return false;
}

static bool medium_excluded(const struct easel_profile *p, uint32_t flags, int m)
{
    const struct easel_medium *md = &kb.media[m];
    const struct easel_setting *st = &kb.settings[p->setting];
    int motor = 5 - p->motor - p->grip;
    if ((md->hazards & (st->excluded_hazards | p->texture_hazards | p->self_harm_hazards)) ||
        (md->allergens & p->allergies) || in_list(&st->excluded_media, m) ||
        md->motor_demand > (motor < 1 ? 1 : motor))
        return true;
    for (size_t r = 0; r < kb.n_rules; r++)
        if ((flags & EASEL_BIT(kb.rules[r].when_flag)) &&
            ((md->hazards & kb.rules[r].exclude_hazards) || in_list(&kb.rules[r].exclude_media, m)))
            return true;
    return false;
}

static uint32_t hazards_excluded(const struct easel_profile *p, uint32_t flags)
{
    uint32_t h =
        kb.settings[p->setting].excluded_hazards | p->texture_hazards | p->self_harm_hazards;
    for (size_t r = 0; r < kb.n_rules; r++)
        if (flags & EASEL_BIT(kb.rules[r].when_flag))
            h |= kb.rules[r].exclude_hazards;
    return h;
}

/* Whole-word, case-insensitive phrase search. */
/* Whole-word search of a lower-case phrase in a lower-cased text (strstr, then the edges). */
static const char *find_phrase(const char *text, const char *phrase)
{
    char low[128];
    size_t n = strlen(phrase);
    if (n == 0 || n >= sizeof(low))
        return NULL;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)phrase[i]);
    for (const char *q = strstr(text, low); q; q = strstr(q + 1, low))
        if ((q == text || !isalnum((unsigned char)q[-1])) && !isalnum((unsigned char)q[n]))
            return q;
    return NULL;
}

/* The words no session text may hold for this client. */
static size_t forbidden_words(const struct easel_profile *p, uint32_t flags, const char **out,
                              size_t max, char names[][64])
{
    size_t n = 0;
    uint32_t hz = hazards_excluded(p, flags);
    for (size_t h = 0; h < kb.n_hazards; h++) {
        int bit = easel_vocab_find(EASEL_VOCAB_HAZARD, kb.hazards[h].id);
        if (bit >= 0 && (hz & EASEL_BIT(bit)))
            for (size_t w = 0; w < kb.hazards[h].words.n && n < max; w++)
                out[n++] = kb.hazards[h].words.items[w];
    }
    size_t k = 0;
    for (size_t m = 0; m < kb.n_media; m++) {
        if (!medium_excluded(p, flags, (int)m))
            continue;
        const struct easel_medium *md = &kb.media[m];
        if (n < max && k < 64) { /* the name, and the noun it defaults to */
            snprintf(names[k], 64, "%s", md->name);
            out[n++] = names[k++];
        }
        if (md->noun && n < max)
            out[n++] = md->noun;
        for (size_t w = 0; w < md->words.n && n < max; w++)
            out[n++] = md->words.items[w];
    }
    return n;
}

static void check_texts(const struct easel_plan *pl, const struct easel_profile *p, uint32_t flags)
{
    static const char *words[4096];
    static char names[64][64];
    size_t nw = forbidden_words(p, flags, words, 4096, names);
    struct easel_buf all;
    easel_buf_init(&all, (size_t)16 << 20);
    for (size_t s = 0; s < pl->n_sessions; s++) {
        const struct easel_plan_item *its[] = {&pl->sessions[s].warmup, &pl->sessions[s].main,
                                               &pl->sessions[s].closure};
        for (int k = 0; k < 3; k++) {
            const struct easel_plan_item *it = its[k];
            if (it->intervention < 0)
                continue;
            easel_buf_printf(&all, "%s\n", kb.interventions[it->intervention].name);
            for (int part = 0; part < 3; part++) {
                size_t n = easel_plan_item_count(pl, it, (enum easel_text_part)part);
                for (size_t t = 0; t < n; t++)
                    if (easel_plan_item_text(pl, it, (enum easel_text_part)part, t, &all) == 0)
                        easel_buf_puts(&all, "\n");
            }
            for (size_t u = 0; u < it->n_media; u++)
                easel_buf_printf(&all, "%s\n", kb.media[it->media[u]].name);
        }
    }
    /* the names of the media actually used are what the therapist should read: blank them out,
       so that an excluded "crayons" is not found inside an allowed "jumbo crayons" */
    char *text = all.data ? all.data : (char *)"";
    for (char *q = text; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    for (size_t sx = 0; sx < pl->n_sessions; sx++) {
        const struct easel_plan_item *its[] = {&pl->sessions[sx].warmup, &pl->sessions[sx].main,
                                               &pl->sessions[sx].closure};
        for (int k = 0; k < 3; k++)
            for (size_t u = 0; u < its[k]->n_media; u++) {
                const struct easel_medium *md = &kb.media[its[k]->media[u]];
                const char *used[] = {md->name, md->noun};
                for (int q = 0; q < 2; q++)
                    for (char *h; used[q] && (h = (char *)find_phrase(text, used[q]));)
                        memset(h, '#', strlen(used[q]));
            }
    }
    for (size_t w = 0; w < nw; w++) {
        const char *hit = find_phrase(text, words[w]);
        if (hit)
            fprintf(stderr, "forbidden \"%s\" in: %.120s\n", words[w], hit);
        assert_null(hit);
    }
    easel_buf_release(&all);
}

/* The fluidity caps, re-derived: every rule's cap for the client's flags, and the phase's. */
static void check_fluidity(const struct easel_plan *pl, const struct easel_profile *p,
                           uint32_t flags, bool phased)
{
    int rule_cap = 5;
    for (size_t r = 0; r < kb.n_rules; r++)
        if ((flags & EASEL_BIT(kb.rules[r].when_flag)) && kb.rules[r].max_fluidity < rule_cap)
            rule_cap = kb.rules[r].max_fluidity;
    /* the phase limits hold for the phase the session was scheduled in; the stabilisation
       sessions come first, so the cap can be read from the session's label */
    static const int phased_cap[] = {2, 3, 5, 5}, limited_cap[] = {3, 4, 5, 5};
    for (size_t s = 0; s < pl->n_sessions; s++) {
        const struct easel_plan_session *ss = &pl->sessions[s];
        int cap = rule_cap;
        int phase_cap = phased                                ? phased_cap[ss->phase]
                        : p->regulation != EASEL_REG_ADEQUATE ? limited_cap[ss->phase]
                                                              : 5;
        if (phase_cap < cap)
            cap = phase_cap;
        const struct easel_plan_item *its[] = {&ss->warmup, &ss->main, &ss->closure};
        for (int k = 0; k < 3; k++)
            for (size_t u = 0; u < its[k]->n_media; u++) {
                if (kb.media[its[k]->media[u]].fluidity > cap)
                    fprintf(stderr,
                            "slot %d item %s session %d (%s phase): %s fluidity %d over cap %d\n",
                            k, kb.interventions[its[k]->intervention].id, ss->number,
                            easel_vocab_name(EASEL_VOCAB_PHASE, ss->phase),
                            kb.media[its[k]->media[u]].id, kb.media[its[k]->media[u]].fluidity,
                            cap);
                assert_true(kb.media[its[k]->media[u]].fluidity <= cap);
            }
    }
}

static void check_medium(const struct easel_profile *p, uint32_t flags, int m)
{
    const struct easel_medium *md = &kb.media[m];
    const struct easel_setting *st = &kb.settings[p->setting];
    int motor = 5 - p->motor - p->grip;
    assert_true(md->motor_demand <= (motor < 1 ? 1 : motor));
    assert_int_equal(md->hazards & (p->texture_hazards | p->self_harm_hazards), 0);
    assert_int_equal(md->hazards & st->excluded_hazards, 0);
    assert_int_equal(md->allergens & p->allergies, 0);
    assert_false(in_list(&st->excluded_media, m));
    for (size_t r = 0; r < kb.n_rules; r++)
        if (flags & EASEL_BIT(kb.rules[r].when_flag)) {
            assert_int_equal(md->hazards & kb.rules[r].exclude_hazards, 0);
            assert_false(in_list(&kb.rules[r].exclude_media, m));
        }
}

static void check_item(const struct easel_profile *p, uint32_t flags,
                       const struct easel_plan_item *it)
{
    if (it->intervention < 0)
        return;
    static const int verbal_ability[] = {5, 3, 2, 1};
    const struct easel_intervention *in = &kb.interventions[it->intervention];
    const struct easel_setting *st = &kb.settings[p->setting];
    assert_int_equal(in->contraindications & flags, 0);
    assert_true(p->age >= in->age_min && p->age <= in->age_max);
    if (p->group_age_min)
        assert_true(p->group_age_min >= in->age_min && p->group_age_max <= in->age_max);
    if (in->stages)
        assert_true(p->substance_stage >= 0 && (in->stages & EASEL_BIT(p->substance_stage)));
    assert_true(in->formats & EASEL_BIT(p->group ? EASEL_FORMAT_GROUP : EASEL_FORMAT_INDIVIDUAL));
    assert_true(in->demand_cognitive <= 5 - p->cognition);
    assert_true(in->demand_motor <= (5 - p->motor - p->grip < 1 ? 1 : 5 - p->motor - p->grip));
    assert_true(in->demand_verbal <= verbal_ability[p->verbal]);
    assert_false(in_list(&st->excluded_interventions, it->intervention));
    for (size_t r = 0; r < kb.n_rules; r++)
        if (flags & EASEL_BIT(kb.rules[r].when_flag))
            assert_true(in->intensity <= kb.rules[r].max_intensity);
    for (size_t k = 0; k < it->n_media; k++)
        check_medium(p, flags, it->media[k]);
}

static bool phased_profile(const struct easel_profile *p, uint32_t flags)
{
    for (int i = 0; i < p->n_problems; i++)
        if (kb.problems[p->problems[i]].requires_stabilisation)
            return true;
    for (size_t r = 0; r < kb.n_rules; r++)
        if ((flags & EASEL_BIT(kb.rules[r].when_flag)) && kb.rules[r].requires_stabilisation)
            return true;
    return false;
}

static void random_profiles_never_break_hard_constraints(void **state)
{
    (void)state;
    int with_risk = 0, phased = 0, settings_seen[16] = {0}, gaps = 0, safety_filled = 0;
    int can_plan = 0; /* individuals with a risk who can make a collaborative plan */
    int spanned = 0;  /* directives placed over two sessions */
    for (int n = 0; n < N_PROFILES; n++) {
        struct easel_profile p;
        struct easel_plan plan;
        struct easel_error err = {0};
        random_profile(&p);
        uint32_t flags = flags_of(&p);
        assert_int_equal(flags, easel_profile_flags(&p, &kb));
        int rc = easel_plan_build(&plan, &kb, &p, NULL, &err);
        if (rc)
            fprintf(stderr, "profile %d: %s %s %s\n", n, err.where, err.field, err.msg);
        assert_int_equal(rc, 0);
        settings_seen[p.setting & 15] = 1;
        gaps += plan.n_gaps > 0;
        for (size_t s = 0; s < plan.n_sessions; s++) {
            const struct easel_plan_session *ss = &plan.sessions[s];
            check_item(&p, flags, &ss->warmup);
            check_item(&p, flags, &ss->main);
            check_item(&p, flags, &ss->closure);
            /* a directive over two sessions: its halves in consecutive sessions, never where
               the client may not come back */
            if (ss->main.part == 1) {
                spanned++;
                assert_true(s + 1 < plan.n_sessions);
                assert_int_equal(plan.sessions[s + 1].main.intervention, ss->main.intervention);
                assert_int_equal(plan.sessions[s + 1].main.part, 2);
                assert_false(p.drop_in);
                assert_true(kb.settings[p.setting].continuity);
            }
            if (ss->main.part == 2) {
                assert_true(s > 0);
                assert_int_equal(plan.sessions[s - 1].main.part, 1);
            }
            if (ss->main.intervention >= 0)
                assert_int_equal(ss->safety_review + ss->ground_rules + ss->warmup.minutes +
                                     ss->main.minutes + ss->processing_minutes +
                                     ss->studio_minutes + ss->closure.minutes,
                                 plan.session_minutes);
            else
                assert_non_null(ss->unfilled);
        }
        bool risk = flags & (EASEL_BIT(EASEL_FLAG_SUICIDE_RISK));
        risk |= p.risks[EASEL_RISKK_SELF_HARM] == EASEL_RISK_CURRENT;
        risk |= p.self_harm_recency_days >= 0 && p.self_harm_recency_days <= 90;
        risk |= p.risks[EASEL_RISKK_AGGRESSION] == EASEL_RISK_CURRENT;
        if (risk) {
            with_risk++;
            assert_true(plan.n_risks >= 1);
            assert_int_equal(plan.objectives[0].problem, easel_kb_problem(&kb, "safety-planning"));
            assert_true(plan.objectives[0].tpl->goal_tags & EASEL_BIT(0)); /* safety */
            if (!p.group) /* a group's session 1 opens the group; the safety plan is made alone */
                assert_int_equal(plan.sessions[0].objective, 0);
            int m0 = plan.sessions[0].main.intervention;
            if (p.group)
                assert_non_null(plan.safety_note);
            else if (m0 < 0)
                assert_non_null(strstr(plan.sessions[0].unfilled, "safety first"));
            else
                assert_true(kb.interventions[m0].safety_plan);
            bool reviewed = false;
            for (size_t s = 1; s < plan.n_sessions; s++)
                reviewed |= plan.sessions[s].safety_review > 0;
            if (!p.group && plan.n_sessions > 1)
                assert_true(reviewed);
            /* severe cognitive impairment: the plan is made with the care team instead */
            bool able = !p.group && p.cognition < EASEL_L_SEVERE;
            can_plan += able;
            safety_filled += able && m0 >= 0;
        } else {
            assert_int_equal(plan.n_risks, 0);
        }
        if (p.group && plan.n_sessions && plan.sessions[0].main.intervention >= 0)
            assert_int_equal(plan.sessions[0].ground_rules, 5); /* a group agrees its rules */
        check_texts(&plan, &p, flags);
        check_fluidity(&plan, &p, flags, phased_profile(&p, flags));
        for (size_t f = 0; f < plan.findings.n; f++)
            assert_string_not_equal(plan.findings.items[f].rule, "hazard-word");
        if (phased_profile(&p, flags)) {
            phased++;
            assert_true(plan.phased);
            assert_int_equal(plan.sessions[0].phase, EASEL_PHASE_STABILISATION);
            size_t last_stab = 0;
            for (size_t s = 0; s < plan.n_sessions; s++)
                if (plan.sessions[s].phase == EASEL_PHASE_STABILISATION)
                    last_stab = s;
            for (size_t s = 0; s <= last_stab; s++) {
                int i = plan.sessions[s].main.intervention;
                assert_true(plan.sessions[s].phase == EASEL_PHASE_STABILISATION);
                if (i >= 0)
                    assert_int_equal(kb.interventions[i].phases & EASEL_BIT(EASEL_PHASE_PROCESSING),
                                     0);
            }
        }
        struct easel_buf out;
        easel_buf_init(&out, (size_t)64 << 20);
        assert_int_equal(easel_plan_render(&plan, (enum easel_plan_format)(n % 3), &out), 0);
        easel_buf_release(&out);
        easel_plan_release(&plan);
        easel_profile_release(&p);
    }
    /* the generator really covered the classes the properties speak of */
    assert_true(with_risk > N_PROFILES / 10);
    assert_true(phased > N_PROFILES / 4);
    for (size_t s = 0; s < kb.n_settings; s++)
        assert_true(settings_seen[s]);
    assert_true(safety_filled > can_plan / 2); /* session 1 is mostly a real safety plan */
    assert_true(spanned > 0);                  /* the two-session property was exercised */
    printf("%d directives over two sessions\n", spanned);
    printf("%d profiles: %d with an active risk (%d with the safety plan in session 1), %d "
           "phased, %d with gaps\n",
           N_PROFILES, with_risk, safety_filled, phased, gaps);
}

int main(void)
{
    struct easel_error err = {0};
    if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_profiles_never_break_hard_constraints)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    easel_kb_release(&kb);
    return rc;
}
