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

/* Resolve an intervention's media for this client; *failed is the medium that has no allowed
   alternative, or -1. */
static int resolve_media(struct easel__ctx *c, const struct easel_intervention *in,
                         struct easel__resolved *r, int *failed)
{
    const struct easel_kb *kb = c->kb;
    *failed = -1;
    r->uses = in->media;
    r->n = in->n_media;
    for (size_t u = 0; u < in->n_media; u++) {
        int m = in->media[u].medium;
        int use = m;
        if (c->medium_excluded[m]) {
            use = -1;
            const struct easel_idlist *alt = &kb->media[m].alternatives;
            for (size_t k = 0; k < alt->n && use < 0; k++) {
                int cand = alt->index[k];
                bool dup = false;
                for (size_t j = 0; j < in->n_media; j++)
                    dup |= in->media[j].medium == cand || (j < u && easel__medium_at(r, j) == cand);
                if (!c->medium_excluded[cand] && !dup)
                    use = cand;
            }
            if (use < 0) {
                *failed = m;
                return 0;
            }
            if (!r->subs) {
                r->subs = easel_arena_alloc(&c->plan->arena, in->n_media * sizeof(*r->subs));
                EASEL__CHECK(r->subs);
            }
            r->subs[r->n_subs].from = m;
            r->subs[r->n_subs].to = use;
            r->n_subs++;
        }
        const struct easel_medium *md = &kb->media[use];
        if (md->fluidity > r->fluidity)
            r->fluidity = md->fluidity;
        if (!md->reusable)
            r->cost_per_session +=
                (in->media[u].qty_milli * c->plan->participants * md->unit_cost_cents + 999) / 1000;
    }
    return 0;
}

/* Step 1 for interventions: one pass of integer tests; the words come later
   (easel_plan_reason), only for the exclusions someone reads. */
static int exclude_interventions(struct easel__ctx *c)
{
    struct easel_plan *pl = c->plan;
    const struct easel_kb *kb = c->kb;
    const struct easel_profile *p = c->profile;
    const int cog = easel_profile_ability_cognitive(p), mot = easel_profile_ability_motor(p),
              verb = easel_profile_ability_verbal(p);
    for (size_t i = 0; i < kb->n_interventions; i++) {
        const struct easel_intervention *in = &kb->interventions[i];
        uint32_t x = 0;
        if (c->setting->excluded_interventions.n &&
            in_idlist(&c->setting->excluded_interventions, (int)i))
            x |= EASEL_X_SETTING;
        if (in->contraindications & c->flags)
            x |= EASEL_X_CONTRA;
        if (p->age < in->age_min || p->age > in->age_max)
            x |= EASEL_X_AGE;
        if (p->group && !(in->formats & EASEL_BIT(EASEL_FORMAT_GROUP)))
            x |= EASEL_X_NOT_GROUP;
        if (!p->group && !(in->formats & EASEL_BIT(EASEL_FORMAT_INDIVIDUAL)))
            x |= EASEL_X_NOT_INDIVIDUAL;
        if (in->demand_cognitive > cog)
            x |= EASEL_X_COGNITIVE;
        if (in->demand_motor > mot)
            x |= EASEL_X_MOTOR;
        if (in->demand_verbal > verb)
            x |= EASEL_X_VERBAL;
        if (in->intensity > pl->max_intensity)
            x |= EASEL_X_INTENSITY;
        if (pl->processing_rule && in->phases == EASEL_BIT(EASEL_PHASE_PROCESSING))
            x |= EASEL_X_PROCESSING;
        if (in->roles == EASEL_BIT(EASEL_ROLE_MAIN) && in->min_minutes > pl->main_minutes_max)
            x |= EASEL_X_MINUTES;
        int failed = -1;
        int rc = resolve_media(c, in, &c->res[i], &failed);
        if (rc)
            return rc;
        if (failed >= 0)
            x |= EASEL_X_MEDIUM;
        else if (c->res[i].fluidity > pl->max_fluidity)
            x |= EASEL_X_FLUIDITY;
        pl->excluded[i] = x;
        pl->excluded_medium[i] = failed;
        pl->interventions[i].verdict = x ? EASEL_VERDICT_EXCLUDED : EASEL_VERDICT_NOT_RELEVANT;
        pl->interventions[i].reason = NULL;
    }
    return 0;
}

int easel__constraints(struct easel__ctx *c)
{
    const struct easel_kb *kb = c->kb;
    c->hazards_setting = c->setting->excluded_hazards;
    struct easel_plan *pl = c->plan;
    pl->max_intensity = 5;
    pl->max_fluidity = 5;
    for (size_t r = 0; r < kb->n_rules; r++) {
        const struct easel_rule *rule = &kb->rules[r];
        if (!(c->flags & EASEL_BIT(rule->when_flag)))
            continue;
        if (rule->max_intensity < pl->max_intensity) {
            pl->max_intensity = rule->max_intensity;
            pl->intensity_rule = rule->id;
        }
        if (rule->max_fluidity < pl->max_fluidity) {
            pl->max_fluidity = rule->max_fluidity;
            pl->fluidity_rule = rule->id;
        }
        if (rule->no_processing && !pl->processing_rule)
            pl->processing_rule = rule->id;
        if (rule->requires_stabilisation)
            c->plan->phased = true;
    }
    pl->no_processing = pl->processing_rule != NULL;
    int rc = exclude_media(c);
    if (rc)
        return rc;
    return exclude_interventions(c);
}
