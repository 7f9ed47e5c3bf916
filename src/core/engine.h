/*
 * core/engine.h — internal: the working state the planning steps share while one plan is
 * built. Only src/core/plan*.c and the step files include it.
 *
 * Owns: arrays in plan->arena (freed with the plan). Borrows: kb, profile.
 */
#ifndef EASEL_CORE_ENGINE_H
#define EASEL_CORE_ENGINE_H

#include "easel/plan.h"
#include "easel/vocab.h"

struct easel__resolved { /* an intervention's media for this client, after substitution */
    const struct easel_media_use *uses; /* the KB's list (not copied) */
    size_t n;
    struct easel_plan_sub *subs; /* allocated only when a medium is replaced */
    size_t n_subs;
    int fluidity;             /* highest fluidity among its media, 0 if none */
    int64_t cost_per_session; /* consumables for all participants, cents */
};

/* The medium actually used for use u of a resolved intervention. */
static inline int easel__medium_at(const struct easel__resolved *r, size_t u)
{
    int m = r->uses[u].medium;
    for (size_t k = 0; k < r->n_subs; k++)
        if (r->subs[k].from == m)
            return r->subs[k].to;
    return m;
}

struct easel__ctx {
    struct easel_plan *plan;
    const struct easel_kb *kb;
    const struct easel_profile *profile;
    const struct easel_setting *setting;
    uint32_t flags;
    uint32_t hazards_setting;     /* hazards the setting excludes */
    const char **medium_excluded; /* per medium: reason or NULL */
    const char **int_excluded;    /* per intervention: reason or NULL */
    struct easel__resolved *res;  /* per intervention */
    int *uses, *last_used;        /* per intervention, while sequencing */
    int main_minutes_max;         /* time a main directive can have */
    uint64_t plan_tags;           /* union of the objectives' goal tags */
    int *static_score;            /* per intervention: the session-independent part of its score */
    int etc_level;                /* the client's ETC level from art assessments, -1 when unknown */
    char start_date[11];
    int64_t start_days;
};

/* constraints.c — step 1: hard constraints on media and interventions. */
int easel__constraints(struct easel__ctx *c);
/* objectives.c — steps 2 and 5: safety first, goals, SMART objectives, risk flags. */
int easel__objectives(struct easel__ctx *c);
/* program.c — steps 3, 4, 6: phases, ranking, session-by-session program, gaps. */
int easel__program(struct easel__ctx *c);
/* supplies.c — step 6: supplies list with quantities and cost. */
int easel__supplies(struct easel__ctx *c);
/* program.c — whether intervention i may be used as `role` in a session of `phase`, and why
   not (static reason in *why). */
int easel__phase_of(const struct easel__ctx *c, int session_index);
int easel__fluidity_cap(const struct easel__ctx *c, int phase);

#define EASEL__CHECK(p)                                                                            \
    do {                                                                                           \
        if (!(p))                                                                                  \
            return EASEL_ENOMEM;                                                                   \
    } while (0)

#endif
