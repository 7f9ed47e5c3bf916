/*
 * core/profile.c — flags and abilities derived from a client profile (docs/profile.md).
 */
#include "easel/profile.h"
#include "easel/vocab.h"

#include <string.h>

void easel_profile_init(struct easel_profile *p)
{
    memset(p, 0, sizeof(*p));
    easel_arena_init(&p->arena);
    p->setting = -1;
    p->budget_cents = -1;
    p->format = 1;
    p->cognitive_screen = -1;
    p->substance_stage = -1;
    p->self_harm_recency_days = -1;
}

void easel_profile_release(struct easel_profile *p)
{
    easel_arena_release(&p->arena);
    memset(p, 0, sizeof(*p));
}

const struct easel_measure_result *easel_profile_latest(const struct easel_profile *p,
                                                        int instrument)
{
    const struct easel_measure_result *best = NULL;
    for (size_t i = 0; i < p->n_measures; i++) {
        const struct easel_measure_result *m = &p->measures[i];
        if (m->instrument != instrument)
            continue;
        if (!best || strcmp(m->date, best->date) >= 0)
            best = m;
    }
    return best;
}

static bool risk_item_positive(const struct easel_profile *p, const struct easel_kb *kb)
{
    for (size_t i = 0; i < p->n_measures; i++) {
        const struct easel_measure_result *m = &p->measures[i];
        const struct easel_instrument *ins = &kb->instruments[m->instrument];
        if (ins->risk_item <= 0 || m->n_items < ins->risk_item)
            continue;
        /* only the latest administration speaks for the present */
        if (easel_profile_latest(p, m->instrument) != m)
            continue;
        if (m->items[ins->risk_item - 1] > 0)
            return true;
    }
    return false;
}

uint32_t easel_profile_flags(const struct easel_profile *p, const struct easel_kb *kb)
{
    uint32_t f = 0;
#define SET(flag) (f |= (uint32_t)EASEL_BIT(EASEL_FLAG_##flag))
    if (p->risks[EASEL_RISKK_SUICIDE] >= EASEL_RISK_IDEATION || risk_item_positive(p, kb))
        SET(SUICIDE_RISK);
    if (p->risks[EASEL_RISKK_SELF_HARM] != EASEL_RISK_NONE)
        SET(SELF_HARM);
    if (p->risks[EASEL_RISKK_AGGRESSION] != EASEL_RISK_NONE)
        SET(AGGRESSION);
    if (p->risks[EASEL_RISKK_SUBSTANCE] != EASEL_RISK_NONE)
        SET(SUBSTANCE_USE);
    if (p->risks[EASEL_RISKK_INHALANT] != EASEL_RISK_NONE)
        SET(INHALANT_USE);
    if (p->risks[EASEL_RISKK_MOUTHING] != EASEL_RISK_NONE)
        SET(MOUTHING);
    if (p->risks[EASEL_RISKK_ELOPEMENT] != EASEL_RISK_NONE)
        SET(ELOPEMENT);
    if (p->immunocompromised)
        SET(IMMUNOCOMPROMISED);
    if (p->fatigue)
        SET(FATIGUE);
    if (p->bed_bound)
        SET(BED_BOUND);
    if (p->respiratory)
        SET(RESPIRATORY);
    if (p->acute_psychosis)
        SET(ACUTE_PSYCHOSIS);
    if (p->mania)
        SET(MANIA);
    if (p->dissociation)
        SET(DISSOCIATION);
    if (p->regulation == EASEL_REG_POOR)
        SET(DYSREGULATION);
    if (p->trauma != EASEL_TRAUMA_NONE)
        SET(TRAUMA);
    if (p->trauma == EASEL_TRAUMA_COMPLEX)
        SET(COMPLEX_TRAUMA);
    if (p->sensory[0])
        SET(TACTILE_DEFENSIVE);
    if (p->sensory[1])
        SET(OLFACTORY_SENSITIVE);
    if (p->sensory[2])
        SET(NOISE_SENSITIVE);
    if (p->sensory[3])
        SET(VISUAL_IMPAIRMENT);
    if (p->sensory[4])
        SET(HEARING_IMPAIRMENT);
    if (p->age <= 12)
        SET(CHILD);
    if (p->age >= 65)
        SET(OLDER_ADULT);
    if (p->cognition >= EASEL_L_MODERATE)
        SET(COGNITIVE_IMPAIRMENT);
    if (p->verbal >= EASEL_VERBAL_MINIMAL)
        SET(NONVERBAL);
    if (p->group)
        SET(GROUP);
    if (p->hand_unavailable)
        SET(ONE_HANDED);
    /* self-harm within the last 3 months is current for safety planning (plan-quality.md §2.3,
       practice convention mirroring the C-SSRS) */
    if (p->self_harm_recency_days >= 0 && p->self_harm_recency_days <= 90)
        SET(SELF_HARM);
#undef SET
    return f;
}

bool easel_profile_needs_routine(const struct easel_profile *p, const struct easel_kb *kb)
{
    int autism = easel_kb_problem(kb, "autism-communication");
    bool routine = p->routine || (p->cognition >= EASEL_L_MODERATE && p->age >= 50);
    for (int i = 0; i < p->n_problems; i++)
        routine |= autism >= 0 && p->problems[i] == autism;
    return routine;
}

/* The most cognitive demand (KB 1-5) a client meets. Moderate impairment (moderate dementia,
   a moderate intellectual disability) takes concrete, familiar, one-step work: demand 2, not 3,
   which holds symbolic and abstract tasks: concrete before symbolic, one step at a time
   (plan-quality.md C1, after Montessori-based dementia programming [39]; the cut at 2 is
   practice convention). */
int easel_profile_ability_cognitive(const struct easel_profile *p)
{
    static const int a[] = {5, 4, 2, 1};
    return p->cognition >= 0 && p->cognition < 4 ? a[p->cognition] : 1;
}

int easel_profile_ability_motor(const struct easel_profile *p)
{
    int a = 5 - p->motor - p->grip; /* a weak grip lowers it a step, no grip two */
    return a < 1 ? 1 : a;
}

int easel_profile_ability_verbal(const struct easel_profile *p)
{
    static const int v[] = {5, 3, 2, 1};
    return v[p->verbal];
}
