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
    int *media;
    int64_t *qty_milli;
    size_t n;
    struct easel_plan_sub *subs;
    size_t n_subs;
    int fluidity;             /* highest fluidity among its media, 0 if none */
    int64_t cost_per_session; /* consumables for all participants, cents */
};

struct easel__ctx {
    struct easel_plan *plan;
    const struct easel_kb *kb;
    const struct easel_profile *profile;
    const struct easel_setting *setting;
    uint32_t flags;
    uint32_t hazards_setting; /* hazards the setting excludes */
    int max_intensity, max_fluidity;
    const char *intensity_rule, *fluidity_rule, *processing_rule;
    const char **medium_excluded; /* per medium: reason or NULL */
    const char **int_excluded;    /* per intervention: reason or NULL */
    struct easel__resolved *res;  /* per intervention */
    int *uses, *last_used;        /* per intervention, while sequencing */
    int main_minutes_max;         /* time a main directive can have */
    uint64_t plan_tags;           /* union of the objectives' goal tags */
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
