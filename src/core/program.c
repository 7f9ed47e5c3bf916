/*
 * core/program.c — steps 3, 4 and 6 of the engine: phases (stabilisation before processing
 * for trauma and dysregulation), ranking of the allowed interventions for each objective, and
 * the session-by-session program (warm-up, main directive, processing, closure) fitted to the
 * session length. Sessions that nothing allowed can fill stay empty and say why (no padding);
 * objectives without any allowed intervention become gaps.
 */
#include "engine.h"

#include <ctype.h>
#include <limits.h>
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

/* Whether intervention i may fill `role` in a session of `phase` (phase fits exactly, or
   through the fallback when exact is false). */
static bool allowed(const struct easel__ctx *c, int i, int role, int phase, bool exact)
{
    const struct easel_intervention *in = &c->kb->interventions[i];
    if (c->plan->excluded[i] || !(in->roles & EASEL_BIT(role)))
        return false;
    if (c->plan->phased && phase == EASEL_PHASE_STABILISATION &&
        ((in->phases & EASEL_BIT(EASEL_PHASE_PROCESSING)) || in->intensity > 2))
        return false;
    if (c->res[i].fluidity > easel__fluidity_cap(c, phase))
        return false;
    if (role != EASEL_ROLE_MAIN)
        return true; /* warm-ups and closures serve every phase they are allowed in */
    if (exact)
        return (in->phases & EASEL_BIT(phase)) != 0;
    static const int fallback[] = {-1, EASEL_PHASE_STABILISATION, EASEL_PHASE_SKILLS,
                                   EASEL_PHASE_SKILLS};
    return fallback[phase] >= 0 && (in->phases & EASEL_BIT(fallback[phase]));
}

static bool uses_medium_in(const struct easel__resolved *r, const struct easel_idlist *l)
{
    for (size_t i = 0; i < r->n && l->n; i++) {
        int m = easel__medium_at(r, i);
        for (size_t k = 0; k < l->n; k++)
            if (m == l->index[k])
                return true;
    }
    return false;
}

static bool word_match(const char *interest, const char *theme)
{
    size_t n = strlen(theme);
    for (const char *p = interest; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && tolower((unsigned char)p[k]) == theme[k])
            k++;
        if (k == n)
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
            if (word_match(c->profile->interests.items[k], in->themes.items[t])) {
                if (!hits)
                    *which = c->profile->interests.items[k];
                hits++;
            }
    return hits > 2 ? 2 : hits;
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

/* The parts of an item's score that do not change from session to session: art making,
   client preference, orientation, interests, cited basis, budget, time fit. */
static int static_part(const struct easel__ctx *c, int i, struct score_parts *s)
{
    const struct easel_intervention *in = &c->kb->interventions[i];
    const struct easel__resolved *r = &c->res[i];
    int total = in->type == EASEL_ITYPE_TECHNIQUE ? 0 : 4;
    s->preferred = uses_medium_in(r, &c->profile->preferred_media);
    s->disliked = uses_medium_in(r, &c->profile->disliked_media);
    total += s->preferred ? 8 : 0;
    total -= s->disliked ? 12 : 0;
    s->orientation = (in->approaches & c->profile->orientation) != 0;
    total += s->orientation ? 4 : 0;
    total += 3 * interest_matches(c, in, &s->interest);
    total += strncmp(in->basis, "clinical.md", 11) == 0 ? 2 : 0;
    if (c->profile->budget_cents >= 0 && c->plan->n_sessions) {
        int64_t share = c->profile->budget_cents / (int64_t)c->plan->n_sessions;
        s->over_budget = r->cost_per_session > share;
        total -= s->over_budget ? 6 : 0;
    }
    if (in->typical_minutes > c->plan->main_minutes_max)
        total -= 2;
    return total;
}

/* The parts that depend on the session: goal fit, phase fit, ETC step, variety. */
static int dynamic_part(const struct easel__ctx *c, int i, uint64_t want, int phase, bool exact,
                        int session, bool *etc_fit)
{
    const struct easel_intervention *in = &c->kb->interventions[i];
    int total = 10 * easel_popcount64(in->goal_tags & want) +
                2 * easel_popcount64(in->goal_tags & c->plan_tags & ~want);
    total += exact ? 5 : 0;
    *etc_fit = false;
    if (c->etc_level >= 0) {
        int level = c->etc_level;
        int aim = phase <= EASEL_PHASE_SKILLS ? level : (level < EASEL_ETC_CR ? level + 1 : level);
        *etc_fit = (in->etc & EASEL_BIT(aim)) != 0;
        total += *etc_fit ? 3 : 0;
    }
    total -= 6 * c->uses[i] + (c->uses[i] && c->last_used[i] == session - 1 ? 20 : 0);
    return total;
}

/* Full score with the reasons behind it (for explanations). */
static struct score_parts score(const struct easel__ctx *c, int i, uint64_t want, int phase,
                                bool exact, int session)
{
    struct score_parts s = {0};
    s.total = static_part(c, i, &s) + dynamic_part(c, i, want, phase, exact, session, &s.etc_fit);
    return s;
}

/* The same total, with the static part computed once per plan (ranking loops). */
static int fast_score(const struct easel__ctx *c, int i, uint64_t want, int phase, bool exact,
                      int session)
{
    bool etc_fit;
    if (c->static_score[i] == INT_MIN) {
        struct score_parts parts = {0};
        c->static_score[i] = static_part(c, i, &parts);
    }
    return c->static_score[i] + dynamic_part(c, i, want, phase, exact, session, &etc_fit);
}

/* Best main intervention for objective o in a session; -1 when none is allowed. */
/* Candidates per objective and per edge role, computed once: allowed main items serving the
   objective's tags, and allowed warm-ups and closures. Sessions then scan these short lists
   instead of the whole KB. */
struct candidates {
    int *items;
    size_t n;
};

/* One pass over the KB fills every list: main items per objective (serving its tags), and
   warm-ups and closures. */
static int collect(struct easel__ctx *c, struct candidates *cand, size_t n_obj,
                   struct candidates *warm, struct candidates *close)
{
    struct easel_plan *pl = c->plan;
    const struct easel_kb *kb = c->kb;
    size_t n_main = 0, n_warm = 0, n_close = 0;
    for (size_t i = 0; i < kb->n_interventions; i++) {
        if (pl->excluded[i])
            continue;
        uint32_t roles = kb->interventions[i].roles;
        n_warm += (roles & EASEL_BIT(EASEL_ROLE_WARMUP)) != 0;
        n_close += (roles & EASEL_BIT(EASEL_ROLE_CLOSURE)) != 0;
        n_main += (roles & EASEL_BIT(EASEL_ROLE_MAIN)) != 0;
    }
    for (size_t k = 0; k < n_obj; k++) {
        cand[k].items = easel_arena_alloc(&pl->arena, (n_main + 1) * sizeof(int));
        EASEL__CHECK(cand[k].items);
    }
    warm->items = easel_arena_alloc(&pl->arena, (n_warm + 1) * sizeof(int));
    close->items = easel_arena_alloc(&pl->arena, (n_close + 1) * sizeof(int));
    EASEL__CHECK(warm->items && close->items);
    for (size_t i = 0; i < kb->n_interventions; i++) {
        if (pl->excluded[i])
            continue;
        const struct easel_intervention *in = &kb->interventions[i];
        if (in->roles & EASEL_BIT(EASEL_ROLE_WARMUP))
            warm->items[warm->n++] = (int)i;
        if (in->roles & EASEL_BIT(EASEL_ROLE_CLOSURE))
            close->items[close->n++] = (int)i;
        if (!(in->roles & EASEL_BIT(EASEL_ROLE_MAIN)) || !(in->goal_tags & c->plan_tags))
            continue;
        for (size_t k = 0; k < n_obj; k++)
            if (in->goal_tags & pl->objectives[k].tpl->goal_tags)
                cand[k].items[cand[k].n++] = (int)i;
    }
    return 0;
}

static int best_main(const struct easel__ctx *c, const struct easel_plan_objective *o,
                     const struct candidates *cand, int phase, int session, bool *exact_out)
{
    int best = -1, best_score = 0;
    bool best_exact = false;
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        bool exact = pass == 0;
        for (size_t k = 0; k < cand->n; k++) {
            size_t i = (size_t)cand->items[k];
            if (!allowed(c, (int)i, EASEL_ROLE_MAIN, phase, exact))
                continue;
            int s = fast_score(c, (int)i, o->tpl->goal_tags, phase, exact, session);
            if (best < 0 || s > best_score) {
                best = (int)i;
                best_score = s;
                best_exact = exact;
            }
        }
    }
    *exact_out = best_exact;
    return best;
}

static int best_edge(const struct easel__ctx *c, const struct candidates *cand, int role, int phase,
                     int slot, int session)
{
    int best = -1, best_score = 0;
    uint64_t want = EASEL_BIT(1) | EASEL_BIT(2) | EASEL_BIT(3); /* stabilisation, grounding,
                                                                   containment */
    for (size_t k = 0; k < cand->n; k++) {
        size_t i = (size_t)cand->items[k];
        const struct easel_intervention *in = &c->kb->interventions[i];
        if (!allowed(c, (int)i, role, phase, true) || in->min_minutes > slot)
            continue;
        int s = 2 * easel_popcount64(in->goal_tags & c->plan_tags);
        if (role == EASEL_ROLE_CLOSURE || c->plan->phased)
            s += 3 * easel_popcount64(in->goal_tags & want);
        if (uses_medium_in(&c->res[i], &c->profile->preferred_media))
            s += 4;
        if (uses_medium_in(&c->res[i], &c->profile->disliked_media))
            s -= 8;
        s -= 4 * c->uses[i] + (c->uses[i] && c->last_used[i] == session - 1 ? 10 : 0);
        if (best < 0 || s > best_score) {
            best = (int)i;
            best_score = s;
        }
    }
    return best;
}

static int place(struct easel__ctx *c, struct easel_plan_item *item, int i, int minutes,
                 int session)
{
    item->intervention = i;
    item->minutes = minutes;
    if (i < 0)
        return 0;
    const struct easel__resolved *r = &c->res[i];
    item->subs = r->subs;
    item->n_subs = r->n_subs;
    if (r->n) {
        int *media = easel_arena_alloc(&c->plan->arena, r->n * sizeof(*media));
        int64_t *qty = easel_arena_alloc(&c->plan->arena, r->n * sizeof(*qty));
        EASEL__CHECK(media && qty);
        for (size_t u = 0; u < r->n; u++) {
            media[u] = easel__medium_at(r, u);
            qty[u] = r->uses[u].qty_milli;
        }
        item->media = media;
        item->qty_milli = qty;
    }
    item->n_media = r->n;
    c->uses[i]++;
    c->last_used[i] = session;
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

static const char *why_main(struct easel__ctx *c, int i, const struct easel_plan_objective *o,
                            int phase, bool exact, int session)
{
    struct easel_arena *a = &c->plan->arena;
    const struct easel_intervention *in = &c->kb->interventions[i];
    struct score_parts s = score(c, i, o->tpl->goal_tags, phase, exact, session);
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
    for (size_t k = 0; k < c->res[i].n_subs; k++) {
        struct easel_buf b;
        easel_buf_init(&b, 4096);
        easel_plan_sub_reason(c->plan, &c->res[i].subs[k], &b);
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

int easel__program(struct easel__ctx *c)
{
    struct easel_plan *pl = c->plan;
    struct easel_arena *a = &pl->arena;
    size_t n_obj = pl->n_objectives;
    pl->gaps = easel_arena_alloc(a, (n_obj + 1) * sizeof(*pl->gaps));
    EASEL__CHECK(pl->gaps);
    c->etc_level = client_etc_level(c);
    c->static_score = easel_arena_alloc(a, (c->kb->n_interventions + 1) * sizeof(int));
    EASEL__CHECK(c->static_score);
    for (size_t i = 0; i < c->kb->n_interventions; i++)
        c->static_score[i] = INT_MIN; /* computed on first use */
    struct candidates *cand = easel_arena_alloc(a, (n_obj + 1) * sizeof(*cand));
    struct candidates warmups, closures;
    EASEL__CHECK(cand);
    memset(&warmups, 0, sizeof(warmups));
    memset(&closures, 0, sizeof(closures));
    memset(cand, 0, (n_obj + 1) * sizeof(*cand));
    if (collect(c, cand, n_obj, &warmups, &closures))
        return EASEL_ENOMEM;
    int warm_slot = pl->session_minutes <= 30 ? 0 : (pl->session_minutes > 60 ? 10 : 5);
    int close_slot = 5;
    for (size_t s = 0; s < pl->n_sessions; s++) {
        struct easel_plan_session *ss = &pl->sessions[s];
        int phase = easel__phase_of(c, (int)s);
        ss->phase = phase;
        ss->objective = -1;
        ss->warmup.intervention = ss->main.intervention = ss->closure.intervention = -1;
        int chosen = -1;
        bool exact = false;
        /* safety first: with an active risk, session 1 works on the safety objective or on
           nothing, and says why */
        /* otherwise the objective with the fewest sessions so far that something allowed can
           serve in this phase; ties go round-robin from the session number */
        size_t tries = (s == 0 && pl->n_risks) ? 1 : n_obj;
        for (int served = 0; chosen < 0 && served <= (int)pl->n_sessions; served++) {
            for (size_t j = 0; j < tries && chosen < 0; j++) {
                size_t k = (s + j) % n_obj;
                if (tries > 1 && pl->objectives[k].sessions_served != served)
                    continue;
                bool ex = false;
                int got = best_main(c, &pl->objectives[k], &cand[k], phase, (int)s, &ex);
                if (got < 0)
                    continue;
                chosen = got;
                exact = ex;
                ss->objective = (int)k;
            }
            if (tries == 1)
                break;
        }
        if (chosen < 0 && tries == 1) {
            ss->objective = 0;
            ss->unfilled = easel_arena_printf(
                a,
                "safety first: no allowed intervention serves objective %s for this client, "
                "so this session is kept for completing the safety plan by other means (with "
                "the care team, and with the crisis protocol of the %s setting) before any "
                "other work; see the gaps",
                pl->objectives[0].number, c->setting->name);
            EASEL__CHECK(ss->unfilled);
            continue;
        }
        if (chosen < 0) {
            ss->unfilled = easel_arena_printf(
                a,
                "no allowed %s-phase intervention serves any objective of this plan; see the "
                "gaps and the excluded items",
                easel_vocab_name(EASEL_VOCAB_PHASE, phase));
            EASEL__CHECK(ss->unfilled);
            continue;
        }
        const struct easel_plan_objective *o = &pl->objectives[ss->objective];
        ss->why = why_main(c, chosen, o, phase, exact, (int)s);
        EASEL__CHECK(ss->why && !a->failed);
        int w =
            warm_slot ? best_edge(c, &warmups, EASEL_ROLE_WARMUP, phase, warm_slot, (int)s) : -1;
        int cl = best_edge(c, &closures, EASEL_ROLE_CLOSURE, phase, close_slot, (int)s);
        int main_minutes = pl->session_minutes - ss->processing_minutes - (w >= 0 ? warm_slot : 0) -
                           (cl >= 0 ? close_slot : 0);
        if (place(c, &ss->main, chosen, main_minutes, (int)s) ||
            place(c, &ss->warmup, w, w >= 0 ? warm_slot : 0, (int)s) ||
            place(c, &ss->closure, cl, cl >= 0 ? close_slot : 0, (int)s))
            return EASEL_ENOMEM;
        pl->objectives[ss->objective].sessions_served++;
    }
    for (size_t k = 0; k < n_obj; k++) {
        struct easel_plan_objective *o = &pl->objectives[k];
        if (o->sessions_served)
            continue;
        bool any = false;
        for (int ph = 0; ph < EASEL_PHASE_COUNT && !any; ph++)
            for (size_t j = 0; j < cand[k].n && !any; j++)
                any = allowed(c, cand[k].items[j], EASEL_ROLE_MAIN, ph, true);
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
    for (size_t i = 0; i < c->kb->n_interventions; i++) {
        struct easel_plan_verdict *v = &pl->interventions[i];
        if (c->plan->excluded[i])
            continue;
        const struct easel_intervention *in = &c->kb->interventions[i];
        if (c->uses[i]) {
            const char *list = NULL;
            for (size_t s = 0; s < pl->n_sessions; s++) {
                const struct easel_plan_session *ss = &pl->sessions[s];
                const char *role = ss->main.intervention == (int)i      ? "main"
                                   : ss->warmup.intervention == (int)i  ? "warm-up"
                                   : ss->closure.intervention == (int)i ? "closure"
                                                                        : NULL;
                if (role)
                    list = list ? easel_arena_printf(a, "%s, %d (%s)", list, ss->number, role)
                                : easel_arena_printf(a, "%d (%s)", ss->number, role);
            }
            v->verdict = EASEL_VERDICT_INCLUDED;
            v->reason = easel_arena_printf(a, "placed in session %s", list);
        } else if ((in->goal_tags & c->plan_tags) || !(in->roles & EASEL_BIT(EASEL_ROLE_MAIN))) {
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
