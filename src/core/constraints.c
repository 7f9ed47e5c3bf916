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
        if (md->motor_demand > easel_profile_ability_motor(c->profile)) {
            why =
                join(a, why,
                     easel_arena_printf(a,
                                        "needs fine-motor control %d, above the client's "
                                        "ability (%d)",
                                        md->motor_demand, easel_profile_ability_motor(c->profile)));
            EASEL__CHECK(why);
        }
        uint32_t tex = md->hazards & c->profile->texture_hazards;
        if (tex) {
            why = join(a, why,
                       easel_arena_printf(a, "hazard %s: the client avoids such textures",
                                          hazard_names(a, tex)));
            EASEL__CHECK(why);
        }
        uint32_t means = md->hazards & c->profile->self_harm_hazards;
        if (means) {
            why = join(a, why,
                       easel_arena_printf(a,
                                          "hazard %s: the means of the client's recorded "
                                          "self-harm stay out of the kit",
                                          hazard_names(a, means)));
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
                                              rh ? "; " : "", easel_flag_words(rule->when_flag),
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

/* Resolve an intervention's media for this client: an excluded medium is replaced by its first
   allowed alternative that the intervention does not already use. Replacements go to *subs
   (allocated on the first one, room for every medium) and *n_subs; *fluidity is the highest
   fluidity among the media used (0 if none); *prefs the client's preferences among them
   (EASEL__ITEM_PREFERRED, EASEL__ITEM_DISLIKED); *failed is the medium that has no allowed
   alternative, or -1. */
static int resolve_media(struct easel__ctx *c, const struct easel_intervention *in,
                         struct easel_plan_sub **subs, size_t *n_subs, int *fluidity,
                         uint8_t *prefs, int *failed)
{
    const struct easel_kb *kb = c->kb;
    *subs = NULL;
    *n_subs = 0;
    *fluidity = 0;
    *prefs = 0;
    *failed = -1;
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
                    dup |=
                        in->media[j].medium == cand ||
                        (j < u && easel__substitute(*subs, *n_subs, in->media[j].medium) == cand);
                /* a substitute keeps the intent: a medium of the same kind (painting for painting,
                   sculpture for sculpture), never a drawing tool standing in for paint */
                if (!c->medium_excluded[cand] && !dup &&
                    strcmp(kb->media[cand].category, kb->media[m].category) == 0)
                    use = cand;
            }
            if (use < 0 && !in->media[u].optional) {
                *failed = m;
                return 0;
            }
            if (!*subs) {
                *subs = easel_arena_alloc(&c->plan->arena, in->n_media * sizeof(**subs));
                EASEL__CHECK(*subs);
            }
            (*subs)[*n_subs].from = m;
            (*subs)[*n_subs].to = use;
            (*n_subs)++;
            if (use < 0)
                continue; /* an optional role, dropped with the texts that name it */
        }
        if (kb->media[use].fluidity > *fluidity)
            *fluidity = kb->media[use].fluidity;
        *prefs |= c->medium_prefs[use];
    }
    return 0;
}

static void mark_media(uint8_t *per_medium, size_t n_media, const struct easel_idlist *l,
                       uint8_t bit)
{
    for (size_t k = 0; k < l->n; k++)
        if (l->index[k] >= 0 && (size_t)l->index[k] < n_media)
            per_medium[l->index[k]] |= bit;
}

/* The hazards an intervention's text names for this client: its fixed text, and the texts of
   the optional roles it keeps. */
static uint32_t text_hazards(const struct easel_intervention *in, const struct easel_plan_sub *subs,
                             size_t n_subs)
{
    uint32_t hz = in->text_hazards;
    for (size_t u = 0; u < in->n_media; u++)
        if (in->media[u].text_hazards && easel__substitute(subs, n_subs, in->media[u].medium) >= 0)
            hz |= in->media[u].text_hazards;
    return hz;
}

/* The client's and the plan's side of the tests of hard_limits, gathered once per plan. */
struct limits {
    uint32_t flags; /* client flags, against contraindications */
    int age;
    uint32_t format;              /* EASEL_BIT of this plan's format (group or individual) */
    uint32_t format_reason;       /* EASEL_X_NOT_GROUP or EASEL_X_NOT_INDIVIDUAL */
    int cognitive, motor, verbal; /* the client's abilities */
    int max_intensity;
    bool no_processing; /* a rule removes the processing phase */
    int main_minutes_max;
    bool continuity; /* the plan may continue a directive in the next session */
    int setting;
    int age_lo, age_hi;  /* a group's age range (else the client's age) */
    int stage;           /* stage of change, -1 unknown */
    const int *problems; /* the client's presenting problems */
    int n_problems;
};

/* The EASEL_X_* bits of every limit an intervention breaks, but for the setting's own list and
   its media (see exclude_interventions). */
static uint32_t hard_limits(const struct limits *l, const struct easel_intervention *in)
{
    uint32_t x = 0;
    if (in->contraindications & l->flags)
        x |= EASEL_X_CONTRA;
    if (l->age < in->age_min || l->age > in->age_max || l->age_lo < in->age_min ||
        l->age_hi > in->age_max)
        x |= EASEL_X_AGE; /* a group's whole age range must fit */
    if (in->stages && (l->stage < 0 || !(in->stages & EASEL_BIT(l->stage))))
        x |= EASEL_X_STAGE;
    if (!(in->formats & l->format))
        x |= l->format_reason;
    if (in->demand_cognitive > l->cognitive)
        x |= EASEL_X_COGNITIVE;
    if (in->demand_motor > l->motor)
        x |= EASEL_X_MOTOR;
    if (in->demand_verbal > l->verbal)
        x |= EASEL_X_VERBAL;
    if (in->intensity > l->max_intensity)
        x |= EASEL_X_INTENSITY;
    if (l->no_processing && in->phases == EASEL_BIT(EASEL_PHASE_PROCESSING))
        x |= EASEL_X_PROCESSING;
    /* too long for one session, unless it may pause and continue in the next, and each half
       fits (easel__needs_two_sessions) */
    if (in->roles == EASEL_BIT(EASEL_ROLE_MAIN) && in->min_minutes > l->main_minutes_max &&
        !(l->continuity && in->split_after && (in->min_minutes + 1) / 2 <= l->main_minutes_max))
        x |= EASEL_X_MINUTES;
    if ((in->requires & l->flags) != in->requires)
        x |= EASEL_X_REQUIRES;
    if (in->problems.n) {
        bool has = false;
        for (size_t k = 0; k < in->problems.n && !has; k++)
            for (int j = 0; j < l->n_problems && !has; j++)
                has = in->problems.index[k] == l->problems[j];
        if (!has)
            x |= EASEL_X_PROBLEM;
    }
    if (in->settings.n) {
        bool here = false;
        for (size_t k = 0; k < in->settings.n; k++)
            here |= in->settings.index[k] == l->setting;
        if (!here)
            x |= EASEL_X_NOT_SETTING;
    }
    return x;
}

/* The record of an allowed intervention (engine.h), filled from the KB and its media. */
static void add_item(struct easel__ctx *c, const struct easel_intervention *in, size_t i,
                     struct easel_plan_sub *subs, size_t n_subs, int fluidity, uint8_t prefs)
{
    _Static_assert(EASEL_ROLE_COUNT <= 8 && EASEL_ETC_COUNT <= 8 && EASEL_PHASE_COUNT <= 8,
                   "struct easel__item keeps roles, ETC levels and phases in 8-bit masks");
    uint32_t roles = in->roles; /* a warm-up or closure must fit its slot */
    if (in->min_minutes > c->warm_slot)
        roles &= ~(uint32_t)EASEL_BIT(EASEL_ROLE_WARMUP);
    if (in->min_minutes > c->close_slot)
        roles &= ~(uint32_t)EASEL_BIT(EASEL_ROLE_CLOSURE);
    /* a short exercise that can open or close a session is not stretched into its main
       directive, unless the session itself is short (bedside) */
    if ((in->roles & (EASEL_BIT(EASEL_ROLE_WARMUP) | EASEL_BIT(EASEL_ROLE_CLOSURE))) &&
        in->typical_minutes <= 10 && c->plan->main_minutes_max > 20)
        roles &= ~(uint32_t)EASEL_BIT(EASEL_ROLE_MAIN);
    struct easel__item it = {
        .goal_tags = in->goal_tags,
        .index = (int32_t)i,
        .flags =
            (uint8_t)(prefs |
                      (in->type == EASEL_ITYPE_TECHNIQUE && !in->n_media ? EASEL__ITEM_TALK : 0)),
        .last_used = -1,
        .roles = (uint8_t)(roles & 0xffu),
        .etc = (uint8_t)(in->etc & 0xffu),
        .n_subs = (uint16_t)n_subs, /* at most n_media: 16 (kb-format.md) */
        .subs = subs,
    };
    easel__fit_phases(c, in, fluidity, &it);
    c->items[c->n_items++] = it;
}

/* Step 1 for interventions: one pass of integer tests; the words come later
   (easel_plan_reason), only for the exclusions someone reads. Every allowed intervention gets
   its record in c->items. */
static int exclude_interventions(struct easel__ctx *c)
{
    struct easel_plan *pl = c->plan;
    const struct easel_kb *kb = c->kb;
    const struct easel_profile *p = c->profile;
    for (int phase = 0; phase < EASEL_PHASE_COUNT; phase++)
        c->fluidity_cap[phase] = easel__fluidity_cap(c, phase);
    /* the client's preferences per medium, read as each intervention's media are resolved */
    c->medium_prefs = easel_arena_alloc(&pl->arena, kb->n_media + 1);
    EASEL__CHECK(c->medium_prefs);
    mark_media(c->medium_prefs, kb->n_media, &p->preferred_media, EASEL__ITEM_PREFERRED);
    mark_media(c->medium_prefs, kb->n_media, &p->disliked_media, EASEL__ITEM_DISLIKED);
    /* the setting's own exclusions first, so the pass below reads one bit per intervention */
    memset(pl->excluded, 0, kb->n_interventions * sizeof(*pl->excluded));
    const struct easel_idlist *by_setting = &c->setting->excluded_interventions;
    for (size_t k = 0; k < by_setting->n; k++) {
        int i = by_setting->index[k];
        if (i >= 0 && (size_t)i < kb->n_interventions)
            pl->excluded[i] = EASEL_X_SETTING;
    }
    const struct limits lim = {
        .flags = c->flags,
        .age = p->age,
        .format = (uint32_t)EASEL_BIT(p->group ? EASEL_FORMAT_GROUP : EASEL_FORMAT_INDIVIDUAL),
        .format_reason = p->group ? EASEL_X_NOT_GROUP : EASEL_X_NOT_INDIVIDUAL,
        .cognitive = easel_profile_ability_cognitive(p),
        .motor = easel_profile_ability_motor(p),
        .verbal = easel_profile_ability_verbal(p),
        .max_intensity = pl->max_intensity,
        .no_processing = pl->processing_rule != NULL,
        .main_minutes_max = pl->main_minutes_max,
        .continuity = easel__continuity(c),
        .setting = p->setting,
        .age_lo = p->group_age_min ? p->group_age_min : p->age,
        .age_hi = p->group_age_max ? p->group_age_max : p->age,
        .stage = p->substance_stage,
        .problems = p->problems,
        .n_problems = p->n_problems,
    };
    c->n_items = 0;
    for (size_t i = 0; i < kb->n_interventions; i++) {
        const struct easel_intervention *in = &kb->interventions[i];
        uint32_t x = pl->excluded[i] | hard_limits(&lim, in);
        struct easel_plan_sub *subs;
        size_t n_subs;
        int fluidity, failed;
        uint8_t prefs;
        int rc = resolve_media(c, in, &subs, &n_subs, &fluidity, &prefs, &failed);
        if (rc)
            return rc;
        if (failed >= 0)
            x |= EASEL_X_MEDIUM;
        else if (fluidity > pl->max_fluidity)
            x |= EASEL_X_FLUIDITY;
        if (failed < 0 && text_hazards(in, subs, n_subs) & pl->hazards_excluded)
            x |= EASEL_X_TEXT;
        pl->excluded[i] = x;
        pl->excluded_medium[i] = failed;
        pl->interventions[i].verdict = x ? EASEL_VERDICT_EXCLUDED : EASEL_VERDICT_NOT_RELEVANT;
        pl->interventions[i].reason = NULL;
        if (!x)
            add_item(c, in, i, subs, n_subs, fluidity, prefs);
    }
    return 0;
}

int easel__constraints(struct easel__ctx *c)
{
    const struct easel_kb *kb = c->kb;
    c->hazards_setting = c->setting->excluded_hazards;
    struct easel_plan *pl = c->plan;
    pl->hazards_excluded =
        c->hazards_setting | c->profile->texture_hazards | c->profile->self_harm_hazards;
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
        pl->hazards_excluded |= rule->exclude_hazards;
    }
    if (c->profile->drop_in && !pl->processing_rule) /* every drop-in session stands alone */
        pl->processing_rule = "drop-in attendance";
    pl->no_processing = pl->processing_rule != NULL;
    int rc = exclude_media(c);
    if (rc)
        return rc;
    return exclude_interventions(c);
}

/* An allowed intervention a therapist puts into a built plan: the media this client uses for
   each of its roles, after the same substitution the engine makes (resolve_media over the plan's
   own medium verdicts). */
int easel_plan_place(struct easel_plan *pl, struct easel_plan_item *item, int intervention,
                     int minutes)
{
    memset(item, 0, sizeof(*item));
    item->intervention = -1;
    if (intervention < 0 || (size_t)intervention >= pl->kb->n_interventions ||
        pl->interventions[intervention].verdict == EASEL_VERDICT_EXCLUDED)
        return EASEL_EINVAL;
    const struct easel_kb *kb = pl->kb;
    const struct easel_intervention *in = &kb->interventions[intervention];
    size_t nm = kb->n_media ? kb->n_media : 1;
    struct easel__ctx c = {.plan = pl, .kb = kb, .profile = pl->profile};
    c.medium_excluded = easel_arena_alloc(&pl->arena, nm * sizeof(*c.medium_excluded));
    c.medium_prefs = easel_arena_alloc(&pl->arena, nm);
    if (!c.medium_excluded || !c.medium_prefs)
        return EASEL_ENOMEM;
    memset(c.medium_prefs, 0, nm);
    for (size_t m = 0; m < kb->n_media; m++)
        c.medium_excluded[m] = pl->media[m].verdict == EASEL_VERDICT_EXCLUDED ? "excluded" : NULL;
    struct easel__item it = {.index = intervention};
    struct easel_plan_sub *subs;
    size_t n_subs;
    int fluidity, failed;
    uint8_t prefs;
    int rc = resolve_media(&c, in, &subs, &n_subs, &fluidity, &prefs, &failed);
    if (rc)
        return rc;
    if (failed >= 0)
        return EASEL_EINVAL;
    it.subs = subs;
    it.n_subs = (uint16_t)n_subs;
    item->intervention = intervention;
    item->minutes = minutes;
    item->subs = subs;
    item->n_subs = n_subs;
    if (!in->n_media)
        return 0;
    int *media = easel_arena_alloc(&pl->arena, in->n_media * sizeof(*media));
    int *use = easel_arena_alloc(&pl->arena, in->n_media * sizeof(*use));
    int64_t *qty = easel_arena_alloc(&pl->arena, in->n_media * sizeof(*qty));
    if (!media || !use || !qty)
        return EASEL_ENOMEM;
    for (size_t u = 0; u < in->n_media; u++) {
        use[u] = easel__medium_at(in, &it, u);
        if (use[u] < 0)
            continue;
        media[item->n_media] = use[u];
        qty[item->n_media++] = easel__qty_at(kb, in, &it, u);
    }
    item->media = media;
    item->use = use;
    item->qty_milli = qty;
    return 0;
}
