/*
 * easel/profile.h — one client's profile, the engine's input (docs/profile.md), with KB ids
 * resolved to indices, and the flags and abilities the engine derives from it.
 *
 * Owns: strings and arrays in `arena`, freed by easel_profile_release.
 * Borrows: indices refer to the struct easel_kb it was parsed against; keep that KB alive.
 * Fails: easel_profile_derive never fails; parsing lives in src/kb (profile_load.h).
 */
#ifndef EASEL_PROFILE_H
#define EASEL_PROFILE_H

#include "easel/arena.h"
#include "easel/kb.h"

#include <stdbool.h>
#include <stdint.h>

#define EASEL_PROFILE_MAX_PROBLEMS 8
#define EASEL_PROFILE_MAX_ITEMS 32

enum easel_level4 { EASEL_L_NONE, EASEL_L_MILD, EASEL_L_MODERATE, EASEL_L_SEVERE };
enum easel_verbal {
    EASEL_VERBAL_FLUENT,
    EASEL_VERBAL_LIMITED,
    EASEL_VERBAL_MINIMAL,
    EASEL_VERBAL_NONVERBAL
};
enum easel_regulation { EASEL_REG_ADEQUATE, EASEL_REG_LIMITED, EASEL_REG_POOR };
/* risk levels: none, history, current; suicide adds ideation and plan */
enum easel_risk_level {
    EASEL_RISK_NONE,
    EASEL_RISK_HISTORY,
    EASEL_RISK_CURRENT,
    EASEL_RISK_IDEATION,
    EASEL_RISK_PLAN
};
enum easel_trauma { EASEL_TRAUMA_NONE, EASEL_TRAUMA_SINGLE, EASEL_TRAUMA_COMPLEX };

enum easel_risk_kind {
    EASEL_RISKK_SELF_HARM,
    EASEL_RISKK_SUICIDE,
    EASEL_RISKK_AGGRESSION,
    EASEL_RISKK_SUBSTANCE,
    EASEL_RISKK_INHALANT,
    EASEL_RISKK_MOUTHING,
    EASEL_RISKK_ELOPEMENT,
    EASEL_RISKK_COUNT
};

struct easel_measure_result {
    int instrument;
    const char *informant; /* who answered ("self", "caregiver", "clinician"); NULL: not said */
    char date[11];
    int total;
    int items[EASEL_PROFILE_MAX_ITEMS];
    int n_items; /* 0 when only the total was given */
};

struct easel_art_assessment {
    const char *type;
    char date[11];
    int etc_level; /* -1 unknown */
    const char *notes;
};

enum easel_stage { /* stages of change (plan-quality.md §6 [51]) */
                   EASEL_STAGE_PRECONTEMPLATION,
                   EASEL_STAGE_CONTEMPLATION,
                   EASEL_STAGE_PREPARATION,
                   EASEL_STAGE_ACTION,
                   EASEL_STAGE_MAINTENANCE,
                   EASEL_STAGE_COUNT
};

struct easel_baseline {    /* a baseline recorded for an objective template */
    const char *objective; /* the template's id */
    int value;
    char date[11];
};

struct easel_profile {
    struct easel_arena arena;
    const char *source; /* file name, for messages */
    const char *client;
    int age;
    int setting;
    char start_date[11];
    bool group;
    int group_size, minutes, per_week, count;
    int expected_attendance; /* a group's members expected at a session (format 2); 0: all */
    int problems[EASEL_PROFILE_MAX_PROBLEMS];
    int n_problems;
    struct easel_strlist diagnoses, strengths, interests, client_goals;
    struct easel_measure_result *measures;
    size_t n_measures;
    struct easel_art_assessment *art;
    size_t n_art;
    struct easel_idlist preferred_media, disliked_media, available_materials;
    uint32_t orientation; /* approach mask */
    uint32_t allergies;   /* allergen mask */
    bool sensory[5];      /* tactile, olfactory, noise, visual, hearing */
    int motor, cognition; /* enum easel_level4 */
    int verbal;           /* enum easel_verbal */
    int regulation;       /* enum easel_regulation */
    int risks[EASEL_RISKK_COUNT];
    bool immunocompromised, fatigue, bed_bound, respiratory;
    bool acute_psychosis, mania, dissociation;
    int trauma;
    int64_t budget_cents; /* -1: no budget */
    /* format 2 (docs/profile.md); a format-1 profile leaves these at their defaults */
    int format;              /* 1 or 2 */
    const char *format_note; /* for a format-1 profile: what it cannot say */
    int grip;                /* 0 full, 1 weak, 2 cannot grip */
    int hand_unavailable;    /* 0 none, 1 left, 2 right (an IV line, a cast, paralysis) */
    int cognitive_screen;    /* MMSE-scale score 0-30, -1 when not screened */
    const char *cognitive_screen_name;
    bool sensory_seeking;
    uint32_t texture_hazards; /* the hazards of the textures the client avoids */
    struct easel_strlist avoided_textures;
    bool situational_mutism;
    bool drop_in;                     /* attendance is drop-in: every session stands alone */
    int substance_stage;              /* -1 none, else enum easel_stage */
    struct easel_strlist substances;  /* what the client uses, in words */
    int self_harm_recency_days;       /* -1 unknown */
    uint32_t self_harm_hazards;       /* means named by the self-harm methods */
    int group_age_min, group_age_max; /* a group's age range, 0 when not given */
    struct easel_strlist precautions; /* free text, shown on the plan and every session */
    uint8_t client_goal_problems[EASEL_PROFILE_MAX_ITEMS]; /* per client goal: bit k = the
                                        goal informs problems[k] (format 2); 0: not tied */
    struct easel_baseline *baselines;                      /* recorded baselines of objectives */
    size_t n_baselines;
    bool routine; /* a group's member needs the visual routine (easel_group_merge sets it) */
};

/* Client flags (mask over enum easel_flag) as docs/profile.md defines them. */
uint32_t easel_profile_flags(const struct easel_profile *p, const struct easel_kb *kb);
/* The client needs the same session routine every time, shown as a visual schedule: moderate or
   worse cognitive impairment from age 50 (dementia), or autism (plan-quality.md §3), or
   p->routine. */
bool easel_profile_needs_routine(const struct easel_profile *p, const struct easel_kb *kb);
/* Abilities 1..5 to compare with intervention demands. */
int easel_profile_ability_cognitive(const struct easel_profile *p);
int easel_profile_ability_motor(const struct easel_profile *p);
int easel_profile_ability_verbal(const struct easel_profile *p);
/* Latest administration of an instrument (by date, then order), or NULL. */
const struct easel_measure_result *easel_profile_latest(const struct easel_profile *p,
                                                        int instrument);
void easel_profile_init(struct easel_profile *p);
void easel_profile_release(struct easel_profile *p);

#endif
