/*
 * easel/plan.h — the planning engine (ARCHITECTURE.md steps 1-7) and the plan it proposes:
 * risk flags, goals, SMART objectives, a phased session-by-session program, a supplies list,
 * and an explanation for every included item and every excluded candidate.
 *
 * Owns: everything in a plan lives in plan->arena, freed by easel_plan_release.
 * Borrows: plan->kb and plan->profile (valid while the plan is used).
 * Fails: easel_plan_build returns EASEL_ENOMEM or EASEL_EINVAL (with err filled); on failure the
 * plan holds nothing and must still be released. Pure and deterministic: same profile + same
 * KB version = the same plan, byte for byte, in every format.
 */
#ifndef EASEL_PLAN_H
#define EASEL_PLAN_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/profile.h"

#include <stdbool.h>
#include <stdint.h>

struct easel_plan_risk {
    int flag;           /* enum easel_flag */
    const char *reason; /* what in the profile raised it */
};

struct easel_plan_objective {
    int problem; /* KB index */
    const struct easel_objective_tpl *tpl;
    const char *number;  /* "1.2" */
    const char *smart;   /* the whole SMART sentence */
    const char *measure; /* how it is measured */
    const char *baseline, *target, *target_date;
    int sessions_served;
};

struct easel_plan_goal {
    int problem;
    const char *long_term_goal;
    size_t first_objective, n_objectives; /* range in plan->objectives */
};

struct easel_plan_sub { /* a medium replaced by an allowed alternative */
    int from, to;       /* KB media indices; to == -1: an optional role dropped with its texts;
                           easel_plan_sub_reason tells why */
};

struct easel_plan_item { /* one intervention placed in a session */
    int intervention;    /* KB index, -1: none */
    int minutes;
    struct easel_plan_sub *subs;
    size_t n_subs;
    const int *media; /* media actually used (after substitution), KB indices */
    const int64_t *qty_milli;
    size_t n_media;
    const int *use; /* parallel to the intervention's media: the medium used for each role, -1
                       for a dropped optional role (what easel_text_render takes) */
    int part;       /* 0: the whole directive; 1 or 2: its first or second session (the KB's
                       steps up to or after two_sessions.after_step) */
};

struct easel_plan_session {
    int number;
    char date[11];
    int phase;     /* enum easel_phase */
    int objective; /* index in plan->objectives; -1 when unfilled, except session 1 of a
                      plan with a risk flag, which is always objective 0 */
    struct easel_plan_item warmup, main, closure;
    int processing_minutes;
    int safety_review;    /* minutes of the safety-plan review at the start, 0: none */
    int ground_rules;     /* minutes of agreeing the group's ground rules (session 1), 0: none */
    int studio_minutes;   /* free making after a directive shorter than its slot */
    bool ending;          /* the ending session: review, the artworks' fate, goodbye */
    bool stand_in;        /* the main item belongs to the nearest earlier phase */
    const char *why;      /* why this main directive, in plain words */
    const char *unfilled; /* non-NULL: why nothing suitable could be placed */
};

struct easel_plan_supply {
    int medium;
    int64_t qty_milli;  /* total units x 1000 needed */
    int64_t units;      /* whole units to have */
    int64_t cost_cents; /* 0 when on hand */
    bool on_hand;
};

enum easel_verdict {
    EASEL_VERDICT_INCLUDED,
    EASEL_VERDICT_EXCLUDED,     /* a hard constraint removed it */
    EASEL_VERDICT_NOT_SELECTED, /* allowed and relevant, ranked lower */
    EASEL_VERDICT_NOT_RELEVANT  /* serves none of this plan's objectives */
};

struct easel_plan_verdict { /* one per KB intervention, and one per KB medium */
    enum easel_verdict verdict;
    const char *reason; /* NULL for an excluded intervention: see easel_plan_reason */
};

/* Why an intervention was excluded: bits of easel_plan.excluded (formatted lazily, so a
   plan over a KB of 10,000 interventions does not write 5,000 sentences nobody reads). */
enum {
    EASEL_X_SETTING = 1 << 0,
    EASEL_X_CONTRA = 1 << 1,
    EASEL_X_AGE = 1 << 2,
    EASEL_X_NOT_GROUP = 1 << 3,
    EASEL_X_NOT_INDIVIDUAL = 1 << 4,
    EASEL_X_COGNITIVE = 1 << 5,
    EASEL_X_MOTOR = 1 << 6,
    EASEL_X_VERBAL = 1 << 7,
    EASEL_X_INTENSITY = 1 << 8,
    EASEL_X_PROCESSING = 1 << 9,
    EASEL_X_MINUTES = 1 << 10,
    EASEL_X_MEDIUM = 1 << 11,
    EASEL_X_FLUIDITY = 1 << 12,
    EASEL_X_REQUIRES = 1 << 13,    /* written only for clients with flags this one lacks */
    EASEL_X_NOT_SETTING = 1 << 14, /* written only for other settings */
    EASEL_X_TEXT = 1 << 15,        /* its text names a hazard excluded for this client */
    EASEL_X_PROBLEM = 1 << 16,     /* written for presenting problems this client lacks */
    EASEL_X_STAGE = 1 << 17        /* written for other stages of change */
};

struct easel_plan_gap {
    int objective;
    const char *reason;
};

enum easel_severity { EASEL_SEV_ERROR, EASEL_SEV_WARNING };

struct easel_finding {
    enum easel_severity severity;
    const char *rule;    /* "hazard-word", "safety-first", ... (docs/plan-checks.md) */
    int session;         /* session number, 0 for the plan as a whole */
    const char *message; /* in words, naming the item and the word or number */
};

struct easel_findings {
    struct easel_finding *items;
    size_t n, n_errors;
};

struct easel_plan {
    struct easel_arena arena;
    const struct easel_kb *kb;
    const struct easel_profile *profile;
    uint32_t flags;
    bool phased, no_processing;
    int session_minutes, per_week, n_sessions_requested, participants;
    int attending; /* participants expected at a session: consumables scale with it */
    struct easel_plan_risk *risks;
    size_t n_risks;
    struct easel_plan_goal *goals;
    size_t n_goals;
    struct easel_plan_objective *objectives;
    size_t n_objectives;
    struct easel_plan_session *sessions;
    size_t n_sessions;
    struct easel_plan_supply *supplies;
    size_t n_supplies;
    int64_t total_cost_cents;
    struct easel_plan_verdict *interventions; /* parallel to kb->interventions */
    uint32_t *excluded;                       /* EASEL_X_* bits, parallel to interventions */
    int *excluded_medium;                     /* medium without an allowed alternative, or -1 */
    int max_intensity, max_fluidity, main_minutes_max;
    const char *intensity_rule, *fluidity_rule, *processing_rule;
    uint32_t hazards_excluded;        /* hazards the setting and the client's rules exclude */
    struct easel_plan_verdict *media; /* parallel to kb->media */
    struct easel_plan_gap *gaps;
    size_t n_gaps;
    struct easel_strlist notes;     /* setting notes and rules carried onto the plan */
    const char *routine;            /* the visual schedule of a routine-dependent client, or NULL */
    const char *safety_note;        /* how safety planning is delivered (e.g. an individual session
                                       before a group), or NULL */
    bool ideation_active;           /* suicidal ideation now: the safety plan is reviewed every
                                       session */
    struct easel_findings findings; /* the plan checker's (easel/plan_rules.h), run by
                                       easel_plan_build */
    const char *budget_note;
};

/* What the therapist does in a safety-plan review (easel's wording, after plan-quality.md §2.2). */
extern const char *const easel_safety_review_text;
/* How a group agrees its ground rules in session 1 (after plan-quality.md §1 I1 [36, 37]). */
extern const char *const easel_ground_rules_text;

struct easel_plan_options {
    int sessions;           /* 0: profile or setting default */
    bool verdicts_only;     /* stop after the hard constraints and the risk flags: the verdicts an
                               edit is checked against (plan recheck), no program or supplies */
    const char *start_date; /* YYYY-MM-DD of session 1; NULL: the profile's start_date */
    uint32_t extra_flags;   /* client flags added to the profile's own: a group's members'
                               (easel/group.h), which exclude items but raise no risk goal */
};

int easel_plan_build(struct easel_plan *plan, const struct easel_kb *kb,
                     const struct easel_profile *profile, const struct easel_plan_options *opt,
                     struct easel_error *err);
void easel_plan_release(struct easel_plan *plan);

enum easel_plan_format { EASEL_PLAN_TEXT, EASEL_PLAN_MARKDOWN, EASEL_PLAN_JSON };

/* Render the whole plan into out (appends). Returns 0 or out's error. */
int easel_plan_render(const struct easel_plan *plan, enum easel_plan_format fmt,
                      struct easel_buf *out);
/* Append the reason for intervention i's verdict (any verdict). */
int easel_plan_reason(const struct easel_plan *plan, int i, struct easel_buf *out);
/* Append why a medium was substituted: "X replaced by Y: <why X is excluded>". */
int easel_plan_sub_reason(const struct easel_plan *plan, const struct easel_plan_sub *sub,
                          struct easel_buf *out);
/* Place intervention i, allowed for this client, into *item (a therapist's addition to a built
   plan): the media used for each role after the engine's substitution, in the plan's arena.
   EASEL_EINVAL for an excluded or unknown intervention, EASEL_ENOMEM. */
int easel_plan_place(struct easel_plan *plan, struct easel_plan_item *item, int intervention,
                     int minutes);
/* Explain one KB item (intervention, medium, problem, rule, setting) for this plan. */
int easel_plan_explain(const struct easel_plan *plan, const char *id, struct easel_buf *out,
                       struct easel_error *err);

/* The form of processing questions this client needs (plan-quality.md §4). */
enum easel_qlevel { EASEL_Q_OPEN, EASEL_Q_CONCRETE, EASEL_Q_CHOICE, EASEL_Q_NONVERBAL };
enum easel_qlevel easel_plan_question_level(const struct easel_plan *plan);
const char *easel_qlevel_name(enum easel_qlevel q);

/* The texts of a placed item as the therapist reads them (core/plan_text.c): every {role}
   written as the medium used, texts of dropped optional roles left out, group steps in a group,
   "the client" as "each member" in a group, questions at the client's level (the item's own
   variant, or easel's generic ones for the level). */
enum easel_text_part { EASEL_TEXT_SUMMARY, EASEL_TEXT_STEPS, EASEL_TEXT_QUESTIONS };
/* Number of texts of that part (1 for the summary). */
size_t easel_plan_item_count(const struct easel_plan *plan, const struct easel_plan_item *item,
                             enum easel_text_part part);
/* Appends text k of that part; returns 0, or 1 when text k is left out (a dropped role). */
int easel_plan_item_text(const struct easel_plan *plan, const struct easel_plan_item *item,
                         enum easel_text_part part, size_t k, struct easel_buf *out);

/* Dates: "YYYY-MM-DD" <-> days since 1970-01-01. Returns -1 / EASEL_EINVAL when invalid. */
int easel_date_parse(const char *s, int64_t *days);
void easel_date_format(int64_t days, char out[11]);

#endif
