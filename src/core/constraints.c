/*
 * core/constraints.c — step 1 of the engine: hard constraints. Removes every medium and
 * intervention this client must not get (client flags, rules, setting, allergies, age, format,
 * abilities, intensity and fluidity caps, time), substitutes allowed alternatives for excluded
 * media, and records the reason for every exclusion. Never relaxed by scoring.
 */
#include "engine.h"

#include <string.h>

static const char *join(struct easel_arena *a, const char *acc, const char *more)
{
    if (!acc)
        return more;
    return easel_arena_printf(a, "%s; %s", acc, more);
}

static const char *hazard_names(struct easel_arena *a, uint32_t mask)
{
    const char *s = NULL;
    for (int i = 0; i < easel_vocab_count(EASEL_VOCAB_HAZARD); i++)
        if (mask & EASEL_BIT(i))
            s = s ? easel_arena_printf(a, "%s, %s", s, easel_vocab_name(EASEL_VOCAB_HAZARD, i))
                  : easel_vocab_name(EASEL_VOCAB_HAZARD, i);
    return s ? s : "";
}

static bool in_idlist(const struct easel_idlist *l, int index)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->index[i] == index)
            return true;
    return false;
}

static int exclude_media(struct easel__ctx *c)
{
    struct easel_arena *a = &c->plan->arena;
    const struct easel_kb *kb = c->kb;
    for (size_t m = 0; m < kb->n_media; m++) {
        const struct easel_medium *md = &kb->media[m];
        const char *why = NULL;
        uint32_t allergy = md->allergens & c->profile->allergies;
        for (int i = 0; allergy && i < easel_vocab_count(EASEL_VOCAB_ALLERGEN); i++)
            if (allergy & EASEL_BIT(i)) {
                why = join(a, why,
                           easel_arena_printf(a, "contains %s, to which the client is allergic",
                                              easel_vocab_name(EASEL_VOCAB_ALLERGEN, i)));
                EASEL__CHECK(why);
            }
        if (in_idlist(&c->setting->excluded_media, (int)m)) {
            why = join(a, why,
                       easel_arena_printf(a, "not allowed in the %s setting", c->setting->name));
            EASEL__CHECK(why);
        }
        uint32_t hz = md->hazards & c->hazards_setting;
        if (hz) {
            why = join(a, why,
                       easel_arena_printf(a, "hazard %s is not allowed in the %s setting",
                                          hazard_names(a, hz), c->setting->name));
            EASEL__CHECK(why);
        }
        for (size_t r = 0; r < kb->n_rules; r++) {
            const struct easel_rule *rule = &kb->rules[r];
            if (!(c->flags & EASEL_BIT(rule->when_flag)))
                continue;
            uint32_t rh = md->hazards & rule->exclude_hazards;
            if (rh || in_idlist(&rule->exclude_media, (int)m)) {
                why = join(a, why,
                           easel_arena_printf(a, "%s%s%sclient flag %s: %s (rule %s)",
                                              rh ? "hazard " : "", rh ? hazard_names(a, rh) : "",
                                              rh ? "; " : "",
                                              easel_vocab_name(EASEL_VOCAB_FLAG, rule->when_flag),
                                              rule->explain, rule->id));
                EASEL__CHECK(why);
            }
        }
        c->medium_excluded[m] = why;
        c->plan->media[m].verdict = why ? EASEL_VERDICT_EXCLUDED : EASEL_VERDICT_NOT_RELEVANT;
        c->plan->media[m].reason = why;
    }
    return 0;
}

/* Resolve an intervention's media for this client; returns a reason when it cannot be done. */
static int resolve_media(struct easel__ctx *c, const struct easel_intervention *in,
                         struct easel__resolved *r, const char **why)
{
    struct easel_arena *a = &c->plan->arena;
    const struct easel_kb *kb = c->kb;
    *why = NULL;
    if (in->n_media) {
        r->media = easel_arena_alloc(a, in->n_media * sizeof(*r->media));
        r->qty_milli = easel_arena_alloc(a, in->n_media * sizeof(*r->qty_milli));
        r->subs = easel_arena_alloc(a, in->n_media * sizeof(*r->subs));
        EASEL__CHECK(r->media && r->qty_milli && r->subs);
    }
    for (size_t u = 0; u < in->n_media; u++) {
        int m = in->media[u].medium;
        int use = m;
        if (c->medium_excluded[m]) {
            use = -1;
            const struct easel_idlist *alt = &kb->media[m].alternatives;
            for (size_t k = 0; k < alt->n && use < 0; k++) {
                int cand = alt->index[k];
                bool dup = false;
                for (size_t j = 0; j < r->n; j++)
                    dup |= r->media[j] == cand;
                if (!c->medium_excluded[cand] && !dup)
                    use = cand;
            }
            if (use < 0) {
                *why = easel_arena_printf(a,
                                          "needs %s, which is excluded (%s), and none of its "
                                          "alternatives is allowed",
                                          kb->media[m].name, c->medium_excluded[m]);
                EASEL__CHECK(*why);
                return 0;
            }
            struct easel_plan_sub *s = &r->subs[r->n_subs++];
            s->from = m;
            s->to = use;
            s->reason = easel_arena_printf(a, "%s replaced by %s: %s", kb->media[m].name,
                                           kb->media[use].name, c->medium_excluded[m]);
            EASEL__CHECK(s->reason);
        }
        r->media[r->n] = use;
        r->qty_milli[r->n] = in->media[u].qty_milli;
        r->n++;
        const struct easel_medium *md = &kb->media[use];
        if (md->fluidity > r->fluidity)
            r->fluidity = md->fluidity;
        if (!md->reusable)
            r->cost_per_session +=
                (in->media[u].qty_milli * c->plan->participants * md->unit_cost_cents + 999) / 1000;
    }
    return 0;
}

static const char *level_word(int ability)
{
    static const char *const w[] = {"", "very low", "low", "moderate", "good", "full"};
    return ability >= 1 && ability <= 5 ? w[ability] : "";
}

static int exclude_interventions(struct easel__ctx *c)
{
    struct easel_arena *a = &c->plan->arena;
    const struct easel_kb *kb = c->kb;
    const struct easel_profile *p = c->profile;
    const int cog = easel_profile_ability_cognitive(p), mot = easel_profile_ability_motor(p),
              verb = easel_profile_ability_verbal(p);
    for (size_t i = 0; i < kb->n_interventions; i++) {
        const struct easel_intervention *in = &kb->interventions[i];
        const char *why = NULL;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        why = join(a, why, easel_arena_printf(a, __VA_ARGS__));                                    \
        EASEL__CHECK(why);                                                                         \
    } while (0)
        if (in_idlist(&c->setting->excluded_interventions, (int)i))
            ADD("not used in the %s setting", c->setting->name);
        uint32_t contra = in->contraindications & c->flags;
        for (int f = 0; contra && f < EASEL_FLAG_COUNT; f++)
            if (contra & EASEL_BIT(f))
                ADD("contraindicated for %s", easel_vocab_name(EASEL_VOCAB_FLAG, f));
        if (p->age < in->age_min || p->age > in->age_max)
            ADD("meant for ages %d-%d; the client is %d", in->age_min, in->age_max, p->age);
        if (p->group && !(in->formats & EASEL_BIT(EASEL_FORMAT_GROUP)))
            ADD("individual format only; this plan is for a group");
        if (!p->group && !(in->formats & EASEL_BIT(EASEL_FORMAT_INDIVIDUAL)))
            ADD("group format only; this plan is individual");
        if (in->demand_cognitive > cog)
            ADD("cognitive demand %d is above the client's %s ability (%d)", in->demand_cognitive,
                level_word(cog), cog);
        if (in->demand_motor > mot)
            ADD("fine-motor demand %d is above the client's %s ability (%d)", in->demand_motor,
                level_word(mot), mot);
        if (in->demand_verbal > verb)
            ADD("verbal demand %d is above the client's %s ability (%d)", in->demand_verbal,
                level_word(verb), verb);
        if (in->intensity > c->max_intensity)
            ADD("emotional intensity %d is above the cap of %d (rule %s)", in->intensity,
                c->max_intensity, c->intensity_rule);
        if (c->processing_rule && in->phases == EASEL_BIT(EASEL_PHASE_PROCESSING))
            ADD("a processing-phase item, and rule %s removes the processing phase",
                c->processing_rule);
        if (in->roles == EASEL_BIT(EASEL_ROLE_MAIN) && in->min_minutes > c->main_minutes_max)
            ADD("needs at least %d minutes; a %d-minute session leaves %d for the main directive",
                in->min_minutes, c->plan->session_minutes, c->main_minutes_max);
        const char *media_why = NULL;
        int rc = resolve_media(c, in, &c->res[i], &media_why);
        if (rc)
            return rc;
        if (media_why)
            why = join(a, why, media_why);
        else if (c->res[i].fluidity > c->max_fluidity)
            ADD("its media are too fluid (fluidity %d; cap %d, rule %s)", c->res[i].fluidity,
                c->max_fluidity, c->fluidity_rule);
        EASEL__CHECK(!a->failed);
#undef ADD
        c->int_excluded[i] = why;
        c->plan->interventions[i].verdict =
            why ? EASEL_VERDICT_EXCLUDED : EASEL_VERDICT_NOT_RELEVANT;
        c->plan->interventions[i].reason = why;
    }
    return 0;
}

int easel__constraints(struct easel__ctx *c)
{
    const struct easel_kb *kb = c->kb;
    c->hazards_setting = c->setting->excluded_hazards;
    c->max_intensity = 5;
    c->max_fluidity = 5;
    for (size_t r = 0; r < kb->n_rules; r++) {
        const struct easel_rule *rule = &kb->rules[r];
        if (!(c->flags & EASEL_BIT(rule->when_flag)))
            continue;
        if (rule->max_intensity < c->max_intensity) {
            c->max_intensity = rule->max_intensity;
            c->intensity_rule = rule->id;
        }
        if (rule->max_fluidity < c->max_fluidity) {
            c->max_fluidity = rule->max_fluidity;
            c->fluidity_rule = rule->id;
        }
        if (rule->no_processing && !c->processing_rule)
            c->processing_rule = rule->id;
        if (rule->requires_stabilisation)
            c->plan->phased = true;
    }
    c->plan->no_processing = c->processing_rule != NULL;
    int rc = exclude_media(c);
    if (rc)
        return rc;
    return exclude_interventions(c);
}
