/*
 * core/program.c — steps 3, 4 and 6 of the engine: phases (stabilisation before processing
 * for trauma and dysregulation), ranking of the allowed interventions for each objective, and
 * the session-by-session program (warm-up, main directive, processing, closure) fitted to the
 * session length. Sessions that nothing allowed can fill stay empty and say why (no padding);
 * objectives without any allowed intervention become gaps.
 */
#include "engine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int easel__phase_of(const struct easel__ctx *c, int i)
{
    const struct easel_plan *pl = c->plan;
    int n = (int)pl->n_sessions;
    if (n <= 1)
        return pl->phased ? EASEL_PHASE_STABILISATION : EASEL_PHASE_SKILLS;
    int n_integ = n >= 12 ? 2 : (n >= 3 ? 1 : 0);
    int n_stab = pl->phased ? (3 * n + 9) / 10 : (n >= 4 ? 1 : 0);
    int rest = n - n_stab - n_integ;
    int n_skills = pl->no_processing ? rest : (pl->phased ? (rest + 1) / 2 : rest / 2);
    if (i < n_stab)
        return EASEL_PHASE_STABILISATION;
    if (i < n_stab + n_skills)
        return EASEL_PHASE_SKILLS;
    if (i < n - n_integ)
        return EASEL_PHASE_PROCESSING;
    return EASEL_PHASE_INTEGRATION;
}

int easel__fluidity_cap(const struct easel__ctx *c, int phase)
{
    static const int phased[] = {2, 3, 5, 5}, limited[] = {3, 4, 5, 5};
    int cap = 5;
    if (c->plan->phased)
        cap = phased[phase];
    else if (c->profile->regulation != EASEL_REG_ADEQUATE)
        cap = limited[phase];
    return cap < c->plan->max_fluidity ? cap : c->plan->max_fluidity;
}

/* Step 3 for one allowed intervention (called by step 1 as it admits the item): the phases in
   which it may fill each role, as masks in its record. In stabilisation (phased plans) only
   containing items: intensity 2 or less, and not a processing-phase item. Its media must not be
   more fluid than the phase allows. A main directive fits its own phases exactly; when no item
   of a phase serves an objective, items of the nearest earlier phase may stand in (fallback).
   Warm-ups and closures serve every phase they are allowed in. */
void easel__fit_phases(const struct easel__ctx *c, const struct easel_intervention *in,
                       int fluidity, struct easel__item *it)
{
    static const int fallback[] = {-1, EASEL_PHASE_STABILISATION, EASEL_PHASE_SKILLS,
                                   EASEL_PHASE_SKILLS};
    const bool containing = !(in->phases & EASEL_BIT(EASEL_PHASE_PROCESSING)) && in->intensity <= 2;
    const bool is_main = (in->roles & EASEL_BIT(EASEL_ROLE_MAIN)) != 0;
    unsigned exact = 0, nearest = 0, edge = 0;
    for (int phase = 0; phase < EASEL_PHASE_COUNT; phase++) {
        if (fluidity > c->fluidity_cap[phase])
            continue;
        /* stabilisation takes only containing items; a warm-up or closure is containing by its
           low intensity, whatever phases it also serves */
        const bool stabilising = c->plan->phased && phase == EASEL_PHASE_STABILISATION;
        if (!stabilising || in->intensity <= 2)
            edge |= 1u << phase;
        if (stabilising && !containing)
            continue;
        if (is_main && (in->phases & EASEL_BIT(phase)))
            exact |= 1u << phase;
        if (is_main && fallback[phase] >= 0 && (in->phases & EASEL_BIT(fallback[phase])))
            nearest |= 1u << phase;
    }
    it->main_exact = (uint8_t)exact;
    it->main_fallback = (uint8_t)nearest;
    it->edge = (uint8_t)edge;
}

/* Whether an allowed item may fill `role` in a session of `phase` (phase fits exactly, or
   through the fallback when exact is false). Warm-ups and closures come from lists of their
   role, so only the phase is tested here. */
static bool allowed(const struct easel__item *it, int role, int phase, bool exact)
{
    uint8_t phases = role != EASEL_ROLE_MAIN ? it->edge
                     : exact                 ? it->main_exact
                                             : it->main_fallback;
    return (phases & EASEL_BIT(phase)) != 0;
}

/* Whether theme occurs in the interest as a whole word or phrase (so "art" does not match
   "party"), the interest's letters compared in lowercase (`lower` is the interest already
   lowercased, see lowercase_interests). A plural -s or -es on the interest still matches. */
static bool word_match(const char *lower, const char *theme)
{
    size_t n = strlen(theme);
    for (const char *p = strstr(lower, theme); n && p; p = strstr(p + 1, theme)) {
        bool start = p == lower || !isalnum((unsigned char)p[-1]);
        const char *e = p + n;
        if (*e == 's')
            e++;
        else if (e[0] == 'e' && e[1] == 's')
            e += 2;
        if (start && !isalnum((unsigned char)*e))
            return true;
    }
    return false;
}

static int interest_matches(const struct easel__ctx *c, const struct easel_intervention *in,
                            const char **which)
{
    int hits = 0;
    for (size_t t = 0; t < in->themes.n; t++)
        for (size_t k = 0; k < c->profile->interests.n; k++)
            if (word_match(c->interests[k], in->themes.items[t])) {
                if (!hits)
                    *which = c->profile->interests.items[k];
                hits++;
            }
    return hits > 2 ? 2 : hits;
}

/* The profile's interests in lowercase, once per plan, so that matching them against every
   candidate's themes is a plain substring search. */
static int lowercase_interests(struct easel__ctx *c)
{
    const struct easel_strlist *l = &c->profile->interests;
    c->interests = easel_arena_alloc(&c->plan->arena, (l->n + 1) * sizeof(*c->interests));
    EASEL__CHECK(c->interests);
    for (size_t k = 0; k < l->n; k++) {
        char *w = easel_arena_strdup(&c->plan->arena, l->items[k]);
        EASEL__CHECK(w);
        for (char *p = w; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        c->interests[k] = w;
    }
    return 0;
}

static int client_etc_level(const struct easel__ctx *c)
{
    const struct easel_art_assessment *best = NULL;
    for (size_t i = 0; i < c->profile->n_art; i++) {
        const struct easel_art_assessment *a = &c->profile->art[i];
        if (a->etc_level >= 0 && (!best || strcmp(a->date, best->date) >= 0))
            best = a;
    }
    return best ? best->etc_level : -1;
}

struct score_parts {
    int total;
    bool preferred, disliked, orientation, etc_fit, over_budget;
    const char *interest;
};

/* Consumables of an item for all participants in one session, in cents. */
static int64_t cost_per_session(const struct easel__ctx *c, const struct easel_intervention *in,
                                const struct easel__item *it)
{
    int64_t cost = 0;
    for (size_t u = 0; u < in->n_media; u++) {
        int m = easel__medium_at(in, it, u);
        if (m < 0)
            continue;
        const struct easel_medium *md = &c->kb->media[m];
        if (!md->reusable)
            cost += (easel__qty_at(c->kb, in, it, u) * c->plan->participants * md->unit_cost_cents +
                     999) /
                    1000;
    }
    return cost;
}

/* The parts of an item's score that do not change from session to session: art making,
   client preference, orientation, interests, cited basis, budget, time fit, written for this
   setting or problem. Between -20 and 28. */
static int static_part(const struct easel__ctx *c, struct easel__item *it, struct score_parts *s)
{
    const struct easel_intervention *in = &c->kb->interventions[it->index];
    /* art at the centre: art making ranks first; a talk-only technique last */
    int total = in->type == EASEL_ITYPE_TECHNIQUE ? (in->n_media ? 0 : -8) : 4;
    s->preferred = (it->flags & EASEL__ITEM_PREFERRED) != 0;
    s->disliked = (it->flags & EASEL__ITEM_DISLIKED) != 0;
    total += s->preferred ? 8 : 0;
    total -= s->disliked ? 12 : 0;
    s->orientation = (in->approaches & c->profile->orientation) != 0;
    total += s->orientation ? 4 : 0;
    total += 3 * interest_matches(c, in, &s->interest);
    total += strncmp(in->basis, "clinical.md", 11) == 0 ? 2 : 0;
    if (c->profile->budget_cents >= 0 && c->plan->n_sessions) {
        int64_t share = c->profile->budget_cents / (int64_t)c->plan->n_sessions;
        s->over_budget = cost_per_session(c, in, it) > share;
        total -= s->over_budget ? 6 : 0;
    }
    if (in->typical_minutes > c->plan->main_minutes_max)
        total -= 2;
    /* a main directive that fills the session's making time, not a five-minute exercise
       stretched over it */
    if (2 * in->typical_minutes < c->plan->main_minutes_max)
        total -= 10;
    /* written for this setting (shelter, forensic, bedside items), or for this client's
       presenting problem (an item written for problems the client lacks is excluded) */
    if (in->settings.n)
        total += 3;
    if (in->problems.n)
        total += 4;
    return total;
}

/* How well an item's goal tags fit an objective's (`want`) and the rest of the plan's. */
static int goal_fit(const struct easel__ctx *c, uint64_t tags, uint64_t want)
{
    return 10 * easel_popcount64(tags & want) + 2 * easel_popcount64(tags & c->plan_tags & ~want);
}

/* The parts that depend on the session: phase fit, ETC step, variety. */
static int session_part(const struct easel__ctx *c, const struct easel__item *it, int phase,
                        bool exact, int session, bool *etc_fit)
{
    int total = exact ? 5 : 0;
    *etc_fit = false;
    if (c->etc_level >= 0) {
        int level = c->etc_level;
        int aim = phase <= EASEL_PHASE_SKILLS ? level : (level < EASEL_ETC_CR ? level + 1 : level);
        *etc_fit = (it->etc & EASEL_BIT(aim)) != 0;
        total += *etc_fit ? 3 : 0;
    }
    /* a directive repeats only where routine is the treatment, and even then the plan varies
       the making within the same order of the session */
    if (!c->plan->routine)
        total -= 12 * it->uses + (it->uses && it->last_used == session - 1 ? 20 : 0);
    else
        total -= 8 * it->uses + (it->uses && it->last_used == session - 1 ? 12 : 0);
    return total;
}

/* Full score of a main item for objective tags `want`, with the reasons behind it (for
   explanations). */
static struct score_parts score(const struct easel__ctx *c, struct easel__item *it, uint64_t want,
                                int phase, bool exact, int session)
{
    struct score_parts s = {0};
    s.total = static_part(c, it, &s) + goal_fit(c, it->goal_tags, want) +
              session_part(c, it, phase, exact, session, &s.etc_fit);
    return s;
}

/* Candidates per objective and per edge role, computed once: allowed main items serving the
   objective's tags, and allowed warm-ups and closures (that fit their slot, see add_item in
   constraints.c). Sessions then scan these short lists instead of the whole KB. Each entry
   carries the part of the item's score that is the same in every session of this list: the
   goal fit for a main list's objective; for a warm-up or closure all but the variety penalty. */
struct candidate {
    int item; /* index in ctx->items */
    int fit;
};

struct candidates {
    struct candidate *items;
    size_t n;
};

/* The same total as score(), from a main list's entry, with the item's static part computed
   once per plan (ranking loops). */
static int fast_score(const struct easel__ctx *c, const struct candidate *cd, int phase, bool exact,
                      int session)
{
    struct easel__item *it = &c->items[cd->item];
    bool etc_fit;
    if (!(it->flags & EASEL__ITEM_SCORED)) {
        struct score_parts parts = {0};
        it->static_score = (int8_t)static_part(c, it, &parts);
        it->flags |= EASEL__ITEM_SCORED;
    }
    return it->static_score + cd->fit + session_part(c, it, phase, exact, session, &etc_fit);
}

/* A warm-up's or closure's score but for variety: goal fit (stabilisation, grounding and
   containment count for closures, and for warm-ups in a phased plan) and media preferences. */
static int edge_fit(const struct easel__ctx *c, const struct easel__item *it, int role)
{
    const uint64_t want = EASEL_BIT(1) | EASEL_BIT(2) | EASEL_BIT(3); /* stabilisation,
                                                                         grounding, containment */
    int s = 2 * easel_popcount64(it->goal_tags & c->plan_tags);
    if (role == EASEL_ROLE_CLOSURE || c->plan->phased)
        s += 3 * easel_popcount64(it->goal_tags & want);
    if (it->flags & EASEL__ITEM_PREFERRED)
        s += 4;
    if (it->flags & EASEL__ITEM_DISLIKED)
        s -= 8;
    return s;
}

/* Allocates a list for the n entries counted, and empties it for filling. */
static int make_room(struct easel_arena *a, struct candidates *l)
{
    l->items = easel__arena_alloc_raw(a, (l->n + 1) * sizeof(*l->items));
    EASEL__CHECK(l->items);
    l->n = 0;
    return 0;
}

static void append(struct candidates *l, int item, int fit)
{
    l->items[l->n].item = item;
    l->items[l->n].fit = fit;
    l->n++;
}

/* Every allowed item goes on its lists: each objective's whose tags it serves (main items that
   serve the plan's tags), the warm-ups', the closures'. One pass counts, so that each list is
   allocated at its exact size; a second fills them. */
static int collect(struct easel__ctx *c, struct candidates *cand, size_t n_obj,
                   struct candidates *warm, struct candidates *close)
{
    struct easel_arena *a = &c->plan->arena;
    uint64_t *objective_tags = easel__arena_alloc_raw(a, (n_obj + 1) * sizeof(uint64_t));
    EASEL__CHECK(objective_tags);
    for (size_t k = 0; k < n_obj; k++)
        objective_tags[k] = c->plan->objectives[k].tpl->goal_tags;
    const uint32_t as_main = EASEL_BIT(EASEL_ROLE_MAIN), as_warmup = EASEL_BIT(EASEL_ROLE_WARMUP),
                   as_closure = EASEL_BIT(EASEL_ROLE_CLOSURE);
    for (size_t j = 0; j < c->n_items; j++) {
        const struct easel__item *it = &c->items[j];
        warm->n += (it->roles & as_warmup) != 0;
        close->n += (it->roles & as_closure) != 0;
        if ((it->roles & as_main) && (it->goal_tags & c->plan_tags))
            for (size_t k = 0; k < n_obj; k++)
                cand[k].n += (it->goal_tags & objective_tags[k]) != 0;
    }
    for (size_t k = 0; k < n_obj; k++)
        if (make_room(a, &cand[k]))
            return EASEL_ENOMEM;
    if (make_room(a, warm) || make_room(a, close))
        return EASEL_ENOMEM;
    for (size_t j = 0; j < c->n_items; j++) {
        const struct easel__item *it = &c->items[j];
        if (it->roles & as_warmup)
            append(warm, (int)j, edge_fit(c, it, EASEL_ROLE_WARMUP));
        if (it->roles & as_closure)
            append(close, (int)j, edge_fit(c, it, EASEL_ROLE_CLOSURE));
        if ((it->roles & as_main) && (it->goal_tags & c->plan_tags))
            for (size_t k = 0; k < n_obj; k++)
                if (it->goal_tags & objective_tags[k])
                    append(&cand[k], (int)j, goal_fit(c, it->goal_tags, objective_tags[k]));
    }
    return 0;
}

/* Best main item from an objective's list for a session (index in ctx->items); -1 when none
   is allowed. */
static int best_main(const struct easel__ctx *c, const struct candidates *cand, int phase,
                     int session, bool allow_talk, bool *exact_out)
{
    int best = -1, best_score = 0;
    bool best_exact = false;
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        bool exact = pass == 0;
        for (size_t k = 0; k < cand->n; k++) {
            const struct candidate *cd = &cand->items[k];
            if (!allowed(&c->items[cd->item], EASEL_ROLE_MAIN, phase, exact))
                continue;
            if (!allow_talk && (c->items[cd->item].flags & EASEL__ITEM_TALK))
                continue;
            /* a directive split over two sessions needs the next one, before the ending */
            if (easel__needs_two_sessions(c, &c->kb->interventions[c->items[cd->item].index]) &&
                (size_t)session + 2 >= c->plan->n_sessions)
                continue;
            int s = fast_score(c, cd, phase, exact, session);
            if (best < 0 || s > best_score) {
                best = cd->item;
                best_score = s;
                best_exact = exact;
            }
        }
    }
    *exact_out = best_exact;
    return best;
}

/* Best warm-up or closure (the list of that role) in a session; -1 when none is allowed. */
static int best_edge(const struct easel__ctx *c, const struct candidates *cand, int role, int phase,
                     int session, int not1, int not2)
{
    int best = -1, best_score = 0;
    for (size_t k = 0; k < cand->n; k++) {
        const struct candidate *cd = &cand->items[k];
        const struct easel__item *it = &c->items[cd->item];
        if (!allowed(it, role, phase, true) || cd->item == not1 || cd->item == not2)
            continue; /* nothing twice in one session */
        int s = cd->fit - (4 * it->uses + (it->uses && it->last_used == session - 1 ? 10 : 0));
        if (best < 0 || s > best_score) {
            best = cd->item;
            best_score = s;
        }
    }
    return best;
}

/* Put allowed item j (index in ctx->items; -1: none) into a session's slot. */
static int place(struct easel__ctx *c, struct easel_plan_item *item, int j, int minutes,
                 int session)
{
    item->intervention = j < 0 ? -1 : c->items[j].index;
    item->minutes = minutes;
    if (j < 0)
        return 0;
    struct easel__item *it = &c->items[j];
    const struct easel_intervention *in = &c->kb->interventions[it->index];
    item->subs = it->subs;
    item->n_subs = it->n_subs;
    item->n_media = 0;
    if (in->n_media) {
        int *media = easel_arena_alloc(&c->plan->arena, in->n_media * sizeof(*media));
        int *use = easel_arena_alloc(&c->plan->arena, in->n_media * sizeof(*use));
        int64_t *qty = easel_arena_alloc(&c->plan->arena, in->n_media * sizeof(*qty));
        EASEL__CHECK(media && use && qty);
        for (size_t u = 0; u < in->n_media; u++) {
            use[u] = easel__medium_at(in, it, u);
            if (use[u] < 0)
                continue; /* a dropped optional role */
            media[item->n_media] = use[u];
            qty[item->n_media++] = easel__qty_at(c->kb, in, it, u);
        }
        item->media = media;
        item->use = use;
        item->qty_milli = qty;
    }
    it->uses++;
    it->last_used = (int8_t)session;
    return 0;
}

static const char *tag_list(struct easel_arena *a, uint64_t mask)
{
    const char *s = NULL;
    for (int i = 0; i < 64; i++)
        if (mask & EASEL_BIT(i)) {
            const char *w = easel_vocab_name(EASEL_VOCAB_GOAL_TAG, i);
            s = s ? easel_arena_printf(a, "%s, %s", s, w) : w;
        }
    return s ? s : "";
}

/* Why allowed item j is a session's main directive. */
static const char *why_main(struct easel__ctx *c, int j, const struct easel_plan_objective *o,
                            int phase, bool exact, int session)
{
    struct easel_arena *a = &c->plan->arena;
    struct easel__item *it = &c->items[j];
    const struct easel_intervention *in = &c->kb->interventions[it->index];
    struct score_parts s = score(c, it, o->tpl->goal_tags, phase, exact, session);
    const char *w = easel_arena_printf(
        a, "serves objective %s (%s); %s-phase item%s", o->number,
        tag_list(a, in->goal_tags & o->tpl->goal_tags), easel_vocab_name(EASEL_VOCAB_PHASE, phase),
        exact ? ""
              : " (no item of this phase serves the objective; the nearest earlier phase "
                "is used)");
    if (s.preferred)
        w = easel_arena_printf(a, "%s; uses a medium the client prefers", w);
    if (s.disliked)
        w = easel_arena_printf(a, "%s; uses a medium the client dislikes (no better option)", w);
    if (s.orientation)
        w = easel_arena_printf(a, "%s; its approach matches the therapist's orientation", w);
    if (s.interest)
        w = easel_arena_printf(a, "%s; matches the client's interest \"%s\"", w, s.interest);
    if (s.etc_fit)
        w = easel_arena_printf(a,
                               "%s; works at the ETC level the client's art assessment "
                               "points to%s",
                               w, phase <= EASEL_PHASE_SKILLS ? "" : " (one step up)");
    if (c->plan->phased && phase == EASEL_PHASE_STABILISATION)
        w = easel_arena_printf(a,
                               "%s; containing (intensity %d) with resistive media, as "
                               "stabilisation comes before processing",
                               w, in->intensity);
    if (s.over_budget)
        w = easel_arena_printf(a, "%s; costs more per session than the budget share", w);
    for (size_t k = 0; k < it->n_subs; k++) {
        struct easel_buf b;
        easel_buf_init(&b, 4096);
        easel_plan_sub_reason(c->plan, &it->subs[k], &b);
        w = easel_arena_printf(a, "%s; %s", w, easel_buf_str(&b));
        easel_buf_release(&b);
    }
    return w;
}

static const char *gap_reason(struct easel__ctx *c, const struct easel_plan_objective *o)
{
    struct easel_arena *a = &c->plan->arena;
    const char *list = NULL;
    int serving = 0, listed = 0;
    for (size_t i = 0; i < c->kb->n_interventions; i++) {
        const struct easel_intervention *in = &c->kb->interventions[i];
        if (!(in->goal_tags & o->tpl->goal_tags) || !(in->roles & EASEL_BIT(EASEL_ROLE_MAIN)))
            continue;
        serving++;
        if (listed < 6) {
            struct easel_buf b;
            easel_buf_init(&b, 8192);
            if (c->plan->excluded[i])
                easel_plan_reason(c->plan, (int)i, &b);
            else
                easel_buf_puts(&b, "allowed, but not in any phase this program has or too fluid "
                                   "for the phase");
            list = list ? easel_arena_printf(a, "%s | %s: %s", list, in->id, easel_buf_str(&b))
                        : easel_arena_printf(a, "%s: %s", in->id, easel_buf_str(&b));
            easel_buf_release(&b);
            listed++;
        }
    }
    if (!serving)
        return easel_arena_printf(a, "no intervention in the knowledge base serves %s",
                                  tag_list(a, o->tpl->goal_tags));
    return easel_arena_printf(a,
                              "none of the %d interventions serving %s is allowed for this "
                              "client%s: %s",
                              serving, tag_list(a, o->tpl->goal_tags),
                              serving > listed ? " (first 6 shown)" : "", list);
}

/* Routine-dependent clients (autism; dementia of moderate degree or more) get the same order
   every session and a visual schedule (TEACCH, Montessori-based dementia programming:
   plan-quality.md §3 [38, 39]); an active risk in a group plan gets an individual safety session
   outside the group; ideation now means a review every session (PC, plan-quality.md §2.2). */
static void routine_and_risk(struct easel__ctx *c)
{
    struct easel_plan *pl = c->plan;
    const struct easel_profile *p = c->profile;
    if (easel_profile_needs_routine(p, c->kb))
        pl->routine = "welcome, warm-up, making, looking at the work together, goodbye (show "
                      "each step as a picture card and turn it over when done)";
    for (size_t i = 0; i < pl->n_risks; i++)
        if (pl->risks[i].flag == EASEL_FLAG_SUICIDE_RISK)
            pl->ideation_active = true;
    for (size_t j = 0; j < c->n_items && !c->has_final; j++)
        c->has_final = c->kb->interventions[c->items[j].index].final_session;
    if (pl->n_risks && p->group)
        pl->safety_note = "a member's risk flag is not worked on in the group: before session 1 "
                          "the therapist meets that member alone to make a collaborative safety "
                          "plan, and reviews it with them outside the group";
}

/* The best allowed item of `role` that is a safety plan (safety == true), or that serves the
   ending of therapy (goal tag termination), whatever phases the item names, within the media
   limits of the session's phase; -1 when none. */
static int best_flagged(struct easel__ctx *c, bool safety, int role, int phase)
{
    const int termination = easel_vocab_find(EASEL_VOCAB_GOAL_TAG, "termination");
    int best = -1, best_score = 0;
    for (size_t j = 0; j < c->n_items; j++) {
        struct easel__item *it = &c->items[j];
        const struct easel_intervention *in = &c->kb->interventions[it->index];
        if (!(it->roles & EASEL_BIT(role)) || !(it->edge & EASEL_BIT(phase)))
            continue; /* edge: the phase's fluidity cap and containment, whatever its phases */
        if (safety ? !in->safety_plan
                   : termination < 0 || !(it->goal_tags & EASEL_BIT(termination)))
            continue;
        if (!safety && !in->final_session && c->has_final)
            continue; /* the last session reviews and says goodbye; announcing comes earlier */
        struct score_parts parts = {0};
        int sc = static_part(c, it, &parts) - 12 * it->uses;
        if (safety) /* the fullest safety plan the session has time for (plan-quality.md §2.5) */
            sc += (in->typical_minutes < c->plan->main_minutes_max ? in->typical_minutes
                                                                   : c->plan->main_minutes_max) /
                  3;
        if (best < 0 || sc > best_score) {
            best = (int)j;
            best_score = sc;
        }
    }
    return best;
}

static const char *why_safety(struct easel__ctx *c, int j)
{
    (void)j;
    const struct easel_plan *pl = c->plan;
    return easel_arena_printf(&c->plan->arena,
                              "safety first: %s, so session 1 is a collaborative safety plan "
                              "made with the client, before any expressive or trauma work "
                              "(plan-quality.md §1 A1, §2.1); it is revisited in later sessions",
                              pl->risks[0].reason);
}

static const char *why_ending(struct easel__ctx *c, int j)
{
    (void)j;
    return easel_arena_printf(&c->plan->arena,
                              "the ending: the last of %zu sessions reviews the goals and the "
                              "artworks with the client, decides each piece's fate, and closes "
                              "(plan-quality.md §1 G3, §6)",
                              c->plan->n_sessions);
}

/* Minutes of each segment once the main item is known (plan-quality.md §3): a directive that
   needs more than its slot takes the warm-up, then processing and closure down to their minima;
   a short one is not stretched: processing may grow up to twice its slot, and the rest is open
   studio time. *w is set to -1 when the warm-up gives way. */
static int fit_minutes(struct easel__ctx *c, struct easel_plan_session *ss, int chosen, int part,
                       int *w, int cl)
{
    const struct easel_intervention *in = &c->kb->interventions[c->items[chosen].index];
    int warm = ss->safety_review + ss->ground_rules;
    if (!warm && *w >= 0)
        warm = c->warm_slot;
    int proc = c->proc_slot, close = cl >= 0 ? c->close_slot : 0;
    int avail = c->plan->session_minutes - warm - proc - close;
    const int want = part ? (in->typical_minutes + 1) / 2 : in->typical_minutes; /* a half */
    if (want > avail && *w >= 0) {
        avail += warm;
        warm = 0;
        *w = -1;
    }
    if (want > avail) {
        int give = proc - c->proc_min < want - avail ? proc - c->proc_min : want - avail;
        proc -= give;
        avail += give;
    }
    if (want > avail && cl >= 0) {
        int give = close - c->close_min < want - avail ? close - c->close_min : want - avail;
        close -= give;
        avail += give;
    }
    int main = want < avail ? want : avail;
    int left = avail - main;
    int grow = left < c->proc_grow ? left : c->proc_grow;
    proc += grow;
    left -= grow;
    ss->studio_minutes = left;
    ss->processing_minutes = proc;
    ss->main.minutes = main;
    ss->warmup.minutes = *w >= 0 ? warm : 0;
    ss->closure.minutes = close;
    return 0;
}

int easel__program(struct easel__ctx *c)
{
    struct easel_plan *pl = c->plan;
    struct easel_arena *a = &pl->arena;
    size_t n_obj = pl->n_objectives;
    pl->gaps = easel_arena_alloc(a, (n_obj + 1) * sizeof(*pl->gaps));
    EASEL__CHECK(pl->gaps);
    c->etc_level = client_etc_level(c);
    if (lowercase_interests(c))
        return EASEL_ENOMEM;
    routine_and_risk(c);
    struct candidates *cand = easel_arena_alloc(a, (n_obj + 1) * sizeof(*cand));
    struct candidates warmups = {0}, closures = {0};
    EASEL__CHECK(cand);
    if (collect(c, cand, n_obj, &warmups, &closures))
        return EASEL_ENOMEM;
    const size_t n = pl->n_sessions;
    const int talk_cap = 0; /* talk-only mains only where no art directive serves */
    int talk_mains = 0, routine_warm = -2, routine_close = -2;
    int carry = -1; /* the directive whose second half this session continues */
    for (size_t s = 0; s < n; s++) {
        struct easel_plan_session *ss = &pl->sessions[s];
        int phase = easel__phase_of(c, (int)s);
        ss->phase = phase;
        ss->objective = -1;
        ss->warmup.intervention = ss->main.intervention = ss->closure.intervention = -1;
        int chosen = -1;
        bool exact = true;
        const bool safety_first = s == 0 && pl->n_risks && !c->profile->group;
        ss->ending = n >= 4 && s == n - 1 && !c->profile->drop_in;
        if (carry >= 0) { /* the second half of last session's directive, in its phase */
            chosen = carry;
            phase = ss->phase = pl->sessions[s - 1].phase;
            ss->objective = pl->sessions[s - 1].objective;
            exact = !pl->sessions[s - 1].stand_in;
        } else if (safety_first) {
            /* safety first: an active risk puts the collaborative safety plan in session 1 */
            chosen = best_flagged(c, true, EASEL_ROLE_MAIN, phase);
            ss->objective = 0;
        } else if (ss->ending) {
            chosen = best_flagged(c, false, EASEL_ROLE_MAIN, phase);
            ss->objective = 0;
        }
        /* otherwise the objective with the fewest sessions so far that something allowed can
           serve in this phase; ties go round-robin from the session number; talk-only
           techniques only when nothing else serves, or within their cap */
        for (int talk = 0; chosen < 0 && carry < 0 && !safety_first && talk < 2; talk++) {
            bool allow_talk = talk == 1 || talk_mains < talk_cap;
            for (int served = 0; chosen < 0 && served <= (int)n; served++)
                for (size_t j = 0; j < n_obj && chosen < 0; j++) {
                    size_t k = (s + j) % n_obj;
                    if (pl->objectives[k].sessions_served != served)
                        continue;
                    bool ex = false;
                    int got = best_main(c, &cand[k], phase, (int)s, allow_talk, &ex);
                    if (got < 0)
                        continue;
                    chosen = got;
                    exact = ex;
                    ss->objective = (int)k;
                }
        }
        /* the safety plan is revisited: the next session, every session while ideation is
           active, every fourth session, and at the end (plan-quality.md §2.2), also in a session
           no directive fits */
        if (pl->n_risks && !c->profile->group && s > 0 &&
            (s == 1 || pl->ideation_active || s % 4 == 0 || s == n - 1))
            ss->safety_review = 5;
        if (chosen < 0 && safety_first) {
            ss->unfilled = easel_arena_printf(
                a,
                "safety first: no allowed safety-planning intervention fits this client and a "
                "%d-minute session, so this session is kept for completing the safety plan by "
                "other means (with the care team, and with the crisis protocol of the %s "
                "setting) before any other work; see the gaps",
                pl->session_minutes, c->setting->name);
            EASEL__CHECK(ss->unfilled);
            continue;
        }
        if (chosen < 0) {
            ss->unfilled = easel_arena_printf(
                a,
                "%sno allowed %s-phase intervention serves any objective of this plan; see the "
                "gaps and the excluded items",
                ss->safety_review ? "the safety plan is reviewed (5 min); " : "",
                easel_vocab_name(EASEL_VOCAB_PHASE, phase));
            EASEL__CHECK(ss->unfilled);
            continue;
        }
        ss->stand_in = !exact; /* an item of the nearest earlier phase: the label says so */
        if (c->items[chosen].flags & EASEL__ITEM_TALK)
            talk_mains++;
        const struct easel_plan_objective *o = &pl->objectives[ss->objective];
        const struct easel_intervention *in_chosen = &c->kb->interventions[c->items[chosen].index];
        int part = carry >= 0 ? 2 : easel__needs_two_sessions(c, in_chosen) ? 1 : 0;
        ss->why = part == 2      ? easel_arena_printf(a,
                                                      "the second half of the directive begun in "
                                                           "session %d, which takes two sessions (its "
                                                           "making pauses after step %d)",
                                                      pl->sessions[s - 1].number, in_chosen->split_after)
                  : safety_first ? why_safety(c, chosen)
                  : ss->ending   ? why_ending(c, chosen)
                                 : why_main(c, chosen, o, phase, exact, (int)s);
        if (part == 1 && ss->why)
            ss->why = easel_arena_printf(a,
                                         "%s; it takes two sessions: the making pauses after "
                                         "step %d and goes on in session %d",
                                         ss->why, in_chosen->split_after, ss->number + 1);
        carry = part == 1 ? chosen : -1;
        EASEL__CHECK(ss->why && !a->failed);
        if (c->profile->group && s == 0)
            ss->ground_rules = 5; /* a group starts by agreeing how it works together */
        int w = -1, cl;
        if (c->warm_slot && !ss->safety_review && !ss->ground_rules)
            w = routine_warm >= -1
                    ? routine_warm
                    : best_edge(c, &warmups, EASEL_ROLE_WARMUP, ss->phase, (int)s, chosen, -1);
        cl = routine_close >= -1
                 ? routine_close
                 : best_edge(c, &closures, EASEL_ROLE_CLOSURE, ss->phase, (int)s, chosen, w);
        if (w == chosen)
            w = -1;
        if (cl == chosen || (cl >= 0 && cl == w))
            cl = -1;
        if (pl->routine && routine_warm < -1) { /* the same opening and closing every week */
            routine_warm = w;
            routine_close = cl;
        }
        if (fit_minutes(c, ss, chosen, part, &w, cl))
            return EASEL_ENOMEM;
        ss->main.part = part;
        if (place(c, &ss->main, chosen, ss->main.minutes, (int)s) ||
            place(c, &ss->warmup, w, ss->warmup.minutes, (int)s) ||
            place(c, &ss->closure, cl, ss->closure.minutes, (int)s))
            return EASEL_ENOMEM;
        pl->objectives[ss->objective].sessions_served++;
    }
    if (pl->routine && routine_warm < 0) /* the schedule shows the segments the sessions have */
        pl->routine = "welcome, making, looking at the work together, goodbye (show each step as "
                      "a picture card and turn it over when done)";
    for (size_t k = 0; k < n_obj; k++) {
        struct easel_plan_objective *o = &pl->objectives[k];
        if (o->sessions_served)
            continue;
        bool any = false;
        for (int ph = 0; ph < EASEL_PHASE_COUNT && !any; ph++)
            for (size_t j = 0; j < cand[k].n && !any; j++)
                any = allowed(&c->items[cand[k].items[j].item], EASEL_ROLE_MAIN, ph, true);
        pl->gaps[pl->n_gaps].objective = (int)k;
        pl->gaps[pl->n_gaps].reason =
            any ? easel_arena_printf(a,
                                     "suitable interventions exist, but the %zu sessions of "
                                     "this program went to other objectives; add sessions or "
                                     "fold this objective into another",
                                     pl->n_sessions)
                : gap_reason(c, o);
        EASEL__CHECK(pl->gaps[pl->n_gaps].reason);
        pl->n_gaps++;
    }
    /* verdicts for every intervention that was not excluded */
    for (size_t j = 0; j < c->n_items; j++) {
        const struct easel__item *it = &c->items[j];
        const int i = it->index;
        struct easel_plan_verdict *v = &pl->interventions[i];
        if (it->uses) {
            const char *list = NULL;
            for (size_t s = 0; s < pl->n_sessions; s++) {
                const struct easel_plan_session *ss = &pl->sessions[s];
                const char *role = ss->main.intervention == i      ? "main"
                                   : ss->warmup.intervention == i  ? "warm-up"
                                   : ss->closure.intervention == i ? "closure"
                                                                   : NULL;
                if (role)
                    list = list ? easel_arena_printf(a, "%s, %d (%s)", list, ss->number, role)
                                : easel_arena_printf(a, "%d (%s)", ss->number, role);
            }
            v->verdict = EASEL_VERDICT_INCLUDED;
            v->reason = easel_arena_printf(a, "placed in session %s", list);
        } else if ((it->goal_tags & c->plan_tags) || !(it->roles & EASEL_BIT(EASEL_ROLE_MAIN))) {
            v->verdict = EASEL_VERDICT_NOT_SELECTED;
            v->reason = "allowed for this client, but other items ranked higher for the phase, "
                        "the objectives and the client's preferences, or it was held back for "
                        "variety";
        } else {
            v->verdict = EASEL_VERDICT_NOT_RELEVANT;
            v->reason = "allowed, but serves none of this plan's objectives";
        }
        EASEL__CHECK(v->reason);
    }
    return a->failed ? EASEL_ENOMEM : 0;
}
