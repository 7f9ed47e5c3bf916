/*
 * tests/random_profile.h — random valid profiles for the property tests (every setting and
 * constraint class, format 2 fields, a PHQ-9 with item 9 sometimes positive), from a fixed
 * seed so a failure reproduces. The including test gets the shipped KB as `kb` (loaded by the
 * test) and the generator's state `rng`.
 *
 * Owns: each profile's arrays live in its own arena (easel_profile_release).
 */
#ifndef EASEL_TESTS_RANDOM_PROFILE_H
#define EASEL_TESTS_RANDOM_PROFILE_H

#include "testutil.h"

static struct easel_kb kb;
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static bool chance(uint32_t percent)
{
    return rnd(100) < percent;
}

static void random_media(struct easel_profile *p, struct easel_idlist *l, size_t max)
{
    size_t n = rnd((uint32_t)max + 1);
    l->n = 0;
    l->index = easel_arena_alloc(&p->arena, (n + 1) * sizeof(int));
    l->ids = easel_arena_alloc(&p->arena, (n + 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        int m = (int)rnd((uint32_t)kb.n_media);
        l->index[l->n] = m;
        l->ids[l->n++] = kb.media[m].id;
    }
}

static void random_profile(struct easel_profile *p)
{
    easel_profile_init(p);
    p->source = "random";
    p->client = "prop";
    p->age = 3 + (int)rnd(93);
    p->setting = (int)rnd((uint32_t)kb.n_settings);
    memcpy(p->start_date, "2027-01-04", 11);
    p->group = chance(30);
    p->group_size = p->group ? 2 + (int)rnd(11) : 1;
    p->minutes = chance(20) ? 0 : 20 + 5 * (int)rnd(21);
    p->per_week = chance(20) ? 0 : 1 + (int)rnd(5);
    p->count = chance(20) ? 0 : 1 + (int)rnd(24);
    int n = 1 + (int)rnd(3);
    for (int i = 0; i < n; i++) {
        int pr = (int)rnd((uint32_t)kb.n_problems);
        bool dup = false;
        for (int j = 0; j < p->n_problems; j++)
            dup |= p->problems[j] == pr;
        if (!dup)
            p->problems[p->n_problems++] = pr;
    }
    for (int i = 0; i < 5; i++)
        p->sensory[i] = chance(15);
    p->motor = (int)rnd(4);
    p->cognition = (int)rnd(4);
    p->verbal = (int)rnd(4);
    p->regulation = (int)rnd(3);
    for (int i = 0; i < EASEL_RISKK_COUNT; i++)
        p->risks[i] = chance(70) ? EASEL_RISK_NONE : (int)rnd(3);
    if (chance(15))
        p->risks[EASEL_RISKK_SUICIDE] = chance(50) ? EASEL_RISK_IDEATION : EASEL_RISK_PLAN;
    p->immunocompromised = chance(15);
    p->fatigue = chance(15);
    p->bed_bound = chance(10);
    p->respiratory = chance(10);
    p->acute_psychosis = chance(10);
    p->mania = chance(10);
    p->dissociation = chance(15);
    p->trauma = (int)rnd(3);
    for (int a = 0; a < easel_vocab_count(EASEL_VOCAB_ALLERGEN); a++)
        if (chance(10))
            p->allergies |= (uint32_t)EASEL_BIT(a);
    p->orientation = rnd(1u << 16);
    random_media(p, &p->preferred_media, 3);
    random_media(p, &p->disliked_media, 3);
    random_media(p, &p->available_materials, 4);
    p->budget_cents = chance(50) ? -1 : (int64_t)rnd(50000);
    /* format 2 */
    p->format = 2;
    p->grip = chance(15) ? 1 + (int)rnd(2) : 0;
    p->hand_unavailable = chance(10) ? 1 + (int)rnd(2) : 0;
    static const char *const hz[] = {"water",     "messy", "dust",     "porous", "blade",  "sharp",
                                     "breakable", "heat",  "ligature", "toxic",  "solvent"};
    if (chance(15)) /* avoided textures */
        for (int i = 0; i < 2; i++)
            p->texture_hazards |=
                (uint32_t)EASEL_BIT(easel_vocab_find(EASEL_VOCAB_HAZARD, hz[rnd(4)]));
    if (chance(15)) { /* self-harm with a recency and methods */
        static const int days[] = {7, 30, 90, 365, 9999};
        p->self_harm_recency_days = days[rnd(5)];
        for (int i = 0; i < 2; i++)
            p->self_harm_hazards |=
                (uint32_t)EASEL_BIT(easel_vocab_find(EASEL_VOCAB_HAZARD, hz[4 + rnd(7)]));
        if (p->risks[EASEL_RISKK_SELF_HARM] == EASEL_RISK_NONE)
            p->risks[EASEL_RISKK_SELF_HARM] = EASEL_RISK_HISTORY;
    }
    p->situational_mutism = chance(5);
    p->drop_in = chance(10);
    p->substance_stage = chance(20) ? (int)rnd(5) : -1;
    if (p->group && chance(50)) {
        p->group_age_min = p->age > 5 ? p->age - (int)rnd(5) : p->age;
        p->group_age_max = p->age + (int)rnd(5);
    }
    if (chance(40)) { /* a PHQ-9 with items, item 9 sometimes positive */
        int phq = easel_kb_instrument(&kb, "phq-9");
        p->measures = easel_arena_alloc(&p->arena, sizeof(*p->measures));
        struct easel_measure_result *m = &p->measures[0];
        m->instrument = phq;
        memcpy(m->date, "2026-12-20", 11);
        m->n_items = 9;
        for (int i = 0; i < 9; i++) {
            m->items[i] = i == 8 ? (chance(20) ? 1 + (int)rnd(3) : 0) : (int)rnd(4);
            m->total += m->items[i];
        }
        p->n_measures = 1;
    }
}

#endif
