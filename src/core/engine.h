/*
 * core/engine.h — internal: the working state the planning steps share while one plan is
 * built. Only src/core/plan*.c, the step files and arena.c (for its two internal
 * functions) include it.
 *
 * Owns: arrays in plan->arena (freed with the plan). Borrows: kb, profile.
 */
#ifndef EASEL_CORE_ENGINE_H
#define EASEL_CORE_ENGINE_H

#include "easel/plan.h"
#include "easel/vocab.h"

/* An intervention that passed the hard constraints (step 1), as steps 3-6 see it. Ranking
   scans these records once per session for every candidate, so the few fields it reads are
   copied here from the 176-byte struct easel_intervention, next to this plan's state for the
   item: 32 bytes, two to a cache line, instead of two or three lines of the KB per candidate.
   One record per allowed intervention, in KB order, in ctx->items; `index` points back into
   kb->interventions for everything else. Masks of phases have bit p set for phase p
   (enum easel_phase); every vocabulary copied into 8 bits here has at most 8 words. */
struct easel__item {
    uint64_t goal_tags;          /* the KB's goal tags */
    int32_t index;               /* in kb->interventions */
    int8_t static_score;         /* session-independent part of its score (-20..28, program.c),
                                    valid once EASEL__ITEM_SCORED is set */
    uint8_t flags;               /* EASEL__ITEM_* */
    uint16_t uses;               /* times placed so far (at most 3 per session) */
    int8_t last_used;            /* session index (< 104) of the last placement, when uses > 0 */
    uint8_t roles;               /* the KB's roles that fit this plan: warm-up and closure
                                    only when min_minutes fits their slot */
    uint8_t etc;                 /* the KB's ETC-level mask */
    uint8_t main_exact;          /* phases whose main directive it may be (its own phases) */
    uint8_t main_fallback;       /* phases it may fill as the nearest earlier phase's item */
    uint8_t edge;                /* phases whose warm-up or closure it may be (given the role) */
    uint16_t n_subs;             /* media replaced for this client */
    struct easel_plan_sub *subs; /* those replacements, NULL when none */
};

enum {
    EASEL__ITEM_PREFERRED = 1 << 0, /* uses a medium the client prefers */
    EASEL__ITEM_DISLIKED = 1 << 1,  /* uses a medium the client dislikes */
    EASEL__ITEM_SCORED = 1 << 2,    /* static_score is computed */
    EASEL__ITEM_TALK = 1 << 3       /* a talk-only technique: no media */
};

/* Medium m, or what replaces it in subs. */
static inline int easel__substitute(const struct easel_plan_sub *subs, size_t n_subs, int m)
{
    for (size_t k = 0; k < n_subs; k++)
        if (subs[k].from == m)
            return subs[k].to;
    return m;
}

/* The medium actually used for use u of intervention `in` (whose record is `it`); -1 when an
   optional role was dropped. */
static inline int easel__medium_at(const struct easel_intervention *in,
                                   const struct easel__item *it, size_t u)
{
    return easel__substitute(it->subs, it->n_subs, in->media[u].medium);
}

/* The quantity of use u per participant per session: a substitute's own `sub_qty` when it has
   one (pre-cut shapes standing in for scissors are consumed, the scissors were not), else the
   KB's quantity. */
static inline int64_t easel__qty_at(const struct easel_kb *kb, const struct easel_intervention *in,
                                    const struct easel__item *it, size_t u)
{
    int m = easel__medium_at(in, it, u);
    if (m >= 0 && m != in->media[u].medium && kb->media[m].sub_qty_milli)
        return kb->media[m].sub_qty_milli;
    return in->media[u].qty_milli;
}

struct easel__ctx {
    struct easel_plan *plan;
    const struct easel_kb *kb;
    const struct easel_profile *profile;
    const struct easel_setting *setting;
    uint32_t flags;
    uint32_t hazards_setting;     /* hazards the setting excludes */
    const char **medium_excluded; /* per medium: reason or NULL */
    uint8_t *medium_prefs;        /* per medium: EASEL__ITEM_PREFERRED, EASEL__ITEM_DISLIKED */
    int warm_slot, close_slot;    /* minutes of a session's warm-up (0: none) and closure */
    int proc_slot;                /* minutes of processing */
    int proc_min, close_min;      /* what processing and closure shrink to for a long directive */
    int proc_grow;                /* minutes processing may gain when a directive is short */
    bool has_final;               /* some allowed item is made for the last session */
    int fluidity_cap[EASEL_PHASE_COUNT]; /* per phase (easel__fluidity_cap) */
    struct easel__item *items;           /* the allowed interventions (step 1), in KB order */
    size_t n_items;
    uint64_t plan_tags;     /* union of the objectives' goal tags */
    int etc_level;          /* the client's ETC level from art assessments, -1 when unknown */
    const char **interests; /* the profile's interests in lowercase (program.c) */
    char start_date[11];
    int64_t start_days;
};

/* Whether a directive may pause and continue in the next session: the setting sees its clients
   again (not a shelter, an acute ward or a hospice), attendance is regular, and the plan has
   room for both halves before its ending. */
static inline bool easel__continuity(const struct easel__ctx *c)
{
    return c->setting->continuity && !c->profile->drop_in && c->plan->n_sessions >= 4;
}

/* A directive that cannot be done in one session's making time and is split over two (its
   parts are the KB's steps up to and after two_sessions.after_step). */
static inline bool easel__needs_two_sessions(const struct easel__ctx *c,
                                             const struct easel_intervention *in)
{
    return in->split_after && in->min_minutes > c->plan->main_minutes_max;
}

/* constraints.c — step 1: hard constraints on media and interventions. */
int easel__constraints(struct easel__ctx *c);
/* objectives.c — steps 2 and 5: safety first, goals, SMART objectives, risk flags. */
int easel__objectives(struct easel__ctx *c);
/* program.c — steps 3, 4, 6: phases, ranking, session-by-session program, gaps. */
int easel__program(struct easel__ctx *c);
/* supplies.c — step 6: supplies list with quantities and cost. */
int easel__supplies(struct easel__ctx *c);
/* program.c — the phase of session `session_index`, and the fluidity cap of a phase. */
int easel__phase_of(const struct easel__ctx *c, int session_index);
int easel__fluidity_cap(const struct easel__ctx *c, int phase);
/* program.c — the phases in which allowed intervention `in` may fill each role (its record's
   masks), given the highest fluidity among its media after substitution. */
void easel__fit_phases(const struct easel__ctx *c, const struct easel_intervention *in,
                       int fluidity, struct easel__item *it);

/* arena.c — like easel_arena_alloc, but the memory is not zeroed: for arrays the engine writes
   in full before reading them. */
void *easel__arena_alloc_raw(struct easel_arena *a, size_t size);
/* arena.c — makes sure the next `size` bytes come without another malloc: when the newest
   chunk has less room, a chunk of at least `size` is added. 0 or EASEL_ENOMEM. */
int easel__arena_reserve(struct easel_arena *a, size_t size);

#define EASEL__CHECK(p)                                                                            \
    do {                                                                                           \
        if (!(p))                                                                                  \
            return EASEL_ENOMEM;                                                                   \
    } while (0)

#endif
