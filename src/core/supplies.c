/*
 * core/supplies.c — step 6: the supplies list. Quantities are per participant per session
 * (KB) x participants x sessions; reusable tools are needed once per member of the group,
 * consumables for the members expected at a session (a group's expected attendance). With the
 * setting's single-use kits every participant gets whole units of their own. Media already on
 * hand cost nothing. Reusable tools count the most one session needs, not the sum. Integer
 * arithmetic only (milli-units, cents), so totals are exact.
 */
#include "engine.h"

#include <string.h>

static bool on_hand(const struct easel_profile *p, int m)
{
    for (size_t i = 0; i < p->available_materials.n; i++)
        if (p->available_materials.index[i] == m)
            return true;
    return false;
}

static void add_item(struct easel__ctx *c, int64_t *per_participant,
                     const struct easel_plan_item *it)
{
    if (it->part == 2)
        return; /* a directive's KB quantities cover both its sessions: counted with its first */
    for (size_t k = 0; k < it->n_media; k++) {
        int m = it->media[k];
        const struct easel_medium *md = &c->kb->media[m];
        if (md->reusable) /* kept between sessions: the most one session needs */
            per_participant[m] =
                per_participant[m] > it->qty_milli[k] ? per_participant[m] : it->qty_milli[k];
        else
            per_participant[m] += it->qty_milli[k];
    }
}

int easel__supplies(struct easel__ctx *c)
{
    struct easel_plan *pl = c->plan;
    const struct easel_kb *kb = c->kb;
    int64_t *need = easel_arena_alloc(&pl->arena, (kb->n_media + 1) * sizeof(*need));
    pl->supplies = easel_arena_alloc(&pl->arena, (kb->n_media + 1) * sizeof(*pl->supplies));
    EASEL__CHECK(need && pl->supplies);
    for (size_t s = 0; s < pl->n_sessions; s++) {
        add_item(c, need, &pl->sessions[s].warmup);
        add_item(c, need, &pl->sessions[s].main);
        add_item(c, need, &pl->sessions[s].closure);
    }
    for (size_t m = 0; m < kb->n_media; m++) {
        if (!need[m])
            continue;
        const struct easel_medium *md = &kb->media[m];
        /* a reusable tool for every member, who may all come; what is used up for those
           expected at a session */
        const int64_t people = md->reusable ? pl->participants : pl->attending;
        struct easel_plan_supply *sp = &pl->supplies[pl->n_supplies++];
        sp->medium = (int)m;
        sp->qty_milli = need[m] * people;
        if (c->setting->single_use_kits)
            sp->units = people * ((need[m] + 999) / 1000);
        else
            sp->units = (sp->qty_milli + 999) / 1000;
        sp->on_hand = on_hand(c->profile, (int)m);
        sp->cost_cents = sp->on_hand ? 0 : sp->units * md->unit_cost_cents;
        pl->total_cost_cents += sp->cost_cents;
        pl->media[m].verdict = EASEL_VERDICT_INCLUDED;
        pl->media[m].reason = easel_arena_printf(&pl->arena, "on the supplies list: %lld x %s%s",
                                                 (long long)sp->units, md->unit,
                                                 sp->on_hand ? " (already on hand)" : "");
        EASEL__CHECK(pl->media[m].reason);
    }
    for (size_t m = 0; m < kb->n_media; m++) {
        struct easel_plan_verdict *v = &pl->media[m];
        if (v->verdict == EASEL_VERDICT_NOT_RELEVANT)
            v->reason = "allowed for this client; no chosen item uses it";
    }
    if (c->profile->budget_cents >= 0) {
        int64_t b = c->profile->budget_cents, t = pl->total_cost_cents;
        pl->budget_note =
            t > b ? easel_arena_printf(&pl->arena,
                                       "over budget: supplies cost %lld.%02lld against "
                                       "a budget of %lld.%02lld; consider the "
                                       "alternatives listed for each medium",
                                       (long long)(t / 100), (long long)(t % 100),
                                       (long long)(b / 100), (long long)(b % 100))
                  : easel_arena_printf(&pl->arena, "within budget: %lld.%02lld of %lld.%02lld",
                                       (long long)(t / 100), (long long)(t % 100),
                                       (long long)(b / 100), (long long)(b % 100));
        EASEL__CHECK(pl->budget_note);
    }
    return 0;
}
